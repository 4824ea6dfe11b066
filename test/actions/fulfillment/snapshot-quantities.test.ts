/**
 * The snapshot reads `on_hand` and `committed` only for rules that can see them: the default rules
 * and every other variable need `available` alone, and each quantity read costs a point per
 * location per line.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { needsOnHandAndCommitted } from '../../../src/actions/fulfillment/read';
import type { Rule } from '../../../src/rules/document';
import { importRules } from '../../../src/rules/store';
import { SANDBOX_LOCATIONS as L } from '../../../src/sandbox/seed';
import { createHarness, SHOP, type Harness } from '../../helpers/harness';

const BEST = 'fulfill-from-best-location';
const READY = 'partial-fulfill-ready-items';
const MANHATTAN = { countryCode: 'US', provinceCode: 'NY', city: 'New York', zip: '10001', latitude: 40.7506, longitude: -73.9972 };

let h: Harness;
afterEach(async () => h?.close());

const own = () => h.sim.calls.filter((c) => c.operationName !== 'FlowTriggerReceive');
const snapshotCall = () => own().find((c) => c.operationName === 'FulfillmentSnapshot')!;
const send = (handle: string, properties: Record<string, unknown>) => h.post(`/flow/actions/${handle}`, h.flowBody(handle, properties));

/** A shop of 10 locations (the sandbox's 4 and 6 depots) where each of `lines` items is stocked everywhere; the order is at Newark. */
function bigShopOrder(lines: number) {
  const { store } = h.sim;
  const depots = Array.from({ length: 6 }, (_, i) =>
    store.addLocation({
      name: `Depot ${i + 1}`,
      address: { countryCode: 'US', provinceCode: 'CA', city: 'Fresno', zip: '93650', latitude: 36.7 + i / 100, longitude: -119.7 },
    }),
  );
  const everywhere = [L.newark, L.losAngeles, L.chicago, L.toronto, ...depots.map((d) => d.id)];
  const skus = Array.from({ length: lines }, (_, i) => {
    const sku = `WIDE-${i}`;
    store.addProduct({ title: `Widely stocked ${i}`, sku, inventory: Object.fromEntries(everywhere.map((id) => [id, 5])) });
    return sku;
  });
  return store.addOrder({ shippingAddress: MANHATTAN, lineItems: skus.map((sku) => ({ sku, quantity: 1 })), locationId: L.newark });
}

describe('needsOnHandAndCommitted', () => {
  const rule = (over: Partial<Rule>): Rule => ({ name: 'r', action: READY, priority: 100, enabled: true, ...over });

  it('is false for no rules and for rules that read only available and other variables', () => {
    expect(needsOnHandAndCommitted([])).toBe(false);
    expect(
      needsOnHandAndCommitted([rule({ ready: { '>=': [{ var: 'line.available' }, 0] }, when: { in: ['vip', { var: 'order.tags' }] } })]),
    ).toBe(false);
    expect(
      needsOnHandAndCommitted([
        rule({ action: BEST, eligible: { var: 'location.all_in_stock' }, score: { '-': [0, { var: 'location.distance_km' }] } }),
      ]),
    ).toBe(false);
  });

  it('is true when any rule reads line.on_hand or line.committed, the whole line, or a computed name', () => {
    expect(
      needsOnHandAndCommitted([rule({}), rule({ ready_quantity: { min: [{ var: 'line.quantity' }, { var: 'line.on_hand' }] } })]),
    ).toBe(true);
    expect(needsOnHandAndCommitted([rule({ ready: { '<': [{ var: 'line.committed' }, 5] } })])).toBe(true);
    expect(needsOnHandAndCommitted([rule({ ready: { missing: ['line'] } })])).toBe(true);
    expect(needsOnHandAndCommitted([rule({ ready: { var: { cat: ['line.', 'committed'] } } })])).toBe(true);
  });
});

describe('snapshot cost of a 5-line order in a shop of 10 stocking locations', () => {
  it('fulfils from the assigned location in 2 round trips, reading only available: 651 requested (555 + where it may move, without the lines’ variants), ≤ 250 actual', async () => {
    h = await createHarness();
    const order = bigShopOrder(5);
    const res = await send(BEST, { order_id: order.id });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.return_value).toMatchObject({ outcome: 'fulfilled', locationId: L.newark, linesFulfilled: 5, linesLeft: 0 });
    expect(own().map((c) => c.operationName)).toEqual(['FulfillmentSnapshot', 'FulfillmentCreate']);
    const snapshot = snapshotCall();
    expect(snapshot.variables.quantities).toEqual(['available']);
    expect(snapshot.requestedQueryCost).toBe(651);
    // No rule reads line.variant_id or line.product_id: the fulfillment order lines' variants are not read.
    expect(snapshot.variables.variants).toBe(false);
    // 45 levels at 3 points each (the level, its location, one quantity) are most of it: reading
    // every candidate's stock of every line cannot get near 100 points for this order (see docs/benchmarks.md).
    expect(snapshot.actualQueryCost).toBeLessThanOrEqual(250);
  });

  it('partially fulfils the same way with the default rule', async () => {
    h = await createHarness();
    const order = bigShopOrder(5);
    const res = await send(READY, { order_id: order.id });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.return_value).toMatchObject({ outcome: 'fulfilled', linesFulfilled: 5, linesLeft: 0 });
    expect(snapshotCall().variables.quantities).toEqual(['available']);
    expect(snapshotCall().actualQueryCost).toBeLessThanOrEqual(225);
  });
});

describe('a rule reading line.on_hand and line.committed', () => {
  it('sees the real figures: ships the reserved units on hand that the default rule would not', async () => {
    h = await createHarness();
    const { store } = h.sim;
    // 1 available and 3 reserved at Newark; the order commits its 3 units: available -2, committed 3, on hand 4.
    store.addProduct({ title: 'Reserved jacket', sku: 'RESERVED-JACKET', inventory: { [L.newark]: { available: 1, onHand: 4 } } });
    const order = store.addOrder({
      shippingAddress: MANHATTAN,
      lineItems: [{ sku: 'RESERVED-JACKET', quantity: 3 }],
      locationId: L.newark,
    });
    expect(store.inventory('RESERVED-JACKET', L.newark)).toMatchObject({ available: -2, committed: 3, on_hand: 4 });

    const imported = await importRules(
      h.db,
      SHOP,
      {
        rules: [
          {
            name: 'ship-what-is-on-hand',
            action: READY,
            ready: { '>': [{ var: 'line.on_hand' }, { var: 'line.committed' }] },
            // Units on hand beyond the committed ones: 4 − 3 = 1.
            ready_quantity: { '-': [{ var: 'line.on_hand' }, { var: 'line.committed' }] },
          },
        ],
      },
      Date.now(),
    );
    expect(imported.ok).toBe(true);

    const res = await send(READY, { order_id: order.id });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.return_value).toMatchObject({
      outcome: 'partially_fulfilled',
      linesFulfilled: 1,
      linesLeft: 1,
      ruleName: 'ship-what-is-on-hand',
    });
    expect(snapshotCall().variables.quantities).toEqual(['available', 'on_hand', 'committed']);
    const [fulfillment] = store.fulfillments(order.id);
    expect(fulfillment!.lineItems.reduce((n, l) => n + l.quantity, 0)).toBe(1);
  });
});
