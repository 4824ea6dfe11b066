/**
 * The libSQL file busy: another writer (the CLI, a second server) holds the write lock. A delivery
 * waits for it and succeeds, or — past the busy timeout — answers 503 database_busy, which Flow retries; the
 * ledger never loses the run and the order is changed once.
 */
import Database from 'libsql';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { getRun } from '../../src/db/ledger';
import { SANDBOX_ORDERS as O } from '../../src/sandbox/seed';
import { createHarness, SHOP, type Harness } from '../helpers/harness';

let h: Harness;
let other: InstanceType<typeof Database> | undefined;
afterEach(async () => {
  if (other?.inTransaction) other.exec('ROLLBACK');
  other?.close();
  other = undefined;
  await h?.close();
});

/** A second connection to the harness's database file holding the write lock (BEGIN IMMEDIATE). */
async function lockDatabase(): Promise<{ release: () => void }> {
  const [main] = (await h.db.all(sql`pragma database_list`)) as { name: string; file: string }[];
  other = new Database(main!.file);
  other.exec('BEGIN IMMEDIATE');
  other.exec(`insert into settings (key, value, updated_at) values ('lock-holder', 'x', 0) on conflict do nothing`);
  return { release: () => other!.exec('COMMIT') };
}

const UPS = '1Z999AA10123456784';

describe('reliability: database busy', () => {
  it('a lock released while the delivery waits: 200, or 503 whose re-send finishes the run once', async () => {
    h = await createHarness({ timeBudgetMs: 9000, adminBudgetMs: 8500 });
    const lock = await lockDatabase();
    const body = h.flowBody('add-tracking', { order_id: O.fulfilledNoTracking, tracking_number: UPS });
    const runId = JSON.parse(body).action_run_id as string;
    const pending = h.post('/flow/actions/add-tracking', body);
    await new Promise((r) => setTimeout(r, 1500));
    // In WAL mode the app's write waits for the lock (busy timeout 5 s) and goes through once it is released.
    lock.release();
    const first = await pending;
    if (first.status !== 200) {
      expect(first.status).toBe(503);
      expect(first.json.error).toMatchObject({ code: 'database_busy', message: expect.any(String) });
      const again = await h.post('/flow/actions/add-tracking', body);
      expect(again.status).toBe(200);
    }
    expect(await getRun(h.db, SHOP, runId)).toMatchObject({ status: 'succeeded' });
    expect(h.mutations()).toHaveLength(1);
  }, 60_000);

  it('past the busy timeout the delivery gets 503, and the re-send finishes the run once', async () => {
    h = await createHarness({ timeBudgetMs: 9000, adminBudgetMs: 8500 });
    const lock = await lockDatabase();
    const body = h.flowBody('add-tracking', { order_id: O.fulfilledNoTracking, tracking_number: UPS });
    const runId = JSON.parse(body).action_run_id as string;
    const first = await h.post('/flow/actions/add-tracking', body);
    // libSQL's 5 s busy timeout ran out: 503 database_busy, which Flow retries.
    expect(first.status).toBe(503);
    expect(first.json.error).toMatchObject({ code: 'database_busy', message: expect.any(String) });
    lock.release();
    // Nothing half-done: the order was not touched without a ledger row.
    const before = await getRun(h.db, SHOP, runId);
    if (!before) expect(h.mutations()).toHaveLength(0);
    const again = await h.post('/flow/actions/add-tracking', body);
    expect(again.status).toBe(200);
    expect(await getRun(h.db, SHOP, runId)).toMatchObject({ status: 'succeeded' });
    expect(h.mutations()).toHaveLength(1);
    expect(h.sim.store.fulfillments(O.fulfilledNoTracking)[0]!.trackingInfo.map((t) => t.number)).toEqual([UPS]);
  }, 60_000);
});
