/**
 * Flow sends "" for a checkbox the merchant never touched: an optional boolean left blank is unset,
 * so the rule's notify_customer (or the action's default) decides, never a silent false.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_ORDERS as O } from '../../src/sandbox/seed';
import { importRules } from '../../src/rules/store';
import { createHarness, SHOP, type Harness } from '../helpers/harness';

const BEST = 'fulfill-from-best-location';
const READY = 'partial-fulfill-ready-items';
let h: Harness;

beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => h?.close());

const send = (handle: string, properties: Record<string, unknown>) => h.post(`/flow/actions/${handle}`, h.flowBody(handle, properties));

describe('blank optional booleans from Flow', () => {
  it('notify_customer "" leaves the rule in charge: a rule with notify_customer true notifies', async () => {
    const imported = await importRules(h.db, SHOP, { rules: [{ name: 'always-notify', action: BEST, notify_customer: true }] }, Date.now());
    expect(imported.ok).toBe(true);
    const res = await send(BEST, { order_id: O.unfulfilledInStock, notify_customer: '' });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(h.sim.store.fulfillments(O.unfulfilledInStock)).toEqual([expect.objectContaining({ notifyCustomer: true })]);
    expect((await h.runs())[0]).toMatchObject({ status: 'succeeded', ruleName: 'always-notify' });
  });

  it('notify_customer of blanks only is unset too, and "false" still overrides the rule', async () => {
    expect(
      (await importRules(h.db, SHOP, { rules: [{ name: 'always-notify', action: READY, notify_customer: true }] }, Date.now())).ok,
    ).toBe(true);
    const blank = h.sim.store.addOrder({ lineItems: [{ sku: 'MUG-BLK', quantity: 1 }] });
    const off = h.sim.store.addOrder({ lineItems: [{ sku: 'MUG-BLK', quantity: 1 }] });
    expect((await send(READY, { order_id: blank.id, notify_customer: '   ' })).status).toBe(200);
    expect((await send(READY, { order_id: off.id, notify_customer: 'false' })).status).toBe(200);
    expect(h.sim.store.fulfillments(blank.id)).toEqual([expect.objectContaining({ notifyCustomer: true })]);
    expect(h.sim.store.fulfillments(off.id)).toEqual([expect.objectContaining({ notifyCustomer: false })]);
  });

  it('add-tracking: fulfill_if_needed "" is its default (no fulfilling), not a 400', async () => {
    const res = await h.addTracking({
      order_id: O.unfulfilledInStock,
      tracking_number: 'RA123456785BR',
      fulfill_if_needed: '',
      notify_customer: '',
    });
    expect(res.status, JSON.stringify(res.json)).toBe(422);
    expect(res.json.error.code).toBe('no_fulfillment');
    expect(h.mutations()).toHaveLength(0);
  });
});
