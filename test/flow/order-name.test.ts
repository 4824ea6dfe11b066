// The ledger records the order's name (#2041) that the run's own Admin API read returned, whatever
// the outcome after that read; runs refused before it keep only the order id.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getRun } from '../../src/db/ledger';
import { SANDBOX_LOCATIONS as L } from '../../src/sandbox/seed';
import { createHarness, newRunId, SHOP, type Harness } from '../helpers/harness';

const UPS = '1Z999AA10123456784';
let h: Harness;

const send = (handle: string, properties: Record<string, unknown>, over: Record<string, unknown> = {}) =>
  h.post(`/flow/actions/${handle}`, h.flowBody(handle, properties, over));
const runOf = async (actionRunId: string) => (await getRun(h.db, SHOP, actionRunId))!;

/** An order whose id (5550001…) is not its number, as on a real store. */
function addOrder(id: number, name: string, extra: Record<string, unknown> = {}) {
  return h.sim.store.addOrder({ id, name, lineItems: [{ sku: 'TEE-M', quantity: 1, price: '25.00' }], locationId: L.newark, ...extra });
}

beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h?.close();
});

describe('order name in the run ledger', () => {
  it('is recorded for each action, as the read returned it, not made from the id', async () => {
    addOrder(5550001, '#2041');
    addOrder(5550002, '#2042');
    addOrder(5550003, '#2043');
    const cases = [
      { handle: 'add-tracking', properties: { order_id: 5550001, tracking_number: UPS, fulfill_if_needed: true }, name: '#2041' },
      { handle: 'fulfill-from-best-location', properties: { order_id: 'gid://shopify/Order/5550002' }, name: '#2042' },
      { handle: 'partial-fulfill-ready-items', properties: { order_id: '5550003' }, name: '#2043' },
    ];
    for (const c of cases) {
      const id = newRunId();
      const res = await send(c.handle, c.properties, { action_run_id: id });
      expect(res.status, c.handle).toBe(200);
      expect(await runOf(id), c.handle).toMatchObject({
        status: 'succeeded',
        orderId: `gid://shopify/Order/${String(c.properties.order_id).replace(/\D/g, '')}`,
        orderName: c.name,
      });
    }
  });

  it('is recorded when the run fails or waits after reading the order', async () => {
    addOrder(5550001, '#2041');
    const failed = newRunId();
    expect((await send('add-tracking', { order_id: 5550001, tracking_number: UPS }, { action_run_id: failed })).status).toBe(422);
    expect(await runOf(failed)).toMatchObject({ status: 'failed', errorCode: 'no_fulfillment', orderName: '#2041' });

    addOrder(5550009, '#2049', { fulfillmentOrders: 'none' });
    const waiting = newRunId();
    expect(
      (await send('add-tracking', { order_id: 5550009, tracking_number: UPS, fulfill_if_needed: true }, { action_run_id: waiting })).status,
    ).toBe(202);
    expect(await runOf(waiting)).toMatchObject({ status: 'pending', orderName: '#2049' });

    // Flow re-sends it and this attempt fails before its read: the name read earlier stays.
    h.sim.faults.beforeOperation = () => new Response('{}', { status: 423 });
    expect(
      (await send('add-tracking', { order_id: 5550009, tracking_number: UPS, fulfill_if_needed: true }, { action_run_id: waiting })).status,
    ).toBe(422);
    expect(await runOf(waiting)).toMatchObject({ status: 'failed', errorCode: 'shop_unavailable', attempts: 2, orderName: '#2049' });
  });

  it('stays null for runs refused before the order was read', async () => {
    const invalid = newRunId();
    expect((await send('add-tracking', { order_id: 5550001 }, { action_run_id: invalid })).status).toBe(400);
    const missing = newRunId();
    expect((await send('add-tracking', { order_id: 5550404, tracking_number: UPS }, { action_run_id: missing })).status).toBe(422);
    expect(await runOf(invalid)).toMatchObject({ status: 'failed', orderId: '5550001', orderName: null });
    expect(await runOf(missing)).toMatchObject({ status: 'failed', errorCode: 'order_not_found', orderName: null });
  });
});
