// Fulfillment analytics end to end: signed Flow runs against the simulator capture their facts in the
// ledger, and GET /api/analytics computes the figures from them in SQL, for the token's shop only.
import '@shopify/shopify-api/adapters/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { explainAnalytics } from '../../src/db/analytics-queries';
import { redactOrderRuns, deleteShopData } from '../../src/db/compliance';
import { runLocations, runs } from '../../src/db/schema';
import { registerShop } from '../../src/db/shops';
import { importRules } from '../../src/rules/store';
import { SANDBOX_LOCATIONS as L, SANDBOX_ORDERS as O } from '../../src/sandbox/seed';
import { API_KEY, bodyOf, sessionToken, stubTokenEndpoint } from '../auth/helpers';
import { runMain } from '../cli/run-cli';
import { createHarness, SHOP, type Harness } from '../helpers/harness';
import { eq } from 'drizzle-orm';

const BEST = 'fulfill-from-best-location';
const READY = 'partial-fulfill-ready-items';
const HOUR = 3_600_000;
const MINUTE = 60_000;
const START = Date.UTC(2026, 11, 1, 9, 0, 0);
let now = START;
let h: Harness;

beforeEach(async () => {
  now = START;
  h = await createHarness({ apiKey: API_KEY, clock: { now: () => now, sleep: async () => undefined } });
  stubTokenEndpoint(() => ({ status: 500, body: {} }));
});
afterEach(async () => {
  await h.close();
});

const send = (handle: string, properties: Record<string, unknown>) => h.post(`/flow/actions/${handle}`, h.flowBody(handle, properties));

async function get(path: string, shop = SHOP) {
  const res = await h.app.request(`https://flowfill.example.com${path}`, {
    headers: { Authorization: `Bearer ${await sessionToken({ shop })}` },
  });
  return { status: res.status, json: await bodyOf(res) };
}

/** An order placed at `placedAt`, assigned to Newark, shipped to Manhattan. */
function addOrder(lineItems: { sku: string; quantity: number }[], placedAt: number, extra: Record<string, unknown> = {}) {
  return h.sim.store.addOrder({
    createdAt: new Date(placedAt),
    shippingAddress: { countryCode: 'US', provinceCode: 'NY', city: 'New York', zip: '10001', latitude: 40.7506, longitude: -73.9972 },
    lineItems,
    locationId: L.newark,
    ...extra,
  });
}

async function runOf(orderId: string) {
  const all = await h.db.select().from(runs).where(eq(runs.orderId, orderId));
  expect(all).toHaveLength(1);
  return all[0]!;
}

describe('capture: every finished run keeps its facts', () => {
  it('a run that fulfilled in place: lead time, one parcel, its units and the distance, no personal data', async () => {
    const order = addOrder([{ sku: 'MUG-BLK', quantity: 2 }], START - 3 * HOUR);
    expect((await send(BEST, { order_id: order.id, notify_customer: true })).status).toBe(200);
    const run = await runOf(order.id);
    expect(run).toMatchObject({
      orderCreatedAt: START - 3 * HOUR,
      fulfilledAt: START,
      leadTimeMs: 3 * HOUR,
      fulfillmentCount: 1,
      unitsFulfilled: 2,
      moveCount: 0,
      linesLeft: 0,
      notified: true,
      trackingCompany: null,
      trackingSource: null,
      pendingMs: null,
    });
    const locations = await h.db.select().from(runLocations).where(eq(runLocations.runId, run.id));
    // Newark to Manhattan is about 14 km; the address itself is not stored anywhere in the row.
    expect(locations).toMatchObject([{ locationId: L.newark, role: 'shipped', units: 2, distanceKm: expect.any(Number) }]);
    expect(locations[0]!.distanceKm).toBeGreaterThan(5);
    expect(locations[0]!.distanceKm).toBeLessThan(30);
    expect(JSON.stringify(locations)).not.toMatch(/New York|10001/);
  });

  it('a move and a split: the location moved out of and into, two parcels', async () => {
    await importRules(h.db, SHOP, { rules: [{ name: 'split', action: BEST, allow_split: true }] }, now);
    const order = addOrder(
      [
        { sku: 'BEANIE-GRY', quantity: 2 },
        { sku: 'TOTE-NAT', quantity: 3 },
      ],
      START - HOUR,
    );
    const res = await send(BEST, { order_id: order.id });
    expect(res.json.return_value.fulfillmentIds).toHaveLength(2);
    const run = await runOf(order.id);
    expect(run).toMatchObject({ fulfillmentCount: 2, unitsFulfilled: 5, moveCount: 1, ruleName: 'split', ruleVersion: 1 });
    const rows = await h.db.select().from(runLocations).where(eq(runLocations.runId, run.id));
    expect(rows.map((r) => `${r.role} ${r.locationId} ${r.units}`).sort()).toEqual(
      [`moved_in ${L.losAngeles} 3`, `moved_out ${L.newark} 3`, `shipped ${L.losAngeles} 3`, `shipped ${L.newark} 2`].sort(),
    );
  });

  it('add tracking: the company and how it was chosen, and whether the customer was told', async () => {
    expect(
      (await h.addTracking({ order_id: O.fulfilledNoTracking, tracking_number: '1Z999AA10123456784', notify_customer: true })).status,
    ).toBe(200);
    const run = await runOf(O.fulfilledNoTracking);
    expect(run).toMatchObject({ trackingCompany: 'UPS', trackingSource: 'detected', notified: true, fulfillmentCount: 0 });
  });

  it('a run that waited: how long and why, from its first 202 to its outcome', async () => {
    const order = addOrder([{ sku: 'MUG-BLK', quantity: 1 }], START - 10 * MINUTE, { fulfillmentOrdersReadyAt: START + 4 * MINUTE });
    const body = h.flowBody(BEST, { order_id: order.id });
    expect((await h.post(`/flow/actions/${BEST}`, body)).status).toBe(202);
    now += 2 * MINUTE;
    expect((await h.post(`/flow/actions/${BEST}`, body)).status).toBe(202);
    now += 5 * MINUTE;
    expect((await h.post(`/flow/actions/${BEST}`, body)).status).toBe(200);
    const run = await runOf(order.id);
    expect(run).toMatchObject({ pendingReason: 'fulfillment_orders_not_ready', pendingSince: START, pendingMs: 7 * MINUTE });
  });

  it('customers/redact and shop/redact clear the facts with the other details', async () => {
    const order = addOrder([{ sku: 'MUG-BLK', quantity: 1 }], START - HOUR);
    await send(BEST, { order_id: order.id });
    expect(await redactOrderRuns(h.db, SHOP, [order.id], now)).toBe(1);
    const run = await runOf(order.id);
    expect(run).toMatchObject({ orderCreatedAt: null, leadTimeMs: null, unitsFulfilled: null, fulfillmentCount: null, notified: null });
    expect(await h.db.select().from(runLocations)).toEqual([]);

    const other = addOrder([{ sku: 'MUG-BLK', quantity: 1 }], START - HOUR);
    await send(BEST, { order_id: other.id });
    expect((await h.db.select().from(runLocations)).length).toBeGreaterThan(0);
    await deleteShopData(h.db, SHOP);
    expect(await h.db.select().from(runLocations)).toEqual([]);
  });
});

describe('GET /api/analytics', () => {
  /** Three days of runs: fulfilled in place, moved, split, partial, tracking, a wait and a failure. */
  async function history() {
    await importRules(h.db, SHOP, { rules: [{ name: 'split', action: BEST, allow_split: true }] }, now);
    // Day 1: in place (lead 2 h), moved to LA (lead 4 h).
    const inPlace = addOrder([{ sku: 'MUG-BLK', quantity: 1 }], now - 2 * HOUR);
    await send(BEST, { order_id: inPlace.id, notify_customer: true });
    await send(BEST, { order_id: O.stockElsewhere });
    // Day 2: a split (lead 1 h) and a partial run with a line left.
    now += 24 * HOUR;
    const split = addOrder(
      [
        { sku: 'BEANIE-GRY', quantity: 2 },
        { sku: 'TOTE-NAT', quantity: 3 },
      ],
      now - HOUR,
    );
    await send(BEST, { order_id: split.id });
    const partial = addOrder(
      [
        { sku: 'MUG-BLK', quantity: 1 },
        { sku: 'TOTE-NAT', quantity: 1 },
      ],
      now - HOUR,
    );
    await send(READY, { order_id: partial.id });
    // Day 3: tracking detected, and a failure.
    now += 24 * HOUR;
    await h.addTracking({ order_id: O.fulfilledNoTracking, tracking_number: '1Z999AA10123456784' });
    await send(BEST, { order_id: 'gid://shopify/Order/999999' });
    return { partial };
  }

  it('computes lead times, locations, splits, partial runs, rules, tracking, notifications and Admin API points', async () => {
    await history();
    const res = await get('/api/analytics?from=2026-12-01&to=2026-12-03');
    expect(res.status).toBe(200);
    const a = res.json;
    expect(a.range).toEqual({ from: '2026-12-01', to: '2026-12-03', action: null, location: null });
    expect(a.previous).toMatchObject({ from: '2026-11-28', to: '2026-11-30', runs: 0, lead_time_median_ms: null });
    expect(a.outcomes).toEqual({ runs: 6, succeeded: 5, noop: 0, failed: 1 });
    // Four fulfilling best-location/partial runs; #1003 was placed days before the sandbox's clock.
    expect(a.lead_time.fulfilled_runs).toBe(4);
    expect(a.lead_time.by_day.map((d: any) => d.date)).toEqual(['2026-12-01', '2026-12-02']);
    expect(a.lead_time.by_day[1]).toMatchObject({ runs: 2, median_ms: HOUR, p90_ms: HOUR });
    expect(a.splits).toEqual({ fulfilled_runs: 4, split_runs: 1, rate: 0.25, extra_parcels: 1 });
    expect(a.moves.runs_with_moves).toBe(2);
    const la = a.locations.find((l: any) => l.location_id === L.losAngeles);
    const newark = a.locations.find((l: any) => l.location_id === L.newark);
    expect(la).toMatchObject({ name: 'Los Angeles Warehouse', moves_in: 2, moves_out: 0 });
    expect(newark).toMatchObject({ name: 'Newark Warehouse', moves_out: 2, moves_in: 0 });
    expect(newark.orders + la.orders).toBe(5); // the split shipped from both
    expect(a.partial).toMatchObject({ runs: 1, closed_later: 0, open_median_ms: null });
    expect(a.rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: BEST, rule: 'split', version: 1, runs: 3, succeeded: 3, failed: 0, split_runs: 1 }),
        // The unknown order failed before any rule was chosen.
        expect.objectContaining({ action: BEST, rule: null, version: null, runs: 1, failed: 1 }),
        expect.objectContaining({ action: READY, rule: null, runs: 1, partial_runs: 1, average_lead_time_ms: HOUR }),
        expect.objectContaining({ action: 'add-tracking', rule: null, version: null, runs: 1, succeeded: 1 }),
      ]),
    );
    expect(a.tracking).toEqual([{ company: 'UPS', source: 'detected', runs: 1 }]);
    expect(a.notifications).toEqual({ sent: 1, not_sent: 4 });
    expect(a.admin_api.actual_points).toBeGreaterThan(0);
    // The attention trigger a partial run fires is an Admin API call of that run too.
    expect(a.admin_api.calls).toBe(h.sim.calls.length);
  });

  it('gives the same percentiles whether it reads them in index order (a large share of the shop) or sorts the range (a small one)', async () => {
    await history();
    // Day 4: ten more fulfilled orders, so that day 2 alone is under a fifth of the shop's.
    now += 24 * HOUR;
    for (let i = 0; i < 10; i++) await send(BEST, { order_id: addOrder([{ sku: 'MUG-BLK', quantity: 1 }], now - (i + 1) * HOUR).id });
    const whole = (await get('/api/analytics?from=2026-12-01&to=2026-12-04')).json;
    expect(whole.lead_time.fulfilled_runs).toBe(14);
    expect(whole.lead_time.by_day.at(-1)).toMatchObject({ date: '2026-12-04', runs: 10, median_ms: 5 * HOUR, p90_ms: 9 * HOUR });
    const oneDay = (await get('/api/analytics?from=2026-12-02&to=2026-12-02')).json;
    expect(oneDay.lead_time.by_day).toEqual([whole.lead_time.by_day.find((d: any) => d.date === '2026-12-02')]);
    expect(oneDay.lead_time).toMatchObject({ fulfilled_runs: 2, median_ms: HOUR, p90_ms: HOUR });
  });

  it('compares with the previous period of the same length', async () => {
    await history();
    const res = await get('/api/analytics?from=2026-12-02&to=2026-12-03');
    // Day 1 (the previous period's second day) fulfilled two orders in one parcel each: 2 h and #1003's days-old order.
    expect(res.json.previous).toMatchObject({ from: '2026-11-30', to: '2026-12-01', runs: 2, split_rate: 0 });
    expect(res.json.previous.lead_time_median_ms).toBe(2 * HOUR);
  });

  it('filters by action and by location; a partial run is closed by a later run that leaves nothing open', async () => {
    const { partial } = await history();
    const onlyTracking = await get('/api/analytics?from=2026-12-01&to=2026-12-03&action=add-tracking');
    expect(onlyTracking.json.outcomes.runs).toBe(1);
    const atLa = await get(`/api/analytics?from=2026-12-01&to=2026-12-03&location=${encodeURIComponent(L.losAngeles)}`);
    expect(atLa.json.outcomes.runs).toBe(2);
    // The open line gets stock and a later run ships it.
    h.sim.store.setInventory('TOTE-NAT', L.newark, { available: 5 });
    now += HOUR;
    await send(READY, { order_id: partial.id });
    const after = await get('/api/analytics?from=2026-12-01&to=2026-12-03');
    expect(after.json.partial).toMatchObject({ runs: 1, closed_later: 1, open_median_ms: 25 * HOUR });
  });

  it('is the token’s shop only, an empty report without runs, and 400 for a bad range', async () => {
    await registerShop(h.db, { shop: 'other.myshopify.com', accessToken: 'shpat_other', scopes: ['read_orders'], now });
    await history();
    const other = await get('/api/analytics?from=2026-12-01&to=2026-12-03', 'other.myshopify.com');
    expect(other.status).toBe(200);
    expect(other.json.outcomes.runs).toBe(0);
    expect(other.json.lead_time).toMatchObject({ fulfilled_runs: 0, median_ms: null, by_day: [] });
    for (const query of [
      'from=2026-12-05&to=2026-12-01',
      'from=yesterday',
      'to=2026-02-30',
      'action=ship-it',
      'location=Newark',
      'from=2024-01-01&to=2026-01-01',
    ]) {
      const res = await get(`/api/analytics?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.json.error.code).toBe('invalid_query');
    }
  });

  it('exports the report and the runs as RFC 4180 CSV, and `flowfill report` prints the same figures', async () => {
    await history();
    const res = await h.app.request('https://flowfill.example.com/api/analytics.csv?from=2026-12-01&to=2026-12-03', {
      headers: { Authorization: `Bearer ${await sessionToken({ shop: SHOP })}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="flowfill-analytics-2026-12-01_2026-12-03.csv"');
    const csv = await res.text();
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('section,dimension,metric,value');
    expect(lines).toContain('splits,all,split_runs,1');
    expect(lines).toContain('tracking,UPS (detected),runs,1');
    expect(lines.at(-1)).toBe('');

    const runsCsv = await h.app.request('https://flowfill.example.com/api/runs.csv?from=2026-12-01&to=2026-12-03&action=add-tracking', {
      headers: { Authorization: `Bearer ${await sessionToken({ shop: SHOP })}` },
    });
    const rows = (await runsCsv.text()).split('\r\n').filter(Boolean);
    expect(rows[0]!.split(',').slice(0, 5)).toEqual(['run_id', 'action', 'order_id', 'order_name', 'status']);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatch(/,add-tracking,gid:\/\/shopify\/Order\/1001,#1001,succeeded,/);
    expect(rows[1]).toContain(',UPS,detected,false,');

    const cli = await runMain(['report', '--shop', SHOP, '--from', '2026-12-01', '--to', '2026-12-03', '--format', 'csv'], {
      DATABASE_URL: h.databaseUrl,
    });
    expect(cli.code).toBe(0);
    expect(cli.stdout.trimEnd().split('\r\n')).toEqual(lines.slice(0, -1));
    const json = await runMain(['report', '--shop', SHOP, '--from', '2026-12-01', '--to', '2026-12-03', '--format', 'json'], {
      DATABASE_URL: h.databaseUrl,
    });
    expect(JSON.parse(json.stdout)).toEqual((await get('/api/analytics?from=2026-12-01&to=2026-12-03')).json);
    const table = await runMain(['report', '--shop', SHOP, '--from', '2026-12-01', '--to', '2026-12-03'], { DATABASE_URL: h.databaseUrl });
    expect(table.stdout).toMatch(/^Fulfillment analytics for .*, 2026-12-01 to 2026-12-03 \(6 runs\):/);
    expect(table.stdout).toMatch(/splits +all +split_runs +1/);
    const bad = await runMain(['report', '--shop', SHOP, '--from', '2026-12-05', '--to', '2026-12-01'], { DATABASE_URL: h.databaseUrl });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--from: must be on or before to/);
  });

  it('uses the indexes (EXPLAIN QUERY PLAN), never a scan of the whole ledger', async () => {
    const plans = await explainAnalytics(h.db, { shop: SHOP, from: START, to: START + 30 * 24 * HOUR, location: L.newark });
    expect(plans[0]).toMatch(/USING (COVERING )?INDEX runs_shop_finished_at/);
    expect(plans[1]).toMatch(/USING (COVERING )?INDEX run_locations_shop_at/);
    expect(plans[2]).toMatch(/USING (COVERING )?INDEX runs_shop_order_handle/);
    expect(plans[3]).toMatch(/SEARCH d USING PRIMARY KEY \(shop=\? AND day>\? AND day<\?\)/);
    expect(plans[4]).toMatch(/SEARCH d USING PRIMARY KEY \(shop=\? AND day>\? AND day<\?\)/);
    for (const plan of plans) expect(plan).not.toMatch(/SCAN (r|l|n|d|runs|run_locations)\b(?! USING)/);
  });
});
