/**
 * `npm run bench`: flowfill's own cost per Flow request, measured in one run so the figures are
 * ratios against a floor on the same machine.
 *
 * - floor: a minimal Hono handler (raw body → HMAC → one ledger insert → JSON) on the same server;
 * - each action's own overhead: server-side handler time minus the time spent inside the
 *   simulated Admin API (zero latency, in process), median and p99 of sequential signed requests,
 *   each on a fresh order, and median(action) / median(floor);
 * - throughput: autocannon, 50 connections, against the same stack in a child process;
 * - cores: the same throughput with 1, 2 and N cluster workers on one database (bench/cores.ts);
 * - rules: bench/rules.ts (our evaluator vs json-logic-js);
 * - Shopify cost: round trips and query cost per action from the simulator's call log;
 * - workers: the Worker entry inside workerd over libSQL HTTP with 20 ms per database request and
 *   100 ms per Admin API request: database round trips per request, p50/p99, ratio to a floor of
 *   one database round trip plus the action's Admin API calls (bench/workers.ts).
 *
 * Short mode (default, for CI): fewer samples, 3 s of load. `--full`: 2,000 samples per series and
 * 10 s of load. Writes bench-results.json. Exits 1 when a request fails or a deterministic target
 * (round trips, query cost) is missed; timing targets are reported, never enforced (CI machines vary).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { SANDBOX_LOCATIONS as L } from '../src/sandbox/seed';
import type { CallRecord } from '../src/sandbox/simulator/index';
import { benchAnalytics } from './analytics';
import { bigShops } from './big-shops';
import { benchWorkers } from './workers';
import { coresTable, measureCores } from './cores';
import { compareDrivers } from './db-driver';
import { flowBody, listeningUrl, NOOP_ORDER_IDS, signSync, startStack, type Stack } from './stack';

const FULL = process.argv.includes('--full');
/** Where the temp database lives: `--db-dir=/dev/shm` measures without the disk's fsync. */
const DB_DIR = process.argv.find((a) => a.startsWith('--db-dir='))?.slice('--db-dir='.length) || tmpdir();
const SAMPLES = FULL ? 2000 : 200;
const WARMUP = FULL ? 200 : 30;
const LOAD_SECONDS = FULL ? 10 : 3;
const CONNECTIONS = 50;
const ROOT = join(import.meta.dirname, '..');
const RESTORE_RATE = 100;

const TARGETS = {
  overheadRatio: 2,
  p99Ms: 5,
  throughputRps: 1000,
  rulesRatio: 0.9,
  actualCost: 100,
  maxQueryCost: 1000,
  analyticsP50Ms: 100,
};

interface Series {
  name: string;
  /** What the request does, for the table. */
  what: string;
  maxRoundTrips?: number;
  expect: (status: number, json: any) => boolean;
  /** A fresh signed body (creates its order beforehand in `prepare`). */
  next: () => { path: string; body: string };
  prepare?: (count: number) => void;
}

interface Sample {
  clientMs: number;
  handlerMs: number;
  ownMs: number;
  calls: CallRecord[];
}

const median = (values: number[]) => quantile(values, 0.5);
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(3) : '-');

/** Orders like the tests' (Newark, shipping to Manhattan), created before timing starts. */
function orders(stack: Stack, count: number, lineItems: { sku: string; quantity: number }[], after?: (id: string) => void): string[] {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const order = stack.sim.store.addOrder({
      shippingAddress: { countryCode: 'US', provinceCode: 'NY', city: 'New York', zip: '10001', latitude: 40.7506, longitude: -73.9972 },
      lineItems,
      locationId: L.newark,
    });
    after?.(order.id);
    ids.push(order.id);
  }
  return ids;
}

function seriesOf(stack: Stack): Series[] {
  const store = stack.sim.store;
  // Enough stock for every order the run creates.
  store.setInventory('MUG-BLK', L.newark, { available: 10_000_000 });
  store.setInventory('TOTE-NAT', L.losAngeles, { available: 10_000_000 });
  const queue = (make: (count: number) => string[]) => {
    let ids: string[] = [];
    return {
      prepare: (count: number) => void (ids = make(count)),
      take: () => {
        const id = ids.pop();
        if (!id) throw new Error('ran out of prepared orders');
        return id;
      },
    };
  };
  const tracking = queue((n) => orders(stack, n, [{ sku: 'MUG-BLK', quantity: 1 }], (id) => void store.fulfill(id)));
  const keep = queue((n) => orders(stack, n, [{ sku: 'MUG-BLK', quantity: 1 }]));
  const move = queue((n) => orders(stack, n, [{ sku: 'TOTE-NAT', quantity: 1 }]));
  const partial = queue((n) =>
    orders(stack, n, [
      { sku: 'MUG-BLK', quantity: 1 },
      { sku: 'TOTE-NAT', quantity: 1 },
    ]),
  );
  let trackingNumber = 0;
  const outcome = (value: string) => (status: number, json: any) => status === 200 && json?.return_value?.outcome === value;
  return [
    {
      name: 'floor',
      what: 'raw body, HMAC, 1 ledger insert, JSON',
      expect: (status, json) => status === 200 && json?.return_value?.claimed === 'execute',
      next: () => ({ path: '/floor', body: flowBody('floor', {}) }),
    },
    {
      name: 'add-tracking',
      what: 'append a number to the fulfillment',
      maxRoundTrips: 2,
      expect: outcome('added'),
      prepare: tracking.prepare,
      next: () => ({
        path: '/flow/actions/add-tracking',
        body: flowBody('add-tracking', { order_id: tracking.take(), tracking_number: `BENCH${++trackingNumber}` }),
      }),
    },
    {
      name: 'fulfill-from-best-location',
      what: 'assigned location is best: no move',
      maxRoundTrips: 2,
      expect: outcome('fulfilled'),
      prepare: keep.prepare,
      next: () => ({
        path: '/flow/actions/fulfill-from-best-location',
        body: flowBody('fulfill-from-best-location', { order_id: keep.take() }),
      }),
    },
    {
      name: 'fulfill-from-best-location+move',
      what: 'stock elsewhere: move, then fulfil',
      maxRoundTrips: 3,
      expect: outcome('fulfilled'),
      prepare: move.prepare,
      next: () => ({
        path: '/flow/actions/fulfill-from-best-location',
        body: flowBody('fulfill-from-best-location', { order_id: move.take() }),
      }),
    },
    {
      name: 'partial-fulfill-ready-items',
      what: '1 of 2 lines ready: fulfil it',
      maxRoundTrips: 2,
      expect: outcome('partially_fulfilled'),
      prepare: partial.prepare,
      next: () => ({
        path: '/flow/actions/partial-fulfill-ready-items',
        body: flowBody('partial-fulfill-ready-items', { order_id: partial.take() }),
      }),
    },
  ];
}

async function send(stack: Stack, series: Series): Promise<Sample> {
  const { path, body } = series.next();
  const before = stack.sim.calls.length;
  const started = performance.now();
  const response = await fetch(stack.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shopify-hmac-sha256': signSync(body) },
    body,
  });
  const json = await response.json();
  const clientMs = performance.now() - started;
  if (!series.expect(response.status, json))
    throw new Error(`${series.name}: unexpected answer ${response.status} ${JSON.stringify(json)}`);
  return {
    clientMs,
    handlerMs: stack.timing.lastHandlerMs,
    ownMs: stack.timing.lastHandlerMs - stack.timing.lastSimMs,
    calls: stack.sim.calls.slice(before).filter((c) => c.operationName !== 'FlowTriggerReceive'),
  };
}

/** Sequential requests, the series interleaved so drift (GC, CPU frequency) hits all of them alike. */
async function latency(stack: Stack): Promise<Map<string, Sample[]>> {
  const all = seriesOf(stack);
  for (const series of all) series.prepare?.(WARMUP + SAMPLES);
  for (let i = 0; i < WARMUP; i++)
    for (const series of all) {
      await send(stack, series);
    }
  const samples = new Map<string, Sample[]>(all.map((s) => [s.name, []]));
  for (let i = 0; i < SAMPLES; i++) {
    for (const series of all) samples.get(series.name)!.push(await send(stack, series));
  }
  return samples;
}

/** Starts bench/server.ts (the same stack) in a child process and resolves its URL. */
async function startServerProcess(): Promise<{ url: string; child: ChildProcess }> {
  // NODE_OPTIONS, not an argument: the tsx CLI runs the script in a second process, which inherits
  // the environment, so --expose-gc reaches the server and its memory is measured after a full GC.
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'bench/server.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, BENCH_DB_DIR: DB_DIR, NODE_OPTIONS: [process.env.NODE_OPTIONS, '--expose-gc'].filter(Boolean).join(' ') },
  });
  const url = await listeningUrl(child, 'bench server');
  return { url, child };
}

interface Load {
  rps: number;
  latencyP50: number;
  latencyP99: number;
  total: number;
  non2xx: number;
  errors: number;
}

/** autocannon at 50 connections; every request a freshly built and signed body (a unique run id). */
async function load(url: string, path: string, build: () => string, seconds: number): Promise<Load> {
  const result = await autocannon({
    url: url + path,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const body = build();
          return { ...request, body, headers: { 'content-type': 'application/json', 'x-shopify-hmac-sha256': signSync(body) } };
        },
      },
    ],
  });
  return {
    rps: result.requests.average,
    latencyP50: result.latency.p50,
    latencyP99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

interface Memory {
  heap_used_mb: number;
  rss_mb: number;
  external_mb: number;
}

/** The load server's memory after a full GC. */
async function serverMemory(url: string): Promise<Memory> {
  return (await (await fetch(`${url}/bench/memory`)).json()) as Memory;
}

async function throughput(): Promise<{ floor: Load; action: Load; memory: { warm: Memory; afterFloor: Memory; afterAction: Memory } }> {
  const { url, child } = await startServerProcess();
  try {
    // The cheap path that still does everything a run does: claim, one Admin API read, finish.
    // These orders already carry RA123456785BR: every run is an add-tracking no-op.
    let next = 0;
    const noop = () =>
      flowBody('add-tracking', { order_id: NOOP_ORDER_IDS[next++ % NOOP_ORDER_IDS.length]!, tracking_number: 'RA123456785BR' }, 'load');
    await load(url, '/flow/actions/add-tracking', noop, 1); // warm-up
    const warm = await serverMemory(url);
    const floor = await load(url, '/floor', () => flowBody('floor', {}, 'load'), LOAD_SECONDS);
    const afterFloor = await serverMemory(url);
    const action = await load(url, '/flow/actions/add-tracking', noop, LOAD_SECONDS);
    const afterAction = await serverMemory(url);
    return { floor, action, memory: { warm, afterFloor, afterAction } };
  } finally {
    child.kill('SIGTERM');
  }
}

/** bench/rules.ts in its own process (it measures at import); its printed ratio. */
async function rulesRatio(): Promise<{ ratio: number; output: string }> {
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'bench/rules.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const match = /ratio\s+([\d.]+)×/.exec(output);
  if (code !== 0 || !match) throw new Error(`bench/rules.ts failed (${code}):\n${output}`);
  return { ratio: Number(match[1]), output: output.trim() };
}

const pad = (value: string | number, width: number) => String(value).padStart(width);

async function main(): Promise<void> {
  console.log(
    `flowfill bench (${FULL ? 'full' : 'short'}): ${SAMPLES} sequential samples per series, ${LOAD_SECONDS} s of load at ${CONNECTIONS} connections, database under ${DB_DIR}`,
  );
  const stack = await startStack(0, DB_DIR);
  let samples: Map<string, Sample[]>;
  try {
    samples = await latency(stack);
  } finally {
    await stack.close();
  }
  const { floor: floorLoad, action: actionLoad, memory } = await throughput();
  // Heap growth per 1,000 requests after a full GC: what each path leaves behind (a leak shows here).
  const retainedPer1k = (before: Memory, after: Memory, requests: number) =>
    ((after.heap_used_mb - before.heap_used_mb) / Math.max(1, requests)) * 1000;
  const floorRetained = retainedPer1k(memory.warm, memory.afterFloor, floorLoad.total);
  const actionRetained = retainedPer1k(memory.afterFloor, memory.afterAction, actionLoad.total);
  const cores = await measureCores({ seconds: LOAD_SECONDS, connections: CONNECTIONS, dbDir: DB_DIR });
  const rules = await rulesRatio();
  const driver = await compareDrivers(FULL ? 5000 : 1000, DB_DIR);
  const analytics = await benchAnalytics({ full: FULL, dbDir: DB_DIR });
  const big = await bigShops({ runs: FULL ? 5 : 2, dbDir: DB_DIR });
  const workers = await benchWorkers({ samples: FULL ? 50 : 8 });

  const floor = samples.get('floor')!;
  const floorMedian = median(floor.map((s) => s.ownMs));
  const problems: string[] = [];
  const misses: string[] = [];
  const actions: Record<string, Record<string, number>> = {};
  const rows: string[] = [];
  const header = `${'series'.padEnd(32)} ${pad('own p50', 9)} ${pad('own p99', 9)} ${pad('ratio', 6)} ${pad('http p50', 9)} ${pad('trips', 5)} ${pad('req.cost', 8)} ${pad('act.cost', 8)} ${pad('max q', 6)} ${pad('act/s@100', 9)}`;
  rows.push(
    `${'floor'.padEnd(32)} ${pad(ms(floorMedian), 9)} ${pad(
      ms(
        quantile(
          floor.map((s) => s.ownMs),
          0.99,
        ),
      ),
      9,
    )} ${pad('1.00', 6)} ${pad(ms(median(floor.map((s) => s.clientMs))), 9)}`,
  );
  for (const series of seriesOf(stack)) {
    if (series.name === 'floor') continue;
    const list = samples.get(series.name)!;
    const own = list.map((s) => s.ownMs);
    const trips = Math.max(...list.map((s) => s.calls.length));
    const requested = Math.max(...list.map((s) => s.calls.reduce((sum, c) => sum + (c.requestedQueryCost ?? 0), 0)));
    const actual = Math.max(...list.map((s) => s.calls.reduce((sum, c) => sum + (c.actualQueryCost ?? 0), 0)));
    const maxQuery = Math.max(...list.flatMap((s) => s.calls.map((c) => c.requestedQueryCost ?? 0)));
    const entry = {
      median_ms: median(own),
      p99_ms: quantile(own, 0.99),
      overhead_ratio: median(own) / floorMedian,
      handler_median_ms: median(list.map((s) => s.handlerMs)),
      http_median_ms: median(list.map((s) => s.clientMs)),
      http_p99_ms: quantile(
        list.map((s) => s.clientMs),
        0.99,
      ),
      round_trips: trips,
      requested_cost: requested,
      actual_cost: actual,
      max_query_requested_cost: maxQuery,
      sustained_actions_per_s: RESTORE_RATE / actual,
    };
    actions[series.name] = entry;
    rows.push(
      `${series.name.padEnd(32)} ${pad(ms(entry.median_ms), 9)} ${pad(ms(entry.p99_ms), 9)} ${pad(entry.overhead_ratio.toFixed(2), 6)} ${pad(ms(entry.http_median_ms), 9)} ${pad(trips, 5)} ${pad(requested, 8)} ${pad(actual, 8)} ${pad(maxQuery, 6)} ${pad(entry.sustained_actions_per_s.toFixed(1), 9)}`,
    );
    const ops = [...new Set(list.flatMap((s) => s.calls.map((c) => c.operationName)))].join(', ');
    rows.push(`${''.padEnd(32)}   ${series.what}; calls: ${ops}`);
    if (series.maxRoundTrips !== undefined && trips > series.maxRoundTrips)
      problems.push(`${series.name}: ${trips} round trips > ${series.maxRoundTrips}`);
    if (actual > TARGETS.actualCost) problems.push(`${series.name}: actual cost ${actual} > ${TARGETS.actualCost}`);
    if (maxQuery > TARGETS.maxQueryCost) problems.push(`${series.name}: a query requested ${maxQuery} > ${TARGETS.maxQueryCost}`);
    if (entry.overhead_ratio > TARGETS.overheadRatio)
      misses.push(`${series.name}: overhead ratio ${entry.overhead_ratio.toFixed(2)} > ${TARGETS.overheadRatio}`);
    if (entry.p99_ms > TARGETS.p99Ms) misses.push(`${series.name}: p99 ${ms(entry.p99_ms)} ms > ${TARGETS.p99Ms} ms`);
  }
  if (actionLoad.rps < TARGETS.throughputRps) misses.push(`throughput ${Math.round(actionLoad.rps)} rps < ${TARGETS.throughputRps}`);
  if (cores.best_rps < TARGETS.throughputRps)
    misses.push(`throughput with up to ${cores.cores} workers ${Math.round(cores.best_rps)} rps < ${TARGETS.throughputRps}`);
  for (const run of cores.settings)
    if (run.non2xx > 0 || run.errors > 0)
      problems.push(`cores run (${run.workers} workers) had ${run.non2xx} non-2xx answers and ${run.errors} errors`);
  if (rules.ratio < TARGETS.rulesRatio) misses.push(`rules ratio ${rules.ratio} < ${TARGETS.rulesRatio}`);
  for (const a of analytics) {
    if (a.report_p50_ms > TARGETS.analyticsP50Ms)
      misses.push(`analytics (${a.name}): report p50 ${a.report_p50_ms.toFixed(0)} ms > ${TARGETS.analyticsP50Ms} ms`);
    if (!a.indexed) problems.push(`analytics (${a.name}): a query plan does not use the indexes`);
  }
  for (const run of [floorLoad, actionLoad])
    if (run.non2xx > 0 || run.errors > 0) problems.push(`load run had ${run.non2xx} non-2xx answers and ${run.errors} errors`);

  const machine = {
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model ?? 'unknown',
    memory_gb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    date: new Date().toISOString(),
  };
  console.log(`\nPer request, sequential, ms (own = server handler time minus time inside the simulated Admin API)`);
  console.log(header);
  for (const row of rows) console.log(row);
  console.log(`\nThroughput (autocannon, ${CONNECTIONS} connections, ${LOAD_SECONDS} s, server in its own process, unique run ids)`);
  console.log(
    `  floor                      ${pad(Math.round(floorLoad.rps), 6)} req/s  latency p50 ${floorLoad.latencyP50} ms, p99 ${floorLoad.latencyP99} ms (${floorLoad.total} requests)`,
  );
  console.log(
    `  add-tracking (no-op runs)  ${pad(Math.round(actionLoad.rps), 6)} req/s  latency p50 ${actionLoad.latencyP50} ms, p99 ${actionLoad.latencyP99} ms (${actionLoad.total} requests)`,
  );
  console.log(
    `\nLoad server memory after a full GC: warm ${memory.warm.heap_used_mb} MB heap (${memory.warm.rss_mb} MB RSS), after the floor load ${memory.afterFloor.heap_used_mb} MB, after the add-tracking load ${memory.afterAction.heap_used_mb} MB (${memory.afterAction.rss_mb} MB RSS)`,
  );
  console.log(`  heap kept per 1,000 requests: floor ${floorRetained.toFixed(2)} MB, add-tracking ${actionRetained.toFixed(2)} MB`);
  for (const line of coresTable(cores)) console.log(line);
  console.log(`\nRules: ${rules.output.split('\n').at(-1)?.trim()}`);
  console.log(
    `\nDatabase client (one run's statements: shop, claim, rules, step, outcome; ${driver.runs_per_driver} runs each): embedded ${ms(driver.embedded_ms)} ms, @libsql/client file driver ${ms(driver.library_ms)} ms, ratio ${driver.ratio.toFixed(2)}× (above 1: src/db/embedded-client.ts still earns its keep)`,
  );
  console.log(`\nBig shops (fulfill-from-best-location, default rule, every item stocked at every location; costs per run)`);
  for (const row of big.rows) console.log(row);
  for (const miss of big.misses) console.log(`  target missed (limit shown, not enforced): ${miss}`);
  problems.push(...big.problems);
  console.log(
    `\nWorkers (src/worker.ts in workerd; libSQL HTTP test server ${workers.db_delay_ms} ms per database request, simulator ${workers.admin_delay_ms} ms per Admin API request; floor = 1 database round trip + the action's Admin API calls; db trips = sequential database requests per Flow request / the enforced limit)`,
  );
  for (const row of workers.rows) console.log(`  ${row}`);
  problems.push(...workers.problems);
  console.log(
    `\nMachine: ${machine.cpus} × ${machine.cpu_model}, ${machine.memory_gb} GB, Node ${machine.node}, ${machine.platform}, ${machine.date}`,
  );

  const results = {
    mode: FULL ? 'full' : 'short',
    database_dir: DB_DIR,
    samples_per_series: SAMPLES,
    floor_median_ms: floorMedian,
    floor_p99_ms: quantile(
      floor.map((s) => s.ownMs),
      0.99,
    ),
    floor_http_median_ms: median(floor.map((s) => s.clientMs)),
    actions,
    throughput_rps: actionLoad.rps,
    throughput: {
      path: `add-tracking no-op (${NOOP_ORDER_IDS.length} orders in turn, number already present)`,
      connections: CONNECTIONS,
      seconds: LOAD_SECONDS,
      ...actionLoad,
    },
    floor_throughput_rps: floorLoad.rps,
    cores,
    memory: { ...memory, heap_retained_mb_per_1k_requests: { floor: floorRetained, 'add-tracking': actionRetained } },
    rules_ratio: rules.ratio,
    database_client: driver,
    analytics,
    big_shops: big.shapes,
    workers: { db_delay_ms: workers.db_delay_ms, admin_delay_ms: workers.admin_delay_ms, series: workers.series },
    restore_rate_points_per_s: RESTORE_RATE,
    targets: TARGETS,
    misses,
    problems,
    machine,
  };
  writeFileSync(join(ROOT, 'bench-results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote bench-results.json`);
  for (const miss of misses) console.log(`target missed (timing, not enforced): ${miss}`);
  for (const problem of problems) console.error(`FAILED: ${problem}`);
  if (problems.length > 0) process.exitCode = 1;
}

await main();
