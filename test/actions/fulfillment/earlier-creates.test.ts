import { describe, expect, it } from 'vitest';
import type { RunFulfillmentData } from '../../../src/actions/fulfillment/documents';
import { createKey, earlierCreateSteps, matchEarlierCreates, parseCreateKey } from '../../../src/actions/fulfillment/earlier-creates';
import type { Snapshot, SnapshotLine } from '../../../src/actions/fulfillment/snapshot';
import type { RunStep } from '../../../src/db/schema';

const NEWARK = 'gid://shopify/Location/101';
const LA = 'gid://shopify/Location/102';
const FO1 = 'gid://shopify/FulfillmentOrder/1';
const FO2 = 'gid://shopify/FulfillmentOrder/2';

const step = (key: string, state: RunStep['state'], name = 'FulfillmentCreate'): RunStep => ({ name, key, state, at: 0 });
const line = (id: string, lineItemId: string): SnapshotLine => ({
  id,
  lineItemId,
  remaining: 0,
  total: 1,
  requiresShipping: true,
  sku: null,
  title: id,
  vendor: null,
  variantId: null,
  productId: null,
  inventoryItemId: null,
  tracked: true,
  levels: {},
});
const snapshot = {
  fulfillmentOrders: [
    {
      id: FO1,
      status: 'CLOSED',
      requestStatus: 'UNSUBMITTED',
      supportedActions: [],
      holds: [],
      locationId: NEWARK,
      locationName: 'Newark Warehouse',
      deliveryMethod: null,
      lines: [line('fol-a', 'li-a'), line('fol-b', 'li-b')],
    },
    {
      id: FO2,
      status: 'CLOSED',
      requestStatus: 'UNSUBMITTED',
      supportedActions: [],
      holds: [],
      locationId: LA,
      locationName: 'Los Angeles Warehouse',
      deliveryMethod: null,
      lines: [line('fol-c', 'li-c')],
    },
  ],
  locations: [
    { id: NEWARK, name: 'Newark Warehouse' },
    { id: LA, name: 'Los Angeles Warehouse' },
  ],
} as unknown as Snapshot;
const fulfillment = (id: string, locationId: string, lineItemIds: string[]): RunFulfillmentData => ({
  id,
  createdAt: '2026-01-01T00:00:00Z',
  location: { id: locationId, name: 'from Shopify' },
  fulfillmentLineItems: { nodes: lineItemIds.map((li) => ({ quantity: 1, lineItem: { id: li } })) },
});

describe('resumed runs: what earlier attempts fulfilled', () => {
  it('reads the location and fulfillment orders back from a create step key (GIDs hold colons)', () => {
    expect(parseCreateKey(createKey(NEWARK, [FO1, FO2]))).toEqual({
      key: `${NEWARK}:${FO1},${FO2}`,
      locationId: NEWARK,
      fulfillmentOrderIds: [FO1, FO2],
    });
    expect(parseCreateKey('not a create key')).toBeNull();
  });

  it('counts done creates and creates in doubt, once each, unless this attempt sent the same create again', () => {
    const a = createKey(NEWARK, [FO1]);
    const b = createKey(LA, [FO2]);
    const previous = [
      step(`${FO1}>${LA}`, 'done', 'FulfillmentOrderMove'),
      step(a, 'started'),
      step(a, 'done'),
      step(b, 'started'),
      step(createKey(LA, [FO1]), 'failed'),
    ];
    expect(earlierCreateSteps(previous, new Set()).map((s) => s.key)).toEqual([a, b]);
    // b was in doubt and this attempt sent it again: it had not gone through.
    expect(earlierCreateSteps(previous, new Set([a, b])).map((s) => s.key)).toEqual([a]);
  });

  it('takes the newest fulfillment at the step location that this attempt did not make', () => {
    const steps = earlierCreateSteps([step(createKey(NEWARK, [FO1]), 'started')], new Set());
    const found = new Map([
      [
        FO1,
        [fulfillment('made-now', NEWARK, ['li-b']), fulfillment('ours', NEWARK, ['li-a']), fulfillment('before-the-run', NEWARK, ['li-b'])],
      ],
    ]);
    expect(matchEarlierCreates(steps, found, snapshot, new Set(['made-now']))).toEqual({
      fulfillments: [{ id: 'ours', locationId: NEWARK, locationName: 'Newark Warehouse' }],
      lines: ['fol-a'],
      keys: [createKey(NEWARK, [FO1])],
    });
  });

  it('takes only a fulfillment made after the step was tried and holding exactly the units it sent', () => {
    const at = Date.parse('2026-01-01T12:00:00Z');
    const sent = (key: string) => ({ ...step(key, 'started'), at, sent: { 'li-a': 1 } });
    const steps = earlierCreateSteps([sent(createKey(NEWARK, [FO1]))], new Set());
    const made = (id: string, createdAt: string, lines: string[]) => ({ ...fulfillment(id, NEWARK, lines), createdAt });
    // Newest first: one of other units, one from the day before, then ours.
    const found = new Map([
      [
        FO1,
        [
          made('other-units', '2026-01-01T12:00:05Z', ['li-b']),
          made('ours', '2026-01-01T12:00:01Z', ['li-a']),
          made('yesterday', '2025-12-31T12:00:00Z', ['li-a']),
        ],
      ],
    ]);
    expect(matchEarlierCreates(steps, found, snapshot, new Set()).fulfillments.map((f) => f.id)).toEqual(['ours']);
    const none = new Map([
      [FO1, [made('other-units', '2026-01-01T12:00:05Z', ['li-b']), made('yesterday', '2025-12-31T12:00:00Z', ['li-a'])]],
    ]);
    expect(matchEarlierCreates(steps, none, snapshot, new Set())).toEqual({ fulfillments: [], lines: [], keys: [] });
  });

  it('keeps the order the creates were sent in, and skips a create Shopify shows no fulfillment for', () => {
    const steps = earlierCreateSteps([step(createKey(LA, [FO2]), 'done'), step(createKey(NEWARK, [FO1]), 'started')], new Set());
    expect(
      matchEarlierCreates(
        steps,
        new Map([
          [FO2, [fulfillment('la', LA, ['li-c'])]],
          [FO1, []],
        ]),
        snapshot,
        new Set(),
      ),
    ).toEqual({
      fulfillments: [{ id: 'la', locationId: LA, locationName: 'Los Angeles Warehouse' }],
      lines: ['fol-c'],
      keys: [createKey(LA, [FO2])],
    });
  });
});
