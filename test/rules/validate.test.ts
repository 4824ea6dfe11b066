import { describe, expect, it } from 'vitest';
import { RULE_LIMITS } from '../../src/rules/document';
import { validateRuleDocument, type RuleError } from '../../src/rules/validate';

function errorsOf(input: unknown): RuleError[] {
  const result = validateRuleDocument(input);
  if (result.ok) throw new Error('expected the document to be invalid');
  return result.errors;
}

const tracking = (extra: Record<string, unknown> = {}) => ({ name: 'br', action: 'add-tracking', carrier: 'Correios', ...extra });

describe('validateRuleDocument: the document', () => {
  it('accepts a valid document, fills in defaults and puts keys in canonical order', () => {
    const result = validateRuleDocument({
      rules: [{ carrier: 'Correios', action: 'add-tracking', name: 'br', when: true }],
    });
    expect(result).toEqual({
      ok: true,
      document: { rules: [{ name: 'br', action: 'add-tracking', priority: 100, enabled: true, when: true, carrier: 'Correios' }] },
    });
    if (result.ok)
      expect(Object.keys(result.document.rules[0] ?? {})).toEqual(['name', 'action', 'priority', 'enabled', 'when', 'carrier']);
  });

  it('keeps the rules in the order given and accepts an empty rule list', () => {
    const result = validateRuleDocument({ rules: [tracking({ name: 'b' }), tracking({ name: 'a' })] });
    expect(result.ok && result.document.rules.map((r) => r.name)).toEqual(['b', 'a']);
    expect(validateRuleDocument({ rules: [] })).toEqual({ ok: true, document: { rules: [] } });
  });

  it('returns a private copy: changing the input afterwards does not change the result', () => {
    const input = { rules: [tracking({ when: { '==': [{ var: 'order.name' }, '#1'] } })] };
    const result = validateRuleDocument(input);
    (input.rules[0] as unknown as { when: unknown }).when = false;
    expect(result.ok && result.document.rules[0]?.when).toEqual({ '==': [{ var: 'order.name' }, '#1'] });
  });

  it('refuses what is not a document', () => {
    expect(errorsOf([])).toEqual([{ path: '', message: expect.stringContaining('must be a JSON object') }]);
    expect(errorsOf({})).toEqual([{ path: '/rules', message: expect.stringContaining('needs a "rules" list') }]);
    expect(errorsOf({ rules: {} })).toEqual([{ path: '/rules', message: '"rules" must be a list of rule objects' }]);
    expect(errorsOf({ rules: [1] })).toEqual([{ path: '/rules/0', message: expect.stringContaining('each rule must be an object') }]);
  });

  it('reports unknown top-level keys with a suggestion', () => {
    expect(errorsOf({ rule: [] })).toEqual([
      { path: '/rule', message: 'unknown key "rule": did you mean "rules"?' },
      { path: '/rules', message: expect.stringContaining('needs a "rules" list') },
    ]);
  });

  it('reports every problem of every rule at once, each with its JSON pointer', () => {
    const errors = errorsOf({
      rules: [
        { name: 'a', action: 'fulfill-from-best-location', elegible: true, score: { var: 'line.available' } },
        { name: 'b', action: 'add_tracking' },
        { name: 'a', action: 'add-tracking', priority: 1.5, enabled: 'yes' },
        { action: 'add-tracking' },
      ],
    });
    expect(errors).toEqual([
      { path: '/rules/0/elegible', message: 'unknown key "elegible": did you mean "eligible"?' },
      { path: '/rules/0/score/var', message: expect.stringContaining('line.available is not available in score') },
      { path: '/rules/1/action', message: 'unknown action "add_tracking"; did you mean "add-tracking"?' },
      { path: '/rules/2/priority', message: '"priority" must be a whole number' },
      { path: '/rules/2/enabled', message: '"enabled" must be true or false' },
      { path: '/rules/2/name', message: 'rule /rules/0 is already named "a"; rule names must be unique' },
      { path: '/rules/3/name', message: 'every rule needs a "name"' },
    ]);
  });

  it('names the valid keys when an expression belongs to another action', () => {
    expect(errorsOf({ rules: [tracking({ eligible: true })] })).toEqual([
      {
        path: '/rules/0/eligible',
        message:
          '"eligible" is a fulfill-from-best-location expression, not used by add-tracking rules; their expressions are carrier, tracking_url (and when, notify_customer)',
      },
    ]);
  });

  it('checks names: characters, length, type', () => {
    expect(errorsOf({ rules: [tracking({ name: '-x' })] })[0]?.message).toContain('must start with a letter or digit');
    expect(errorsOf({ rules: [tracking({ name: 'x'.repeat(101) })] })[0]?.message).toBe('name must be at most 100 characters');
    expect(errorsOf({ rules: [tracking({ name: 7 })] })[0]?.message).toBe('"name" must be a string');
    expect(validateRuleDocument({ rules: [tracking({ name: 'Brazil: Correios v2.1_a-b' })] }).ok).toBe(true);
  });

  it('checks the expressions of a rule whose action is wrong, as far as they can be', () => {
    const errors = errorsOf({ rules: [{ name: 'x', action: 'ship', score: 'high', bogus: 1 }] });
    expect(errors).toEqual([
      { path: '/rules/0/action', message: expect.stringContaining('unknown action "ship"') },
      { path: '/rules/0/bogus', message: expect.stringContaining('unknown key "bogus"') },
      { path: '/rules/0/score', message: 'score must give a number, but this expression gives a string' },
    ]);
  });

  it(`refuses more than ${RULE_LIMITS.maxRules} rules`, () => {
    const rules = Array.from({ length: 201 }, (_, i) => tracking({ name: `r${i}` }));
    expect(errorsOf({ rules })).toEqual([{ path: '/rules', message: 'a document may have at most 200 rules; this one has 201' }]);
  });
});

describe('validateRuleDocument: raw text', () => {
  it('parses JSON text and bytes', () => {
    const text = JSON.stringify({ rules: [tracking()] });
    expect(validateRuleDocument(text).ok).toBe(true);
    expect(validateRuleDocument(new TextEncoder().encode(text)).ok).toBe(true);
    expect(validateRuleDocument(`\uFEFF${text}`).ok).toBe(true);
  });

  it('reports JSON syntax errors with line and column', () => {
    expect(errorsOf('{\n  "rules": [\n    {"name": "a",}\n  ]\n}')).toEqual([
      { path: '', message: 'invalid JSON at line 3, column 18: remove the comma before "}" (JSON does not allow trailing commas)' },
    ]);
    expect(errorsOf('{"rules": [}')).toEqual([{ path: '', message: expect.stringMatching(/^invalid JSON at line 1, column 12: /) }]);
    expect(errorsOf("{'rules': []}")).toEqual([
      { path: '', message: 'invalid JSON at line 1, column 2: expected a property name in double quotes' },
    ]);
    expect(errorsOf('{"rules": []} x')[0]?.message).toBe(
      'invalid JSON at line 1, column 15: unexpected text after the end of the document',
    );
    expect(errorsOf('')[0]?.message).toContain('the document is empty');
    expect(errorsOf(new Uint8Array([0x7b, 0xff, 0x7d]))[0]?.message).toBe('the document is not valid UTF-8 text');
  });

  it('checks the size on the text before parsing it', () => {
    const padding = ' '.repeat(RULE_LIMITS.maxDocumentBytes);
    expect(errorsOf(`{"rules": []}${padding}`)).toEqual([
      { path: '', message: 'the document is larger than 64 KiB; remove rules or simplify expressions' },
    ]);
    // Multi-byte characters count as their UTF-8 size: 30,000 "é" are 60,000 bytes, 40,000 are too many.
    const name = (n: number) => JSON.stringify({ rules: [tracking({ carrier: 'é'.repeat(n) })] });
    expect(validateRuleDocument(name(30_000)).ok).toBe(true);
    expect(errorsOf(name(40_000))[0]?.message).toContain('larger than 64 KiB');
  });
});

describe('validateRuleDocument: hostile input is refused quickly, never with an exception', () => {
  const quickly = (input: unknown) => {
    const started = performance.now();
    const result = validateRuleDocument(input);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result.ok).toBe(false);
    return result.ok ? [] : result.errors;
  };

  it('a 50 MB string, as text and inside a document', () => {
    const huge = 'x'.repeat(50_000_000);
    expect(quickly(huge)[0]?.message).toContain('larger than 64 KiB');
    expect(quickly({ rules: [tracking({ carrier: huge })] })[0]?.message).toContain('larger than 64 KiB');
  });

  it('100,000-deep nesting, as text and as a value', () => {
    const text = `{"rules":[{"name":"a","action":"add-tracking","carrier":${'['.repeat(100_000)}${']'.repeat(100_000)}}]}`;
    expect(quickly(text)[0]?.message).toContain('larger than 64 KiB');
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { '!': deep };
    expect(quickly({ rules: [tracking({ when: deep })] })[0]?.message).toContain('larger than 64 KiB');
  });

  it('nesting that fits in 64 KiB but exceeds the depth limit', () => {
    const text = `{"rules":[{"name":"a","action":"add-tracking","carrier":${'['.repeat(30_000)}${']'.repeat(30_000)}}]}`;
    const errors = quickly(text);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toContain('nested more than 32 levels deep');
    expect(errors[0]?.path).toBe(`/rules/0/carrier${'/0'.repeat(32)}`);
  });

  it('a huge array, and shared references that would expand to 2^40 nodes', () => {
    expect(quickly({ rules: [tracking({ when: { in: ['a', new Array(10_000_000).fill(0)] } })] })[0]?.message).toContain(
      'larger than 64 KiB',
    );
    let shared: unknown = ['leaf'];
    for (let i = 0; i < 40; i++) shared = [shared, shared];
    expect(quickly({ rules: [tracking({ when: shared })] })[0]?.message).toContain('larger than 64 KiB');
  });

  it('a cycle', () => {
    const cyclic: Record<string, unknown> = { name: 'a', action: 'add-tracking' };
    cyclic.when = { '!': cyclic };
    expect(quickly({ rules: [cyclic] })[0]?.message).toContain('larger than 64 KiB');
  });

  it('__proto__ keys in the text are reported, never applied', () => {
    const errors = errorsOf('{"rules": [{"name": "a", "action": "add-tracking", "__proto__": {"polluted": 1}}], "__proto__": {"x": 1}}');
    expect(errors.map((e) => e.path)).toEqual(['/__proto__', '/rules/0/__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('values that are not JSON', () => {
    expect(errorsOf({ rules: [tracking({ when: { '!': [undefined] } })] })).toEqual([
      { path: '/rules/0/when/!/0', message: 'undefined is not a JSON value' },
    ]);
    expect(errorsOf({ rules: [tracking({ when: new Date(0) })] })[0]?.message).toBe('not a JSON value');
    expect(errorsOf({ rules: [tracking({ when: { '!': [Number.NaN] } })] })[0]?.message).toContain('numbers must be finite');
    expect(errorsOf({ rules: [tracking({ when: () => true })] })[0]?.message).toBe('a function is not a JSON value');
    expect(errorsOf(new Map())[0]?.message).toContain('must be a JSON object');
  });
});
