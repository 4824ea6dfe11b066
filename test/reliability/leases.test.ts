/**
 * Leases and fencing through signed Flow requests: a delivery stuck on a slow Admin API call past
 * its lease is taken over by a re-send, and from then on it can neither mutate nor overwrite the
 * newer attempt's steps or outcome; a long but healthy run keeps its lease through the heartbeat.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { getRun } from '../../src/db/ledger';
import { SANDBOX_LOCATIONS as L } from '../../src/sandbox/seed';
import { manualClock } from '../helpers/clock';
import { createHarness, SHOP, type Harness } from '../helpers/harness';

const READY = 'partial-fulfill-ready-items';
const MANHATTAN = { countryCode: 'US', provinceCode: 'NY', city: 'New York', zip: '10001', latitude: 40.7506, longitude: -73.9972 };
const LEASE = 30_000;

let h: Harness;
afterEach(async () => h?.close());

/** A promise the test opens by hand, and one that says the paused call got there. */
function gate() {
  let open!: () => void;
  let arrived!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  return { open, opened, reached, arrive: () => arrived() };
}

/** A one-line order that is in stock at its location: one snapshot read, one create. */
function mugOrder() {
  return h.sim.store.addOrder({ shippingAddress: MANHATTAN, lineItems: [{ sku: 'MUG-BLK', quantity: 1 }], locationId: L.newark });
}

const creates = () => h.sim.calls.filter((c) => c.operationName === 'FulfillmentCreate');
const send = (body: string) => h.post(`/flow/actions/${READY}`, body);
const runOf = async (body: string) => (await getRun(h.db, SHOP, JSON.parse(body).action_run_id))!;

describe('reliability: leases and fencing', () => {
  it('a delivery whose create outlasts its lease is taken over; its late writes are refused', async () => {
    const clock = manualClock();
    h = await createHarness({ clock, leaseMs: LEASE, timeBudgetMs: 20_000 });
    const order = mugOrder();
    // The first create stalls at Shopify (not applied yet) while the lease runs out.
    const stall = gate();
    let seen = 0;
    h.sim.faults.beforeOperation = async (name) => {
      if (name === 'FulfillmentCreate' && ++seen === 1) {
        stall.arrive();
        await stall.opened;
      }
    };
    const body = h.flowBody(READY, { order_id: order.id });
    const stale = send(body);
    await stall.reached;
    clock.advance(LEASE + 1000);

    const newer = await send(body);
    expect(newer.status, JSON.stringify(newer.json)).toBe(200);
    const won = await runOf(body);
    expect(won).toMatchObject({ status: 'succeeded', attempts: 2, responseStatus: 200 });

    // The stale create now reaches Shopify, which refuses it (the order is fulfilled): the stale
    // attempt would record a 422 and fire "needs attention"; both are refused.
    stall.open();
    const late = await stale;
    expect(late).toEqual(newer);
    const after = await runOf(body);
    expect(after.steps).toEqual(won.steps);
    expect(after).toMatchObject({
      status: 'succeeded',
      attempts: 2,
      responseStatus: 200,
      responseBody: newer.json,
      errorCode: null,
      updatedAt: won.updatedAt,
    });
    expect(after.steps!.map((s) => s.state)).not.toContain('failed');
    expect(h.sim.store.flowTriggers).toEqual([]);
    expect(h.sim.store.fulfillments(order.id)).toHaveLength(1);
    expect(h.logs.some((line) => line.includes('run taken over by a newer attempt') && line.includes('"attempt":1'))).toBe(true);
  });

  it('a superseded delivery stops before its next mutation and answers with the newer outcome', async () => {
    const clock = manualClock();
    h = await createHarness({ clock, leaseMs: LEASE, timeBudgetMs: 20_000 });
    const order = mugOrder();
    // The first snapshot read is answered late: the stale attempt plans from a state that is gone.
    const slow = gate();
    let reads = 0;
    h.onAnswer(async (name) => {
      if (name === 'FulfillmentSnapshot' && ++reads === 1) {
        slow.arrive();
        await slow.opened;
      }
    });
    const body = h.flowBody(READY, { order_id: order.id });
    const stale = send(body);
    await slow.reached;
    clock.advance(LEASE + 1000);
    const newer = await send(body);
    expect(newer.status, JSON.stringify(newer.json)).toBe(200);
    const won = await runOf(body);

    slow.open();
    expect(await stale).toEqual(newer);
    // Its step save found the run taken over: the create was never sent.
    expect(creates()).toHaveLength(1);
    expect(h.sim.store.fulfillments(order.id)).toHaveLength(1);
    expect(await runOf(body)).toEqual(won);
  });

  it('the heartbeat keeps a long but healthy run from being taken over', async () => {
    // Real time: a 300 ms lease renewed every 100 ms, and a snapshot read that takes 900 ms.
    h = await createHarness({ leaseMs: 300, adminTimeoutMs: 5000 });
    const order = mugOrder();
    const slow = gate();
    let reads = 0;
    h.onAnswer(async (name) => {
      if (name === 'FulfillmentSnapshot' && ++reads === 1) {
        slow.arrive();
        await new Promise((resolve) => setTimeout(resolve, 900));
      }
    });
    const body = h.flowBody(READY, { order_id: order.id });
    const first = send(body);
    await slow.reached;
    await new Promise((resolve) => setTimeout(resolve, 500));
    // Past the first lease: without renewal this re-send would take the run over.
    const resend = await send(body);
    expect(resend.status, JSON.stringify(resend.json)).toBe(202);
    expect(resend.json.reason).toBe('in_progress');

    const done = await first;
    expect(done.status, JSON.stringify(done.json)).toBe(200);
    expect(await runOf(body)).toMatchObject({ status: 'succeeded', attempts: 1, leaseUntil: null });
    expect(creates()).toHaveLength(1);
  });
});
