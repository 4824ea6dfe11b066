/**
 * The benchmark's system under test: the real app (createApp) over a temp libSQL file and the
 * in-process simulated Admin API at zero latency, next to the floor handler, both served by
 * @hono/node-server on 127.0.0.1. Shared by the latency run (bench/index.ts) and the throughput
 * server child process (bench/server.ts).
 */
import type { ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createApp } from '../src/app';
import { buildDeps } from '../src/build-deps';
import type { AppDeps } from '../src/deps';
import { systemClock } from '../src/clock';
import { claimRun } from '../src/db/ledger';
import { migrateDatabase, openDatabase } from '../src/db/node';
import { registerShop } from '../src/db/shops';
import { verifyHmac } from '../src/flow/hmac';
import { createLogger } from '../src/log';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_SHOP, seedSandbox } from '../src/sandbox/seed';
import { APP_SCOPES, createSimulator, type Simulator } from '../src/sandbox/simulator/index';
import { DEFAULT_ADMIN_TIMEOUT_MS } from '../src/shopify/client';

export const SECRET = 'bench-app-secret';

/**
 * Orders already carrying RA123456785BR, for the throughput run's add-tracking no-ops: spread over
 * many orders, since add-tracking runs one at a time per order (concurrent runs on one order answer 202).
 */
export const NOOP_ORDER_IDS: readonly string[] = Array.from({ length: 64 }, (_, i) => `gid://shopify/Order/${9001 + i}`);
export const SHOP = SANDBOX_SHOP;

/** Server-side timing of the request in flight (requests of the latency run are sequential). */
export interface Timing {
  /** ms spent inside the simulator (Shopify's share, excluded from "own overhead"). */
  simMs: number;
  /** ms from the server's fetch handler being called to its Response being ready. */
  lastHandlerMs: number;
  lastSimMs: number;
}

export interface Stack {
  url: string;
  sim: Simulator;
  timing: Timing;
  deps: AppDeps;
  close(): Promise<void>;
}

/** Flow's signature with node:crypto (synchronous: autocannon's setupRequest cannot await). */
export function signSync(body: string): string {
  return createHmac('sha256', SECRET).update(body).digest('base64');
}

let counter = 0;
/** A Flow action request body with a fresh action_run_id. */
export function flowBody(handle: string, properties: Record<string, unknown>, prefix = 'bench'): string {
  return JSON.stringify({
    shop_id: 42,
    shopify_domain: SHOP,
    action_run_id: `${prefix}-${process.pid}-${Date.now()}-${++counter}`,
    action_definition_id: `def-${handle}`,
    handle,
    properties,
  });
}

/**
 * The floor: what any correct Flow action must do and nothing else — read the raw body, verify
 * its HMAC, parse it, insert one ledger row (the app's claimRun on the same `runs` table and
 * database), answer JSON.
 */
export function floorApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.post('/floor', async (c) => {
    const raw = new Uint8Array(await c.req.arrayBuffer());
    if (!(await verifyHmac(raw, c.req.header('X-Shopify-Hmac-Sha256'), deps.secrets.apiSecret)))
      return c.json({ error: { code: 'invalid_hmac' } }, 401);
    const body = JSON.parse(new TextDecoder().decode(raw)) as { shopify_domain: string; action_run_id: string; handle: string };
    const claim = await claimRun(deps.db, {
      shop: body.shopify_domain,
      actionRunId: body.action_run_id,
      handle: body.handle,
      orderId: null,
      properties: null,
      now: Date.now(),
      leaseMs: 30_000,
    });
    return c.json({ return_value: { claimed: claim.kind } });
  });
  return app;
}

/** Installs the bench shop (the simulator's token) in `db`. */
export async function registerBenchShop(db: AppDeps['db']): Promise<void> {
  await registerShop(db, { shop: SHOP, accessToken: SANDBOX_ACCESS_TOKEN, scopes: [...APP_SCOPES], now: Date.now() });
}

/** The process's memory after a full GC (when started with --expose-gc), in MB. */
function memory(): { heap_used_mb: number; rss_mb: number; external_mb: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('bench server started without --expose-gc: its heap figures would include garbage');
  gc();
  const usage = process.memoryUsage();
  const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
  return { heap_used_mb: mb(usage.heapUsed), rss_mb: mb(usage.rss), external_mb: mb(usage.external) };
}

/**
 * Starts the stack on a free port (or `port`). The database file goes in a fresh directory under
 * `dbParent` (default the OS temp dir; /dev/shm takes the disk's fsync out of the figures).
 * `sharedFile`: a cluster worker's stack (bench/cores-server.ts) on a database its primary made,
 * migrated, registered the shop in and checkpoints.
 */
export async function startStack(port = 0, dbParent = tmpdir(), sharedFile?: string): Promise<Stack> {
  const dir = sharedFile ? null : mkdtempSync(join(dbParent, 'flowfill-bench-'));
  // As the Node server opens it: WAL checkpoints in a worker thread (the primary's, in a cluster).
  const database = await openDatabase(`file:${sharedFile ?? join(dir!, 'bench.db')}`, undefined, {
    backgroundCheckpoint: sharedFile ? 'elsewhere' : true,
  });
  if (!sharedFile) await migrateDatabase(database.db);
  const sim = createSimulator();
  // An unbounded bucket: with Shopify's 2,000 / 100 points/s the client would pace itself after a
  // few dozen requests and the figures would measure the rate limit. The cost columns of the
  // report say what a real shop's 100 points/s allow.
  sim.faults.bucket = { maximumAvailable: 1e12, restoreRate: 1e12 };
  seedSandbox(sim);
  for (const id of NOOP_ORDER_IDS) {
    sim.store.addOrder({ id, lineItems: [{ sku: 'MUG-BLK', quantity: 1 }], commitInventory: false });
    sim.store.fulfill(id, { trackingInfo: { company: 'Correios', numbers: ['RA123456785BR'] } });
  }
  if (!sharedFile) await registerBenchShop(database.db);

  const timing: Timing = { simMs: 0, lastHandlerMs: 0, lastSimMs: 0 };
  const simFetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const started = performance.now();
    try {
      return await sim.fetch(new Request(input, init));
    } finally {
      timing.simMs += performance.now() - started;
    }
  };
  const deps = buildDeps(
    {
      SHOPIFY_API_VERSION: '2026-07',
      SHOPIFY_ADMIN_API_ORIGIN: undefined,
      SHOPIFY_API_SECRET: SECRET,
      SHOPIFY_API_KEY: undefined,
      FLOW_TIME_BUDGET_MS: 4000,
      RUN_LEASE_MS: 30_000,
      adminTimeoutMs: DEFAULT_ADMIN_TIMEOUT_MS,
    },
    // Logging stays on (production writes one line per request) but goes nowhere.
    {
      db: database.db,
      adminFetch: simFetch as typeof fetch,
      clock: systemClock,
      logger: createLogger(() => undefined),
      waitUntil: () => undefined,
    },
  );
  const app = createApp(deps);
  const floor = floorApp(deps);
  const handler = async (request: Request) => {
    if (new URL(request.url).pathname === '/bench/memory') {
      // The simulator logs every call it serves; that log is the bench's, not the app's memory.
      sim.calls.length = 0;
      return Response.json(memory());
    }
    const started = performance.now();
    timing.simMs = 0;
    const response = await (new URL(request.url).pathname === '/floor' ? floor : app).fetch(request);
    timing.lastHandlerMs = performance.now() - started;
    timing.lastSimMs = timing.simMs;
    return response;
  };
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: handler, port, hostname: '127.0.0.1' }, () => resolve(s as Server));
    (s as Server).once('error', reject);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    sim,
    timing,
    deps,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The URL a bench server child prints as `LISTENING <url>` once it serves; rejects (naming `what`) if it exits first. */
export function listeningUrl(child: ChildProcess, what: string): Promise<string> {
  let output = '';
  return new Promise<string>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const match = /LISTENING (\S+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`${what} exited (${code}): ${output}`)));
  });
}
