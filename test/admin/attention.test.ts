// The attention queue (GET /api/attention) and Retry (POST /api/runs/:id/retry), over a real libSQL
// file and the simulated Admin API, with real session tokens: which runs need a person and why,
// what flowfill already did, and a retry that runs through the Flow pipeline or is refused.
import '@shopify/shopify-api/adapters/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runs } from '../../src/db/schema';
import { registerShop } from '../../src/db/shops';
import { ATTENTION_STEP } from '../../src/flow/attention';
import { SANDBOX_LOCATIONS as L, SANDBOX_ORDERS as O } from '../../src/sandbox/seed';
import { API_KEY, bodyOf, sessionToken, stubTokenEndpoint } from '../auth/helpers';
import { manualClock, type ManualClock } from '../helpers/clock';
import { createHarness, SHOP, type Harness } from '../helpers/harness';

const OTHER = 'other.myshopify.com';
const BEST = 'fulfill-from-best-location';
const READY = 'partial-fulfill-ready-items';
const UPS = '1Z999AA10123456784';
const HOUR = 3_600_000;
let h: Harness;
let clock: ManualClock;

beforeEach(async () => {
  clock = manualClock();
  h = await createHarness({ apiKey: API_KEY, clock });
  await registerShop(h.db, { shop: OTHER, accessToken: 'shpat_other', scopes: ['read_orders'], now: clock.now() });
  // Nothing here may reach Shopify's token endpoint.
  stubTokenEndpoint(() => ({ status: 500, body: {} }));
});
afterEach(async () => {
  await h.close();
});

async function call(method: 'GET' | 'POST', path: string, shop = SHOP) {
  const res = await h.app.request(`https://flowfill.example.com${path}`, {
    method,
    headers: { Authorization: `Bearer ${await sessionToken({ shop })}` },
  });
  return { status: res.status, json: await bodyOf(res) };
}
const queue = (query = '', shop = SHOP) => call('GET', `/api/attention${query}`, shop);
const retry = (id: number, shop = SHOP) => call('POST', `/api/runs/${id}/retry`, shop);
const ids = (body: { items: { id: number }[] }) => body.items.map((i) => i.id);

/** Sends a Flow action and returns the ledger row it made; the clock moves a minute first, so runs are ordered. */
async function flow(handle: string, properties: Record<string, unknown>) {
  clock.advance(60_000);
  const res = await h.post(`/flow/actions/${handle}`, h.flowBody(handle, properties));
  const [run] = await h.runs();
  return { res, run: run! };
}

/** An order at Newark, shipped to Manhattan, with these lines. */
function addOrder(lineItems: { sku: string; quantity: number }[]) {
  return h.sim.store.addOrder({
    shippingAddress: { countryCode: 'US', provinceCode: 'NY', city: 'New York', zip: '10001', latitude: 40.7506, longitude: -73.9972 },
    lineItems,
    locationId: L.newark,
  });
}

let seq = 0;
async function addRun(over: Partial<typeof runs.$inferInsert> = {}) {
  const now = clock.now();
  const [row] = await h.db
    .insert(runs)
    .values({
      shop: SHOP,
      actionRunId: `row-${++seq}`,
      handle: BEST,
      orderId: 'gid://shopify/Order/777001',
      properties: { order_id: 'gid://shopify/Order/777001' },
      status: 'succeeded',
      responseStatus: 200,
      createdAt: now,
      updatedAt: now,
      finishedAt: now,
      ...over,
    })
    .returning();
  return row!;
}

/** A best-location run that fails: nine beanies, seven in stock anywhere. */
async function failedBeanieRun() {
  const order = addOrder([{ sku: 'BEANIE-GRY', quantity: 9 }]);
  const { res, run } = await flow(BEST, { order_id: order.id });
  expect(res.json.error.code).toBe('no_eligible_location');
  return { order, run };
}

describe('GET /api/attention', () => {
  it('lists each kind of entry newest first with its reason, what was done and the order link', async () => {
    const failed = await failedBeanieRun();
    // Mugs are in stock at Newark, totes are not: one line fulfilled, one left.
    const partialOrder = addOrder([
      { sku: 'MUG-BLK', quantity: 2 },
      { sku: 'TOTE-NAT', quantity: 1 },
    ]);
    const partial = await flow(READY, { order_id: partialOrder.id });
    expect(partial.res.json.return_value).toMatchObject({ outcome: 'partially_fulfilled', linesLeft: 1 });
    clock.advance(60_000);
    const pending = await addRun({
      status: 'pending',
      responseStatus: 202,
      errorCode: 'order_busy',
      errorMessage: 'Another add-tracking run is working on this order',
      createdAt: clock.now() - 2 * HOUR - 60_000,
      finishedAt: null,
      orderId: 'gid://shopify/Order/777002',
    });
    clock.advance(60_000);
    const attention = await addRun({
      status: 'noop',
      orderId: 'gid://shopify/Order/777003',
      responseBody: { return_value: { outcome: 'nothing_to_fulfill', linesLeft: 0, fulfillmentIds: [] } },
      steps: [
        {
          name: ATTENTION_STEP,
          key: 'fulfillment-needs-attention',
          state: 'done',
          at: 1,
          result: { reason: 'the pickup location is closed' },
        },
      ],
    });

    const res = await queue();
    expect(res.status).toBe(200);
    // The pending run was created earliest (two hours ago), so it sorts last.
    expect(ids(res.json)).toEqual([attention.id, partial.run.id, failed.run.id, pending.id]);
    const [a, p, f, w] = res.json.items;
    expect(f).toMatchObject({
      kind: 'failed',
      status: 'failed',
      handle: BEST,
      order_id: failed.order.id,
      order_name: failed.order.name,
      order_url: `https://admin.shopify.com/store/sandbox/orders/${failed.order.legacyId}`,
      error_code: 'no_eligible_location',
      reason: expect.stringMatching(/^no_eligible_location: .*Newark Warehouse/),
      what_was_done: { moves: 0, fulfillments: 0, tracking_updates: 0, attention_fired: true, summary: 'attention trigger fired' },
      retry: { offered: true },
    });
    expect(p).toMatchObject({
      kind: 'partial',
      status: 'succeeded',
      lines_left: 1,
      reason: expect.stringMatching(/^1 line left/),
      what_was_done: { fulfillments: 1, fulfillment_ids: partial.res.json.return_value.fulfillmentIds, lines_fulfilled: 1 },
      retry: { offered: true },
    });
    expect(p.what_was_done.summary).toBe('1 fulfillment, attention trigger fired');
    expect(w).toMatchObject({
      kind: 'pending',
      reason: 'pending for 2 h: Another add-tracking run is working on this order',
      retry: { offered: false, reason: expect.stringMatching(/has not finished/) },
      order_url: 'https://admin.shopify.com/store/sandbox/orders/777002',
    });
    expect(a).toMatchObject({ kind: 'attention', status: 'noop', reason: 'the pickup location is closed', retry: { offered: true } });

    // Filters and pages like GET /api/runs.
    expect(ids((await queue('?kind=failed,pending')).json)).toEqual([failed.run.id, pending.id]);
    expect(ids((await queue('?status=succeeded')).json)).toEqual([partial.run.id]);
    const first = await queue('?limit=3');
    expect(ids(first.json)).toEqual([attention.id, partial.run.id, failed.run.id]);
    expect(first.json.next_before).toBe(failed.run.id);
    const second = await queue(`?limit=3&before=${first.json.next_before}`);
    expect(ids(second.json)).toEqual([pending.id]);
    expect(second.json.next_before).toBeNull();
    for (const bad of ['kind=late', 'status=done', 'limit=0', 'before=x']) expect((await queue(`?${bad}`)).status, bad).toBe(400);
  });

  it('leaves out what needs nobody: successes, fresh pending runs, and runs a later run of the same action settled', async () => {
    await addRun({ status: 'succeeded', responseBody: { return_value: { outcome: 'fulfilled', linesLeft: 0 } } });
    await addRun({ status: 'noop', responseBody: { return_value: { outcome: 'already_present' } }, handle: 'add-tracking' });
    await addRun({ status: 'pending', createdAt: clock.now() - 30 * 60_000, finishedAt: null, orderId: 'gid://shopify/Order/777010' });
    // Failed, then the same action on the same order succeeded: settled.
    await addRun({ status: 'failed', errorCode: 'no_eligible_location', orderId: 'gid://shopify/Order/777011' });
    await addRun({ status: 'succeeded', orderId: 'gid://shopify/Order/777011' });
    // Failed twice: only the newer failure is the entry.
    await addRun({ status: 'failed', errorCode: 'first', orderId: 'gid://shopify/Order/777012' });
    const newer = await addRun({ status: 'failed', errorCode: 'second', orderId: 'gid://shopify/Order/777012' });
    // Another action, or another tracking number, on the same order settles nothing.
    const other = await addRun({ status: 'failed', errorCode: 'best', orderId: 'gid://shopify/Order/777013' });
    await addRun({ status: 'succeeded', handle: READY, orderId: 'gid://shopify/Order/777013' });
    const tracking = await addRun({
      status: 'failed',
      handle: 'add-tracking',
      errorCode: 'no_fulfillment',
      orderId: 'gid://shopify/Order/777014',
      properties: { order_id: 'gid://shopify/Order/777014', tracking_number: 'A1' },
    });
    await addRun({
      status: 'succeeded',
      handle: 'add-tracking',
      orderId: 'gid://shopify/Order/777014',
      properties: { order_id: 'gid://shopify/Order/777014', tracking_number: 'B2' },
    });
    // A later run still working settles nothing either.
    const stillFailed = await addRun({ status: 'failed', errorCode: 'x', orderId: 'gid://shopify/Order/777015' });
    await addRun({ status: 'running', leaseUntil: clock.now() + 30_000, orderId: 'gid://shopify/Order/777015' });

    expect(ids((await queue()).json)).toEqual([stillFailed.id, tracking.id, other.id, newer.id]);
  });

  it("shows only the token's shop: another shop's runs never appear, whatever the query says", async () => {
    await addRun({ shop: OTHER, status: 'failed', errorCode: 'theirs' });
    const mine = await addRun({ status: 'failed', errorCode: 'mine' });
    expect(ids((await queue(`?shop=${OTHER}`)).json)).toEqual([mine.id]);
    const theirs = await queue(`?shop=${SHOP}`, OTHER);
    expect(theirs.json.items.map((i: { error_code: string }) => i.error_code)).toEqual(['theirs']);
    expect(theirs.json.items[0].order_url).toBe('https://admin.shopify.com/store/other/orders/777001');
    // A cursor naming another shop's run is an empty page, not a peek.
    expect((await queue(`?before=${mine.id}`, OTHER)).json.items).toEqual([]);
  });

  it('needs a session token', async () => {
    const res = await h.app.request('https://flowfill.example.com/api/attention');
    expect(res.status).toBe(401);
  });
});

describe('POST /api/runs/:id/retry', () => {
  it('re-runs a failed run as a new run through the Flow pipeline once the cause is fixed, and it leaves the queue', async () => {
    const { order, run } = await failedBeanieRun();
    h.sim.store.setInventory(h.sim.store.variantBySku('BEANIE-GRY')!.inventoryItemId, L.newark, 20);
    clock.advance(60_000);

    const res = await retry(run.id);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      retried_run_id: run.id,
      duplicate: false,
      run: {
        action_run_id: `retry-${run.id}-1`,
        handle: BEST,
        order_id: order.id,
        order_name: order.name,
        status: 'succeeded',
        response_status: 200,
        return_value: { outcome: 'fulfilled', locationId: L.newark, linesLeft: 0 },
        error: null,
      },
    });
    // The simulator has the fulfillment: the order is done.
    const fulfillments = h.sim.store.fulfillments(order.id);
    expect(fulfillments).toHaveLength(1);
    expect(fulfillments[0]!.lineItems[0]!.quantity).toBe(9);
    expect(res.json.run.return_value.fulfillmentIds).toEqual([fulfillments[0]!.id]);
    // A new ledger row with the same properties; the original is kept as it was.
    const rows = await h.runs();
    const made = rows.find((r) => r.actionRunId === `retry-${run.id}-1`)!;
    expect(made).toMatchObject({ id: res.json.run.id, properties: run.properties, status: 'succeeded' });
    expect(rows.find((r) => r.id === run.id)).toMatchObject({ status: 'failed', errorCode: 'no_eligible_location' });
    expect(ids((await queue()).json)).toEqual([]);

    // Clicking again answers the same retry; nothing more is sent.
    const creates = h.sim.calls.filter((c) => c.operationName === 'FulfillmentCreate').length;
    const again = await retry(run.id);
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ duplicate: true, run: { id: made.id, status: 'succeeded' } });
    expect(h.sim.calls.filter((c) => c.operationName === 'FulfillmentCreate')).toHaveLength(creates);
  });

  it('retries a partial run for the lines left, counting its own fulfillment as its own', async () => {
    const order = addOrder([
      { sku: 'MUG-BLK', quantity: 2 },
      { sku: 'TOTE-NAT', quantity: 1 },
    ]);
    const { run } = await flow(READY, { order_id: order.id });
    h.sim.store.setInventory(h.sim.store.variantBySku('TOTE-NAT')!.inventoryItemId, L.newark, 5);
    clock.advance(60_000);
    const res = await retry(run.id);
    expect(res.status).toBe(200);
    expect(res.json.run).toMatchObject({ status: 'succeeded', return_value: { outcome: 'fulfilled', linesFulfilled: 1, linesLeft: 0 } });
    expect(h.sim.store.fulfillments(order.id)).toHaveLength(2);
    expect(h.sim.store.fulfillmentOrders(order.id).every((fo) => fo.lineItems.every((l) => l.remainingQuantity === 0))).toBe(true);
    expect(ids((await queue()).json)).toEqual([]);
  });

  it('a retry that fails again is the queue entry now, and is retried as retry-<root>-2', async () => {
    const { run } = await failedBeanieRun();
    clock.advance(60_000);
    const first = await retry(run.id);
    expect(first.json.run).toMatchObject({ action_run_id: `retry-${run.id}-1`, status: 'failed', error: { code: 'no_eligible_location' } });
    expect(ids((await queue()).json)).toEqual([first.json.run.id]);
    h.sim.store.setInventory(h.sim.store.variantBySku('BEANIE-GRY')!.inventoryItemId, L.losAngeles, 9);
    const second = await retry(first.json.run.id);
    expect(second.json.run).toMatchObject({ action_run_id: `retry-${run.id}-2`, status: 'succeeded' });
    // The original was superseded by the first retry: it is not retried again.
    expect((await retry(run.id)).json).toMatchObject({ duplicate: true, run: { id: first.json.run.id } });
  });

  it('refuses 409 order_changed when someone fulfilled the order by hand since, and sends nothing', async () => {
    const { order, run } = await failedBeanieRun();
    clock.advance(60_000);
    h.sim.store.fulfill(order.id, { lines: [{ sku: 'BEANIE-GRY', quantity: 4 }] });
    const before = h.mutations().length;
    const res = await retry(run.id);
    expect(res.status).toBe(409);
    expect(res.json.error).toMatchObject({ code: 'order_changed', fulfillments: [expect.any(String)] });
    expect(res.json.error.message).toMatch(/did not make/);
    expect(h.mutations()).toHaveLength(before);
    expect((await h.runs()).some((r) => r.actionRunId.startsWith('retry-'))).toBe(false);
    // Still in the queue: a person decides.
    expect(ids((await queue()).json)).toEqual([run.id]);
  });

  it('refuses 409 order_changed when a fulfillment the run made was cancelled since', async () => {
    const order = addOrder([
      { sku: 'MUG-BLK', quantity: 2 },
      { sku: 'TOTE-NAT', quantity: 1 },
    ]);
    const { run } = await flow(READY, { order_id: order.id });
    h.sim.store.cancelFulfillment(h.sim.store.fulfillments(order.id)[0]!.id);
    const res = await retry(run.id);
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('order_changed');
    expect(res.json.error.message).toMatch(/which this run made, was cancelled/);
  });

  it('refuses 409 order_cancelled for a cancelled order', async () => {
    const { order, run } = await failedBeanieRun();
    h.sim.store.order(order.id)!.cancelledAt = new Date(clock.now()).toISOString();
    const res = await retry(run.id);
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('order_cancelled');
    expect(h.mutations()).toHaveLength(0);
  });

  it('refuses 409 tracking_present when the tracking number is on the order already', async () => {
    const { res: failed, run } = await flow('add-tracking', { order_id: O.unfulfilledInStock, tracking_number: UPS });
    expect(failed.json.error.code).toBe('no_fulfillment');
    clock.advance(60_000);
    h.sim.store.fulfill(O.unfulfilledInStock, { trackingInfo: { number: UPS, company: 'UPS' } });
    const res = await retry(run.id);
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('tracking_present');
    expect(res.json.error.message).toContain(UPS);
  });

  it('refuses runs that are still working or not in the queue, and work next to an unfinished run on the order', async () => {
    const running = await addRun({ status: 'running', leaseUntil: clock.now() + 30_000, finishedAt: null });
    expect((await retry(running.id)).json.error.code).toBe('run_unfinished');
    const pending = await addRun({
      status: 'pending',
      createdAt: clock.now() - 2 * HOUR,
      finishedAt: null,
      orderId: 'gid://shopify/Order/1',
    });
    const res = await retry(pending.id);
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('run_unfinished');
    const done = await addRun({ status: 'succeeded', orderId: 'gid://shopify/Order/2' });
    expect((await retry(done.id)).json.error.code).toBe('not_in_queue');

    // A failed run whose order has another run of the action pending.
    const { order, run } = await failedBeanieRun();
    await addRun({ status: 'pending', orderId: order.id, properties: { order_id: order.id }, finishedAt: null });
    const busy = await retry(run.id);
    expect(busy.status).toBe(409);
    expect(busy.json.error.code).toBe('order_busy');
    expect(h.mutations()).toHaveLength(0);
  });

  it("is 404 for another shop's run or a junk id, and never runs it", async () => {
    const theirs = await addRun({ shop: OTHER, status: 'failed', errorCode: 'theirs' });
    for (const id of [String(theirs.id), '999999', 'abc', '-1']) {
      const res = await call('POST', `/api/runs/${id}/retry`);
      expect(res.status, id).toBe(404);
      expect(res.json.error.code).toBe('run_not_found');
    }
    expect(h.sim.calls).toHaveLength(0);
  });

  it('two concurrent clicks make one new run and one fulfillment', async () => {
    const { order, run } = await failedBeanieRun();
    h.sim.store.setInventory(h.sim.store.variantBySku('BEANIE-GRY')!.inventoryItemId, L.newark, 20);
    const answers = await Promise.all([retry(run.id), retry(run.id), retry(run.id)]);
    const made = (await h.runs()).filter((r) => r.actionRunId.startsWith('retry-'));
    expect(made).toHaveLength(1);
    expect(h.sim.store.fulfillments(order.id)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 200 && a.json.duplicate === false)).toHaveLength(1);
    // The others answered the same run: its outcome, or that it is still running.
    for (const a of answers.filter((x) => x.json.duplicate !== false)) {
      if (a.status === 200) expect(a.json.run.id).toBe(made[0]!.id);
      else expect(a.json.error).toMatchObject({ code: 'retry_in_progress', retry_run_id: made[0]!.id });
    }
  });
});
