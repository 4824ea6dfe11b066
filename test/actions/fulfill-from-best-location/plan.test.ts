import { describe, expect, it } from 'vitest';
import { planBestLocation, type BestLocationInput } from '../../../src/actions/fulfill-from-best-location/plan';
import { orRefuse } from '../../../src/actions/refusal';
import type { Snapshot, SnapshotLine } from '../../../src/actions/fulfillment/snapshot';
import { createRuleEngine } from '../../../src/rules/engine';

const { compileRule } = createRuleEngine();

const line = (id: string, levels: SnapshotLine['levels'], remaining = 1): SnapshotLine => ({
  id,
  lineItemId: `li-${id}`,
  remaining,
  total: remaining,
  requiresShipping: true,
  sku: id,
  title: id,
  vendor: null,
  variantId: null,
  productId: null,
  inventoryItemId: `item-${id}`,
  tracked: true,
  levels,
});
const loc = (id: string, latitude: number, longitude: number) => ({
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
/** locationsForMove as Shopify answers it: movable where every line is stocked, else Shopify's message. */
const targets = (lines: SnapshotLine[], ids: string[]) =>
  Object.fromEntries(
    ids.map((id) => [
      id,
      lines.every((l) => l.levels[id])
        ? { movable: true, message: null }
        : { movable: false, message: 'Some items are not stocked at this location.' },
    ]),
  );
const stock = (available: number) => ({ available, onHand: available, committed: 0 });

function snapshot(lines: SnapshotLine[]): Snapshot {
  return {
    order: {
      id: 'o',
      name: '#1',
      tags: [],
      createdAt: '2026-01-01T00:00:00Z',
      email: null,
      cancelledAt: null,
      currency: 'USD',
      totalPrice: 1,
      shippingAddress: { countryCode: 'US', provinceCode: null, city: null, zip: null, latitude: 40.75, longitude: -74 },
      customer: null,
      lineCount: lines.length,
      totalQuantity: lines.length,
    },
    fulfillmentOrders: [
      {
        id: 'fo',
        status: 'OPEN',
        requestStatus: 'UNSUBMITTED',
        fulfillAt: null,
        supportedActions: ['CREATE_FULFILLMENT', 'MOVE'],
        holds: [],
        locationId: 'far',
        locationName: 'far',
        deliveryMethod: 'SHIPPING',
        lines,
        moveTargets: targets(lines, ['near', 'mid']),
      },
    ],
    locations: [loc('far', 34, -118), loc('near', 40.7, -74.1), loc('mid', 41.9, -87.6)],
    notes: [],
  };
}
const base = {
  skipped: [],
  ruleUsed: { name: null, version: null, summary: 'built-in default' },
  notify: { notify: false, source: 'default' },
  now: '2026-01-02T00:00:00Z',
} satisfies Omit<BestLocationInput, 'snapshot' | 'fulfillable' | 'rule'>;
const plan = (s: Snapshot, rule: ReturnType<typeof compileRule> | null = null) =>
  orRefuse(planBestLocation({ ...base, snapshot: s, fulfillable: s.fulfillmentOrders, rule }));

describe('planBestLocation', () => {
  it('moves to the nearest location with everything in stock, then one create', () => {
    const { plan: p, explanation } = plan(snapshot([line('a', { far: stock(-1), near: stock(3), mid: stock(3) })]));
    expect(p.steps).toEqual([
      { kind: 'move', fulfillmentOrderId: 'fo', fromLocationId: 'far', toLocationId: 'near', toLocationName: 'near' },
      // The create fulfils what the move returns, found by order line.
      {
        kind: 'create',
        locationId: 'near',
        locationName: 'near',
        fulfillmentOrders: [{ fulfillmentOrderId: 'fo', fromMove: 0, orderLines: [{ lineItemId: 'li-a', quantity: 1 }] }],
      },
    ]);
    expect(explanation.fulfillmentOrders[0]!.candidates.map((c) => [c.name, c.eligible])).toEqual([
      ['near', true],
      ['mid', true],
      ['far', false],
    ]);
  });

  it('keeps the assigned location when it is eligible and best by score ties', () => {
    const rule = compileRule({ name: 'flat', action: 'fulfill-from-best-location', priority: 0, enabled: true, score: 1 } as never);
    const { plan: p } = plan(snapshot([line('a', { far: stock(0), near: stock(3) })]), rule);
    expect(p.steps).toEqual([
      {
        kind: 'create',
        locationId: 'far',
        locationName: 'far',
        fulfillmentOrders: [
          { fulfillmentOrderId: 'fo', lineItems: [{ id: 'a', quantity: 1 }], orderLines: [{ lineItemId: 'li-a', quantity: 1 }] },
        ],
      },
    ]);
  });

  it('throws no_eligible_location with every candidate and why', () => {
    expect(() => plan(snapshot([line('a', { far: stock(-1), near: stock(0) }, 2)]))).toThrowError(
      /No eligible location.*near: not eligible: out of stock: a \(0 available, 2 needed: short by 2\).*mid: not eligible: out of stock: a \(not stocked/,
    );
  });

  it('splits line by line with allow_split: partial move of the lines that leave', () => {
    const rule = compileRule({
      name: 'split',
      action: 'fulfill-from-best-location',
      priority: 0,
      enabled: true,
      allow_split: true,
    } as never);
    const { plan: p, explanation } = plan(snapshot([line('a', { far: stock(0) }), line('b', { mid: stock(4) }, 2)]), rule);
    expect(p.steps).toEqual([
      {
        kind: 'move',
        fulfillmentOrderId: 'fo',
        fromLocationId: 'far',
        toLocationId: 'mid',
        toLocationName: 'mid',
        lineItems: [{ id: 'b', quantity: 2 }],
      },
      {
        kind: 'create',
        locationId: 'far',
        locationName: 'far',
        fulfillmentOrders: [
          { fulfillmentOrderId: 'fo', lineItems: [{ id: 'a', quantity: 1 }], orderLines: [{ lineItemId: 'li-a', quantity: 1 }] },
        ],
      },
      {
        kind: 'create',
        locationId: 'mid',
        locationName: 'mid',
        fulfillmentOrders: [{ fulfillmentOrderId: 'fo', fromMove: 0, orderLines: [{ lineItemId: 'li-b', quantity: 2 }] }],
      },
    ]);
    expect(explanation.fulfillmentOrders[0]!.decision).toBe('split');
  });

  it('keeps a fulfillment order an earlier attempt already moved', () => {
    const s = snapshot([line('a', { far: stock(0), near: stock(9) })]);
    const { plan: p, explanation } = orRefuse(
      planBestLocation({
        ...base,
        snapshot: s,
        fulfillable: s.fulfillmentOrders,
        rule: null,
        pinned: { fo: 'far' },
      }),
    );
    expect(p.steps.map((step) => step.kind)).toEqual(['create']);
    expect(explanation.fulfillmentOrders[0]!.reason).toMatch(/earlier attempt/);
  });
});
