/**
 * A bad day at Shopify (20 % HTTP 503, a small throttling bucket, 200 ms per call): every run ends
 * succeeded, noop or failed with a reason, or pending and then finishes on a re-send; none is left
 * running, and no order is changed twice.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_LOCATIONS as L, SANDBOX_ORDERS as O } from '../../src/sandbox/seed';
import { createHarness, SHOP, type Harness } from '../helpers/harness';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('reliability: Admin API faults', () => {
  it('30 runs under 503s, throttling and latency all reach a final state without double changes', async () => {
    h = await createHarness({ timeBudgetMs: 2500, adminBudgetMs: 2000 });
    const store = h.sim.store;
    const address = { countryCode: 'US', provinceCode: 'NY', city: 'New York', zip: '10001', latitude: 40.7506, longitude: -73.9972 };
    const runs: { handle: string; orderId: string; body: string }[] = [];
    for (let i = 0; i < 10; i++) {
      const move = store.addOrder({ shippingAddress: address, lineItems: [{ sku: 'TOTE-NAT', quantity: 1 }], locationId: L.newark });
      runs.push({
        handle: 'fulfill-from-best-location',
        orderId: move.id,
        body: h.flowBody('fulfill-from-best-location', { order_id: move.id }),
      });
      const partial = store.addOrder({
        shippingAddress: address,
        lineItems: [
          { sku: 'MUG-BLK', quantity: 1 },
          { sku: 'TOTE-NAT', quantity: 1 },
        ],
        locationId: L.newark,
      });
      runs.push({
        handle: 'partial-fulfill-ready-items',
        orderId: partial.id,
        body: h.flowBody('partial-fulfill-ready-items', { order_id: partial.id }),
      });
      const shipped = store.addOrder({ shippingAddress: address, lineItems: [{ sku: 'MUG-BLK', quantity: 1 }], locationId: L.newark });
      store.fulfill(shipped.id);
      runs.push({
        handle: 'add-tracking',
        orderId: shipped.id,
        body: h.flowBody('add-tracking', { order_id: shipped.id, tracking_number: `FAULT${i}` }),
      });
    }
    // A run that fails for good (no such order): it must end failed with its reason.
    const missing = {
      handle: 'add-tracking',
      orderId: 'gid://shopify/Order/99999999',
      body: h.flowBody('add-tracking', { order_id: 99999999, tracking_number: 'FAULTX' }),
    };
    const noop = {
      handle: 'add-tracking',
      orderId: O.tracked,
      body: h.flowBody('add-tracking', { order_id: O.tracked, tracking_number: 'RA123456785BR' }),
    };
    const all = [...runs, missing, noop];
    // A small bucket, yet larger than any one query (651 points, the snapshot's): one smaller than a
    // query can never let it through, and such a run ends `exceeds_rate_limit` (test/flow/big-shop.test.ts).
    h.sim.faults = { http5xxRate: 0.2, random: 42, latencyMs: 200, bucket: { maximumAvailable: 700, restoreRate: 50 } };
    h.sim.resetCalls();

    const seen = new Map<string, number>();
    const deliver = async (run: (typeof all)[number]) => {
      const answer = await h.post(`/flow/actions/${run.handle}`, run.body);
      const key = `${answer.status} ${answer.json?.reason ?? answer.json?.error?.code ?? answer.json?.return_value?.outcome}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
      expect([200, 202, 422, 503], JSON.stringify(answer.json)).toContain(answer.status);
      if (answer.status >= 400) expect(answer.json.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
      return answer.status;
    };
    // Flow delivers in parallel; runs that answer 202/503 get re-sent (Flow retries for 24 h).
    let open = all;
    for (let round = 0; round < 6 && open.length > 0; round++) {
      const statuses = await Promise.all(open.map(deliver));
      await Promise.all(h.background);
      open = open.filter((_, i) => statuses[i] === 202 || statuses[i] === 503);
    }
    // Between rounds nothing is left running once the background work settled.
    const afterFaults = await h.runs();
    expect(afterFaults.filter((r) => r.status === 'running')).toEqual([]);
    // Shopify recovers: the remaining pending runs finish on their next re-send.
    h.sim.faults = {};
    // Flow's re-sends come minutes apart: by then the bucket has refilled.
    h.sim.setAvailable(SHOP, 2000);
    for (const run of open) {
      let status = await deliver(run);
      // The bucket the faults drained refills at 100 points/s: a re-send may still be told to wait.
      for (let tries = 0; status === 202 && tries < 10; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        status = await deliver(run);
      }
      expect([200, 422], [...seen.keys()].join(', ')).toContain(status);
    }

    const ledger = await h.runs();
    expect(ledger).toHaveLength(all.length);
    for (const run of ledger) {
      expect(['succeeded', 'noop', 'failed'], `${run.actionRunId}: ${run.status}`).toContain(run.status);
      if (run.status === 'failed') expect(run.errorMessage).toBeTruthy();
    }
    expect(ledger.find((r) => r.orderId === missing.orderId || r.properties?.order_id === 99999999)).toMatchObject({
      status: 'failed',
      errorCode: 'order_not_found',
    });
    expect(ledger.find((r) => r.properties?.tracking_number === 'RA123456785BR')).toMatchObject({ status: 'noop' });
    // Faults did happen.
    expect(h.sim.calls.some((c) => c.status === 503)).toBe(true);
    expect(h.sim.calls.some((c) => c.throttled)).toBe(true);
    // Exactly one change per order, whatever the retries.
    for (const run of runs) {
      const fulfillments = store.fulfillments(run.orderId);
      expect(fulfillments, `${run.handle} ${run.orderId}`).toHaveLength(1);
      if (run.handle === 'add-tracking') expect(fulfillments[0]!.trackingUpdates).toHaveLength(1);
    }
    const moved = h.sim.calls.filter((c) => c.operationName === 'FulfillmentOrderMove' && c.status === 200 && !c.throttled);
    expect(new Set(moved.map((c) => JSON.stringify(c.variables.id))).size).toBe(moved.length);
  }, 120_000);
});
