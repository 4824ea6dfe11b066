import { describe, expect, it } from 'vitest';
import {
  ACTION_FIELDS,
  ACTION_HANDLES,
  RULE_SCHEMAS,
  expressionKeysFor,
  normaliseDocument,
  ruleDocumentSchema,
  type RuleDocument,
} from '../../src/rules/document';
import { FORMAT_EXAMPLE, WORKED_EXAMPLES } from '../../src/rules/docs/examples';
import { validateRuleDocument } from '../../src/rules/validate';

describe('document schema', () => {
  it("allows exactly the fields plus the action's own fields and expressions", () => {
    for (const action of ACTION_HANDLES) {
      const keys = Object.keys(RULE_SCHEMAS[action].shape).sort();
      expect(keys).toEqual(['name', 'action', 'priority', 'enabled', ...ACTION_FIELDS[action], ...expressionKeysFor(action)].sort());
    }
  });

  it('takes delivery_methods on the fulfillment actions only, as a list of upper-case types, in canonical order', () => {
    const ok = validateRuleDocument({
      rules: [
        { name: 'pickup-too', action: 'partial-fulfill-ready-items', ready: true, delivery_methods: ['SHIPPING', 'PICK_UP'], priority: 1 },
      ],
    });
    expect(ok.ok && JSON.stringify(ok.document.rules[0])).toBe(
      '{"name":"pickup-too","action":"partial-fulfill-ready-items","priority":1,"enabled":true,"delivery_methods":["SHIPPING","PICK_UP"],"ready":true}',
    );
    const bad = (delivery_methods: unknown, action = 'fulfill-from-best-location') => {
      const result = validateRuleDocument({ rules: [{ name: 'r', action, delivery_methods }] });
      return result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`);
    };
    expect(bad([])).toEqual([
      '/rules/0/delivery_methods: "delivery_methods" must name at least one delivery method; leave it out for SHIPPING only',
    ]);
    expect(bad(['pickup'])[0]).toMatch(
      /^\/rules\/0\/delivery_methods\/0: a delivery method is an upper-case Shopify type: SHIPPING, PICK_UP/,
    );
    expect(bad('LOCAL')[0]).toMatch(/must be a list such as \["SHIPPING", "LOCAL"\]/);
    expect(bad(['LOCAL', 'LOCAL'])[0]).toMatch(/names a delivery method twice/);
    expect(bad(['LOCAL'], 'add-tracking')[0]).toMatch(/^\/rules\/0\/delivery_methods: unknown key "delivery_methods"/);
  });

  it('takes company_conflict on add-tracking rules only, "keep" or "replace", in canonical order', () => {
    const ok = validateRuleDocument({ rules: [{ carrier: 'UPS', company_conflict: 'replace', name: 'relabel', action: 'add-tracking' }] });
    expect(ok.ok && JSON.stringify(ok.document.rules[0])).toBe(
      '{"name":"relabel","action":"add-tracking","priority":100,"enabled":true,"company_conflict":"replace","carrier":"UPS"}',
    );
    const bad = (company_conflict: unknown, action = 'add-tracking') => {
      const result = validateRuleDocument({ rules: [{ name: 'r', action, company_conflict }] });
      return result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`);
    };
    expect(bad('merge')[0]).toMatch(/^\/rules\/0\/company_conflict: "company_conflict" must be "keep" .* or "replace"/);
    expect(bad({ var: 'x' })[0]).toMatch(/company_conflict/);
    expect(bad('keep', 'fulfill-from-best-location')[0]).toMatch(/^\/rules\/0\/company_conflict: unknown key "company_conflict"/);
  });

  it('parses the example documents and fills in defaults', () => {
    for (const document of [FORMAT_EXAMPLE, ...WORKED_EXAMPLES.map((e) => e.document)]) {
      const parsed = ruleDocumentSchema.safeParse(document);
      expect(parsed.success).toBe(true);
    }
    const parsed = ruleDocumentSchema.parse({ rules: [{ name: 'a', action: 'add-tracking' }] });
    expect(parsed.rules[0]).toEqual({ name: 'a', action: 'add-tracking', priority: 100, enabled: true });
  });

  it("refuses unknown keys, including another action's expressions", () => {
    expect(ruleDocumentSchema.safeParse({ rules: [{ name: 'a', action: 'add-tracking', elegible: true }] }).success).toBe(false);
    expect(ruleDocumentSchema.safeParse({ rules: [{ name: 'a', action: 'add-tracking', score: 1 }] }).success).toBe(false);
  });
});

describe('normaliseDocument', () => {
  const messy = {
    rules: [
      { carrier: 'X', name: 'z', action: 'add-tracking', when: true },
      { name: 'b', action: 'fulfill-from-best-location', priority: 5, enabled: false, score: 1, eligible: true, notify_customer: false },
      { name: 'a', action: 'add-tracking', priority: 100, carrier: undefined },
      { name: 'B', action: 'add-tracking', priority: 1 },
    ],
  } as unknown as RuleDocument;

  it('fills defaults, orders keys canonically, drops absent expressions, sorts by action, priority, name', () => {
    const normal = normaliseDocument(messy);
    expect(normal.rules.map((r) => `${r.action}/${r.priority}/${r.name}`)).toEqual([
      'fulfill-from-best-location/5/b',
      'add-tracking/1/B',
      'add-tracking/100/a',
      'add-tracking/100/z',
    ]);
    expect(Object.keys(normal.rules[0] ?? {})).toEqual(['name', 'action', 'priority', 'enabled', 'eligible', 'score', 'notify_customer']);
    expect(normal.rules[2]).toEqual({ name: 'a', action: 'add-tracking', priority: 100, enabled: true });
    expect(Object.keys(normal.rules[3] ?? {})).toEqual(['name', 'action', 'priority', 'enabled', 'when', 'carrier']);
  });

  it('is idempotent and independent of input order, so exports compare byte for byte', () => {
    const once = normaliseDocument(messy);
    expect(JSON.stringify(normaliseDocument(once))).toBe(JSON.stringify(once));
    const reversed = { rules: [...messy.rules].reverse() };
    expect(JSON.stringify(normaliseDocument(reversed))).toBe(JSON.stringify(once));
  });
});
