import { describe, expect, it } from 'vitest';
import { ActionError, PendingError, TransientError } from '../../src/errors';
import { createAdminClientFactory } from '../../src/shopify/client';
import { adminDocument } from '../../src/shopify/document';
import { manualClock } from '../helpers/clock';

const QUERY = adminDocument<{ order: { id: string } | null }, { id: string }>('query ReadOrder($id: ID!) { order(id: $id) { id } }');
const MUTATION = adminDocument<{ x: boolean }, Record<string, never>>('mutation DoIt { x }');

const cost = (requested: number, available: number, actual: number | null = requested) => ({
  cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: available, restoreRate: 100 } },
});
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const throttled = (available: number) => json({ errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }], extensions: cost(120, available, null) });

function setup(responses: (Response | Error)[], budgetMs = 3500, origin?: string) {
  const clock = manualClock();
  const requests: { url: string; init: RequestInit }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    requests.push({ url, init });
    const next = responses.shift();
    if (!next) throw new Error('no more scripted responses');
    if (next instanceof Error) throw next;
    return next;
  }) as unknown as typeof globalThis.fetch;
  const client = createAdminClientFactory({ apiVersion: '2026-07', origin, fetch, clock })({ shop: 'a.myshopify.com', accessToken: 'shpat_x', deadline: clock.now() + budgetMs });
  return { client, clock, requests };
}

describe('Admin GraphQL client', () => {
  it('posts the named document to the shop with the access token and records the call with its cost', async () => {
    const { client, requests } = setup([json({ data: { order: { id: 'gid://shopify/Order/1' } }, extensions: cost(3, 1997, 1) })]);
    await expect(client.request(QUERY, { id: 'gid://shopify/Order/1' })).resolves.toEqual({ order: { id: 'gid://shopify/Order/1' } });
    expect(requests[0]!.url).toBe('https://a.myshopify.com/admin/api/2026-07/graphql.json');
    expect(new Headers(requests[0]!.init.headers).get('X-Shopify-Access-Token')).toBe('shpat_x');
    expect(JSON.parse(String(requests[0]!.init.body))).toMatchObject({ operationName: 'ReadOrder', variables: { id: 'gid://shopify/Order/1' } });
    expect(client.calls).toEqual([expect.objectContaining({ name: 'ReadOrder', status: 200, requestedCost: 3, actualCost: 1, throttled: false })]);
  });

  it('sends every shop to SHOPIFY_ADMIN_API_ORIGIN when set', async () => {
    const { client, requests } = setup([json({ data: { order: null }, extensions: cost(1, 100) })], 3500, 'http://127.0.0.1:9999/');
    await client.request(QUERY, { id: 'gid://shopify/Order/1' });
    expect(requests[0]!.url).toBe('http://127.0.0.1:9999/admin/api/2026-07/graphql.json');
  });

  it('waits what the bucket needs when THROTTLED (HTTP 200 or 429), then succeeds', async () => {
    const { client, clock } = setup([throttled(20), new Response(throttled(0).body, { status: 429 }), json({ data: { order: null }, extensions: cost(120, 2000) })]);
    await client.request(QUERY, { id: 'gid://shopify/Order/1' });
    // (120 - 20) / 100 points per second = 1 s, plus a small margin; then (120 - 0) / 100 = 1.2 s
    expect(clock.slept).toEqual([1050, 1250]);
    expect(client.calls.map((c) => c.throttled)).toEqual([true, true, false]);
  });

  it('gives up with a pending outcome when the wait would pass the budget', async () => {
    const { client, clock } = setup([throttled(0)], 1000);
    await expect(client.request(QUERY, { id: 'gid://shopify/Order/1' })).rejects.toBeInstanceOf(PendingError);
    expect(clock.slept).toEqual([]);
  });

  it('retries 5xx and network errors on queries with backoff inside the budget', async () => {
    const { client, clock } = setup([new Response('<html>503</html>', { status: 503 }), new TypeError('fetch failed'), json({ data: { order: null } })]);
    await expect(client.request(QUERY, { id: 'gid://shopify/Order/1' })).resolves.toEqual({ order: null });
    expect(clock.slept).toEqual([200, 400]);
  });

  it('turns persistent 5xx into a transient error', async () => {
    const { client } = setup(Array.from({ length: 10 }, () => new Response('down', { status: 502 })), 1000);
    await expect(client.request(QUERY, { id: 'gid://shopify/Order/1' })).rejects.toMatchObject({ name: 'TransientError', code: 'admin_api_unavailable' });
  });

  it('never re-sends a mutation blind after a 5xx', async () => {
    const { client, requests } = setup([new Response('oops', { status: 500 }), json({ data: { x: true } })]);
    const error = await client.request(MUTATION, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).code).toBe('mutation_outcome_unknown');
    expect(requests).toHaveLength(1);
  });

  it('names the missing scope on ACCESS_DENIED', async () => {
    const { client } = setup([
      json({
        data: { order: null },
        errors: [{ message: 'Access denied for order field. Required access: `read_orders` access scope.', path: ['order'], extensions: { code: 'ACCESS_DENIED' } }],
      }),
    ]);
    const error = (await client.request(QUERY, { id: 'gid://shopify/Order/1' }).catch((e: unknown) => e)) as ActionError;
    expect(error).toBeInstanceOf(ActionError);
    expect(error.code).toBe('missing_scope');
    expect(error.status).toBe(422);
    expect(error.message).toContain('`read_orders`');
  });

  it('can tolerate ACCESS_DENIED on optional fields and report it', async () => {
    const { client } = setup([
      json({
        data: { order: { id: 'x', customer: null } },
        errors: [{ message: 'Access denied for customer field. Required access: `read_customers` access scope.', path: ['order', 'customer'], extensions: { code: 'ACCESS_DENIED' } }],
      }),
    ]);
    await expect(client.request(QUERY, { id: 'x' }, { tolerateAccessDenied: true })).resolves.toEqual({ order: { id: 'x', customer: null } });
    expect(client.accessDenied).toEqual([expect.objectContaining({ field: 'order.customer', scope: 'read_customers' })]);
  });

  it('maps a rejected token to a 422 that says how to fix it', async () => {
    const { client } = setup([json({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' }, 401)]);
    await expect(client.request(QUERY, { id: 'x' })).rejects.toMatchObject({ code: 'admin_unauthorized', status: 422 });
  });

  it('reports other top-level errors clearly', async () => {
    const { client } = setup([json({ data: null, errors: [{ message: 'invalid id', extensions: { code: 'RESOURCE_NOT_FOUND' }, path: ['fulfillmentCreate'] }] })]);
    await expect(client.request(QUERY, { id: 'x' })).rejects.toMatchObject({ code: 'not_found', message: expect.stringContaining('invalid id') });
  });
});
