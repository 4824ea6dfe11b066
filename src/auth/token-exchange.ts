/**
 * Token exchange (Shopify-managed install): an embedded admin page's session token is traded for
 * the shop's offline Admin API token, with no OAuth redirect. The admin API's auth calls this when
 * a shop with a valid session token has no offline session yet.
 */
import type { AppDeps } from '../deps';
import { storeOfflineGrant, type Installed } from './install';
import { shopifyFor } from './shopify-api';

export type TokenExchangeResult = ({ ok: true } & Installed) | { ok: false; status: number | null; message: string };

/** Exchanges `sessionToken` (already verified for `shop`) for an offline token and stores it. */
export async function installByTokenExchange(deps: AppDeps, shop: string, sessionToken: string): Promise<TokenExchangeResult> {
  if (!deps.secrets.apiKey) return { ok: false, status: null, message: 'SHOPIFY_API_KEY is not set, so the app cannot exchange tokens.' };
  const shopify = await shopifyFor(deps);
  const { RequestedTokenType } = await import('@shopify/shopify-api');
  try {
    const { session } = await shopify.auth.tokenExchange({ shop, sessionToken, requestedTokenType: RequestedTokenType.OfflineAccessToken });
    const installed = await storeOfflineGrant(deps, { shop, accessToken: session.accessToken, scope: session.scope }, 'token_exchange');
    return { ok: true, ...installed };
  } catch (error) {
    // HttpResponseError carries Shopify's answer; its message never contains the token.
    const status = (error as { response?: { code?: unknown } }).response?.code;
    const message = error instanceof Error ? error.message : String(error);
    deps.logger.log('warn', 'token exchange failed', {
      shop,
      status: typeof status === 'number' ? status : null,
      error: message.slice(0, 300),
    });
    return { ok: false, status: typeof status === 'number' ? status : null, message };
  }
}
