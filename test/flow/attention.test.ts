// Our own Flow trigger, "Fulfillment needs attention": fired through the simulated Admin API when a
// run fails permanently or leaves work undone; never changing what Flow gets back.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AnyAction } from '../../src/actions/action';
import { claimRun } from '../../src/db/ledger';
import { ATTENTION_STEP, ATTENTION_TRIGGER_HANDLE, attentionPayload, attentionReason } from '../../src/flow/attention';
import { executeRun } from '../../src/flow/runner';
import { SANDBOX_ACCESS_TOKEN } from '../../src/sandbox/seed';
import { createHarness, newRunId, SHOP, type Harness } from '../helpers/harness';

const UPS = '1Z999AA10123456784';
let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => h.close());

const triggerCalls = () => h.sim.calls.filter((c) => c.rootFields.includes('flowTriggerReceive'));

describe('the "Fulfillment needs attention" trigger', () => {
  it('fires once with the order, reason and action when a run fails permanently (422), and records it on the run', async () => {
    const res = await h.addTracking({ order_id: 1002, tracking_number: UPS });
    expect(res.status).toBe(422);
    expect(h.sim.store.flowTriggers).toHaveLength(1);
    const [fired] = h.sim.store.flowTriggers;
    expect(fired).toMatchObject({
      shop: SHOP,
      handle: ATTENTION_TRIGGER_HANDLE,
      payload: { order_id: 1002, Action: 'add-tracking', Reason: res.json.error.message, 'Run ID': expect.any(String) },
    });
    const [run] = await h.runs();
    expect(run!.status).toBe('failed');
    expect(run!.responseStatus).toBe(422);
    expect(fired!.payload['Run ID']).toBe(run!.actionRunId);
    const step = run!.steps!.find((s) => s.name === ATTENTION_STEP);
    expect(step).toMatchObject({ key: ATTENTION_TRIGGER_HANDLE, state: 'done', result: { reason: res.json.error.message } });
    expect(run!.adminCalls!.map((c) => c.name)).toContain('FlowTriggerReceive');
  });

  it('a failing trigger mutation leaves the run outcome and response unchanged, and is recorded as failed', async () => {
    h.sim.faults.beforeOperation = (name) =>
      name === 'FlowTriggerReceive' ? new Response(JSON.stringify({ errors: 'Internal Server Error' }), { status: 500 }) : undefined;
    const res = await h.addTracking({ order_id: 1002, tracking_number: UPS });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe('no_fulfillment');
    expect(h.sim.store.flowTriggers).toHaveLength(0);
    expect(triggerCalls().length).toBeGreaterThan(0);
    const [run] = await h.runs();
    expect(run).toMatchObject({ status: 'failed', responseStatus: 422, errorCode: 'no_fulfillment' });
    const step = run!.steps!.find((s) => s.name === ATTENTION_STEP);
    expect(step).toMatchObject({ state: 'failed', result: { reason: res.json.error.message, error: expect.any(String) } });
  });

  it('a userError from Shopify is recorded as a failed firing, not a failed run', async () => {
    h.sim.faults.beforeOperation = (name) =>
      name === 'FlowTriggerReceive'
        ? Response.json({ data: { flowTriggerReceive: { userErrors: [{ field: ['body'], message: 'Invalid handle' }] } } })
        : undefined;
    const res = await h.addTracking({ order_id: 1002, tracking_number: UPS });
    expect(res.status).toBe(422);
    const [run] = await h.runs();
    expect(run!.steps!.find((s) => s.name === ATTENTION_STEP)).toMatchObject({
      state: 'failed',
      result: { error: expect.stringContaining('Invalid handle') },
    });
  });

  it('a successful run and a no-op fire none', async () => {
    expect((await h.addTracking({ order_id: 1001, tracking_number: UPS })).status).toBe(200);
    expect((await h.addTracking({ order_id: 1001, tracking_number: UPS })).json.return_value.outcome).toBe('already_present');
    expect(triggerCalls()).toHaveLength(0);
    expect(h.sim.store.flowTriggers).toHaveLength(0);
  });

  it('a bad request (400) fires none: the workflow is misconfigured, not the order', async () => {
    expect((await h.addTracking({ order_id: 1002 })).status).toBe(400);
    expect(triggerCalls()).toHaveLength(0);
  });

  it('a re-sent failed run returns its stored answer without firing again', async () => {
    const body = h.flowBody('add-tracking', { order_id: 1002, tracking_number: UPS });
    expect((await h.post('/flow/actions/add-tracking', body)).status).toBe(422);
    expect((await h.post('/flow/actions/add-tracking', body)).status).toBe(422);
    expect(h.sim.store.flowTriggers).toHaveLength(1);
  });
});

describe('a run that succeeds but leaves items unfulfilled', () => {
  /** A stand-in action whose run reports what it left undone, like partial fulfillment does. */
  const leaving = (attention: { reason: string } | null): AnyAction => ({
    handle: 'partial-fulfill-ready-items',
    properties: z.object({ order_id: z.string() }),
    run: async () => ({ status: 'succeeded', returnValue: { outcome: 'fulfilled' }, plan: {}, explanation: {}, attention }),
    simulate: async () => ({ plan: {}, explanation: {} }),
  });

  async function execute(action: AnyAction) {
    const claim = await claimRun(h.db, {
      shop: SHOP,
      actionRunId: newRunId(),
      handle: action.handle,
      orderId: 'gid://shopify/Order/1004',
      properties: { order_id: 'gid://shopify/Order/1004' },
      now: Date.now(),
      leaseMs: 30_000,
    });
    if (claim.kind !== 'execute') throw new Error('not claimed');
    const response = await executeRun(
      { ...h.deps, adminBudgetMs: 2000 },
      { run: claim.run, action, properties: { order_id: 'gid://shopify/Order/1004' }, accessToken: SANDBOX_ACCESS_TOKEN },
    );
    return { response, run: (await h.runs()).find((r) => r.actionRunId === claim.run.actionRunId)! };
  }

  it('fires the trigger with the reason the action gave, and still answers 200', async () => {
    const { response, run } = await execute(leaving({ reason: '1 line (2 units) left open: out of stock at Newark Warehouse' }));
    expect(response.status).toBe(200);
    expect(run.status).toBe('succeeded');
    expect(h.sim.store.flowTriggers.map((t) => t.payload)).toEqual([
      {
        order_id: 1004,
        Reason: '1 line (2 units) left open: out of stock at Newark Warehouse',
        Action: 'partial-fulfill-ready-items',
        'Run ID': run.actionRunId,
      },
    ]);
    expect(run.steps!.map((s) => [s.name, s.state])).toEqual([[ATTENTION_STEP, 'done']]);
  });

  it('fires nothing when the action leaves nothing undone', async () => {
    const { run } = await execute(leaving(null));
    expect(run.status).toBe('succeeded');
    expect(triggerCalls()).toHaveLength(0);
    expect(run.steps ?? []).toEqual([]);
  });
});

describe('attentionReason', () => {
  it('names permanent failures and runs that left work undone, and nothing else', () => {
    expect(attentionReason({ status: 'failed', responseStatus: 422, errorMessage: 'No location has the items.' })).toBe(
      'No location has the items.',
    );
    expect(attentionReason({ status: 'succeeded', responseStatus: 200, attention: { reason: '2 lines left open' } })).toBe(
      '2 lines left open',
    );
    expect(attentionReason({ status: 'noop', responseStatus: 200, attention: { reason: 'nothing ready' } })).toBe('nothing ready');
    expect(attentionReason({ status: 'succeeded', responseStatus: 200 })).toBeNull();
    expect(attentionReason({ status: 'pending', responseStatus: 202, errorMessage: 'hold' })).toBeNull();
    expect(attentionReason({ status: 'failed', responseStatus: 400, errorMessage: 'bad' })).toBeNull();
    expect(attentionReason({ status: 'failed', responseStatus: 500, errorMessage: 'crash' })).toBeNull();
  });
});

describe('attentionPayload', () => {
  it('carries exactly the order reference and the field keys of the trigger extension', () => {
    const toml = parseToml(
      readFileSync(resolve(__dirname, '../../extensions', ATTENTION_TRIGGER_HANDLE, 'shopify.extension.toml'), 'utf8'),
    ) as {
      settings: { fields: { type: string; key?: string }[] };
    };
    const keys = toml.settings.fields.map((f) => (f.type === 'order_reference' ? 'order_id' : f.key!));
    const payload = attentionPayload({
      orderId: 'gid://shopify/Order/5001',
      reason: 'Out\nof stock',
      action: 'fulfill-from-best-location',
      actionRunId: 'r-1',
    });
    expect(Object.keys(payload).sort()).toEqual(keys.sort());
    expect(payload).toEqual({ order_id: 5001, Reason: 'Out of stock', Action: 'fulfill-from-best-location', 'Run ID': 'r-1' });
  });

  it('shortens very long reasons', () => {
    const payload = attentionPayload({ orderId: 'gid://shopify/Order/1', reason: 'x'.repeat(2000), action: 'a', actionRunId: 'r' });
    expect(String(payload.Reason).length).toBeLessThanOrEqual(500);
  });
});
