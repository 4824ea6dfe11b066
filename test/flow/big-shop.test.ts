/**
 * Issue 14, "Big shops": a 20-line order in a 50-location shop, every item stocked at every
 * location, sent as a signed Flow request. Every list is paged to its end (fulfillment order
 * lines, locations, where Shopify lets it move, the stock at each of those places), each read under
 * 1,000 points, and the order ships from the nearest location that really holds every unit: one
 * whose stock only the big-shop stock read (not the first read's page of levels) can show. On a
 * Plus shop's bucket that is one answer; on a standard shop's the run waits for the bucket's
 * restore past Flow's answer (202) and finishes in the background or in the sweep; a run the rate
 * limit can never let through ends failed with `exceeds_rate_limit`, never a 202 forever.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { SNAPSHOT_SIZES } from '../../src/actions/fulfillment/documents';
import { DEFAULT_RUN_ADMIN_BUDGET_MS } from '../../src/config';
import { getRun } from '../../src/db/ledger';
import { sweepRuns } from '../../src/flow/sweep';
import { addBigOrder, growShop } from '../../src/sandbox/big-shop';
import { SANDBOX_LOCATIONS as L } from '../../src/sandbox/seed';
import { gatedClock, manualClock } from '../helpers/clock';
import { createHarness, newRunId, SHOP, type Harness } from '../helpers/harness';

let h: Harness;
afterEach(async () => h?.close());

const PLUS_BUCKET = { maximumAvailable: 20_000, restoreRate: 1_000 };
/** The simulator's default, a standard shop's: every capture shows 2,000 points restoring 100 a second. */
const STANDARD_BUCKET = { maximumAvailable: 2_000, restoreRate: 100 };
const ACTION = '/flow/actions/fulfill-from-best-location';
const LINES = 20;

const own = (sim: Harness['sim']) => sim.calls.filter((c) => c.operationName !== 'FlowTriggerReceive');

interface Explained {
  fulfillmentOrders: {
    decision: string;
    location: { id: string; name: string } | null;
    candidates: { id: string; name: string; eligible: boolean; reason: string }[];
    excluded: { id: string; name: string; reason: string }[];
  }[];
}

/**
 * The order of the issue in a 50-location shop: Newark (assigned, nearest) lacks line 7's item; the
 * 30 nearest depots each hold one unit too few of one line's item; Depot 031 is the nearest with
 * every unit. Its levels come after the first read's page, so only the follow-up stock read can show them.
 */
function bigScenario(sim: Harness['sim']) {
  const shop = growShop(sim, 50);
  expect(shop.locationIds).toHaveLength(50);
  const short = new Set(shop.depotIds.slice(0, 30));
  const winner = shop.depotIds[30]!;
  const { orderId, skus } = addBigOrder(sim, shop, {
    lines: LINES,
    quantity: 2,
    stockOf: (location, line) => {
      if (location === L.newark) return line === 7 ? 0 : 5;
      if (short.has(location)) return line === shop.depotIds.indexOf(location) % LINES ? 1 : 5;
      return 5;
    },
  });
  expect(LINES).toBeGreaterThan(SNAPSHOT_SIZES.lines);
  return { shop, short, winner, orderId, skus };
}

type Scenario = ReturnType<typeof bigScenario>;

/** Flow's answer and Shopify's state after the run: every unit of every line shipped from Depot 031, nothing oversold. */
function expectShippedFromWinner(sim: Harness['sim'], answer: { status: number; json: any }, { winner, orderId, skus, shop }: Scenario) {
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  expect(answer.json.return_value).toMatchObject({
    outcome: 'fulfilled',
    locationId: winner,
    locationName: 'Depot 031',
    linesFulfilled: LINES,
    linesLeft: 0,
  });
  const { store } = sim;
  const moves = own(sim).filter((c) => c.operationName === 'FulfillmentOrderMove' && !c.throttled);
  expect(moves).toHaveLength(1);
  expect(moves[0]!.variables.newLocationId).toBe(winner);
  const fulfillments = store.fulfillments(orderId);
  expect(fulfillments).toHaveLength(1);
  expect(fulfillments[0]!.locationId).toBe(winner);
  expect(fulfillments[0]!.lineItems.reduce((n, l) => n + l.quantity, 0)).toBe(LINES * 2);
  expect(store.fulfillmentOrders(orderId).filter((fo) => fo.status !== 'CLOSED')).toEqual([]);
  // Nothing oversold: Depot 031 gave two units of each item, and no level anywhere went below zero.
  for (const sku of skus) {
    expect(store.inventory(sku, winner)).toMatchObject({ available: 3 });
    for (const location of shop.locationIds)
      expect(store.inventory(sku, location)?.available ?? 0, `${sku} at ${location}`).toBeGreaterThanOrEqual(0);
  }
}

/** The ledger's cost of the run is what Shopify (the simulator) counted for it, every attempt's calls included. */
function expectCostReported(run: { adminRequestedCost: number; adminActualCost: number; adminCallCount: number }, sim: Harness['sim']) {
  const calls = sim.calls;
  expect(run.adminCallCount).toBe(calls.length);
  expect(run.adminRequestedCost).toBe(calls.reduce((n, c) => n + (c.requestedQueryCost ?? 0), 0));
  expect(run.adminActualCost).toBe(calls.reduce((n, c) => n + (c.actualQueryCost ?? 0), 0));
  // Over a standard shop's whole bucket: it could only finish by waiting for restore.
  expect(run.adminActualCost).toBeGreaterThan(STANDARD_BUCKET.maximumAvailable);
}

describe('a 20-line order in a 50-location shop (big shops)', () => {
  it('reads everything to the end under 1,000 points a query and fulfils every unit from the nearest location holding them all', async () => {
    h = await createHarness();
    // A Plus shop's bucket: the run needs more points than a standard shop's 2,000 hold (next tests).
    h.sim.faults.bucket = PLUS_BUCKET;
    const scenario = bigScenario(h.sim);
    const { short, winner } = scenario;

    const res = await h.post(ACTION, h.flowBody('fulfill-from-best-location', { order_id: scenario.orderId }));
    expectShippedFromWinner(h.sim, res, scenario);

    // Paged, never truncated: the follow-ups ran, and none asked for more than Shopify allows.
    const calls = own(h.sim);
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
    expect(asked.size).toBe(LINES);

    // The explanation saw every location, with every candidate's stock: the 30 short depots and Newark out of stock.
    const [run] = await h.runs();
    expectCostReported(run!, h.sim);
    expect(calls.some((c) => c.throttled)).toBe(false);
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
    expect(eligible).toHaveLength(scenario.shop.depotIds.length - 30 + 1);
    expect(decision!.excluded.map((e) => e.id).sort()).toEqual([L.chicago, L.toronto].sort());
  });

  it("on a standard shop's bucket Flow gets 202 while the run waits for the restore, and the run ends fulfilled in the background", async () => {
    // Sleeps (the client's waits for the bucket) are held until the test opens the gate, so the
    // Flow answer is seen while the run waits; Flow's time budget is short only to keep the test quick.
    const clock = gatedClock();
    h = await createHarness({ clock, timeBudgetMs: 200, runBudgetMs: DEFAULT_RUN_ADMIN_BUDGET_MS });
    expect(h.sim.throttleStatus(SHOP)).toMatchObject(STANDARD_BUCKET);
    const scenario = bigScenario(h.sim);
    const body = h.flowBody('fulfill-from-best-location', { order_id: scenario.orderId });

    const first = await h.post(ACTION, body);
    expect(first.status, JSON.stringify(first.json)).toBe(202);
    expect(first.json).toMatchObject({ status: 'pending', reason: 'time_budget' });
    expect(h.mutations()).toEqual([]);
    // Once it is waiting for the bucket (a THROTTLED answer came back, the gate holds its sleep), a
    // re-send is the same run, busy: it sends nothing.
    while (!h.sim.calls.some((c) => c.throttled)) await new Promise((resolve) => setTimeout(resolve, 10));
    const calls = h.sim.calls.length;
    expect((await h.post(ACTION, body)).json).toMatchObject({ status: 'pending', reason: 'in_progress' });
    expect(h.sim.calls.length).toBe(calls);

    clock.open();
    await Promise.all(h.background);
    // Flow's next re-send gets the outcome, and nothing is sent again.
    const sent = h.sim.calls.length;
    expectShippedFromWinner(h.sim, await h.post(ACTION, body), scenario);
    expect(h.sim.calls.length).toBe(sent);

    const [run] = await h.runs();
    expect(run).toMatchObject({ status: 'succeeded', attempts: 1 });
    expectCostReported(run!, h.sim);
    expect(run!.adminCalls!.some((c) => c.throttled)).toBe(true);
    // It waited what the bucket needs to restore (6.0 s from a full one with the move, docs/benchmarks.md), well inside its budget.
    const waited = clock.slept.reduce((n, ms) => n + ms, 0);
    expect(waited).toBeGreaterThan(3500);
    expect(waited).toBeLessThan(DEFAULT_RUN_ADMIN_BUDGET_MS);
  });

  it('on a standard shop whose bucket another app emptied, the attempt goes pending having changed nothing and the sweep finishes it', async () => {
    const clock = manualClock();
    h = await createHarness({ clock, runBudgetMs: DEFAULT_RUN_ADMIN_BUDGET_MS });
    const scenario = bigScenario(h.sim);
    // From an empty bucket the run needs over 25 s of restore: more than one attempt waits (20 s).
    h.sim.setAvailable(SHOP, 0);
    const runId = newRunId();
    const first = await h.post(ACTION, h.flowBody('fulfill-from-best-location', { order_id: scenario.orderId }, { action_run_id: runId }));
    expect(first.status, JSON.stringify(first.json)).toBe(202);
    expect(first.json).toMatchObject({ status: 'pending', reason: 'throttled' });
    expect(h.mutations()).toEqual([]);
    expect(h.sim.store.fulfillments(scenario.orderId)).toEqual([]);

    // Flow never re-sends; the sweep's first resume comes a minute later, on a bucket restored by then.
    clock.advance(60_000);
    expect(await sweepRuns(h.deps)).toBe(1);
    const run = await getRun(h.db, SHOP, runId);
    expect(run).toMatchObject({ status: 'succeeded', attempts: 2, responseStatus: 200 });
    expectShippedFromWinner(h.sim, { status: run!.responseStatus!, json: run!.responseBody }, scenario);
    expectCostReported(run!, h.sim);
  });

  describe('a run the rate limit can never let through fails clearly, once', () => {
    async function failsOnce(options: { bucket: { maximumAvailable: number; restoreRate: number }; runBudgetMs: number }) {
      const clock = manualClock();
      h = await createHarness({ clock, runBudgetMs: options.runBudgetMs });
      h.sim.faults.bucket = options.bucket;
      const scenario = bigScenario(h.sim);
      const body = h.flowBody('fulfill-from-best-location', { order_id: scenario.orderId });
      const res = await h.post(ACTION, body);
      expect(res.status, JSON.stringify(res.json)).toBe(422);
      expect(res.json.error.code).toBe('exceeds_rate_limit');
      expect(h.mutations()).toEqual([]);
      expect(h.sim.store.fulfillments(scenario.orderId)).toEqual([]);
      const [run] = await h.runs();
      expect(run).toMatchObject({ status: 'failed', errorCode: 'exceeds_rate_limit', attempts: 1 });
      // Not resumed, and a re-send gets the same answer without calling Shopify.
      clock.advance(60 * 60_000);
      expect(await sweepRuns(h.deps)).toBe(0);
      const calls = h.sim.calls.length;
      expect(await h.post(ACTION, body)).toEqual(res);
      expect(h.sim.calls.length).toBe(calls);
      return res.json.error.message as string;
    }

    it('a single query larger than the shop’s whole bucket', async () => {
      const message = await failsOnce({ bucket: { maximumAvailable: 500, restoreRate: 50 }, runBudgetMs: DEFAULT_RUN_ADMIN_BUDGET_MS });
      expect(message).toMatch(/FulfillmentSnapshot\w* through: it asks for \d+ points and sandbox\.myshopify\.com's bucket holds 500/);
    });

    it('more points than one run can be given: a bucket restoring 10 points a second', async () => {
      const message = await failsOnce({ bucket: { maximumAvailable: 2000, restoreRate: 10 }, runBudgetMs: DEFAULT_RUN_ADMIN_BUDGET_MS });
      expect(message).toMatch(/bucket holds 2000 points and restores 10 a second, at most 2200 points in one run \(20 s of waiting\)/);
      expect(message).toMatch(/RUN_ADMIN_BUDGET_MS/);
    });

    it('a standard bucket with the old 3.5 s run budget (RUN_ADMIN_BUDGET_MS=3500): the 202 loop of before, now a reason', async () => {
      const message = await failsOnce({ bucket: STANDARD_BUCKET, runBudgetMs: 3500 });
      expect(message).toMatch(/at most 2350 points in one run \(3\.5 s of waiting\)/);
    });
  });
});
