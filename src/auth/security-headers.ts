/**
 * Security headers for the admin page and its JSON API: only the shop's own admin may frame
 * them (clickjacking), browsers must not sniff types, and URLs (which carry `host`, `shop` and
 * sometimes `id_token`) do not leak through Referer.
 */
import type { Context, MiddlewareHandler } from 'hono';

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/** The frame-ancestors source list for a shop (null: not known), or `'self'` in sandbox mode. */
export function frameAncestors(shop: string | null, sandbox: boolean): string {
  if (sandbox) return "'self'";
  if (shop && SHOP_DOMAIN.test(shop)) return `https://${shop} https://admin.shopify.com`;
  // Without a shop no admin can be named; Shopify always opens the app with ?shop=.
  return "'none'";
}

/** Adds the headers after the route ran, so the shop the auth middleware resolved is known. */
export function securityHeaders(options: { sandbox: boolean }): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const shop = shopOf(c);
    c.res.headers.set(
      'Content-Security-Policy',
      withFrameAncestors(c.res.headers.get('Content-Security-Policy'), frameAncestors(shop, options.sandbox)),
    );
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
    c.res.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
  };
}

/** Sets frame-ancestors in a policy a route may already have set (its script-src etc. stay). */
export function withFrameAncestors(policy: string | null, sources: string): string {
  const directives = (policy ?? '')
    .split(';')
    .map((d) => d.trim())
    .filter((d) => d && !/^frame-ancestors(\s|$)/i.test(d));
  return [...directives, `frame-ancestors ${sources}`].join('; ');
}

function shopOf(c: Context): string | null {
  const fromAuth = (c.var as { shop?: unknown }).shop;
  if (typeof fromAuth === 'string') return fromAuth;
  const query = c.req.query('shop')?.trim().toLowerCase();
  return query && SHOP_DOMAIN.test(query) ? query : null;
}
