/**
 * Shopify session tokens (the `Authorization: Bearer` JWT App Bridge gives an embedded admin page):
 * verified with @shopify/shopify-api, the shop taken from the token's `dest`.
 */
import type { Shopify } from '@shopify/shopify-api';
import { loadShopifyApi } from '../auth/shopify-api';

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

export interface SessionTokenConfig {
  /** The app's client id (SHOPIFY_API_KEY): the token's `aud`. */
  apiKey: string | undefined;
  /** The app's client secret (SHOPIFY_API_SECRET): the token's HS256 key. */
  apiSecret: string;
  /** SHOPIFY_APP_URL; shopify-api wants a host name even though token checks do not use it. */
  appUrl?: string;
  /** The app's shared shopify-api instance (src/auth/shopify-api.ts); one is built when absent. */
  api?: () => Promise<Shopify>;
}

export type SessionTokenResult =
  | { ok: true; shop: string; /** The staff member (`sub`), when the token names one. */ userId: string | null }
  | { ok: false; reason: 'expired' | 'audience' | 'signature' | 'malformed' | 'destination' | 'not_configured'; message: string };

export type SessionTokenVerifier = (token: string) => Promise<SessionTokenResult>;

/**
 * A verifier for this app's session tokens. shopify-api is loaded on first use (it is heavy and the
 * Flow routes never need it); the runtime adapter is the entry's (`src/node.ts`, `src/worker.ts`).
 */
export function createSessionTokenVerifier(config: SessionTokenConfig): SessionTokenVerifier {
  let api: Promise<Shopify> | undefined;
  return async (token) => {
    if (!config.apiKey) {
      return {
        ok: false,
        reason: 'not_configured',
        message:
          "This server has no SHOPIFY_API_KEY, so it cannot accept Shopify session tokens: set SHOPIFY_API_KEY to the app's client id.",
      };
    }
    api ??= config.api ? config.api() : loadShopifyApi({ apiKey: config.apiKey, apiSecret: config.apiSecret, appUrl: config.appUrl });
    // Outside the try: a library that cannot start (no runtime adapter) is a server fault, not a bad token.
    const shopify = await api;
    let payload: Record<string, unknown>;
    try {
      payload = (await shopify.session.decodeSessionToken(token)) as unknown as Record<string, unknown>;
    } catch (error) {
      // The library's message quotes the whole token; never pass it on.
      return describeFailure(error instanceof Error ? error.message : String(error));
    }
    const shop = shopOf(payload.dest);
    if (!shop)
      return { ok: false, reason: 'destination', message: 'The session token\'s "dest" is not a shop (https://<shop>.myshopify.com).' };
    const issuer = typeof payload.iss === 'string' ? hostOf(payload.iss) : null;
    if (issuer !== null && issuer !== shop)
      return { ok: false, reason: 'destination', message: 'The session token\'s "iss" and "dest" name different shops.' };
    return { ok: true, shop, userId: typeof payload.sub === 'string' ? payload.sub : null };
  };
}

/** The shop domain of a token's `dest` (`https://example.myshopify.com`), or null. */
export function shopOf(dest: unknown): string | null {
  if (typeof dest !== 'string') return null;
  const host = hostOf(dest);
  return host !== null && SHOP_DOMAIN.test(host) ? host : null;
}

function hostOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' ? parsed.hostname.toLowerCase() : null;
  } catch {
    return null;
  }
}

/** Maps jose/shopify-api failure messages to a reason a developer can act on. */
function describeFailure(message: string): SessionTokenResult & { ok: false } {
  if (/"exp" claim|expired/i.test(message)) {
    return { ok: false, reason: 'expired', message: 'The session token has expired: App Bridge issues a fresh one for each request.' };
  }
  if (/invalid API key|"aud"/i.test(message)) {
    return {
      ok: false,
      reason: 'audience',
      message: 'The session token was issued for another app (its "aud" is not this app\'s SHOPIFY_API_KEY).',
    };
  }
  if (/signature/i.test(message)) {
    return { ok: false, reason: 'signature', message: "The session token's signature does not match this app's SHOPIFY_API_SECRET." };
  }
  return {
    ok: false,
    reason: 'malformed',
    message: 'The session token is not a valid HS256 JWT for this app (check "nbf", "exp" and its format).',
  };
}
