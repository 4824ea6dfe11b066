// The order check before a Retry, on its own (pure): which fulfillments are the run's own, and when
// the order changed, or cannot be told apart, so that a retry is refused.
import { describe, expect, it } from 'vitest';
import type { RunStep } from '../../src/db/schema';
import { RETRY_FULFILLMENTS_READ } from '../../src/flow/documents';
import { orderChangeRefusal } from '../../src/pipeline/retry-check';

const STARTED = Date.parse('2026-11-27T12:00:00.400Z');
const at = (seconds: number) => new Date(STARTED + seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
const fulfillment = (id: number, createdAt: string, status = 'SUCCESS', numbers: string[] = []) => ({
  id: `gid://shopify/Fulfillment/${id}`,
  name: `#1001.${id}`,
  createdAt,
  status,
  trackingInfo: numbers.map((number) => ({ number })),
});
const order = (fulfillments: ReturnType<typeof fulfillment>[], cancelledAt: string | null = null) => ({
  id: 'gid://shopify/Order/1001',
  name: '#1001',
  cancelledAt,
  fulfillments,
});
const create = (state: RunStep['state']): RunStep => ({ name: 'FulfillmentCreate', key: 'k', state, at: 0 });
const run = (over: { steps?: RunStep[]; responseBody?: unknown; properties?: Record<string, unknown> } = {}) => ({
  createdAt: STARTED,
  steps: [],
  responseBody: null,
  properties: { order_id: 'gid://shopify/Order/1001' },
  ...over,
});

describe('orderChangeRefusal', () => {
  it('lets a retry go ahead when the only fulfillments since the run began are its own', () => {
    // Older fulfillments were there when the run read the order: not a change.
    const before = fulfillment(1, at(-3600));
    const own = fulfillment(2, at(0));
    expect(orderChangeRefusal(run(), order([before]))).toBeNull();
    const partial = run({ responseBody: { return_value: { fulfillmentIds: [own.id] } }, steps: [create('done')] });
    expect(orderChangeRefusal(partial, order([before, own]))).toBeNull();
    // A failed run reports no ids: as many as it made are its own.
    expect(orderChangeRefusal(run({ steps: [create('done'), create('failed')] }), order([own]))).toBeNull();
  });

  it('refuses order_changed for a fulfillment made, or cancelled, by someone else since', () => {
    const other = fulfillment(3, at(30));
    expect(orderChangeRefusal(run(), order([other]))).toMatchObject({ code: 'order_changed', fulfillments: ['#1001.3'] });
    expect(orderChangeRefusal(run({ steps: [create('done')] }), order([fulfillment(2, at(1)), other]))?.code).toBe('order_changed');
    const own = fulfillment(2, at(1), 'CANCELLED');
    const partial = run({ responseBody: { return_value: { fulfillmentIds: [own.id] } } });
    expect(orderChangeRefusal(partial, order([own]))?.message).toMatch(/which this run made, was cancelled/);
    // The same second as the run's start counts as "since": the safe side of whole-second timestamps.
    expect(orderChangeRefusal(run(), order([fulfillment(4, at(-0.4))]))?.code).toBe('order_changed');
  });

  it('refuses retry_unclear when a create of the run had no answer, or the order has too many fulfillments to read', () => {
    expect(orderChangeRefusal(run({ steps: [create('started')] }), order([fulfillment(2, at(1))]))?.code).toBe('retry_unclear');
    const many = Array.from({ length: RETRY_FULFILLMENTS_READ }, (_, i) => fulfillment(i + 10, at(-7200)));
    expect(orderChangeRefusal(run(), order(many))?.code).toBe('retry_unclear');
  });

  it('refuses order_not_found, order_cancelled, and tracking_present for a number already on a live fulfillment', () => {
    expect(orderChangeRefusal(run(), null)?.code).toBe('order_not_found');
    expect(orderChangeRefusal(run(), order([], at(10)))?.code).toBe('order_cancelled');
    const tracking = run({ properties: { order_id: 'x', tracking_number: '1Z999AA10123456784' } });
    expect(orderChangeRefusal(tracking, order([fulfillment(1, at(-100), 'SUCCESS', ['1z 999 aa1 0123456784'])]))).toMatchObject({
      code: 'tracking_present',
      fulfillments: ['#1001.1'],
    });
    // On a cancelled fulfillment the number is gone: nothing refuses the retry.
    expect(orderChangeRefusal(tracking, order([fulfillment(1, at(-100), 'CANCELLED', ['1Z999AA10123456784'])]))).toBeNull();
  });
});
