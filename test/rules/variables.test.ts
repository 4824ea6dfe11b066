import { describe, expect, it } from 'vitest';
import { mayRead, variablesRead } from '../../src/rules/variables';

const paths = (logic: unknown) => [...variablesRead(logic).paths].sort();

describe('variablesRead', () => {
  it('lists the literal var names of an expression, defaults and nested operations included', () => {
    const logic = { and: [{ '>=': [{ var: 'line.available' }, 0] }, { '<': [{ var: ['line.on_hand', { var: 'line.quantity' }] }, 5] }] };
    expect(paths(logic)).toEqual(['line.available', 'line.on_hand', 'line.quantity']);
    expect(variablesRead(logic).any).toBe(false);
    expect(paths({ var: 'order.total_price' })).toEqual(['order.total_price']);
    expect(paths(42)).toEqual([]);
  });

  it('counts the names missing and missing_some test', () => {
    expect(paths({ missing: ['order.email', 'line.committed'] })).toEqual(['line.committed', 'order.email']);
    expect(paths({ missing: [['order.email']] })).toEqual(['order.email']);
    expect(paths({ missing_some: [1, ['order.email', 'line.on_hand']] })).toEqual(['line.on_hand', 'order.email']);
  });

  it('ignores var inside map/filter/some bodies (they read the item) but not their source', () => {
    const logic = { some: [{ var: 'order.tags' }, { in: [{ var: '' }, ['vip']] }] };
    expect(variablesRead(logic)).toEqual({ paths: new Set(['order.tags']), any: false });
    const reduce = { reduce: [{ var: 'order.customer.tags' }, { '+': [{ var: 'accumulator' }, 1] }, { var: 'line.quantity' }] };
    expect(paths(reduce)).toEqual(['line.quantity', 'order.customer.tags']);
  });

  it('treats a computed name or the whole context as reading anything', () => {
    expect(variablesRead({ var: { cat: ['line.', 'on_hand'] } }).any).toBe(true);
    expect(variablesRead({ var: '' }).any).toBe(true);
    expect(variablesRead({ missing: [{ var: 'order.name' }] }).any).toBe(true);
  });
});

describe('mayRead', () => {
  it('matches the path itself, a parent object read whole, and nothing else', () => {
    expect(mayRead(variablesRead({ var: 'line.on_hand' }), 'line.on_hand')).toBe(true);
    expect(mayRead(variablesRead({ var: 'line' }), 'line.on_hand')).toBe(true);
    expect(mayRead(variablesRead({ var: 'line.available' }), 'line.on_hand')).toBe(false);
    expect(mayRead(variablesRead({ var: 'line.on_hand_extra' }), 'line.on_hand')).toBe(false);
    expect(mayRead(variablesRead({ var: { if: [true, 'line.sku', 'x'] } }), 'line.committed')).toBe(true);
  });
});
