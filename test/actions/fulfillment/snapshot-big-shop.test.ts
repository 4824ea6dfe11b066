/**
 * The big-shop stock read against the simulator's own state: for shops of many locations with
 * stock scattered at random (some items at a few locations, some everywhere, some nowhere), the
 * snapshot's levels equal Shopify's at every location a planner uses — the assigned location and
 * every location Shopify lists for a move — whatever the first read's page held. Never a level
 * missed there, never one invented.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadSnapshot } from '../../../src/actions/fulfillment/snapshot';
import { addBigOrder, growShop } from '../../../src/sandbox/big-shop';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_LOCATIONS as L } from '../../../src/sandbox/seed';
import { createHarness, SHOP, type Harness } from '../../helpers/harness';

let h: Harness;
afterEach(async () => h?.close());

/** A small deterministic generator (mulberry32), so a failure names its seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('snapshot stock in big shops', () => {
  it.each([
    [1, 12, 30, false],
    [2, 20, 25, true],
    [3, 15, 60, true],
    [4, 3, 120, true],
    [5, 25, 40, false],
  ])(
    'seed %i: %i lines, %i locations, moves %s: every level at every location a plan uses, exactly',
    async (seed, lines, locations, moves) => {
      h = await createHarness();
      const next = random(seed);
      const shop = growShop(h.sim, locations);
      // Each item: stocked nowhere, at a few locations, or nearly everywhere; quantities 0–9 (a level with 0 still stocks it).
      const spread = Array.from({ length: lines }, () => [0, 0.15, 0.9][Math.floor(next() * 3)]!);
      const { orderId } = addBigOrder(h.sim, shop, {
        lines,
        stockOf: (location, line) => (location === L.newark || next() < spread[line]! ? Math.floor(next() * 10) : null),
      });
      const admin = h.deps.adminClients({ shop: SHOP, accessToken: SANDBOX_ACCESS_TOKEN, deadline: Date.now() + 60_000 });
      const snapshot = (await loadSnapshot(admin, orderId, { onHandAndCommitted: false, moves, variants: false }))!;
      const [fo] = snapshot.fulfillmentOrders;
      const used = new Set([fo!.locationId!, ...Object.keys(fo!.moveTargets ?? {})]);
      expect(used.size).toBeGreaterThan(moves ? 1 : 0);
      for (const line of fo!.lines) {
        const sku = line.sku!;
        for (const location of used) {
          const truth = h.sim.store.inventory(sku, location);
          const active = h.sim.store.location(location)?.isActive;
          const level = line.levels[location];
          if (truth && active)
            expect(level, `${sku} at ${location}`).toEqual({ available: truth.available, onHand: null, committed: null });
          else expect(level, `${sku} at ${location}`).toBeUndefined();
        }
      }
      // Each shape is past the first read (more lines or more levels than its pages): the stock read ran.
      expect(h.sim.calls.map((c) => c.operationName)).toContain('FulfillmentSnapshotStock');
      for (const call of h.sim.calls) expect(call.requestedQueryCost ?? 0).toBeLessThanOrEqual(1000);
    },
  );
});
