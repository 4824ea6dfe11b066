/**
 * Shops are isolated on every Flow route: a run id reused by another shop is another run, another
 * shop's order is not found, another shop's rules do not exist. Secrets and access tokens never
 * reach the logs, whatever the request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getRun } from '../../src/db/ledger';
import { registerShop } from '../../src/db/shops';
import { importRules } from '../../src/rules/store';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_ORDERS as O } from '../../src/sandbox/seed';
import { APP_SCOPES } from '../../src/sandbox/simulator/index';
import { createHarness, SECRET, SHOP, type Harness } from '../helpers/harness';

const OTHER = 'rival-goods.myshopify.com';
const OTHER_TOKEN = 'rival-admin-token-7f3a9c';
const ROUTES = ['add-tracking', 'fulfill-from-best-location', 'partial-fulfill-ready-items'] as const;
const props = (orderId: string | number) => ({ order_id: orderId, tracking_number: '1Z999AA10123456784' });
let h: Harness;
let otherOrder: string;
let otherShipped: string;

beforeAll(async () => {
  h = await createHarness();
  const store = h.sim.store;
  store.addShop({ domain: OTHER, accessToken: OTHER_TOKEN, name: 'Rival Goods', email: 'owner@rival.example', currencyCode: 'EUR' });
  const location = store.addLocation({ shop: OTHER, name: 'Rival Depot', address: { countryCode: 'DE', city: 'Berlin' } });
  store.addProduct({ shop: OTHER, title: 'Rival Mug', sku: 'RIVAL-MUG', inventory: { [location.id]: 50 } });
  otherOrder = store.addOrder({ shop: OTHER, lineItems: [{ sku: 'RIVAL-MUG', quantity: 1 }], locationId: location.id }).id;
  otherShipped = store.addOrder({ shop: OTHER, lineItems: [{ sku: 'RIVAL-MUG', quantity: 1 }], locationId: location.id }).id;
  store.fulfill(otherShipped);
  await registerShop(h.db, { shop: OTHER, accessToken: OTHER_TOKEN, scopes: [...APP_SCOPES], now: Date.now() });
});
afterAll(async () => {
  await h?.close();
});

describe('security: cross-shop attempts on every Flow route', () => {
  it.each(ROUTES)('%s: another shop’s order is order_not_found (422) and nothing changes', async (handle) => {
    for (const orderId of [otherOrder, otherShipped]) {
      const before = h.sim.store.fulfillments(orderId).length;
      const res = await h.post(`/flow/actions/${handle}`, h.flowBody(handle, props(orderId)));
      expect(res.status, JSON.stringify(res.json)).toBe(422);
      expect(res.json.error.code).toBe('order_not_found');
      expect(h.sim.store.fulfillments(orderId)).toHaveLength(before);
    }
  });

  it.each(ROUTES)('%s: a run id reused by another shop is a separate run with its own outcome', async (handle) => {
    const runId = `shared-${handle}`;
    const mine = await h.post(`/flow/actions/${handle}`, h.flowBody(handle, props(O.tracked), { action_run_id: runId }));
    const theirs = await h.post(
      `/flow/actions/${handle}`,
      h.flowBody(handle, props(otherShipped), { action_run_id: runId, shopify_domain: OTHER }),
    );
    expect(mine.status).toBeLessThan(500);
    expect(theirs.status).toBeLessThan(500);
    const a = await getRun(h.db, SHOP, runId);
    const b = await getRun(h.db, OTHER, runId);
    expect(a).toBeDefined();
    expect(b).toBeDefined();
    expect(a!.id).not.toBe(b!.id);
    expect(a!.orderId).toBe(O.tracked);
    expect(b!.orderId).toBe(otherShipped);
    // Their re-send gets their stored outcome, never mine.
    const again = await h.post(
      `/flow/actions/${handle}`,
      h.flowBody(handle, props(otherShipped), { action_run_id: runId, shopify_domain: OTHER }),
    );
    expect(again).toEqual(theirs);
    // Each shop's Admin API calls went out with its own token only.
    const otherCalls = h.sim.calls.filter((c) => c.shop === OTHER);
    expect(otherCalls.every((c) => JSON.stringify(c.variables).includes('Order/1001') === false)).toBe(true);
  });

  it('validate: a rule name of another shop does not exist for this shop', async () => {
    expect((await importRules(h.db, OTHER, { rules: [{ name: 'rival-only', action: 'fulfill-from-best-location' }] }, Date.now())).ok).toBe(
      true,
    );
    const res = await h.post(
      '/flow/validate',
      JSON.stringify({ shopify_domain: SHOP, handle: 'fulfill-from-best-location', properties: { rule: 'rival-only' } }),
    );
    expect(res.status).toBe(200);
    expect(res.json).toEqual([{ id: 'rule', message: expect.stringContaining('no flowfill rule named "rival-only"') }]);
    const theirs = await h.post(
      '/flow/validate',
      JSON.stringify({ shopify_domain: OTHER, handle: 'fulfill-from-best-location', properties: { rule: 'rival-only' } }),
    );
    expect(theirs.json).toEqual([]);
  });

  it('a shop’s rule is not applied to another shop’s run', async () => {
    const res = await h.post(
      '/flow/actions/fulfill-from-best-location',
      h.flowBody('fulfill-from-best-location', { order_id: O.unfulfilledInStock, rule: 'rival-only' }),
    );
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.json)).toContain('rival-only');
  });
});

describe('security: logs', () => {
  it('never contain the app secret or any access token, across successes, refusals and failures', async () => {
    const logsBefore = h.logs.length;
    const send = (path: string, body: string, headers: Record<string, string> = {}) => h.post(path, body, headers);
    for (const handle of ROUTES) {
      await send(`/flow/actions/${handle}`, h.flowBody(handle, props(O.tracked)));
      await send(`/flow/actions/${handle}`, h.flowBody(handle, props(otherOrder), { shopify_domain: OTHER }));
      await send(`/flow/actions/${handle}`, h.flowBody(handle, props('bad id')));
      await send(`/flow/actions/${handle}`, h.flowBody(handle, props(otherOrder)));
      // A body that carries the secrets itself (a confused integration pasting them into a field).
      await send(
        `/flow/actions/${handle}`,
        h.flowBody(handle, { ...props(O.tracked), tracking_company: SECRET, rule: OTHER_TOKEN, access_token: SANDBOX_ACCESS_TOKEN }),
      );
      await h.app.request(`/flow/actions/${handle}`, { method: 'POST', headers: { 'X-Shopify-Hmac-Sha256': SECRET }, body: '{}' });
    }
    // Shopify failing: 503s, 500s and throttling make the error paths log.
    h.sim.faults = { http5xxRate: 1 };
    await send('/flow/actions/add-tracking', h.flowBody('add-tracking', props(O.fulfilledNoTracking)));
    h.sim.faults = { beforeOperation: () => Promise.reject(new Error(`boom ${SANDBOX_ACCESS_TOKEN}`)) };
    await send('/flow/actions/partial-fulfill-ready-items', h.flowBody('partial-fulfill-ready-items', { order_id: O.unfulfilledInStock }));
    h.sim.faults = {};
    h.sim.store.revokeToken(OTHER);
    await send('/flow/actions/add-tracking', h.flowBody('add-tracking', props(otherShipped), { shopify_domain: OTHER }));
    await Promise.all(h.background);

    const lines = h.logs.slice(logsBefore);
    expect(lines.length).toBeGreaterThan(15);
    const all = h.logs.join('\n');
    for (const secret of [SECRET, SANDBOX_ACCESS_TOKEN, OTHER_TOKEN]) expect(all).not.toContain(secret);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
  });
});
