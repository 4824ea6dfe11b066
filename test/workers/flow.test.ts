// The Flow pipeline inside workerd, through the Worker's real default export
// (wrangler.toml's main), with its database over libSQL's HTTP protocol (the
// test-only server; production uses Turso or sqld) and the Admin API simulator.
// Both servers run in Node, started by global-setup.ts.
import { exports } from 'cloudflare:workers';
import { createClient } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { getRun } from '../../src/db/ledger';
import * as schema from '../../src/db/schema';

const ctx = inject('flowfill');
const SHOP = 'sandbox.myshopify.com';
const ORDER_1001 = 'gid://shopify/Order/1001';
const ORDER_1006 = 'gid://shopify/Order/1006';

interface Call {
  operationName: string | null;
  rootFields: string[];
  variables: Record<string, unknown>;
  status: number;
}

const encoder = new TextEncoder();

/** base64(HMAC-SHA256(secret, body)), written here with WebCrypto rather than the app's own signer. */
async function sign(body: string, secret = ctx.apiSecret): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(body)));
  return btoa(String.fromCharCode(...mac));
}

function flowBody(runId: string, properties: Record<string, unknown>, shop = SHOP): string {
  return JSON.stringify({
    shop_id: 90210,
    shopify_domain: shop,
    action_run_id: runId,
    action_definition_id: 'flowfill-add-tracking',
    handle: 'add-tracking',
    properties,
  });
}

/** POSTs a Flow action request to the Worker's default export. */
async function deliver(body: string, signature?: string): Promise<Response> {
  return exports.default.fetch('https://flowfill.example/flow/actions/add-tracking', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-shopify-hmac-sha256': signature ?? (await sign(body)) },
    body,
  });
}

async function simulatorCalls(): Promise<Call[]> {
  const response = await fetch(`${ctx.controlUrl}/calls`);
  expect(response.status).toBe(200);
  return (await response.json()) as Call[];
}

const trackingUpdates = (calls: Call[]) => calls.filter((c) => c.rootFields.includes('fulfillmentTrackingInfoUpdate'));

const client = createClient({ url: ctx.databaseUrl, authToken: ctx.databaseAuthToken });
const db = drizzle(client, { schema });
afterAll(() => client.close());

// A fresh run id per test run: the database file is new each time, but this keeps
// the assertions independent of anything an earlier test in this file stored.
const runId = (name: string) => `${name}-${crypto.randomUUID()}`;

describe('Flow pipeline in workerd over libSQL HTTP', () => {
  beforeEach(async () => {
    expect((await fetch(`${ctx.controlUrl}/reset`, { method: 'POST' })).status).toBe(204);
  });

  it('GET /healthz reaches the database', async () => {
    const response = await exports.default.fetch('https://flowfill.example/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, database: 'reachable' });
  });

  it('adds UPS tracking to order #1001, and a re-send of the run answers the same without calling Shopify', async () => {
    const body = flowBody(runId('add-1001'), { order_id: ORDER_1001, tracking_number: '1Z999AA10123456784' });
    const first = await deliver(body);
    expect(first.status).toBe(200);
    const firstBody = (await first.json()) as { return_value: Record<string, unknown> };
    expect(firstBody.return_value).toMatchObject({ outcome: 'added', trackingCompany: 'UPS' });
    const afterFirst = await simulatorCalls();
    expect(trackingUpdates(afterFirst)).toHaveLength(1);

    const again = await deliver(body);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(firstBody);
    expect(await simulatorCalls()).toHaveLength(afterFirst.length);
  });

  it('rejects a bad signature with 401 before anything else', async () => {
    const body = flowBody(runId('bad-hmac'), { order_id: ORDER_1001, tracking_number: '1Z999AA10123456784' });
    const response = await deliver(body, await sign(body, 'not-the-app-secret'));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_hmac' } });
    expect(await simulatorCalls()).toHaveLength(0);
  });

  it('answers 400 naming tracking_number when it is missing', async () => {
    const response = await deliver(flowBody(runId('bad-props'), { order_id: ORDER_1001 }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_properties');
    expect(body.error.message).toContain('tracking_number');
    expect(await simulatorCalls()).toHaveLength(0);
  });

  it('answers 404 for a shop that has not installed the app', async () => {
    const body = flowBody(
      runId('unknown-shop'),
      { order_id: ORDER_1001, tracking_number: '1Z999AA10123456784' },
      'nobody-here.myshopify.com',
    );
    const response = await deliver(body);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'shop_not_installed' } });
  });

  // 40 > 20, the libSQL client's default concurrency: with that limit, the Worker's shared client
  // started queued queries from other requests' contexts and most deliveries hung (fixed in src/worker.ts).
  it('executes a burst of 40 identical deliveries exactly once and records the run', async () => {
    const id = runId('burst-1006');
    const number = '1Z999AA10123456784'; // UPS, added beside #1006's Correios number
    const body = flowBody(id, { order_id: ORDER_1006, tracking_number: number, tracking_company: 'UPS' });
    const signature = await sign(body);
    const responses = await Promise.all(Array.from({ length: 40 }, () => deliver(body, signature)));
    const statuses = responses.map((r) => r.status);
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(
      statuses.every((s) => s === 200 || s === 202),
      `statuses: ${statuses.join(',')}`,
    ).toBe(true);

    // Flow re-sends a 202 later: do the same until the run's stored answer comes back.
    let final = bodies[statuses.indexOf(200)] as { return_value?: Record<string, unknown> } | undefined;
    for (let attempt = 0; final === undefined && attempt < 50; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const resent = await deliver(body, signature);
      if (resent.status === 200) final = (await resent.json()) as typeof final;
      else expect(resent.status).toBe(202);
    }
    expect(final?.return_value).toMatchObject({ outcome: 'added' });
    for (const [i, status] of statuses.entries()) if (status === 200) expect(bodies[i]).toEqual(final);

    const updates = trackingUpdates(await simulatorCalls());
    expect(updates).toHaveLength(1);
    expect(JSON.stringify(updates[0]?.variables)).toContain(number);

    const run = await getRun(db, SHOP, id);
    expect(run).toMatchObject({ status: 'succeeded', handle: 'add-tracking', orderId: ORDER_1006, responseStatus: 200, attempts: 1 });
    expect(run?.responseBody).toEqual(final);
  });
});
