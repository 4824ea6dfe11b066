/** One run per order at a time, at the SQL level over a real libSQL file. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteShopData, redactOrderRuns } from '../../src/db/compliance';
import { claimRun, finishRun } from '../../src/db/ledger';
import { lockOrder } from '../../src/db/order-locks';
import { orderLocks, type RunRow } from '../../src/db/schema';
import { openTempDatabase, type TempDatabase } from '../helpers/temp-database';

const SHOP = 'locks.myshopify.com';
const ORDER = 'gid://shopify/Order/1001';
const LEASE = 30_000;
const T0 = Date.parse('2026-11-27T12:00:00Z');
let opened: TempDatabase;

beforeEach(async () => {
  opened = await openTempDatabase('locks');
});
afterEach(() => opened.close());

async function claim(actionRunId: string, now = T0): Promise<RunRow> {
  const claimed = await claimRun(opened.db, {
    shop: SHOP,
    actionRunId,
    handle: 'add-tracking',
    orderId: ORDER,
    properties: {},
    now,
    leaseMs: LEASE,
  });
  if (claimed.kind !== 'execute') throw new Error(`not claimed: ${claimed.kind}`);
  return claimed.run;
}
const key = (run: RunRow, orderId = ORDER) => ({ shop: SHOP, orderId, runId: run.id });

describe('order locks', () => {
  it('one live run holds an order; another is refused until the holder finishes', async () => {
    const a = await claim('a');
    const b = await claim('b');
    expect(await lockOrder(opened.db, key(a), T0)).toBe(true);
    expect(await lockOrder(opened.db, key(a), T0 + 1)).toBe(true); // its own again
    expect(await lockOrder(opened.db, key(b), T0 + 2)).toBe(false);
    expect(await lockOrder(opened.db, key(b, 'gid://shopify/Order/1002'), T0 + 2)).toBe(true); // another order is free
    await finishRun(opened.db, a, {
      status: 'succeeded',
      responseStatus: 200,
      responseBody: {},
      adminCalls: [],
      durationMs: 1,
      now: T0 + 3,
    });
    expect(await lockOrder(opened.db, key(b), T0 + 4)).toBe(true);
    expect(await opened.db.select().from(orderLocks)).toEqual([
      { shop: SHOP, orderId: ORDER, runId: b.id },
      { shop: SHOP, orderId: 'gid://shopify/Order/1002', runId: b.id },
    ]);
  });

  it('a holder that crashed frees the order when its lease runs out', async () => {
    const a = await claim('a');
    const b = await claim('b');
    expect(await lockOrder(opened.db, key(a), T0)).toBe(true);
    expect(await lockOrder(opened.db, key(b), T0 + LEASE)).toBe(false);
    expect(await lockOrder(opened.db, key(b), T0 + LEASE + 1)).toBe(true);
  });

  it('of many runs racing for a free order, exactly one gets it', async () => {
    const runs = await Promise.all(Array.from({ length: 20 }, (_, i) => claim(`r${i}`)));
    const got = await Promise.all(runs.map((run) => lockOrder(opened.db, key(run), T0 + 1)));
    expect(got.filter(Boolean)).toHaveLength(1);
  });

  it('are erased with the order (customers/redact) and with the shop (shop/redact)', async () => {
    const a = await claim('a');
    await lockOrder(opened.db, key(a), T0);
    await redactOrderRuns(opened.db, SHOP, [ORDER], T0 + 1);
    expect(await opened.db.select().from(orderLocks)).toEqual([]);
    await lockOrder(opened.db, key(a, 'gid://shopify/Order/7'), T0 + 2);
    await deleteShopData(opened.db, SHOP);
    expect(await opened.db.select().from(orderLocks)).toEqual([]);
  });
});
