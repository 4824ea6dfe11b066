/**
 * Reading a rule document's raw text safely: sizes are measured before anything is parsed or
 * serialised (a 50 MB string or a cyclic object is refused in microseconds), and JSON syntax
 * errors get a line and column (V8's messages do not always carry a position).
 */

/** UTF-8 byte length of a string, counting no further than `stopAfter` (the result is then > stopAfter). */
export function utf8ByteLength(text: string, stopAfter = Number.POSITIVE_INFINITY): number {
  // Every UTF-16 code unit is at least one byte: long strings are refused without a scan.
  if (text.length > stopAfter) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
    if (bytes > stopAfter) return bytes;
  }
  return bytes;
}

type Frame = { array: readonly unknown[]; index: number } | { object: Record<string, unknown>; keys: string[]; index: number };

/**
 * The size `JSON.stringify(value)` would have in UTF-8 (approximately, for non-JSON values),
 * walking iteratively and stopping as soon as it exceeds `stopAfter`: deep nesting, huge arrays and
 * shared or cyclic references all end quickly instead of overflowing the stack or hanging.
 */
export function estimateJsonBytes(value: unknown, stopAfter: number): number {
  let bytes = 0;
  const stack: Frame[] = [];
  let next: unknown = value;
  let pending = true;
  for (;;) {
    if (pending) {
      pending = false;
      const v = next;
      if (v === null || v === undefined) bytes += 4;
      else if (typeof v === 'string') bytes += 2 + utf8ByteLength(v, stopAfter - bytes);
      else if (typeof v === 'number') bytes += Number.isFinite(v) ? String(v).length : 4;
      else if (typeof v === 'boolean') bytes += v ? 4 : 5;
      else if (Array.isArray(v)) {
        bytes += 2;
        if (v.length > stopAfter) return stopAfter + 1;
        stack.push({ array: v, index: 0 });
      } else if (typeof v === 'object') {
        bytes += 2;
        const keys = Object.keys(v);
        if (keys.length > stopAfter) return stopAfter + 1;
        stack.push({ object: v as Record<string, unknown>, keys, index: 0 });
      } else bytes += 4;
      if (bytes > stopAfter) return bytes;
    }
    const frame = stack[stack.length - 1];
    if (!frame) return bytes;
    if ('array' in frame) {
      if (frame.index >= frame.array.length) {
        stack.pop();
        continue;
      }
      if (frame.index > 0) bytes += 1;
      next = frame.array[frame.index++];
    } else {
      if (frame.index >= frame.keys.length) {
        stack.pop();
        continue;
      }
      const key = frame.keys[frame.index++] as string;
      bytes += (frame.index > 1 ? 1 : 0) + 3 + utf8ByteLength(key, stopAfter - bytes);
      next = frame.object[key];
    }
    pending = true;
  }
}

export type JsonTextResult = { ok: true; value: unknown } | { ok: false; message: string };

/** JSON.parse with an admin-readable error (line, column, what was expected) instead of an exception. */
export function parseJsonText(text: string): JsonTextResult {
  // A byte order mark is invisible in editors and JSON.parse refuses it: drop it.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch (error) {
    if (error instanceof RangeError) return { ok: false, message: 'the document is nested too deeply to read' };
    const found = locateJsonError(body);
    if (!found) return { ok: false, message: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` };
    const { line, column } = lineAndColumn(body, found.offset);
    return { ok: false, message: `invalid JSON at line ${line}, column ${column}: ${found.message}` };
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

type State = 'value' | 'value_or_close' | 'key' | 'key_or_close' | 'colon' | 'after';

/** The offset and a description of the first JSON syntax error in `text`, or null if it is valid JSON. */
export function locateJsonError(text: string): { offset: number; message: string } | null {
  const n = text.length;
  const stack: Array<'[' | '{'> = [];
  let i = 0;
  let state: State = 'value';
  let afterComma = false;

  const scanString = (): { offset: number; message: string } | null => {
    const start = i;
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return null;
      }
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
            return { offset: i, message: 'invalid \\u escape: it needs four hex digits' };
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) return { offset: i, message: `invalid escape "\\${e ?? ''}" in a string` };
        i += 2;
        continue;
      }
      if (c < 0x20) return { offset: i, message: 'a control character (such as a line break) inside a string: write it as \\n' };
      i++;
    }
    return { offset: start, message: 'a string is not closed: a closing " is missing' };
  };

  for (;;) {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
      else break;
    }
    if (state === 'after' && stack.length === 0) {
      return i < n ? { offset: i, message: 'unexpected text after the end of the document' } : null;
    }
    if (i >= n) return { offset: n, message: 'the document ends too early (a missing } or ]?)' };
    const ch = text[i] as string;
    switch (state) {
      case 'value':
      case 'value_or_close': {
        if (state === 'value_or_close' && ch === ']') {
          stack.pop();
          i++;
          state = 'after';
          break;
        }
        if (ch === '{') {
          stack.push('{');
          i++;
          state = 'key_or_close';
        } else if (ch === '[') {
          stack.push('[');
          i++;
          state = 'value_or_close';
        } else if (ch === '"') {
          const problem = scanString();
          if (problem) return problem;
          state = 'after';
        } else if (text.startsWith('true', i) || text.startsWith('null', i)) {
          i += 4;
          state = 'after';
        } else if (text.startsWith('false', i)) {
          i += 5;
          state = 'after';
        } else {
          NUMBER.lastIndex = i;
          const m = NUMBER.exec(text);
          if (m) {
            i += m[0].length;
            state = 'after';
          } else if ((ch === ']' || ch === '}') && afterComma) {
            return { offset: i, message: `remove the comma before "${ch}" (JSON does not allow trailing commas)` };
          } else if (ch === "'") {
            return { offset: i, message: 'strings need double quotes (") in JSON' };
          } else {
            return { offset: i, message: 'expected a value: a "string", a number, true, false, null, an object {…} or a list […]' };
          }
        }
        afterComma = false;
        break;
      }
      case 'key':
      case 'key_or_close': {
        if (ch === '}' && state === 'key_or_close') {
          stack.pop();
          i++;
          state = 'after';
        } else if (ch === '"') {
          const problem = scanString();
          if (problem) return problem;
          state = 'colon';
        } else if (ch === '}') {
          return { offset: i, message: 'remove the comma before "}" (JSON does not allow trailing commas)' };
        } else {
          return { offset: i, message: 'expected a property name in double quotes' };
        }
        afterComma = false;
        break;
      }
      case 'colon': {
        if (ch !== ':') return { offset: i, message: 'expected ":" after the property name' };
        i++;
        state = 'value';
        break;
      }
      case 'after': {
        const top = stack[stack.length - 1];
        if (ch === ',') {
          i++;
          state = top === '{' ? 'key' : 'value';
          afterComma = true;
        } else if ((top === '[' && ch === ']') || (top === '{' && ch === '}')) {
          stack.pop();
          i++;
        } else {
          return {
            offset: i,
            message: top === '[' ? 'expected "," or "]" after a list item' : 'expected "," or "}" after a property value',
          };
        }
        break;
      }
    }
  }
}
