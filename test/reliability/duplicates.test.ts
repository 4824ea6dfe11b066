/**
 * Flow retries and duplicates: over a thousand deliveries of 120 runs, copies arriving together
 * and interleaved with other runs, must change each order exactly once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SANDBOX_LOCATIONS as L } from '../../src/sandbox/seed';
import { createHarness, type Harness } from '../helpers/harness';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const RUNS_PER_ACTION = 40;
const COPIES = 9;
const WAVE = 60;

/** Deterministic shuffle (mulberry32), so a failure replays the same interleaving. */
function shuffle<T>(items: T[], seed = 7): T[] {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('reliability: duplicate and concurrent deliveries', () => {
  it(`${RUNS_PER_ACTION * 3} runs × ${COPIES} deliveries: no double move, fulfilment or tracking update`, async () => {
    h = await createHarness();
    // A big shop's bucket: this test is about duplicates; throttling is faults.test.ts's.
    h.sim.faults.bucket = { maximumAvailable: 50_000, restoreRate: 5_000 };
    const store = h.sim.store;
    store.setInventory('MUG-BLK', L.newark, { available: 100_000 });
    store.setInventory('TOTE-NAT', L.losAngeles, { available: 100_000 });
    const address = { countryCode: 'US', provinceCode: 'NY', city: 'New York', zip: '10001', latitude: 40.7506, longitude: -73.9972 };
    const runs: { handle: string; orderId: string; body: string; number?: string }[] = [];
    for (let i = 0; i < RUNS_PER_ACTION; i++) {
      // Stock only in Los Angeles: every run moves, then fulfils.
      const move = store.addOrder({ shippingAddress: address, lineItems: [{ sku: 'TOTE-NAT', quantity: 1 }], locationId: L.newark });
      runs.push({
        handle: 'fulfill-from-best-location',
        orderId: move.id,
        body: h.flowBody('fulfill-from-best-location', { order_id: move.id }),
      });
      const partial = store.addOrder({
        shippingAddress: address,
        lineItems: [
          { sku: 'MUG-BLK', quantity: 2 },
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
      const number = `RELIABLE${1000 + i}`;
      runs.push({
        handle: 'add-tracking',
        orderId: shipped.id,
        number,
        body: h.flowBody('add-tracking', { order_id: shipped.id, tracking_number: number }),
      });
    }
    h.sim.resetCalls();

    const deliveries = shuffle(runs.flatMap((run) => Array.from({ length: COPIES }, () => run)));
    expect(deliveries.length).toBeGreaterThanOrEqual(1000);
    const statuses = new Map<number, number>();
    for (let i = 0; i < deliveries.length; i += WAVE) {
      const wave = deliveries.slice(i, i + WAVE);
      const answers = await Promise.all(wave.map((run) => h.post(`/flow/actions/${run.handle}`, run.body)));
      for (const answer of answers) {
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        // A copy either gets the outcome or is told another copy holds the run.
        if (answer.status === 202) expect(['in_progress', 'time_budget']).toContain(answer.json.reason);
        else expect(answer.status).toBe(200);
      }
    }
    expect([...statuses.keys()].every((s) => s === 200 || s === 202)).toBe(true);

    await Promise.all(h.background);
    // Flow's final re-send of every run gets the finished outcome.
    for (const run of runs) expect((await h.post(`/flow/actions/${run.handle}`, run.body)).status).toBe(200);

    const moves = h.sim.calls.filter((c) => c.operationName === 'FulfillmentOrderMove' && c.status === 200);
    const movedIds = moves.map((c) => JSON.stringify(c.variables.id));
    expect(new Set(movedIds).size).toBe(movedIds.length);
    expect(moves).toHaveLength(RUNS_PER_ACTION);
    for (const run of runs) {
      const fulfillments = store.fulfillments(run.orderId);
      // Each order has exactly one fulfilment (add-tracking's came from the setup).
      expect(fulfillments, `${run.handle} ${run.orderId}`).toHaveLength(1);
      if (run.handle === 'add-tracking') {
        expect(fulfillments[0]!.trackingUpdates).toHaveLength(1);
        expect(fulfillments[0]!.trackingInfo.map((t) => t.number)).toEqual([run.number]);
      }
      if (run.handle === 'partial-fulfill-ready-items') expect(fulfillments[0]!.lineItems.map((l) => l.quantity)).toEqual([2]);
    }
    const ledger = await h.runs();
    expect(ledger).toHaveLength(runs.length);
    expect(ledger.every((r) => r.status === 'succeeded')).toBe(true);
    // Each run executed once: no copy took over another's live run.
    expect(ledger.every((r) => r.attempts === 1)).toBe(true);
  });
});
