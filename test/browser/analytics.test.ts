/**
 * The Overview's analytics in a real browser (Debian's Chromium through playwright-core), against
 * the real app in sandbox mode with a week of sandbox history made through the real pipeline: the
 * range picker, every chart with its summary, and both CSV downloads.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log';
import { ARTIFACTS, DOCS_SHOTS, hasChromium, startBrowserApp, type BrowserApp } from '../helpers/browser';

const FIGURES = ['lead', 'locations', 'splits', 'partial', 'pending', 'rules', 'tracking', 'costs'];

describe.skipIf(!hasChromium)('Overview analytics in Chromium (sandbox mode)', () => {
  let app: BrowserApp;
  let page: Page;
  let base: string;
  let dir: string;

  beforeAll(async () => {
    app = await startBrowserApp('analytics', {
      acceptDownloads: true,
      // Made against the app's own store, as POST /api/sandbox/history does.
      prepare: (_db, sandbox) =>
        sandbox
          .history(
            14,
            createLogger(() => undefined),
          )
          .then(() => undefined),
    });
    ({ page, base, dir } = app);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
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

  it('sandbox mode: "Add 30 days of sandbox history" makes more runs through the app and shows them', async () => {
    const runsIn = async () => Number(await page.locator('#figure-costs dd').first().textContent());
    const before = await runsIn();
    await page.getByRole('button', { name: 'Add 30 days of sandbox history' }).click();
    await expect
      .poll(() => page.locator('#sandbox-history-status').textContent(), { timeout: 90_000 })
      .toMatch(/^Added \d+ runs over 30 days\.$/);
    await expect.poll(runsIn, { timeout: 10_000 }).toBeGreaterThan(before);
  }, 120_000);
});
