/** What the add-tracking Flow suites share: addresses, numbers, the docs' worked example, and order/rule helpers over a harness. */
import { expect } from 'vitest';
import { listRuns } from '../../src/db/ledger';
import { WORKED_EXAMPLES } from '../../src/rules/docs/examples';
import { importRules } from '../../src/rules/store';
import { SANDBOX_LOCATIONS as L } from '../../src/sandbox/seed';
import type { TrackingInput } from '../../src/sandbox/simulator/operations';
import type { AddOrderInput } from '../../src/sandbox/simulator/store';
import { SHOP, type Harness } from './harness';

export const SAO_PAULO = {
  countryCode: 'BR',
  provinceCode: 'SP',
  city: 'São Paulo',
  zip: '01310-100',
  latitude: -23.5614,
  longitude: -46.6559,
};
export const MANHATTAN = { countryCode: 'US', provinceCode: 'NY', city: 'New York', zip: '10001', latitude: 40.7506, longitude: -73.9972 };
export const UPS_NUMBER = '1Z999AA10123456784';

/** The add-tracking worked example of docs/rules.md ("Brazil → Correios"). */
export const ADD_TRACKING_EXAMPLE = WORKED_EXAMPLES.find((e) => e.action === 'add-tracking')!;

/** The operations the app sent, our Flow trigger left out. */
export const operations = (h: Harness) =>
  h.sim.calls.filter((c) => c.operationName !== 'FlowTriggerReceive').map((c) => c.operationName ?? '');

/** The shop's newest run in the ledger. */
export const lastRun = async (h: Harness) => (await listRuns(h.db, SHOP, { limit: 1 }))[0]!;

/** Imports a rule document for the shop, failing the test if it is invalid. */
export async function importShopRules(h: Harness, document: unknown) {
  const result = await importRules(h.db, SHOP, document, Date.now());
  expect(result.ok, JSON.stringify(result)).toBe(true);
}

/** An order of one stocked item at Newark, fulfilled (with `trackingInfo`) unless `open`. */
export function oneItemOrder(
  h: Harness,
  shippingAddress: AddOrderInput['shippingAddress'],
  options: { open?: boolean; trackingInfo?: TrackingInput } = {},
) {
  const sku = `SKU-${Math.random().toString(36).slice(2, 8)}`;
  h.sim.store.addProduct({ title: sku, sku, inventory: { [L.newark]: 10, [L.losAngeles]: 10 } });
  const o = h.sim.store.addOrder({ shippingAddress, lineItems: [{ sku, quantity: 1 }], locationId: L.newark });
  if (!options.open) h.sim.store.fulfill(o.id, options.trackingInfo ? { trackingInfo: options.trackingInfo } : {});
  return o;
}
