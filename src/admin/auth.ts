/**
 * Authentication of the admin JSON API: a Shopify session token names the shop; the request body
 * and URL never do. In sandbox mode a local request without a token acts as the sandbox shop.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { AppDeps } from '../deps';
import { installByTokenExchange } from '../auth/token-exchange';
import { shopifyFor } from '../auth/shopify-api';
import { getShopAccess } from '../db/shops';
import { createSessionTokenVerifier, type SessionTokenVerifier } from './session-token';
import { errorBody } from '../http/error-body';

/** What the auth middleware puts on the context for the routes. */
export type AdminEnv = { Variables: { shop: string } };

/** Resolves the shop of each request from its session token (or sandbox locality), or answers 401/404. */
export function sessionAuth(deps: AppDeps, verify: SessionTokenVerifier = defaultVerifier(deps)): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const header = c.req.header('Authorization');
    let shop: string;
    let sessionToken: string | null = null;
    if (header === undefined || header.trim() === '') {
      if (!deps.sandboxShop || !isLocalRequest(c)) {
        return unauthorized(
          c,
          'missing',
          'Send the Shopify session token as "Authorization: Bearer <token>" (App Bridge adds it in the embedded admin).',
        );
      }
      shop = deps.sandboxShop;
    } else {
      const match = /^Bearer\s+([A-Za-z0-9_\-.=]+)\s*$/i.exec(header);
      if (!match?.[1]) return unauthorized(c, 'malformed', 'The Authorization header must be "Bearer <session token>".');
      const result = await verify(match[1]);
      if (!result.ok) return unauthorized(c, result.reason, result.message);
      shop = result.shop;
      sessionToken = match[1];
    }
    const access = await getShopAccess(deps.db, shop);
    // A valid token from a shop with no offline session: Shopify installed the app without our
    // OAuth (managed install) or it was re-installed; trade the token for an offline one.
    const exchanged =
      (!access?.installed || !access.accessToken) && sessionToken !== null ? await installByTokenExchange(deps, shop, sessionToken) : null;
    if (!access?.installed && !exchanged?.ok) {
      return c.json(
        errorBody('shop_not_installed', `${shop} has not installed flowfill (or has uninstalled it): install the app first.`),
        404,
      );
    }
    c.set('shop', shop);
    await next();
  };
}

/**
 * True when the request came from this machine, as far as it can tell: a loopback Host (which a
 * DNS-rebinding page cannot fake), a loopback Origin if the browser sent one, and a loopback peer
 * address when the Node server exposes it.
 */
export function isLocalRequest(c: Context): boolean {
  if (!isLoopbackHost(new URL(c.req.url).hostname)) return false;
  const origin = c.req.header('Origin');
  if (origin !== undefined) {
    try {
      if (!isLoopbackHost(new URL(origin).hostname)) return false;
    } catch {
      return false;
    }
  }
  // @hono/node-server passes { incoming, outgoing } as the env; elsewhere there is no socket to ask.
  const remote = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;
  return remote === undefined || isLoopbackAddress(remote);
}

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || isLoopbackAddress(host);
}

function isLoopbackAddress(address: string): boolean {
  const ip = address.replace(/^::ffff:/i, '');
  return ip === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip);
}

function unauthorized(c: Context, reason: string, message: string) {
  return c.json(errorBody('invalid_session_token', message, { reason }), 401);
}

function defaultVerifier(deps: AppDeps): SessionTokenVerifier {
  return createSessionTokenVerifier({
    apiKey: deps.secrets.apiKey,
    apiSecret: deps.secrets.apiSecret,
    appUrl: deps.appUrl,
    api: () => shopifyFor(deps),
  });
}
