import { describe, expect, it, vi } from 'vitest';
import { estimateJsonBytes, locateJsonError, parseJsonText, utf8ByteLength } from '../../src/rules/json-text';

describe('utf8ByteLength', () => {
  it('counts UTF-8 bytes like TextEncoder', () => {
    for (const text of ['', 'abc', 'é', '€', '😀', 'a\u{10FFFF}b', '\uD800x']) {
      expect(utf8ByteLength(text)).toBe(new TextEncoder().encode(text).length);
    }
  });

  it('stops counting past the limit', () => {
    expect(utf8ByteLength('x'.repeat(1_000_000), 10)).toBeGreaterThan(10);
  });
});

describe('estimateJsonBytes', () => {
  it('equals the serialised size for JSON values', () => {
    const values = [null, true, 12.5, 'São', [], {}, [1, [2, 3]], { a: 1, 'b€': [null, 'x'], c: { d: false } }];
    for (const value of values) expect(estimateJsonBytes(value, 1e9)).toBe(new TextEncoder().encode(JSON.stringify(value)).length);
  });

  it('stops early on cycles and shared references', () => {
    const cyclic: unknown[] = [];
    cyclic.push(cyclic, cyclic);
    expect(estimateJsonBytes(cyclic, 1000)).toBeGreaterThan(1000);
  });
});

describe('parseJsonText', () => {
  it('parses valid JSON and drops a byte order mark', () => {
    expect(parseJsonText('\uFEFF{"a": [1]}')).toEqual({ ok: true, value: { a: [1] } });
  });

  it('turns a stack overflow inside JSON.parse (deep text on some engines) into a clear error', () => {
    const spy = vi.spyOn(JSON, 'parse').mockImplementationOnce(() => {
      throw new RangeError('Maximum call stack size exceeded');
    });
    try {
      expect(parseJsonText('[[[]]]')).toEqual({ ok: false, message: 'the document is nested too deeply to read' });
    } finally {
      spy.mockRestore();
    }
  });

  it('says where and what, for the common mistakes', () => {
    const cases: Array<[string, string]> = [
      ['{"a": 1,}', 'line 1, column 9: remove the comma before "}"'],
      ['[1, 2,]', 'line 1, column 7: remove the comma before "]"'],
      ['{"a": 1\n "b": 2}', 'line 2, column 2: expected "," or "}" after a property value'],
      ['[1 2]', 'line 1, column 4: expected "," or "]" after a list item'],
      ['{a: 1}', 'line 1, column 2: expected a property name in double quotes'],
      ['{"a": \'x\'}', `line 1, column 7: strings need double quotes (") in JSON`],
      ['{"a" 1}', 'line 1, column 6: expected ":" after the property name'],
      ['{"a": "x\ny"}', 'line 1, column 9: a control character (such as a line break) inside a string'],
      ['{"a": "\\x"}', 'line 1, column 8: invalid escape "\\x" in a string'],
      ['{"a": "\\u12"}', 'line 1, column 8: invalid \\u escape'],
      ['{"a": "x', 'line 1, column 7: a string is not closed'],
      ['{"a": [1, 2]', 'line 1, column 13: the document ends too early'],
      ['{} {}', 'line 1, column 4: unexpected text after the end of the document'],
      ['{"a": tru}', 'line 1, column 7: expected a value'],
      ['{"a": 01}', 'line 1, column 8: expected "," or "}" after a property value'],
    ];
    for (const [text, message] of cases) {
      const result = parseJsonText(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toContain(`invalid JSON at ${message}`);
    }
  });

  it('the locator agrees with JSON.parse on what is valid', () => {
    for (const text of ['{}', '[]', '{"a":[1,-2.5e3,true,false,null,"\\u00e9\\n"]}', ' 1 ', '"x"']) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(locateJsonError(text)).toBeNull();
    }
  });
});
