import { describe, expect, it } from 'vitest';
import { ActionError, PendingError, TransientError } from '../../src/errors';
import { createAdminClientFactory } from '../../src/shopify/client';
import { RateLimitExceededError } from '../../src/shopify/errors';
import { adminDocument } from '../../src/shopify/document';
import { manualClock } from '../helpers/clock';

const QUERY = adminDocument<{ order: { id: string } | null }, { id: string }>('query ReadOrder($id: ID!) { order(id: $id) { id } }');
const MUTATION = adminDocument<{ x: boolean }, Record<string, never>>('mutation DoIt { x }');

const cost = (requested: number, available: number, actual: number | null = requested) => ({
  cost: {
    requestedQueryCost: requested,
    actualQueryCost: actual,
    throttleStatus: { maximumAvailable: 2000, currentlyAvailable: available, restoreRate: 100 },
  },
});
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const internalError = (path?: string[]) => ({
  message: 'Internal error. Looks like something went wrong on our end.',
  extensions: { code: 'INTERNAL_SERVER_ERROR' },
  ...(path ? { path } : {}),
});
const throttled = (available: number) =>
  json({ errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }], extensions: cost(120, available, null) });

/** A fetch that never answers: `honours` it rejects on its abort signal as a real fetch does, else it ignores it. */
const HANG = Symbol('hang');
const HANG_DEAF = Symbol('hang, deaf to the signal');

function setup(
  responses: (Response | Error | typeof HANG | typeof HANG_DEAF)[],
  budgetMs = 3500,
  origin?: string,
  timeoutMs?: number,
  longestBudgetMs?: number,
) {
  const clock = manualClock();
  const requests: { url: string; init: RequestInit }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    requests.push({ url, init });
    const next = responses.shift();
    if (!next) throw new Error('no more scripted responses');
    if (next === HANG_DEAF) return new Promise(() => undefined);
    if (next === HANG)
      return new Promise((_, reject) => init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    if (next instanceof Error) throw next;
    return next;
  }) as unknown as typeof globalThis.fetch;
  const client = createAdminClientFactory({ apiVersion: '2026-07', origin, fetch, clock, ...(timeoutMs ? { timeoutMs } : {}) })({
    shop: 'a.myshopify.com',
    accessToken: 'shpat_x',
    deadline: clock.now() + budgetMs,
    ...(longestBudgetMs !== undefined ? { longestBudgetMs } : {}),
  });
  return { client, clock, requests };
}

describe('Admin GraphQL client', () => {
  it('posts the named document to the shop with the access token and records the call with its cost', async () => {
    const { client, requests } = setup([json({ data: { order: { id: 'gid://shopify/Order/1' } }, extensions: cost(3, 1997, 1) })]);
    await expect(client.request(QUERY, { id: 'gid://shopify/Order/1' })).resolves.toEqual({ order: { id: 'gid://shopify/Order/1' } });
    expect(requests[0]!.url).toBe('https://a.myshopify.com/admin/api/2026-07/graphql.json');
    expect(new Headers(requests[0]!.init.headers).get('X-Shopify-Access-Token')).toBe('shpat_x');
    expect(JSON.parse(String(requests[0]!.init.body))).toMatchObject({
      operationName: 'ReadOrder',
      variables: { id: 'gid://shopify/Order/1' },
    });
    expect(client.calls).toEqual([
      expect.objectContaining({ name: 'ReadOrder', status: 200, requestedCost: 3, actualCost: 1, throttled: false }),
    ]);
  });

  it('sends every shop to SHOPIFY_ADMIN_API_ORIGIN when set', async () => {
    const { client, requests } = setup([json({ data: { order: null }, extensions: cost(1, 100) })], 3500, 'http://127.0.0.1:9999/');
    await client.request(QUERY, { id: 'gid://shopify/Order/1' });
    expect(requests[0]!.url).toBe('http://127.0.0.1:9999/admin/api/2026-07/graphql.json');
  });

  it('waits what the bucket needs when THROTTLED (HTTP 200 or 429), then succeeds', async () => {
    const { client, clock } = setup([
      throttled(20),
      new Response(throttled(0).body, { status: 429 }),
      json({ data: { order: null }, extensions: cost(120, 2000) }),
    ]);
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

  describe('a request the rate limit can never let through', () => {
    const read = (actual: number, available: number) => json({ data: { order: null }, extensions: cost(actual, available) });
    const throttledAt = (requested: number, available: number) =>
      json({ errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }], extensions: cost(requested, available, null) });
    const order = { id: 'gid://shopify/Order/1' };

    it('fails exceeds_rate_limit at once when one query asks for more than the bucket ever holds', async () => {
      const { client, clock } = setup([throttledAt(2500, 2000)]);
      const error = await client.request(QUERY, order).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RateLimitExceededError);
      expect(error).toMatchObject({ code: 'exceeds_rate_limit', status: 422, need: { requested: 2500, bucket: 2000, budgetMs: null } });
      expect((error as Error).message).toMatch(/ReadOrder through: it asks for 2500 points and a\.myshopify\.com's bucket holds 2000/);
      expect(clock.slept).toEqual([]);
    });

    it('fails exceeds_rate_limit when what it spent and the next query are more than a whole attempt of the longest budget gets', async () => {
      // 2,000 in the bucket + 3.5 s × 100 points/s = 2,350; 1,900 spent + 500 asked = 2,400.
      const { client, clock } = setup([read(1900, 100), throttledAt(500, 100)], 3500, undefined, undefined, 3500);
      await client.request(QUERY, order);
      const error = await client.request(QUERY, order).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RateLimitExceededError);
      expect(error).toMatchObject({ need: { spent: 1900, requested: 500, bucket: 2000, restoreRate: 100, budgetMs: 3500 } });
      expect((error as Error).message).toMatch(/at most 2350 points in one run \(3\.5 s of waiting\)/);
      expect(clock.slept).toEqual([]);
    });

    it('under that bound it waits and succeeds; with only a shorter attempt left it goes pending, not failed', async () => {
      // 1,800 + 500 = 2,300 ≤ 2,350: the 3 s the bucket needs fit the budget.
      const fits = setup([read(1800, 200), throttledAt(500, 200), read(500, 1700)], 3500, undefined, undefined, 3500);
      await fits.client.request(QUERY, order);
      await expect(fits.client.request(QUERY, order)).resolves.toEqual({ order: null });
      expect(fits.clock.slept).toEqual([3050]);
      // This attempt has 1 s, a longer one (20 s) could finish: Flow gets 202 and a later attempt goes on.
      const later = setup([read(1900, 100), throttledAt(500, 100)], 1000, undefined, undefined, 20_000);
      await later.client.request(QUERY, order);
      const error = await later.client.request(QUERY, order).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PendingError);
      expect(error).not.toBeInstanceOf(ActionError);
    });

    it('without a longest budget (a dry run) a run over it is pending, never failed for it', async () => {
      const { client } = setup([read(1900, 100), throttledAt(500, 100)], 1000);
      await client.request(QUERY, order);
      await expect(client.request(QUERY, order)).rejects.toBeInstanceOf(PendingError);
    });
  });

  it('retries 5xx and network errors on queries with backoff inside the budget', async () => {
    const { client, clock } = setup([
      new Response('<html>503</html>', { status: 503 }),
      new TypeError('fetch failed'),
      json({ data: { order: null } }),
    ]);
    await expect(client.request(QUERY, { id: 'gid://shopify/Order/1' })).resolves.toEqual({ order: null });
    expect(clock.slept).toEqual([200, 400]);
  });

  it('turns persistent 5xx into a transient error', async () => {
    const { client } = setup(
      Array.from({ length: 10 }, () => new Response('down', { status: 502 })),
      1000,
    );
    await expect(client.request(QUERY, { id: 'gid://shopify/Order/1' })).rejects.toMatchObject({
      name: 'TransientError',
      code: 'admin_api_unavailable',
    });
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
        errors: [
          {
            message: 'Access denied for order field. Required access: `read_orders` access scope.',
            path: ['order'],
            extensions: { code: 'ACCESS_DENIED' },
          },
        ],
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
        errors: [
          {
            message: 'Access denied for customer field. Required access: `read_customers` access scope.',
            path: ['order', 'customer'],
            extensions: { code: 'ACCESS_DENIED' },
          },
        ],
      }),
    ]);
    await expect(client.request(QUERY, { id: 'x' }, { tolerateAccessDenied: true })).resolves.toEqual({
      order: { id: 'x', customer: null },
    });
    expect(client.accessDenied).toEqual([expect.objectContaining({ field: 'order.customer', scope: 'read_customers' })]);
  });

  it('maps a rejected token to a 422 that says how to fix it', async () => {
    const { client } = setup([json({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' }, 401)]);
    await expect(client.request(QUERY, { id: 'x' })).rejects.toMatchObject({ code: 'admin_unauthorized', status: 422 });
  });

  it('retries a query answered HTTP 200 with INTERNAL_SERVER_ERROR, like a 5xx', async () => {
    const { client, clock } = setup([
      json({ data: null, errors: [internalError()] }),
      json({ data: { order: null }, errors: [internalError(['order'])] }),
      json({ data: { order: null } }),
    ]);
    await expect(client.request(QUERY, { id: 'gid://shopify/Order/1' })).resolves.toEqual({ order: null });
    expect(clock.slept).toEqual([200, 400]);
  });

  it('makes a mutation answered HTTP 200 with INTERNAL_SERVER_ERROR an unknown outcome, not re-sent', async () => {
    const { client, requests } = setup([json({ data: { x: null }, errors: [internalError(['x'])] }), json({ data: { x: true } })]);
    await expect(client.request(MUTATION, {})).rejects.toMatchObject({
      name: 'TransientError',
      code: 'mutation_outcome_unknown',
      message: expect.stringContaining('INTERNAL_SERVER_ERROR'),
    });
    expect(requests).toHaveLength(1);
  });

  it('retries a query whose HTTP 200 body is unreadable; a mutation with one is an unknown outcome', async () => {
    const cut = () => new Response('{"data":{"ord', { status: 200 });
    const query = setup([cut(), json({ data: { order: null } })]);
    await expect(query.client.request(QUERY, { id: 'x' })).resolves.toEqual({ order: null });
    const mutation = setup([cut()]);
    await expect(mutation.client.request(MUTATION, {})).rejects.toMatchObject({ code: 'mutation_outcome_unknown' });
  });

  it('keeps definitive refusals permanent: RESOURCE_NOT_FOUND and a 403 on a mutation', async () => {
    const notFound = setup([
      json({ data: { x: null }, errors: [{ message: 'invalid id', extensions: { code: 'RESOURCE_NOT_FOUND' }, path: ['x'] }] }),
    ]);
    await expect(notFound.client.request(MUTATION, {})).rejects.toBeInstanceOf(ActionError);
    const forbidden = setup([json({ errors: 'Forbidden' }, 403)]);
    await expect(forbidden.client.request(MUTATION, {})).rejects.toMatchObject({ code: 'admin_unauthorized' });
  });

  it('waits out THROTTLED on a mutation and sends it again (a throttled request is not executed)', async () => {
    const { client, requests } = setup([throttled(0), json({ data: { x: true }, extensions: cost(10, 1990) })]);
    await expect(client.request(MUTATION, {})).resolves.toEqual({ x: true });
    expect(requests).toHaveLength(2);
  });

  it('abandons a hanging fetch after the timeout: a query is retried, recorded as a timeout', async () => {
    const { client, requests } = setup([HANG, HANG_DEAF, json({ data: { order: null } })], 3500, undefined, 20);
    const started = Date.now();
    await expect(client.request(QUERY, { id: 'x' })).resolves.toEqual({ order: null });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(requests[0]!.init.signal).toBeInstanceOf(AbortSignal);
    expect(client.calls.map((c) => c.status)).toEqual(['timeout', 'timeout', 200]);
  });

  it('makes a timed-out mutation an unknown outcome', async () => {
    const { client, requests } = setup([HANG_DEAF, json({ data: { x: true } })], 3500, undefined, 20);
    await expect(client.request(MUTATION, {})).rejects.toMatchObject({
      name: 'TransientError',
      code: 'mutation_outcome_unknown',
      message: expect.stringContaining('within 20 ms'),
    });
    expect(requests).toHaveLength(1);
  });

  it('times out a body that never finishes arriving', async () => {
    const stalled = new Response(new ReadableStream({ start: (c) => c.enqueue(new TextEncoder().encode('{"data":')) }), { status: 200 });
    const { client } = setup([stalled, json({ data: { order: null } })], 3500, undefined, 20);
    await expect(client.request(QUERY, { id: 'x' })).resolves.toEqual({ order: null });
    expect(client.calls[0]!.status).toBe('timeout');
  });

  it('reports other top-level errors clearly', async () => {
    const { client } = setup([
      json({ data: null, errors: [{ message: 'invalid id', extensions: { code: 'RESOURCE_NOT_FOUND' }, path: ['fulfillmentCreate'] }] }),
    ]);
    await expect(client.request(QUERY, { id: 'x' })).rejects.toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('invalid id'),
    });
  });
});
