// Shopify-managed install: the admin page's first API call with a valid session token for a shop
// without an offline session trades it for one (token exchange), through the real shopify-api.
import '@shopify/shopify-api/adapters/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REQUIRED_SCOPES } from '../../src/auth/scopes';
import { getShopAccess, markUninstalled } from '../../src/db/shops';
import { SANDBOX_ACCESS_TOKEN } from '../../src/sandbox/seed';
import { createHarness, SECRET, SHOP, type Harness } from '../helpers/harness';
import { API_KEY, bodyOf, sessionToken, stubTokenEndpoint } from './helpers';

const NEW_SHOP = 'managed.myshopify.com';
let h: Harness;

beforeEach(async () => {
  h = await createHarness({ apiKey: API_KEY });
});
afterEach(async () => {
  await h.close();
});

async function api(path: string, token: string) {
  const res = await h.app.request(`https://flowfill.example.com${path}`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status, json: await bodyOf(res) };
}

describe('token exchange', () => {
  it('installs a shop on its first admin API call: offline token stored, scopes reported, exchanged once', async () => {
    const calls = stubTokenEndpoint(() => ({ status: 200, body: { access_token: 'shpat_managed', scope: 'read_orders,read_locations' } }));
    const token = await sessionToken({ shop: NEW_SHOP });
    const res = await api('/api/shop', token);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ shop: NEW_SHOP, installed: true, scopes: ['read_orders', 'read_locations'] });
    expect(res.json.missingScopes).toContain('write_merchant_managed_fulfillment_orders');

    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe(`https://${NEW_SHOP}/admin/oauth/access_token`);
    expect(calls[0]!.body).toMatchObject({
      client_id: API_KEY,
      client_secret: SECRET,
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token: token,
      subject_token_type: 'urn:ietf:params:oauth:token-type:id_token',
      requested_token_type: 'urn:shopify:params:oauth:token-type:offline-access-token',
    });
    expect(await getShopAccess(h.db, NEW_SHOP)).toMatchObject({ installed: true, accessToken: 'shpat_managed' });

    // Installed now: later calls use the stored session.
    expect((await api('/api/rules', await sessionToken({ shop: NEW_SHOP }))).status).toBe(200);
    expect(calls).toHaveLength(1);
  });

  it('re-installs a shop that had uninstalled, and Flow runs work again with the new token', async () => {
    await markUninstalled(h.db, SHOP, Date.now());
    stubTokenEndpoint(() => ({ status: 200, body: { access_token: SANDBOX_ACCESS_TOKEN, scope: REQUIRED_SCOPES.join(',') } }));
    expect((await api('/api/rules', await sessionToken())).status).toBe(200);
    expect((await h.addTracking({ order_id: 1001, tracking_number: '1Z999AA10123456784' })).status).toBe(200);
  });

  it('answers 404 shop_not_installed when Shopify refuses the exchange, and stores nothing', async () => {
    const calls = stubTokenEndpoint(() => ({
      status: 400,
      body: { error: 'invalid_subject_token', error_description: 'Token is not valid' },
    }));
    const res = await api('/api/rules', await sessionToken({ shop: NEW_SHOP }));
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe('shop_not_installed');
    expect(calls).toHaveLength(1);
    expect(await getShopAccess(h.db, NEW_SHOP)).toBeNull();
  });

  it('never exchanges an invalid token (expired, other app, wrong key): 401 before any call to Shopify', async () => {
    const calls = stubTokenEndpoint(() => ({ status: 200, body: { access_token: 'x', scope: '' } }));
    for (const token of [
      await sessionToken({ shop: NEW_SHOP, exp: -60 }),
      await sessionToken({ shop: NEW_SHOP, aud: 'other-app' }),
      await sessionToken({ shop: NEW_SHOP, secret: 'not-our-secret' }),
    ]) {
      expect((await api('/api/shop', token)).status).toBe(401);
    }
    expect(calls).toHaveLength(0);
  });
});
