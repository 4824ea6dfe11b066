/**
 * The order shapes real shops produce, each through a signed Flow request against the simulated
 * store: pickup and local delivery, partly shipped fulfillment orders, one variant on several
 * lines, fulfillment orders Shopify will not move, 3PL orders, scheduled and INCOMPLETE ones,
 * and lists longer than one page. Each failed (did something a merchant cannot undo, or refused a
 * fulfillable order) before flowfill handled it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importRules } from '../../src/rules/store';
import { SANDBOX_LOCATIONS as L } from '../../src/sandbox/seed';
import type { AddOrderInput, FulfillmentOrderSpec } from '../../src/sandbox/simulator/store';
import { manualClock } from '../helpers/clock';
import { createHarness, SHOP, type Harness } from '../helpers/harness';

const BEST = 'fulfill-from-best-location';
const READY = 'partial-fulfill-ready-items';
const MANHATTAN = { countryCode: 'US', provinceCode: 'NY', city: 'New York', zip: '10001', latitude: 40.7506, longitude: -73.9972 };

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => h?.close());

const send = (handle: string, properties: Record<string, unknown>) => h.post(`/flow/actions/${handle}`, h.flowBody(handle, properties));
const ops = () => h.sim.calls.filter((c) => c.operationName !== 'FlowTriggerReceive').map((c) => c.operationName ?? '');
const mutations = () => ops().filter((name) => /Move|Create|Fulfill$|Update/.test(name));
const lastRun = async () => (await h.runs())[0]!;

async function rules(document: unknown) {
  const result = await importRules(h.db, SHOP, document, Date.now());
  expect(result.ok, JSON.stringify(result)).toBe(true);
}

/** A product of one variant with this stock per location. */
function product(sku: string, inventory: Record<string, number>) {
  h.sim.store.addProduct({ title: sku, sku, inventory });
}

/** An order shipped to Manhattan, by default with one fulfillment order at Newark. */
function order(lineItems: AddOrderInput['lineItems'], extra: Partial<AddOrderInput> = {}) {
  return h.sim.store.addOrder({ shippingAddress: MANHATTAN, lineItems, locationId: L.newark, ...extra });
}

function fulfillmentOrders(orderId: string) {
  return h.sim.store.fulfillmentOrders(orderId);
}

describe('delivery methods', () => {
  it.each([
    ['PICK_UP', BEST],
    ['LOCAL', BEST],
    ['PICK_UP', READY],
    ['RETAIL', BEST],
  ] as const)('a %s fulfillment order at a store without stock is left where the customer chose (%s, no rule)', async (method, handle) => {
    product('PICKUP-ITEM', { [L.newark]: 0, [L.losAngeles]: 9 });
    const o = order([{ sku: 'PICKUP-ITEM', quantity: 1 }], {
      fulfillmentOrders: [{ locationId: L.newark, deliveryMethod: method as FulfillmentOrderSpec['deliveryMethod'] }],
    });
    const res = await send(handle, { order_id: o.id });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.return_value).toMatchObject({ outcome: 'nothing_to_fulfill', fulfillmentIds: [], linesFulfilled: 0, linesLeft: 1 });
    expect(mutations()).toEqual([]);
    expect(fulfillmentOrders(o.id)[0]).toMatchObject({ assignedLocationId: L.newark, status: 'OPEN' });
    const run = await lastRun();
    expect(run.status).toBe('noop');
    expect((run.explanation as any).skipped[0]).toMatchObject({
      kind: 'elsewhere',
      deliveryMethod: method,
      reason: expect.stringContaining('not moved or fulfilled'),
    });
  });

  it('ships the shipping fulfillment order of an order that also has a pickup one, leaving the pickup one alone', async () => {
    product('SPLIT-SHIP', { [L.newark]: 4 });
    product('SPLIT-PICK', { [L.newark]: 0, [L.losAngeles]: 4 });
    const o = order(
      [
        { sku: 'SPLIT-SHIP', quantity: 1 },
        { sku: 'SPLIT-PICK', quantity: 1 },
      ],
      {
        fulfillmentOrders: [
          { locationId: L.newark, lines: [{ sku: 'SPLIT-SHIP' }] },
          { locationId: L.newark, lines: [{ sku: 'SPLIT-PICK' }], deliveryMethod: 'PICK_UP' },
        ],
      },
    );
    const res = await send(BEST, { order_id: o.id });
    expect(res.status).toBe(200);
    expect(res.json.return_value).toMatchObject({ outcome: 'partially_fulfilled', locationId: L.newark, linesFulfilled: 1, linesLeft: 1 });
    expect(mutations()).toEqual(['FulfillmentCreate']);
    // Left on purpose, so no "needs attention" trigger.
    expect(h.sim.store.flowTriggers).toEqual([]);
  });

  it("a rule's delivery_methods lets flowfill fulfil a local-delivery order where it is, never moving it", async () => {
    await rules({ rules: [{ name: 'local-too', action: BEST, delivery_methods: ['SHIPPING', 'LOCAL'] }] });
    product('LOCAL-OK', { [L.newark]: 3, [L.losAngeles]: 3 });
    product('LOCAL-SHORT', { [L.newark]: 0, [L.losAngeles]: 3 });
    const here = order([{ sku: 'LOCAL-OK', quantity: 1 }], { fulfillmentOrders: [{ locationId: L.newark, deliveryMethod: 'LOCAL' }] });
    const res = await send(BEST, { order_id: here.id });
    expect(res.status).toBe(200);
    expect(res.json.return_value).toMatchObject({ outcome: 'fulfilled', locationId: L.newark, ruleName: 'local-too' });

    const short = order([{ sku: 'LOCAL-SHORT', quantity: 1 }], { fulfillmentOrders: [{ locationId: L.newark, deliveryMethod: 'LOCAL' }] });
    const refused = await send(BEST, { order_id: short.id });
    expect(refused.status).toBe(422);
    expect(refused.json.error.code).toBe('no_eligible_location');
    expect(refused.json.error.message).toContain('stays at Newark Warehouse, the location the customer chose');
    expect(ops().filter((n) => n === 'FulfillmentOrderMove')).toEqual([]);
  });
});

describe('documented in docs/rules.md, "What the fulfillment actions touch"', () => {
  it("partial fulfil with a rule listing PICK_UP fulfils the pickup order's ready lines at its store", async () => {
    await rules({ rules: [{ name: 'pickups-too', action: READY, delivery_methods: ['SHIPPING', 'PICK_UP'] }] });
    product('PICKUP-READY', { [L.newark]: 2 });
    const o = order([{ sku: 'PICKUP-READY', quantity: 1 }], { fulfillmentOrders: [{ locationId: L.newark, deliveryMethod: 'PICK_UP' }] });
    const res = await send(READY, { order_id: o.id });
    expect(res.status).toBe(200);
    expect(res.json.return_value).toMatchObject({ outcome: 'fulfilled', locationId: L.newark, ruleName: 'pickups-too' });
  });

  it('fulfils a fulfillment order with reported progress where it is, when it has the stock there', async () => {
    product('PROGRESS-HERE', { [L.newark]: 3, [L.losAngeles]: 3 });
    const o = order([{ sku: 'PROGRESS-HERE', quantity: 1 }]);
    h.sim.store.reportProgress(fulfillmentOrders(o.id)[0]!.id);
    const res = await send(BEST, { order_id: o.id });
    expect(res.status).toBe(200);
    expect(res.json.return_value).toMatchObject({ outcome: 'fulfilled', locationId: L.newark });
    expect(mutations()).toEqual(['FulfillmentCreate']);
  });

  it('fulfils what is open and leaves a scheduled fulfillment order of the same order for later', async () => {
    product('NOW', { [L.newark]: 3 });
    product('LATER-TOO', { [L.newark]: 3 });
    const o = order(
      [
        { sku: 'NOW', quantity: 1 },
        { sku: 'LATER-TOO', quantity: 1 },
      ],
      {
        fulfillmentOrders: [
          { locationId: L.newark, lines: [{ sku: 'NOW' }] },
          { locationId: L.newark, lines: [{ sku: 'LATER-TOO' }] },
        ],
      },
    );
    h.sim.store.updateFulfillmentOrder(fulfillmentOrders(o.id)[1]!.id, {
      status: 'SCHEDULED',
      fulfillAt: new Date(h.clock.now() + 30 * 86_400_000).toISOString(),
    });
    const res = await send(READY, { order_id: o.id });
    expect(res.status).toBe(200);
    expect(res.json.return_value).toMatchObject({ outcome: 'partially_fulfilled', linesFulfilled: 1, linesLeft: 1 });
    expect(h.sim.store.flowTriggers).toEqual([]);
  });
});

describe('moves Shopify accepts, and fulfilling what the move returned', () => {
  it('moves a partly fulfilled fulfillment order and fulfils the new one the move returned', async () => {
    product('PART-TEE', { [L.newark]: 5, [L.losAngeles]: 5 });
    product('PART-TOTE', { [L.newark]: 0, [L.losAngeles]: 5 });
    const o = order([
      { sku: 'PART-TEE', quantity: 1 },
      { sku: 'PART-TOTE', quantity: 1 },
    ]);
    h.sim.store.fulfill(o.id, { lines: [{ sku: 'PART-TEE' }] });
    const [original] = fulfillmentOrders(o.id);
    const res = await send(BEST, { order_id: o.id });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.return_value).toMatchObject({ outcome: 'fulfilled', locationId: L.losAngeles, linesFulfilled: 1, linesLeft: 0 });
    expect(ops()).toEqual(['FulfillmentSnapshot', 'FulfillmentOrderMove', 'FulfillmentCreate']);
    const moved = fulfillmentOrders(o.id).find((fo) => fo.assignedLocationId === L.losAngeles)!;
    expect(moved.id).not.toBe(original!.id);
    const create = h.sim.calls.find((c) => c.operationName === 'FulfillmentCreate')!;
    expect((create.variables as any).fulfillment.lineItemsByFulfillmentOrder[0].fulfillmentOrderId).toBe(moved.id);
    const shipped = h.sim.store.fulfillments(o.id);
    expect(shipped).toHaveLength(2);
    expect(shipped[1]).toMatchObject({ locationId: L.losAngeles, fulfillmentOrderIds: [moved.id] });
  });

  it('moves into a location that already holds another fulfillment order of the order, and fulfils both there', async () => {
    product('JOIN-MUG', { [L.losAngeles]: 5 });
    product('JOIN-TOTE', { [L.newark]: 0, [L.losAngeles]: 5 });
    const o = order(
      [
        { sku: 'JOIN-MUG', quantity: 1 },
        { sku: 'JOIN-TOTE', quantity: 1 },
      ],
      {
        fulfillmentOrders: [
          { locationId: L.losAngeles, lines: [{ sku: 'JOIN-MUG' }] },
          { locationId: L.newark, lines: [{ sku: 'JOIN-TOTE' }] },
        ],
      },
    );
    const res = await send(BEST, { order_id: o.id });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.return_value).toMatchObject({ outcome: 'fulfilled', locationId: L.losAngeles, linesFulfilled: 2, linesLeft: 0 });
    const [fulfillment] = h.sim.store.fulfillments(o.id);
    expect(fulfillment!.lineItems).toHaveLength(2);
    expect(h.sim.store.fulfillmentOrders(o.id).every((fo) => fo.status === 'CLOSED')).toBe(true);
  });

  it('does not move a fulfillment order with reported progress: 422 naming why, nothing sent', async () => {
    product('PROGRESS-TOTE', { [L.newark]: 0, [L.losAngeles]: 5 });
    const o = order([{ sku: 'PROGRESS-TOTE', quantity: 1 }]);
    h.sim.store.reportProgress(fulfillmentOrders(o.id)[0]!.id);
    const res = await send(BEST, { order_id: o.id });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe('no_eligible_location');
    expect(res.json.error.message).toMatch(/Los Angeles Warehouse: Shopify does not allow moving this fulfillment order/);
    expect(mutations()).toEqual([]);
  });

  it("never moves to or fulfils at another app's fulfillment-service location, even with the stock", async () => {
    const threePl = h.sim.store.addLocation({
      name: 'ShipBob',
      isFulfillmentService: true,
      address: { countryCode: 'US', latitude: 40.7, longitude: -74 },
    });
    product('TPL-ITEM', { [L.newark]: 0, [threePl.id]: 50 });
    const o = order([{ sku: 'TPL-ITEM', quantity: 1 }]);
    const res = await send(BEST, { order_id: o.id });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe('no_eligible_location');
    // Shopify lists a fulfillment service's (legacy) location only with includeLegacy: it is never a candidate.
    expect(res.json.error.message).not.toMatch(/ShipBob: eligible/);
    expect(mutations()).toEqual([]);
    expect(h.sim.store.inventory('TPL-ITEM', threePl.id)).toMatchObject({ available: 50 });
  });

  it.each([
    ['UNSUBMITTED', "another app's fulfillment service"],
    ['SUBMITTED', 'that service fulfils it'],
  ] as const)('leaves a fulfillment order assigned to a 3PL (request %s) to that service: 200 noop', async (requestStatus, reason) => {
    const threePl = h.sim.store.addLocation({ name: 'ShipBob', isFulfillmentService: true });
    product('TPL-OWN', { [threePl.id]: 5 });
    const o = order([{ sku: 'TPL-OWN', quantity: 1 }], { locationId: threePl.id });
    h.sim.store.updateFulfillmentOrder(fulfillmentOrders(o.id)[0]!.id, { requestStatus });
    for (const handle of [BEST, READY]) {
      const res = await send(handle, { order_id: o.id });
      expect(res.status).toBe(200);
      expect(res.json.return_value.outcome).toBe('nothing_to_fulfill');
      expect((await lastRun()).explanation).toMatchObject({ skipped: [{ kind: 'elsewhere', reason: expect.stringContaining(reason) }] });
    }
    expect(mutations()).toEqual([]);
    expect(h.sim.store.flowTriggers).toEqual([]);
  });

  it('moves to a location past the first page of locationsForMove in a shop of 30 locations', async () => {
    const far = Array.from({ length: 30 }, (_, i) =>
      h.sim.store.addLocation({
        name: `Zone ${String(i).padStart(2, '0')}`,
        address: { countryCode: 'US', latitude: 30 + i / 10, longitude: -100 },
      }),
    );
    const last = far[far.length - 1]!;
    product('LAST-PAGE', { [L.newark]: 0, [last.id]: 5 });
    const o = order([{ sku: 'LAST-PAGE', quantity: 1 }]);
    const res = await send(BEST, { order_id: o.id });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.return_value).toMatchObject({ outcome: 'fulfilled', locationId: last.id });
    expect(ops()).toContain('FulfillmentSnapshotMoves');
  });
});

describe('stock shared by the lines of one variant', () => {
  it('two lines of one variant (3 + 3) and a location with 5 available: not chosen, nothing oversold', async () => {
    product('TWICE', { [L.newark]: 0, [L.losAngeles]: 5 });
    const o = order([
      { sku: 'TWICE', quantity: 3 },
      { sku: 'TWICE', quantity: 3 },
    ]);
    const res = await send(BEST, { order_id: o.id });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe('no_eligible_location');
    // The first line fits in the 5; the second, with the first's 3 planned, does not.
    expect(res.json.error.message).toMatch(
      /Los Angeles Warehouse: not eligible: out of stock: TWICE \(5 available, 3 needed, 3 already planned for the order's other lines of this item: short by 1\)/,
    );
    expect(mutations()).toEqual([]);
    expect(h.sim.store.inventory('TWICE', L.losAngeles)).toMatchObject({ available: 5 });
  });

  it('two lines of one variant (3 + 3): moves to the location that has all 6, leaving the other stock alone', async () => {
    product('TWICE-OK', { [L.newark]: 5, [L.losAngeles]: 6 });
    const o = order([
      { sku: 'TWICE-OK', quantity: 3 },
      { sku: 'TWICE-OK', quantity: 3 },
    ]);
    const res = await send(BEST, { order_id: o.id });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.return_value).toMatchObject({ outcome: 'fulfilled', locationId: L.losAngeles, linesFulfilled: 2 });
    expect(h.sim.store.inventory('TWICE-OK', L.losAngeles)).toMatchObject({ available: 0, on_hand: 0 });
    expect(h.sim.store.inventory('TWICE-OK', L.newark)).toMatchObject({ available: 5, on_hand: 5 });
  });

  it('two fulfillment orders of one order share the stock of their item at a location', async () => {
    product('SHARED-FO', { [L.newark]: 0, [L.losAngeles]: 4 });
    const o = order(
      [
        { sku: 'SHARED-FO', quantity: 2 },
        { sku: 'SHARED-FO', quantity: 3 },
      ],
      {
        fulfillmentOrders: [
          { locationId: L.newark, lines: [{ line: 0 }] },
          { locationId: L.newark, lines: [{ line: 1 }] },
        ],
      },
    );
    const res = await send(BEST, { order_id: o.id });
    expect(res.status).toBe(422);
    expect(res.json.error.message).toMatch(/2 already planned for the order's other lines of this item: short by 1/);
    expect(mutations()).toEqual([]);
  });

  it('partial fulfil ships the first of two lines of one variant (3 + 3) when 5 are on hand, and leaves the second open', async () => {
    product('HALF', { [L.newark]: 5 });
    const o = order([
      { sku: 'HALF', quantity: 3 },
      { sku: 'HALF', quantity: 3 },
    ]);
    expect(h.sim.store.inventory('HALF', L.newark)).toMatchObject({ available: -1, committed: 6, on_hand: 5 });
    const res = await send(READY, { order_id: o.id });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.return_value).toMatchObject({ outcome: 'partially_fulfilled', linesFulfilled: 1, linesLeft: 1 });
    const [fulfillment] = h.sim.store.fulfillments(o.id);
    expect(fulfillment!.lineItems).toEqual([expect.objectContaining({ quantity: 3 })]);
    expect(h.sim.store.inventory('HALF', L.newark)).toMatchObject({ on_hand: 2, committed: 3 });
    const lines = (await lastRun()).explanation as any;
    expect(lines.lines.map((l: any) => [l.ready, l.ready_quantity])).toEqual([
      [true, 3],
      [false, 0],
    ]);
    expect(lines.lines[1].reason).toMatch(/5 usable \(-1 available \+ 6 this order commits here\), 3 needed, 3 already planned/);
  });

  it('a rule that says ready never ships more than the location has left for the line', async () => {
    await rules({ rules: [{ name: 'always-ready', action: READY, ready: true, ready_quantity: { var: 'line.quantity' } }] });
    product('RULE-SHORT', { [L.newark]: 2 });
    const o = order([{ sku: 'RULE-SHORT', quantity: 3 }]);
    const res = await send(READY, { order_id: o.id });
    expect(res.status).toBe(200);
    expect(res.json.return_value).toMatchObject({ outcome: 'partially_fulfilled', linesFulfilled: 1, linesLeft: 1 });
    expect(h.sim.store.fulfillments(o.id)[0]!.lineItems[0]!.quantity).toBe(2);
    expect(h.sim.store.inventory('RULE-SHORT', L.newark)).toMatchObject({ on_hand: 0 });
  });
});

describe('fulfillment order statuses', () => {
  it('fulfils an INCOMPLETE fulfillment order that still has units and CREATE_FULFILLMENT (it is not "already fulfilled")', async () => {
    product('INCOMPLETE-ITEM', { [L.newark]: 5 });
    const o = order([{ sku: 'INCOMPLETE-ITEM', quantity: 2 }]);
    const [fo] = fulfillmentOrders(o.id);
    h.sim.store.updateFulfillmentOrder(fo!.id, { status: 'INCOMPLETE' });
    const res = await send(READY, { order_id: o.id });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.return_value).toMatchObject({ outcome: 'fulfilled', linesFulfilled: 1, linesLeft: 0 });
  });

  it('waits (202) for a scheduled fulfillment order that opens within hours, and fails clearly for one days away', async () => {
    product('LATER', { [L.newark]: 5 });
    const soon = order([{ sku: 'LATER', quantity: 1 }]);
    h.sim.store.updateFulfillmentOrder(fulfillmentOrders(soon.id)[0]!.id, {
      status: 'SCHEDULED',
      fulfillAt: new Date(h.clock.now() + 3 * 3_600_000).toISOString(),
    });
    const pending = await send(BEST, { order_id: soon.id });
    expect(pending.status).toBe(202);
    expect(pending.json).toMatchObject({ status: 'pending', reason: 'scheduled' });

    const later = order([{ sku: 'LATER', quantity: 1 }]);
    h.sim.store.updateFulfillmentOrder(fulfillmentOrders(later.id)[0]!.id, {
      status: 'SCHEDULED',
      fulfillAt: new Date(h.clock.now() + 3 * 86_400_000).toISOString(),
    });
    const refused = await send(READY, { order_id: later.id });
    expect(refused.status).toBe(422);
    expect(refused.json.error).toMatchObject({ code: 'scheduled', message: expect.stringContaining('more than 20 hours away') });
    expect(mutations()).toEqual([]);
  });
});

describe('lists longer than one page are read to the end, or refused naming the limit', () => {
  it('add-tracking with fulfil-if-needed fulfils all 25 fulfillment orders of an order, past the first page of 20', async () => {
    product('MANY-FO', { [L.newark]: 50 });
    const o = order(
      Array.from({ length: 25 }, () => ({ sku: 'MANY-FO', quantity: 1 })),
      { fulfillmentOrders: Array.from({ length: 25 }, (_, i) => ({ locationId: L.newark, lines: [{ line: i }] })) },
    );
    const res = await h.addTracking({ order_id: o.id, tracking_number: '1Z999AA10123456784', fulfill_if_needed: true });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(ops()).toContain('AddTrackingFulfillmentOrders');
    expect(h.sim.store.fulfillmentOrders(o.id).every((fo) => fo.status === 'CLOSED')).toBe(true);
  });

  it('a shop with more locations than flowfill reads (1,000) is refused with 422 shop_too_large, nothing changed', async () => {
    // Eleven pages of locations drain the bucket: a clock that sleeps instantly lets the run wait it out.
    await h.close();
    h = await createHarness({ clock: manualClock(), adminBudgetMs: 600_000 });
    for (let i = 0; i < 1100; i++) h.sim.store.addLocation({ name: `Depot ${i}` });
    product('BIG-SHOP', { [L.newark]: 5 });
    const o = order([{ sku: 'BIG-SHOP', quantity: 1 }]);
    const res = await send(BEST, { order_id: o.id });
    expect(res.status).toBe(422);
    expect(res.json.error).toMatchObject({ code: 'shop_too_large', message: expect.stringContaining('more than 1000 locations') });
    expect(mutations()).toEqual([]);
  });
});

describe('found by the generative suite (order-shapes.property.test.ts)', () => {
  it('two fulfillment orders moved into one location are fulfilled from what Shopify holds there after the moves', async () => {
    // The second move into Los Angeles makes Shopify close the first moved one and recreate its lines in a new one.
    product('JOIN-A', { [L.newark]: 0, [L.losAngeles]: 5 });
    product('JOIN-B', { [L.newark]: 0, [L.losAngeles]: 5 });
    const o = order(
      [
        { sku: 'JOIN-A', quantity: 1 },
        { sku: 'JOIN-B', quantity: 2 },
      ],
      {
        fulfillmentOrders: [
          { locationId: L.newark, lines: [{ sku: 'JOIN-A' }] },
          { locationId: L.newark, lines: [{ sku: 'JOIN-B' }] },
        ],
      },
    );
    const res = await send(BEST, { order_id: o.id });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.return_value).toMatchObject({ outcome: 'fulfilled', locationId: L.losAngeles, linesFulfilled: 2, linesLeft: 0 });
    expect(ops()).toEqual([
      'FulfillmentSnapshot',
      'FulfillmentOrderMove',
      'FulfillmentOrderMove',
      'FulfillmentOrdersAfterMoves',
      'FulfillmentCreate',
    ]);
    const [fulfillment] = h.sim.store.fulfillments(o.id);
    expect(fulfillment!.lineItems.map((l) => l.quantity).sort()).toEqual([1, 2]);
  });

  it('does not move a fulfillment order into a location that another fulfillment order of the order leaves in the same plan', async () => {
    // Newark would take the 5-unit one only if the 1-unit one left for Los Angeles: a swap Shopify may break.
    product('SWAP', { [L.newark]: 5, [L.losAngeles]: 2 });
    const o = order(
      [
        { sku: 'SWAP', quantity: 5 },
        { sku: 'SWAP', quantity: 1 },
      ],
      {
        fulfillmentOrders: [
          { locationId: L.losAngeles, lines: [{ line: 0 }] },
          { locationId: L.newark, lines: [{ line: 1 }] },
        ],
      },
    );
    const res = await send(BEST, { order_id: o.id });
    expect(res.status).toBe(422);
    expect(res.json.error.message).toMatch(
      /Newark Warehouse: not moved here: another fulfillment order of this order there \(gid:\/\/shopify\/FulfillmentOrder\/\d+\) left it in a plan that moved this one in/,
    );
    expect(mutations()).toEqual([]);
  });

  it('does not move a fulfillment order into a location where another one of the order is left alone (on hold)', async () => {
    product('HELD-HERE', { [L.newark]: 5, [L.losAngeles]: 0 });
    const o = order(
      [
        { sku: 'HELD-HERE', quantity: 1 },
        { sku: 'HELD-HERE', quantity: 1 },
      ],
      {
        fulfillmentOrders: [
          { locationId: L.losAngeles, lines: [{ line: 0 }] },
          { locationId: L.newark, lines: [{ line: 1 }], holds: [{ reason: 'AWAITING_PAYMENT' }] },
        ],
      },
    );
    const res = await send(BEST, { order_id: o.id });
    expect(res.status).toBe(422);
    expect(res.json.error.message).toMatch(/Newark Warehouse: not moved here: .* stays there unfulfilled by this run/);
    expect(mutations()).toEqual([]);
    expect(h.sim.store.fulfillmentOrders(o.id).map((fo) => fo.holds.length)).toEqual([0, 1]);
  });

  it('add-tracking with fulfil-if-needed records the parcel that left, whatever Shopify says of the stock there', async () => {
    product('NO-LEVEL', { [L.losAngeles]: 3 });
    const o = order([{ sku: 'NO-LEVEL', quantity: 2 }]);
    const res = await h.addTracking({ order_id: o.id, tracking_number: '1Z999AA10123456784', fulfill_if_needed: true });
    expect(res.status).toBe(200);
    expect(res.json.return_value.outcome).toBe('fulfilled');
    expect(h.sim.store.fulfillments(o.id)[0]).toMatchObject({ locationId: L.newark });
  });
});
