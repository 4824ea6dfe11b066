/**
 * The real server process (src/node.ts) killed with SIGKILL between a fulfillment-order move and
 * the fulfillment create, restarted on the same database, the delivery re-sent: the run finishes
 * with exactly one move and one create.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getRun } from '../../src/db/ledger';
import { migrateDatabase, openDatabase } from '../../src/db/node';
import { registerShop } from '../../src/db/shops';
import { signHmac } from '../../src/flow/hmac';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_ORDERS as O, SANDBOX_LOCATIONS as L, SANDBOX_SHOP, seedSandbox } from '../../src/sandbox/seed';
import { APP_SCOPES, createSimulator, serveSimulator } from '../../src/sandbox/simulator/index';
import { freePort, startNodeServer, type NodeServer } from '../helpers/node-server';

const SECRET = 'crash-test-secret';
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Starts src/node.ts (not sandbox mode: the secret is set) and waits for /healthz; killed after the test. */
async function startServer(env: Record<string, string>, port: number): Promise<NodeServer> {
  const server = await startNodeServer(env, port);
  cleanups.push(() => void (server.child.exitCode === null && server.child.signalCode === null && server.child.kill('SIGKILL')));
  return server;
}

describe('reliability: SIGKILL between a move and a create', () => {
  it.each([
    ['the create reached Shopify before the crash', true],
    ['the create never reached Shopify', false],
  ])(
    '%s: restart + re-send finishes with one move and one create',
    async (_name, createApplied) => {
      const sim = createSimulator();
      seedSandbox(sim);
      const served = await serveSimulator(sim);
      cleanups.push(() => served.close());
      const dir = mkdtempSync(join(tmpdir(), 'flowfill-crash-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const url = `file:${join(dir, 'crash.db')}`;
      const database = await openDatabase(url);
      await migrateDatabase(database.db);
      await registerShop(database.db, { shop: SANDBOX_SHOP, accessToken: SANDBOX_ACCESS_TOKEN, scopes: [...APP_SCOPES], now: Date.now() });
      cleanups.push(() => database.close());

      // Pause the create; the test decides when (and whether) it goes through.
      let reached!: () => void;
      const atCreate = new Promise<void>((r) => (reached = r));
      let release!: (value: Response | void) => void;
      sim.faults.beforeOperation = (name) => {
        if (name !== 'FulfillmentCreate') return;
        sim.faults.beforeOperation = undefined;
        reached();
        return new Promise<Response | void>((r) => (release = r));
      };

      const env = {
        DATABASE_URL: url,
        SHOPIFY_API_SECRET: SECRET,
        SHOPIFY_ADMIN_API_ORIGIN: served.url,
        RUN_LEASE_MS: '1000',
        SWEEP_INTERVAL_MS: '0',
        FLOW_TIME_BUDGET_MS: '9000',
        // One process, so that SIGKILL ends the whole server (a cluster's orphaned workers would finish the run).
        FLOWFILL_WORKERS: '1',
      };
      const port = await freePort();
      const first = await startServer(env, port);
      const body = JSON.stringify({
        shop_id: 1,
        shopify_domain: SANDBOX_SHOP,
        action_run_id: `crash-${createApplied}`,
        action_definition_id: 'def',
        handle: 'fulfill-from-best-location',
        properties: { order_id: O.stockElsewhere },
      });
      const headers = { 'content-type': 'application/json', 'x-shopify-hmac-sha256': await signHmac(body, SECRET) };
      const endpoint = `http://127.0.0.1:${port}/flow/actions/fulfill-from-best-location`;
      const lost = fetch(endpoint, { method: 'POST', headers, body }).then(
        async (r) => `${r.status} ${await r.text()}`,
        () => 'connection lost',
      );
      await atCreate;
      expect(sim.store.fulfillmentOrders(O.stockElsewhere)[0]!.assignedLocationId).toBe(L.losAngeles);
      first.child.kill('SIGKILL');
      await first.exited;
      // Either the connection dropped, or (slow cold start) the budget had already answered 202.
      expect(await lost).toMatch(/^connection lost$|^202 .*time_budget/);
      // The process is gone; the create it had sent now lands (or is refused like a dropped connection).
      release(createApplied ? undefined : new Response('<html>503</html>', { status: 503 }));
      await new Promise((r) => setTimeout(r, 50));
      expect(sim.store.fulfillments(O.stockElsewhere)).toHaveLength(createApplied ? 1 : 0);
      expect((await getRun(database.db, SANDBOX_SHOP, `crash-${createApplied}`))?.status).toBe('running');

      await startServer(env, port);
      // Flow re-sends; until the dead process's 1 s lease expires the run is busy (202).
      let answer: { status: number; json: any } = { status: 0, json: null };
      for (let tries = 0; tries < 20; tries++) {
        const response = await fetch(endpoint, { method: 'POST', headers, body });
        answer = { status: response.status, json: await response.json() };
        if (answer.status !== 202) break;
        await new Promise((r) => setTimeout(r, 300));
      }
      expect(answer.status, JSON.stringify(answer.json)).toBe(200);
      expect(answer.json.return_value).toMatchObject({ outcome: 'fulfilled' });
      // Whether or not the lost create had landed, the answer names where the order was fulfilled.
      expect(answer.json.return_value).toMatchObject({ locationId: L.losAngeles });
      const applied = (name: string) => sim.calls.filter((c) => c.operationName === name && c.status === 200).length;
      expect(applied('FulfillmentOrderMove')).toBe(1);
      expect(applied('FulfillmentCreate')).toBe(1);
      expect(sim.store.fulfillments(O.stockElsewhere)).toHaveLength(1);
      expect(await getRun(database.db, SANDBOX_SHOP, `crash-${createApplied}`)).toMatchObject({ status: 'succeeded', attempts: 2 });
    },
    120_000,
  );
});
