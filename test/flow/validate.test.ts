import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, SHOP, type Harness } from '../helpers/harness';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => h.close());

const validate = (body: Record<string, unknown>) => h.post('/flow/validate', JSON.stringify({ shop_id: 1, shopify_domain: SHOP, ...body }));

describe('POST /flow/validate', () => {
  it('accepts a well-configured step (the order is only known at run time)', async () => {
    const res = await validate({ handle: 'add-tracking', properties: { tracking_number: '{{ order.name }}', notify_customer: 'true' } });
    expect(res).toEqual({ status: 200, json: [] });
  });

  it('lists each bad field with a message', async () => {
    const res = await validate({ handle: 'add-tracking', properties: { tracking_url: 'ftp://x', notify_customer: 'maybe' } });
    expect(res.status).toBe(200);
    expect(res.json.map((e: { id: string }) => e.id).sort()).toEqual(['notify_customer', 'tracking_number', 'tracking_url']);
  });

  it('checks company_conflict when the workflow is saved: keep, replace or empty', async () => {
    for (const value of ['keep', 'replace', 'Replace', '']) {
      expect(
        (await validate({ handle: 'add-tracking', properties: { tracking_number: 'X', company_conflict: value } })).json,
        value,
      ).toEqual([]);
    }
    expect((await validate({ handle: 'add-tracking', properties: { tracking_number: 'X', company_conflict: 'merge' } })).json).toEqual([
      { id: 'company_conflict', message: 'must be "keep" or "replace" (or empty)' },
    ]);
  });

  it('refuses unsigned requests and names unknown actions', async () => {
    const unsigned = await h.app.request('/flow/validate', { method: 'POST', body: '{}' });
    expect(unsigned.status).toBe(401);
    expect((await validate({ handle: 'nope', properties: {} })).json).toEqual([{ id: 'handle', message: 'Unknown action "nope".' }]);
  });
});
