/** GDPR/compliance deletions: a customer's order details in the ledger, or everything of a shop. */
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from './database';
import { deleteRunLocations, deleteShopRunLocations, REDACTED_FACTS } from './run-facts';
import { orderLocks, ruleChanges, rules, ruleVersions, runDays, runLocationDays, runs, sessions, shops } from './schema';

/**
 * Drops the details of a shop's runs for these orders (GIDs): the order's name, properties, plan,
 * explanation, steps, Admin API call log, response body, analytics facts and location rows. The rows stay with their status and error code
 * so run counts and the overview stay right. A run still waiting to resume cannot without its
 * properties, so it is closed as failed. Returns how many runs were redacted; safe to repeat.
 */
export async function redactOrderRuns(db: Database, shop: string, orderIds: readonly string[], now: number): Promise<number> {
  if (orderIds.length === 0) return 0;
  let count = 0;
  // Chunks keep each statement well under SQLite's bound-parameter limit.
  for (let i = 0; i < orderIds.length; i += 200) {
    const chunk = orderIds.slice(i, i + 200);
    const where = and(eq(runs.shop, shop), inArray(runs.orderId, chunk));
    const [closed, redacted] = await db.batch([
      db
        .update(runs)
        .set({
          status: 'failed',
          leaseUntil: null,
          errorCode: 'redacted',
          errorMessage: 'The customer asked for their data to be erased before this run finished; it will not resume.',
          finishedAt: now,
        })
        .where(and(where, inArray(runs.status, ['pending', 'running']))),
      db
        .update(runs)
        .set({
          orderName: null,
          properties: null,
          plan: null,
          explanation: null,
          steps: null,
          responseBody: null,
          adminCalls: null,
          ...REDACTED_FACTS,
          updatedAt: now,
        })
        .where(where)
        .returning({ id: runs.id }),
      db.delete(orderLocks).where(and(eq(orderLocks.shop, shop), inArray(orderLocks.orderId, chunk))),
    ]);
    void closed;
    if (redacted.length > 0)
      await deleteRunLocations(
        db,
        shop,
        redacted.map((r) => r.id),
      );
    count += redacted.length;
  }
  return count;
}

/** Deletes everything flowfill holds for a shop, in one batch: runs and their location rows, rules, their history, sessions, the shop row. */
export async function deleteShopData(db: Database, shop: string): Promise<void> {
  await db.batch([
    db.delete(runs).where(eq(runs.shop, shop)),
    deleteShopRunLocations(db, shop),
    // The triggers have emptied them already; this leaves nothing behind even if a row was out of step.
    db.delete(runDays).where(eq(runDays.shop, shop)),
    db.delete(runLocationDays).where(eq(runLocationDays.shop, shop)),
    db.delete(orderLocks).where(eq(orderLocks.shop, shop)),
    db.delete(ruleChanges).where(eq(ruleChanges.shop, shop)),
    db.delete(ruleVersions).where(eq(ruleVersions.shop, shop)),
    db.delete(rules).where(eq(rules.shop, shop)),
    db.delete(sessions).where(eq(sessions.shop, shop)),
    db.delete(shops).where(eq(shops.domain, shop)),
  ]);
}
