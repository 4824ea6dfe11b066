/**
 * "Add tracking" end to end through signed Flow requests: the shop's add-tracking rules (the
 * worked example of docs/rules.md, a forced rule, precedence step > rule > detection), what a
 * fulfillment already has (URLs, one company), and fulfil-if-needed on partly fulfilled and
 * multi-location orders, including a re-send after a 503.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { trackingUrlFor } from '../../src/actions/add-tracking/carrier';
import { SANDBOX_LOCATIONS as L } from '../../src/sandbox/seed';
import { SERVICE_UNAVAILABLE_HTML } from '../../src/sandbox/simulator/faults';
import {
  ADD_TRACKING_EXAMPLE,
  importShopRules,
  lastRun as lastRunOf,
  MANHATTAN,
  oneItemOrder,
  operations,
  SAO_PAULO,
  UPS_NUMBER,
} from '../helpers/add-tracking';
import { createHarness, newRunId, SHOP, type Harness } from '../helpers/harness';

const BR_NUMBER = 'RA123456785BR';
const CORREIOS_URL = `https://rastreamento.correios.com.br/app/index.php?objeto=${BR_NUMBER}`;

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => h?.close());

const ops = () => operations(h);
const mutations = () => ops().filter((name) => /Create|Fulfill$|Update/.test(name));
const lastRun = () => lastRunOf(h);

const rules = (document: unknown) => importShopRules(h, document);

const example = ADD_TRACKING_EXAMPLE;

const order = (shippingAddress: Parameters<typeof oneItemOrder>[1], options: Parameters<typeof oneItemOrder>[2] = {}) =>
  oneItemOrder(h, shippingAddress, options);

describe('the worked example of docs/rules.md ("Brazil → Correios")', () => {
  it("a Brazilian order with a Correios number gets the rule's carrier, URL and notification", async () => {
    await rules(example.document);
    const o = order(SAO_PAULO);
    const res = await h.addTracking({ order_id: o.id, tracking_number: BR_NUMBER });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.return_value).toMatchObject({
      outcome: 'added',
      trackingCompany: 'Correios',
      trackingUrl: CORREIOS_URL,
      notified: true,
      ruleName: 'brazil-correios',
      warnings: [],
    });
    const [fulfillment] = h.sim.store.fulfillments(o.id);
    expect(fulfillment!.trackingInfo).toEqual([{ company: 'Correios', number: BR_NUMBER, url: CORREIOS_URL }]);
    expect(fulfillment!.trackingUpdates.at(-1)?.notifyCustomer).toBe(true);
    const run = await lastRun();
    expect(run.ruleName).toBe('brazil-correios');
    expect(run.ruleVersion).toBe(1);
    expect(run.explanation).toMatchObject({
      rule: { name: 'brazil-correios', version: 1 },
      company: { company: 'Correios', source: 'rule' },
      url: { url: CORREIOS_URL, source: 'rule' },
      notify: { notify: true },
    });
  });

  it('a US order matches no rule: the built-in default (carrier detected from the number, no notification)', async () => {
    await rules(example.document);
    const o = order(MANHATTAN);
    const res = await h.addTracking({ order_id: o.id, tracking_number: UPS_NUMBER });
    expect(res.status).toBe(200);
    expect(res.json.return_value).toMatchObject({ outcome: 'added', trackingCompany: 'UPS', notified: false, ruleName: null });
    const run = await lastRun();
    expect(run.ruleName).toBeNull();
    expect(run.explanation).toMatchObject({ rule: { name: null }, company: { company: 'UPS', source: 'detected' }, ruleSelection: null });
  });
});

describe('choosing the rule', () => {
  it("the step's rule property forces a rule whatever its when says", async () => {
    await rules(example.document);
    const o = order(MANHATTAN);
    const res = await h.addTracking({ order_id: o.id, tracking_number: BR_NUMBER, rule: 'brazil-correios' });
    expect(res.status).toBe(200);
    expect(res.json.return_value).toMatchObject({ trackingCompany: 'Correios', ruleName: 'brazil-correios' });
    expect((await lastRun()).explanation).toMatchObject({ ruleSelection: { reason: 'forced' } });
  });

  it("an unknown rule name is a 422 naming the shop's add-tracking rules, and nothing is changed", async () => {
    await rules({ rules: [...example.document.rules, { name: 'ups-everything', action: 'add-tracking', carrier: 'UPS' }] });
    const o = order(MANHATTAN);
    const res = await h.addTracking({ order_id: o.id, tracking_number: BR_NUMBER, rule: 'brazil' });
    expect(res.status).toBe(422);
    expect(res.json.error).toMatchObject({
      code: 'rule_not_found',
      message: expect.stringContaining('"brazil-correios", "ups-everything"'),
    });
    expect(mutations()).toEqual([]);
  });

  it('rules are tried by priority; when reads the order, the tracking (with the detected company) and now', async () => {
    await rules({
      rules: [
        {
          name: 'detected-ups',
          action: 'add-tracking',
          priority: 1,
          when: { '==': [{ var: 'tracking.company' }, 'UPS'] },
          tracking_url: { cat: ['https://track.example/ups/', { var: 'tracking.number' }] },
        },
        { name: 'vip', action: 'add-tracking', priority: 2, when: { in: ['vip', { var: 'order.tags' }] }, notify_customer: true },
        { name: 'fallback', action: 'add-tracking', priority: 3, carrier: 'correios' },
      ],
    });
    const ups = await h.addTracking({ order_id: order(MANHATTAN).id, tracking_number: UPS_NUMBER });
    expect(ups.json.return_value).toMatchObject({
      ruleName: 'detected-ups',
      trackingUrl: `https://track.example/ups/${UPS_NUMBER}`,
      trackingCompany: 'UPS',
    });
    const fallback = await h.addTracking({ order_id: order(MANHATTAN).id, tracking_number: 'PLAIN-123' });
    // The rule's carrier is normalised to Shopify's spelling, like the step's.
    expect(fallback.json.return_value).toMatchObject({ ruleName: 'fallback', trackingCompany: 'Correios' });
    const skipped = (await lastRun()).explanation as any;
    expect(skipped.ruleSelection.skipped.map((s: any) => [s.name, s.reason])).toEqual([
      ['detected-ups', 'when_false'],
      ['vip', 'when_false'],
    ]);
  });

  it('a rule whose when reads the order line count gets the real count', async () => {
    await rules({
      rules: [{ name: 'multi-line', action: 'add-tracking', when: { '>': [{ var: 'order.line_count' }, 1] }, carrier: 'DHL Express' }],
    });
    h.sim.store.addProduct({ title: 'A', sku: 'LC-A', inventory: { [L.newark]: 5 } });
    h.sim.store.addProduct({ title: 'B', sku: 'LC-B', inventory: { [L.newark]: 5 } });
    const two = h.sim.store.addOrder({
      shippingAddress: MANHATTAN,
      lineItems: [
        { sku: 'LC-A', quantity: 1 },
        { sku: 'LC-B', quantity: 2 },
      ],
      locationId: L.newark,
    });
    h.sim.store.fulfill(two.id);
    const res = await h.addTracking({ order_id: two.id, tracking_number: 'PLAIN-456' });
    expect(res.json.return_value).toMatchObject({ ruleName: 'multi-line', trackingCompany: 'DHL Express' });
    const one = await h.addTracking({ order_id: order(MANHATTAN).id, tracking_number: 'PLAIN-789' });
    expect(one.json.return_value).toMatchObject({ ruleName: null, trackingCompany: null });
  });
});

describe('precedence: the step, then the rule, then detection', () => {
  const always = {
    name: 'always',
    action: 'add-tracking',
    carrier: 'Correios',
    tracking_url: { cat: ['https://rule.example/', { var: 'tracking.number' }] },
    notify_customer: true,
  };

  it("the step's company, URL and notify win over the rule's; each source is in the explanation", async () => {
    await rules({ rules: [always] });
    const o = order(MANHATTAN);
    const res = await h.addTracking({
      order_id: o.id,
      tracking_number: UPS_NUMBER,
      tracking_company: 'fedex',
      tracking_url: 'https://step.example/x',
      notify_customer: false,
    });
    expect(res.json.return_value).toMatchObject({
      trackingCompany: 'FedEx',
      trackingUrl: 'https://step.example/x',
      notified: false,
      ruleName: 'always',
    });
    expect((await lastRun()).explanation).toMatchObject({
      company: { source: 'property' },
      url: { source: 'property' },
      notify: { notify: false, source: expect.stringContaining('step') },
    });
  });

  it("the rule's values win over detection when the step leaves them empty", async () => {
    await rules({ rules: [always] });
    const res = await h.addTracking({
      order_id: order(MANHATTAN).id,
      tracking_number: UPS_NUMBER,
      tracking_company: '',
      notify_customer: '',
    });
    expect(res.json.return_value).toMatchObject({
      trackingCompany: 'Correios',
      trackingUrl: `https://rule.example/${UPS_NUMBER}`,
      notified: true,
    });
    expect((await lastRun()).explanation).toMatchObject({
      company: { source: 'rule', reason: expect.stringContaining('rule "always" (version 1)') },
    });
  });

  it('a rule carrier of null keeps the default; a name Shopify does not know is passed as written with a warning', async () => {
    await rules({
      rules: [
        {
          name: 'null-carrier',
          action: 'add-tracking',
          priority: 1,
          when: { starts_with: [{ var: 'tracking.number' }, '1Z'] },
          carrier: null,
        },
        { name: 'bob', action: 'add-tracking', priority: 2, carrier: 'Bob Courier' },
      ],
    });
    const kept = await h.addTracking({ order_id: order(MANHATTAN).id, tracking_number: UPS_NUMBER });
    expect(kept.json.return_value).toMatchObject({ ruleName: 'null-carrier', trackingCompany: 'UPS', warnings: [] });
    const bob = await h.addTracking({ order_id: order(MANHATTAN).id, tracking_number: 'BOB-1' });
    expect(bob.json.return_value).toMatchObject({
      ruleName: 'bob',
      trackingCompany: 'Bob Courier',
      warnings: [expect.stringContaining("not one of Shopify's known carrier names")],
    });
  });

  it('a rule tracking_url that is not an http(s) URL fails the run with a rule error, nothing sent', async () => {
    await rules({ rules: [{ name: 'bad-url', action: 'add-tracking', tracking_url: { cat: ['track ', { var: 'tracking.number' }] } }] });
    const res = await h.addTracking({ order_id: order(MANHATTAN).id, tracking_number: UPS_NUMBER });
    expect(res.status).toBe(422);
    expect(res.json.error).toMatchObject({
      code: 'rule_error',
      message: expect.stringContaining('Rule "bad-url", tracking_url: must give an http(s) URL'),
    });
    expect(mutations()).toEqual([]);
  });
});

describe('what the fulfillment already has is kept', () => {
  it('a URL on an existing number is kept after appending, and the new number gets one too', async () => {
    const o = order(MANHATTAN, {
      trackingInfo: { company: 'UPS', numbers: ['1Z999AA10000000001'], urls: ['https://3pl.example/track/1'] },
    });
    const res = await h.addTracking({ order_id: o.id, tracking_number: UPS_NUMBER });
    expect(res.status).toBe(200);
    expect(h.sim.store.fulfillments(o.id)[0]!.trackingInfo).toEqual([
      { company: 'UPS', number: '1Z999AA10000000001', url: 'https://3pl.example/track/1' },
      { company: 'UPS', number: UPS_NUMBER, url: trackingUrlFor('UPS', UPS_NUMBER) },
    ]);
  });

  it("a number of another carrier keeps the fulfillment's company by default, with its own link and a warning; replace relabels", async () => {
    const o = order(SAO_PAULO, { trackingInfo: { company: 'UPS', numbers: ['1Z999AA10000000001'] } });
    const kept = await h.addTracking({ order_id: o.id, tracking_number: BR_NUMBER });
    expect(kept.status).toBe(200);
    expect(kept.json.return_value.warnings).toEqual([expect.stringContaining('Shopify keeps one company per fulfillment')]);
    const info = h.sim.store.fulfillments(o.id)[0]!.trackingInfo;
    expect(info.map((t) => [t.company, t.number])).toEqual([
      ['UPS', '1Z999AA10000000001'],
      ['UPS', BR_NUMBER],
    ]);
    expect(info[1]!.url).toBe(trackingUrlFor('Correios', BR_NUMBER));

    const other = order(SAO_PAULO, { trackingInfo: { company: 'UPS', numbers: ['1Z999AA10000000002'] } });
    const replaced = await h.addTracking({ order_id: other.id, tracking_number: BR_NUMBER, company_conflict: 'replace' });
    expect(replaced.json.return_value).toMatchObject({ trackingCompany: 'Correios', warnings: [] });
    expect(h.sim.store.fulfillments(other.id)[0]!.trackingInfo.map((t) => t.company)).toEqual(['Correios', 'Correios']);
  });

  it("a rule's company_conflict chooses replace; the step's property wins over it", async () => {
    await rules({ rules: [{ name: 'relabel', action: 'add-tracking', company_conflict: 'replace' }] });
    const o = order(SAO_PAULO, { trackingInfo: { company: 'UPS', numbers: ['1Z999AA10000000001'] } });
    expect((await h.addTracking({ order_id: o.id, tracking_number: BR_NUMBER })).json.return_value).toMatchObject({
      trackingCompany: 'Correios',
      ruleName: 'relabel',
    });
    const p = order(SAO_PAULO, { trackingInfo: { company: 'UPS', numbers: ['1Z999AA10000000003'] } });
    expect((await h.addTracking({ order_id: p.id, tracking_number: BR_NUMBER, company_conflict: 'keep' })).json.return_value).toMatchObject(
      { trackingCompany: 'UPS' },
    );
  });

  it('a bad company_conflict is a 400 naming the field', async () => {
    const res = await h.addTracking({ order_id: order(MANHATTAN).id, tracking_number: UPS_NUMBER, company_conflict: 'merge' });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain('properties.company_conflict: must be "keep" or "replace"');
  });

  it('refuses with 422 tracking_url_needed when an existing URL could not be kept, and changes nothing', async () => {
    const o = order(MANHATTAN, { trackingInfo: { company: 'Hermes', numbers: ['H-1'], urls: ['https://hermes.example/H-1'] } });
    const res = await h.addTracking({ order_id: o.id, tracking_number: 'PLAIN-000' });
    expect(res.status).toBe(422);
    expect(res.json.error).toMatchObject({ code: 'tracking_url_needed', message: expect.stringContaining('Give the step a Tracking URL') });
    expect(mutations()).toEqual([]);
    const ok = await h.addTracking({ order_id: o.id, tracking_number: 'PLAIN-000', tracking_url: 'https://hermes.example/PLAIN-000' });
    expect(ok.status).toBe(200);
    expect(h.sim.store.fulfillments(o.id)[0]!.trackingInfo.map((t) => t.url)).toEqual([
      'https://hermes.example/H-1',
      'https://hermes.example/PLAIN-000',
    ]);
  });
});

describe('fulfil-if-needed on every order shape', () => {
  it('on a partly fulfilled order, the open items are fulfilled with the new number; the earlier shipment is untouched', async () => {
    h.sim.store.addProduct({ title: 'P1', sku: 'PF-1', inventory: { [L.newark]: 5 } });
    h.sim.store.addProduct({ title: 'P2', sku: 'PF-2', inventory: { [L.newark]: 5 } });
    const o = h.sim.store.addOrder({
      shippingAddress: MANHATTAN,
      lineItems: [
        { sku: 'PF-1', quantity: 1 },
        { sku: 'PF-2', quantity: 1 },
      ],
      locationId: L.newark,
    });
    h.sim.store.fulfill(o.id, { lines: [{ sku: 'PF-1' }], trackingInfo: { company: 'UPS', numbers: ['1Z999AA10000000001'] } });
    const res = await h.addTracking({ order_id: o.id, tracking_number: UPS_NUMBER, fulfill_if_needed: true });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.return_value).toMatchObject({ outcome: 'fulfilled', trackingNumbers: [UPS_NUMBER] });
    const [first, second] = h.sim.store.fulfillments(o.id);
    expect(first!.trackingInfo.map((t) => t.number)).toEqual(['1Z999AA10000000001']);
    expect(second!.trackingInfo.map((t) => t.number)).toEqual([UPS_NUMBER]);
    expect(h.sim.store.fulfillmentOrders(o.id).every((fo) => fo.status === 'CLOSED')).toBe(true);
  });

  it.each([
    ['the 503 came before Shopify created it', 'before'],
    ['the second fulfillment was created and its answer lost', 'after'],
  ] as const)('a re-send after a 503 on the second location finishes the order (%s)', async (_label, phase) => {
    h.sim.store.addProduct({ title: 'M1', sku: 'ML-1', inventory: { [L.newark]: 5 } });
    h.sim.store.addProduct({ title: 'M2', sku: 'ML-2', inventory: { [L.losAngeles]: 5 } });
    const o = h.sim.store.addOrder({
      shippingAddress: MANHATTAN,
      lineItems: [
        { sku: 'ML-1', quantity: 1 },
        { sku: 'ML-2', quantity: 1 },
      ],
      fulfillmentOrders: [
        { locationId: L.newark, lines: [{ sku: 'ML-1' }] },
        { locationId: L.losAngeles, lines: [{ sku: 'ML-2' }] },
      ],
    });
    let creates = 0;
    const unavailable = () => new Response(SERVICE_UNAVAILABLE_HTML, { status: 503, headers: { 'Content-Type': 'text/html' } });
    if (phase === 'before')
      h.sim.faults.beforeOperation = (name) => (name === 'AddTrackingFulfill' && ++creates === 2 ? unavailable() : undefined);
    else h.onAnswer((name) => (name === 'AddTrackingFulfill' && ++creates === 2 ? unavailable() : undefined));
    const runId = newRunId();
    const body = h.flowBody(
      'add-tracking',
      { order_id: o.id, tracking_number: UPS_NUMBER, fulfill_if_needed: true },
      { action_run_id: runId },
    );
    const first = await h.post('/flow/actions/add-tracking', body);
    expect(first.status, JSON.stringify(first.json)).toBe(202);
    h.sim.faults.beforeOperation = undefined;
    h.onAnswer(undefined);

    const again = await h.post('/flow/actions/add-tracking', body);
    expect(again.status, JSON.stringify(again.json)).toBe(200);
    const fulfillments = h.sim.store.fulfillments(o.id);
    expect(fulfillments).toHaveLength(2);
    expect(fulfillments.every((f) => f.trackingInfo.some((t) => t.number === UPS_NUMBER))).toBe(true);
    expect(again.json.return_value).toMatchObject({ outcome: 'fulfilled', fulfillmentIds: fulfillments.map((f) => f.id) });
    expect(h.sim.store.fulfillmentOrders(o.id).every((fo) => fo.status === 'CLOSED')).toBe(true);
  });
});

describe('carrier detection through Flow: the right company or none', () => {
  const PUROLATOR_ONLY = '320595463938'; // Purolator's Luhn check only
  const FEDEX_ONLY = '799531274483'; // FedEx's mod-11 check only
  const BOTH = '287809468872'; // a published Purolator PIN that passes FedEx's check too
  const TORONTO = { countryCode: 'CA', provinceCode: 'ON', city: 'Toronto', zip: 'M5V 2T6', latitude: 43.6426, longitude: -79.3871 };

  function canadianWarehouse() {
    return h.sim.store.addLocation({
      name: 'Mississauga Warehouse',
      address: {
        address1: '1 Depot Rd',
        city: 'Mississauga',
        province: 'Ontario',
        provinceCode: 'ON',
        country: 'Canada',
        countryCode: 'CA',
        zip: 'L5T 1A1',
      },
    });
  }
  function shippedFrom(locationId: string, open = false) {
    const sku = `CA-${Math.random().toString(36).slice(2, 8)}`;
    h.sim.store.addProduct({ title: sku, sku, inventory: { [locationId]: 5 } });
    const o = h.sim.store.addOrder({ shippingAddress: TORONTO, lineItems: [{ sku, quantity: 1 }], locationId });
    if (!open) h.sim.store.fulfill(o.id);
    return o;
  }

  it('a 12-digit Purolator number on a fulfillment that left a Canadian location is Purolator (the country read only then)', async () => {
    const o = shippedFrom(canadianWarehouse().id);
    const res = await h.addTracking({ order_id: o.id, tracking_number: PUROLATOR_ONLY });
    expect(res.json.return_value).toMatchObject({ trackingCompany: 'Purolator' });
    expect(ops()).toEqual(['AddTrackingOrder', 'AddTrackingFulfillmentOrigin', 'AddTrackingUpdate']);
    expect((await lastRun()).explanation).toMatchObject({
      company: { source: 'detected', reason: expect.stringContaining('shipped from CA') },
    });
  });

  it("with the step's own company, the origin is not read: detection would not be used", async () => {
    const o = shippedFrom(canadianWarehouse().id);
    const res = await h.addTracking({ order_id: o.id, tracking_number: PUROLATOR_ONLY, tracking_company: 'purolator' });
    expect(res.json.return_value).toMatchObject({ trackingCompany: 'Purolator' });
    expect(ops()).toEqual(['AddTrackingOrder', 'AddTrackingUpdate']);
  });

  it('fulfilling from a Canadian location, the fulfillment order gives the country without another read', async () => {
    const o = shippedFrom(canadianWarehouse().id, true);
    const res = await h.addTracking({ order_id: o.id, tracking_number: PUROLATOR_ONLY, fulfill_if_needed: true });
    expect(res.json.return_value).toMatchObject({ outcome: 'fulfilled', trackingCompany: 'Purolator' });
    expect(ops()).toEqual(['AddTrackingOrder', 'AddTrackingFulfill']);
  });

  it('the same number from a US location names nothing; a FedEx-only number from there is FedEx', async () => {
    const purolator = await h.addTracking({ order_id: order(MANHATTAN).id, tracking_number: PUROLATOR_ONLY });
    expect(purolator.json.return_value).toMatchObject({ trackingCompany: null });
    expect((await lastRun()).explanation).toMatchObject({
      company: { company: null, source: 'none', reason: expect.stringContaining('no company named') },
    });
    const fedex = await h.addTracking({ order_id: order(MANHATTAN).id, tracking_number: FEDEX_ONLY });
    expect(fedex.json.return_value).toMatchObject({ trackingCompany: 'FedEx' });
  });

  it('a number both FedEx and Purolator could have issued, from Canada, names neither and says why', async () => {
    const o = shippedFrom(canadianWarehouse().id);
    const res = await h.addTracking({ order_id: o.id, tracking_number: BOTH });
    expect(res.status).toBe(200);
    expect(res.json.return_value).toMatchObject({ trackingCompany: null });
    expect((await lastRun()).explanation).toMatchObject({
      company: { company: null, reason: expect.stringMatching(/fit both FedEx Express .* Purolator/) },
    });
  });

  it.each(['9400111202555842332669', '4201002334249200190132607600833457'])(
    'a USPS Intelligent Mail package barcode (%s) is USPS, never FedEx',
    async (number) => {
      const res = await h.addTracking({ order_id: order(MANHATTAN).id, tracking_number: number });
      expect(res.json.return_value).toMatchObject({ trackingCompany: 'USPS' });
      expect(ops()).toEqual(['AddTrackingOrder', 'AddTrackingUpdate']);
    },
  );
});

describe('the dry run shows the choice without changing anything', () => {
  it('POST /api/simulate names the rule, the carrier, the URL and the notification', async () => {
    // Sandbox mode: a local request without a session token acts as the sandbox shop.
    await h.close();
    h = await createHarness({ sandboxShop: SHOP });
    await rules(example.document);
    const o = order(SAO_PAULO);
    const before = JSON.stringify(h.sim.store.fulfillments(o.id));
    const res = await h.app.request('http://localhost/api/simulate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ handle: 'add-tracking', order_id: o.id, properties: { tracking_number: BR_NUMBER } }),
    });
    const body = (await res.json()) as any;
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.explanation).toMatchObject({
      rule: { name: 'brazil-correios', version: 1 },
      company: { company: 'Correios', source: 'rule' },
      url: { url: CORREIOS_URL },
      notify: { notify: true },
    });
    expect(body.plan).toMatchObject({
      kind: 'update',
      trackingInfoInput: { company: 'Correios', numbers: [BR_NUMBER], urls: [CORREIOS_URL] },
      notifyCustomer: true,
    });
    expect(JSON.stringify(h.sim.store.fulfillments(o.id))).toBe(before);
  });
});
