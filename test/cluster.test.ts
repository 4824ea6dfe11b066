/**
 * `npm start` with FLOWFILL_WORKERS=2: two HTTP worker processes on one database file. Copies of
 * the same signed Flow deliveries, sent all at once, land on both workers; the ledger's claim must
 * still let exactly one execute each run, and every mutation reach Shopify once. Then a worker
 * killed with SIGKILL is replaced, and SIGTERM stops the whole server cleanly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listRuns } from '../src/db/ledger';
import { migrateDatabase, openDatabase } from '../src/db/node';
import { registerShop } from '../src/db/shops';
import { signHmac } from '../src/flow/hmac';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_ORDERS as O, SANDBOX_SHOP, seedSandbox } from '../src/sandbox/seed';
import { APP_SCOPES, createSimulator, serveSimulator } from '../src/sandbox/simulator/index';
import { jsonOrText } from './helpers/harness';
import { freePort, startNodeServer, type NodeServer } from './helpers/node-server';

const SECRET = 'cluster-test-secret';
const COPIES = 16;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface LogLine {
  msg: string;
  worker?: number;
  pid?: number;
  action_run_id?: string;
  status?: number;
  code?: string;
}

/** The server's JSON log lines (the primary's and every worker's). */
function logLines(server: NodeServer): LogLine[] {
  return server
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

async function until(condition: () => boolean, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('cluster: FLOWFILL_WORKERS=2 on one database file', () => {
  it('runs each concurrently delivered run once across the workers, replaces a killed worker, and stops on SIGTERM', async () => {
    const sim = createSimulator();
    seedSandbox(sim);
    // Every Admin API answer takes a while, so a run is still working when its copies reach the other worker.
    sim.faults.latencyMs = 100;
    // One simulator for both workers (over HTTP): its store and call log are what Shopify would see.
    const served = await serveSimulator(sim);
    cleanups.push(() => served.close());
    const dir = mkdtempSync(join(tmpdir(), 'flowfill-cluster-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const url = `file:${join(dir, 'cluster.db')}`;
    const database = await openDatabase(url);
    await migrateDatabase(database.db);
    await registerShop(database.db, { shop: SANDBOX_SHOP, accessToken: SANDBOX_ACCESS_TOKEN, scopes: [...APP_SCOPES], now: Date.now() });
    cleanups.push(() => database.close());

    const port = await freePort();
    const server = await startNodeServer(
      {
        DATABASE_URL: url,
        SHOPIFY_API_SECRET: SECRET,
        SHOPIFY_ADMIN_API_ORIGIN: served.url,
        SWEEP_INTERVAL_MS: '0',
        FLOWFILL_WORKERS: '2',
      },
      port,
      { listening: 2 },
    );
    cleanups.push(() => void (server.child.exitCode === null && server.child.signalCode === null && server.child.kill('SIGKILL')));

    const runs = [
      {
        id: 'cluster-track',
        handle: 'add-tracking',
        properties: { order_id: O.fulfilledNoTracking, tracking_number: '1Z999AA10123456784' },
      },
      { id: 'cluster-move', handle: 'fulfill-from-best-location', properties: { order_id: O.stockElsewhere } },
      { id: 'cluster-partial', handle: 'partial-fulfill-ready-items', properties: { order_id: O.unfulfilledInStock } },
    ].map((run) => ({
      ...run,
      body: JSON.stringify({
        shop_id: 1,
        shopify_domain: SANDBOX_SHOP,
        action_run_id: run.id,
        action_definition_id: `def-${run.handle}`,
        handle: run.handle,
        properties: run.properties,
      }),
    }));
    const post = async (run: (typeof runs)[number]) => {
      const response = await fetch(`http://127.0.0.1:${port}/flow/actions/${run.handle}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-shopify-hmac-sha256': await signHmac(run.body, SECRET) },
        body: run.body,
      });
      return { run, status: response.status, json: await jsonOrText(response) };
    };

    // Interleaved copies of the three runs, all in flight at once (one connection each).
    const deliveries = Array.from({ length: COPIES }, () => runs).flat();
    const answers = await Promise.all(deliveries.map(post));

    const ledger = await listRuns(database.db, SANDBOX_SHOP, { limit: 100 });
    expect(ledger.map((r) => r.actionRunId).sort()).toEqual(runs.map((r) => r.id).sort());
    // Each run executed once: no copy claimed it a second time or took it over.
    for (const row of ledger) expect(row, row.actionRunId).toMatchObject({ status: 'succeeded', attempts: 1, responseStatus: 200 });
    for (const answer of answers) {
      if (answer.status === 202) {
        // Another copy held the run (or, on a slow machine, the time budget ran out first).
        expect(['in_progress', 'time_budget']).toContain(answer.json.reason);
        continue;
      }
      expect(answer.status, JSON.stringify(answer.json)).toBe(200);
      // The executing copy's answer or, for a later copy, the stored one: the same body.
      expect(answer.json).toEqual(ledger.find((r) => r.actionRunId === answer.run.id)!.responseBody);
    }
    for (const run of runs) expect(answers.filter((a) => a.run === run && a.status === 200).length, run.id).toBeGreaterThanOrEqual(1);
    // The copies did overlap: some found their run held by another delivery.
    expect(answers.filter((a) => a.status === 202 && a.json.reason === 'in_progress').length).toBeGreaterThan(0);

    // The copies were spread over both processes: each worker answered deliveries of every run.
    const requests = logLines(server).filter((line) => line.msg === 'flow request');
    expect(requests).toHaveLength(deliveries.length);
    for (const run of runs) expect(new Set(requests.filter((r) => r.action_run_id === run.id).map((r) => r.worker)).size, run.id).toBe(2);

    // Shopify saw each mutation once.
    const applied = (name: string) => sim.calls.filter((c) => c.operationName === name && c.status === 200).length;
    expect(applied('AddTrackingUpdate')).toBe(1);
    expect(applied('FulfillmentOrderMove')).toBe(1);
    expect(applied('FulfillmentCreate')).toBe(2);
    expect(sim.store.fulfillments(O.fulfilledNoTracking)[0]!.trackingUpdates).toHaveLength(1);
    expect(sim.store.fulfillments(O.stockElsewhere)).toHaveLength(1);
    expect(sim.store.fulfillments(O.unfulfilledInStock)).toHaveLength(1);

    // Flow's later re-sends get the stored answers and call nothing.
    const callsBefore = sim.calls.length;
    for (const run of runs) {
      const again = await post(run);
      expect(again.status).toBe(200);
      expect(again.json).toEqual(ledger.find((r) => r.actionRunId === run.id)!.responseBody);
    }
    expect(sim.calls.length).toBe(callsBefore);

    // A worker that dies is logged and replaced; the server keeps answering.
    const victim = logLines(server).find((line) => line.msg === 'flowfill listening' && line.worker === 1)!;
    process.kill(victim.pid!, 'SIGKILL');
    await until(
      () => logLines(server).some((line) => line.msg === 'worker exited; starting another' && line.worker === 1),
      'the crash log',
    );
    await until(() => logLines(server).filter((line) => line.msg === 'flowfill listening').length === 3, 'a replacement worker');
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    // SIGTERM on the primary stops every worker, then the primary, with exit code 0.
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const stopped = logLines(server).filter((line) => line.msg === 'shutting down');
    expect(stopped.filter((line) => line.worker !== undefined)).toHaveLength(2);
    expect(server.output()).not.toContain('"level":"error","msg":"request failed"');
  }, 120_000);
});
