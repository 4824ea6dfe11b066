/**
 * Shopify answers that leave a call's effect unknown, through signed Flow requests: HTTP 200 with
 * INTERNAL_SERVER_ERROR, and a request that hangs past the Admin client's timeout. A read is
 * retried; a mutation makes the run pending (202, its step left 'started'), and the re-send
 * re-reads and ends with exactly one fulfillment whether or not the lost create had landed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { getRun } from '../../src/db/ledger';
import { SANDBOX_LOCATIONS as L } from '../../src/sandbox/seed';
import { createHarness, SHOP, type Harness } from '../helpers/harness';

const BEST = 'fulfill-from-best-location';
const MANHATTAN = { countryCode: 'US', provinceCode: 'NY', city: 'New York', zip: '10001', latitude: 40.7506, longitude: -73.9972 };

let h: Harness;
afterEach(async () => h?.close());

/** Shopify's answer when it failed on its side: HTTP 200, the root null, INTERNAL_SERVER_ERROR. */
function internalError(root: string): Response {
  const body = {
    errors: [
      {
        message: 'Internal error. Looks like something went wrong on our end.\nRequest ID: test',
        path: [root],
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'test' },
      },
    ],
    data: { [root]: null },
  };
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const send = (body: string) => h.post(`/flow/actions/${BEST}`, body);
const runOf = async (body: string) => (await getRun(h.db, SHOP, JSON.parse(body).action_run_id))!;
const calls = (name: string) => h.sim.calls.filter((c) => c.operationName === name);

/** An order that must move to Los Angeles (the tote is only stocked there), then be fulfilled. */
function toteOrder() {
  return h.sim.store.addOrder({ shippingAddress: MANHATTAN, lineItems: [{ sku: 'TOTE-NAT', quantity: 1 }], locationId: L.newark });
}

/** The first answer is 202 mutation_outcome_unknown with the create step left 'started'; then the re-send. */
async function expectUnknownThenResume(body: string, orderId: string) {
  const first = await send(body);
  expect(first.status, JSON.stringify(first.json)).toBe(202);
  expect(first.json).toMatchObject({ status: 'pending', reason: 'mutation_outcome_unknown' });
  const pending = await runOf(body);
  expect(pending.status).toBe('pending');
  expect(pending.steps!.filter((s) => s.name === 'FulfillmentCreate').map((s) => s.state)).toEqual(['started']);
  h.sim.faults.beforeOperation = undefined;
  h.onAnswer(undefined);
  const resumed = await send(body);
  expect(resumed.status, JSON.stringify(resumed.json)).toBe(200);
  const fulfillments = h.sim.store.fulfillments(orderId);
  expect(fulfillments).toHaveLength(1);
  expect(resumed.json.return_value).toMatchObject({
    outcome: 'fulfilled',
    locationId: L.losAngeles,
    fulfillmentIds: [fulfillments[0]!.id],
  });
  expect(await runOf(body)).toMatchObject({ status: 'succeeded', attempts: 2 });
  // One move in all: the resumed run kept the order where the first attempt had moved it.
  expect(calls('FulfillmentOrderMove')).toHaveLength(1);
  return resumed;
}

describe('reliability: HTTP 200 with INTERNAL_SERVER_ERROR', () => {
  it('on the snapshot read: retried like a 5xx, and the run succeeds', async () => {
    h = await createHarness();
    const order = toteOrder();
    let reads = 0;
    h.sim.faults.beforeOperation = (name) => (name === 'FulfillmentSnapshot' && ++reads <= 2 ? internalError('order') : undefined);
    const res = await send(h.flowBody(BEST, { order_id: order.id }));
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.return_value).toMatchObject({ outcome: 'fulfilled', locationId: L.losAngeles });
    expect(calls('FulfillmentSnapshot')).toHaveLength(3);
    expect(h.sim.store.fulfillments(order.id)).toHaveLength(1);
  });

  it('on fulfillmentCreate, not applied: 202, step started, the re-send re-reads and creates once', async () => {
    h = await createHarness();
    const order = toteOrder();
    h.sim.faults.beforeOperation = (name) => (name === 'FulfillmentCreate' ? internalError('fulfillmentCreate') : undefined);
    await expectUnknownThenResume(h.flowBody(BEST, { order_id: order.id }), order.id);
    // Sent twice: the first never ran, so the resumed run had to create.
    expect(calls('FulfillmentCreate')).toHaveLength(2);
  });

  it('on fulfillmentCreate, applied all the same: 202, and the re-send finds it and creates nothing', async () => {
    h = await createHarness();
    const order = toteOrder();
    h.onAnswer((name) => (name === 'FulfillmentCreate' ? internalError('fulfillmentCreate') : undefined));
    await expectUnknownThenResume(h.flowBody(BEST, { order_id: order.id }), order.id);
    expect(calls('FulfillmentCreate')).toHaveLength(1);
  });
});

describe('reliability: an Admin API request that hangs', () => {
  it('a hanging snapshot read times out and is retried: the run succeeds', async () => {
    h = await createHarness({ adminTimeoutMs: 100 });
    const order = toteOrder();
    let reads = 0;
    h.sim.faults.beforeOperation = async (name) => {
      if (name === 'FulfillmentSnapshot' && ++reads === 1) await sleep(1500);
    };
    const started = Date.now();
    const body = h.flowBody(BEST, { order_id: order.id });
    const res = await send(body);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(Date.now() - started).toBeLessThan(1500);
    expect((await runOf(body)).adminCalls!.filter((c) => c.name === 'FulfillmentSnapshot').map((c) => c.status)).toEqual(['timeout', 200]);
  });

  it('a hanging fulfillmentCreate times out as an unknown outcome; it lands late and the re-send finds it', async () => {
    h = await createHarness({ adminTimeoutMs: 100 });
    const order = toteOrder();
    let landed!: () => void;
    const late = new Promise<void>((resolve) => (landed = resolve));
    h.onAnswer(async (name) => {
      if (name !== 'FulfillmentCreate') return;
      await sleep(400);
      landed();
    });
    const body = h.flowBody(BEST, { order_id: order.id });
    const first = await send(body);
    expect(first.status, JSON.stringify(first.json)).toBe(202);
    await late;
    expect(h.sim.store.fulfillments(order.id)).toHaveLength(1);
    expect((await runOf(body)).steps!.filter((s) => s.name === 'FulfillmentCreate').map((s) => s.state)).toEqual(['started']);
    h.onAnswer(undefined);
    const resumed = await send(body);
    expect(resumed.status, JSON.stringify(resumed.json)).toBe(200);
    expect(h.sim.store.fulfillments(order.id)).toHaveLength(1);
    expect(calls('FulfillmentCreate')).toHaveLength(1);
    const run = await runOf(body);
    expect(run).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(run.adminCalls!.filter((c) => c.name === 'FulfillmentCreate').map((c) => c.status)).toEqual(['timeout']);
  });
});
