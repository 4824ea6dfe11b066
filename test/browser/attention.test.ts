/**
 * The "Needs attention" section in a real browser (Debian's Chromium through playwright-core),
 * against the real app in sandbox mode: a failed Flow run listed with its reason and Shopify link,
 * Retry by mouse and by keyboard with the outcome shown inline, and a refusal when the order changed.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database';
import { runs } from '../../src/db/schema';
import { signHmac } from '../../src/flow/hmac';
import { SANDBOX_LOCATIONS as L } from '../../src/sandbox/seed';
import type { Sandbox } from '../../src/sandbox/start';
import { ARTIFACTS, DOCS_SHOTS, hasChromium, startBrowserApp, type BrowserApp } from '../helpers/browser';

const BEST = 'fulfill-from-best-location';

describe.skipIf(!hasChromium)('the "Needs attention" section in Chromium (sandbox mode)', () => {
  let app: BrowserApp;
  let db: Database;
  let sandbox: Sandbox;
  let base: string;
  let page: Page;
  let sent = 0;

  beforeAll(async () => {
    app = await startBrowserApp('attention');
    ({ db, sandbox, base, page } = app);
  });

  afterAll(async () => {
    await app?.close();
  });

  /** An order of more beanies than any location has (seven at first) and the failed best-location run Flow sent for it. */
  async function failedOrder(quantity = 9) {
    const order = sandbox.simulator.store.addOrder({
      shippingAddress: { countryCode: 'US', provinceCode: 'NY', city: 'New York', zip: '10001', latitude: 40.7506, longitude: -73.9972 },
      lineItems: [{ sku: 'BEANIE-GRY', quantity }],
      locationId: L.newark,
    });
    const body = JSON.stringify({
      shop_id: 1,
      shopify_domain: sandbox.shop,
      action_run_id: `browser-attention-${++sent}`,
      action_definition_id: 'def',
      handle: BEST,
      properties: { order_id: order.id },
    });
    const res = await fetch(`${base}/flow/actions/${BEST}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Shopify-Hmac-Sha256': await signHmac(body, sandbox.secret) },
      body,
    });
    expect(res.status).toBe(422);
    return order;
  }

  const rowOf = (order: { name: string }) => page.locator('#attention-table tbody tr', { hasText: order.name });

  it('lists a failed run with its reason and an "Open in Shopify" link for the top frame, and a stale pending run without Retry', async () => {
    const order = await failedOrder();
    const earlier = Date.now() - 3 * 3_600_000;
    await db.insert(runs).values({
      shop: sandbox.shop,
      actionRunId: 'browser-stale-pending',
      handle: 'add-tracking',
      orderId: 'gid://shopify/Order/5550009',
      orderName: '#5009',
      status: 'pending',
      responseStatus: 202,
      errorCode: 'order_busy',
      errorMessage: 'Another add-tracking run is working on this order',
      createdAt: earlier,
      updatedAt: earlier,
    });
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    await page.goto(`${base}/app#attention`);
    await page.locator('body[data-ready="true"]').waitFor();
    expect(await page.locator('#tab-attention').getAttribute('aria-selected')).toBe('true');
    const row = rowOf(order);
    await row.waitFor({ timeout: 10_000 });
    expect(await row.textContent()).toMatch(/no_eligible_location/);
    expect(await row.textContent()).toMatch(/attention trigger fired/);
    const link = row.getByRole('link', { name: `Open ${order.name} in Shopify` });
    expect(await link.getAttribute('href')).toBe(`https://admin.shopify.com/store/sandbox/orders/${order.legacyId}`);
    expect(await link.getAttribute('target')).toBe('_top');

    const stale = page.locator('#attention-table tbody tr', { hasText: '#5009' });
    expect(await stale.textContent()).toMatch(/pending for 3 h: Another add-tracking run/);
    expect(await stale.getByRole('button', { name: /Retry/ }).count()).toBe(0);
    // Newest first: the failed run (just now) above the pending one (three hours old).
    const order0 = await page.locator('#attention-table tbody tr').first().textContent();
    expect(order0).toContain(order.name);
    await page.screenshot({ path: join(ARTIFACTS, 'attention.png'), fullPage: true });
    await page.locator('#panel-attention').screenshot({ path: join(DOCS_SHOTS, 'attention.png') });
    expect(failures).toEqual([]);
  });

  it('retries: the outcome shows inline, a failed retry is the entry now, and a successful one (by keyboard) leaves the list', async () => {
    const order = (await page.locator('#attention-table tbody tr[data-kind="failed"]').first().textContent())!.match(/#\d+/)![0];
    const named = { name: order };
    // Nothing changed yet: the retry fails the same way, and its run replaces the entry.
    await rowOf(named)
      .getByRole('button', { name: `Retry ${BEST} on ${order}` })
      .click();
    await expect
      .poll(async () => rowOf(named).locator('.ff-retry-result').textContent(), { timeout: 10_000 })
      .toMatch(/Retried as run \d+: failed — no_eligible_location/);
    expect(await page.locator('#attention-status').textContent()).toMatch(/no_eligible_location/);

    // Stock arrives at Newark; retry with the keyboard.
    const beanie = sandbox.simulator.store.variantBySku('BEANIE-GRY')!;
    sandbox.simulator.store.setInventory(beanie.inventoryItemId, L.newark, 20);
    await rowOf(named)
      .getByRole('button', { name: `Retry ${BEST} on ${order}` })
      .focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => page.locator('#attention-status').textContent(), { timeout: 10_000 })
      .toMatch(/Retried as run \d+: succeeded \(fulfilled\)/);
    await expect.poll(async () => rowOf(named).count(), { timeout: 10_000 }).toBe(0);
    // Focus lands on the outcome, since the entry it belonged to is gone.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('attention-status');
    const fulfilled = sandbox.simulator.store.orders().find((o) => o.name === order)!;
    expect(sandbox.simulator.store.fulfillments(fulfilled.id)).toHaveLength(1);
  });

  it('shows a refusal in the entry when the order was fulfilled by hand since, and the entry stays', async () => {
    // The last test stocked Newark with 20 and shipped 9.
    const order = await failedOrder(50);
    await page.locator('#attention-refresh').click();
    await rowOf(order).waitFor({ timeout: 10_000 });
    sandbox.simulator.store.fulfill(order.id, { lines: [{ sku: 'BEANIE-GRY', quantity: 2 }] });
    await rowOf(order)
      .getByRole('button', { name: `Retry ${BEST} on ${order.name}` })
      .click();
    await expect
      .poll(async () => rowOf(order).locator('.ff-retry-result').textContent(), { timeout: 10_000 })
      .toMatch(/Not retried \(order_changed\)/);
    expect(await rowOf(order).count()).toBe(1);

    // Every control of the section has an accessible name.
    const unnamed = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('#panel-attention button, #panel-attention a')]
        .filter((el) => !el.hidden)
        .filter((el) => (el.getAttribute('aria-label') ?? el.textContent ?? '').trim() === '')
        .map((el) => el.outerHTML.slice(0, 120)),
    );
    expect(unnamed).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'attention-refused.png'), fullPage: true });
  });
});
