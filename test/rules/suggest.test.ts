import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { distanceWithin, suggest } from '../../src/rules/suggest';

describe('suggest', () => {
  it('finds typos, case and separator slips, and a left-out root', () => {
    expect(suggest('elegible', ['eligible', 'score'])).toBe('eligible');
    expect(suggest('socre', ['eligible', 'score'])).toBe('score');
    expect(suggest('AND', ['and', 'or'])).toBe('and');
    expect(suggest('startsWith', ['starts_with', 'ends_with'])).toBe('starts_with');
    expect(suggest('order.shiping_address', ['order.shipping_address', 'order.name'])).toBe('order.shipping_address');
    expect(suggest('shipping_address.zip', ['order.shipping_address.zip'])).toBe('order.shipping_address.zip');
  });

  it('stays quiet when nothing is close', () => {
    expect(suggest('banana', ['eligible', 'score'])).toBeUndefined();
    expect(suggest('', ['a'])).toBeUndefined();
    expect(suggest('x'.repeat(10_000), ['x'])).toBeUndefined();
  });
});

describe('distanceWithin', () => {
  /** The textbook optimal string alignment distance, for comparison. */
  function naive(a: string, b: string): number {
    const d = Array.from({ length: a.length + 1 }, (_, i) =>
      Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
    );
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) {
        const row = d[i] as number[];
        const up = d[i - 1] as number[];
        row[j] = Math.min(up[j]! + 1, row[j - 1]! + 1, up[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
      }
    }
    return d[a.length]![b.length]!;
  }

  it('equals the full computation, capped at max + 1', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '.'), maxLength: 12 });
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 4 }), (a, b, max) => {
        expect(distanceWithin(a, b, max)).toBe(Math.min(naive(a, b), max + 1));
      }),
      { numRuns: 5000 },
    );
  });
});
