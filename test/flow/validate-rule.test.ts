// POST /flow/validate tells the merchant at save time when a step's "Rule" names no rule of that action.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerShop } from '../../src/db/shops';
import { importRules } from '../../src/rules/store';
import { createHarness, SHOP, type Harness } from '../helpers/harness';
import { designDocument, trackingRule } from '../rules/store-fixtures';

const OTHER = 'other.myshopify.com';
let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  const imported = await importRules(
    h.db,
    SHOP,
    JSON.stringify({ rules: [...designDocument().rules, trackingRule('ups-default', 'UPS', 20)] }),
    Date.now(),
  );
  expect(imported.ok).toBe(true);
  await registerShop(h.db, { shop: OTHER, accessToken: 'shpat_other', scopes: ['read_orders'], now: Date.now() });
  expect((await importRules(h.db, OTHER, JSON.stringify({ rules: [trackingRule('other-shops-rule')] }), Date.now())).ok).toBe(true);
});
afterEach(async () => h.close());

const validate = (properties: Record<string, unknown>, shop = SHOP) =>
  h.post(
    '/flow/validate',
    JSON.stringify({
      shop_id: 1,
      shopify_domain: shop,
      handle: 'add-tracking',
      properties: { tracking_number: '{{ order.name }}', ...properties },
    }),
  );

describe('POST /flow/validate: the rule field', () => {
  it('accepts a rule of this action, and an empty rule (automatic choice)', async () => {
    expect(await validate({ rule: 'brazil-correios' })).toEqual({ status: 200, json: [] });
    expect(await validate({ rule: '' })).toEqual({ status: 200, json: [] });
    expect(await validate({})).toEqual({ status: 200, json: [] });
  });

  it('names the rules of this action when the rule does not exist', async () => {
    const res = await validate({ rule: 'brazil-corrieos' });
    expect(res.status).toBe(200);
    expect(res.json).toHaveLength(1);
    expect(res.json[0].id).toBe('rule');
    expect(res.json[0].message).toContain('no flowfill rule named "brazil-corrieos"');
    expect(res.json[0].message).toContain('"brazil-correios"');
    expect(res.json[0].message).toContain('"ups-default"');
    // Rules of other actions are not offered.
    expect(res.json[0].message).not.toContain('ship-in-stock-lines');
  });

  it('says so when the rule belongs to another action', async () => {
    const res = await validate({ rule: 'ship-in-stock-lines' });
    expect(res.json).toEqual([
      { id: 'rule', message: expect.stringContaining('is a rule of partial-fulfill-ready-items, not of add-tracking') },
    ]);
  });

  it("never looks at another shop's rules", async () => {
    const res = await validate({ rule: 'other-shops-rule' });
    expect(res.json.map((e: { id: string }) => e.id)).toEqual(['rule']);
    expect(res.json[0].message).not.toContain('other-shops-rule",');
    const theirs = await validate({ rule: 'brazil-correios' }, OTHER);
    expect(theirs.json).toEqual([{ id: 'rule', message: expect.stringContaining('"other-shops-rule"') }]);
  });

  it('tells a shop without rules for the action to leave the field empty', async () => {
    const res = await validate({ rule: 'anything' }, 'empty.myshopify.com');
    expect(res.json).toEqual([{ id: 'rule', message: expect.stringContaining('leave Rule empty') }]);
  });

  it('checks the rule-driven actions the same way', async () => {
    const step = (handle: string, rule: string) =>
      h.post('/flow/validate', JSON.stringify({ shop_id: 1, shopify_domain: SHOP, handle, properties: { rule, notify_customer: 'true' } }));
    expect((await step('fulfill-from-best-location', 'us-east-warehouses-first')).json).toEqual([]);
    expect((await step('partial-fulfill-ready-items', 'ship-in-stock-lines')).json).toEqual([]);
    const wrong = await step('fulfill-from-best-location', 'ship-in-stock-lines');
    expect(wrong.json).toEqual([{ id: 'rule', message: expect.stringContaining('Rules of this action: "us-east-warehouses-first".') }]);
  });

  it('leaves a rule given as a Flow variable to run time', async () => {
    expect((await validate({ rule: '{{ order.tags }}' })).json).toEqual([]);
  });
});
