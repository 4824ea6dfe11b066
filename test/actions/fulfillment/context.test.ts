import { describe, expect, it } from 'vitest';
import { CONTEXT_VARIABLES } from '../../../src/rules/context';
import { haversineKm, lineContext, lineStockAt, locationContext, orderContext } from '../../../src/actions/fulfillment/context';
import type { Snapshot, SnapshotFulfillmentOrder, SnapshotLine } from '../../../src/actions/fulfillment/snapshot';

const line = (over: Partial<SnapshotLine> = {}): SnapshotLine => ({
  id: 'gid://shopify/FulfillmentOrderLineItem/1', lineItemId: 'gid://shopify/LineItem/1', remaining: 2, total: 2, requiresShipping: true,
  sku: 'MUG', title: 'Mug', vendor: 'Acme', variantId: 'gid://shopify/ProductVariant/1', productId: 'gid://shopify/Product/1',
  inventoryItemId: 'gid://shopify/InventoryItem/1', tracked: true,
  levels: { A: { available: 0, onHand: 2, committed: 2 }, B: { available: 1, onHand: 1, committed: 0 }, C: { available: 5, onHand: 5, committed: 0 } },
  ...over,
});
const fo = (lines: SnapshotLine[]): SnapshotFulfillmentOrder => ({ id: 'gid://shopify/FulfillmentOrder/1', status: 'OPEN', requestStatus: 'UNSUBMITTED', supportedActions: ['CREATE_FULFILLMENT', 'MOVE'], holds: [], locationId: 'A', locationName: 'A', deliveryMethod: 'SHIPPING', lines });
const snapshot = (f: SnapshotFulfillmentOrder, address: { latitude: number | null; longitude: number | null } | null = { latitude: 40.75, longitude: -73.99 }): Snapshot => ({
  order: { id: 'gid://shopify/Order/1', name: '#1', tags: ['vip'], createdAt: '2026-01-01T00:00:00Z', email: null, cancelledAt: null, currency: 'USD', totalPrice: 10, shippingAddress: address && { countryCode: 'US', provinceCode: 'NY', city: 'NYC', zip: '10001', ...address }, customer: null, lineCount: 1, totalQuantity: 2 },
  fulfillmentOrders: [f],
  locations: [],
  notes: [],
});
const loc = (id: string, latitude: number | null = 40.72, longitude: number | null = -74.14) => ({ id, name: id, isActive: true, fulfillsOnlineOrders: true, countryCode: 'US', provinceCode: null, city: null, zip: null, latitude, longitude });

describe('fulfillment context builder', () => {
  it('measures great-circle distance (Newark to Los Angeles ≈ 3,950 km), null without coordinates', () => {
    expect(haversineKm({ latitude: 40.7247, longitude: -74.1391 }, { latitude: 34.0335, longitude: -118.2359 })).toBeCloseTo(3950, -2);
    expect(haversineKm({ latitude: null, longitude: 1 }, { latitude: 1, longitude: 1 })).toBeNull();
    expect(haversineKm(null, { latitude: 1, longitude: 1 })).toBeNull();
  });

  it("counts this order's committed units at the assigned location, the full quantity elsewhere", () => {
    const l = line();
    const f = fo([l]);
    expect(lineStockAt(l, f, 'A').inStock).toBe(true); // available 0 after our 2 committed
    expect(lineStockAt(l, f, 'B')).toMatchObject({ inStock: false, units: 1 });
    expect(lineStockAt(l, f, 'C').inStock).toBe(true);
    expect(lineStockAt(l, f, 'D')).toMatchObject({ inStock: false, reason: 'not stocked at this location' });
    expect(lineStockAt(line({ tracked: false, levels: {} }), f, 'D').inStock).toBe(true);
    expect(lineStockAt(line({ inventoryItemId: null, levels: {} }), f, 'D').inStock).toBe(true);
    expect(lineStockAt(line({ levels: { A: { available: -1, onHand: 1, committed: 2 } } }), f, 'A')).toMatchObject({ inStock: false, units: 1 });
  });

  it('builds exactly the documented variables', () => {
    const l = line();
    const f = fo([l, line({ id: 'x', levels: {} })]);
    const s = snapshot(f);
    const location = locationContext(s, loc('B'), f);
    expect(location).toMatchObject({ is_assigned: false, all_in_stock: false, lines_in_stock: 0, units_in_stock: 1 });
    expect(location.distance_km).toBeGreaterThan(0);
    expect(locationContext(snapshot(f, null), loc('B'), f).distance_km).toBeNull();
    const paths = (root: string, value: object) => Object.keys(value).map((k) => `${root}.${k}`).sort();
    const documented = (root: string) => CONTEXT_VARIABLES.filter((v) => v.path.startsWith(`${root}.`) && v.path.split('.').length === 2).map((v) => v.path).sort();
    expect(paths('location', location)).toEqual(documented('location'));
    expect(paths('line', lineContext(l, f))).toEqual(documented('line'));
    expect(paths('order', orderContext(s))).toEqual(documented('order'));
    expect(lineContext(l, f)).toMatchObject({ available: 0, on_hand: 2, committed: 2, quantity: 2 });
  });
});
