import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { operatorExample } from '../../../src/rules/docs/operator-examples';
import { createRuleEngine } from '../../../src/rules/engine';
import { OPERATORS, truthy } from '../../../src/rules/engine/operators';
import { parseTimestamp } from '../../../src/rules/engine/timestamps';

const { applyLogic, checkExpression, operators } = createRuleEngine();

const NOW = '2026-03-04T09:00:00Z';
const at = (logic: unknown, data: Record<string, unknown> = {}) => applyLogic(logic, { now: NOW, ...data });

describe('the allow-list', () => {
  it("is json-logic-js 2.0.5's operators minus log, plus flowfill's", () => {
    // Read the library's own source so an upgrade that adds an operator fails here.
    const source = readFileSync(createRequire(import.meta.url).resolve('json-logic-js/logic.js'), 'utf8');
    const table = [...source.matchAll(/^ {4}"([^"]+)": function/gm)].map((m) => m[1]);
    const apply = source.slice(source.indexOf('jsonLogic.apply = function'), source.indexOf('jsonLogic.uses_data'));
    const specialForms = [...apply.matchAll(/op === "([^"]+)"|op == "([^"]+)"/g)].map((m) => m[1] ?? m[2]);
    const jsonLogicOps = new Set([...table, ...specialForms]);
    expect(jsonLogicOps.size).toBeGreaterThan(30);
    const ours = OPERATORS.filter((o) => o.origin === 'json-logic').map((o) => o.name);
    expect(new Set(ours)).toEqual(new Set([...jsonLogicOps].filter((name) => name !== 'log')));
    expect(OPERATORS.filter((o) => o.origin === 'flowfill').map((o) => o.name)).toEqual([
      'days_since',
      'hours_since',
      'before',
      'after',
      'starts_with',
      'ends_with',
      'contains',
      'lower',
      'upper',
    ]);
  });

  it.each(OPERATORS.map((info) => [info.name, operatorExample(info.name)] as const))(
    '%s: its documented example gives the documented result and validates',
    (_name, example) => {
      expect(applyLogic(example.logic, example.data)).toStrictEqual(example.result);
      // Every example only reads documented variables (all roots allowed in `eligible`/`ready`/`carrier`).
      const key = JSON.stringify(example.logic).includes('line.')
        ? 'ready'
        : JSON.stringify(example.logic).includes('tracking.')
          ? 'carrier'
          : 'eligible';
      const action = key === 'ready' ? 'partial-fulfill-ready-items' : key === 'carrier' ? 'add-tracking' : 'fulfill-from-best-location';
      const typeProblems = ['carrier must give']; // a boolean example used as carrier is fine for this purpose
      const errors = checkExpression(example.logic, action, key, '').filter((e) => !typeProblems.some((p) => e.message.startsWith(p)));
      expect(errors).toEqual([]);
    },
  );

  it('has no entry for inherited names', () => {
    expect(operators.info('constructor')).toBeUndefined();
    expect(operators.info('__proto__')).toBeUndefined();
  });
});

describe('truthiness', () => {
  it('is JavaScript truthiness except that an empty list is false', () => {
    expect([[], 0, '', null, undefined, false, Number.NaN].map(truthy)).toEqual(Array(7).fill(false));
    expect([[0], '0', 'false', {}, -1, true].map(truthy)).toEqual(Array(6).fill(true));
  });
});

describe('date operators', () => {
  it("measure against the context's now, not the wall clock", () => {
    expect(at({ days_since: '2026-03-01T09:00:00Z' })).toBe(3);
    expect(at({ days_since: '2026-03-02T21:00:00Z' })).toBe(1.5);
    expect(at({ hours_since: '2026-03-04T06:30:00Z' })).toBe(2.5);
    expect(at({ hours_since: '2026-03-05T09:00:00Z' })).toBe(-24);
    expect(applyLogic({ days_since: '2026-03-01' }, { now: '2030-03-01' })).toBe(1461);
  });

  it('give null for a missing or invalid timestamp, so comparisons are simply false', () => {
    for (const bad of [null, '', 'yesterday', '1', 1_700_000_000_000, '2026-02-30', '2026-13-01', '2026-03-01T25:00:00Z', []]) {
      expect(at({ days_since: [bad] })).toBeNull();
    }
    expect(at({ '>': [{ days_since: { var: 'order.created_at' } }, 3] }, { order: {} })).toBe(false);
  });

  it('read now from the root context even inside map/filter', () => {
    expect(at({ map: [['2026-03-03T09:00:00Z', '2026-03-02T09:00:00Z'], { days_since: { var: '' } }] })).toEqual([1, 2]);
  });

  it('refuse to run without a valid now in the context', () => {
    expect(() => applyLogic({ days_since: '2026-03-01' }, {})).toThrow('the evaluation context has no valid "now" timestamp');
    expect(() => applyLogic({ days_since: '2026-03-01' }, { now: 'soon' })).toThrow('no valid "now"');
  });

  it('before/after compare instants, offsets included', () => {
    expect(at({ before: ['2026-03-01T23:30:00-03:00', '2026-03-02T01:00:00Z'] })).toBe(false); // 02:30Z is after 01:00Z
    expect(at({ after: ['2026-03-01T23:30:00-03:00', '2026-03-02T01:00:00Z'] })).toBe(true);
    expect(at({ before: ['2026-03-01', '2026-03-01T00:00:01Z'] })).toBe(true);
    expect(at({ before: ['2026-03-01', 'garbage'] })).toBe(false);
    expect(at({ after: [null, '2026-03-01'] })).toBe(false);
  });

  it('parseTimestamp reads ISO 8601 strictly, with UTC as the default zone', () => {
    expect(parseTimestamp('2026-03-01T14:30:00Z')).toBe(Date.UTC(2026, 2, 1, 14, 30));
    expect(parseTimestamp('2026-03-01T14:30:00')).toBe(Date.UTC(2026, 2, 1, 14, 30));
    expect(parseTimestamp('2026-03-01T11:30:00-03:00')).toBe(Date.UTC(2026, 2, 1, 14, 30));
    expect(parseTimestamp('2026-03-01T19:00:00+0430')).toBe(Date.UTC(2026, 2, 1, 14, 30));
    expect(parseTimestamp('2026-03-01T14:30:00.123456Z')).toBe(Date.UTC(2026, 2, 1, 14, 30, 0, 123));
    expect(parseTimestamp('2026-03-01 14:30')).toBe(Date.UTC(2026, 2, 1, 14, 30));
    expect(parseTimestamp('2026-03-01')).toBe(Date.UTC(2026, 2, 1));
    expect(parseTimestamp('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    for (const bad of ['2025-02-29', 'Mar 1 2026', '2026-3-1', '2026-03-01T14:30:00+25:00', 'x'.repeat(1000)])
      expect(parseTimestamp(bad)).toBeNull();
  });
});

describe('string operators', () => {
  it('starts_with / ends_with / contains are case-sensitive and false for non-strings', () => {
    expect(at({ starts_with: ['ship:express', 'ship:'] })).toBe(true);
    expect(at({ starts_with: ['Ship:express', 'ship:'] })).toBe(false);
    expect(at({ ends_with: ['RA123456785BR', 'BR'] })).toBe(true);
    expect(at({ starts_with: [12345, '12'] })).toBe(false);
    expect(at({ ends_with: [null, ''] })).toBe(false);
    expect(at({ contains: ['Rio Outlet', 'Outlet'] })).toBe(true);
    expect(at({ contains: [['a', 'b'], 'b'] })).toBe(true);
    expect(at({ contains: [['a', 'b'], 'c'] })).toBe(false);
    expect(at({ contains: ['abc', 1] })).toBe(false);
    expect(at({ contains: [null, 'a'] })).toBe(false);
  });

  it('lower / upper change strings and the strings of a list, and leave other values alone', () => {
    expect(at({ lower: 'VIP' })).toBe('vip');
    expect(at({ upper: 'sp' })).toBe('SP');
    expect(at({ lower: [['VIP', 1, null]] })).toEqual(['vip', 1, null]);
    expect(at({ lower: [null] })).toBeNull();
    expect(at({ upper: [5] })).toBe(5);
    expect(at({ in: ['vip', { lower: { var: 'tags' } }] }, { tags: ['Gift', 'VIP'] })).toBe(true);
  });
});
