import { describe, expect, it } from 'vitest';
import { chooseCompany } from '../../../src/actions/add-tracking/action';
import type { OrderTrackingData } from '../../../src/actions/add-tracking/documents';
import { planAddTracking, type PlanInput } from '../../../src/actions/add-tracking/plan';

type Order = NonNullable<OrderTrackingData['order']>;
const fulfillment = (id: number, createdAt: string, numbers: string[] = [], status = 'SUCCESS', url: string | null = null) => ({
  id: `gid://shopify/Fulfillment/${id}`,
  name: `#1001-F${id}`,
  status,
  createdAt,
  trackingInfo: numbers.map((number) => ({ company: 'UPS', number, url })),
});
const fo = (id: number, status = 'OPEN', locationId = 1, holds: string[] = [], actions = ['CREATE_FULFILLMENT', 'MOVE'], methodType = 'SHIPPING') => ({
  id: `gid://shopify/FulfillmentOrder/${id}`,
  status,
  supportedActions: actions.map((action) => ({ action })),
  fulfillmentHolds: holds.map((reason) => ({ reason, reasonNotes: null })),
  assignedLocation: { name: `Location ${locationId}`, location: { id: `gid://shopify/Location/${locationId}` } },
  deliveryMethod: { methodType },
});
const order = (over: Partial<Order> = {}): Order => ({
  id: 'gid://shopify/Order/1001',
  name: '#1001',
  cancelledAt: null,
  fulfillments: [],
  fulfillmentOrders: { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } },
  ...over,
});
const input = (over: Partial<PlanInput> = {}): PlanInput => ({
  order: order(),
  trackingNumber: '1Z999AA10123456784',
  company: chooseCompany({ tracking_number: '1Z999AA10123456784' }),
  notifyCustomer: false,
  fulfillIfNeeded: false,
  resumingCreate: false,
  ...over,
});

describe('planAddTracking', () => {
  it('appends to the most recent live fulfillment, keeping the existing numbers (Shopify replaces the list)', () => {
    const { plan, explanation } = planAddTracking(
      input({
        order: order({
          fulfillments: [fulfillment(1, '2026-11-01T00:00:00Z', ['OLD1']), fulfillment(2, '2026-11-02T00:00:00Z', ['OLD2']), fulfillment(3, '2026-11-03T00:00:00Z', [], 'CANCELLED')],
        }),
      }),
    );
    expect(plan).toEqual({
      kind: 'update',
      fulfillmentId: 'gid://shopify/Fulfillment/2',
      trackingInfoInput: { company: 'UPS', numbers: ['OLD2', '1Z999AA10123456784'] },
      notifyCustomer: false,
    });
    expect(explanation.notes.join(' ')).toContain('existing tracking');
  });

  it('is a no-op when the number is already on a fulfillment, ignoring spaces and case', () => {
    const { plan } = planAddTracking(input({ trackingNumber: '1z 999 aa1 0123456784', order: order({ fulfillments: [fulfillment(1, '2026-11-01T00:00:00Z', ['1Z999AA10123456784'])] }) }));
    expect(plan.kind).toBe('noop');
  });

  it('sends URLs only when every number has one, so they stay paired by position', () => {
    const withUrls = planAddTracking(input({ trackingUrl: 'https://t.example/new', order: order({ fulfillments: [fulfillment(1, '2026-11-01T00:00:00Z', ['A'], 'SUCCESS', 'https://t.example/a')] }) }));
    expect(withUrls.plan).toMatchObject({ trackingInfoInput: { urls: ['https://t.example/a', 'https://t.example/new'] } });
    const without = planAddTracking(input({ trackingUrl: 'https://t.example/new', order: order({ fulfillments: [fulfillment(1, '2026-11-01T00:00:00Z', ['A'])] }) }));
    expect(without.plan).not.toHaveProperty('trackingInfoInput.urls');
    expect(without.explanation.notes.join(' ')).toContain('URL was not sent');
  });

  it('honours notify_customer and the merchant-given company', () => {
    const { plan } = planAddTracking(
      input({ notifyCustomer: true, company: chooseCompany({ tracking_number: 'X1', tracking_company: 'canada post' }), trackingNumber: 'X1', order: order({ fulfillments: [fulfillment(1, '2026-11-01T00:00:00Z')] }) }),
    );
    expect(plan).toMatchObject({ kind: 'update', notifyCustomer: true, trackingInfoInput: { company: 'Canada Post', numbers: ['X1'] } });
  });

  it('fails with a clear 422 when there is no fulfillment and fulfil-if-needed is off', () => {
    expect(() => planAddTracking(input({ order: order({ fulfillmentOrders: { nodes: [fo(1)], pageInfo: { hasNextPage: false, endCursor: null } } }) }))).toThrow(
      expect.objectContaining({ code: 'no_fulfillment', status: 422, message: expect.stringContaining('Fulfill if needed') }),
    );
  });

  it('fulfils open fulfillment orders per location when fulfil-if-needed is on', () => {
    const { plan } = planAddTracking(
      input({
        fulfillIfNeeded: true,
        order: order({ fulfillmentOrders: { nodes: [fo(1, 'OPEN', 1), fo(2, 'IN_PROGRESS', 2), fo(3, 'CLOSED', 1), fo(4, 'OPEN', 3, [], ['REQUEST_FULFILLMENT'])], pageInfo: { hasNextPage: false, endCursor: null } } }),
      }),
    );
    expect(plan).toMatchObject({
      kind: 'create',
      groups: [
        { locationId: 'gid://shopify/Location/1', fulfillmentOrderIds: ['gid://shopify/FulfillmentOrder/1'] },
        { locationId: 'gid://shopify/Location/2', fulfillmentOrderIds: ['gid://shopify/FulfillmentOrder/2'] },
      ],
      trackingInfo: { company: 'UPS', numbers: ['1Z999AA10123456784'] },
    });
  });

  it('answers pending while fulfillment orders do not exist yet or only a temporary hold applies', () => {
    expect(() => planAddTracking(input({ fulfillIfNeeded: true }))).toThrow(expect.objectContaining({ name: 'PendingError', reason: 'fulfillment_orders_not_ready' }));
    const held = order({ fulfillmentOrders: { nodes: [fo(1, 'ON_HOLD', 1, ['ONLINE_STORE_POST_PURCHASE_CROSS_SELL'], ['RELEASE_HOLD'])], pageInfo: { hasNextPage: false, endCursor: null } } });
    expect(() => planAddTracking(input({ fulfillIfNeeded: true, order: held }))).toThrow(expect.objectContaining({ reason: 'temporary_hold' }));
  });

  it('names a permanent hold', () => {
    const held = order({ fulfillmentOrders: { nodes: [fo(1, 'ON_HOLD', 1, ['HIGH_RISK_OF_FRAUD'], ['RELEASE_HOLD'])], pageInfo: { hasNextPage: false, endCursor: null } } });
    expect(() => planAddTracking(input({ fulfillIfNeeded: true, order: held }))).toThrow(expect.objectContaining({ code: 'on_hold', message: expect.stringContaining('HIGH_RISK_OF_FRAUD') }));
  });
});

describe('chooseCompany', () => {
  it('detects the carrier from the number when no company is given', () => {
    expect(chooseCompany({ tracking_number: 'RA123456785BR' })).toMatchObject({ company: 'Correios', source: 'detected' });
    expect(chooseCompany({ tracking_number: 'nothing-like-a-number' })).toMatchObject({ company: null, source: 'none' });
  });
  it('passes an unknown merchant company through and says Shopify will not link it', () => {
    expect(chooseCompany({ tracking_number: '1Z999AA10123456784', tracking_company: 'Bob Courier' })).toMatchObject({ company: 'Bob Courier', source: 'property', reason: expect.stringContaining('not one of') });
  });
});
