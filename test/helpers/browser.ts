/**
 * The browser tests' set-up: the real app in sandbox mode on a fresh database file, served on a
 * free port, and Debian's Chromium (through playwright-core) on a page that may load nothing
 * outside the app. Screenshots go to test-artifacts/, and to docs/screenshots/ with UPDATE_SCREENSHOTS=1.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { nodeAssets } from '../../src/admin/page/assets';
import { createApp } from '../../src/app';
import { systemClock } from '../../src/clock';
import type { Database } from '../../src/db/database';
import { migrateDatabase, openDatabase } from '../../src/db/node';
import type { AppDeps } from '../../src/deps';
import { createLogger } from '../../src/log';
import { startSandbox, type Sandbox } from '../../src/sandbox/start';
import { createAdminClientFactory } from '../../src/shopify/client';

export const CHROMIUM = '/usr/bin/chromium';
export const ROOT = resolve(__dirname, '../..');
export const ARTIFACTS = join(ROOT, 'test-artifacts');
// The README's screenshots are refreshed only on request, so a test run never rewrites tracked files.
export const DOCS_SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? join(ROOT, 'docs/screenshots') : join(ROOT, 'test-artifacts/docs');

/** Whether the browser tests can run here (they skip with this message otherwise). */
export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium)`);

export interface BrowserApp {
  base: string;
  page: Page;
  browser: Browser;
  db: Database;
  databaseUrl: string;
  sandbox: Sandbox;
  /** The temporary directory holding the database (downloads may go there too). */
  dir: string;
  close(): Promise<void>;
}

/** Builds the client bundle, starts the app in sandbox mode (after `prepare`, if given) and opens a page. */
export async function startBrowserApp(
  name: string,
  options: { prepare?: (db: Database, sandbox: Sandbox) => Promise<void>; acceptDownloads?: boolean } = {},
): Promise<BrowserApp> {
  execFileSync(process.execPath, [join(ROOT, 'scripts/build-client.mjs')], { cwd: ROOT, stdio: 'inherit' });
  mkdirSync(ARTIFACTS, { recursive: true });
  mkdirSync(DOCS_SHOTS, { recursive: true });
  const dir = mkdtempSync(join(tmpdir(), `flowfill-browser-${name}-`));
  const databaseUrl = `file:${join(dir, 'app.db')}`;
  const database = await openDatabase(databaseUrl);
  await migrateDatabase(database.db);
  const sandbox = await startSandbox(database.db, systemClock);
  await options.prepare?.(database.db, sandbox);
  // Runs that answered 202 keep going: closing waits for them before the database closes.
  const background = new Set<Promise<unknown>>();
  const deps: AppDeps = {
    db: database.db,
    adminClients: createAdminClientFactory({ apiVersion: '2026-07', fetch: sandbox.fetch, clock: systemClock }),
    clock: systemClock,
    logger: createLogger(() => undefined),
    secrets: { apiSecret: sandbox.secret },
    sandboxShop: sandbox.shop,
    sandboxHistory: (days) =>
      sandbox.history(
        days,
        createLogger(() => undefined),
      ),
    config: { timeBudgetMs: 4000, adminBudgetMs: 3500, runBudgetMs: 3500, leaseMs: 30_000 },
    waitUntil: (promise) => {
      background.add(promise);
      void promise.finally(() => background.delete(promise));
    },
  };
  const app = createApp(deps);
  app.use('/assets/*', nodeAssets());
  const server = await new Promise<ServerType>((ready) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => ready(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: options.acceptDownloads ?? false });
  // Nothing outside the app may be loaded in sandbox mode.
  await page.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
  return {
    base,
    page,
    browser,
    db: database.db,
    databaseUrl,
    sandbox,
    dir,
    async close() {
      await browser.close();
      await new Promise((done) => server.close(done));
      await Promise.allSettled(background);
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
