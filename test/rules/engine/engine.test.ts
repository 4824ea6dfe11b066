import { describe, expect, it } from 'vitest';
import type { Rule } from '../../../src/rules/document';
import { BUILTIN_OPERATORS, UnknownOperatorError, createOperatorTable, createRuleEngine, ruleEngine } from '../../../src/rules/engine';

const stored = (name: string, carrier: string, version = 1): Rule & { version: number } => ({
  name,
  action: 'add-tracking',
  priority: 100,
  enabled: true,
  carrier,
  version,
});

describe('an engine owns its compiled-rule cache', () => {
  it('reuses a compiled rule within one engine, never across engines', () => {
    const a = createRuleEngine();
    const b = createRuleEngine();
    const rule = stored('r', 'A');
    const first = a.compiledRuleFor('s.myshopify.com', rule);
    expect(a.compiledRuleFor('s.myshopify.com', { ...rule })).toBe(first);
    expect(b.compiledRuleFor('s.myshopify.com', rule)).not.toBe(first);
    expect(ruleEngine.compiledRuleFor('s.myshopify.com', rule)).not.toBe(first);
  });

  it('keeps as many rules as its cacheSize, forgetting the least recently used', () => {
    const engine = createRuleEngine({ cacheSize: 2 });
    const shop = 'lru.myshopify.com';
    const r0 = engine.compiledRuleFor(shop, stored('r0', 'x'));
    const r1 = engine.compiledRuleFor(shop, stored('r1', 'x'));
    expect(engine.compiledRuleFor(shop, stored('r0', 'x'))).toBe(r0); // r1 is now the oldest
    engine.compiledRuleFor(shop, stored('r2', 'x'));
    expect(engine.compiledRuleFor(shop, stored('r0', 'x'))).toBe(r0);
    expect(engine.compiledRuleFor(shop, stored('r1', 'x'))).not.toBe(r1);
  });
});

describe('an engine owns its operator table', () => {
  const withoutLower = {
    ...BUILTIN_OPERATORS,
    operators: BUILTIN_OPERATORS.operators.filter((info) => info.name !== 'lower'),
  };

  it('compiles and checks only the operators of its table', () => {
    const engine = createRuleEngine({ operators: withoutLower });
    const logic = { lower: { var: 'order.name' } };
    expect(() => engine.compileLogic(logic)).toThrow(UnknownOperatorError);
    expect(engine.checkExpression(logic, 'add-tracking', 'carrier', '/c')).toEqual([
      { path: '/c/lower', message: expect.stringContaining('unknown operator "lower"') },
    ]);
    expect(engine.operators.names).not.toContain('lower');
    expect(ruleEngine.applyLogic(logic, { order: { name: 'ABC' } })).toBe('abc');
    expect(ruleEngine.checkExpression(logic, 'add-tracking', 'carrier', '/c')).toEqual([]);
  });

  it('calls the implementation its table gives, even for operators the compiler has shortcuts for', () => {
    const engine = createRuleEngine({
      operators: { ...BUILTIN_OPERATORS, operations: { ...BUILTIN_OPERATORS.operations, '==': () => 'replaced', '!': () => 'not' } },
    });
    expect(engine.applyLogic({ '==': [1, { var: 'x' }] }, { x: 1 })).toBe('replaced');
    expect(engine.applyLogic({ '!': { var: 'x' } }, { x: 1 })).toBe('not');
    expect(ruleEngine.applyLogic({ '==': [1, { var: 'x' }] }, { x: 1 })).toBe(true);
  });

  it('refuses a table whose operator has no implementation, and never resolves inherited names', () => {
    const { lower: _lower, ...operations } = BUILTIN_OPERATORS.operations;
    expect(() => createOperatorTable({ ...BUILTIN_OPERATORS, operations })).toThrow('operator "lower" has no implementation');
    const table = createOperatorTable();
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(table.info(name)).toBeUndefined();
      expect(table.operation(name)).toBeUndefined();
    }
    expect(table.refusal('log')).toContain('not allowed');
  });
});
