// The ledger routes of the admin JSON API (/api/runs, /api/runs/:id, /api/overview), the shop
// route, and the security headers on /api and /app, with real session tokens.
import '@shopify/shopify-api/adapters/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { runs } from '../../src/db/schema';
import { registerShop } from '../../src/db/shops';
import { createHarness, SHOP, type Harness } from '../helpers/harness';
import { API_KEY, bodyOf, sessionToken, stubTokenEndpoint } from '../auth/helpers';

const OTHER = 'other.myshopify.com';
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 27, 12, 0, 0);
let h: Harness;

beforeEach(async () => {
  h = await createHarness({ apiKey: API_KEY, clock: { now: () => NOW, sleep: async () => undefined } });
  await registerShop(h.db, { shop: OTHER, accessToken: 'shpat_other', scopes: ['read_orders'], now: NOW });
  // Nothing here may reach Shopify.
  stubTokenEndpoint(() => ({ status: 500, body: {} }));
});
afterEach(async () => {
  await h.close();
});

let seq = 0;
async function addRun(over: Partial<typeof runs.$inferInsert> = {}) {
  const row = {
    shop: SHOP,
    actionRunId: `r-${++seq}`,
    handle: 'add-tracking',
    orderId: 'gid://shopify/Order/1001',
    status: 'succeeded' as const,
    adminCallCount: 2,
    explanation: { rule: null, note: 'why' },
    responseStatus: 200,
    createdAt: NOW - 1000,
    updatedAt: NOW - 1000,
    ...over,
  };
  const [inserted] = await h.db.insert(runs).values(row).returning();
  return inserted!;
}

async function get(path: string, shop = SHOP) {
  const res = await h.app.request(`https://flowfill.example.com${path}`, {
    headers: { Authorization: `Bearer ${await sessionToken({ shop })}` },
  });
  return { status: res.status, json: await bodyOf(res), headers: res.headers };
}

describe('GET /api/runs', () => {
  it('lists the shop’s runs newest first, filtered by status, page by page', async () => {
    const a = await addRun({ createdAt: NOW - 3000, status: 'failed', errorCode: 'order_not_found', errorMessage: 'Order gone' });
    const b = await addRun({ createdAt: NOW - 2000 });
    const c = await addRun({ createdAt: NOW - 1000, status: 'noop' });
    await addRun({ shop: OTHER, createdAt: NOW });

    const all = await get('/api/runs');
    expect(all.status).toBe(200);
    expect(all.json.runs.map((r: { id: number }) => r.id)).toEqual([c.id, b.id, a.id]);
    expect(all.json.runs[2]).toMatchObject({
      status: 'failed',
      error_code: 'order_not_found',
      error_message: 'Order gone',
      handle: 'add-tracking',
      admin_calls: 2,
      created_at: new Date(NOW - 3000).toISOString(),
    });
    expect(all.json.runs[0]).not.toHaveProperty('explanation');
    expect(all.json.next_before).toBeNull();

    expect((await get('/api/runs?status=failed,noop')).json.runs.map((r: { id: number }) => r.id)).toEqual([c.id, a.id]);

    const first = await get('/api/runs?limit=2');
    expect(first.json.runs.map((r: { id: number }) => r.id)).toEqual([c.id, b.id]);
    expect(first.json.next_before).toBe(b.id);
    const second = await get(`/api/runs?limit=2&before=${first.json.next_before}`);
    expect(second.json.runs.map((r: { id: number }) => r.id)).toEqual([a.id]);
    expect(second.json.next_before).toBeNull();
  });

  it('refuses bad query values with 400 invalid_query', async () => {
    for (const query of ['status=done', 'limit=0', 'limit=1000', 'before=abc']) {
      const res = await get(`/api/runs?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.json.error.code).toBe('invalid_query');
    }
  });
});

describe('the order of a run', () => {
  it('is named as merchants know it (#2041) once a Flow run has read the order; older or refused runs have only the id', async () => {
    // On a real store an order's id is not its number.
    h.sim.store.addOrder({ id: 5550001, name: '#2041', lineItems: [{ sku: 'TEE-M', quantity: 1, price: '25.00' }] });
    const flow = await h.addTracking({ order_id: 5550001, tracking_number: '1Z999AA10123456784', fulfill_if_needed: true });
    expect(flow.status).toBe(200);
    const before = await addRun({ orderId: 'gid://shopify/Order/5550002', createdAt: NOW - 5000 });

    const list = await get('/api/runs');
    const [finished] = list.json.runs;
    expect(finished).toMatchObject({
      handle: 'add-tracking',
      status: 'succeeded',
      order_id: 'gid://shopify/Order/5550001',
      order_name: '#2041',
    });
    expect(list.json.runs.find((r: { id: number }) => r.id === before.id)).toMatchObject({
      order_id: 'gid://shopify/Order/5550002',
      order_name: null,
    });
    expect((await get(`/api/runs/${finished.id}`)).json.run).toMatchObject({ order_name: '#2041', explanation: { order: '#2041' } });
  });
});

describe('GET /api/runs/:id', () => {
  it('returns one run with its explanation; another shop’s run id or a junk id is 404', async () => {
    const mine = await addRun({ plan: { mutations: [] }, steps: [{ name: 'x', key: 'k', state: 'done', at: 1 }] });
    const theirs = await addRun({ shop: OTHER });
    const res = await get(`/api/runs/${mine.id}`);
    expect(res.status).toBe(200);
    expect(res.json.run).toMatchObject({ id: mine.id, explanation: { note: 'why' }, plan: { mutations: [] }, steps: [{ name: 'x' }] });
    for (const id of [theirs.id, 999999, 'abc', '-1']) {
      const other = await get(`/api/runs/${id}`);
      expect(other.status).toBe(404);
      expect(other.json.error.code).toBe('run_not_found');
    }
    // The other shop sees its own.
    expect((await get(`/api/runs/${theirs.id}`, OTHER)).status).toBe(200);
  });
});

describe('GET /api/overview', () => {
  it('counts runs per day by outcome, the split-shipment rate, top failures and Admin API calls per run', async () => {
    const best = (ids: number, day: number) =>
      addRun({
        handle: 'fulfill-from-best-location',
        createdAt: NOW - day * DAY,
        adminCallCount: 3,
        responseBody: {
          return_value: { outcome: 'fulfilled', fulfillmentIds: Array.from({ length: ids }, (_, i) => `gid://shopify/Fulfillment/${i}`) },
        },
      });
    await best(1, 0);
    await best(2, 0);
    await best(1, 1);
    await best(3, 2);
    await addRun({
      status: 'failed',
      errorCode: 'no_eligible_location',
      errorMessage: 'first',
      createdAt: NOW - 2 * DAY,
      adminCallCount: 1,
    });
    await addRun({ status: 'failed', errorCode: 'no_eligible_location', errorMessage: 'latest', createdAt: NOW - DAY, adminCallCount: 1 });
    await addRun({ status: 'failed', errorCode: 'order_not_found', createdAt: NOW, adminCallCount: 1 });
    await addRun({ status: 'noop', createdAt: NOW, adminCallCount: 0 });
    // Outside the window, and another shop: not counted.
    await addRun({ status: 'failed', errorCode: 'old', createdAt: NOW - 30 * DAY });
    await addRun({ shop: OTHER, status: 'failed', errorCode: 'theirs', createdAt: NOW });

    const res = await get('/api/overview?days=14');
    expect(res.status).toBe(200);
    const o = res.json;
    expect(o.days).toBe(14);
    expect(o.per_day).toHaveLength(14);
    expect(o.per_day[13]).toEqual({ date: '2026-11-27', running: 0, succeeded: 2, noop: 1, failed: 1, pending: 0 });
    expect(o.per_day[12]).toMatchObject({ date: '2026-11-26', succeeded: 1, failed: 1 });
    expect(o.per_day[0]).toMatchObject({ date: '2026-11-14', succeeded: 0, failed: 0 });
    expect(o.totals).toEqual({ running: 0, succeeded: 4, noop: 1, failed: 3, pending: 0, runs: 8 });
    expect(o.split_shipment).toEqual({ rate: 0.5, split_runs: 2, fulfilled_runs: 4 });
    expect(o.top_failures).toEqual([
      { code: 'no_eligible_location', count: 2, latest_message: 'latest' },
      { code: 'order_not_found', count: 1, latest_message: null },
    ]);
    expect(o.avg_admin_calls_per_run).toBe(1.88);
  });

  it('answers an empty overview for a shop without runs, and 400 for a bad window', async () => {
    const res = await get('/api/overview');
    expect(res.json).toMatchObject({ days: 14, split_shipment: { rate: null }, top_failures: [], avg_admin_calls_per_run: null });
    expect((await get('/api/overview?days=0')).status).toBe(400);
    expect((await get('/api/overview?days=365')).status).toBe(400);
  });
});

describe('shop isolation on the ledger routes', () => {
  it("one shop's token never sees another's runs or figures, whatever the query says", async () => {
    const mine = await addRun({ status: 'failed', errorCode: 'mine' });
    for (const path of [`/api/runs?shop=${SHOP}`, `/api/overview?shop=${SHOP}`, `/api/runs/${mine.id}?shop=${SHOP}`]) {
      const res = await get(path, OTHER);
      expect(JSON.stringify(res.json)).not.toContain('mine');
    }
    expect((await get(`/api/runs?shop=${SHOP}`, OTHER)).json.runs).toEqual([]);
    expect((await get(`/api/runs/${mine.id}`, OTHER)).status).toBe(404);
  });
});

describe('GET /api/shop', () => {
  it("reports the token's shop, its granted scopes and the ones it lacks", async () => {
    const res = await get('/api/shop', OTHER);
    expect(res.json).toEqual({
      shop: OTHER,
      installed: true,
      scopes: ['read_orders'],
      missingScopes: expect.arrayContaining(['read_locations', 'write_merchant_managed_fulfillment_orders']),
    });
    expect(res.json.missingScopes).not.toContain('read_orders');
  });
});

describe('security headers', () => {
  it("let only the token's shop admin frame /api responses, with nosniff and a referrer policy", async () => {
    const res = await get('/api/rules');
    expect(res.headers.get('Content-Security-Policy')).toBe(`frame-ancestors https://${SHOP} https://admin.shopify.com`);
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('Referrer-Policy')).toBe('strict-origin-when-cross-origin');
  });

  it('are on refusals too: a 401 frames nowhere unless the URL names a shop', async () => {
    const bare = await h.app.request('https://flowfill.example.com/api/rules');
    expect(bare.status).toBe(401);
    expect(bare.headers.get('Content-Security-Policy')).toBe("frame-ancestors 'none'");
    expect(bare.headers.get('X-Content-Type-Options')).toBe('nosniff');
    const named = await h.app.request(`https://flowfill.example.com/api/rules?shop=${OTHER}`);
    expect(named.headers.get('Content-Security-Policy')).toBe(`frame-ancestors https://${OTHER} https://admin.shopify.com`);
    const junk = await h.app.request('https://flowfill.example.com/api/rules?shop=evil.com%20https://evil.com');
    expect(junk.headers.get('Content-Security-Policy')).toBe("frame-ancestors 'none'");
  });

  it('cover /app (the shop from ?shop=) and allow only the page itself in sandbox mode', async () => {
    const page = await h.app.request(`https://flowfill.example.com/app?shop=${SHOP}&host=abc`);
    expect(page.headers.get('Content-Security-Policy')).toContain(`frame-ancestors https://${SHOP} https://admin.shopify.com`);
    expect(page.headers.get('X-Content-Type-Options')).toBe('nosniff');
    const sandbox = createApp({ ...h.deps, sandboxShop: SHOP });
    for (const path of ['/app', '/api/rules']) {
      const res = await sandbox.request(`http://localhost${path}`);
      expect(res.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'self'");
    }
  });
});
