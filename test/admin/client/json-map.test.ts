import { describe, expect, it } from 'vitest';
import { hintsFor } from '../../../src/admin/client/hints';
import { lineOf, parseJsonMap, placeAt, pointerRange, pointerSegments } from '../../../src/admin/client/json-map';
import { buildHintData } from '../../../src/admin/page/hints-data';

const DOC = `{
  "rules": [
    {
      "name": "a/b~c",
      "action": "fulfill-from-best-location",
      "score": {"-": [0, {"var": "location.distanse_km"}]}
    }
  ]
}`;

describe('pointerRange: a validator path to the text it names', () => {
  it('finds a nested value on its line', () => {
    const range = pointerRange(DOC, '/rules/0/score/-/1/var')!;
    expect(range.exact).toBe(true);
    expect(DOC.slice(range.from, range.to)).toBe('"location.distanse_km"');
    expect(lineOf(DOC, range.from)).toBe(6);
  });

  it('unescapes ~1 and ~0 and falls back to the nearest ancestor for a missing member', () => {
    expect(pointerSegments('/a~1b/c~0d')).toEqual(['a/b', 'c~d']);
    const missing = pointerRange(DOC, '/rules/0/eligible')!;
    expect(missing.exact).toBe(false);
    expect(lineOf(DOC, missing.from)).toBe(3);
    expect(pointerRange(DOC, '')).toEqual({ from: 0, to: DOC.length, exact: true });
  });

  it('gives null for text that is not JSON', () => {
    expect(parseJsonMap('{"rules": [}')).toBeNull();
    expect(pointerRange('{"a": 1,}', '/a')).toBeNull();
  });
});

describe('placeAt and hintsFor: completions that fit the cursor', () => {
  const data = buildHintData();
  const at = (text: string) => placeAt(text.replace('|', ''), text.indexOf('|'));

  it('offers the expression\'s variables inside {"var": "…"}', () => {
    const place = at('{"rules": [{"action": "fulfill-from-best-location", "score": {"var": "loc|');
    expect(place.inString).toBe(true);
    const labels = hintsFor(place, data).map((hint) => hint.label);
    expect(labels).toContain('location.distance_km');
    expect(labels).not.toContain('line.sku'); // score runs per location, not per line
    expect(labels).not.toContain('tracking.number');
  });

  it('offers tracking variables only to add-tracking rules', () => {
    const place = at('{"rules": [{"action": "add-tracking", "when": {"in": ["x", {"var": "|"}]}}]}');
    expect(hintsFor(place, data).map((hint) => hint.label)).toContain('tracking.number');
  });

  it('offers operators in an expression, rule fields in a rule and handles for "action"', () => {
    expect(hintsFor(at('{"rules": [{"action": "add-tracking", "when": {"|'), data).map((h) => h.label)).toEqual(
      expect.arrayContaining(['==', 'days_since', 'in']),
    );
    const fields = hintsFor(at('{"rules": [{"action": "add-tracking", "|'), data).map((h) => h.label);
    expect(fields).toEqual(expect.arrayContaining(['name', 'priority', 'carrier', 'tracking_url']));
    expect(fields).not.toContain('score');
    expect(hintsFor(at('{"rules": [{"name": "x", "action": "|'), data).map((h) => h.label)).toContain('partial-fulfill-ready-items');
  });
});
