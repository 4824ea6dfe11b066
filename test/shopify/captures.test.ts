/**
 * Replays Admin API responses recorded from real Shopify stores through the app: each captured answer
 * to one of our operations is served in place of the simulator's, and the Flow outcome is checked.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../helpers/harness';
import { CAPTURES_DIR, SKIP_SHARED, hasShared } from '../helpers/shared';

interface Captured {
  file: string;
  path: string;
  root: 'fulfillmentTrackingInfoUpdate' | 'fulfillmentCreate' | 'order';
  status: number;
  body: { data?: Record<string, any> | null; errors?: { message: string }[] };
}

const ROOTS = ['fulfillmentTrackingInfoUpdate', 'fulfillmentCreate', 'order'] as const;

/** Every recorded response whose data root is one of the fields our documents select. */
function collect(): Captured[] {
  const found: Captured[] = [];
  const seen = new Set<string>();
  for (const file of readdirSync(CAPTURES_DIR).filter((f) => f.endsWith('.json'))) {
    const walk = (node: unknown, path: string) => {
      if (!node || typeof node !== 'object') return;
      const record = node as Record<string, any>;
      const response = record.response?.payload ?? record.response?.body ?? record.response;
      if (response && typeof response === 'object' && ('data' in response || 'errors' in response)) {
        const data = response.data ?? {};
        const root = ROOTS.find((r) => data && r in data);
        const key = JSON.stringify(response);
        if (root && !seen.has(key) && (root !== 'order' || data.order === null)) {
          seen.add(key);
          found.push({ file, path, root, status: record.response?.status ?? record.status ?? 200, body: response });
        }
      }
      for (const [k, v] of Object.entries(record)) if (k !== 'response') walk(v, `${path}/${k}`);
      if (Array.isArray(node)) node.forEach((v, i) => walk(v, `${path}/${i}`));
    };
    walk(JSON.parse(readFileSync(join(CAPTURES_DIR, file), 'utf8')), '');
  }
  return found;
}

const captured = hasShared ? collect() : [];
let h: Harness;
afterEach(async () => h?.close());

/** Serves `capture` as the answer to the operation selecting its root field; everything else from the simulator. */
async function harnessServing(capture: Captured) {
  h = await createHarness();
  h.sim.faults.beforeOperation = (_name, _vars, info) => {
    if (info.rootFields.includes(capture.root)) {
      return new Response(JSON.stringify(capture.body), { status: capture.status, headers: { 'Content-Type': 'application/json' } });
    }
  };
  return h;
}

describe.skipIf(!hasShared)('captured Shopify responses replayed through the app', () => {
  it('finds captures for both of our mutations', () => {
    for (const root of ['fulfillmentTrackingInfoUpdate', 'fulfillmentCreate'])
      expect(captured.filter((c) => c.root === root).length, root).toBeGreaterThan(0);
  });

  it.each(captured.map((c) => [`${c.file}${c.path} (${c.root})`, c] as const))('%s', async (_label, capture) => {
    const harness = await harnessServing(capture);
    const properties =
      capture.root === 'fulfillmentCreate'
        ? { order_id: 1002, tracking_number: '1Z999AA10123456784', fulfill_if_needed: true }
        : { order_id: 1001, tracking_number: '1Z999AA10123456784' };
    const res = await harness.addTracking(properties);
    const payload = capture.body.data?.[capture.root];
    const userErrors: { message: string }[] = payload?.userErrors ?? [];
    const topLevel = capture.body.errors ?? [];

    if (capture.root === 'order') {
      expect(res.status).toBe(422);
      expect(res.json.error.code).toBe('order_not_found');
    } else if (userErrors.length > 0) {
      expect(res.status).toBe(422);
      expect(res.json.error.code).toBe('shopify_rejected');
      for (const e of userErrors) expect(res.json.error.message).toContain(e.message);
    } else if (topLevel.length > 0 || !payload?.fulfillment) {
      expect(res.status).toBe(422);
      expect(res.json.error.message).toMatch(topLevel[0]?.message ?? 'no fulfillment returned');
    } else {
      expect(res.status).toBe(200);
      expect(res.json.return_value.fulfillmentIds).toContain(payload.fulfillment.id);
    }
    // No crash, a finished ledger row, and never a second mutation after Shopify's answer.
    const [run] = await harness.runs();
    expect(run!.status).not.toBe('running');
    expect(
      harness.sim.calls.filter((c) => c.rootFields.includes('fulfillmentTrackingInfoUpdate') || c.rootFields.includes('fulfillmentCreate'))
        .length,
    ).toBeLessThanOrEqual(1);
  });
});

if (!hasShared) describe('captured Shopify responses', () => it.skip(SKIP_SHARED, () => undefined));
