/**
 * One run at a time per order, for actions that read and rewrite a list Shopify replaces whole
 * (a fulfillment's tracking). The lock row names its run; it is free once that run is no longer
 * `running` with a live lease: the run's own outcome write frees it (no statement of its own), a
 * crashed holder frees it when its lease runs out, and the heartbeat keeps it while the holder
 * works. Taking it is one conditional upsert: of runs racing for a free lock exactly one gets it.
 * Rows stay (one per order) until customers/redact or shop/redact erase them.
 */
import { sql } from 'drizzle-orm';
import type { Database } from './database';
import { placeholder as $, prepared } from './prepared';
import { orderLocks } from './schema';

export interface OrderLockKey {
  shop: string;
  orderId: string;
  runId: number;
}

/** Takes (or keeps) the order's lock for `runId`; false while another live run holds it. */
export async function lockOrder(db: Database, key: OrderLockKey, now: number): Promise<boolean> {
  // Prepared once per database (src/db/prepared.ts): on every add-tracking run's path, and drizzle
  // building this upsert each time was ~1.3 % of a request's CPU in the load profile.
  const upsert = prepared(db, 'orderLocks.lock', () =>
    db
      .insert(orderLocks)
      .values({ shop: $('shop'), orderId: $('orderId'), runId: $('runId') })
      .onConflictDoUpdate({
        target: [orderLocks.shop, orderLocks.orderId],
        set: { runId: sql`excluded.run_id` },
        setWhere: sql`${orderLocks.runId} = excluded.run_id OR NOT EXISTS (SELECT 1 FROM runs WHERE runs.id = ${orderLocks.runId} AND runs.status = 'running' AND runs.lease_until >= ${sql.placeholder('now')})`,
      })
      .returning({ runId: orderLocks.runId })
      .prepare(),
  );
  const rows = await upsert.all({ shop: key.shop, orderId: key.orderId, runId: key.runId, now });
  return rows[0]?.runId === key.runId;
}
