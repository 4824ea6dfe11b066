/**
 * "Add tracking" edge cases a review found by trying to break it the way a real shop and Shopify
 * would, end to end through signed Flow requests against the simulator: held and scheduled items,
 * re-sends, numbers and URLs as merchants paste them, companies spelled by other apps, two runs
 * for one order at once, Liquid in saved steps; and the edge cases checked that held.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { trackingUrlFor } from '../../src/actions/add-tracking/carrier';
import { importRules } from '../../src/rules/store';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_LOCATIONS as L } from '../../src/sandbox/seed';
import { SERVICE_UNAVAILABLE_HTML } from '../../src/sandbox/simulator/faults';
import type { TrackingInput } from '../../src/sandbox/simulator/operations';
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

const FEDEX_NUMBER = '799531274483';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => h?.close());

const ops = () => operations(h);
const mutationCalls = () => h.sim.calls.filter((c) => c.operationName === 'AddTrackingUpdate' || c.operationName === 'AddTrackingFulfill');
const lastRun = () => lastRunOf(h);
const unavailable = () => new Response(SERVICE_UNAVAILABLE_HTML, { status: 503, headers: { 'Content-Type': 'text/html' } });

const rules = (document: unknown) => importShopRules(h, document);

const example = ADD_TRACKING_EXAMPLE;

const order = (shippingAddress: Parameters<typeof oneItemOrder>[1], options: Parameters<typeof oneItemOrder>[2] = {}) =>
  oneItemOrder(h, shippingAddress, options);

/** Two lines, one fulfillment order at Newark; line 0 shipped with `trackingInfo`, line 1 left open. */
function partlyFulfilled(trackingInfo: TrackingInput) {
  const a = `PA-${Math.random().toString(36).slice(2, 8)}`;
  const b = `PB-${Math.random().toString(36).slice(2, 8)}`;
  h.sim.store.addProduct({ title: a, sku: a, inventory: { [L.newark]: 5 } });
  h.sim.store.addProduct({ title: b, sku: b, inventory: { [L.newark]: 5 } });
  const o = h.sim.store.addOrder({
    shippingAddress: MANHATTAN,
    lineItems: [
      { sku: a, quantity: 1 },
      { sku: b, quantity: 1 },
    ],
    locationId: L.newark,
  });
  h.sim.store.fulfill(o.id, { lines: [{ sku: a }], trackingInfo });
  return o;
}

/** RFC 3986 / 3987: no raw spaces, quotes, angle brackets, braces, pipes, carets or backticks. */
const RFC3986 = /^[A-Za-z][A-Za-z0-9+.-]*:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%\u00A0-\uFFFF]*$/;

// ---------------------------------------------------------------------------------------------
// Problems found

describe('fulfil-if-needed with held items (README: "held ones wait (422 on_hold, or 202 for a temporary hold)")', () => {
  it('a partly fulfilled order whose open items are on hold: the new number is not put on the earlier shipment', async () => {
    const o = partlyFulfilled({ company: 'UPS', numbers: ['1Z999AA10000000001'] });
    const fo = h.sim.store.fulfillmentOrders(o.id).find((f) => f.status === 'IN_PROGRESS')!;
    h.sim.store.hold(fo.id, { reason: 'INVENTORY_OUT_OF_STOCK' });

    const res = await h.addTracking({ order_id: o.id, tracking_number: UPS_NUMBER, fulfill_if_needed: true });
    // The parcel with this number carries the held item; it must wait for the hold, not be
    // recorded as a second box of the first shipment (the customer is told item 1 has two parcels,
    // and item 2 stays unfulfilled for good, since a later run answers already_present).
    expect(h.sim.store.fulfillments(o.id)[0]!.trackingInfo.map((t) => t.number)).toEqual(['1Z999AA10000000001']);
    expect(res.status, JSON.stringify(res.json)).toBe(422);
    expect(res.json.error.code).toBe('on_hold');
  });

  it('a two-location order with one location held: the run does not answer a plain success that hides the held items', async () => {
    h.sim.store.addProduct({ title: 'H1', sku: 'HL-1', inventory: { [L.newark]: 5 } });
    h.sim.store.addProduct({ title: 'H2', sku: 'HL-2', inventory: { [L.losAngeles]: 5 } });
    const o = h.sim.store.addOrder({
      shippingAddress: MANHATTAN,
      lineItems: [
        { sku: 'HL-1', quantity: 1 },
        { sku: 'HL-2', quantity: 1 },
      ],
      fulfillmentOrders: [
        { locationId: L.newark, lines: [{ sku: 'HL-1' }] },
        { locationId: L.losAngeles, lines: [{ sku: 'HL-2' }], holds: [{ reason: 'OTHER', reasonNotes: 'address check' }] },
      ],
    });
    const res = await h.addTracking({ order_id: o.id, tracking_number: UPS_NUMBER, fulfill_if_needed: true });
    const explanation = (await lastRun()).explanation as { notes: string[]; warnings: string[] };
    // Once Newark carries the number, a later run for the held location with the same number is
    // "already_present": nothing will ever ship it with this number. The merchant must at least be told.
    const told = res.status === 202 || (res.json.return_value?.warnings ?? []).some((w: string) => /hold/i.test(w));
    expect(told, `status ${res.status}, return value ${JSON.stringify(res.json)}, notes ${JSON.stringify(explanation.notes)}`).toBe(true);
  });
});

describe('re-sends of the same action_run_id', () => {
  it('after the update was applied and its answer lost, the re-send reports the notification that was sent', async () => {
    const o = order(MANHATTAN);
    let lost = false;
    h.onAnswer((name) => (name === 'AddTrackingUpdate' && !lost ? ((lost = true), unavailable()) : undefined));
    const body = h.flowBody(
      'add-tracking',
      { order_id: o.id, tracking_number: UPS_NUMBER, notify_customer: true },
      { action_run_id: newRunId() },
    );
    const first = await h.post('/flow/actions/add-tracking', body);
    expect(first.status, JSON.stringify(first.json)).toBe(202);
    h.onAnswer(undefined);
    // Shopify applied it, and emailed the customer.
    expect(h.sim.store.fulfillments(o.id)[0]!.trackingUpdates.at(-1)?.notifyCustomer).toBe(true);

    const again = await h.post('/flow/actions/add-tracking', body);
    expect(again.status).toBe(200);
    expect(mutationCalls()).toHaveLength(1);
    expect(again.json.return_value).toMatchObject({ outcome: 'added', trackingNumbers: [UPS_NUMBER] });
    // A workflow branching on "notified" (e.g. "if not notified, send our own email") would email twice.
    expect(again.json.return_value.notified).toBe(true);
  });
});

describe('numbers as merchants paste them', () => {
  it('the docs worked example ("Brazil → Correios") works for a number pasted with spaces', async () => {
    await rules(example.document);
    const o = order(SAO_PAULO);
    // Correios and Royal Mail print S10 numbers in groups: "RA 123 456 785 BR".
    const res = await h.addTracking({ order_id: o.id, tracking_number: 'RA 123 456 785 BR' });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.return_value.trackingUrl).toBe('https://rastreamento.correios.com.br/app/index.php?objeto=RA123456785BR');
  });
});

describe('URLs sent to Shopify (FulfillmentTrackingInput.urls: "Each URL must be an RFC 3986 and RFC 3987-compliant URI string")', () => {
  it("the step's Tracking URL with a raw space is refused (400) or encoded, never sent as is", async () => {
    const o = order(MANHATTAN);
    const res = await h.addTracking({
      order_id: o.id,
      tracking_number: 'PLAIN-123',
      tracking_url: 'https://track.example/find?q=PLAIN 123',
    });
    if (res.status === 400) return;
    const sent = mutationCalls().flatMap(
      (c) =>
        (
          (c.variables.trackingInfoInput ?? (c.variables.fulfillment as { trackingInfo?: TrackingInput } | undefined)?.trackingInfo) as
            TrackingInput | undefined
        )?.urls ?? [],
    );
    for (const url of sent) expect(url, 'sent to Shopify').toMatch(RFC3986);
  });

  it('the simulated Admin API refuses a URL that is not one, as Shopify does (its URL scalar accepts anything)', async () => {
    const o = order(MANHATTAN);
    const fulfillmentId = h.sim.store.fulfillments(o.id)[0]!.id;
    const response = await h.sim.fetch(
      new Request(`https://${SHOP}/admin/api/2026-07/graphql.json`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Shopify-Access-Token': SANDBOX_ACCESS_TOKEN },
        body: JSON.stringify({
          query:
            'mutation T($id: ID!, $t: FulfillmentTrackingInput!) { fulfillmentTrackingInfoUpdate(fulfillmentId: $id, trackingInfoInput: $t) { fulfillment { id } userErrors { message } } }',
          variables: { id: fulfillmentId, t: { numbers: ['X1'], urls: ['not a url at all'] } },
        }),
      }),
    );
    const body = (await response.json()) as { errors?: unknown[]; data?: unknown };
    expect(body.errors, JSON.stringify(body)).toBeDefined();
    expect(h.sim.store.fulfillments(o.id)[0]!.trackingInfo.map((t) => t.url)).not.toContain('not a url at all');
  });
});

describe('what the fulfillment already has', () => {
  it.each([
    ['Fedex', FEDEX_NUMBER],
    ['ups', UPS_NUMBER],
  ])('an existing company spelled %s and a number of that same carrier is no company conflict', async (spelling, number) => {
    const o = order(MANHATTAN, { trackingInfo: { company: spelling, numbers: ['OLD-1'] } });
    const res = await h.addTracking({ order_id: o.id, tracking_number: number });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    // Not "Shopify keeps one company per fulfillment: ... under Fedex, so ... (FedEx) is listed under Fedex too".
    expect(res.json.return_value.warnings).toEqual([]);
  });

  it('a tracking URL without a number on the fulfillment is not silently dropped by the replace-the-list update', async () => {
    // Shopify's input allows urls without numbers (numbers and urls are separate, optional lists).
    const o = order(MANHATTAN, { trackingInfo: { urls: ['https://3pl.example/shipment/77'] } });
    expect(h.sim.store.fulfillments(o.id)[0]!.trackingInfo).toEqual([
      { company: null, number: null, url: 'https://3pl.example/shipment/77' },
    ]);
    const res = await h.addTracking({ order_id: o.id, tracking_number: UPS_NUMBER });
    const urls = h.sim.store.fulfillments(o.id)[0]!.trackingInfo.map((t) => t.url);
    // Either kept, or the run refuses (422, nothing changed) as it does for numbers' URLs.
    if (res.status === 422) expect(mutationCalls()).toEqual([]);
    else expect(urls, JSON.stringify(res.json)).toContain('https://3pl.example/shipment/77');
  });

  it('tracking_url_needed under company_conflict keep names the way out that works (replace)', async () => {
    // A Hermes fulfillment without links; a UPS number under "keep" needs a link for each number.
    const o = order(MANHATTAN, { trackingInfo: { company: 'Hermes', numbers: ['H-1'] } });
    const res = await h.addTracking({ order_id: o.id, tracking_number: UPS_NUMBER });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe('tracking_url_needed');
    // The message says "Add this number in the Shopify admin." only; replace would have worked:
    const replaced = await h.addTracking({ order_id: o.id, tracking_number: UPS_NUMBER, company_conflict: 'replace' });
    expect(replaced.status).toBe(200);
    expect(res.json.error.message).toContain('company_conflict');
  });
});

describe('the forced rule (README: "an unknown or disabled name fails with 422 ..., naming the shop\'s add-tracking rules")', () => {
  it("a disabled rule forced by the step: 422 rule_disabled naming the shop's add-tracking rules", async () => {
    await rules({
      rules: [
        { ...example.document.rules[0], enabled: false },
        { name: 'ups-everything', action: 'add-tracking', carrier: 'UPS' },
      ],
    });
    const res = await h.addTracking({ order_id: order(MANHATTAN).id, tracking_number: UPS_NUMBER, rule: 'brazil-correios' });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe('rule_disabled');
    expect(mutationCalls()).toEqual([]);
    expect(res.json.error.message).toContain('"ups-everything"');
  });
});

describe("two runs for one order at once (a 3PL posting two boxes' numbers)", () => {
  it('two different numbers sent concurrently both end up on the fulfillment', async () => {
    const o = order(MANHATTAN, { trackingInfo: { company: 'UPS', numbers: ['1Z999AA10000000001'] } });
    const bodies = [UPS_NUMBER, '1Z999AA10000000002'].map((n) =>
      h.flowBody('add-tracking', { order_id: o.id, tracking_number: n }, { action_run_id: newRunId() }),
    );
    let answers = await Promise.all(bodies.map((body) => h.post('/flow/actions/add-tracking', body)));
    // One works on the order; the other answers 202 order_busy and Flow re-sends it.
    expect(answers.map((a) => a.status).sort()).toEqual([200, 202]);
    expect(answers.find((a) => a.status === 202)!.json).toMatchObject({ status: 'pending', reason: 'order_busy' });
    answers = await Promise.all(bodies.map((body) => h.post('/flow/actions/add-tracking', body)));
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    // fulfillmentTrackingInfoUpdate replaces the list: each run sent "what it read + its number".
    expect(
      h.sim.store
        .fulfillments(o.id)[0]!
        .trackingInfo.map((t) => t.number)
        .sort(),
    ).toEqual(['1Z999AA10000000001', '1Z999AA10000000002', UPS_NUMBER].sort());
  });
});

describe('fulfil-if-needed on a scheduled order (README Flow responses: "a scheduled fulfillment order opening within 20 hours" → 202)', () => {
  it('one that opens in three days fails with 422 scheduled, the same answer as the fulfillment actions give, and changes nothing', async () => {
    h.sim.store.addProduct({ title: 'SF', sku: 'SF-1', inventory: { [L.newark]: 5 } });
    const o = h.sim.store.addOrder({
      shippingAddress: MANHATTAN,
      lineItems: [{ sku: 'SF-1', quantity: 1 }],
      locationId: L.newark,
      fulfillAt: h.clock.now() + 72 * 3_600_000,
    });
    const res = await h.addTracking({ order_id: o.id, tracking_number: UPS_NUMBER, fulfill_if_needed: true });
    expect(res.status).toBe(422);
    expect(res.json.error).toMatchObject({ code: 'scheduled', message: expect.stringContaining('more than 20 hours away') });
    expect(mutationCalls()).toEqual([]);
  });

  it('an order whose only fulfillment order opens in two hours answers 202, not a 422 that fails the step', async () => {
    h.sim.store.addProduct({ title: 'SC', sku: 'SC-1', inventory: { [L.newark]: 5 } });
    const o = h.sim.store.addOrder({
      shippingAddress: MANHATTAN,
      lineItems: [{ sku: 'SC-1', quantity: 1 }],
      locationId: L.newark,
      fulfillAt: h.clock.now() + 2 * 3_600_000,
    });
    expect(h.sim.store.fulfillmentOrders(o.id)[0]!.status).toBe('SCHEDULED');
    const res = await h.addTracking({ order_id: o.id, tracking_number: UPS_NUMBER, fulfill_if_needed: true });
    expect(res.status, JSON.stringify(res.json)).toBe(202);
  });
});

describe('/flow/validate with company_conflict', () => {
  it('a Liquid variable in company_conflict is accepted when the workflow is saved (as it is for rule)', async () => {
    const res = await h.post(
      '/flow/validate',
      JSON.stringify({
        shop_id: 1,
        shopify_domain: SHOP,
        handle: 'add-tracking',
        properties: {
          tracking_number: 'X',
          company_conflict: '{{ order.metafields.custom.conflict }}',
          rule: '{{ order.metafields.custom.rule }}',
        },
      }),
    );
    expect(res.status).toBe(200);
    expect(res.json).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Edge cases checked that held

describe('edge cases that hold', () => {
  it("a rule of another action forced by the step: 422 naming the shop's add-tracking rules", async () => {
    await rules({
      rules: [
        ...example.document.rules,
        { name: 'nearest', action: 'fulfill-from-best-location', score: { '-': [0, { var: 'location.distance_km' }] } },
      ],
    });
    const res = await h.addTracking({ order_id: order(MANHATTAN).id, tracking_number: UPS_NUMBER, rule: 'nearest' });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe('rule_not_found');
    expect(res.json.error.message).toContain('"brazil-correios"');
  });

  it('a number already on the fulfillment in another case and spacing is already_present; nothing sent', async () => {
    const o = order(MANHATTAN, { trackingInfo: { company: 'UPS', numbers: ['1z999aa10123456784'] } });
    const res = await h.addTracking({ order_id: o.id, tracking_number: '1Z 999 AA1 0123 4567 84' });
    expect(res.status).toBe(200);
    expect(res.json.return_value).toMatchObject({ outcome: 'already_present' });
    expect(mutationCalls()).toEqual([]);
  });

  it('a number that is only on a cancelled fulfillment goes on the live one; the cancelled one is untouched', async () => {
    const a = `CF-${Math.random().toString(36).slice(2, 8)}`;
    const b = `CG-${Math.random().toString(36).slice(2, 8)}`;
    h.sim.store.addProduct({ title: a, sku: a, inventory: { [L.newark]: 5 } });
    h.sim.store.addProduct({ title: b, sku: b, inventory: { [L.newark]: 5 } });
    const o = h.sim.store.addOrder({
      shippingAddress: MANHATTAN,
      lineItems: [
        { sku: a, quantity: 1 },
        { sku: b, quantity: 1 },
      ],
      locationId: L.newark,
    });
    const live = h.sim.store.fulfill(o.id, { lines: [{ sku: a }], trackingInfo: { company: 'UPS', numbers: ['1Z999AA10000000001'] } });
    const cancelled = h.sim.store.fulfill(o.id, { lines: [{ sku: b }], trackingInfo: { company: 'UPS', numbers: [UPS_NUMBER] } });
    h.sim.store.cancelFulfillment(cancelled.id);
    const res = await h.addTracking({ order_id: o.id, tracking_number: UPS_NUMBER });
    expect(res.status).toBe(200);
    expect(res.json.return_value).toMatchObject({
      outcome: 'added',
      fulfillmentId: live.id,
      trackingNumbers: ['1Z999AA10000000001', UPS_NUMBER],
    });
    expect(h.sim.store.fulfillment(cancelled.id)!.trackingUpdates).toEqual([]);
  });

  it('rule carrier and tracking_url giving "" or whitespace keep the default (detection, no URL)', async () => {
    await rules({ rules: [{ name: 'blank', action: 'add-tracking', carrier: { cat: ['', ' '] }, tracking_url: '   ' }] });
    const res = await h.addTracking({ order_id: order(MANHATTAN).id, tracking_number: UPS_NUMBER });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.return_value).toMatchObject({ ruleName: 'blank', trackingCompany: 'UPS', warnings: [] });
    expect((await lastRun()).explanation).toMatchObject({ company: { source: 'detected' }, url: { source: 'none' } });
  });

  it('a rule carrier that gives a number is refused when the rules are saved, with its JSON path', async () => {
    const result = await importRules(
      h.db,
      SHOP,
      { rules: [{ name: 'numeric', action: 'add-tracking', carrier: { '+': [1, 2] } }] },
      Date.now(),
    );
    expect(result).toMatchObject({ ok: false, errors: [{ path: '/rules/0/carrier' }] });
  });

  it('a URL with a query, fragment, percent-escapes and non-ASCII from the step is sent as given', async () => {
    const url = 'https://track.example/suivi?n=PLAIN-9&lang=fr#résumé%20x';
    const o = order(MANHATTAN);
    const res = await h.addTracking({ order_id: o.id, tracking_number: 'PLAIN-9', tracking_url: url });
    expect(res.status).toBe(200);
    expect(h.sim.store.fulfillments(o.id)[0]!.trackingInfo.at(-1)!.url).toBe(url);
  });

  it('several fulfillment orders at one location and a pickup one: one fulfillmentCreate for the shipping ones, pickup left', async () => {
    h.sim.store.addProduct({ title: 'S1', sku: 'SL-1', inventory: { [L.newark]: 5 } });
    h.sim.store.addProduct({ title: 'S2', sku: 'SL-2', inventory: { [L.newark]: 5 } });
    h.sim.store.addProduct({ title: 'S3', sku: 'SL-3', inventory: { [L.losAngeles]: 5 } });
    const o = h.sim.store.addOrder({
      shippingAddress: MANHATTAN,
      lineItems: [
        { sku: 'SL-1', quantity: 1 },
        { sku: 'SL-2', quantity: 1 },
        { sku: 'SL-3', quantity: 1 },
      ],
      fulfillmentOrders: [
        { locationId: L.newark, lines: [{ sku: 'SL-1' }] },
        { locationId: L.newark, lines: [{ sku: 'SL-2' }] },
        { locationId: L.losAngeles, lines: [{ sku: 'SL-3' }], deliveryMethod: 'PICK_UP' },
      ],
    });
    const res = await h.addTracking({ order_id: o.id, tracking_number: UPS_NUMBER, fulfill_if_needed: true });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(ops()).toEqual(['AddTrackingOrder', 'AddTrackingFulfill']);
    expect((mutationCalls()[0]!.variables.fulfillment as any).lineItemsByFulfillmentOrder).toHaveLength(2);
    const pickup = h.sim.store.fulfillmentOrders(o.id).find((fo) => fo.deliveryMethod.methodType === 'PICK_UP')!;
    expect(pickup.status).toBe('OPEN');
    expect(((await lastRun()).explanation as any).notes.join(' ')).toContain('PICK_UP');
  });

  it('re-send after the only fulfillmentCreate was applied and its answer lost: fulfilled, no second create', async () => {
    const o = order(MANHATTAN, { open: true });
    let lost = false;
    h.onAnswer((name) => (name === 'AddTrackingFulfill' && !lost ? ((lost = true), unavailable()) : undefined));
    const body = h.flowBody(
      'add-tracking',
      { order_id: o.id, tracking_number: UPS_NUMBER, fulfill_if_needed: true, notify_customer: true },
      { action_run_id: newRunId() },
    );
    expect((await h.post('/flow/actions/add-tracking', body)).status).toBe(202);
    h.onAnswer(undefined);
    const again = await h.post('/flow/actions/add-tracking', body);
    expect(again.status).toBe(200);
    const fulfillments = h.sim.store.fulfillments(o.id);
    expect(fulfillments).toHaveLength(1);
    expect(mutationCalls()).toHaveLength(1);
    expect(again.json.return_value).toMatchObject({ outcome: 'fulfilled', fulfillmentIds: [fulfillments[0]!.id], notified: true });
    // A third delivery returns the stored answer and calls nothing.
    const calls = h.sim.calls.length;
    expect((await h.post('/flow/actions/add-tracking', body)).json).toEqual(again.json);
    expect(h.sim.calls.length).toBe(calls);
  });

  it('re-send after a 503 before the update reached Shopify: sent once, with the URL kept', async () => {
    const o = order(MANHATTAN, { trackingInfo: { company: 'UPS', numbers: ['1Z999AA10000000001'], urls: ['https://3pl.example/1'] } });
    let failed = false;
    h.sim.faults.beforeOperation = (name) => (name === 'AddTrackingUpdate' && !failed ? ((failed = true), unavailable()) : undefined);
    const body = h.flowBody('add-tracking', { order_id: o.id, tracking_number: UPS_NUMBER }, { action_run_id: newRunId() });
    expect([202, 503]).toContain((await h.post('/flow/actions/add-tracking', body)).status);
    h.sim.faults.beforeOperation = undefined;
    const again = await h.post('/flow/actions/add-tracking', body);
    expect(again.status).toBe(200);
    expect(h.sim.store.fulfillments(o.id)[0]!.trackingInfo).toEqual([
      { company: 'UPS', number: '1Z999AA10000000001', url: 'https://3pl.example/1' },
      { company: 'UPS', number: UPS_NUMBER, url: trackingUrlFor('UPS', UPS_NUMBER) },
    ]);
  });

  it('a temporary hold with nothing else to fulfil answers 202, and the re-send after release fulfils', async () => {
    h.sim.store.addProduct({ title: 'T1', sku: 'TH-1', inventory: { [L.newark]: 5 } });
    const o = h.sim.store.addOrder({
      shippingAddress: MANHATTAN,
      lineItems: [{ sku: 'TH-1', quantity: 1 }],
      locationId: L.newark,
      hold: { reason: 'ONLINE_STORE_POST_PURCHASE_CROSS_SELL' },
    });
    const body = h.flowBody(
      'add-tracking',
      { order_id: o.id, tracking_number: UPS_NUMBER, fulfill_if_needed: true },
      { action_run_id: newRunId() },
    );
    const first = await h.post('/flow/actions/add-tracking', body);
    expect(first.status).toBe(202);
    h.sim.store.releaseHolds(h.sim.store.fulfillmentOrders(o.id)[0]!.id);
    const again = await h.post('/flow/actions/add-tracking', body);
    expect(again.status, JSON.stringify(again.json)).toBe(200);
    expect(again.json.return_value).toMatchObject({ outcome: 'fulfilled' });
  });

  it('the dry run of fulfil-if-needed on a two-location order shows both groups and changes nothing', async () => {
    await h.close();
    h = await createHarness({ sandboxShop: SHOP });
    h.sim.store.addProduct({ title: 'D1', sku: 'DR-1', inventory: { [L.newark]: 5 } });
    h.sim.store.addProduct({ title: 'D2', sku: 'DR-2', inventory: { [L.losAngeles]: 5 } });
    const o = h.sim.store.addOrder({
      shippingAddress: MANHATTAN,
      lineItems: [
        { sku: 'DR-1', quantity: 1 },
        { sku: 'DR-2', quantity: 1 },
      ],
      fulfillmentOrders: [
        { locationId: L.newark, lines: [{ sku: 'DR-1' }] },
        { locationId: L.losAngeles, lines: [{ sku: 'DR-2' }] },
      ],
    });
    const res = await h.app.request('http://localhost/api/simulate', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        handle: 'add-tracking',
        order_id: o.id,
        properties: { tracking_number: UPS_NUMBER, fulfill_if_needed: 'true', company_conflict: 'Replace' },
      }),
    });
    const body = (await res.json()) as any;
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body.plan).toMatchObject({ kind: 'create', trackingInfo: { company: 'UPS', numbers: [UPS_NUMBER] } });
    expect(body.plan.groups).toHaveLength(2);
    expect(body.explanation.companyConflict).toMatchObject({ policy: 'replace' });
    expect(h.sim.store.fulfillments(o.id)).toEqual([]);
    expect(mutationCalls()).toEqual([]);
  });
});
