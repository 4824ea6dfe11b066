/**
 * Re-sent runs and other edges a review found (each failed before its fix): lost answers of
 * creates and moves, creates that did not go through, 3PL request states, items with 3PL stock
 * levels, fulfillment orders Shopify merges after a move, and the wording of refused moves.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importRules } from '../../src/rules/store';
import { SANDBOX_LOCATIONS as L } from '../../src/sandbox/seed';
import type { AddOrderInput } from '../../src/sandbox/simulator/store';
import { createHarness, SHOP, type Harness } from '../helpers/harness';

const BEST = 'fulfill-from-best-location';
const READY = 'partial-fulfill-ready-items';
const MANHATTAN = { countryCode: 'US', provinceCode: 'NY', city: 'New York', zip: '10001', latitude: 40.7506, longitude: -73.9972 };

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => h?.close());

const send = (handle: string, body: string) => h.post(`/flow/actions/${handle}`, body);
const calls = (name: string) => h.sim.calls.filter((c) => c.operationName === name);

async function rules(document: unknown) {
  const result = await importRules(h.db, SHOP, document, Date.now());
  expect(result.ok, JSON.stringify(result)).toBe(true);
}

function product(sku: string, inventory: Record<string, number>, extra: { tracked?: boolean } = {}) {
  h.sim.store.addProduct({ title: sku, sku, inventory, ...extra });
}

function order(lineItems: AddOrderInput['lineItems'], extra: Partial<AddOrderInput> = {}) {
  return h.sim.store.addOrder({ shippingAddress: MANHATTAN, lineItems, locationId: L.newark, ...extra });
}

/** The answer of the `nth` call of `operation` from now on is lost (the call is applied at Shopify all the same). */
function loseAnswer(operation: string, nth = 1) {
  let seen = 0;
  h.sim.faults.beforeOperation = (name) => {
    if (name === operation && ++seen === nth) {
      h.sim.faults.http5xxRate = 1;
      h.sim.faults.http5xxPhase = 'after';
    } else {
      h.sim.faults.http5xxRate = 0;
    }
  };
}

/** Shopify's INTERNAL_SERVER_ERROR for a call that was not applied (the app cannot tell). */
function refuseOnce(operation: string) {
  let done = false;
  h.sim.faults.beforeOperation = (name) => {
    if (name !== operation || done) return undefined;
    done = true;
    const root = operation === 'FulfillmentCreate' ? 'fulfillmentCreate' : 'fulfillmentOrderMove';
    return new Response(
      JSON.stringify({
        errors: [{ message: 'Internal error.', path: [root], extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
        data: { [root]: null },
      }),
      { status: 200, headers: { 'content-type': 'application/json' } },
    );
  };
}

function healthy() {
  h.sim.faults.beforeOperation = undefined;
  h.sim.faults.http5xxRate = 0;
}

describe('re-sent runs after a lost answer', () => {
  it('partial fulfil with ready_quantity: a re-send after a lost create answer ships nothing twice', async () => {
    await rules({ rules: [{ name: 'one-at-a-time', action: READY, ready: true, ready_quantity: 1 }] });
    const o = order([{ sku: 'MUG-BLK', quantity: 3 }]);
    loseAnswer('FulfillmentCreate');
    const body = h.flowBody(READY, { order_id: o.id });
    const first = await send(READY, body);
    expect(first.status, JSON.stringify(first.json)).toBe(202);
    expect(h.sim.store.fulfillments(o.id)).toHaveLength(1);
    healthy();
    const resumed = await send(READY, body);
    expect(resumed.status, JSON.stringify(resumed.json)).toBe(200);
    // A run without the loss ships 1 unit in one fulfillment; this run must not ship more.
    const shipped = h.sim.store.fulfillments(o.id).flatMap((f) => f.lineItems.map((l) => l.quantity));
    expect(shipped, 'units shipped per fulfillment').toEqual([1]);
    expect(resumed.json.return_value.fulfillmentIds).toEqual(h.sim.store.fulfillments(o.id).map((f) => f.id));
  });

  it('partial fulfil: a re-send after a lost create finishes what the first attempt sent, and its answer matches the store', async () => {
    product('LATE-STOCK', { [L.newark]: 0 });
    const o = order([
      { sku: 'MUG-BLK', quantity: 1 },
      { sku: 'LATE-STOCK', quantity: 1 },
    ]);
    loseAnswer('FulfillmentCreate');
    const body = h.flowBody(READY, { order_id: o.id });
    expect((await send(READY, body)).status).toBe(202);
    healthy();
    // Stock arrives before Flow re-sends: the second line is ready now.
    h.sim.store.setInventory('LATE-STOCK', L.newark, { available: 4 });
    const resumed = await send(READY, body);
    expect(resumed.status, JSON.stringify(resumed.json)).toBe(200);
    // The first attempt's create (the mug) went through: the re-send does not fulfil that fulfillment
    // order again, even for a line that became ready since; it answers with the run's one fulfillment.
    const made = h.sim.store.fulfillments(o.id).map((f) => f.id);
    expect(made).toHaveLength(1);
    expect(resumed.json.return_value).toMatchObject({
      outcome: 'partially_fulfilled',
      fulfillmentIds: made,
      linesFulfilled: 1,
      linesLeft: 1,
    });
  });

  it('best location: a fulfillment order an earlier attempt moved is not fulfilled there once the stock is gone', async () => {
    // The tote is only in Los Angeles: moved there (same id), the move's answer lost.
    const o = order([{ sku: 'TOTE-NAT', quantity: 2 }]);
    loseAnswer('FulfillmentOrderMove');
    const body = h.flowBody(BEST, { order_id: o.id });
    expect((await send(BEST, body)).status).toBe(202);
    healthy();
    const [fo] = h.sim.store.fulfillmentOrders(o.id);
    expect(fo!.assignedLocationId).toBe(L.losAngeles);
    // Before Flow re-sends, Los Angeles loses its totes (a count, damage): 2 committed to this order, on hand 1.
    h.sim.store.setInventory('TOTE-NAT', L.losAngeles, { available: -1 });
    const before = h.sim.store.inventory('TOTE-NAT', L.losAngeles)!;
    const usable = before.available! + 2; // available + this order's own committed units there
    expect(usable).toBe(1);
    const resumed = await send(BEST, body);
    const shippedFromLa = h.sim.store
      .fulfillments(o.id)
      .filter((f) => f.locationId === L.losAngeles)
      .reduce((n, f) => n + f.lineItems.reduce((m, l) => m + l.quantity, 0), 0);
    expect(shippedFromLa, `answer ${resumed.status} ${JSON.stringify(resumed.json)}`).toBeLessThanOrEqual(usable);
  });

  it('add tracking with fulfil-if-needed: a re-send after the first of two creates lost its answer fulfils the second location', async () => {
    const o = order(
      [
        { sku: 'MUG-BLK', quantity: 1 },
        { sku: 'TEE-S', quantity: 1 },
      ],
      {
        fulfillmentOrders: [
          { locationId: L.newark, lines: [{ sku: 'MUG-BLK' }] },
          { locationId: L.losAngeles, lines: [{ sku: 'TEE-S' }] },
        ],
      },
    );
    loseAnswer('AddTrackingFulfill');
    const body = h.flowBody('add-tracking', { order_id: o.id, tracking_number: '1Z999AA10123456784', fulfill_if_needed: true });
    const first = await h.post('/flow/actions/add-tracking', body);
    expect(first.status, JSON.stringify(first.json)).toBe(202);
    healthy();
    const resumed = await h.post('/flow/actions/add-tracking', body);
    expect(resumed.status, JSON.stringify(resumed.json)).toBe(200);
    // A run without the loss fulfils both fulfillment orders, one fulfillment per location.
    expect(h.sim.store.fulfillmentOrders(o.id).map((fo) => fo.status)).toEqual(['CLOSED', 'CLOSED']);
    expect(resumed.json.return_value).toMatchObject({
      outcome: 'fulfilled',
      fulfillmentIds: h.sim.store.fulfillments(o.id).map((f) => f.id),
    });
  });

  it('add tracking with fulfil-if-needed: a re-send after the last create lost its answer answers "fulfilled" with both fulfillments', async () => {
    const o = order(
      [
        { sku: 'MUG-BLK', quantity: 1 },
        { sku: 'TEE-S', quantity: 1 },
      ],
      {
        fulfillmentOrders: [
          { locationId: L.newark, lines: [{ sku: 'MUG-BLK' }] },
          { locationId: L.losAngeles, lines: [{ sku: 'TEE-S' }] },
        ],
      },
    );
    loseAnswer('AddTrackingFulfill', 2);
    const body = h.flowBody('add-tracking', { order_id: o.id, tracking_number: '1Z999AA10123456784', fulfill_if_needed: true });
    expect((await h.post('/flow/actions/add-tracking', body)).status).toBe(202);
    healthy();
    const resumed = await h.post('/flow/actions/add-tracking', body);
    expect(resumed.status, JSON.stringify(resumed.json)).toBe(200);
    expect(h.sim.store.fulfillments(o.id)).toHaveLength(2);
    expect(resumed.json.return_value).toMatchObject({
      outcome: 'fulfilled',
      fulfillmentIds: h.sim.store.fulfillments(o.id).map((f) => f.id),
    });
  });
});

describe('re-sent runs after a create that did not go through', () => {
  it('best location: a create that did not go through, then a hold: the re-send answers on_hold, never with a fulfillment made before the run', async () => {
    // The tee shipped before the run (fulfillment F0, same fulfillment order, same location).
    const o = order([
      { sku: 'TEE-S', quantity: 1 },
      { sku: 'MUG-BLK', quantity: 1 },
    ]);
    const f0 = h.sim.store.fulfill(o.id, { lines: [{ sku: 'TEE-S' }] });
    const [fo] = h.sim.store.fulfillmentOrders(o.id);
    refuseOnce('FulfillmentCreate');
    const body = h.flowBody(BEST, { order_id: o.id });
    const first = await send(BEST, body);
    expect(first.status, JSON.stringify(first.json)).toBe(202);
    expect(h.sim.store.fulfillments(o.id)).toHaveLength(1);
    healthy();
    h.sim.store.hold(fo!.id, { reason: 'AWAITING_PAYMENT' });
    const resumed = await send(BEST, body);
    // Nothing was fulfilled by this run: a fresh run answers 422 on_hold.
    expect(h.sim.store.fulfillments(o.id)).toHaveLength(1);
    expect(resumed.json.return_value?.fulfillmentIds ?? [], JSON.stringify(resumed.json)).not.toContain(f0.id);
    expect(resumed.status).toBe(422);
  });

  it('partial fulfil: a create that did not go through, then the stock gone: nothing_ready, never a fulfillment made before the run', async () => {
    const o = order([
      { sku: 'TEE-S', quantity: 1 },
      { sku: 'MUG-BLK', quantity: 1 },
      { sku: 'TOTE-NAT', quantity: 1 },
    ]);
    const f0 = h.sim.store.fulfill(o.id, { lines: [{ sku: 'TEE-S' }] });
    refuseOnce('FulfillmentCreate');
    const body = h.flowBody(READY, { order_id: o.id });
    expect((await send(READY, body)).status).toBe(202);
    healthy();
    // The mug's last unit at Newark is gone (on hand 0, 1 committed to this order).
    h.sim.store.setInventory('MUG-BLK', L.newark, { available: -1 });
    const resumed = await send(READY, body);
    expect(resumed.status, JSON.stringify(resumed.json)).toBe(200);
    expect(h.sim.store.fulfillments(o.id)).toHaveLength(1);
    // This run fulfilled nothing: nothing_ready, not F0.
    expect(resumed.json.return_value).toMatchObject({ outcome: 'nothing_ready', fulfillmentIds: [], linesFulfilled: 0 });
    expect(resumed.json.return_value.fulfillmentIds).not.toContain(f0.id);
  });
});

describe('3PL', () => {
  it('an item with stock levels at 3PL locations too (not listed without includeLegacy) is read to the end, not refused', async () => {
    // Eight 3PLs (legacy locations: not in locations(), but they have inventory levels) stock the item too.
    const threePls = Array.from({ length: 8 }, (_, i) => h.sim.store.addLocation({ name: `3PL ${i}`, isFulfillmentService: true }));
    product('WIDE', { [L.newark]: 5, [L.losAngeles]: 5, [L.toronto]: 5, ...Object.fromEntries(threePls.map((l) => [l.id, 5])) });
    const o = order([{ sku: 'WIDE', quantity: 1 }]);
    const res = await send(READY, h.flowBody(READY, { order_id: o.id }));
    // 11 levels, far below the 250 the message names.
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.return_value).toMatchObject({ outcome: 'fulfilled', locationId: L.newark });
  });

  it.each([
    ['OPEN', 'REJECTED'],
    ['OPEN', 'CANCELLATION_ACCEPTED'],
    ['INCOMPLETE', 'CLOSED'],
  ] as const)(
    "3PL: a %s fulfillment order whose request is %s is nobody's: blocked, explained, attention fired",
    async (status, requestStatus) => {
      const threePl = h.sim.store.addLocation({ name: 'ShipBob', isFulfillmentService: true });
      product('TPL-REJ', { [threePl.id]: 5, [L.newark]: 5 });
      const o = order([{ sku: 'TPL-REJ', quantity: 1 }], { locationId: threePl.id });
      h.sim.store.updateFulfillmentOrder(h.sim.store.fulfillmentOrders(o.id)[0]!.id, { status, requestStatus });
      const res = await send(BEST, h.flowBody(BEST, { order_id: o.id }));
      expect(res.status).toBe(200);
      expect(res.json.return_value.outcome).toBe('nothing_to_fulfill');
      const run = (await h.runs())[0]!;
      const skipped = (run.explanation as any).skipped[0];
      // The service refused or gave up on it: nobody is fulfilling this order now, and nobody is told.
      expect(skipped.reason).not.toMatch(/that service fulfils it/);
      expect(skipped.kind).toBe('blocked');
      expect(h.sim.store.flowTriggers).toHaveLength(1);
    },
  );
});

describe('moves', () => {
  it('two fulfillment orders of 30 lines merged by a move into one location: the read-back reads all 60 lines and fulfils them', async () => {
    const kept = Array.from({ length: 30 }, (_, i) => `KEPT-${i}`);
    const moving = Array.from({ length: 30 }, (_, i) => `MOVING-${i}`);
    for (const sku of kept) product(sku, { [L.losAngeles]: 5 });
    for (const sku of moving) product(sku, { [L.newark]: 0, [L.losAngeles]: 5 });
    const o = order(
      [...kept, ...moving].map((sku) => ({ sku, quantity: 1 })),
      {
        fulfillmentOrders: [
          { locationId: L.losAngeles, lines: kept.map((sku) => ({ sku })) },
          { locationId: L.newark, lines: moving.map((sku) => ({ sku })) },
        ],
      },
    );
    const res = await send(BEST, h.flowBody(BEST, { order_id: o.id }));
    expect(calls('FulfillmentOrderMove')).toHaveLength(1);
    // Shopify holds all 60 lines in one fulfillment order at Los Angeles; flowfill reads 50 of them.
    expect(res.status, JSON.stringify(res.json).slice(0, 400)).toBe(200);
    expect(res.json.return_value).toMatchObject({ outcome: 'fulfilled', locationId: L.losAngeles, linesLeft: 0 });
  });

  it('a refused move is explained in words true of the plan reported', async () => {
    const boston = h.sim.store.addLocation({
      name: 'Boston Warehouse',
      address: { countryCode: 'US', latitude: 42.3601, longitude: -71.0589 },
    });
    // X: Newark has exactly the unit FO2 commits there, Boston has plenty. Z: only Newark.
    product('CHAIN-X', { [L.newark]: 1, [L.losAngeles]: 0, [boston.id]: 5 });
    product('CHAIN-Z', { [L.newark]: 1, [L.losAngeles]: 0 });
    const o = order(
      [
        { sku: 'CHAIN-X', quantity: 1 },
        { sku: 'CHAIN-Z', quantity: 1 },
        { sku: 'CHAIN-X', quantity: 1 },
      ],
      {
        fulfillmentOrders: [
          { locationId: L.losAngeles, lines: [{ line: 0 }, { line: 1 }] },
          { locationId: L.newark, lines: [{ line: 2 }] },
        ],
      },
    );
    const [fo1, fo2] = h.sim.store.fulfillmentOrders(o.id);
    const res = await send(BEST, h.flowBody(BEST, { order_id: o.id }));
    expect(res.status).toBe(422);
    const run = (await h.runs())[0]!;
    const decisions = (run.explanation as any).fulfillmentOrders;
    // In the plan reported, FO2 stays at Newark…
    expect(decisions.find((d: any) => d.id === fo2!.id)).toMatchObject({ decision: 'keep', location: { id: L.newark } });
    // …yet FO1 is told Newark is out because FO2 "moves away in the same plan".
    const newark = decisions.find((d: any) => d.id === fo1!.id).excluded.find((e: any) => e.id === L.newark);
    expect(newark.reason).not.toMatch(/moves away in the same plan/);
  });
});

describe('held up under review', () => {
  it('allow_split with two lines of one variant shares the stock between the kept part and the partial move', async () => {
    await rules({ rules: [{ name: 'split', action: BEST, allow_split: true }] });
    // Newark has 2 on hand for 4 ordered (available -2 once committed), Los Angeles 2.
    product('SPLIT-TWICE', { [L.newark]: 2, [L.losAngeles]: 2 });
    const o = order([
      { sku: 'SPLIT-TWICE', quantity: 2 },
      { sku: 'SPLIT-TWICE', quantity: 2 },
    ]);
    const res = await send(BEST, h.flowBody(BEST, { order_id: o.id }));
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.return_value).toMatchObject({ outcome: 'fulfilled', linesFulfilled: 2, linesLeft: 0 });
    expect(h.sim.store.inventory('SPLIT-TWICE', L.newark)).toMatchObject({ on_hand: 0, available: 0 });
    expect(h.sim.store.inventory('SPLIT-TWICE', L.losAngeles)).toMatchObject({ on_hand: 0, available: 0 });
  });

  it('a rule whose eligible ignores stock still cannot ship what no location has', async () => {
    await rules({ rules: [{ name: 'anywhere', action: BEST, eligible: true, score: 0, allow_split: true }] });
    product('NOWHERE', { [L.newark]: 0, [L.losAngeles]: 0 });
    const o = order([{ sku: 'NOWHERE', quantity: 1 }]);
    const res = await send(BEST, h.flowBody(BEST, { order_id: o.id }));
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe('no_eligible_location');
    expect(h.sim.store.fulfillments(o.id)).toHaveLength(0);
  });

  it('a whole move that kept its id, answer lost, is pinned: one move, fulfilled there on the re-send', async () => {
    const o = order([{ sku: 'TOTE-NAT', quantity: 1 }]);
    loseAnswer('FulfillmentOrderMove');
    const body = h.flowBody(BEST, { order_id: o.id });
    expect((await send(BEST, body)).status).toBe(202);
    healthy();
    h.sim.store.setInventory('TOTE-NAT', L.newark, { available: 5 });
    const resumed = await send(BEST, body);
    expect(resumed.status).toBe(200);
    expect(calls('FulfillmentOrderMove')).toHaveLength(1);
    expect(resumed.json.return_value).toMatchObject({ outcome: 'fulfilled', locationId: L.losAngeles });
  });
});
