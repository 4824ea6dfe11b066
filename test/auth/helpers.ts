/** Test helpers for install, webhooks and the admin API: session tokens, a stubbed Shopify token endpoint, signed webhooks. */
import { createHmac } from 'node:crypto';
import { setAbstractFetchFunc } from '@shopify/shopify-api/runtime';
import { SignJWT } from 'jose';
import { SECRET, SHOP } from '../helpers/harness';

export const API_KEY = 'flowfill-test-client-id';

/** A session token like App Bridge's: HS256 with the app secret, aud = the API key, dest = the shop. */
export async function sessionToken(options: { shop?: string; aud?: string; secret?: string; exp?: number } = {}): Promise<string> {
  const shop = options.shop ?? SHOP;
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ dest: `https://${shop}`, sid: 'session-id', sub: '42' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(`https://${shop}/admin`)
    .setAudience(options.aud ?? API_KEY)
    .setIssuedAt(now - 5)
    .setNotBefore(now - 5)
    .setExpirationTime(now + (options.exp ?? 60))
    .setJti(`jti-${Math.random()}`)
    .sign(new TextEncoder().encode(options.secret ?? SECRET));
}

export interface TokenEndpointCall {
  url: string;
  body: Record<string, unknown>;
}

/**
 * Replaces shopify-api's fetch (its only network access: the OAuth / token-exchange endpoint
 * `https://{shop}/admin/oauth/access_token`) with `answer`, recording each call. Everything
 * else in the library stays real.
 */
export function stubTokenEndpoint(answer: (call: TokenEndpointCall) => { status: number; body: unknown }): TokenEndpointCall[] {
  const calls: TokenEndpointCall[] = [];
  setAbstractFetchFunc(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    const body = JSON.parse(String(init?.body ?? '{}')) as Record<string, unknown>;
    const call = { url, body };
    calls.push(call);
    const { status, body: out } = answer(call);
    return new Response(JSON.stringify(out), { status, headers: { 'Content-Type': 'application/json' } });
  });
  return calls;
}

/** Headers of a webhook delivery signed like Shopify's (base64 HMAC-SHA256 of the raw body). */
export function webhookHeaders(body: string, topic: string, shop: string, secret = SECRET): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'X-Shopify-Hmac-Sha256': createHmac('sha256', secret).update(body, 'utf8').digest('base64'),
    'X-Shopify-Topic': topic,
    'X-Shopify-Shop-Domain': shop,
    'X-Shopify-Webhook-Id': `wh-${Math.random().toString(36).slice(2)}`,
    'X-Shopify-API-Version': '2026-07',
    'X-Shopify-Triggered-At': new Date().toISOString(),
  };
}

/** Parses a response's JSON body, or returns its text. */
export async function bodyOf(response: Response): Promise<any> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
