/** Orders and shops bigger than the first snapshot read covers: the follow-up reads complete it. */
import { afterEach, describe, expect, it } from 'vitest';
import { SNAPSHOT_SIZES } from '../../src/actions/fulfillment/documents';
import { SANDBOX_LOCATIONS as L } from '../../src/sandbox/seed';
import { createHarness, type Harness } from '../helpers/harness';

let h: Harness;
afterEach(async () => h?.close());

const own = (sim: Harness['sim']) => sim.calls.filter((c) => c.operationName !== 'FlowTriggerReceive');

describe('snapshot of a big order in a big shop', () => {
  it('reads every line, level and location in follow-up queries under 1,000 points each, and fulfils everything', async () => {
    h = await createHarness();
    const { store } = h.sim;
    // More locations than the first read's page, each stocking a little of everything.
    const extra = Array.from({ length: SNAPSHOT_SIZES.locations + 5 }, (_, i) =>
      store.addLocation({
        name: `Depot ${String(i + 1).padStart(2, '0')}`,
        address: { countryCode: 'US', provinceCode: 'CA', city: 'Fresno', zip: '93650', latitude: 36.7 + i / 100, longitude: -119.7 },
      }),
    );
    const lineCount = SNAPSHOT_SIZES.lines + 4;
    const skus = Array.from({ length: lineCount }, (_, i) => {
      const sku = `BIG-${i}`;
      const inventory: Record<string, number> = { [L.newark]: 10 };
      for (const location of extra.slice(0, SNAPSHOT_SIZES.levels + 2)) inventory[location.id] = 1;
      store.addProduct({ title: `Big item ${i}`, sku, inventory });
      return sku;
    });
    const order = store.addOrder({
      shippingAddress: { countryCode: 'US', provinceCode: 'NY', city: 'New York', zip: '10001', latitude: 40.75, longitude: -73.99 },
      lineItems: skus.map((sku) => ({ sku, quantity: 2 })),
      locationId: L.newark,
    });

    const res = await h.post('/flow/actions/fulfill-from-best-location', h.flowBody('fulfill-from-best-location', { order_id: order.id }));
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.return_value).toMatchObject({
      outcome: 'fulfilled',
      locationName: 'Newark Warehouse',
      linesFulfilled: lineCount,
      linesLeft: 0,
    });
    const calls = own(h.sim);
    for (const call of calls) expect(call.requestedQueryCost ?? 0, call.operationName ?? '').toBeLessThanOrEqual(1000);
    const reads = calls.filter((c) => !c.rootFields.some((f) => /Create|Move/.test(f)));
    expect(reads.length).toBeGreaterThan(1); // the follow-up reads happened
    expect(calls.filter((c) => c.operationName === 'FulfillmentOrderMove')).toHaveLength(0);
    // Shopify's state: one fulfillment with every unit of every line.
    const [fulfillment] = store.fulfillments(order.id);
    expect(fulfillment!.lineItems.reduce((n, l) => n + l.quantity, 0)).toBe(lineCount * 2);
    expect(store.fulfillmentOrders(order.id).every((fo) => fo.status === 'CLOSED')).toBe(true);
    // The explanation saw every location as a candidate.
    const [run] = await h.runs();
    const candidates = (run!.explanation as { fulfillmentOrders: { candidates: unknown[]; excluded: unknown[] }[] }).fulfillmentOrders[0]!;
    expect(candidates.candidates.length + candidates.excluded.length).toBe(4 + extra.length);
  });
});

describe('an order with more fulfillment orders than the first page', () => {
  it('pages through them and fulfils each from its best location', async () => {
    h = await createHarness();
    const { store } = h.sim;
    const count = SNAPSHOT_SIZES.fulfillmentOrders + 2;
    const skus = Array.from({ length: count }, (_, i) => {
      const sku = `FO-${i}`;
      store.addProduct({ title: `Split item ${i}`, sku, inventory: { [L.newark]: 5, [L.losAngeles]: 5 } });
      return sku;
    });
    const order = store.addOrder({
      shippingAddress: { countryCode: 'US', provinceCode: 'NY', city: 'New York', zip: '10001', latitude: 40.75, longitude: -73.99 },
      lineItems: skus.map((sku) => ({ sku, quantity: 1 })),
      fulfillmentOrders: skus.map((sku) => ({ locationId: L.newark, lines: [{ sku }] })),
    });
    expect(store.fulfillmentOrders(order.id)).toHaveLength(count);

    const res = await h.post('/flow/actions/fulfill-from-best-location', h.flowBody('fulfill-from-best-location', { order_id: order.id }));
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.return_value).toMatchObject({ outcome: 'fulfilled', linesFulfilled: count, linesLeft: 0 });
    expect(store.fulfillmentOrders(order.id).every((fo) => fo.status === 'CLOSED')).toBe(true);
    for (const call of own(h.sim)) expect(call.requestedQueryCost ?? 0).toBeLessThanOrEqual(1000);
    // All at one location: one fulfillmentCreate takes every fulfillment order.
    expect(own(h.sim).filter((c) => c.operationName === 'FulfillmentCreate')).toHaveLength(1);
  });
});

describe('optional scopes missing', () => {
  it('degrades customer and product variables to null with a note, and still fulfils', async () => {
    h = await createHarness();
    const { APP_SCOPES } = await import('../../src/sandbox/simulator/index');
    h.sim.store.setScopes(
      'sandbox.myshopify.com',
      APP_SCOPES.filter((s) => s !== 'read_customers' && s !== 'read_products'),
    );
    const res = await h.post('/flow/actions/fulfill-from-best-location', h.flowBody('fulfill-from-best-location', { order_id: 1002 }));
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.return_value.outcome).toBe('fulfilled');
    const [run] = await h.runs();
    expect(JSON.stringify(run!.explanation)).toMatch(/read_customers|read_products/);
  });
});
