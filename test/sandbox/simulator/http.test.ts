// The HTTP surface of the simulated Admin API: routing, authentication, faults, call log, serving.
import { describe, expect, it } from 'vitest';
import { serveSimulator } from '../../../src/sandbox/simulator/index';
import { scenario, SHOP, TOKEN } from './scenario';

type Json = any;

const SHOP_QUERY = 'query ShopName { shop { id name myshopifyDomain } }';

function post(url: string, token: string | null, body: unknown = { query: SHOP_QUERY }): Request {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== null) headers['x-shopify-access-token'] = token;
  return new Request(url, { method: 'POST', headers, body: JSON.stringify(body) });
}

describe('routing and authentication', () => {
  it('answers POST /admin/api/{version}/graphql.json on the shop’s own host with its token', async () => {
    const { sim } = scenario();
    const response = await sim.fetch(post(`https://${SHOP}/admin/api/2026-07/graphql.json`, TOKEN));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    const body = (await response.json()) as Json;
    expect(body.data.shop.myshopifyDomain).toBe(SHOP);
  });

  it('rejects a missing or wrong token with Shopify’s 401 body', async () => {
    const { sim } = scenario();
    for (const token of [null, 'wrong-token']) {
      const response = await sim.fetch(post(`https://${SHOP}/admin/api/2026-07/graphql.json`, token));
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
    }
  });

  it('finds the shop by token alone through a shared origin, but never crosses shops on a shop host', async () => {
    const { sim, store } = scenario();
    store.addShop({ domain: 'other.myshopify.com', accessToken: 'other-token' });
    const shared = await sim.fetch(post('http://127.0.0.1:9999/admin/api/2026-07/graphql.json', 'other-token'));
    expect(((await shared.json()) as Json).data.shop.myshopifyDomain).toBe('other.myshopify.com');
    const crossed = await sim.fetch(post(`https://${SHOP}/admin/api/2026-07/graphql.json`, 'other-token'));
    expect(crossed.status).toBe(401);
  });

  it('answers 401 once the token is revoked (app uninstalled)', async () => {
    const { sim, store } = scenario();
    store.revokeToken(SHOP);
    const response = await sim.fetch(post(`https://${SHOP}/admin/api/2026-07/graphql.json`, TOKEN));
    expect(response.status).toBe(401);
  });

  it('answers 404 for anything but POST to the GraphQL path', async () => {
    const { sim } = scenario();
    expect(
      (await sim.fetch(new Request(`https://${SHOP}/admin/api/2026-07/graphql.json`, { headers: { 'x-shopify-access-token': TOKEN } })))
        .status,
    ).toBe(404);
    expect((await sim.fetch(post(`https://${SHOP}/admin/api/2026-07/products.json`, TOKEN))).status).toBe(404);
    expect((await sim.fetch(post(`https://${SHOP}/graphql`, TOKEN))).status).toBe(404);
  });

  it('answers 400 for a body without a query, and GraphQL errors for invalid documents', async () => {
    const { sim } = scenario();
    const noQuery = await sim.fetch(post(`https://${SHOP}/admin/api/2026-07/graphql.json`, TOKEN, { variables: {} }));
    expect(noQuery.status).toBe(400);
    const unknownField = await sim.fetch(post(`https://${SHOP}/admin/api/2026-07/graphql.json`, TOKEN, { query: '{ shop { nope } }' }));
    expect(unknownField.status).toBe(200);
    const body = (await unknownField.json()) as Json;
    expect(body.data).toBeUndefined();
    expect(body.errors[0]).toMatchObject({ message: "Field 'nope' doesn't exist on type 'Shop'", extensions: { code: 'undefinedField' } });
  });
});

describe('faults', () => {
  it('fails a deterministic share of requests with an HTML 503', async () => {
    const run = async () => {
      const { sim } = scenario({ faults: { http5xxRate: 0.5, random: 42 } });
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await sim.request(SHOP, SHOP_QUERY)).status);
      return { statuses, sim };
    };
    const first = await run();
    const second = await run();
    expect(first.statuses).toEqual(second.statuses);
    const failures = first.statuses.filter((s) => s === 503).length;
    expect(failures).toBeGreaterThan(3);
    expect(failures).toBeLessThan(17);
    expect(first.sim.calls.filter((c) => c.status === 503)).toHaveLength(failures);

    const { sim } = scenario({ faults: { http5xxRate: 1 } });
    const response = await sim.fetch(post(`https://${SHOP}/admin/api/2026-07/graphql.json`, TOKEN));
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toContain('text/html');
    // Faults are switched off at runtime.
    sim.faults.http5xxRate = 0;
    expect((await sim.request(SHOP, SHOP_QUERY)).status).toBe(200);
  });

  it('can lose the response of a mutation that was applied (http5xxPhase: after)', async () => {
    const { sim, store, east } = scenario({ faults: { http5xxRate: 1, http5xxPhase: 'after' } });
    const order = store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id });
    const [fo] = store.fulfillmentOrders(order.id);
    const { status } = await sim.request(
      SHOP,
      'mutation($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) { fulfillment { id } userErrors { message } } }',
      {
        f: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo!.id }] },
      },
    );
    expect(status).toBe(503);
    expect(store.fulfillments(order.id)).toHaveLength(1);
  });

  it('pauses, replaces or fails an operation from the beforeOperation hook', async () => {
    const { sim } = scenario();
    const seen: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    sim.faults.beforeOperation = async (name, variables) => {
      seen.push(`${name} ${JSON.stringify(variables)}`);
      if (name === 'ShopName') await gate;
    };
    const pending = sim.request(SHOP, SHOP_QUERY);
    let done = false;
    void pending.then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(done).toBe(false);
    release();
    expect((await pending).status).toBe(200);
    expect(seen).toEqual(['ShopName {}']);

    sim.faults.beforeOperation = () => new Response('nope', { status: 502 });
    expect((await sim.request(SHOP, SHOP_QUERY)).status).toBe(502);
    sim.faults.beforeOperation = () => {
      throw new Error('boom');
    };
    expect((await sim.request(SHOP, SHOP_QUERY)).status).toBe(500);
  });

  it('adds latency', async () => {
    const { sim } = scenario({ faults: { latencyMs: 60 } });
    const started = Date.now();
    await sim.request(SHOP, SHOP_QUERY);
    expect(Date.now() - started).toBeGreaterThanOrEqual(50);
  });
});

describe('call log', () => {
  it('records every request with its shop, operation, variables, status and cost', async () => {
    const { sim, clock, store, east } = scenario();
    const order = store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id });
    await sim.request(SHOP, SHOP_QUERY);
    clock.advance(1000);
    await sim.request(SHOP, 'query OrderName($id: ID!) { order(id: $id) { name } }', { id: order.id });
    await sim.fetch(post(`https://${SHOP}/admin/api/2026-07/graphql.json`, 'bad'));
    expect(sim.calls).toEqual([
      expect.objectContaining({
        shop: SHOP,
        operationName: 'ShopName',
        rootFields: ['shop'],
        status: 200,
        requestedQueryCost: 1,
        actualQueryCost: 1,
        throttled: false,
        at: clock.now() - 1000,
      }),
      expect.objectContaining({
        shop: SHOP,
        operationName: 'OrderName',
        variables: { id: order.id },
        status: 200,
        requestedQueryCost: 1,
        at: clock.now(),
      }),
      expect.objectContaining({ shop: null, status: 401 }),
    ]);
    sim.resetCalls();
    expect(sim.calls).toEqual([]);
  });
});

describe('serveSimulator', () => {
  it('serves the simulator over HTTP on 127.0.0.1 (shop found by token)', async () => {
    const { sim } = scenario();
    const served = await serveSimulator(sim);
    try {
      expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${served.url}/admin/api/2026-07/graphql.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-shopify-access-token': TOKEN },
        body: JSON.stringify({ query: SHOP_QUERY }),
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as Json).data.shop.myshopifyDomain).toBe(SHOP);
    } finally {
      await served.close();
    }
  });
});
