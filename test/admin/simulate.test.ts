// POST /api/simulate: a dry run of an action for the session's shop, with nothing sent but reads.
import '@shopify/shopify-api/adapters/web-api';
import { SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readOnlyAdmin, MutationInDryRunError } from '../../src/dry-run/read-only-admin';
import { CREATE_FULFILLMENT, ORDER_TRACKING } from '../../src/actions/add-tracking/documents';
import { createHarness, SECRET, SHOP, type Harness } from '../helpers/harness';

const API_KEY = 'flowfill-test-client-id';
const UPS = '1Z999AA10123456784';

async function sessionToken(shop = SHOP): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ dest: `https://${shop}`, sid: 'session-id', sub: '42' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(`https://${shop}/admin`)
    .setAudience(API_KEY)
    .setIssuedAt(now - 5)
    .setNotBefore(now - 5)
    .setExpirationTime(now + 60)
    .setJti(`jti-${Math.random()}`)
    .sign(new TextEncoder().encode(SECRET));
}

let h: Harness;
beforeEach(async () => {
  h = await createHarness({ apiKey: API_KEY });
});
afterEach(async () => h.close());

async function simulate(body: unknown, options: { token?: string | null } = {}) {
  const token = options.token === undefined ? await sessionToken() : options.token;
  const response = await h.app.request('http://localhost/api/simulate', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as any };
}

/** Every call the simulator saw that was a mutation (by operation type, not by name). */
const mutationsSent = () => h.sim.calls.filter((c) => c.rootFields.some((f) => h.sim.schema.getMutationType()!.getFields()[f]));

describe('POST /api/simulate', () => {
  it('returns the plan and explanation Flow would run, sending only the read', async () => {
    const res = await simulate({ handle: 'add-tracking', order_id: 1001, properties: { tracking_number: UPS } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      shop: SHOP,
      handle: 'add-tracking',
      order_id: 'gid://shopify/Order/1001',
      plan: { kind: 'update' },
      explanation: { order: '#1001' },
    });
    expect(h.sim.calls.map((c) => c.operationName)).toEqual(['AddTrackingOrder']);
    expect(mutationsSent()).toHaveLength(0);
    expect(h.sim.store.fulfillments('gid://shopify/Order/1001')[0]!.trackingInfo).toEqual([]);
    // Nothing is recorded in the run ledger either.
    expect(await h.runs()).toEqual([]);
  });

  it('shows a fulfil-and-track plan without fulfilling anything', async () => {
    const res = await simulate({
      handle: 'add-tracking',
      order_id: 'gid://shopify/Order/1002',
      properties: { tracking_number: UPS, fulfill_if_needed: 'true' },
    });
    expect(res.status).toBe(200);
    expect(res.json.plan.kind).toBe('create');
    expect(mutationsSent()).toHaveLength(0);
    expect(h.sim.store.fulfillments('gid://shopify/Order/1002')).toEqual([]);
  });

  it('plugs in every registered action: a fulfill-from-best-location dry run moves and fulfils nothing', async () => {
    const before = h.sim.store
      .fulfillmentOrders('gid://shopify/Order/1003')
      .map((fo) => ({ id: fo.id, at: fo.assignedLocationId, status: fo.status }));
    const res = await simulate({ handle: 'fulfill-from-best-location', order_id: 1003 });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ handle: 'fulfill-from-best-location', order_id: 'gid://shopify/Order/1003' });
    expect(res.json.plan).toBeTruthy();
    expect(res.json.explanation).toBeTruthy();
    expect(mutationsSent()).toHaveLength(0);
    expect(
      h.sim.store.fulfillmentOrders('gid://shopify/Order/1003').map((fo) => ({ id: fo.id, at: fo.assignedLocationId, status: fo.status })),
    ).toEqual(before);
    expect(h.sim.store.fulfillments('gid://shopify/Order/1003')).toEqual([]);
  });

  it('names bad properties (400) with the action’s own validation', async () => {
    const res = await simulate({ handle: 'add-tracking', order_id: '#1001', properties: { tracking_url: 'ftp://x' } });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('invalid_properties');
    for (const field of ['properties.order_id', 'properties.tracking_number', 'properties.tracking_url'])
      expect(res.json.error.message).toContain(field);
    expect(h.sim.calls).toHaveLength(0);
  });

  it('maps outcomes like the Flow endpoint: 422 with code and message, pending as 409, unknown action 404', async () => {
    const failed = await simulate({ handle: 'add-tracking', order_id: 1002, properties: { tracking_number: UPS } });
    expect(failed.status).toBe(422);
    expect(failed.json.error).toMatchObject({ code: 'no_fulfillment', message: expect.stringContaining('Fulfill if needed') });

    const pending = await simulate({
      handle: 'add-tracking',
      order_id: 1007,
      properties: { tracking_number: UPS, fulfill_if_needed: true },
    });
    expect(pending.status).toBe(409);
    expect(pending.json.error).toMatchObject({
      code: 'pending',
      reason: 'fulfillment_orders_not_ready',
      message: expect.stringContaining('Flow would get 202'),
    });

    const unknown = await simulate({ handle: 'ship-it', order_id: 1001 });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe('unknown_action');
    expect(mutationsSent()).toHaveLength(0);
    // A dry run never fires the "needs attention" trigger.
    expect(h.sim.store.flowTriggers).toHaveLength(0);
  });

  it('finds the order by its name (order_name), which is not its id on a real store', async () => {
    const order = h.sim.store.addOrder({
      shop: SHOP,
      id: 987654321,
      name: '#2001',
      lineItems: [{ sku: 'TEE-M', quantity: 1, price: '25.00' }],
    });
    for (const order_name of ['#2001', '2001']) {
      h.sim.resetCalls();
      const res = await simulate({ handle: 'fulfill-from-best-location', order_name });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      expect(res.json).toMatchObject({
        shop: SHOP,
        handle: 'fulfill-from-best-location',
        order_id: order.id,
        order_name: '#2001',
        explanation: { order: '#2001' },
      });
      // The lookup is a read through the same read-only client, counted with the action's reads.
      expect(h.sim.calls[0]!.operationName).toBe('OrderByName');
      expect(res.json.admin_calls).toBe(h.sim.calls.length);
      expect(mutationsSent()).toHaveLength(0);
    }
    // An id keeps meaning the id, and the answer still names the order.
    const byId = await simulate({ handle: 'fulfill-from-best-location', order_id: 987654321 });
    expect(byId.json).toMatchObject({ order_id: order.id, order_name: '#2001' });
  });

  it('answers 404 order_not_found for a name the shop has no order of, and 400 for a bad name or both references', async () => {
    h.sim.store.addOrder({ shop: SHOP, id: 987654321, name: '#2001', lineItems: [{ sku: 'TEE-M', quantity: 1, price: '25.00' }] });
    // #2002 has no order, even though orders with ids near it may exist: names are never read as ids.
    const missing = await simulate({ handle: 'fulfill-from-best-location', order_name: '#2002' });
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error: { code: 'order_not_found', message: `No order #2002 in ${SHOP}.` } });
    expect(mutationsSent()).toHaveLength(0);

    h.sim.resetCalls();
    const bad = await simulate({ handle: 'fulfill-from-best-location', order_name: '#10 03; drop' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('invalid_order_name');
    const both = await simulate({ handle: 'fulfill-from-best-location', order_name: '#2001', order_id: 1001 });
    expect(both.status).toBe(400);
    expect(both.json.error.message).toContain('not both');
    // Bad properties are refused before the lookup spends an Admin call.
    const props = await simulate({ handle: 'add-tracking', order_name: '#2001', properties: { tracking_url: 'ftp://x' } });
    expect(props.status).toBe(400);
    expect(props.json.error.code).toBe('invalid_properties');
    expect(h.sim.calls).toHaveLength(0);
  });

  it('refuses malformed bodies and requests without a session token', async () => {
    expect((await simulate('{')).status).toBe(400);
    const noHandle = await simulate({ order_id: 1001 });
    expect(noHandle.status).toBe(400);
    expect(noHandle.json.error.message).toContain('handle');
    expect((await simulate({ handle: 'add-tracking', order_id: 1001 }, { token: null })).status).toBe(401);
  });
});

describe('readOnlyAdmin', () => {
  it('lets queries through and refuses mutations before they are sent', async () => {
    const admin = readOnlyAdmin(
      h.deps.adminClients({
        shop: SHOP,
        accessToken: (await import('../../src/sandbox/seed')).SANDBOX_ACCESS_TOKEN,
        deadline: Date.now() + 2000,
      }),
    );
    await expect(admin.request(ORDER_TRACKING, { id: 'gid://shopify/Order/1001', lineCounts: false })).resolves.toMatchObject({
      order: { name: '#1001' },
    });
    await expect(admin.request(CREATE_FULFILLMENT, { fulfillment: { lineItemsByFulfillmentOrder: [] } } as never)).rejects.toBeInstanceOf(
      MutationInDryRunError,
    );
    expect(h.sim.calls.map((c) => c.operationName)).toEqual(['AddTrackingOrder']);
    expect(admin.calls).toHaveLength(1);
  });
});
