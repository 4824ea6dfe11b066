/**
 * The admin page in a real browser (Debian's Chromium through playwright-core), against the real
 * app in sandbox mode: edit rules with inline errors, save new versions, dry-run an order, and see
 * a Flow run sent by the CLI appear under Runs. Screenshots land in test-artifacts/.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database';
import { runs } from '../../src/db/schema';
import { ARTIFACTS, DOCS_SHOTS, hasChromium, ROOT, startBrowserApp, type BrowserApp } from '../helpers/browser';

const run = promisify(execFile);

/** The rule document the test types, with a misspelt variable on line 7 when `typo` is set. */
function ruleText(typo: boolean, extra = ''): string {
  return [
    '{',
    '  "rules": [',
    '    {',
    '      "name": "West first",',
    '      "action": "fulfill-from-best-location",',
    `      "eligible": {"var": "location.all_in_stock"},${extra}`,
    `      "score": {"-": [0, {"var": "location.${typo ? 'distanse_km' : 'distance_km'}"}]}`,
    '    }',
    '  ]',
    '}',
  ].join('\n');
}

describe.skipIf(!hasChromium)('admin page in Chromium (sandbox mode)', () => {
  let app: BrowserApp;
  let databaseUrl: string;
  let db: Database;
  let base: string;
  let page: Page;

  beforeAll(async () => {
    app = await startBrowserApp('admin');
    ({ databaseUrl, db, base, page } = app);
  });

  afterAll(async () => {
    await app?.close();
  });

  async function setEditor(text: string) {
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(text);
  }

  it('opens with the overview chart and no external requests', async () => {
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    await page.goto(`${base}/app`);
    await page.locator('body[data-ready="true"]').waitFor();
    await page.locator('#overview-chart svg').waitFor({ timeout: 10_000 });
    expect(await page.locator('#shop-name').textContent()).toBe('sandbox.myshopify.com');
    await page.screenshot({ path: join(ARTIFACTS, 'overview.png'), fullPage: true });
    expect(failures).toEqual([]);
  });

  it('shows a validation error at its line as you type, then saves the fixed rule as version 1', async () => {
    await page.locator('#tab-rules').click();
    await page.locator('.cm-content').waitFor();
    await setEditor(ruleText(true));
    const error = page.locator('#rule-errors li');
    await expect.poll(() => error.count(), { timeout: 5000 }).toBeGreaterThan(0);
    expect(await error.first().getAttribute('data-line')).toBe('7');
    expect(await error.first().textContent()).toMatch(/distanse_km/);
    // The editor marks the same line (gutter marker and underline).
    await page.locator('.cm-lintRange-error').first().waitFor();
    const markedLine = await page.evaluate(() => {
      const mark = document.querySelector('.cm-lintRange-error');
      return mark?.closest('.cm-line') ? [...document.querySelectorAll('.cm-line')].indexOf(mark.closest('.cm-line')!) + 1 : null;
    });
    expect(markedLine).toBe(7);
    await page.screenshot({ path: join(ARTIFACTS, 'rules-error.png'), fullPage: true });

    // A syntax error is placed too: a missing comma at the end of line 4.
    await setEditor(ruleText(false).replace('"West first",', '"West first"'));
    await expect.poll(async () => (await error.first().textContent()) ?? '', { timeout: 5000 }).toMatch(/JSON syntax/);
    expect(Number(await error.first().getAttribute('data-line'))).toBeGreaterThanOrEqual(4);

    await setEditor(ruleText(false));
    await expect.poll(() => error.count(), { timeout: 5000 }).toBe(0);
    await page.locator('#save-rules').click();
    await expect.poll(async () => page.locator('#save-status').textContent(), { timeout: 5000 }).toMatch(/West first v1/);
    expect(await page.locator('[data-rule-version="West first"]').textContent()).toBe('v1');
  });

  it('saves a change as version 2, shows the diff and restores version 1 into the editor', async () => {
    await setEditor(ruleText(false, '\n      "priority": 10,'));
    await page.locator('#save-rules').click();
    await expect.poll(async () => page.locator('[data-rule-version="West first"]').textContent(), { timeout: 5000 }).toBe('v2');
    await page.locator('.cm-content').click(); // let the editor settle before the screenshot
    await page.screenshot({ path: join(DOCS_SHOTS, 'rules-editor.png') });
    await page.screenshot({ path: join(ARTIFACTS, 'rules.png'), fullPage: true });

    await page.getByRole('button', { name: 'History of West first' }).click();
    await page.locator('#history-version').waitFor();
    await page.locator('#history-version').selectOption('1');
    await expect.poll(async () => page.locator('.ff-diff .ff-add').textContent()).toMatch(/"priority": 10/);
    await page.screenshot({ path: join(ARTIFACTS, 'rules-history.png'), fullPage: true });
    await page.getByRole('button', { name: 'Restore this version' }).click();
    await expect.poll(async () => page.locator('.cm-content').textContent()).toMatch(/"priority": 100/);
  });

  it('passes an accessibility smoke check on the editor page', async () => {
    const unnamed = await page.evaluate(() => {
      const nameOf = (el: HTMLElement): string => {
        const labelledBy = el.getAttribute('aria-labelledby');
        if (labelledBy)
          return labelledBy
            .split(/\s+/)
            .map((id) => document.getElementById(id)?.textContent ?? '')
            .join(' ')
            .trim();
        if (el.getAttribute('aria-label')) return el.getAttribute('aria-label')!.trim();
        if ('labels' in el && (el as HTMLInputElement).labels?.length)
          return [...(el as HTMLInputElement).labels!]
            .map((l) => l.textContent)
            .join(' ')
            .trim();
        if (el.tagName === 'BUTTON') return (el.textContent ?? '').trim();
        return (el.getAttribute('title') ?? '').trim();
      };
      const panel = document.getElementById('panel-rules')!;
      const controls = [
        ...document.querySelectorAll<HTMLElement>(
          'nav button, #panel-rules input, #panel-rules select, #panel-rules button, #panel-rules textarea, #panel-rules [contenteditable="true"]',
        ),
      ];
      return {
        count: controls.length,
        unnamed: controls
          .filter((el) => (panel.contains(el) || el.closest('nav') ? nameOf(el) === '' : false))
          .map((el) => el.outerHTML.slice(0, 120)),
      };
    });
    expect(unnamed.count).toBeGreaterThan(6);
    expect(unnamed.unnamed).toEqual([]);
    expect(await page.locator('[tabindex]:not([tabindex="0"]):not([tabindex="-1"])').count()).toBe(0);

    // Tab order: the selected tab, the editor, Save, Discard, then the rule list's controls.
    await page.locator('#tab-rules').focus();
    const order: string[] = [];
    for (let i = 0; i < 7; i++) {
      await page.keyboard.press('Tab');
      order.push(
        await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          if (!el) return '';
          return el.id || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.textContent?.trim() || el.tagName;
        }),
      );
    }
    expect(order.slice(0, 6)).toEqual([
      'rules-editor-label',
      'save-rules',
      'reload-rules',
      'Enabled: West first',
      'History of West first',
      'history-version',
    ]);
    // And it follows the page visually: each stop is below, or right of, the one before within the row.
    const positions = await page.evaluate(() =>
      ['save-rules', 'reload-rules'].map((id) => document.getElementById(id)!.getBoundingClientRect().left),
    );
    expect(positions[0]!).toBeLessThan(positions[1]!);
  });

  it('dry-runs #1003 and shows the chosen location', async () => {
    await page.locator('#tab-try').click();
    await page.locator('#try-action').selectOption('fulfill-from-best-location');
    await page.locator('#try-order').fill('#1003');
    await page.getByRole('button', { name: 'Run a dry run' }).click();
    const chosen = page.locator('[data-testid="chosen-location"]').first();
    await chosen.waitFor({ timeout: 10_000 });
    expect(await chosen.textContent()).toMatch(/Los Angeles Warehouse/);
    expect(await page.locator('#try-result table').first().textContent()).toMatch(/Newark Warehouse/);
    await page.screenshot({ path: join(ARTIFACTS, 'try-it.png'), fullPage: true });
  });

  it('dry-runs add-tracking on #1001 and shows the carrier and the rule chosen, changing nothing', async () => {
    await page.locator('#try-action').selectOption('add-tracking');
    await page.locator('#try-order').fill('#1001');
    await page.locator('#try-tracking').fill('RA123456785BR');
    await page.getByRole('button', { name: 'Run a dry run' }).click();
    const carrier = page.locator('#try-result [data-testid="carrier"]');
    await carrier.waitFor({ timeout: 10_000 });
    expect(await carrier.textContent()).toMatch(/Carrier: Correios — UPU S10/);
    expect(await page.locator('#try-result .ff-rule').textContent()).toMatch(/Rule: built-in default/);
    expect(await page.locator('#try-result').textContent()).toMatch(/Notify customer: no/);
  });

  it('shows a run sent with `flowfill flow send` under Runs, and opens it', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, PORT: new URL(base).port };
    delete env.SHOPIFY_API_SECRET;
    delete env.SHOPIFY_API_KEY;
    await run(
      process.execPath,
      [
        join(ROOT, 'bin/flowfill.mjs'),
        'flow',
        'send',
        'add-tracking',
        '--shop',
        'sandbox.myshopify.com',
        '--order',
        '1001',
        '--prop',
        'tracking_number=1Z999AA10123456784',
        '--url',
        base,
      ],
      { cwd: ROOT, env, timeout: 30_000 },
    );
    await page.locator('#tab-runs').click();
    await page.locator('#runs-refresh').click();
    const row = page.locator('#runs-table tbody tr', { hasText: 'add-tracking' }).first();
    await row.waitFor({ timeout: 10_000 });
    // The order column holds the name the run read (#1001), not one made from the id.
    const orderCell = (r: typeof row) => r.locator('td').nth(2).textContent();
    expect(await orderCell(row)).toBe('#1001');
    expect(await row.textContent()).toMatch(/succeeded/);
    await page.screenshot({ path: join(DOCS_SHOTS, 'runs.png') });

    // A run recorded before the ledger kept order names: only its id is known, and shown as an id.
    const earlier = Date.now() - 60_000;
    await db.insert(runs).values({
      shop: 'sandbox.myshopify.com',
      actionRunId: 'before-order-names',
      handle: 'fulfill-from-best-location',
      orderId: 'gid://shopify/Order/5550001',
      status: 'succeeded',
      responseStatus: 200,
      createdAt: earlier,
      updatedAt: earlier,
      finishedAt: earlier,
    });
    await page.locator('#runs-refresh').click();
    const old = page.locator('#runs-table tbody tr', { hasText: 'fulfill-from-best-location' }).first();
    await old.waitFor({ timeout: 10_000 });
    expect(await orderCell(old)).toBe('order 5550001');

    await page.locator('#runs-filter').selectOption('failed');
    await expect.poll(async () => page.locator('#runs-table tbody').textContent()).toMatch(/No failed runs/);
    await page.locator('#runs-filter').selectOption('');
    await page.locator('#runs-table tbody tr button').first().click();
    await page.locator('#run-detail h3').waitFor();
    expect(await page.locator('#run-detail h3').textContent()).toMatch(/add-tracking on #1001/);
    await page.screenshot({ path: join(ARTIFACTS, 'runs.png'), fullPage: true });

    // The overview counts it too.
    await page.goto(`${base}/app?reload=1#overview`);
    await page.locator('#overview-chart svg rect[data-outcome="succeeded"]').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'overview-with-runs.png'), fullPage: true });
  });
});
