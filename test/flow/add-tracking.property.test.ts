/**
 * The generative "Add tracking" suite: fast-check builds orders (1–3 lines, each shipped in its own
 * fulfillment with 0–2 existing numbers under UPS, Correios, Hermes or no company, with or without
 * their own URLs, or left open, the rest sometimes on hold), add-tracking rules (when over order/tracking, carrier,
 * tracking_url, notify_customer, company_conflict, some disabled or broken) and step properties;
 * each case runs through a signed Flow request against the simulator, then checks:
 *
 * - every run ends 200 with an outcome, or 422 with a known code, and a 422 changed nothing;
 * - with fulfil-if-needed, a number never goes on an earlier shipment while items are still held;
 * - no existing tracking number is removed, and no existing URL is lost or changed;
 * - existing numbers keep their company unless company_conflict "replace" was in effect (or they had none);
 * - a company named by detection is the number's own carrier (never another one);
 * - the return value matches the simulator's state and the ledger (numbers, company, rule name).
 *
 * FLOWFILL_PROPERTY_RUNS sets the case count (default 1,000), FLOWFILL_PROPERTY_SEED the seed; both
 * are printed. A counterexample becomes a named test in add-tracking-rules.test.ts.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normaliseCompany } from '../../src/actions/add-tracking/carrier';
import { listRuns } from '../../src/db/ledger';
import { importRules } from '../../src/rules/store';
import { SANDBOX_LOCATIONS as L } from '../../src/sandbox/seed';
import type { TrackingInput } from '../../src/sandbox/simulator/operations';
import { manualClock } from '../helpers/clock';
import { createHarness, newRunId, SHOP, type Harness } from '../helpers/harness';

const RUNS = Number(process.env.FLOWFILL_PROPERTY_RUNS ?? 1000);
const SEED = Number(process.env.FLOWFILL_PROPERTY_SEED ?? Date.now() % 2_147_483_647);

/** New numbers, each with the only company detection may name for it from a US location (null: none). */
const NEW_NUMBERS: readonly { number: string; carrier: string | null }[] = [
  { number: '1Z999AA10123456784', carrier: 'UPS' },
  { number: 'RA123456785BR', carrier: 'Correios' },
  { number: '9400111202555842332669', carrier: 'USPS' },
  { number: '799531274483', carrier: 'FedEx' },
  { number: '287809468872', carrier: 'FedEx' }, // FedEx or Purolator; from the US only FedEx
  { number: 'PLAIN-123', carrier: null },
];
const EXISTING_COMPANIES = ['UPS', 'Correios', 'Hermes', null] as const;
const KNOWN_422 = new Set(['rule_error', 'rule_not_found', 'rule_disabled', 'tracking_url_needed', 'no_fulfillment', 'on_hold']);

interface RuleSpec {
  enabled: boolean;
  when: 'none' | 'vip' | 'detected-ups' | 'ends-br';
  carrier: 'absent' | 'null' | 'correios' | 'Bob Courier' | 'UPS';
  url: 'absent' | 'template' | 'broken';
  notify: 'absent' | boolean;
  conflict: 'absent' | 'keep' | 'replace';
}

interface Case {
  lines: { shipped: boolean; company: (typeof EXISTING_COMPANIES)[number]; numbers: number; customUrl: boolean }[];
  /** Put the items left open on hold. */
  holdRest: boolean;
  vip: boolean;
  rules: RuleSpec[];
  number: number;
  step: {
    company: 'absent' | '' | 'ups' | 'Correios' | 'Bob Courier';
    url: boolean;
    notify: 'absent' | '' | boolean;
    conflict: 'absent' | '' | 'keep' | 'replace';
    fulfillIfNeeded: boolean;
    rule: 'absent' | 'first' | 'unknown';
  };
}

const ruleArb: fc.Arbitrary<RuleSpec> = fc.record({
  enabled: fc.oneof({ arbitrary: fc.constant(true), weight: 5 }, { arbitrary: fc.constant(false), weight: 1 }),
  when: fc.constantFrom('none', 'vip', 'detected-ups', 'ends-br'),
  carrier: fc.constantFrom('absent', 'null', 'correios', 'Bob Courier', 'UPS'),
  url: fc.oneof({ arbitrary: fc.constantFrom('absent', 'template'), weight: 6 }, { arbitrary: fc.constant('broken' as const), weight: 1 }),
  notify: fc.constantFrom<RuleSpec['notify']>('absent', true, false),
  conflict: fc.constantFrom('absent', 'keep', 'replace'),
});

const caseArb: fc.Arbitrary<Case> = fc.record({
  lines: fc.array(
    fc.record({
      shipped: fc.boolean(),
      company: fc.constantFrom(...EXISTING_COMPANIES),
      numbers: fc.integer({ min: 0, max: 2 }),
      customUrl: fc.boolean(),
    }),
    { minLength: 1, maxLength: 3 },
  ),
  holdRest: fc.oneof({ arbitrary: fc.constant(false), weight: 4 }, { arbitrary: fc.constant(true), weight: 1 }),
  vip: fc.boolean(),
  rules: fc.array(ruleArb, { maxLength: 2 }),
  number: fc.integer({ min: 0, max: NEW_NUMBERS.length - 1 }),
  step: fc.record({
    company: fc.oneof(
      { arbitrary: fc.constant('absent' as const), weight: 4 },
      { arbitrary: fc.constantFrom('' as const, 'ups' as const, 'Correios' as const, 'Bob Courier' as const), weight: 2 },
    ),
    url: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.constant(true), weight: 1 }),
    notify: fc.constantFrom<Case['step']['notify']>('absent', '', true, false),
    conflict: fc.constantFrom('absent', '', 'keep', 'replace'),
    fulfillIfNeeded: fc.boolean(),
    rule: fc.oneof(
      { arbitrary: fc.constant('absent' as const), weight: 6 },
      { arbitrary: fc.constantFrom('first' as const, 'unknown' as const), weight: 1 },
    ),
  }),
});

function ruleDocument(c: Case) {
  return c.rules.map((r, i) => ({
    name: `rule-${i}`,
    action: 'add-tracking',
    priority: i,
    enabled: r.enabled,
    ...(r.when === 'vip' ? { when: { in: ['vip', { var: 'order.tags' }] } } : {}),
    ...(r.when === 'detected-ups' ? { when: { '==': [{ var: 'tracking.company' }, 'UPS'] } } : {}),
    ...(r.when === 'ends-br' ? { when: { ends_with: [{ var: 'tracking.number' }, 'BR'] } } : {}),
    ...(r.carrier === 'absent' ? {} : { carrier: r.carrier === 'null' ? null : r.carrier }),
    ...(r.url === 'template' ? { tracking_url: { cat: ['https://rule.example/', { var: 'tracking.number' }] } } : {}),
    ...(r.url === 'broken' ? { tracking_url: { cat: ['not a url ', { var: 'tracking.number' }] } } : {}),
    ...(r.notify === 'absent' ? {} : { notify_customer: r.notify }),
    ...(r.conflict === 'absent' ? {} : { company_conflict: r.conflict }),
  }));
}

let h: Harness;
let caseNumber = 0;
beforeAll(async () => {
  h = await createHarness({ clock: manualClock(), adminBudgetMs: 600_000, timeBudgetMs: 60_000 });
});
afterAll(async () => h?.close());

/** The order's fulfillments' tracking, as Shopify holds it. */
function trackingOf(orderId: string) {
  return h.sim.store.fulfillments(orderId).map((f) => ({ id: f.id, info: f.trackingInfo.map((t) => ({ ...t })) }));
}

async function runCase(c: Case) {
  caseNumber++;
  const context = `case ${caseNumber}: ${JSON.stringify(c)}`;
  const imported = await importRules(h.db, SHOP, { rules: ruleDocument(c) }, h.clock.now());
  expect(imported.ok, context).toBe(true);
  const skus = c.lines.map((_, i) => {
    const sku = `PT-${caseNumber}-${i}`;
    h.sim.store.addProduct({ title: sku, sku, inventory: { [L.newark]: 5 } });
    return sku;
  });
  const order = h.sim.store.addOrder({
    shippingAddress: { countryCode: 'US', provinceCode: 'NY', city: 'New York', zip: '10001', latitude: 40.75, longitude: -73.99 },
    lineItems: skus.map((sku) => ({ sku, quantity: 1 })),
    locationId: L.newark,
    tags: c.vip ? ['vip'] : [],
  });
  c.lines.forEach((line, i) => {
    if (!line.shipped) return;
    const numbers = Array.from({ length: line.numbers }, (_, n) => `OLD-${caseNumber}-${i}-${n}`);
    const trackingInfo: TrackingInput = {
      ...(line.company ? { company: line.company } : {}),
      numbers,
      ...(line.customUrl ? { urls: numbers.map((n) => `https://3pl.example/${n}`) } : {}),
    };
    h.sim.store.fulfill(order.id, { lines: [{ line: i }], trackingInfo });
  });

  const open = h.sim.store.fulfillmentOrders(order.id).find((fo) => fo.lineItems.some((l) => l.remainingQuantity > 0));
  if (c.holdRest && open) h.sim.store.hold(open.id, { reason: 'INVENTORY_OUT_OF_STOCK' });

  const fresh = NEW_NUMBERS[c.number]!;
  const properties: Record<string, unknown> = {
    order_id: order.id,
    tracking_number: fresh.number,
    fulfill_if_needed: c.step.fulfillIfNeeded,
  };
  if (c.step.company !== 'absent') properties.tracking_company = c.step.company;
  if (c.step.url) properties.tracking_url = `https://step.example/${fresh.number}`;
  if (c.step.notify !== 'absent') properties.notify_customer = c.step.notify;
  if (c.step.conflict !== 'absent') properties.company_conflict = c.step.conflict;
  if (c.step.rule === 'first') properties.rule = 'rule-0';
  if (c.step.rule === 'unknown') properties.rule = 'no-such-rule';

  const before = trackingOf(order.id);
  const res = await h.post('/flow/actions/add-tracking', h.flowBody('add-tracking', properties, { action_run_id: newRunId() }));
  const after = trackingOf(order.id);
  const [run] = await listRuns(h.db, SHOP, { limit: 1 });

  // Every run ends with a clear outcome; a refusal changes nothing.
  if (res.status === 422) {
    expect(KNOWN_422.has(res.json.error?.code), `${context}: 422 ${JSON.stringify(res.json)}`).toBe(true);
    expect(after, `${context}: a 422 changed the tracking`).toEqual(before);
    return `422 ${res.json.error.code}`;
  }
  expect(res.status, `${context}: ${JSON.stringify(res.json)}`).toBe(200);
  const value = res.json.return_value;

  // Nothing the fulfillments had is lost or changed, except companies under an explicit "replace".
  const stepPolicy = c.step.conflict === 'keep' || c.step.conflict === 'replace' ? c.step.conflict : undefined;
  const chosen = run!.ruleName ? c.rules[Number(run!.ruleName.slice('rule-'.length))] : undefined;
  const policy = stepPolicy ?? (chosen && chosen.conflict !== 'absent' ? chosen.conflict : 'keep');
  for (const was of before) {
    const now = after.find((f) => f.id === was.id)!;
    for (const entry of was.info.filter((t) => t.number)) {
      const kept = now.info.find((t) => t.number === entry.number);
      expect(kept, `${context}: ${entry.number} was removed from ${was.id}`).toBeDefined();
      if (entry.url) expect(kept!.url, `${context}: ${entry.number} lost its URL`).toBe(entry.url);
      if (entry.company && policy === 'keep') expect(kept!.company, `${context}: ${entry.number} relabelled`).toBe(entry.company);
    }
  }

  // A detected company is the number's own carrier.
  const explanation = run!.explanation as any;
  if (explanation.company.source === 'detected') expect(explanation.company.company, `${context}: detected`).toBe(fresh.carrier);
  if (explanation.company.source === 'property')
    expect(explanation.company.company).toBe(normaliseCompany(String(properties.tracking_company)) ?? properties.tracking_company);

  // Held items still to ship never see their number put on an earlier shipment instead.
  if (c.holdRest && open && c.step.fulfillIfNeeded) expect(value.outcome, `${context}: appended while items are held`).not.toBe('added');

  // The return value matches the state and the ledger.
  expect(value.ruleName, context).toBe(run!.ruleName ?? null);
  const holders = after.filter((f) => f.info.some((t) => t.number === fresh.number));
  expect(holders.length, `${context}: the number is on no fulfillment`).toBeGreaterThan(0);
  for (const id of value.fulfillmentIds)
    expect(
      holders.map((f) => f.id),
      `${context}: ${id} does not carry the number`,
    ).toContain(id);
  const last = after.find((f) => f.id === value.fulfillmentId)!;
  expect(value.trackingNumbers, context).toEqual(last.info.map((t) => t.number).filter(Boolean));
  expect(value.trackingCompany, context).toBe(last.info.at(-1)?.company ?? null);
  return `200 ${value.outcome}${value.warnings.length ? ' (warned)' : ''}`;
}

describe('generated orders, tracking lists, rules and step properties: add-tracking end to end', () => {
  it(`keeps every invariant on ${RUNS} generated cases (seed ${SEED})`, async () => {
    console.log(`add-tracking property suite: ${RUNS} cases, seed ${SEED} (FLOWFILL_PROPERTY_SEED=${SEED} reproduces it)`);
    const outcomes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const outcome = await runCase(c);
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }),
      { numRuns: RUNS, seed: SEED },
    );
    console.log(
      `add-tracking property suite: ${RUNS} cases passed; outcomes:\n${[...outcomes]
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `  ${String(n).padStart(5)}  ${k}`)
        .join('\n')}`,
    );
  }, 600_000);
});
