// OAuth install through the real app and shopify-api (web-api adapter, as src/node.ts uses):
// only Shopify's token endpoint is stubbed.
import '@shopify/shopify-api/adapters/web-api';
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import { missingScopes, REQUIRED_SCOPES } from '../../src/auth/scopes';
import { getShopAccess, markUninstalled } from '../../src/db/shops';
import { SANDBOX_ACCESS_TOKEN } from '../../src/sandbox/seed';
import { createHarness, SECRET, SHOP, type Harness } from '../helpers/harness';
import { API_KEY, bodyOf, sessionToken, stubTokenEndpoint, type TokenEndpointCall } from './helpers';

const APP_URL = 'https://flowfill.example.com';
const NEW_SHOP = 'new-shop.myshopify.com';

let h: Harness;
let app: ReturnType<typeof createApp>;
let calls: TokenEndpointCall[];
let grant: { access_token: string; scope: string };

beforeEach(async () => {
  h = await createHarness({ apiKey: API_KEY });
  app = createApp({ ...h.deps, appUrl: APP_URL });
  grant = { access_token: 'shpat_new', scope: REQUIRED_SCOPES.join(',') };
  calls = stubTokenEndpoint(() => ({ status: 200, body: grant }));
});
afterEach(async () => {
  await h.close();
});

/** GET /auth and return the redirect, the state and the cookies to send back. */
async function begin(shop = NEW_SHOP) {
  const res = await app.request(`${APP_URL}/auth?shop=${shop}`);
  expect(res.status).toBe(302);
  const location = new URL(res.headers.get('Location')!);
  const cookies = res.headers.getSetCookie();
  const cookie = cookies.map((c) => c.split(';')[0]).join('; ');
  return { location, state: location.searchParams.get('state')!, cookies, cookie };
}

/** The callback query Shopify would send, signed (hex HMAC of the sorted query) unless told otherwise. */
function callbackQuery(params: Record<string, string>, secret = SECRET): string {
  const message = Object.entries(params)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const hmac = createHmac('sha256', secret).update(message).digest('hex');
  return new URLSearchParams({ ...params, hmac }).toString();
}

function callbackParams(shop: string, state: string) {
  return {
    code: 'auth-code-123',
    shop,
    state,
    timestamp: String(Math.floor(Date.now() / 1000)),
    host: Buffer.from(`admin.shopify.com/store/${shop.split('.')[0]}`).toString('base64url'),
  };
}

describe('GET /auth', () => {
  it("redirects to the shop's grant screen for an offline token: client id, every scope of shopify.app.toml, our callback, a signed state cookie", async () => {
    const { location, state, cookies } = await begin();
    expect(location.origin).toBe(`https://${NEW_SHOP}`);
    expect(location.pathname).toBe('/admin/oauth/authorize');
    expect(location.searchParams.get('client_id')).toBe(API_KEY);
    // shopify-api drops read scopes their write twins imply; what it asks for still covers every scope.
    const requested = location.searchParams.get('scope')!.split(',');
    expect(missingScopes(requested)).toEqual([]);
    expect(requested).toEqual(expect.arrayContaining(['read_orders', 'write_merchant_managed_fulfillment_orders', 'read_customers']));
    expect(location.searchParams.get('redirect_uri')).toBe(`${APP_URL}/auth/callback`);
    // Offline: no per-user grant option.
    expect(location.searchParams.get('grant_options[]')).toBe('');
    expect(state).toMatch(/^\d{10,}$|^[\w-]{10,}$/);
    expect(cookies.some((c) => c.startsWith(`shopify_app_state=${state};`) && /path=\/auth\/callback/i.test(c) && /secure/i.test(c))).toBe(
      true,
    );
    expect(cookies.some((c) => c.startsWith('shopify_app_state.sig='))).toBe(true);
  });

  it('refuses a missing or foreign shop with 400 invalid_shop', async () => {
    for (const query of ['', '?shop=evil.example.com', '?shop=x.myshopify.com.evil.com']) {
      const res = await app.request(`${APP_URL}/auth${query}`);
      expect(res.status).toBe(400);
      expect((await bodyOf(res)).error.code).toBe('invalid_shop');
    }
  });

  it('leaves the admin iframe first when opened embedded', async () => {
    const res = await app.request(`${APP_URL}/auth?shop=${NEW_SHOP}&embedded=1`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`window.top.location.href = "/auth?shop=${NEW_SHOP}"`);
  });

  it('answers a clear 400 in sandbox mode, where the sandbox shop needs no install', async () => {
    const sandbox = createApp({ ...h.deps, sandboxShop: SHOP });
    for (const path of [`/auth?shop=${NEW_SHOP}`, '/auth/callback?shop=x']) {
      const res = await sandbox.request(`http://localhost${path}`);
      expect(res.status).toBe(400);
      expect((await bodyOf(res)).error).toMatchObject({ code: 'sandbox_mode', message: expect.stringContaining('sandbox mode') });
    }
  });
});

describe('GET /auth/callback', () => {
  it('exchanges the code, stores the offline session, and opens the embedded app', async () => {
    const { state, cookie } = await begin();
    const params = callbackParams(NEW_SHOP, state);
    const res = await app.request(`${APP_URL}/auth/callback?${callbackQuery(params)}`, { headers: { Cookie: cookie } });
    expect(res.status).toBe(302);
    expect(res.headers.get('Location')).toBe(`/app?shop=${NEW_SHOP}&host=${params.host}`);
    // The state cookie is cleared.
    expect(
      res.headers
        .getSetCookie()
        .some((c) => c.startsWith('shopify_app_state=;') || /shopify_app_state=.*expires=Thu, 01 Jan 1970/i.test(c)),
    ).toBe(true);

    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe(`https://${NEW_SHOP}/admin/oauth/access_token`);
    expect(calls[0]!.body).toMatchObject({ client_id: API_KEY, client_secret: SECRET, code: 'auth-code-123' });
    expect(await getShopAccess(h.db, NEW_SHOP)).toEqual({
      shop: NEW_SHOP,
      installed: true,
      accessToken: 'shpat_new',
      scopes: [...REQUIRED_SCOPES],
    });

    const shop = await app.request(`${APP_URL}/api/shop`, {
      headers: { Authorization: `Bearer ${await sessionToken({ shop: NEW_SHOP })}` },
    });
    expect(await bodyOf(shop)).toEqual({ shop: NEW_SHOP, installed: true, scopes: [...REQUIRED_SCOPES], missingScopes: [] });
  });

  it('the stored offline session is what a Flow run then uses', async () => {
    await markUninstalled(h.db, SHOP, Date.now());
    expect((await h.addTracking({ order_id: 1001, tracking_number: '1Z999AA10123456784' })).status).toBe(404);

    grant = { access_token: SANDBOX_ACCESS_TOKEN, scope: REQUIRED_SCOPES.join(',') };
    const { state, cookie } = await begin(SHOP);
    const res = await app.request(`${APP_URL}/auth/callback?${callbackQuery(callbackParams(SHOP, state))}`, {
      headers: { Cookie: cookie },
    });
    expect(res.status).toBe(302);

    const run = await h.addTracking({ order_id: 1001, tracking_number: '1Z999AA10123456784' });
    expect(run.status).toBe(200);
    expect(run.json.return_value.outcome).toBe('added');
  });

  it('records granted scopes that lack ones flowfill needs, and /api/shop names them', async () => {
    grant = { access_token: 'shpat_partial', scope: 'read_orders,write_merchant_managed_fulfillment_orders,read_locations' };
    const { state, cookie } = await begin();
    const res = await app.request(`${APP_URL}/auth/callback?${callbackQuery(callbackParams(NEW_SHOP, state))}`, {
      headers: { Cookie: cookie },
    });
    expect(res.status).toBe(302);
    const shop = await bodyOf(
      await app.request(`${APP_URL}/api/shop`, { headers: { Authorization: `Bearer ${await sessionToken({ shop: NEW_SHOP })}` } }),
    );
    expect(shop.missingScopes).toEqual([
      'read_third_party_fulfillment_orders',
      'write_third_party_fulfillment_orders',
      'read_inventory',
      'read_products',
      'read_customers',
    ]);
    expect(h.logs.some((l) => l.includes('"level":"warn"') && l.includes('missing_scopes'))).toBe(true);
  });

  it('refuses a tampered HMAC with 403, stores nothing and never calls Shopify', async () => {
    const { state, cookie } = await begin();
    const params = callbackParams(NEW_SHOP, state);
    for (const query of [callbackQuery(params, 'wrong-secret'), callbackQuery(params).replace('auth-code-123', 'auth-code-999')]) {
      const res = await app.request(`${APP_URL}/auth/callback?${query}`, { headers: { Cookie: cookie } });
      expect(res.status).toBe(403);
      expect((await bodyOf(res)).error.code).toBe('oauth_invalid');
    }
    expect(calls).toHaveLength(0);
    expect(await getShopAccess(h.db, NEW_SHOP)).toBeNull();
  });

  it('refuses a state that is not the one in the cookie (403), and a callback without the cookie (403)', async () => {
    const { cookie } = await begin();
    const mismatch = await app.request(`${APP_URL}/auth/callback?${callbackQuery(callbackParams(NEW_SHOP, 'someone-elses-state'))}`, {
      headers: { Cookie: cookie },
    });
    expect(mismatch.status).toBe(403);
    expect((await bodyOf(mismatch)).error.code).toBe('oauth_invalid');

    const { state } = await begin();
    const noCookie = await app.request(`${APP_URL}/auth/callback?${callbackQuery(callbackParams(NEW_SHOP, state))}`);
    expect(noCookie.status).toBe(403);
    expect((await bodyOf(noCookie)).error.code).toBe('oauth_state_missing');
    expect(calls).toHaveLength(0);
  });

  it("answers 502 when Shopify's token endpoint refuses the code, storing nothing", async () => {
    calls = stubTokenEndpoint(() => ({
      status: 400,
      body: { error: 'invalid_request', error_description: 'The authorization code was not found or was already used' },
    }));
    const { state, cookie } = await begin();
    const res = await app.request(`${APP_URL}/auth/callback?${callbackQuery(callbackParams(NEW_SHOP, state))}`, {
      headers: { Cookie: cookie },
    });
    expect(res.status).toBe(502);
    expect(await getShopAccess(h.db, NEW_SHOP)).toBeNull();
  });
});
