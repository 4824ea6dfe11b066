/**
 * Issue 14, "Big shops": a 20-line order in a 50-location shop, every item stocked at every
 * location, sent as a signed Flow request. Every list is paged to its end (fulfillment order
 * lines, locations, where Shopify lets it move, the stock at each of those places), each read under
 * 1,000 points, and the order ships from the nearest location that really holds every unit: one
 * whose stock only the big-shop stock read (not the first read's page of levels) can show.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SNAPSHOT_SIZES } from '../../src/actions/fulfillment/documents';
import { addBigOrder, growShop } from '../../src/sandbox/big-shop';
import { SANDBOX_LOCATIONS as L } from '../../src/sandbox/seed';
import { createHarness, type Harness } from '../helpers/harness';

let h: Harness;
afterEach(async () => h?.close());

const PLUS_BUCKET = { maximumAvailable: 20_000, restoreRate: 1_000 };

const own = (sim: Harness['sim']) => sim.calls.filter((c) => c.operationName !== 'FlowTriggerReceive');

interface Explained {
  fulfillmentOrders: {
    decision: string;
    location: { id: string; name: string } | null;
    candidates: { id: string; name: string; eligible: boolean; reason: string }[];
    excluded: { id: string; name: string; reason: string }[];
  }[];
}

describe('a 20-line order in a 50-location shop (big shops)', () => {
  it('reads everything to the end under 1,000 points a query and fulfils every unit from the nearest location holding them all', async () => {
    h = await createHarness();
    // A Plus shop's bucket: the run needs more points than a standard shop's 2,000 (next test).
    h.sim.faults.bucket = PLUS_BUCKET;
    const shop = growShop(h.sim, 50);
    expect(shop.locationIds).toHaveLength(50);
    // Newark (assigned, nearest) lacks line 7's item; the 30 nearest depots each hold one unit too
    // few of one line's item; Depot 031 is the nearest with every unit. Its levels come after the
    // first read's page, so only the follow-up stock read can show them.
    const short = new Set(shop.depotIds.slice(0, 30));
    const winner = shop.depotIds[30]!;
    const lines = 20;
    const { orderId, skus } = addBigOrder(h.sim, shop, {
      lines,
      quantity: 2,
      stockOf: (location, line) => {
        if (location === L.newark) return line === 7 ? 0 : 5;
        if (short.has(location)) return line === shop.depotIds.indexOf(location) % lines ? 1 : 5;
        return 5;
      },
    });
    expect(lines).toBeGreaterThan(SNAPSHOT_SIZES.lines);

    const res = await h.post('/flow/actions/fulfill-from-best-location', h.flowBody('fulfill-from-best-location', { order_id: orderId }));
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.return_value).toMatchObject({
      outcome: 'fulfilled',
      locationId: winner,
      locationName: 'Depot 031',
      linesFulfilled: lines,
      linesLeft: 0,
    });

    // Shopify's state: one move to Depot 031, one fulfillment there with every unit of every line, its stock taken.
    const { store } = h.sim;
    const calls = own(h.sim);
    const moves = calls.filter((c) => c.operationName === 'FulfillmentOrderMove');
    expect(moves).toHaveLength(1);
    expect(moves[0]!.variables.newLocationId).toBe(winner);
    const fulfillments = store.fulfillments(orderId);
    expect(fulfillments).toHaveLength(1);
    expect(fulfillments[0]!.locationId).toBe(winner);
    expect(fulfillments[0]!.lineItems.reduce((n, l) => n + l.quantity, 0)).toBe(lines * 2);
    expect(store.fulfillmentOrders(orderId).filter((fo) => fo.status !== 'CLOSED')).toEqual([]);
    for (const sku of skus) expect(store.inventory(sku, winner)).toMatchObject({ available: 3 });

    // Paged, never truncated: the follow-ups ran, and none asked for more than Shopify allows.
    const names = calls.map((c) => c.operationName);
    for (const name of [
      'FulfillmentSnapshotOrders',
      'FulfillmentSnapshotLocations',
      'FulfillmentSnapshotMoves',
      'FulfillmentSnapshotStock',
    ])
      expect(names).toContain(name);
    for (const call of calls) expect(call.requestedQueryCost ?? 0, call.operationName ?? '').toBeLessThanOrEqual(1000);
    // Every item went through the stock read (each is stocked past the first read's page, or past its first lines).
    const asked = new Map<string, Set<string>>();
    for (const call of calls.filter((c) => c.operationName === 'FulfillmentSnapshotStock')) {
      const locations = Object.entries(call.variables)
        .filter(([key]) => /^l\d+$/.test(key))
        .map(([, value]) => value as string);
      for (const id of call.variables.ids as string[]) {
        const set = asked.get(id) ?? new Set<string>();
        for (const location of locations) set.add(location);
        asked.set(id, set);
      }
    }
    expect(asked.size).toBe(lines);

    // The explanation saw every location, with every candidate's stock: the 30 short depots and Newark out of stock.
    const [run] = await h.runs();
    const [decision] = (run!.explanation as Explained).fulfillmentOrders;
    expect(decision!.decision).toBe('move');
    expect(decision!.candidates.length + decision!.excluded.length).toBe(50);
    const byId = new Map(decision!.candidates.map((c) => [c.id, c]));
    expect(byId.get(L.newark)).toMatchObject({ eligible: false });
    expect(byId.get(L.newark)!.reason).toMatch(/out of stock/);
    for (const id of short) {
      expect(byId.get(id), id).toMatchObject({ eligible: false });
      expect(byId.get(id)!.reason).toMatch(/short by 1/);
    }
    const eligible = decision!.candidates.filter((c) => c.eligible).map((c) => c.id);
    expect(eligible[0]).toBe(winner);
    // Depots 031–046 and Los Angeles hold everything; Toronto (no online orders) and Chicago (inactive) are excluded.
    expect(eligible).toHaveLength(shop.depotIds.length - 30 + 1);
    expect(decision!.excluded.map((e) => e.id).sort()).toEqual([L.chicago, L.toronto].sort());
  });

  it("on a standard shop's bucket it waits as long as the time budget allows, then answers 202 having changed nothing", async () => {
    h = await createHarness();
    const shop = growShop(h.sim, 50);
    const { orderId } = addBigOrder(h.sim, shop, { lines: 20, quantity: 2, assignedStock: 0, stock: 5 });
    const res = await h.post('/flow/actions/fulfill-from-best-location', h.flowBody('fulfill-from-best-location', { order_id: orderId }));
    expect(res.status, JSON.stringify(res.json)).toBe(202);
    expect(res.json).toMatchObject({ status: 'pending', reason: 'throttled' });
    expect(h.mutations()).toEqual([]);
    expect(h.sim.store.fulfillments(orderId)).toEqual([]);
  });
});
