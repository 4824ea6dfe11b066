/**
 * The one @shopify/shopify-api instance per app: session tokens, OAuth, token exchange and
 * webhook checks all use it. Loaded on first use (it is heavy; the Flow routes never need it).
 * The runtime adapter is the entry's: `adapters/web-api` in src/node.ts (Hono hands it WHATWG
 * Requests), `adapters/cf-worker` in src/worker.ts.
 */
import type { Shopify } from '@shopify/shopify-api';
import { REQUIRED_SCOPES } from './scopes';

export interface ShopifyApiOptions {
  /** SHOPIFY_API_KEY; webhooks can be checked without it (they need only the secret). */
  apiKey: string | undefined;
  apiSecret: string;
  /** SHOPIFY_APP_URL: OAuth's redirect_uri is built from its host. */
  appUrl?: string;
  scopes?: readonly string[];
}

/**
 * Stands in for a missing SHOPIFY_API_KEY so the library starts for webhook checks; every path
 * that needs the real key (session tokens, OAuth, token exchange) checks for it first.
 */
const NO_API_KEY = 'flowfill-api-key-unset';

/** Builds a shopify-api instance for this app's key, secret, URL and scopes. */
export async function loadShopifyApi(options: ShopifyApiOptions): Promise<Shopify> {
  const { ApiVersion, LogSeverity, shopifyApi } = await import('@shopify/shopify-api');
  const url = safeUrl(options.appUrl);
  return shopifyApi({
    apiKey: options.apiKey || NO_API_KEY,
    apiSecretKey: options.apiSecret,
    hostName: url?.host ?? 'localhost',
    hostScheme: url?.protocol === 'http:' ? 'http' : 'https',
    apiVersion: ApiVersion.July26,
    isEmbeddedApp: true,
    scopes: [...(options.scopes ?? REQUIRED_SCOPES)],
    // Its start-up banner and future-flag notes are not ours to print.
    logger: { level: LogSeverity.Error, log: () => undefined },
  });
}

const instances = new WeakMap<object, Promise<Shopify>>();

/** The memoised instance for one app (keyed by its deps object), so every route shares it. */
export function shopifyFor(deps: { secrets: { apiSecret: string; apiKey?: string }; appUrl?: string }): Promise<Shopify> {
  let api = instances.get(deps);
  if (!api) {
    api = loadShopifyApi({ apiKey: deps.secrets.apiKey, apiSecret: deps.secrets.apiSecret, appUrl: deps.appUrl });
    // A failed start (no runtime adapter) must not be cached forever.
    api.catch(() => instances.delete(deps));
    instances.set(deps, api);
  }
  return api;
}

function safeUrl(url: string | undefined): URL | null {
  if (!url) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}
