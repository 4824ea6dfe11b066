import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getRun } from '../../src/db/ledger';
import { SANDBOX_ORDERS } from '../../src/sandbox/seed';
import { manualClock } from '../helpers/clock';
import { createHarness, newRunId, SECRET, SHOP, type Harness } from '../helpers/harness';

const UPS = '1Z999AA10123456784';
let h: Harness;

afterEach(async () => {
  await h?.close();
});

describe('Flow pipeline: add-tracking end to end', () => {
  beforeEach(async () => {
    h = await createHarness();
  });

  it('appends the number to the fulfillment and returns the extension return value', async () => {
    const res = await h.addTracking({ order_id: 'gid://shopify/Order/1001', tracking_number: UPS });
    expect(res.status).toBe(200);
    expect(res.json.return_value).toMatchObject({
      outcome: 'added',
      trackingNumbers: [UPS],
      trackingCompany: 'UPS',
      notified: false,
      fulfillmentIds: [expect.stringMatching(/^gid:\/\/shopify\/Fulfillment\//)],
    });
    const [fulfillment] = h.sim.store.fulfillments(SANDBOX_ORDERS.fulfilledNoTracking);
    expect(fulfillment!.trackingInfo.map((t) => t.number)).toEqual([UPS]);
    // One read and one write.
    expect(h.sim.calls.map((c) => c.operationName)).toEqual(['AddTrackingOrder', 'AddTrackingUpdate']);
    const [run] = await h.runs();
    expect(run).toMatchObject({
      status: 'succeeded',
      handle: 'add-tracking',
      orderId: 'gid://shopify/Order/1001',
      attempts: 1,
      adminCallCount: 2,
      responseStatus: 200,
    });
    expect(run!.adminCalls!.map((c) => c.name)).toEqual(['AddTrackingOrder', 'AddTrackingUpdate']);
    expect(run!.adminRequestedCost).toBeGreaterThan(0);
    expect(run!.explanation).toMatchObject({ order: '#1001', company: { company: 'UPS', source: 'detected' } });
  });

  it('keeps the existing numbers (Shopify replaces the list) and accepts a bare numeric order id', async () => {
    const res = await h.addTracking({ order_id: '1006', tracking_number: 'RA987654321BR', notify_customer: 'true' });
    expect(res.status).toBe(200);
    const [fulfillment] = h.sim.store.fulfillments(SANDBOX_ORDERS.tracked);
    expect(fulfillment!.trackingInfo.map((t) => t.number)).toEqual(['RA123456785BR', 'RA987654321BR']);
    expect(fulfillment!.trackingUpdates.at(-1)).toMatchObject({ notifyCustomer: true });
    expect(res.json.return_value).toMatchObject({ notified: true, trackingNumbers: ['RA123456785BR', 'RA987654321BR'] });
  });

  it('is a 200 no-op when the number is already there', async () => {
    const res = await h.addTracking({ order_id: 1006, tracking_number: 'ra123456785br' });
    expect(res.status).toBe(200);
    expect(res.json.return_value.outcome).toBe('already_present');
    expect(h.mutations()).toHaveLength(0);
    expect((await h.runs())[0]!.status).toBe('noop');
  });

  it('uses the merchant company and URL when given', async () => {
    const res = await h.addTracking({
      order_id: 1001,
      tracking_number: 'ABC123',
      tracking_company: 'royal mail',
      tracking_url: 'https://track.example/ABC123',
    });
    expect(res.status).toBe(200);
    const update = h.sim.calls.find((c) => c.operationName === 'AddTrackingUpdate')!;
    expect(update.variables).toMatchObject({
      trackingInfoInput: { company: 'Royal Mail', numbers: ['ABC123'], urls: ['https://track.example/ABC123'] },
    });
  });

  it('fails clearly when the order has no fulfillment, and fulfils with the tracking when asked to', async () => {
    const refused = await h.addTracking({ order_id: 1002, tracking_number: UPS });
    expect(refused.status).toBe(422);
    expect(refused.json.error).toMatchObject({ code: 'no_fulfillment', message: expect.stringContaining('Fulfill if needed') });
    expect(h.mutations()).toHaveLength(0);

    const fulfilled = await h.addTracking({ order_id: 1002, tracking_number: UPS, fulfill_if_needed: true });
    expect(fulfilled.status).toBe(200);
    expect(fulfilled.json.return_value.outcome).toBe('fulfilled');
    const fulfillments = h.sim.store.fulfillments(SANDBOX_ORDERS.unfulfilledInStock);
    expect(fulfillments).toHaveLength(1);
    expect(fulfillments[0]!.trackingInfo.map((t) => t.number)).toEqual([UPS]);
    expect(h.sim.store.fulfillmentOrders(SANDBOX_ORDERS.unfulfilledInStock).every((fo) => fo.status === 'CLOSED')).toBe(true);
  });

  it('answers 202 while fulfillment orders do not exist yet', async () => {
    const res = await h.addTracking({ order_id: 1007, tracking_number: UPS, fulfill_if_needed: true });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ status: 'pending', reason: 'fulfillment_orders_not_ready' });
    expect((await h.runs())[0]!.status).toBe('pending');
  });

  it('answers 422 order_not_found for an order of another shop or an unknown one', async () => {
    const res = await h.addTracking({ order_id: 'gid://shopify/Order/987654321', tracking_number: UPS });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe('order_not_found');
    expect(res.json.error.message).toContain('987654321');
  });

  it('names the missing access scope', async () => {
    h.sim.store.setScopes(SHOP, ['read_locations']);
    const res = await h.addTracking({ order_id: 1001, tracking_number: UPS });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe('missing_scope');
    expect(res.json.error.message).toMatch(/read_orders|fulfillment_orders/);
    expect(h.mutations()).toHaveLength(0);
  });
});

describe('Flow pipeline: idempotency', () => {
  beforeEach(async () => {
    h = await createHarness();
  });

  it('returns the stored response to a re-send after success and calls nothing', async () => {
    const body = h.flowBody('add-tracking', { order_id: 1001, tracking_number: UPS });
    const first = await h.post('/flow/actions/add-tracking', body);
    const calls = h.sim.calls.length;
    const again = await h.post('/flow/actions/add-tracking', body);
    expect(again).toEqual(first);
    expect(h.sim.calls.length).toBe(calls);
    expect((await h.runs())[0]!.attempts).toBe(1);
  });

  it('executes exactly once when 50 copies of one delivery arrive together', async () => {
    const body = h.flowBody('add-tracking', { order_id: 1006, tracking_number: UPS });
    const responses = await Promise.all(Array.from({ length: 50 }, () => h.post('/flow/actions/add-tracking', body)));
    expect(h.mutations()).toHaveLength(1);
    expect(responses.filter((r) => r.status === 200)).not.toHaveLength(0);
    for (const r of responses) expect([200, 202]).toContain(r.status);
    for (const r of responses.filter((r) => r.status === 202)) expect(r.json.reason).toBe('in_progress');
    const [fulfillment] = h.sim.store.fulfillments(SANDBOX_ORDERS.tracked);
    expect(fulfillment!.trackingInfo.filter((t) => t.number === UPS)).toHaveLength(1);
    const final = await h.post('/flow/actions/add-tracking', body);
    expect(final.status).toBe(200);
  });

  it('keeps runs of one action_run_id apart per shop and per run id', async () => {
    await h.addTracking({ order_id: 1001, tracking_number: UPS }, { action_run_id: 'same' });
    const other = await h.addTracking({ order_id: 1006, tracking_number: UPS }, { action_run_id: 'other' });
    expect(other.status).toBe(200);
    expect(await h.runs()).toHaveLength(2);
  });
});

describe('Flow pipeline: bad input', () => {
  beforeEach(async () => {
    h = await createHarness();
  });

  async function expectNothingDone() {
    expect(h.sim.calls).toHaveLength(0);
  }

  it('refuses a bad or missing signature with 401 and records nothing', async () => {
    const body = h.flowBody('add-tracking', { order_id: 1001, tracking_number: UPS });
    for (const signature of ['', 'AAAA', 'x'.repeat(44)]) {
      const res = await h.app.request('/flow/actions/add-tracking', {
        method: 'POST',
        headers: { 'X-Shopify-Hmac-Sha256': signature },
        body,
      });
      expect(res.status).toBe(401);
      expect(((await res.json()) as any).error.code).toBe('invalid_hmac');
    }
    const unsigned = await h.app.request('/flow/actions/add-tracking', { method: 'POST', body });
    expect(unsigned.status).toBe(401);
    expect(await h.runs()).toHaveLength(0);
    await expectNothingDone();
  });

  it('refuses empty, non-JSON and wrongly shaped bodies with 400 naming the problem', async () => {
    expect((await h.post('/flow/actions/add-tracking', '')).json.error.code).toBe('empty_body');
    expect((await h.post('/flow/actions/add-tracking', '{nope')).json.error.code).toBe('invalid_json');
    expect((await h.post('/flow/actions/add-tracking', '[1,2]')).json.error.code).toBe('invalid_body');
    const shape = await h.post(
      '/flow/actions/add-tracking',
      JSON.stringify({ shopify_domain: 'nope', handle: 'add-tracking', properties: {} }),
    );
    expect(shape.status).toBe(400);
    expect(shape.json.error.message).toContain('shopify_domain');
    expect(shape.json.error.message).toContain('action_run_id');
    await expectNothingDone();
  });

  it('refuses an unknown action (404) and a handle that does not match the endpoint (400)', async () => {
    const unknown = await h.post('/flow/actions/ship-by-pigeon', h.flowBody('ship-by-pigeon', { order_id: 1 }));
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe('unknown_action');
    const mismatch = await h.post(
      '/flow/actions/add-tracking',
      h.flowBody('fulfill-from-best-location', { order_id: 1001, tracking_number: UPS }),
    );
    expect(mismatch.status).toBe(400);
    expect(mismatch.json.error.code).toBe('handle_mismatch');
    const noProperties = await h.post(
      '/flow/actions/add-tracking',
      JSON.stringify({ shop_id: 1, shopify_domain: SHOP, action_run_id: 'no-props', handle: 'add-tracking' }),
    );
    expect(noProperties.status).toBe(400);
    expect(noProperties.json.error.message).toContain('properties');
    // The shop is known: each refusal is in the ledger for the merchant to see.
    expect((await h.runs()).map((r) => [r.handle, r.status, r.errorCode]).sort()).toEqual([
      ['add-tracking', 'failed', 'handle_mismatch'],
      ['add-tracking', 'failed', 'invalid_request'],
      ['ship-by-pigeon', 'failed', 'unknown_action'],
    ]);
    const unsigned = await h.app.request('/flow/actions/ship-by-pigeon', { method: 'POST', body: '{}' });
    expect(unsigned.status).toBe(401);
  });

  it('refuses missing or invalid properties with 400 naming the field, and records the run', async () => {
    const missingNumber = await h.addTracking({ order_id: 1001 });
    expect(missingNumber.status).toBe(400);
    expect(missingNumber.json.error.message).toContain('properties.tracking_number');
    const missingOrder = await h.addTracking({ tracking_number: UPS });
    expect(missingOrder.json.error.message).toContain('properties.order_id');
    for (const bad of ['#1001', 'gid://shopify/Product/1', 1.5, -1, { id: 1 }]) {
      const res = await h.addTracking({ order_id: bad, tracking_number: UPS });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.json.error.message).toContain('order_id');
    }
    const badUrl = await h.addTracking({ order_id: 1001, tracking_number: UPS, tracking_url: 'javascript:alert(1)' });
    expect(badUrl.json.error.message).toContain('tracking_url');
    const runs = await h.runs();
    expect(runs.length).toBe(8);
    expect(runs.every((r) => r.status === 'failed' && r.errorCode === 'invalid_properties' && r.responseStatus === 400)).toBe(true);
    await expectNothingDone();
  });

  it('answers 404 for a shop that never installed or uninstalled', async () => {
    const unknown = await h.addTracking({ order_id: 1001, tracking_number: UPS }, { shopify_domain: 'stranger.myshopify.com' });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe('shop_not_installed');
    const { markUninstalled } = await import('../../src/db/shops');
    await markUninstalled(h.db, SHOP, Date.now());
    const gone = await h.addTracking({ order_id: 1001, tracking_number: UPS });
    expect(gone.status).toBe(404);
    await expectNothingDone();
  });

  it('refuses a body over 1 MiB with 413 before parsing it', async () => {
    const huge = h.flowBody('add-tracking', { order_id: 1001, tracking_number: UPS, padding: 'x'.repeat(1024 * 1024) });
    const res = await h.post('/flow/actions/add-tracking', huge);
    expect(res.status).toBe(413);
    expect(res.json.error.code).toBe('body_too_large');
    await expectNothingDone();
  });

  it('never writes the secret or the access token to the logs', async () => {
    await h.addTracking({ order_id: 1001, tracking_number: UPS });
    await h.addTracking({ order_id: 'bad', tracking_number: UPS });
    const all = h.logs.join('\n');
    expect(h.logs.length).toBeGreaterThan(0);
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain('sandbox-admin-token');
    for (const line of h.logs)
      expect(JSON.parse(line)).toMatchObject({ shop: SHOP, handle: 'add-tracking', action_run_id: expect.any(String) });
  });
});

describe('Flow pipeline: Shopify throttling and outages', () => {
  it('waits out throttling within the budget and succeeds', async () => {
    h = await createHarness();
    h.sim.faults.bucket = { maximumAvailable: 400, restoreRate: 400 };
    h.sim.setAvailable(SHOP, 0);
    const res = await h.addTracking({ order_id: 1001, tracking_number: UPS });
    expect(res.status).toBe(200);
    expect(h.sim.calls.some((c) => c.throttled)).toBe(true);
    const [run] = await h.runs();
    expect(run!.adminCalls!.some((c) => c.throttled)).toBe(true);
  });

  it('answers 202 when throttled past the budget, then finishes on the re-send', async () => {
    h = await createHarness({ adminBudgetMs: 300 });
    h.sim.faults.bucket = { maximumAvailable: 1000, restoreRate: 50 };
    h.sim.setAvailable(SHOP, 0);
    const body = h.flowBody('add-tracking', { order_id: 1001, tracking_number: UPS });
    const first = await h.post('/flow/actions/add-tracking', body);
    expect(first.status).toBe(202);
    expect(first.json).toMatchObject({ status: 'pending', reason: 'throttled' });
    expect((await h.runs())[0]!.status).toBe('pending');
    h.sim.setAvailable(SHOP, 1000);
    const again = await h.post('/flow/actions/add-tracking', body);
    expect(again.status).toBe(200);
    const [run] = await h.runs();
    expect(run).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(h.mutations()).toHaveLength(1);
  });

  it('retries Shopify 5xx on reads and succeeds', async () => {
    h = await createHarness();
    let failures = 2;
    h.sim.faults.beforeOperation = () => (failures-- > 0 ? new Response('<html>503</html>', { status: 503 }) : undefined);
    const res = await h.addTracking({ order_id: 1001, tracking_number: UPS });
    expect(res.status).toBe(200);
    expect((await h.runs())[0]!.adminCallCount).toBe(4);
  });

  it('answers 503 when Shopify stays down before any mutation, and resumes on the re-send', async () => {
    h = await createHarness({ adminBudgetMs: 500 });
    h.sim.faults.http5xxRate = 1;
    const body = h.flowBody('add-tracking', { order_id: 1001, tracking_number: UPS });
    const first = await h.post('/flow/actions/add-tracking', body);
    expect(first.status).toBe(503);
    expect(first.json.error.code).toBe('admin_api_unavailable');
    expect((await h.runs())[0]!.status).toBe('pending');
    h.sim.faults.http5xxRate = 0;
    const again = await h.post('/flow/actions/add-tracking', body);
    expect(again.status).toBe(200);
    expect(h.mutations()).toHaveLength(1);
  });

  it('answers 202 when a mutation response is lost, and the re-send re-reads instead of repeating it', async () => {
    h = await createHarness();
    // Armed from the hook, the fault hits this very request: the update is applied, its response lost.
    h.sim.faults.beforeOperation = (name) => {
      if (name === 'AddTrackingUpdate') {
        h.sim.faults.http5xxRate = 1;
        h.sim.faults.http5xxPhase = 'after';
      }
    };
    const body = h.flowBody('add-tracking', { order_id: 1001, tracking_number: UPS });
    const first = await h.post('/flow/actions/add-tracking', body);
    expect(first.status).toBe(202);
    expect(first.json.reason).toBe('mutation_outcome_unknown');
    h.sim.faults.http5xxRate = 0;
    h.sim.faults.beforeOperation = undefined;
    const again = await h.post('/flow/actions/add-tracking', body);
    expect(again.status).toBe(200);
    expect(again.json.return_value.outcome).toBe('added');
    // The lost update had been applied: the resumed run saw the number and sent nothing more.
    expect(h.mutations()).toHaveLength(1);
    expect((await h.runs())[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
  });

  it('answers 202 past the time budget and records the outcome when the run finishes', async () => {
    h = await createHarness({ timeBudgetMs: 100 });
    h.sim.faults.latencyMs = 150;
    const body = h.flowBody('add-tracking', { order_id: 1001, tracking_number: UPS });
    const first = await h.post('/flow/actions/add-tracking', body);
    expect(first.status).toBe(202);
    expect(first.json.reason).toBe('time_budget');
    await Promise.all(h.background);
    const again = await h.post('/flow/actions/add-tracking', body);
    expect(again.status).toBe(200);
    expect(h.mutations()).toHaveLength(1);
  });

  it('lets the sweep finish a pending run whose re-send never comes', async () => {
    const clock = manualClock();
    h = await createHarness({ adminBudgetMs: 300, clock });
    h.sim.faults.http5xxRate = 1;
    const runId = newRunId();
    expect((await h.addTracking({ order_id: 1001, tracking_number: UPS }, { action_run_id: runId })).status).toBe(503);
    h.sim.faults.http5xxRate = 0;
    const { sweepRuns } = await import('../../src/flow/sweep');
    // The sweep waits a minute after the first attempt (test/flow/sweep-backoff.test.ts).
    clock.advance(60_000);
    expect(await sweepRuns(h.deps)).toBe(1);
    expect(await getRun(h.db, SHOP, runId)).toMatchObject({ status: 'succeeded', responseStatus: 200 });
  });
});

describe('sweep: a run Flow gave up on', () => {
  it('ends failed after a day with its last reason and fires the needs-attention trigger', async () => {
    let now = Date.now();
    h = await createHarness({ clock: { now: () => now, sleep: async (ms) => void (now += ms) }, adminBudgetMs: 300 });
    h.sim.faults.http5xxRate = 1;
    const runId = newRunId();
    expect((await h.addTracking({ order_id: 1001, tracking_number: UPS }, { action_run_id: runId })).status).toBe(503);
    h.sim.faults.http5xxRate = 0;
    now += 25 * 60 * 60 * 1000;
    const { sweepRuns } = await import('../../src/flow/sweep');
    await sweepRuns(h.deps);
    const run = await getRun(h.db, SHOP, runId);
    expect(run).toMatchObject({ status: 'failed', errorCode: 'gave_up', responseStatus: 422 });
    expect(run!.errorMessage).toContain('HTTP 503');
    expect(run!.steps!.some((s) => s.name === 'flowTriggerReceive' && s.state === 'done')).toBe(true);
    expect(h.mutations()).toHaveLength(0);
  });
});
