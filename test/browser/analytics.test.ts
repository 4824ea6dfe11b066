/**
 * The Overview's analytics in a real browser (Debian's Chromium through playwright-core), against
 * the real app in sandbox mode with a week of sandbox history made through the real pipeline: the
 * range picker, every chart with its summary, and both CSV downloads.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeAssets } from '../../src/admin/page/assets';
import { createApp } from '../../src/app';
import { systemClock } from '../../src/clock';
import { migrateDatabase, openDatabase } from '../../src/db/node';
import type { AppDeps } from '../../src/deps';
import { createLogger } from '../../src/log';
import { createSandboxHistory } from '../../src/sandbox/history';
import { startSandbox } from '../../src/sandbox/start';
import { createAdminClientFactory } from '../../src/shopify/client';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = resolve(__dirname, '../..');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const DOCS_SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? join(ROOT, 'docs/screenshots') : join(ROOT, 'test-artifacts/docs');
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`browser tests skipped: ${CHROMIUM} is missing (apt-get install chromium)`);
const FIGURES = ['lead', 'locations', 'splits', 'partial', 'pending', 'rules', 'tracking', 'costs'];

describe.skipIf(!hasChromium)('Overview analytics in Chromium (sandbox mode)', () => {
  let dir: string;
  let close: () => void;
  let server: ServerType;
  let base: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    execFileSync(process.execPath, [join(ROOT, 'scripts/build-client.mjs')], { cwd: ROOT, stdio: 'inherit' });
    mkdirSync(ARTIFACTS, { recursive: true });
    mkdirSync(DOCS_SHOTS, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), 'flowfill-analytics-browser-'));
    const database = await openDatabase(`file:${join(dir, 'app.db')}`);
    await migrateDatabase(database.db);
    close = () => database.close();
    const sandbox = await startSandbox(database.db, systemClock);
    await createSandboxHistory(database.db, sandbox.secret, { days: 14, now: Date.now(), logger: createLogger(() => undefined) });
    const deps: AppDeps = {
      db: database.db,
      adminClients: createAdminClientFactory({ apiVersion: '2026-07', fetch: sandbox.fetch, clock: systemClock }),
      clock: systemClock,
      logger: createLogger(() => undefined),
      secrets: { apiSecret: sandbox.secret },
      sandboxShop: sandbox.shop,
      config: { timeBudgetMs: 4000, adminBudgetMs: 3500, leaseMs: 30_000 },
      waitUntil: () => undefined,
    };
    const app = createApp(deps);
    app.use('/assets/*', nodeAssets());
    server = await new Promise<ServerType>((ready) => {
      const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => ready(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    await page.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((done) => (server ? server.close(done) : done(undefined)));
    close?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows every chart with a plain-language summary above it, for the last 30 days by default', async () => {
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    await page.goto(`${base}/app`);
    await page.locator('#figure-lead svg').waitFor({ timeout: 15_000 });
    const today = new Date().toISOString().slice(0, 10);
    expect(await page.locator('#range-to').inputValue()).toBe(today);
    for (const id of FIGURES) {
      const figure = page.locator(`#figure-${id}`);
      expect(await figure.getAttribute('aria-labelledby'), id).toBe(`figure-${id}-title`);
      expect((await figure.locator('.ff-summary').textContent())?.length, id).toBeGreaterThan(20);
    }
    expect(await page.locator('[data-summary="lead"]').textContent()).toMatch(/^Median order leaves in \d/);
    expect(await page.locator('[data-summary="locations"]').textContent()).toMatch(/Warehouse shipped \d+%/);
    expect(await page.locator('[data-summary="tracking"]').textContent()).toMatch(/tracking numbers? added/);
    // Charts are images with names that say what they show; axes carry their units.
    expect(await page.locator('#figure-lead svg').getAttribute('role')).toBe('img');
    expect(await page.locator('#figure-lead svg').getAttribute('aria-label')).toMatch(/median/);
    expect(await page.locator('#figure-lead svg text', { hasText: 'hours' }).count()).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, 'analytics.png'), fullPage: true });
    await page.locator('#analytics').screenshot({ path: join(DOCS_SHOTS, 'analytics.png') });
    expect(failures).toEqual([]);
  });

  it('a narrower range changes the figures', async () => {
    const runsIn = async () => Number(await page.locator('#figure-costs dd').first().textContent());
    const before = await runsIn();
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await page.locator('#range-from').fill(yesterday);
    await page.locator('#range-to').fill(yesterday);
    await page.getByRole('button', { name: 'Show' }).click();
    await expect.poll(runsIn, { timeout: 10_000 }).toBeLessThan(before);
    expect(await runsIn()).toBeGreaterThan(0);
  });

  it('downloads the figures and the runs as CSV', async () => {
    for (const [button, name, header] of [
      ['Download figures (CSV)', /^flowfill-analytics-.*\.csv$/, 'section,dimension,metric,value'],
      ['Download runs (CSV)', /^flowfill-runs-.*\.csv$/, 'run_id,action,order_id'],
    ] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
      expect(download.suggestedFilename()).toMatch(name);
      const path = join(dir, download.suggestedFilename());
      await download.saveAs(path);
      const text = readFileSync(path, 'utf8');
      expect(text.startsWith(header)).toBe(true);
      expect(text.split('\r\n').length).toBeGreaterThan(2);
    }
    expect(await page.locator('#download-status').textContent()).toMatch(/^Downloaded flowfill-runs-/);
  });
});
