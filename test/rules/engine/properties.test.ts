/**
 * Property-based tests: on generated expressions and data our evaluator agrees with plain
 * json-logic-js (with flowfill's operators registered there too), and validation never throws.
 */
import fc from 'fast-check';
import jsonLogic from 'json-logic-js';
import { describe, expect, it } from 'vitest';
import { ruleEngine } from '../../../src/rules/engine';
import { ACTION_HANDLES, EXPRESSION_KEYS } from '../../../src/rules/document';
import { OPERATIONS, OPERATORS, type Env } from '../../../src/rules/engine/operators';
import { validateRuleDocument } from '../../../src/rules/validate';

const { applyLogic } = ruleEngine;

const NOW = '2026-03-04T09:00:00Z';

// Raw json-logic-js gets flowfill's operators, with `now` fixed (its operations cannot see the root
// data inside map/filter; ours read it from the context, which the data below always carries).
for (const info of OPERATORS.filter((o) => o.origin === 'flowfill')) {
  const operation = OPERATIONS[info.name];
  if (!operation) throw new Error(`no implementation for ${info.name}`);
  jsonLogic.add_operation(info.name, (...args: unknown[]) => {
    const env: Env = { root: { now: NOW }, nowMs: undefined };
    return operation(args, undefined, env);
  });
}

const PATHS = ['', 'a', 'b', 'c', 'a.b', 'a.0', 'list', 'list.1', 'x.y.z', 'ts', 'now', 0, 1] as const;
const STRINGS = ['', 'a', 'b', 'ab', '0', '1', '2.5', 'vip', 'VIP', 'a.b', NOW, '2026-03-01T12:00:00-03:00', '2026-03-01'];

const literal = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -100, max: 100 }),
  fc.constantFrom(...STRINGS),
  fc.boolean(),
  fc.constant(null),
);
const path = fc.constantFrom(...PATHS);

const OPS = OPERATORS.filter((o) => !['var', 'missing', 'missing_some'].includes(o.name));

const { expr } = fc.letrec<{ expr: unknown; operation: unknown; leaf: unknown }>((tie) => ({
  leaf: fc.oneof(
    literal,
    path.map((p) => ({ var: p })),
    fc.tuple(path, literal).map(([p, d]) => ({ var: [p, d] })),
    fc.array(path, { maxLength: 3 }).map((keys) => ({ missing: keys })),
    fc.tuple(fc.integer({ min: 0, max: 3 }), fc.array(path, { maxLength: 3 })).map(([n, keys]) => ({ missing_some: [n, keys] })),
  ),
  operation: fc.tuple(fc.constantFrom(...OPS), fc.array(tie('expr'), { maxLength: 4 }), fc.boolean()).map(([info, pool, unary]) => {
    const max = Math.min(info.maxArgs, info.minArgs + 2);
    const args = pool.slice(0, Math.max(info.minArgs, Math.min(max, pool.length)));
    while (args.length < info.minArgs) args.push(null);
    // json-logic's shorthand for one argument: {"!": x} instead of {"!": [x]}.
    if (unary && args.length === 1 && !Array.isArray(args[0])) return { [info.name]: args[0] };
    return { [info.name]: args };
  }),
  expr: fc.oneof({ depthSize: 'small' }, tie('leaf'), tie('operation'), tie('operation'), fc.array(tie('leaf'), { maxLength: 3 })),
}));

const { value } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    literal,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c', '0', '1'), tie('value'), { maxKeys: 3 }),
  ),
}));

const data = fc
  .record(
    { a: value, b: value, c: value, list: fc.array(value, { maxLength: 4 }), ts: fc.constantFrom(...STRINGS) },
    { requiredKeys: ['list'] },
  )
  .map((record) => ({ ...record, now: NOW }));

type Outcome = { ok: true; value: unknown } | { ok: false };
function run(f: () => unknown): Outcome {
  try {
    return { ok: true, value: f() };
  } catch {
    return { ok: false };
  }
}

describe('our evaluator agrees with json-logic-js', () => {
  it('on generated expressions and data', () => {
    fc.assert(
      fc.property(expr, data, (logic, context) => {
        const expected = run(() => jsonLogic.apply(logic as never, context));
        const actual = run(() => applyLogic(logic, context));
        expect(actual.ok).toBe(expected.ok);
        if (actual.ok && expected.ok) expect(actual.value).toStrictEqual(expected.value);
      }),
      { numRuns: 3000 },
    );
  });

  it('on generated data applied as the whole context', () => {
    fc.assert(
      fc.property(expr, value, (logic, context) => {
        const expected = run(() => jsonLogic.apply(logic as never, context));
        // Without a `now` in the context our date operators refuse to run; json-logic-js's copy has one.
        const actual = run(() => applyLogic(logic, context));
        if (actual.ok) {
          expect(expected.ok).toBe(true);
          if (expected.ok) expect(actual.value).toStrictEqual(expected.value);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('validation never throws', () => {
  const result = (input: unknown) => {
    const outcome = validateRuleDocument(input);
    expect(typeof outcome.ok).toBe('boolean');
    if (!outcome.ok) {
      expect(outcome.errors.length).toBeGreaterThan(0);
      for (const error of outcome.errors) {
        expect(typeof error.path).toBe('string');
        expect(typeof error.message).toBe('string');
      }
    }
  };
  const anything = fc.anything({
    maxDepth: 6,
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withObjectString: true,
    withSparseArray: true,
    withTypedArray: true,
    withUnicodeString: true,
  });

  it('on arbitrary values', () => {
    fc.assert(fc.property(anything, result), { numRuns: 1000 });
  });

  it('on arbitrary values inside a rule, where expressions go', () => {
    const rule = fc.record(
      {
        name: fc.oneof(fc.constantFrom('a', 'b'), fc.string()),
        action: fc.oneof(fc.constantFrom(...ACTION_HANDLES), anything),
        ...Object.fromEntries(EXPRESSION_KEYS.map((key) => [key, fc.oneof(expr, anything)])),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 3 }), (rules) => result({ rules })),
      { numRuns: 1000 },
    );
  });

  it('on arbitrary JSON text and strings', () => {
    fc.assert(fc.property(fc.oneof(fc.json({ maxDepth: 6 }), fc.string({ unit: 'binary' })), result), { numRuns: 1000 });
  });

  it('on deep generated structures, as values and as text', () => {
    const deep = fc.tuple(fc.integer({ min: 30, max: 5000 }), fc.constantFrom('!', 'and', 'if', 'var'), fc.boolean());
    fc.assert(
      fc.property(deep, ([depth, op, asText]) => {
        if (asText) {
          // Built as text: JSON.stringify itself overflows on such values.
          const text = `{"rules":[{"name":"a","action":"add-tracking","when":${`{"${op}":[`.repeat(depth)}true${']}'.repeat(depth)}}]}`;
          result(text);
        } else {
          let node: unknown = true;
          for (let i = 0; i < depth; i++) node = { [op]: [node] };
          result({ rules: [{ name: 'a', action: 'add-tracking', when: node }] });
        }
      }),
      { numRuns: 200 },
    );
  });
});
