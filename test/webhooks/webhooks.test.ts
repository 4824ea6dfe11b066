// POST /webhooks through the real app and shopify-api's webhook validation (web-api adapter, as in src/node.ts).
import '@shopify/shopify-api/adapters/web-api';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getRun } from '../../src/db/ledger';
import { ruleChanges, rules, ruleVersions, runs, sessions, shops } from '../../src/db/schema';
import { getShopAccess, registerShop } from '../../src/db/shops';
import { importRules } from '../../src/rules/store';
import { createHarness, newRunId, SHOP, type Harness } from '../helpers/harness';
import { trackingRule } from '../rules/store-fixtures';
import { bodyOf, webhookHeaders } from '../auth/helpers';

const OTHER = 'other.myshopify.com';
const UPS = '1Z999AA10123456784';
let h: Harness;

beforeEach(async () => {
  h = await createHarness();
  await registerShop(h.db, { shop: OTHER, accessToken: 'shpat_other', scopes: ['read_orders'], now: Date.now() });
});
afterEach(async () => {
  await h.close();
});

async function deliver(topic: string, payload: object, options: { shop?: string; secret?: string; tamper?: boolean } = {}) {
  const body = JSON.stringify(payload);
  const headers = webhookHeaders(body, topic, options.shop ?? SHOP, options.secret);
  const res = await h.app.request('/webhooks', { method: 'POST', headers, body: options.tamper ? body.replace('}', ',"x":1}') : body });
  return { status: res.status, json: await bodyOf(res) };
}

async function tableCounts(shop: string) {
  const count = async (rows: Promise<unknown[]>) => (await rows).length;
  return {
    runs: await count(h.db.select().from(runs).where(eq(runs.shop, shop))),
    rules: await count(h.db.select().from(rules).where(eq(rules.shop, shop))),
    ruleVersions: await count(h.db.select().from(ruleVersions).where(eq(ruleVersions.shop, shop))),
    ruleChanges: await count(h.db.select().from(ruleChanges).where(eq(ruleChanges.shop, shop))),
    sessions: await count(h.db.select().from(sessions).where(eq(sessions.shop, shop))),
    shops: await count(h.db.select().from(shops).where(eq(shops.domain, shop))),
  };
}

describe('POST /webhooks: signature checks', () => {
  it('refuses a wrong signature or a changed body with 401 and does nothing', async () => {
    for (const options of [{ secret: 'not-the-secret' }, { tamper: true }]) {
      const res = await deliver('app/uninstalled', { myshopify_domain: SHOP }, options);
      expect(res.status).toBe(401);
      expect(res.json.error.code).toBe('invalid_hmac');
    }
    expect(await getShopAccess(h.db, SHOP)).toMatchObject({ installed: true });
  });

  it('refuses a delivery without the headers Shopify always sends (400), doing nothing', async () => {
    const body = JSON.stringify({ myshopify_domain: SHOP });
    const headers = webhookHeaders(body, 'app/uninstalled', SHOP);
    delete headers['X-Shopify-Webhook-Id'];
    const res = await h.app.request('/webhooks', { method: 'POST', headers, body });
    expect(res.status).toBe(400);
    expect(await getShopAccess(h.db, SHOP)).toMatchObject({ installed: true });
  });
});

describe('app/uninstalled', () => {
  it('deletes the sessions and marks the shop uninstalled; Flow calls then get 404; a retry is fine', async () => {
    expect((await h.addTracking({ order_id: 1001, tracking_number: UPS })).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const res = await deliver('app/uninstalled', { id: 1, myshopify_domain: SHOP, domain: 'shop.example.com' });
      expect(res.status).toBe(200);
    }
    expect(await getShopAccess(h.db, SHOP)).toMatchObject({ installed: false, accessToken: null });
    expect((await tableCounts(SHOP)).sessions).toBe(0);
    const flow = await h.addTracking({ order_id: 1006, tracking_number: UPS });
    expect(flow.status).toBe(404);
    // Another shop is untouched.
    expect(await getShopAccess(h.db, OTHER)).toMatchObject({ installed: true, accessToken: 'shpat_other' });
  });
});

describe('compliance topics', () => {
  it('customers/data_request: 200, logged, nothing changed', async () => {
    const res = await deliver('customers/data_request', {
      shop_id: 1,
      shop_domain: SHOP,
      customer: { id: 7, email: 'c@example.com', phone: '555' },
      orders_requested: [1001],
      data_request: { id: 9 },
    });
    expect(res.status).toBe(200);
    const line = h.logs.find((l) => l.includes('customer data request received'));
    expect(line).toBeDefined();
    // The log names no customer data.
    expect(line).not.toContain('c@example.com');
  });

  it("customers/redact drops the details of that shop's runs for those orders, keeping the rows and their status; a retry is fine", async () => {
    const done = await h.addTracking({ order_id: 1001, tracking_number: UPS });
    expect(done.status).toBe(200);
    const other = await h.addTracking({ order_id: 1006, tracking_number: 'RA123456785BR' });
    expect(other.status).toBe(200);
    const [before] = (await h.runs()).filter((r) => r.orderId === 'gid://shopify/Order/1001');
    expect(before!.explanation).not.toBeNull();
    expect(before!.orderName).toBe('#1001');
    // The same order id in another shop's ledger stays.
    await h.db.insert(runs).values({
      shop: OTHER,
      actionRunId: newRunId(),
      handle: 'add-tracking',
      orderId: 'gid://shopify/Order/1001',
      status: 'succeeded',
      properties: { order_id: 'x' },
      createdAt: 1,
      updatedAt: 1,
    });

    for (let i = 0; i < 2; i++) {
      const res = await deliver('customers/redact', {
        shop_id: 1,
        shop_domain: SHOP,
        customer: { id: 7 },
        orders_to_redact: [1001, 424242],
      });
      expect(res.status).toBe(200);
    }
    const after = await getRun(h.db, SHOP, before!.actionRunId);
    expect(after).toMatchObject({
      status: 'succeeded',
      orderId: 'gid://shopify/Order/1001',
      orderName: null,
      properties: null,
      plan: null,
      explanation: null,
      steps: null,
      responseBody: null,
      adminCalls: null,
    });
    expect(after!.responseStatus).toBe(200);
    const kept = (await h.runs()).find((r) => r.orderId === 'gid://shopify/Order/1006');
    expect(kept!.properties).not.toBeNull();
    expect(kept!.orderName).toBe('#1006');
    const [otherShop] = await h.db.select().from(runs).where(eq(runs.shop, OTHER));
    expect(otherShop!.properties).toEqual({ order_id: 'x' });
  });

  it('customers/redact closes a run still waiting to resume (it cannot resume without its properties)', async () => {
    await h.db.insert(runs).values({
      shop: SHOP,
      actionRunId: 'waiting',
      handle: 'add-tracking',
      orderId: 'gid://shopify/Order/1001',
      status: 'pending',
      properties: { order_id: 'gid://shopify/Order/1001' },
      createdAt: 1,
      updatedAt: 1,
    });
    expect((await deliver('customers/redact', { shop_domain: SHOP, orders_to_redact: ['1001'] })).status).toBe(200);
    expect(await getRun(h.db, SHOP, 'waiting')).toMatchObject({ status: 'failed', errorCode: 'redacted', properties: null });
  });

  it('shop/redact deletes everything of the shop (runs, rules and their history, sessions, the shop) and nothing of others; a retry is fine', async () => {
    await importRules(h.db, SHOP, { rules: [trackingRule('ups')] }, Date.now());
    await importRules(h.db, OTHER, { rules: [trackingRule('ups')] }, Date.now());
    expect((await h.addTracking({ order_id: 1001, tracking_number: UPS })).status).toBe(200);
    await h.db.insert(runs).values({
      shop: OTHER,
      actionRunId: newRunId(),
      handle: 'add-tracking',
      orderId: null,
      status: 'succeeded',
      createdAt: 1,
      updatedAt: 1,
    });
    const before = await tableCounts(SHOP);
    expect(before.runs).toBeGreaterThan(0);
    expect(before.rules).toBeGreaterThan(0);

    for (let i = 0; i < 2; i++) {
      expect((await deliver('shop/redact', { shop_id: 1, shop_domain: SHOP })).status).toBe(200);
    }
    expect(await tableCounts(SHOP)).toEqual({ runs: 0, rules: 0, ruleVersions: 0, ruleChanges: 0, sessions: 0, shops: 0 });
    expect(await tableCounts(OTHER)).toEqual({ runs: 1, rules: 1, ruleVersions: 1, ruleChanges: 1, sessions: 1, shops: 1 });
  });

  it('acts on the shop the signed body names, not an unsigned header', async () => {
    const res = await deliver('shop/redact', { shop_domain: OTHER }, { shop: SHOP });
    expect(res.status).toBe(200);
    expect((await tableCounts(SHOP)).shops).toBe(1);
    expect((await tableCounts(OTHER)).shops).toBe(0);
  });

  it('answers 200 to a topic flowfill does not handle', async () => {
    expect((await deliver('orders/create', { id: 1 })).status).toBe(200);
  });
});
