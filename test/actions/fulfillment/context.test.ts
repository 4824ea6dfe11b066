import { describe, expect, it } from 'vitest';
import { CONTEXT_VARIABLES } from '../../../src/rules/context';
import { haversineKm, lineContext, locationContext, orderContext } from '../../../src/actions/fulfillment/context';
import type { Snapshot, SnapshotFulfillmentOrder, SnapshotLine } from '../../../src/actions/fulfillment/snapshot';
import { StockPool } from '../../../src/actions/fulfillment/stock';

const line = (over: Partial<SnapshotLine> = {}): SnapshotLine => ({
  id: 'gid://shopify/FulfillmentOrderLineItem/1',
  lineItemId: 'gid://shopify/LineItem/1',
  remaining: 2,
  total: 2,
  requiresShipping: true,
  sku: 'MUG',
  title: 'Mug',
  vendor: 'Acme',
  variantId: 'gid://shopify/ProductVariant/1',
  productId: 'gid://shopify/Product/1',
  inventoryItemId: 'gid://shopify/InventoryItem/1',
  tracked: true,
  levels: {
    A: { available: 0, onHand: 2, committed: 2 },
    B: { available: 1, onHand: 1, committed: 0 },
    C: { available: 5, onHand: 5, committed: 0 },
  },
  ...over,
});
const fo = (lines: SnapshotLine[], locationId = 'A'): SnapshotFulfillmentOrder => ({
  id: `gid://shopify/FulfillmentOrder/${locationId}`,
  status: 'OPEN',
  requestStatus: 'UNSUBMITTED',
  fulfillAt: null,
  supportedActions: ['CREATE_FULFILLMENT', 'MOVE'],
  holds: [],
  locationId,
  locationName: locationId,
  deliveryMethod: 'SHIPPING',
  lines,
  moveTargets: null,
});
const snapshot = (
  f: SnapshotFulfillmentOrder,
  address: { latitude: number | null; longitude: number | null } | null = { latitude: 40.75, longitude: -73.99 },
): Snapshot => ({
  order: {
    id: 'gid://shopify/Order/1',
    name: '#1',
    tags: ['vip'],
    createdAt: '2026-01-01T00:00:00Z',
    email: null,
    cancelledAt: null,
    currency: 'USD',
    totalPrice: 10,
    shippingAddress: address && { countryCode: 'US', provinceCode: 'NY', city: 'NYC', zip: '10001', ...address },
    customer: null,
    lineCount: 1,
    totalQuantity: 2,
  },
  fulfillmentOrders: [f],
  locations: [],
  notes: [],
});
const loc = (id: string, latitude: number | null = 40.72, longitude: number | null = -74.14) => ({
  id,
  name: id,
  isActive: true,
  fulfillsOnlineOrders: true,
  isFulfillmentService: false,
  countryCode: 'US',
  provinceCode: null,
  city: null,
  zip: null,
  latitude,
  longitude,
});
const covered = (pool: StockPool, l: SnapshotLine, at: string) => pool.cover([{ line: l }], at).perLine[0]!;

describe('fulfillment context builder', () => {
  it('measures great-circle distance (Newark to Los Angeles ≈ 3,950 km), null without coordinates', () => {
    expect(haversineKm({ latitude: 40.7247, longitude: -74.1391 }, { latitude: 34.0335, longitude: -118.2359 })).toBeCloseTo(3950, -2);
    expect(haversineKm({ latitude: null, longitude: 1 }, { latitude: 1, longitude: 1 })).toBeNull();
    expect(haversineKm(null, { latitude: 1, longitude: 1 })).toBeNull();
  });

  it("counts this order's committed units at the assigned location, the full quantity elsewhere", () => {
    const l = line();
    const pool = new StockPool([fo([l])]);
    expect(covered(pool, l, 'A').covered).toBe(true); // available 0 after our 2 committed
    expect(covered(pool, l, 'B')).toMatchObject({ covered: false, reason: '1 available, 2 needed: short by 1' });
    expect(pool.cover([{ line: l }], 'B').units).toBe(1);
    expect(covered(pool, l, 'C').covered).toBe(true);
    expect(covered(pool, l, 'D')).toMatchObject({ covered: false, reason: 'not stocked at this location' });
    expect(covered(pool, line({ tracked: false, levels: {} }), 'D').covered).toBe(true);
    expect(covered(pool, line({ inventoryItemId: null, levels: {} }), 'D').covered).toBe(true);
    const short = line({ levels: { A: { available: -1, onHand: 1, committed: 2 } } });
    expect(covered(new StockPool([fo([short])]), short, 'A')).toMatchObject({
      covered: false,
      reason: '1 usable (-1 available + 2 this order commits here), 2 needed: short by 1',
    });
  });

  it('shares an item between lines and fulfillment orders of the order, taking lines in order', () => {
    // One variant on two lines (3 + 3), 5 on hand at A: available -1 after the order's 6 committed.
    const levels = { A: { available: -1, onHand: 5, committed: 6 }, B: { available: 5, onHand: 5, committed: 0 } };
    const first = line({ id: 'l1', remaining: 3, levels });
    const second = line({ id: 'l2', remaining: 3, levels });
    const pool = new StockPool([fo([first, second])]);
    expect(pool.cover([{ line: first }, { line: second }], 'A')).toMatchObject({ all: false, lines: 1, units: 5 });
    expect(pool.cover([{ line: first }, { line: second }], 'B')).toMatchObject({ all: false, lines: 1, units: 5 });
    // line.available: what is left once the line ships; the second line sees what the first took.
    expect(lineContext(first, fo([first, second]), pool).available).toBe(2);
    pool.take(first, 'A', 3);
    expect(lineContext(second, fo([first, second]), pool).available).toBe(-1);
    // Another fulfillment order of the order at B draws on the same units there.
    const elsewhere = line({ id: 'l3', remaining: 4, levels });
    const pool2 = new StockPool([fo([first]), fo([elsewhere], 'B')]);
    expect(pool2.free(first, 'B')).toBe(9);
    pool2.take(elsewhere, 'B', 4);
    expect(pool2.cover([{ line: first }], 'B').perLine[0]).toMatchObject({
      covered: true,
      reason: "9 usable (5 available + 4 this order commits here), 3 needed, 4 already planned for the order's other lines of this item",
    });
  });

  it('builds exactly the documented variables', () => {
    const l = line();
    const f = fo([l, line({ id: 'x', inventoryItemId: 'gid://shopify/InventoryItem/2', levels: {} })]);
    const s = snapshot(f);
    const pool = new StockPool([f]);
    const coverage = pool.cover(
      f.lines.map((x) => ({ line: x })),
      'B',
    );
    const location = locationContext(s, loc('B'), f, coverage);
    expect(location).toMatchObject({ is_assigned: false, all_in_stock: false, lines_in_stock: 0, units_in_stock: 1 });
    expect(location.distance_km).toBeGreaterThan(0);
    expect(locationContext(snapshot(f, null), loc('B'), f, coverage).distance_km).toBeNull();
    const paths = (root: string, value: object) =>
      Object.keys(value)
        .map((k) => `${root}.${k}`)
        .sort();
    const documented = (root: string) =>
      CONTEXT_VARIABLES.filter((v) => v.path.startsWith(`${root}.`) && v.path.split('.').length === 2)
        .map((v) => v.path)
        .sort();
    expect(paths('location', location)).toEqual(documented('location'));
    expect(paths('line', lineContext(l, f, pool))).toEqual(documented('line'));
    expect(paths('order', orderContext(s))).toEqual(documented('order'));
    expect(lineContext(l, f, pool)).toMatchObject({ available: 0, on_hand: 2, committed: 2, quantity: 2 });
  });
});
