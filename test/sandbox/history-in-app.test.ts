/**
 * Sandbox history made by the running app (POST /api/sandbox/history, which `flowfill sandbox
 * history` calls when the app is up): the runs are made against the app's own simulated store, so
 * the attention queue's Retry finds their orders; the store gets its stock and its clock back.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { buildDeps } from '../../src/build-deps';
import { systemClock } from '../../src/clock';
import { runs } from '../../src/db/schema';
import { createLogger } from '../../src/log';
import { createSandboxHistory } from '../../src/sandbox/history';
import { SANDBOX_LOCATIONS as L } from '../../src/sandbox/seed';
import { startSandbox, type Sandbox } from '../../src/sandbox/start';
import { runMain } from '../cli/run-cli';
import { freePort, startNodeServer } from '../helpers/node-server';
import { openTempDatabase, type TempDatabase } from '../helpers/temp-database';

const DAY = 86_400_000;
const quiet = createLogger(() => undefined);
let opened: TempDatabase;
let sandbox: Sandbox;

function appWith(history: boolean) {
  const deps = buildDeps(
    {
      SHOPIFY_API_VERSION: '2026-07',
      SHOPIFY_ADMIN_API_ORIGIN: undefined,
      SHOPIFY_API_SECRET: sandbox.secret,
      SHOPIFY_API_KEY: undefined,
      FLOW_TIME_BUDGET_MS: 4000,
      RUN_LEASE_MS: 30_000,
      adminTimeoutMs: 3000,
    },
    {
      db: opened.db,
      adminFetch: sandbox.fetch,
      clock: systemClock,
      logger: quiet,
      waitUntil: () => undefined,
      sandboxShop: sandbox.shop,
      ...(history ? { sandboxHistory: (days: number) => sandbox.history(days, quiet) } : {}),
    },
  );
  return createApp(deps);
}

beforeEach(async () => {
  opened = await openTempDatabase('history-app');
  sandbox = await startSandbox(opened.db, systemClock);
});
afterEach(() => opened.close());

const post = (app: ReturnType<typeof appWith>, path: string) => app.request(`http://localhost${path}`, { method: 'POST' });

describe('POST /api/sandbox/history', () => {
  it('makes the runs against the app’s own store: Retry finds the order, and the store gets its stock and clock back', async () => {
    const app = appWith(true);
    const store = sandbox.simulator.store;
    const available = () =>
      ['MUG-BLK', 'TOTE-NAT', 'BEANIE-GRY'].flatMap((sku) =>
        [L.newark, L.losAngeles, L.toronto].map((l) => store.inventory(sku, l)?.available),
      );
    const stockBefore = available();
    const ordersBefore = store.orders().length;

    const making = post(app, '/api/sandbox/history?days=4');
    // Meanwhile the app's other requests see the store at the real time, not the history's.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(store.orders().length, 'the history is under way').toBeGreaterThan(ordersBefore);
    expect(Math.abs(Date.parse(store.timestamp()) - Date.now())).toBeLessThan(60_000);
    const res = await making;
    expect(res.status).toBe(200);
    const made = (await res.json()) as { days: number; runs: number; by_status: Record<string, number> };
    expect(made.days).toBe(4);
    expect(made.runs).toBeGreaterThan(10);
    expect(store.orders().length).toBeGreaterThan(ordersBefore);
    // The demo orders keep behaving as the README says: stock is back, the clock is today's again.
    expect(available()).toEqual(stockBefore);
    expect(Math.abs(Date.parse(store.timestamp()) - Date.now())).toBeLessThan(60_000);

    // Every run is inside the Overview's default range (the last 30 days, today included), none in the future.
    const rows = await opened.db.select().from(runs);
    const today = Math.floor(Date.now() / DAY) * DAY;
    for (const row of rows) {
      expect(row.finishedAt).not.toBeNull();
      expect(row.finishedAt!).toBeGreaterThanOrEqual(today - 3 * DAY);
      expect(row.finishedAt!).toBeLessThanOrEqual(Date.now());
    }

    // An order held for payment: the payment arrives (the hold is released), and Retry fulfils it.
    const queue = (await (await app.request('http://localhost/api/attention?limit=200')).json()) as {
      items: { id: number; order_id: string; error_code: string | null; retry: { offered: boolean } }[];
    };
    const held = queue.items.find((i) => i.error_code === 'on_hold' && i.retry.offered);
    expect(held, 'a run refused for a hold').toBeDefined();
    for (const fo of store.fulfillmentOrders(held!.order_id)) store.releaseHolds(fo.id);
    const retried = await post(app, `/api/runs/${held!.id}/retry`);
    const answer = (await retried.json()) as { run?: { status: string }; error?: { code: string } };
    expect(answer.error?.code).toBeUndefined();
    expect(retried.status).toBe(200);
    expect(store.fulfillments(held!.order_id).length).toBeGreaterThan(0);
  }, 120_000);

  it('a second history makes new runs (it does not replay the first one’s answers)', async () => {
    const app = appWith(true);
    const first = (await (await post(app, '/api/sandbox/history?days=2')).json()) as { runs: number };
    const afterFirst = (await opened.db.select().from(runs)).length;
    const second = (await (await post(app, '/api/sandbox/history?days=2')).json()) as { runs: number };
    expect(first.runs).toBeGreaterThan(0);
    expect(second.runs).toBeGreaterThan(0);
    expect((await opened.db.select().from(runs)).length).toBeGreaterThan(afterFirst);
  }, 60_000);

  it('makes one history at a time', async () => {
    const app = appWith(true);
    const [first, second] = await Promise.all([post(app, '/api/sandbox/history?days=1'), post(app, '/api/sandbox/history?days=1')]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const refused = first.status === 409 ? first : second;
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('history_in_progress');
  }, 60_000);

  it('refuses a bad number of days, and is not there outside sandbox mode', async () => {
    for (const days of ['0', '91', 'x', '1.5']) {
      const res = await post(appWith(true), `/api/sandbox/history?days=${days}`);
      expect(res.status, days).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_query');
    }
    const res = await post(appWith(false), '/api/sandbox/history');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_sandbox');
    expect(await opened.db.select().from(runs)).toEqual([]);
  });
});

describe('a history made early in the UTC day', () => {
  it('still has runs today, all finished at least half an hour before now', async () => {
    const now = Date.UTC(2026, 11, 1, 3, 30);
    const made = await createSandboxHistory(opened.db, sandbox.secret, { days: 1, now, logger: quiet });
    expect(made.runs).toBeGreaterThan(0);
    for (const row of await opened.db.select().from(runs)) {
      expect(row.finishedAt!).toBeGreaterThanOrEqual(Date.UTC(2026, 11, 1));
      expect(row.finishedAt!).toBeLessThan(now - 30 * 60_000);
    }
  });
});

describe('flowfill sandbox history with the app running', () => {
  it('asks the running app to make the history', async () => {
    const port = await freePort();
    const server = await startNodeServer({ DATABASE_URL: `file:${join(opened.dir, 'server.db')}` }, port);
    try {
      const result = await runMain(['sandbox', 'history', '--days', '2'], {
        DATABASE_URL: `file:${join(opened.dir, 'server.db')}`,
        PORT: String(port),
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(
        new RegExp(`^Added \\d+ runs over 2 days for sandbox\\.myshopify\\.com \\(.*\\), made by the app at http://localhost:${port}\\.`),
      );
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 120_000);
});
