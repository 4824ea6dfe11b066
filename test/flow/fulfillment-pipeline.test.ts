import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_LOCATIONS as L, SANDBOX_ORDERS as O } from '../../src/sandbox/seed';
import { importRules } from '../../src/rules/store';
import { createHarness, SHOP, type Harness } from '../helpers/harness';

const BEST = 'fulfill-from-best-location';
const READY = 'partial-fulfill-ready-items';
let h: Harness;

const send = (handle: string, properties: Record<string, unknown>, over: Record<string, unknown> = {}) =>
  h.post(`/flow/actions/${handle}`, h.flowBody(handle, properties, over));
// The action's own calls (the fulfillment-needs-attention trigger is fired separately and never counted here).
const own = () => h.sim.calls.filter((c) => c.operationName !== 'FlowTriggerReceive');
const ops = () => own().map((c) => c.operationName);
const moves = () => h.sim.calls.filter((c) => c.operationName === 'FulfillmentOrderMove');
const actualCost = () => own().reduce((sum, c) => sum + (c.actualQueryCost ?? 0), 0);
const maxRequested = () => Math.max(...own().map((c) => c.requestedQueryCost ?? 0));

async function rules(document: unknown) {
  const result = await importRules(h.db, SHOP, document, Date.now());
  expect(result.ok).toBe(true);
}

/** An order at Newark, shipped to Manhattan, with the given lines (SKUs of the sandbox shop). */
function addOrder(lineItems: { sku: string; quantity: number }[], extra: Record<string, unknown> = {}) {
  return h.sim.store.addOrder({
    shippingAddress: { countryCode: 'US', provinceCode: 'NY', city: 'New York', zip: '10001', latitude: 40.7506, longitude: -73.9972 },
    lineItems,
    locationId: L.newark,
    ...extra,
  });
}

afterEach(async () => {
  await h?.close();
});

describe('Flow pipeline: fulfill-from-best-location', () => {
  beforeEach(async () => {
    h = await createHarness();
  });

  it('keeps the assigned location when it is the best: one read, one create, no move', async () => {
    const res = await send(BEST, { order_id: O.unfulfilledInStock });
    expect(res.status).toBe(200);
    expect(res.json.return_value).toEqual({
      outcome: 'fulfilled',
      locationId: L.newark,
      locationName: 'Newark Warehouse',
      fulfillmentIds: [expect.stringMatching(/^gid:\/\/shopify\/Fulfillment\//)],
      linesFulfilled: 2,
      linesLeft: 0,
      ruleName: null,
    });
    expect(ops()).toEqual(['FulfillmentSnapshot', 'FulfillmentCreate']);
    expect(actualCost()).toBeLessThanOrEqual(100);
    expect(maxRequested()).toBeLessThanOrEqual(1000);
    const [run] = await h.runs();
    expect(run).toMatchObject({ status: 'succeeded', ruleName: null });
    const explanation = run!.explanation as any;
    expect(explanation.rule.summary).toMatch(/built-in default/);
    expect(explanation.fulfillmentOrders[0]).toMatchObject({ decision: 'keep', location: { id: L.newark } });
    expect(explanation.fulfillmentOrders[0].candidates.map((c: any) => c.name)).toEqual(['Newark Warehouse', 'Los Angeles Warehouse']);
    expect(explanation.fulfillmentOrders[0].excluded.map((c: any) => `${c.name}: ${c.reason}`).sort()).toEqual([
      'Chicago Outlet: inactive',
      'Toronto Store: does not fulfill online orders',
    ]);
    expect(explanation.mutations).toMatchObject([{ mutation: 'fulfillmentCreate', locationId: L.newark }]);
  });

  it('moves to the nearest location with stock, then fulfils there: three round trips', async () => {
    const res = await send(BEST, { order_id: O.stockElsewhere, notify_customer: true });
    expect(res.status).toBe(200);
    expect(res.json.return_value).toMatchObject({
      outcome: 'fulfilled',
      locationId: L.losAngeles,
      locationName: 'Los Angeles Warehouse',
      linesFulfilled: 1,
      linesLeft: 0,
    });
    expect(ops()).toEqual(['FulfillmentSnapshot', 'FulfillmentOrderMove', 'FulfillmentCreate']);
    expect(actualCost()).toBeLessThanOrEqual(100);
    const [fo] = h.sim.store.fulfillmentOrders(O.stockElsewhere);
    expect(fo).toMatchObject({ assignedLocationId: L.losAngeles, status: 'CLOSED' });
    const [fulfillment] = h.sim.store.fulfillments(O.stockElsewhere);
    expect(fulfillment).toMatchObject({ locationId: L.losAngeles, notifyCustomer: true });
    const explanation = (await h.runs())[0]!.explanation as any;
    const newark = explanation.fulfillmentOrders[0].candidates.find((c: any) => c.id === L.newark);
    expect(newark).toMatchObject({ eligible: false, is_assigned: true });
    expect(newark.reason).toMatch(/TOTE-NAT/);
  });

  it('answers 422 no_eligible_location naming each candidate and why', async () => {
    const order = addOrder([{ sku: 'BEANIE-GRY', quantity: 9 }]);
    const res = await send(BEST, { order_id: order.id });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe('no_eligible_location');
    expect(res.json.error.message).toMatch(/Newark Warehouse: not eligible.*BEANIE-GRY/);
    expect(res.json.error.message).toMatch(/Los Angeles Warehouse: not eligible/);
    expect(h.mutations()).toHaveLength(0);
    const [run] = await h.runs();
    expect((run!.explanation as any).fulfillmentOrders[0].candidates).toHaveLength(2);
  });

  it('splits across locations with a rule that allows it', async () => {
    await rules({ rules: [{ name: 'split-when-needed', action: BEST, allow_split: true }] });
    // Beanies only at Newark, totes only in Los Angeles.
    const order = addOrder([
      { sku: 'BEANIE-GRY', quantity: 2 },
      { sku: 'TOTE-NAT', quantity: 3 },
    ]);
    const refusedWithoutRule = await send(BEST, { order_id: order.id, rule: 'split-when-needed' });
    expect(refusedWithoutRule.status).toBe(200);
    expect(refusedWithoutRule.json.return_value).toMatchObject({
      outcome: 'fulfilled',
      linesFulfilled: 2,
      linesLeft: 0,
      ruleName: 'split-when-needed',
      fulfillmentIds: [expect.any(String), expect.any(String)],
    });
    expect(moves()).toHaveLength(1);
    expect(moves()[0]!.variables).toMatchObject({ newLocationId: L.losAngeles, fulfillmentOrderLineItems: [{ quantity: 3 }] });
    const fulfillments = h.sim.store.fulfillments(order.id);
    expect(fulfillments.map((f) => f.locationId).sort()).toEqual([L.newark, L.losAngeles].sort());
    expect(h.sim.store.inventory('TOTE-NAT', L.losAngeles)).toMatchObject({ available: 22 });
    expect((await h.runs())[0]).toMatchObject({ ruleName: 'split-when-needed', ruleVersion: 1 });
  });

  it('a rule from the store changes the choice', async () => {
    await rules({
      rules: [{ name: 'prefer-la', action: BEST, score: { if: [{ '==': [{ var: 'location.name' }, 'Los Angeles Warehouse'] }, 100, 0] } }],
    });
    const res = await send(BEST, { order_id: O.unfulfilledInStock });
    expect(res.status).toBe(200);
    expect(res.json.return_value).toMatchObject({ locationId: L.losAngeles, ruleName: 'prefer-la' });
    expect(moves()).toHaveLength(1);
  });

  it('excluding a location by rule leaves no eligible location', async () => {
    await rules({
      rules: [
        {
          name: 'no-la',
          action: BEST,
          eligible: { and: [{ var: 'location.all_in_stock' }, { '!=': [{ var: 'location.name' }, 'Los Angeles Warehouse'] }] },
        },
      ],
    });
    const res = await send(BEST, { order_id: O.stockElsewhere });
    expect(res.status).toBe(422);
    expect(res.json.error.message).toMatch(/Los Angeles Warehouse: not eligible: rule eligible: false/);
  });

  it('is a 200 no-op for a fulfilled order', async () => {
    const res = await send(BEST, { order_id: O.fulfilledNoTracking });
    expect(res.status).toBe(200);
    expect(res.json.return_value).toMatchObject({ outcome: 'already_fulfilled', fulfillmentIds: [], linesLeft: 0 });
    expect(h.mutations()).toHaveLength(0);
    expect((await h.runs())[0]!.status).toBe('noop');
  });

  it('answers 202 while fulfillment orders do not exist yet or a post-purchase hold is on', async () => {
    const notYet = await send(BEST, { order_id: O.noFulfillmentOrdersYet });
    expect(notYet.status).toBe(202);
    expect(notYet.json.reason).toBe('fulfillment_orders_not_ready');
    const held = await send(BEST, { order_id: O.onHold });
    expect(held.status).toBe(202);
    expect(held.json.reason).toBe('temporary_hold');
    expect(h.mutations()).toHaveLength(0);
  });

  it('answers 422 naming a permanent hold', async () => {
    const order = addOrder([{ sku: 'MUG-BLK', quantity: 1 }], { hold: { reason: 'AWAITING_PAYMENT' } });
    const res = await send(READY, { order_id: order.id });
    expect(res.status).toBe(422);
    expect(res.json.error).toMatchObject({ code: 'on_hold', message: expect.stringContaining('AWAITING_PAYMENT') });
  });

  it('resumes a run that moved but crashed before fulfilling, without a second move', async () => {
    let failCreate = true;
    h.sim.faults.beforeOperation = (name) =>
      name === 'FulfillmentCreate' && failCreate ? new Response('<html>503</html>', { status: 503 }) : undefined;
    const body = h.flowBody(BEST, { order_id: O.stockElsewhere });
    const first = await h.post(`/flow/actions/${BEST}`, body);
    expect(first.status).toBe(202);
    expect(h.sim.store.fulfillmentOrders(O.stockElsewhere)[0]!.assignedLocationId).toBe(L.losAngeles);
    failCreate = false;
    const again = await h.post(`/flow/actions/${BEST}`, body);
    expect(again.status).toBe(200);
    expect(again.json.return_value).toMatchObject({ outcome: 'fulfilled', locationId: L.losAngeles });
    expect(moves()).toHaveLength(1);
    expect(h.sim.store.fulfillments(O.stockElsewhere)).toHaveLength(1);
    const [run] = await h.runs();
    expect(run).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect((run!.explanation as any).fulfillmentOrders[0].reason).toMatch(/earlier attempt/);
  });

  it('resumes a split that crashed after its partial move, without a second move or fulfillment', async () => {
    await rules({ rules: [{ name: 'split-when-needed', action: BEST, allow_split: true }] });
    const order = addOrder([
      { sku: 'BEANIE-GRY', quantity: 2 },
      { sku: 'TOTE-NAT', quantity: 3 },
    ]);
    // The first location's fulfillment goes through; the process "dies" on the second.
    let creates = 0;
    let failCreates = true;
    h.sim.faults.beforeOperation = (name) =>
      name === 'FulfillmentCreate' && failCreates && ++creates === 2 ? new Response('<html>503</html>', { status: 503 }) : undefined;
    const body = h.flowBody(BEST, { order_id: order.id });
    expect((await h.post(`/flow/actions/${BEST}`, body)).status).toBe(202);
    expect(moves()).toHaveLength(1);
    expect(h.sim.store.fulfillments(order.id)).toHaveLength(1);
    failCreates = false;
    const again = await h.post(`/flow/actions/${BEST}`, body);
    expect(again.status, JSON.stringify(again.json)).toBe(200);
    expect(again.json.return_value).toMatchObject({ outcome: 'fulfilled', linesLeft: 0 });
    expect(moves()).toHaveLength(1);
    const fulfillments = h.sim.store.fulfillments(order.id);
    expect(fulfillments.map((f) => f.locationId).sort()).toEqual([L.newark, L.losAngeles].sort());
    expect(h.sim.store.fulfillmentOrders(order.id).every((fo) => fo.status === 'CLOSED')).toBe(true);
  });

  it('treats a create whose answer was lost as done on the re-send', async () => {
    h.sim.faults.beforeOperation = (name) => {
      if (name === 'FulfillmentCreate') {
        h.sim.faults.http5xxRate = 1;
        h.sim.faults.http5xxPhase = 'after';
      }
    };
    const body = h.flowBody(BEST, { order_id: O.unfulfilledInStock });
    expect((await h.post(`/flow/actions/${BEST}`, body)).status).toBe(202);
    h.sim.faults.http5xxRate = 0;
    h.sim.faults.beforeOperation = undefined;
    const again = await h.post(`/flow/actions/${BEST}`, body);
    expect(again.status).toBe(200);
    expect(again.json.return_value.outcome).toBe('fulfilled');
    expect(h.sim.store.fulfillments(O.unfulfilledInStock)).toHaveLength(1);
  });
});

describe('Flow pipeline: partial-fulfill-ready-items', () => {
  beforeEach(async () => {
    h = await createHarness();
  });

  it('fulfils the ready lines and leaves the rest open with the right quantities', async () => {
    // Mugs are in stock at Newark, totes are not.
    const order = addOrder([
      { sku: 'MUG-BLK', quantity: 2 },
      { sku: 'TOTE-NAT', quantity: 1 },
    ]);
    const res = await send(READY, { order_id: order.id });
    expect(res.status).toBe(200);
    expect(res.json.return_value).toMatchObject({
      outcome: 'partially_fulfilled',
      locationId: L.newark,
      linesFulfilled: 1,
      linesLeft: 1,
      ruleName: null,
    });
    expect(ops()).toEqual(['FulfillmentSnapshot', 'FulfillmentCreate']);
    expect(actualCost()).toBeLessThanOrEqual(100);
    const fo = h.sim.store.fulfillmentOrders(order.id)[0]!;
    expect(fo.status).toBe('IN_PROGRESS');
    expect(fo.lineItems.map((l) => l.remainingQuantity)).toEqual([0, 1]);
    const [run] = await h.runs();
    const lines = (run!.explanation as any).lines;
    expect(lines.map((l: any) => [l.sku, l.ready])).toEqual([
      ['MUG-BLK', true],
      ['TOTE-NAT', false],
    ]);
  });

  it('is a 200 no-op with the reason when nothing is ready', async () => {
    const res = await send(READY, { order_id: O.stockElsewhere });
    expect(res.status).toBe(200);
    expect(res.json.return_value).toMatchObject({ outcome: 'nothing_ready', linesFulfilled: 0, linesLeft: 1, fulfillmentIds: [] });
    expect(h.mutations()).toHaveLength(0);
    const [run] = await h.runs();
    expect(run!.status).toBe('noop');
    expect((run!.explanation as any).outcome).toMatch(/TOTE-NAT/);
  });

  it('fulfils the open line of a partly fulfilled order', async () => {
    const res = await send(READY, { order_id: O.partiallyFulfilled });
    expect(res.status).toBe(200);
    expect(res.json.return_value).toMatchObject({ outcome: 'fulfilled', linesFulfilled: 1, linesLeft: 0 });
  });

  it('uses the rule: ready on line.available and a ready quantity', async () => {
    await rules({ rules: [{ name: 'one-at-a-time', action: READY, ready: { '>=': [{ var: 'line.available' }, 0] }, ready_quantity: 1 }] });
    const order = addOrder([{ sku: 'MUG-BLK', quantity: 3 }]);
    const res = await send(READY, { order_id: order.id });
    expect(res.status).toBe(200);
    expect(res.json.return_value).toMatchObject({
      outcome: 'partially_fulfilled',
      ruleName: 'one-at-a-time',
      linesFulfilled: 1,
      linesLeft: 1,
    });
    expect(h.sim.store.fulfillmentOrders(order.id)[0]!.lineItems[0]!.remainingQuantity).toBe(2);
  });
});
