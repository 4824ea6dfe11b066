/**
 * OAuth install: `GET /auth?shop=` sends the merchant to Shopify's grant screen (offline token),
 * `GET /auth/callback` checks the HMAC and state, exchanges the code and stores the offline session,
 * then opens the embedded app. Shopify-managed installs use token exchange instead (token-exchange.ts).
 */
import { Hono, type Context } from 'hono';
import type { AppDeps } from '../deps';
import { storeOfflineGrant } from './install';
import { shopifyFor } from './shopify-api';
import { errorBody } from '../http/error-body';

export const CALLBACK_PATH = '/auth/callback';

/** Routes under /auth. */
export function authRoutes(deps: AppDeps): Hono {
  const app = new Hono();

  app.get('/', async (c) => {
    const refused = refuse(c, deps);
    if (refused) return refused;
    const shopify = await shopifyFor(deps);
    const shop = shopify.utils.sanitizeShop(c.req.query('shop') ?? '');
    if (!shop)
      return error(
        c,
        400,
        'invalid_shop',
        'Open /auth?shop=<your-store>.myshopify.com (the shop parameter is missing or not a myshopify.com domain).',
      );
    // Inside the admin iframe cookies and the grant screen do not work: leave the frame first.
    if (c.req.query('embedded') === '1') return exitIframe(c, `/auth?shop=${encodeURIComponent(shop)}`);
    return shopify.auth.begin({ shop, callbackPath: CALLBACK_PATH, isOnline: false, rawRequest: c.req.raw }) as Promise<Response>;
  });

  app.get('/callback', async (c) => {
    const refused = refuse(c, deps);
    if (refused) return refused;
    const shopify = await shopifyFor(deps);
    const lib = await import('@shopify/shopify-api');
    let result: { headers: Headers; session: { shop: string; accessToken?: string; scope?: string } };
    try {
      result = await shopify.auth.callback<Headers>({ rawRequest: c.req.raw });
    } catch (caught) {
      const shop = c.req.query('shop') ?? null;
      const message = caught instanceof Error ? caught.message : String(caught);
      deps.logger.log('warn', 'oauth callback refused', { shop, error: message.slice(0, 300) });
      if (caught instanceof lib.CookieNotFound) {
        return error(
          c,
          403,
          'oauth_state_missing',
          'This install link has no matching state cookie (it expired after 60 s, or was opened in another browser): start again from /auth?shop=<your-store>.myshopify.com.',
        );
      }
      if (caught instanceof lib.InvalidOAuthError || caught instanceof lib.InvalidHmacError) {
        return error(
          c,
          403,
          'oauth_invalid',
          'The OAuth callback failed its HMAC or state check, so it did not come from this install: start again from /auth?shop=<your-store>.myshopify.com.',
        );
      }
      if (caught instanceof lib.InvalidShopError) return error(c, 400, 'invalid_shop', 'The callback names no valid myshopify.com shop.');
      if (caught instanceof lib.HttpResponseError || caught instanceof lib.HttpRequestError) {
        return error(
          c,
          502,
          'oauth_exchange_failed',
          'Shopify did not exchange the authorization code for a token; start the install again.',
        );
      }
      throw caught;
    }
    const installed = await storeOfflineGrant(deps, result.session, 'oauth');
    const host = c.req.query('host');
    const query = new URLSearchParams({ shop: installed.shop, ...(host ? { host } : {}) });
    const response = c.redirect(`/app?${query.toString()}`, 302);
    // Deletes the state cookie.
    result.headers.forEach((value, key) => response.headers.append(key, value));
    return response;
  });

  return app;
}

/** Sandbox mode and a server without the app's key have nothing to install into. */
function refuse(c: Context, deps: AppDeps): Response | null {
  if (deps.sandboxShop) {
    return error(
      c,
      400,
      'sandbox_mode',
      `This server runs in sandbox mode (no SHOPIFY_API_SECRET): ${deps.sandboxShop} is registered at start and needs no install. Set SHOPIFY_API_KEY and SHOPIFY_API_SECRET to install on a real store.`,
    );
  }
  if (!deps.secrets.apiKey)
    return error(c, 400, 'not_configured', 'SHOPIFY_API_KEY is not set: it is the client id OAuth sends to Shopify.');
  return null;
}

function error(c: Context, status: 400 | 403 | 502, code: string, message: string) {
  return c.json(errorBody(code, message), status);
}

/** A page that reloads `path` in the top window, out of the Shopify admin iframe. */
function exitIframe(c: Context, path: string) {
  const target = JSON.stringify(path).replace(/</g, '\\u003c');
  return c.html(
    `<!doctype html><meta charset="utf-8"><title>flowfill: installing</title><p>Continuing the install… <a href="${path.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}" target="_top">continue</a></p><script>window.top.location.href = ${target};</script>`,
  );
}
