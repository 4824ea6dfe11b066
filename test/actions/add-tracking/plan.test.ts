import { describe, expect, it } from 'vitest';
import { trackingUrlFor } from '../../../src/actions/add-tracking/carrier';
import type { TrackingChoice } from '../../../src/actions/add-tracking/choice';
import type { FulfillmentTrackingData, TrackingFulfillmentOrderData } from '../../../src/actions/add-tracking/documents';
import {
  locateTarget,
  originCountry,
  planTracking,
  type LocateInput,
  type Target,
  type TrackedOrder,
} from '../../../src/actions/add-tracking/plan';
import { orRefuse } from '../../../src/actions/refusal';

const fulfillment = (
  id: number,
  createdAt: string,
  numbers: string[] = [],
  options: { status?: string; url?: (n: string) => string | null; company?: string | null } = {},
): FulfillmentTrackingData => ({
  id: `gid://shopify/Fulfillment/${id}`,
  name: `#1001-F${id}`,
  status: options.status ?? 'SUCCESS',
  createdAt,
  trackingInfo: numbers.map((number) => ({
    company: options.company === undefined ? 'UPS' : options.company,
    number,
    url: options.url ? options.url(number) : null,
  })),
});
const fo = (
  id: number,
  status = 'OPEN',
  locationId = 1,
  holds: string[] = [],
  actions = ['CREATE_FULFILLMENT', 'MOVE'],
  methodType = 'SHIPPING',
  countryCode = 'US',
): TrackingFulfillmentOrderData => ({
  id: `gid://shopify/FulfillmentOrder/${id}`,
  status,
  fulfillAt: null,
  supportedActions: actions.map((action) => ({ action })),
  fulfillmentHolds: holds.map((reason) => ({ reason, reasonNotes: null })),
  assignedLocation: { name: `Location ${locationId}`, countryCode, location: { id: `gid://shopify/Location/${locationId}` } },
  deliveryMethod: { methodType },
});
const order = (over: Partial<TrackedOrder> = {}): TrackedOrder => ({
  name: '#1001',
  cancelledAt: null,
  fulfillments: [],
  fulfillmentOrders: { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } },
  ...over,
});
const foes = (...nodes: TrackingFulfillmentOrderData[]) => ({ nodes, pageInfo: { hasNextPage: false, endCursor: null } });
const locate = (over: Partial<LocateInput> = {}) =>
  orRefuse(
    locateTarget({
      order: order(),
      trackingNumber: '1Z999AA10123456784',
      fulfillIfNeeded: false,
      resumingCreate: false,
      now: Date.parse('2026-11-27T12:00:00Z'),
      ...over,
    }),
  );
const choice = (over: Partial<TrackingChoice> = {}): TrackingChoice => ({
  company: { company: 'UPS', source: 'detected', reason: '1Z number' },
  url: { url: null, source: 'none' },
  notify: { notify: false, source: 'default' },
  conflict: { policy: 'keep', source: 'default' },
  warnings: [],
  ...over,
});
const plan = (target: Target, number = '1Z999AA10123456784', c: TrackingChoice = choice()) => orRefuse(planTracking(target, number, c));
const customUrl = (n: string) => `https://t.example/${n}`;

describe('locateTarget', () => {
  it('targets the most recent live fulfillment', () => {
    const target = locate({
      order: order({
        fulfillments: [
          fulfillment(1, '2026-11-01T00:00:00Z', ['OLD1']),
          fulfillment(2, '2026-11-02T00:00:00Z', ['OLD2']),
          fulfillment(3, '2026-11-03T00:00:00Z', [], { status: 'CANCELLED' }),
        ],
      }),
    });
    expect(target).toMatchObject({ kind: 'update', fulfillment: { id: 'gid://shopify/Fulfillment/2' } });
  });

  it('is a no-op when the number is already on a fulfillment, ignoring spaces and case', () => {
    expect(
      locate({
        trackingNumber: '1z 999 aa1 0123456784',
        order: order({ fulfillments: [fulfillment(1, '2026-11-01T00:00:00Z', ['1Z999AA10123456784'])] }),
      }).kind,
    ).toBe('noop');
  });

  it('fails with a clear 422 when there is no fulfillment and fulfil-if-needed is off', () => {
    expect(() => locate({ order: order({ fulfillmentOrders: foes(fo(1)) }) })).toThrow(
      expect.objectContaining({ code: 'no_fulfillment', status: 422, message: expect.stringContaining('Fulfill if needed') }),
    );
  });

  it('fulfils open shipping fulfillment orders per location, leaving closed ones and 3PL ones', () => {
    const target = locate({
      fulfillIfNeeded: true,
      order: order({
        fulfillmentOrders: foes(
          fo(1, 'OPEN', 1),
          fo(2, 'IN_PROGRESS', 2),
          fo(3, 'CLOSED', 1),
          fo(4, 'OPEN', 3, [], ['REQUEST_FULFILLMENT']),
        ),
      }),
    });
    expect(target).toMatchObject({
      kind: 'create',
      groups: [
        { locationId: 'gid://shopify/Location/1', fulfillmentOrderIds: ['gid://shopify/FulfillmentOrder/1'] },
        { locationId: 'gid://shopify/Location/2', fulfillmentOrderIds: ['gid://shopify/FulfillmentOrder/2'] },
      ],
    });
  });

  it('on a partly fulfilled order, fulfils the open items with the number rather than adding it to the earlier shipment', () => {
    const target = locate({
      fulfillIfNeeded: true,
      order: order({
        fulfillments: [fulfillment(1, '2026-11-01T00:00:00Z', ['OLD'])],
        fulfillmentOrders: foes(fo(1, 'CLOSED'), fo(2, 'OPEN', 2)),
      }),
    });
    expect(target).toMatchObject({ kind: 'create', groups: [{ fulfillmentOrderIds: ['gid://shopify/FulfillmentOrder/2'] }] });
    expect(target.notes.join(' ')).toContain('not onto an earlier shipment');
  });

  it('names no origin country when the locations fulfilled are in different countries', () => {
    const target = locate({
      fulfillIfNeeded: true,
      order: order({
        fulfillmentOrders: foes(fo(1, 'OPEN', 1, [], undefined, 'SHIPPING', 'CA'), fo(2, 'OPEN', 2, [], undefined, 'SHIPPING', 'US')),
      }),
    });
    expect(originCountry(target)).toBeNull();
    expect(
      originCountry(
        locate({ fulfillIfNeeded: true, order: order({ fulfillmentOrders: foes(fo(1, 'OPEN', 1, [], undefined, 'SHIPPING', 'CA')) }) }),
      ),
    ).toBe('CA');
  });

  it('answers pending while fulfillment orders do not exist yet or only a temporary hold applies, and names a permanent hold', () => {
    expect(() => locate({ fulfillIfNeeded: true })).toThrow(
      expect.objectContaining({ name: 'PendingError', reason: 'fulfillment_orders_not_ready' }),
    );
    expect(() =>
      locate({
        fulfillIfNeeded: true,
        order: order({ fulfillmentOrders: foes(fo(1, 'ON_HOLD', 1, ['ONLINE_STORE_POST_PURCHASE_CROSS_SELL'], ['RELEASE_HOLD'])) }),
      }),
    ).toThrow(expect.objectContaining({ reason: 'temporary_hold' }));
    expect(() =>
      locate({
        fulfillIfNeeded: true,
        order: order({ fulfillmentOrders: foes(fo(1, 'ON_HOLD', 1, ['HIGH_RISK_OF_FRAUD'], ['RELEASE_HOLD'])) }),
      }),
    ).toThrow(expect.objectContaining({ code: 'on_hold', message: expect.stringContaining('HIGH_RISK_OF_FRAUD') }));
  });
});

describe('planTracking: what the fulfillment already has is kept', () => {
  const onFulfillment = (f: FulfillmentTrackingData) => locate({ order: order({ fulfillments: [f] }) });

  it('keeps the existing numbers (Shopify replaces the list)', () => {
    const { plan: p, notes } = plan(onFulfillment(fulfillment(1, '2026-11-01T00:00:00Z', ['1Z999AA10000000001'])));
    expect(p).toEqual({
      kind: 'update',
      fulfillmentId: 'gid://shopify/Fulfillment/1',
      trackingInfoInput: { company: 'UPS', numbers: ['1Z999AA10000000001', '1Z999AA10123456784'] },
      notifyCustomer: false,
    });
    expect(notes.join(' ')).toContain('existing tracking');
  });

  it('when an existing number has a URL, sends one for every number: the existing as they were, the new one from the step', () => {
    const { plan: p } = plan(
      onFulfillment(fulfillment(1, '2026-11-01T00:00:00Z', ['A1'], { url: customUrl })),
      '1Z999AA10123456784',
      choice({ url: { url: 'https://t.example/new', source: 'property' } }),
    );
    expect(p).toMatchObject({
      trackingInfoInput: { numbers: ['A1', '1Z999AA10123456784'], urls: ['https://t.example/A1', 'https://t.example/new'] },
    });
  });

  it("without a URL for the new number, gives it its carrier's public tracking page so no existing URL is lost", () => {
    const { plan: p, notes } = plan(onFulfillment(fulfillment(1, '2026-11-01T00:00:00Z', ['A1'], { url: customUrl })));
    expect(p).toMatchObject({
      trackingInfoInput: { company: 'UPS', urls: ['https://t.example/A1', trackingUrlFor('UPS', '1Z999AA10123456784')] },
    });
    expect(notes.join(' ')).toContain("UPS's public tracking page");
  });

  it('refuses (422 tracking_url_needed, nothing sent) rather than drop an existing URL it cannot pair', () => {
    const f = fulfillment(1, '2026-11-01T00:00:00Z', ['H1'], { url: customUrl, company: 'Hermes' });
    expect(() =>
      plan(onFulfillment(f), 'UNKNOWN-FORMAT-1', choice({ company: { company: null, source: 'none', reason: 'no format' } })),
    ).toThrow(
      expect.objectContaining({
        code: 'tracking_url_needed',
        status: 422,
        message: expect.stringContaining('Give the step a Tracking URL'),
      }),
    );
  });

  it("builds the existing numbers' pages when the step gives a URL and none of them has one, instead of dropping the step's URL", () => {
    const { plan: p } = plan(
      onFulfillment(fulfillment(1, '2026-11-01T00:00:00Z', ['1Z999AA10000000001'])),
      '1Z999AA10123456784',
      choice({ url: { url: 'https://t.example/new', source: 'property' } }),
    );
    expect(p).toMatchObject({ trackingInfoInput: { urls: [trackingUrlFor('UPS', '1Z999AA10000000001'), 'https://t.example/new'] } });
  });

  it('drops only the new URL (with a note) when the existing numbers have no URL and no known page', () => {
    const f = fulfillment(1, '2026-11-01T00:00:00Z', ['B1'], { company: 'Bob Courier' });
    const { plan: p, notes } = plan(
      onFulfillment(f),
      'B2',
      choice({
        company: { company: null, source: 'none', reason: 'no format' },
        url: { url: 'https://t.example/new', source: 'property' },
      }),
    );
    expect(p).toMatchObject({ trackingInfoInput: { company: 'Bob Courier', numbers: ['B1', 'B2'] } });
    expect(p).not.toHaveProperty('trackingInfoInput.urls');
    expect(notes.join(' ')).toContain('URL was not sent');
  });
});

describe('planTracking: one company per fulfillment', () => {
  const ups = () => locate({ order: order({ fulfillments: [fulfillment(1, '2026-11-01T00:00:00Z', ['1Z999AA10000000001'])] }) });
  const correios = choice({ company: { company: 'Correios', source: 'detected', reason: 'S10 BR' } });

  it("keep (default): the existing numbers stay under their company, the new one gets its own carrier's link, and the run warns", () => {
    const { plan: p, warnings } = plan(ups(), 'RA123456785BR', correios);
    expect(p).toMatchObject({
      trackingInfoInput: {
        company: 'UPS',
        numbers: ['1Z999AA10000000001', 'RA123456785BR'],
        urls: [trackingUrlFor('UPS', '1Z999AA10000000001'), trackingUrlFor('Correios', 'RA123456785BR')],
      },
    });
    expect(warnings.join(' ')).toMatch(/Shopify keeps one company per fulfillment.*listed under UPS.*its own Correios tracking link/);
  });

  it('replace: every number is listed under the new company', () => {
    const {
      plan: p,
      notes,
      warnings,
    } = plan(ups(), 'RA123456785BR', { ...correios, conflict: { policy: 'replace', source: "the step's company_conflict" } });
    expect(p).toMatchObject({ trackingInfoInput: { company: 'Correios', numbers: ['1Z999AA10000000001', 'RA123456785BR'] } });
    expect(notes.join(' ')).toContain('all are now listed under Correios');
    expect(warnings).toEqual([]);
  });

  it('a fulfillment without numbers simply takes the new company', () => {
    const { plan: p, warnings } = plan(
      locate({ order: order({ fulfillments: [fulfillment(1, '2026-11-01T00:00:00Z')] }) }),
      'RA123456785BR',
      correios,
    );
    expect(p).toMatchObject({ trackingInfoInput: { company: 'Correios', numbers: ['RA123456785BR'] } });
    expect(p).not.toHaveProperty('trackingInfoInput.urls');
    expect(warnings).toEqual([]);
  });

  it("a number of no known company joins the fulfillment's company, said in the notes", () => {
    const { plan: p, notes } = plan(ups(), 'X-1', choice({ company: { company: null, source: 'none', reason: 'no format matched' } }));
    expect(p).toMatchObject({ trackingInfoInput: { company: 'UPS', numbers: ['1Z999AA10000000001', 'X-1'] } });
    expect(notes.join(' ')).toContain("listed under UPS, the fulfillment's company");
  });

  it("keep without any URL for the new number refuses rather than give it the other carrier's link", () => {
    expect(() => plan(ups(), 'BOB-1', choice({ company: { company: 'Bob Courier', source: 'property', reason: 'step' } }))).toThrow(
      expect.objectContaining({ code: 'tracking_url_needed', message: expect.stringContaining('company_conflict to "replace"') }),
    );
  });
});

describe('planTracking: creates', () => {
  it('sends the company, the URL and notify with every fulfillment created', () => {
    const target = locate({ fulfillIfNeeded: true, order: order({ fulfillmentOrders: foes(fo(1)) }) });
    const { plan: p } = plan(
      target,
      'RA123456785BR',
      choice({
        company: { company: 'Correios', source: 'rule', reason: 'rule' },
        url: { url: 'https://t.example/x', source: 'rule' },
        notify: { notify: true, source: 'rule' },
      }),
    );
    expect(p).toMatchObject({
      kind: 'create',
      trackingInfo: { company: 'Correios', numbers: ['RA123456785BR'], urls: ['https://t.example/x'] },
      notifyCustomer: true,
    });
  });
});
