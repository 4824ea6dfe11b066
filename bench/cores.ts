/**
 * The "cores" section of `npm run bench`: the add-tracking no-op throughput (the same path and
 * client as the main throughput figure) served by 1, 2 and N cluster workers on one database file
 * (N = os.availableParallelism()), each setting in a fresh server process (bench/cores-server.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { flowBody, listeningUrl, NOOP_ORDER_IDS, signSync } from './stack';

const ROOT = join(import.meta.dirname, '..');

export interface CoresOptions {
  /** Seconds of load per setting (after a 1 s warm-up). */
  seconds: number;
  connections: number;
  /** Where the database file goes (bench/index.ts's --db-dir). */
  dbDir: string;
}

export interface CoresSetting {
  workers: number;
  rps: number;
  latency_p50_ms: number;
  latency_p99_ms: number;
  total: number;
  non2xx: number;
  errors: number;
  /** rps / the 1-worker setting's rps. */
  ratio_to_1: number;
}

export interface CoresResult {
  path: string;
  cores: number;
  connections: number;
  seconds: number;
  settings: CoresSetting[];
  /** The highest rps of any setting. */
  best_rps: number;
}

/** Starts bench/cores-server.ts with `workers` workers and resolves its URL once all of them listen. */
async function startCluster(workers: number, dbDir: string): Promise<{ url: string; child: ChildProcess }> {
  // `node --import tsx`: node:cluster forks with this process's execArgv, so the workers load TypeScript too.
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/cores-server.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, BENCH_WORKERS: String(workers), BENCH_DB_DIR: dbDir },
  });
  const url = await listeningUrl(child, 'cores bench server');
  return { url, child };
}

/** autocannon against add-tracking no-op runs, every request a unique run id on one of the 64 tracked orders. */
async function noopLoad(url: string, connections: number, seconds: number) {
  let next = 0;
  return autocannon({
    url: `${url}/flow/actions/add-tracking`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          const body = flowBody(
            'add-tracking',
            { order_id: NOOP_ORDER_IDS[next++ % NOOP_ORDER_IDS.length]!, tracking_number: 'RA123456785BR' },
            'cores',
          );
          return { ...request, body, headers: { 'content-type': 'application/json', 'x-shopify-hmac-sha256': signSync(body) } };
        },
      },
    ],
  });
}

/** Measures each worker count in turn (1, 2, N; duplicates dropped) and returns the table's figures. */
export async function measureCores(options: CoresOptions): Promise<CoresResult> {
  const cores = availableParallelism();
  const counts = [...new Set([1, 2, cores])].sort((a, b) => a - b);
  const settings: CoresSetting[] = [];
  for (const workers of counts) {
    const { url, child } = await startCluster(workers, options.dbDir);
    try {
      await noopLoad(url, options.connections, 1); // warm-up: every worker's JIT and statement cache
      const result = await noopLoad(url, options.connections, options.seconds);
      settings.push({
        workers,
        rps: result.requests.average,
        latency_p50_ms: result.latency.p50,
        latency_p99_ms: result.latency.p99,
        total: result.requests.total,
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
        ratio_to_1: result.requests.average / (settings[0]?.rps ?? result.requests.average),
      });
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }
  return {
    path: `add-tracking no-op (${NOOP_ORDER_IDS.length} orders in turn, number already present)`,
    cores,
    connections: options.connections,
    seconds: options.seconds,
    settings,
    best_rps: Math.max(...settings.map((s) => s.rps)),
  };
}

/** The section's table, as bench/index.ts prints it. */
export function coresTable(result: CoresResult): string[] {
  const pad = (value: string | number, width: number) => String(value).padStart(width);
  return [
    `\nCores (FLOWFILL_WORKERS: cluster workers on one database file; ${result.path}, autocannon ${result.connections} connections, ${result.seconds} s each, ${result.cores} cores available)`,
    `  ${'workers'.padEnd(8)} ${pad('req/s', 7)} ${pad('p50 ms', 7)} ${pad('p99 ms', 7)} ${pad('× 1 worker', 10)} ${pad('requests', 9)}`,
    ...result.settings.map(
      (s) =>
        `  ${String(s.workers).padEnd(8)} ${pad(Math.round(s.rps), 7)} ${pad(s.latency_p50_ms, 7)} ${pad(s.latency_p99_ms, 7)} ${pad(s.ratio_to_1.toFixed(2), 10)} ${pad(s.total, 9)}`,
    ),
  ];
}
