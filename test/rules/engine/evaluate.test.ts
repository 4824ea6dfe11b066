import { describe, expect, it } from 'vitest';
import { ActionError } from '../../../src/errors';
import { sampleContext } from '../../../src/rules/context';
import type { Rule } from '../../../src/rules/document';
import { RuleEvaluationError, createRuleEngine } from '../../../src/rules/engine';

const { compileRule, compiledRuleFor, selectRule } = createRuleEngine();

type Stored = Rule & { version: number };
const stored = (rule: Partial<Rule> & Pick<Rule, 'name' | 'action'>, version = 1): Stored => ({
  priority: 100,
  enabled: true,
  ...rule,
  version,
});
const context = sampleContext();

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('compileRule: results per expression', () => {
  it('true/false expressions use json-logic truthiness', () => {
    const values: Array<[unknown, boolean]> = [
      [[], false],
      [[0], true],
      ['', false],
      ['0', true],
      [0, false],
      [null, false],
      [{}, true],
      ['false', true],
    ];
    for (const [value, expected] of values) {
      const rule = compileRule(stored({ name: 'r', action: 'fulfill-from-best-location', eligible: { if: [true, value] } }));
      expect(rule.evaluate('eligible', context)).toBe(expected);
    }
  });

  it('returns undefined for an expression the rule does not define', () => {
    const rule = compileRule(stored({ name: 'r', action: 'fulfill-from-best-location', eligible: true }));
    expect(rule.has('eligible')).toBe(true);
    expect(rule.has('score')).toBe(false);
    expect(rule.evaluate('score', context)).toBeUndefined();
    expect(rule.evaluate('when', context)).toBeUndefined();
  });

  it('score and ready_quantity must be finite numbers; anything else names the rule and expression', () => {
    const score = (expression: unknown, data: object = context) =>
      compileRule(stored({ name: 'nearest', action: 'fulfill-from-best-location', score: expression })).evaluate('score', data);
    expect(score({ '-': [0, { var: 'location.distance_km' }] })).toBe(-3.7);
    const cases: Array<[unknown, string]> = [
      [
        { var: 'location.name' },
        'must give a number, but gave the string "São Paulo Warehouse"; convert it with {"+": [...]} or compare it instead',
      ],
      [{ '*': ['12'] }, 'must give a number, but gave the string "12"'],
      [{ '-': ['x', 1] }, 'must give a number, but gave NaN (arithmetic on something that is not a number)'],
      [{ '/': [1, 0] }, 'must give a number, but gave Infinity (a division by zero?)'],
      [{ var: 'order.missing_field' }, 'must give a number, but gave null'],
      [{ if: [false, 1] }, 'must give a number, but gave null'],
      [{ merge: [1] }, 'must give a number, but gave a list'],
    ];
    for (const [expression, message] of cases) {
      const error = thrown(() => score(expression));
      expect(error).toBeInstanceOf(RuleEvaluationError);
      expect(error).toBeInstanceOf(ActionError);
      const e = error as RuleEvaluationError;
      expect(e.message).toContain(`Rule "nearest", score: ${message}`);
      expect([e.rule, e.expression, e.code, e.status]).toEqual(['nearest', 'score', 'rule_error', 422]);
    }
    const quantity = compileRule(stored({ name: 'q', action: 'partial-fulfill-ready-items', ready_quantity: { var: 'line.sku' } }));
    expect(() => quantity.evaluate('ready_quantity', context)).toThrow(
      'Rule "q", ready_quantity: must give a number, but gave the string "TSHIRT-M-BLUE"',
    );
  });

  it('carrier and tracking_url give a string or null', () => {
    const rule = (carrier: unknown) => compileRule(stored({ name: 'c', action: 'add-tracking', carrier }));
    expect(rule('Correios').evaluate('carrier', context)).toBe('Correios');
    expect(rule(null).evaluate('carrier', context)).toBeNull();
    expect(rule({ if: [false, 'x'] }).evaluate('carrier', context)).toBeNull();
    expect(rule({ and: [] }).evaluate('carrier', context)).toBeNull();
    expect(() => rule({ '==': [1, 1] }).evaluate('carrier', context)).toThrow(
      'Rule "c", carrier: must give a string (or null for none), but gave true',
    );
  });

  it('wraps failures while running as rule errors', () => {
    const rule = compileRule(stored({ name: 'r', action: 'fulfill-from-best-location', score: { '*': [] } }));
    expect(() => rule.evaluate('score', context)).toThrow(/^Rule "r", score: evaluation failed: /);
    const dated = compileRule(
      stored({ name: 'd', action: 'fulfill-from-best-location', score: { days_since: { var: 'order.created_at' } } }),
    );
    expect(() => dated.evaluate('score', { order: context.order })).toThrow(
      'Rule "d", score: evaluation failed: the evaluation context has no valid "now" timestamp',
    );
  });

  it('refuses to compile a rule with an unknown operator, naming the expression', () => {
    expect(() => compileRule(stored({ name: 'bad', action: 'add-tracking', tracking_url: { lol: [] } }))).toThrow(
      'Rule "bad", tracking_url: cannot be compiled: Unrecognized operation lol',
    );
  });

  it('reads only what the context owns', () => {
    const rule = compileRule(stored({ name: 'r', action: 'add-tracking', carrier: { var: ['order.constructor', 'safe'] } }));
    expect(rule.evaluate('carrier', context)).toBe('safe');
  });
});

describe('compiledRuleFor: cache by shop, name and version', () => {
  it('reuses the compiled rule for the same version and compiles a new version', () => {
    const v1 = stored({ name: 'r', action: 'add-tracking', carrier: 'A' }, 1);
    const first = compiledRuleFor('a.myshopify.com', v1);
    expect(compiledRuleFor('a.myshopify.com', { ...v1 })).toBe(first);
    const v2 = stored({ name: 'r', action: 'add-tracking', carrier: 'B' }, 2);
    expect(compiledRuleFor('a.myshopify.com', v2).evaluate('carrier', context)).toBe('B');
    expect(compiledRuleFor('a.myshopify.com', v1)).toBe(first);
  });

  it('keeps shops apart', () => {
    const a = compiledRuleFor('a.myshopify.com', stored({ name: 'same', action: 'add-tracking', carrier: 'A' }, 1));
    const b = compiledRuleFor('b.myshopify.com', stored({ name: 'same', action: 'add-tracking', carrier: 'B' }, 1));
    expect(a).not.toBe(b);
    expect(a.evaluate('carrier', context)).toBe('A');
    expect(b.evaluate('carrier', context)).toBe('B');
  });

  it('stays bounded: old entries are dropped, not kept forever', () => {
    const oldest = compiledRuleFor('lru.myshopify.com', stored({ name: 'r0', action: 'add-tracking', carrier: 'x' }, 1));
    for (let i = 1; i <= 1000; i++)
      compiledRuleFor('lru.myshopify.com', stored({ name: `r${i}`, action: 'add-tracking', carrier: 'x' }, 1));
    expect(compiledRuleFor('lru.myshopify.com', stored({ name: 'r0', action: 'add-tracking', carrier: 'x' }, 1))).not.toBe(oldest);
  });
});

describe('selectRule', () => {
  const br = { '==': [{ var: 'order.shipping_address.country_code' }, 'BR'] };
  const us = { '==': [{ var: 'order.shipping_address.country_code' }, 'US'] };
  const rules: Stored[] = [
    stored({ name: 'fallback', action: 'add-tracking', priority: 100, carrier: 'Other' }, 3),
    stored({ name: 'us', action: 'add-tracking', priority: 10, when: us, carrier: 'UPS' }, 1),
    stored({ name: 'b-brazil', action: 'add-tracking', priority: 20, when: br, carrier: 'Correios' }, 2),
    stored({ name: 'a-brazil-off', action: 'add-tracking', priority: 20, when: br, enabled: false, carrier: 'X' }, 1),
    stored({ name: 'fulfil', action: 'fulfill-from-best-location', priority: 0 }, 1),
  ];

  it('picks the first enabled rule of the action, by priority then name, whose when holds', () => {
    const selection = selectRule(rules, 'add-tracking', context);
    expect(selection?.rule.name).toBe('b-brazil');
    expect(selection?.compiled.evaluate('carrier', context)).toBe('Correios');
    expect(selection?.explanation).toEqual({
      action: 'add-tracking',
      rule: 'b-brazil',
      version: 2,
      reason: 'when_true',
      skipped: [
        { name: 'us', version: 1, reason: 'when_false' },
        { name: 'a-brazil-off', version: 1, reason: 'disabled' },
      ],
      summary: 'rule "b-brazil" v2 applies: its when held; skipped "us" (when false), "a-brazil-off" (disabled)',
    });
  });

  it('a rule without when always applies; the same rule object is returned', () => {
    const order = { ...context.order, shipping_address: null };
    const selection = selectRule(rules, 'add-tracking', { ...context, order });
    expect(selection?.rule).toBe(rules[0]);
    expect(selection?.explanation.reason).toBe('no_when');
  });

  it('null when no rule applies, so the action uses its built-in default', () => {
    expect(selectRule(rules.slice(1, 3), 'add-tracking', { ...context, order: { ...context.order, shipping_address: null } })).toBeNull();
    expect(selectRule(rules, 'partial-fulfill-ready-items', context)).toBeNull();
    expect(selectRule([], 'add-tracking', context)).toBeNull();
  });

  it('breaks priority ties by name in code-unit order, the same on every runtime', () => {
    const tied = ['b', 'B', 'a', 'A'].map((name) => stored({ name, action: 'add-tracking', carrier: name }));
    expect(selectRule(tied, 'add-tracking', context)?.rule.name).toBe('A');
  });

  it('a forced rule applies whatever its when says', () => {
    const selection = selectRule(rules, 'add-tracking', context, 'us');
    expect(selection?.rule.name).toBe('us');
    expect(selection?.explanation).toMatchObject({
      reason: 'forced',
      skipped: [],
      summary: 'rule "us" v1 applies: named by the step\'s rule property',
    });
    expect(selectRule(rules, 'add-tracking', context, '')?.rule.name).toBe('b-brazil');
    expect(selectRule(rules, 'add-tracking', context, null)?.rule.name).toBe('b-brazil');
  });

  it('a forced rule that is missing, of another action, or disabled is a 422 naming what to fix', () => {
    const missing = thrown(() => selectRule(rules, 'add-tracking', context, 'nope')) as ActionError;
    expect(missing).toBeInstanceOf(ActionError);
    expect([missing.code, missing.status]).toEqual(['rule_not_found', 422]);
    expect(missing.message).toBe(
      'No add-tracking rule is named "nope"; the add-tracking rules are "fallback", "us", "b-brazil", "a-brazil-off". Fix the step\'s rule property or import the rule.',
    );
    const other = thrown(() => selectRule(rules, 'add-tracking', context, 'fulfil')) as ActionError;
    expect(other.message).toContain('"fulfil" is a fulfill-from-best-location rule, not an add-tracking rule; name an add-tracking rule');
    const none = thrown(() => selectRule([], 'add-tracking', context, 'x')) as ActionError;
    expect(none.message).toContain('there are no add-tracking rules');
    const disabled = thrown(() => selectRule(rules, 'add-tracking', context, 'a-brazil-off')) as ActionError;
    expect([disabled.code, disabled.message]).toEqual([
      'rule_disabled',
      'The step\'s rule "a-brazil-off" is disabled; enable it or clear the step\'s rule property (the enabled add-tracking rules are "fallback", "us", "b-brazil").',
    ]);
  });

  it('a failing when is a rule error, not a silent skip', () => {
    const broken = [stored({ name: 'broken', action: 'add-tracking', when: { days_since: { var: 'order.created_at' } } })];
    expect(() => selectRule(broken, 'add-tracking', { order: context.order })).toThrow(RuleEvaluationError);
  });

  it('reuses compiled rules per shop', () => {
    const a = selectRule(rules, 'add-tracking', context, null, { shop: 's.myshopify.com' });
    const b = selectRule(
      rules.map((rule) => ({ ...rule })),
      'add-tracking',
      context,
      null,
      { shop: 's.myshopify.com' },
    );
    expect(b?.compiled).toBe(a?.compiled);
  });
});
