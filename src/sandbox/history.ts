/**
 * A month of sandbox history (`flowfill sandbox history --days 30`): realistic orders of the
 * sandbox shop, placed and run day by day on a clock set back in time, each run a signed Flow
 * request through the real app (HMAC, ledger, runner, actions, Admin client) against a simulated
 * store: the running sandbox's own (POST /api/sandbox/history), so its orders are there for Retry
 * later, or, without a running app, one of its own seeded like the sandbox's. The runs land in the
 * database like any others, so the Overview, the attention queue and the exports show something
 * true at once. Node only.
 */
import { createApp } from '../app';
import { buildDeps } from '../build-deps';
import { buildFlowRequest, signFlowRequest } from '../cli/flow-request';
import type { Database } from '../db/database';
import type { Logger } from '../log';
import { importRules, loadRuleSet } from '../rules/store';
import { SANDBOX_LOCATIONS as L, SANDBOX_SHOP, seedSandbox } from './seed';
import { createManualClock } from './simulator/clock';
import { seededRandom } from './simulator/faults';
import { createSimulator, type Simulator } from './simulator/index';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;
const MANHATTAN = { countryCode: 'US', provinceCode: 'NY', city: 'New York', zip: '10001', latitude: 40.7506, longitude: -73.9972 };
const SAN_DIEGO = { countryCode: 'US', provinceCode: 'CA', city: 'San Diego', zip: '92101', latitude: 32.7157, longitude: -117.1611 };
/** A UPS, a USPS and a FedEx number with valid check digits (detection names each). */
const TRACKING = ['1Z999AA10123456784', '9400111201080805483016', '794698578720'];
const SPLIT_RULE = { name: 'Split when needed', action: 'fulfill-from-best-location', allow_split: true };

export interface HistorySummary {
  days: number;
  runs: number;
  /** The day (ISO) the history added the rule "Split when needed", when the shop had no rules; null otherwise. */
  ruleAddedOn: string | null;
  /** Runs by HTTP status Flow got (the final answer of each run). */
  byStatus: Record<string, number>;
}

/**
 * A running sandbox's simulated store, lent to the history: `withClock` runs `work` with the store
 * on the history's clock for the requests `work` makes, and only those (the app's own requests
 * meanwhile keep the real time).
 */
export interface HistoryStore {
  simulator: Simulator;
  withClock<T>(now: () => number, work: () => Promise<T>): Promise<T>;
}

/**
 * Makes `days` days of runs ending today (UTC, up to an hour before `now`), with the sandbox's dev
 * `secret`, so the default 30-day range holds all of them. Every run goes through the real
 * pipeline; the store's stock is topped up each morning so the shapes stay realistic (most orders
 * ship whole, some move, split, wait or fail). A lent `store` keeps the orders and gets its
 * available stock back afterwards, as it was (the history's open orders still commit theirs).
 */
export async function createSandboxHistory(
  db: Database,
  secret: string,
  options: { days: number; now: number; logger: Logger; seed?: number; store?: HistoryStore },
): Promise<HistorySummary> {
  const today = Math.floor(options.now / DAY) * DAY;
  const clock = createManualClock(today - (options.days - 1) * DAY);
  const lent = options.store;
  const sim = lent?.simulator ?? createSimulator({ now: clock.now });
  if (!lent) seedSandbox(sim);
  if (!lent) return makeHistory(db, secret, sim, clock, { ...options, today });
  const stockBefore = availableOf(sim, Object.keys(MORNING_STOCK));
  try {
    return await lent.withClock(clock.now, () => makeHistory(db, secret, sim, clock, { ...options, today }));
  } finally {
    for (const [sku, location, available] of stockBefore) sim.store.setInventory(sku, location, { available });
  }
}

/** Available units of each SKU at every location that stocks it, to put back after the history. */
function availableOf(sim: Simulator, skus: string[]): [string, string, number][] {
  return skus.flatMap((sku) => {
    const item = sim.store.inventoryItem(sku);
    return item
      ? sim.store.inventoryLevelsOf(item.id).map((l): [string, string, number] => [sku, l.locationId, l.quantities.available])
      : [];
  });
}

/** The history's days, run on `clock` against `sim`. */
async function makeHistory(
  db: Database,
  secret: string,
  sim: Simulator,
  clock: ReturnType<typeof createManualClock>,
  options: { days: number; now: number; today: number; logger: Logger; seed?: number },
): Promise<HistorySummary> {
  const deps = buildDeps(
    {
      SHOPIFY_API_VERSION: '2026-07',
      SHOPIFY_ADMIN_API_ORIGIN: undefined,
      SHOPIFY_API_SECRET: secret,
      SHOPIFY_API_KEY: undefined,
      FLOW_TIME_BUDGET_MS: 4000,
      RUN_LEASE_MS: 30_000,
      adminTimeoutMs: 3000,
    },
    {
      db,
      adminFetch: ((input: RequestInfo | URL, init?: RequestInit) => sim.fetch(new Request(input, init))) as typeof fetch,
      clock: { now: clock.now, sleep: async (ms) => clock.advance(ms) },
      logger: options.logger,
      waitUntil: () => undefined,
    },
  );
  const app = createApp(deps);
  // Deterministic: the same seed makes the same history.
  const rnd = seededRandom(options.seed ?? 20261201);
  const byStatus: Record<string, number> = {};
  let runs = 0;
  let next = 0;
  // Run ids of their own: a second history must make new runs, not replay the first one's answers.
  const idPrefix = `history-${options.now.toString(36)}`;
  // Half way through, a shop without rules gets one that splits: the analytics then show what the change did.
  const addRuleOn = (await loadRuleSet(db, SANDBOX_SHOP)).rules.length === 0 ? Math.floor(options.days / 2) : -1;
  let ruleAddedOn: string | null = null;

  async function flow(handle: string, orderId: string, properties: Record<string, string> = {}, runId = `${idPrefix}-${++next}`) {
    const body = buildFlowRequest({ shop: SANDBOX_SHOP, handle, actionDefinitionId: handle, actionRunId: runId, orderId, properties });
    const signed = await signFlowRequest(body, secret);
    const res = await app.request(`http://localhost/flow/actions/${handle}`, {
      method: 'POST',
      headers: signed.headers,
      body: signed.body,
    });
    await res.text();
    return res.status;
  }
  const finish = (status: number) => {
    runs++;
    byStatus[status] = (byStatus[status] ?? 0) + 1;
  };
  const order = (lineItems: { sku: string; quantity: number }[], placedAgoMs: number, extra: Record<string, unknown> = {}) =>
    sim.store.addOrder({
      createdAt: new Date(clock.now() - placedAgoMs),
      shippingAddress: rnd() < 0.7 ? MANHATTAN : SAN_DIEGO,
      lineItems,
      locationId: L.newark,
      ...extra,
    }).id;

  // Today's orders stop an hour before now: a run's re-sends (minutes) must not finish in the future.
  const lastOrderAt = options.now - HOUR;
  for (let day = 0; day < options.days; day++) {
    const start = options.today - (options.days - 1 - day) * DAY;
    // Today's orders end an hour before now: they start early enough (from midnight) to fill the day so far.
    clock.set(day === options.days - 1 ? Math.max(start, Math.min(start + 8 * HOUR, lastOrderAt - 9 * HOUR)) : start + 8 * HOUR);
    // Each morning's delivery: stock back to its usual levels.
    for (const [sku, levels] of Object.entries(MORNING_STOCK))
      for (const [location, available] of Object.entries(levels)) sim.store.setInventory(sku, location, { available });
    if (day === addRuleOn) {
      const imported = await importRules(db, SANDBOX_SHOP, { rules: [SPLIT_RULE] }, clock.now());
      if (imported.ok) ruleAddedOn = new Date(clock.now()).toISOString().slice(0, 10);
    }
    const orders = 6 + Math.floor(rnd() * 8);
    for (let i = 0; i < orders; i++) {
      clock.advance(Math.floor(rnd() * 50 * MINUTE));
      if (clock.now() > lastOrderAt) break;
      // Let the app serve its other requests between orders (the embedded database never yields).
      await new Promise((resolve) => setImmediate(resolve));
      const placed = Math.floor((0.2 + rnd() * 6) * HOUR);
      const shape = rnd();
      if (shape < 0.45) {
        const id = order([{ sku: 'MUG-BLK', quantity: 1 + Math.floor(rnd() * 3) }], placed);
        finish(await flow('fulfill-from-best-location', id, rnd() < 0.6 ? { notify_customer: 'true' } : {}));
        if (rnd() < 0.7) finish(await flow('add-tracking', id, { tracking_number: TRACKING[Math.floor(rnd() * 3)]! }));
      } else if (shape < 0.6) {
        // Only Los Angeles has totes: the order moves there.
        finish(await flow('fulfill-from-best-location', order([{ sku: 'TOTE-NAT', quantity: 1 + Math.floor(rnd() * 2) }], placed)));
      } else if (shape < 0.72) {
        // Beanies only at Newark, totes only in Los Angeles: split by the rule, partly ready without it.
        const id = order(
          [
            { sku: 'BEANIE-GRY', quantity: 1 },
            { sku: 'TOTE-NAT', quantity: 1 },
          ],
          placed,
        );
        finish(await flow(rnd() < 0.5 ? 'fulfill-from-best-location' : 'partial-fulfill-ready-items', id));
      } else if (shape < 0.84) {
        // Placed a moment ago: its fulfillment orders appear a few minutes later; Flow re-sends the step.
        const id = order([{ sku: 'MUG-BLK', quantity: 1 }], 0, {
          fulfillmentOrdersReadyAt: clock.now() + (2 + Math.floor(rnd() * 8)) * MINUTE,
        });
        const runId = `${idPrefix}-${++next}`;
        let status = await flow('fulfill-from-best-location', id, {}, runId);
        for (let attempt = 0; status === 202 && attempt < 6; attempt++) {
          clock.advance(3 * MINUTE);
          status = await flow('fulfill-from-best-location', id, {}, runId);
        }
        finish(status);
      } else if (shape < 0.92) {
        finish(
          await flow(
            'fulfill-from-best-location',
            order([{ sku: 'MUG-BLK', quantity: 1 }], placed, { hold: { reason: 'AWAITING_PAYMENT' } }),
          ),
        );
      } else {
        finish(await flow('add-tracking', order([{ sku: 'MUG-BLK', quantity: 1 }], placed), { tracking_number: TRACKING[0]! }));
      }
    }
  }
  return { days: options.days, runs, ruleAddedOn, byStatus };
}

/** Available units each morning, by SKU and location. */
const MORNING_STOCK: Record<string, Record<string, number>> = {
  'MUG-BLK': { [L.newark]: 200, [L.losAngeles]: 80 },
  'TOTE-NAT': { [L.losAngeles]: 100 },
  'BEANIE-GRY': { [L.newark]: 100 },
};
