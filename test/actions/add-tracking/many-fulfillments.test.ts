/**
 * "Add tracking" on orders with many fulfillments. Shopify's `Order.fulfillments` is a plain list
 * cut to `first` (no cursor), so the newest fulfillment of a big order may lie past the first
 * read: the action reads again, once, when the first read came back full.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FULFILLMENTS_FIRST_READ, FULFILLMENTS_MAX } from '../../../src/actions/add-tracking/documents';
import { SANDBOX_LOCATIONS as L } from '../../../src/sandbox/seed';
import { createHarness, type Harness } from '../../helpers/harness';
import { manualClock, type ManualClock } from '../../helpers/clock';

const UPS = '1Z999AA10123456784';
let h: Harness;
let clock: ManualClock;
beforeEach(async () => {
  clock = manualClock();
  h = await createHarness({ clock });
});
afterEach(async () => h?.close());

/** An order shipped one unit at a time, a minute apart: `count` fulfillments, each with its own number. */
function shippedPieceByPiece(count: number) {
  const order = h.sim.store.addOrder({ lineItems: [{ sku: 'MUG-BLK', quantity: count }], locationId: L.newark, commitInventory: false });
  for (let i = 1; i <= count; i++) {
    h.sim.store.fulfill(order.id, { lines: [{ line: 0, quantity: 1 }], trackingInfo: { number: `PIECE${i}`, company: 'UPS' } });
    clock.advance(60_000);
  }
  h.sim.resetCalls();
  return { order, fulfillments: h.sim.store.fulfillments(order.id) };
}

const calls = () => h.sim.calls.map((c) => ({ name: c.operationName, requested: c.requestedQueryCost }));

describe('add-tracking on an order with many fulfillments', () => {
  it('a typical order is still one read of 167 requested points and one write', async () => {
    const { order, fulfillments } = shippedPieceByPiece(FULFILLMENTS_FIRST_READ - 1);
    const res = await h.addTracking({ order_id: order.id, tracking_number: UPS });
    expect(res.status).toBe(200);
    expect(res.json.return_value).toMatchObject({ outcome: 'added', fulfillmentId: fulfillments.at(-1)!.id });
    expect(calls()).toEqual([
      { name: 'AddTrackingOrder', requested: 167 },
      { name: 'AddTrackingUpdate', requested: expect.any(Number) },
    ]);
  });

  it('adds the number to the newest of 25 fulfillments, which the first read does not reach', async () => {
    const { order, fulfillments } = shippedPieceByPiece(25);
    const newest = fulfillments.at(-1)!;
    const res = await h.addTracking({ order_id: order.id, tracking_number: UPS });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.return_value).toMatchObject({ outcome: 'added', fulfillmentId: newest.id, trackingNumbers: ['PIECE25', UPS] });
    expect(h.sim.store.fulfillment(newest.id)!.trackingInfo.map((t) => t.number)).toEqual(['PIECE25', UPS]);
    // The older fulfillments are untouched.
    expect(fulfillments.slice(0, -1).every((f) => h.sim.store.fulfillment(f.id)!.trackingUpdates.length === 0)).toBe(true);
    // One extra read, well under Shopify's 1,000-point single-query limit.
    const [first, rest, update] = calls();
    expect([first!.name, rest!.name, update!.name]).toEqual(['AddTrackingOrder', 'AddTrackingFulfillments', 'AddTrackingUpdate']);
    expect(first!.requested).toBe(167);
    expect(rest!.requested).toBeLessThan(1000);
  });

  it('sees a number already on a fulfillment past the first read: a no-op', async () => {
    const { order } = shippedPieceByPiece(30);
    const res = await h.addTracking({ order_id: order.id, tracking_number: 'piece 23' });
    expect(res.status).toBe(200);
    expect(res.json.return_value).toMatchObject({ outcome: 'already_present', trackingNumbers: ['PIECE23'] });
    expect(h.mutations()).toHaveLength(0);
  });

  it(`refuses, changing nothing, an order with ${FULFILLMENTS_MAX} fulfillments or more (Shopify gives no more at once)`, async () => {
    const { order } = shippedPieceByPiece(FULFILLMENTS_MAX);
    const res = await h.addTracking({ order_id: order.id, tracking_number: UPS });
    expect(res.status).toBe(422);
    expect(res.json.error).toMatchObject({
      code: 'order_too_large',
      message: expect.stringContaining(`${FULFILLMENTS_MAX} or more fulfillments`),
    });
    expect(h.mutations()).toHaveLength(0);
  });
});
