import { readdirSync, readFileSync } from 'node:fs';
import jsonLogic from 'json-logic-js';
import { describe, expect, it } from 'vitest';
import { UnknownOperatorError, createRuleEngine } from '../../../src/rules/engine';

const { applyLogic, compileLogic } = createRuleEngine();

describe('var reads own properties only', () => {
  it('never reaches the prototype chain, where json-logic-js does', () => {
    for (const path of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'a.constructor', 'a.__proto__.x', 'tags.map']) {
      expect(applyLogic({ var: path }, { a: {}, tags: ['x'] })).toBeNull();
      expect(applyLogic({ var: [path, 'fallback'] }, { a: {} })).toBe('fallback');
    }
    // json-logic-js itself: the reason for the difference.
    expect(jsonLogic.apply({ var: 'constructor' }, {})).toBe(Object);
  });

  it('reads own fields of lists and strings like json-logic-js (positions, length)', () => {
    expect(applyLogic({ var: 'tags.1' }, { tags: ['a', 'b'] })).toBe('b');
    expect(applyLogic({ var: 'tags.length' }, { tags: ['a', 'b'] })).toBe(2);
    expect(applyLogic({ var: 'name.0' }, { name: 'Ana' })).toBe('A');
    expect(applyLogic({ var: 'n.x' }, { n: 5 })).toBeNull();
  });

  it('keeps null values (the default applies only when absent)', () => {
    expect(applyLogic({ var: ['a', 1] }, { a: null })).toBeNull();
    expect(applyLogic({ var: ['a.b', 1] }, { a: null })).toBe(1);
    expect(applyLogic({ var: ['a', 1] }, {})).toBe(1);
  });

  it('evaluates computed paths and defaults', () => {
    expect(applyLogic({ var: [{ cat: ['a', '.b'] }, { '+': [1, 2] }] }, { a: { b: 7 } })).toBe(7);
    expect(applyLogic({ var: [{ cat: ['a', '.c'] }, { '+': [1, 2] }] }, { a: { b: 7 } })).toBe(3);
    expect(applyLogic({ var: [{ cat: ['constructor'] }] }, {})).toBeNull();
  });
});

describe('compilation', () => {
  it('refuses unknown operators and log when compiling, even in an unreached branch', () => {
    expect(() => compileLogic({ if: [false, { bogus: 1 }, 2] })).toThrow(UnknownOperatorError);
    expect(() => compileLogic({ log: 'x' })).toThrow('Unrecognized operation log');
    expect(() => compileLogic(JSON.parse('{"__proto__": [1]}'))).toThrow(UnknownOperatorError);
    expect(() => compileLogic({ constructor: [1] })).toThrow(UnknownOperatorError);
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { '!': deep };
    expect(() => compileLogic(deep)).toThrow(RangeError);
  });

  it('compiles once and runs many times with different data', () => {
    const run = compileLogic({ '>': [{ var: 'x' }, 2] });
    expect([1, 2, 3, 4].map((x) => run({ x }))).toEqual([false, false, true, true]);
  });

  it('shares frozen literals, so no run can change the compiled expression', () => {
    const run = compileLogic({ if: [true, ['a', 'b'], null] });
    const first = run({}) as string[];
    expect(first).toEqual(['a', 'b']);
    expect(Object.isFrozen(first)).toBe(true);
    expect(() => first.push('c')).toThrow(TypeError);
    expect(run({})).toEqual(['a', 'b']);
    const objectLiteral = applyLogic({ if: [true, { a: [1], b: 2 }] }) as { a: number[] };
    expect(Object.isFrozen(objectLiteral.a)).toBe(true);
  });

  it('builds new lists where they contain logic', () => {
    const run = compileLogic([{ var: 'x' }, 1]);
    expect(run({ x: 0 })).toEqual([0, 1]);
    expect(run({ x: 1 })).not.toBe(run({ x: 1 }));
  });
});

describe('Workers compatibility', () => {
  it('the evaluator generates no code (Cloudflare Workers forbid eval and new Function)', () => {
    // vitest-pool-workers allows code generation, so only a look at the source proves this.
    const engine = new URL('../../../src/rules/engine/', import.meta.url);
    const files = readdirSync(engine).filter((file) => file.endsWith('.ts'));
    expect(files).toContain('compile.ts');
    for (const file of files) {
      const code = readFileSync(new URL(file, engine), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '');
      expect(code).not.toMatch(/\beval\s*\(|new\s+Function\b|\bFunction\s*\(/);
    }
  });
});

describe('json-logic-js semantics on edge cases', () => {
  const same = (logic: unknown, data?: unknown) => {
    let expected: unknown;
    let threw = false;
    try {
      expected = jsonLogic.apply(logic as never, data);
    } catch {
      threw = true;
    }
    if (threw) expect(() => applyLogic(logic, data)).toThrow();
    else expect(applyLogic(logic, data)).toStrictEqual(expected);
  };

  it('matches on argument shapes and coercions', () => {
    same({ '*': [] });
    same({ '*': ['3'] });
    same({ '+': [] });
    same({ '+': [-0] });
    same({ '-': [-0] });
    same({ '-': [3, { and: [] }] });
    same({ and: [] });
    same({ or: [] });
    same({ if: [] });
    same({ in: ['', ''] });
    same({ in: ['a', null] });
    same({ in: [1, [1, 2]] });
    same({ cat: [null, [1, [2, 3]], { a: 1, b: 2 }, true] });
    same({ substr: ['jsonlogic', 1, -5] });
    same({ substr: [12345, -2] });
    same({ merge: [[1], 2, [[3]]] });
    same({ min: [] });
    same({ max: ['3', 2] });
    same({ '<': [1, 2, { and: [] }] });
    same({ '<=': ['a', 'b', 'c'] });
    same({ '%': [5, 0] });
    same({ '!!': [[0]] });
    same({ filter: [{ var: 'x' }] }, { x: [1, 2] });
    same({ map: [{ var: 'x' }] }, { x: [1, 2] });
    same({ all: [[1, 2]] });
    same({ reduce: [[1, 2, 3], { '+': [{ var: 'current' }, { var: 'accumulator' }] }] });
    same({ reduce: [5, { var: 'current' }, 'init'] });
  });

  it('matches on missing with lists, defaults and logic keys', () => {
    same({ missing: [['a', 'b'], 'c'] }, { a: 1 });
    same({ missing: [['a', 1]] }, {});
    same({ missing: [{ if: [true, 'a', 'b'] }] }, { b: 1 });
    same({ missing: { merge: ['a', ['b']] } }, { b: '' });
    // Keys that come from the data are re-read as logic, as json-logic-js does.
    same({ missing: [{ var: 'k' }] }, { k: { var: 'x' }, x: 'y' });
    same({ missing: [{ var: 'k' }] }, { k: { var: 'x' }, x: 'y', y: 1 });
    same({ missing: [{ var: 'k' }] }, { k: { bogus: 1 } });
    same({ missing_some: [1, 'ab'] }, {});
    same({ missing_some: [1, null] }, {});
    same({ missing_some: [0, []] }, {});
  });
});
