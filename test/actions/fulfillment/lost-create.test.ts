/**
 * A fulfillmentCreate that went through at Shopify but whose answer was lost: the run answers 202,
 * Flow re-sends it, and the resumed run must give Flow the same return value (and fire the same
 * "needs attention" trigger) as a run that never lost the answer. Each case runs twin orders over
 * the real app and the simulator: one plainly, one with the loss.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_LOCATIONS as L } from '../../../src/sandbox/seed';
import { importRules } from '../../../src/rules/store';
import type { AddOrderInput } from '../../../src/sandbox/simulator/store';
import { createHarness, SHOP, type Harness } from '../../helpers/harness';

const BEST = 'fulfill-from-best-location';
const READY = 'partial-fulfill-ready-items';
const MANHATTAN = { countryCode: 'US', provinceCode: 'NY', city: 'New York', zip: '10001', latitude: 40.7506, longitude: -73.9972 };

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => h?.close());

type OrderSpec = Omit<AddOrderInput, 'shippingAddress'>;

/** Loses the answer of the `nth` fulfillmentCreate from now on (it is applied at Shopify all the same). */
function loseCreateAnswer(nth: number) {
  let creates = 0;
  h.sim.faults.beforeOperation = (name) => {
    if (name === 'FulfillmentCreate' && ++creates === nth) {
      h.sim.faults.http5xxRate = 1;
      h.sim.faults.http5xxPhase = 'after';
    } else {
      h.sim.faults.http5xxRate = 0;
    }
  };
}

/**
 * Runs `handle` on one order plainly and on its twin with the `nth` create's answer lost (then
 * re-sent), and returns both answers with the fulfillments each order got, in creation order.
 */
async function twins(handle: string, spec: OrderSpec, nth = 1, setup?: (orderId: string) => void) {
  const plain = h.sim.store.addOrder({ shippingAddress: MANHATTAN, ...spec });
  const lossy = h.sim.store.addOrder({ shippingAddress: MANHATTAN, ...spec });
  setup?.(plain.id);
  setup?.(lossy.id);
  const expected = await h.post(`/flow/actions/${handle}`, h.flowBody(handle, { order_id: plain.id }));
  expect(expected.status, JSON.stringify(expected.json)).toBe(200);

  loseCreateAnswer(nth);
  const body = h.flowBody(handle, { order_id: lossy.id });
  const first = await h.post(`/flow/actions/${handle}`, body);
  expect(first.status, JSON.stringify(first.json)).toBe(202);
  expect(first.json.reason).toBe('mutation_outcome_unknown');
  h.sim.faults.beforeOperation = undefined;
  h.sim.faults.http5xxRate = 0;
  const resumed = await h.post(`/flow/actions/${handle}`, body);

  const ids = (orderId: string) => h.sim.store.fulfillments(orderId).map((f) => f.id);
  // The trigger names the order by its numeric id, as Flow expects.
  const triggers = (orderId: string) =>
    h.sim.store.flowTriggers.filter((t) => `gid://shopify/Order/${t.payload.order_id}` === orderId).map((t) => t.payload.Reason);
  return { plain, lossy, expected, resumed, ids, triggers };
}

/** The lossy twin's answer is the plain twin's, with its own fulfillment ids. */
function expectSameAnswer(t: Awaited<ReturnType<typeof twins>>) {
  expect(t.resumed.status, JSON.stringify(t.resumed.json)).toBe(200);
  expect(t.expected.json.return_value.fulfillmentIds).toEqual(t.ids(t.plain.id));
  expect(t.resumed.json.return_value).toEqual({ ...t.expected.json.return_value, fulfillmentIds: t.ids(t.lossy.id) });
  // Exactly as many fulfillments as the plain run made: the lost create was not sent again.
  expect(t.ids(t.lossy.id)).toHaveLength(t.ids(t.plain.id).length);
  // The "needs attention" trigger fires for the same reason, once, when lines are left.
  expect(t.triggers(t.plain.id)).toHaveLength(t.expected.json.return_value.linesLeft > 0 ? 1 : 0);
  const lossyName = h.sim.store.order(t.lossy.id)!.name;
  const plainName = h.sim.store.order(t.plain.id)!.name;
  expect(t.triggers(t.lossy.id)).toEqual(t.triggers(t.plain.id).map((reason) => String(reason).replace(plainName, lossyName)));
}

describe('a re-sent run whose fulfillmentCreate went through but whose answer was lost', () => {
  it('fulfill from best location: moved, created, answer lost → the location it fulfilled at', async () => {
    // The tote is only in stock in Los Angeles: moved there, then fulfilled.
    const t = await twins(BEST, { lineItems: [{ sku: 'TOTE-NAT', quantity: 1 }], locationId: L.newark });
    expect(t.expected.json.return_value).toMatchObject({
      outcome: 'fulfilled',
      locationId: L.losAngeles,
      locationName: 'Los Angeles Warehouse',
      linesFulfilled: 1,
      linesLeft: 0,
    });
    expectSameAnswer(t);
    const [run] = (await h.runs()).filter((r) => r.orderId === t.lossy.id);
    expect(run).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('fulfill from best location: a split whose first create answer was lost → both fulfillments, first location first', async () => {
    expect(
      (await importRules(h.db, SHOP, { rules: [{ name: 'split-when-needed', action: BEST, allow_split: true }] }, Date.now())).ok,
    ).toBe(true);
    // Beanies only at Newark, totes only in Los Angeles: one fulfillment at each.
    const spec = {
      lineItems: [
        { sku: 'BEANIE-GRY', quantity: 2 },
        { sku: 'TOTE-NAT', quantity: 3 },
      ],
      locationId: L.newark,
    };
    const t = await twins(BEST, spec, 1);
    expect(t.expected.json.return_value).toMatchObject({
      outcome: 'fulfilled',
      linesFulfilled: 2,
      linesLeft: 0,
      ruleName: 'split-when-needed',
    });
    expect(t.expected.json.return_value.fulfillmentIds).toHaveLength(2);
    expectSameAnswer(t);
  });

  it('fulfill from best location: a split whose second create answer was lost → both fulfillments', async () => {
    expect(
      (await importRules(h.db, SHOP, { rules: [{ name: 'split-when-needed', action: BEST, allow_split: true }] }, Date.now())).ok,
    ).toBe(true);
    const spec = {
      lineItems: [
        { sku: 'BEANIE-GRY', quantity: 2 },
        { sku: 'TOTE-NAT', quantity: 3 },
      ],
      locationId: L.newark,
    };
    expectSameAnswer(await twins(BEST, spec, 2));
  });

  it('fulfill from best location: the rest of the order on a permanent hold → partially fulfilled, not a 422', async () => {
    const spec: OrderSpec = {
      lineItems: [
        { sku: 'MUG-BLK', quantity: 1 },
        { sku: 'TEE-S', quantity: 1 },
      ],
      fulfillmentOrders: [
        { locationId: L.newark, lines: [{ sku: 'MUG-BLK' }] },
        { locationId: L.newark, lines: [{ sku: 'TEE-S' }], holds: [{ reason: 'AWAITING_PAYMENT' }] },
      ],
    };
    const t = await twins(BEST, spec);
    expect(t.expected.json.return_value).toMatchObject({
      outcome: 'partially_fulfilled',
      locationId: L.newark,
      linesFulfilled: 1,
      linesLeft: 1,
    });
    expectSameAnswer(t);
  });

  it('partially fulfill ready items: some lines ready → the ready lines and where they went', async () => {
    // Mugs are in stock at Newark, totes are not.
    const t = await twins(READY, {
      lineItems: [
        { sku: 'MUG-BLK', quantity: 2 },
        { sku: 'TOTE-NAT', quantity: 1 },
      ],
      locationId: L.newark,
    });
    expect(t.expected.json.return_value).toMatchObject({
      outcome: 'partially_fulfilled',
      locationId: L.newark,
      linesFulfilled: 1,
      linesLeft: 1,
    });
    expectSameAnswer(t);
  });

  it('partially fulfill ready items: an earlier fulfillment at the same location is not taken for the lost one', async () => {
    const spec = {
      lineItems: [
        { sku: 'TEE-S', quantity: 1 },
        { sku: 'MUG-BLK', quantity: 1 },
        { sku: 'TOTE-NAT', quantity: 1 },
      ],
      locationId: L.newark,
    };
    // The tee shipped before the run, from the same fulfillment order and location.
    const t = await twins(READY, spec, 1, (orderId) => void h.sim.store.fulfill(orderId, { lines: [{ sku: 'TEE-S' }] }));
    expect(t.expected.json.return_value).toMatchObject({
      outcome: 'partially_fulfilled',
      locationId: L.newark,
      linesFulfilled: 1,
      linesLeft: 1,
    });
    expect(t.ids(t.lossy.id)).toHaveLength(2);
    expect(t.resumed.json.return_value.fulfillmentIds).toEqual([t.ids(t.lossy.id)[1]]);
    expect(t.resumed.json.return_value).toEqual({ ...t.expected.json.return_value, fulfillmentIds: [t.ids(t.lossy.id)[1]] });
  });

  it('partially fulfill ready items: every line ready → fulfilled at its location', async () => {
    const t = await twins(READY, { lineItems: [{ sku: 'MUG-BLK', quantity: 1 }], locationId: L.newark });
    expect(t.expected.json.return_value).toMatchObject({ outcome: 'fulfilled', locationId: L.newark, linesFulfilled: 1, linesLeft: 0 });
    expectSameAnswer(t);
  });
});
