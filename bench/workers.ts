/**
 * The Workers section of `npm run bench` (issue 14, item 1): the real Worker entry (src/worker.ts,
 * wrangler.toml) inside workerd, started by the installed wrangler's `unstable_dev` (nothing is
 * downloaded), against the test-only libSQL HTTP server (production uses Turso or sqld) answering
 * each database request after `DB_DELAY_MS`, and the served simulator answering each Admin API
 * request after `ADMIN_DELAY_MS` — an edge location's distances to its database and to Shopify.
 *
 * Per series: database round trips per request (the longest chain of database requests one Flow
 * request waited for one after another, counted by the server), end-to-end p50/p99 from the
 * client, and the ratio to a floor of one database round trip plus the Admin API calls the action
 * made (20 ms + N × 100 ms). Round trips are deterministic: the caller fails the bench when a
 * series exceeds its limit.
 */
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { unstable_dev } from 'wrangler';
import { SANDBOX_LOCATIONS as L, SANDBOX_SHOP as SHOP, seedSandbox } from '../src/sandbox/seed';
import { createSimulator, serveSimulator } from '../src/sandbox/simulator/index';
import { sequentialRoundTrips } from '../test/fixtures/libsql-http-server';
import { startRemoteDatabase } from '../test/helpers/remote-database';

export const DB_DELAY_MS = 20;
export const ADMIN_DELAY_MS = 100;
const SECRET = 'bench-workers-secret';
const ROOT = join(import.meta.dirname, '..');
const MANHATTAN = { countryCode: 'US', provinceCode: 'NY', city: 'New York', zip: '10001', latitude: 40.7506, longitude: -73.9972 };

export interface WorkersSeries {
  name: string;
  what: string;
  /** Database round trips allowed per request (enforced: they do not depend on the machine). */
  maxRoundTrips: number;
  db_round_trips: number;
  admin_calls: number;
  p50_ms: number;
  p99_ms: number;
  floor_ms: number;
  ratio_p50: number;
  samples: number;
}

export interface WorkersResult {
  db_delay_ms: number;
  admin_delay_ms: number;
  series: WorkersSeries[];
  rows: string[];
  problems: string[];
}

const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))] ?? NaN;

/** Runs the section: `samples` sequential requests per series after one warm-up each. */
export async function benchWorkers(options: { samples: number }): Promise<WorkersResult> {
  process.env.WRANGLER_SEND_METRICS ??= 'false';
  process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= 'false';
  const remote = await startRemoteDatabase({ inMemory: true });
  const sim = createSimulator();
  seedSandbox(sim);
  // Unbounded bucket (as in the other sections): the figures are latency, not Shopify's rate limit.
  sim.faults.bucket = { maximumAvailable: 1e12, restoreRate: 1e12 };
  sim.store.setInventory('MUG-BLK', L.newark, { available: 10_000_000 });
  sim.store.setInventory('TOTE-NAT', L.losAngeles, { available: 10_000_000 });
  const served = await serveSimulator(sim);
  const worker = await unstable_dev(join(ROOT, 'src/worker.ts'), {
    config: join(ROOT, 'wrangler.toml'),
    vars: {
      DATABASE_URL: remote.server.url,
      DATABASE_AUTH_TOKEN: remote.authToken,
      SHOPIFY_API_SECRET: SECRET,
      SHOPIFY_ADMIN_API_ORIGIN: served.url,
    },
    logLevel: 'none',
    local: true,
    experimental: { disableExperimentalWarning: true, disableDevRegistry: true, testMode: true, watch: false },
  });
  try {
    remote.server.delayMs = DB_DELAY_MS;
    sim.faults.latencyMs = ADMIN_DELAY_MS;
    const order = (sku: string, more: { sku: string; quantity: number }[] = []) =>
      sim.store.addOrder({ shippingAddress: MANHATTAN, lineItems: [{ sku, quantity: 1 }, ...more], locationId: L.newark }).id;
    let counter = 0;
    let number = 0;
    let lastRun: { handle: string; body: string } | undefined;
    const body = (handle: string, properties: Record<string, unknown>) => {
      const text = JSON.stringify({
        shop_id: 1,
        shopify_domain: SHOP,
        action_run_id: `bench-workers-${process.pid}-${++counter}`,
        action_definition_id: handle,
        handle,
        properties,
      });
      lastRun = { handle, body: text };
      return { handle, body: text };
    };
    const noop = order('MUG-BLK');
    sim.store.fulfill(noop, { trackingInfo: { company: 'UPS', numbers: ['1Z999AA10123456784'] } });
    const series: { name: string; what: string; maxRoundTrips: number; next: () => { handle: string; body: string } }[] = [
      {
        name: 'add-tracking',
        what: 'append a number (1 mutation)',
        maxRoundTrips: 3,
        next: () => {
          const id = order('MUG-BLK');
          sim.store.fulfill(id);
          return body('add-tracking', { order_id: id, tracking_number: `BENCH${++number}` });
        },
      },
      {
        name: 'add-tracking (already present)',
        what: 'no mutation',
        maxRoundTrips: 2,
        next: () => body('add-tracking', { order_id: noop, tracking_number: '1Z999AA10123456784' }),
      },
      {
        name: 'fulfill-from-best-location',
        what: 'no move (1 mutation)',
        maxRoundTrips: 3,
        next: () => body('fulfill-from-best-location', { order_id: order('MUG-BLK') }),
      },
      {
        name: 'fulfill-from-best-location+move',
        what: 'whole move, then fulfil (2 mutations)',
        maxRoundTrips: 3,
        next: () => body('fulfill-from-best-location', { order_id: order('TOTE-NAT') }),
      },
      {
        name: 'partial-fulfill-ready-items',
        what: '1 of 2 lines (1 mutation + trigger)',
        maxRoundTrips: 3,
        next: () => body('partial-fulfill-ready-items', { order_id: order('MUG-BLK', [{ sku: 'TOTE-NAT', quantity: 1 }]) }),
      },
      {
        name: 're-send of a finished run',
        what: 'the stored answer',
        maxRoundTrips: 1,
        next: () => lastRun ?? body('add-tracking', { order_id: noop, tracking_number: '1Z999AA10123456784' }),
      },
    ];

    const send = async (request: { handle: string; body: string }) => {
      remote.server.requests.length = 0;
      const calls = sim.calls.length;
      const started = performance.now();
      const response = await worker.fetch(`http://flowfill.example/flow/actions/${request.handle}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-shopify-hmac-sha256': createHmac('sha256', SECRET).update(request.body).digest('base64'),
        },
        body: request.body,
      });
      const text = await response.text();
      const ms = performance.now() - started;
      if (response.status !== 200) throw new Error(`workers bench: ${request.handle} answered ${response.status} ${text}`);
      return { ms, trips: sequentialRoundTrips(remote.server.requests), admin: sim.calls.length - calls };
    };

    const results: WorkersSeries[] = [];
    for (const s of series) {
      // The first request of an isolate also opens its connections: a warm-up, not a sample.
      await send(s.next());
      const samples = [];
      for (let i = 0; i < options.samples; i++) samples.push(await send(s.next()));
      const trips = Math.max(...samples.map((x) => x.trips));
      const admin = Math.max(...samples.map((x) => x.admin));
      const times = samples.map((x) => x.ms);
      const floor = DB_DELAY_MS + admin * ADMIN_DELAY_MS;
      results.push({
        name: s.name,
        what: s.what,
        maxRoundTrips: s.maxRoundTrips,
        db_round_trips: trips,
        admin_calls: admin,
        p50_ms: quantile(times, 0.5),
        p99_ms: quantile(times, 0.99),
        floor_ms: floor,
        ratio_p50: quantile(times, 0.5) / floor,
        samples: samples.length,
      });
    }
    const pad = (v: string | number, w: number) => String(v).padStart(w);
    const rows = [
      `${'series'.padEnd(34)} ${pad('db trips', 8)} ${pad('admin', 5)} ${pad('p50 ms', 8)} ${pad('p99 ms', 8)} ${pad('floor', 6)} ${pad('ratio', 6)}`,
      ...results.map(
        (r) =>
          `${r.name.padEnd(34)} ${pad(`${r.db_round_trips}/${r.maxRoundTrips}`, 8)} ${pad(r.admin_calls, 5)} ${pad(r.p50_ms.toFixed(0), 8)} ${pad(r.p99_ms.toFixed(0), 8)} ${pad(r.floor_ms, 6)} ${pad(r.ratio_p50.toFixed(2), 6)}   ${r.what}`,
      ),
    ];
    const problems = results
      .filter((r) => r.db_round_trips > r.maxRoundTrips)
      .map((r) => `workers: ${r.name}: ${r.db_round_trips} database round trips > ${r.maxRoundTrips}`);
    return { db_delay_ms: DB_DELAY_MS, admin_delay_ms: ADMIN_DELAY_MS, series: results, rows, problems };
  } finally {
    await worker.stop();
    await served.close();
    await remote.close();
  }
}

// `tsx bench/workers.ts`: the section alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchWorkers({ samples: Number(process.argv[2] ?? 10) });
  for (const row of result.rows) console.log(row);
  for (const problem of result.problems) console.error(`FAILED: ${problem}`);
  if (result.problems.length > 0) process.exitCode = 1;
}
