/**
 * Source positions in JSON text: maps a JSON pointer (as the validator reports it) to the range of
 * the value it names, and a cursor offset to the path it sits in (for hints). Pure, no DOM, so the
 * editor's error markers and completions are tested without a browser.
 */

/** A parsed value's extent in the text; `key` is the extent of its member name, when it has one. */
export interface JsonNode {
  from: number;
  to: number;
  key?: { from: number; to: number };
  /** Object members by name, or array items by index. */
  children?: Map<string, JsonNode>;
}

/** Where a pointer lands: `exact` false when only an ancestor exists (e.g. a missing property). */
export interface PointerRange {
  from: number;
  to: number;
  exact: boolean;
}

/** Splits an RFC 6901 pointer ("/rules/0/when") into unescaped segments. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return pointer === '/' ? [''] : [];
  return pointer
    .replace(/^\//, '')
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Parses valid JSON into a tree of source ranges; null when the text is not valid JSON. */
export function parseJsonMap(text: string): JsonNode | null {
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  const string = (): string => {
    const start = i;
    i++;
    while (i < n && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= n) throw new Error('unterminated string');
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (): JsonNode => {
    ws();
    const from = i;
    const c = text[i];
    if (c === '{' || c === '[') {
      const children = new Map<string, JsonNode>();
      i++;
      ws();
      const close = c === '{' ? '}' : ']';
      let index = 0;
      if (text[i] === close) i++;
      else {
        for (;;) {
          ws();
          if (c === '{') {
            const keyFrom = i;
            if (text[i] !== '"') throw new Error('expected a key');
            const name = string();
            const keyTo = i;
            ws();
            if (text[i] !== ':') throw new Error('expected :');
            i++;
            const child = value();
            child.key = { from: keyFrom, to: keyTo };
            children.set(name, child);
          } else {
            children.set(String(index++), value());
          }
          ws();
          if (text[i] === ',') {
            i++;
            continue;
          }
          if (text[i] === close) {
            i++;
            break;
          }
          throw new Error('expected , or close');
        }
      }
      return { from, to: i, children };
    }
    if (c === '"') {
      string();
      return { from, to: i };
    }
    const m = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (!m) throw new Error('unexpected token');
    i += m[0].length;
    return { from, to: i };
  };
  try {
    const root = value();
    ws();
    return i === n ? root : null;
  } catch {
    return null;
  }
}

/**
 * The source range a JSON pointer names in `text`: the value itself, or, when the pointer goes
 * further than the text does (a required property that is missing), the deepest ancestor that
 * exists. Null when the text is not valid JSON. The empty pointer is the whole document.
 */
export function pointerRange(text: string, pointer: string, tree: JsonNode | null = parseJsonMap(text)): PointerRange | null {
  if (!tree) return null;
  let node = tree;
  for (const segment of pointerSegments(pointer)) {
    const child = node.children?.get(segment);
    if (!child) return { from: node.from, to: node.to, exact: false };
    node = child;
  }
  return { from: node.from, to: node.to, exact: true };
}

/** 1-based line number of an offset. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** What the cursor is in, for completions. */
export interface CursorPlace {
  /** Keys/indexes of the containers around the cursor, outermost first (the member being written included for values). */
  path: string[];
  /** A key (member name) or a value is being typed. */
  role: 'key' | 'value';
  /** Start of the token being typed (after its opening quote when it is a string). */
  from: number;
  /** Whether the token is inside a string. */
  inString: boolean;
  /** For values inside a rule (path ["rules", i, ...]): that rule's "action" if written before the cursor. */
  action?: string;
  /** For values: the name of the member they belong to ("var" for {"var": "ord|"}). */
  key?: string;
}

/**
 * Where a cursor sits in possibly unfinished JSON (the text while someone types): scans from the
 * start, tolerating errors, and reports the container path, key-or-value role and token start.
 */
export function placeAt(text: string, offset: number): CursorPlace {
  type Frame = { kind: '{' | '['; key: string | undefined; index: number; expectKey: boolean; start: number; actionValue?: string };
  const stack: Frame[] = [];
  let i = 0;
  let lastString: string | undefined;
  let tokenFrom = 0;
  let inString = false;
  while (i < offset) {
    const c = text[i]!;
    const top = stack[stack.length - 1];
    if (c === '"') {
      const start = i;
      i++;
      while (i < offset && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      if (i >= offset) {
        inString = true;
        tokenFrom = start + 1;
        break;
      }
      i++;
      lastString = JSON.parse(JSON.stringify(text.slice(start + 1, i - 1))) as string;
      if (top?.kind === '{' && top.expectKey) top.key = lastString;
      else if (top?.kind === '{' && top.key === 'action' && stack.length === 3) top.actionValue = lastString;
      continue;
    }
    if (c === '{' || c === '[') stack.push({ kind: c, key: undefined, index: 0, expectKey: c === '{', start: i });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ':' && top?.kind === '{') top.expectKey = false;
    else if (c === ',' && top) {
      if (top.kind === '{') {
        top.expectKey = true;
        top.key = undefined;
      } else top.index++;
    }
    i++;
    if (!/[\s{}[\]:,"]/.test(c)) continue;
    tokenFrom = i;
  }
  if (!inString) {
    // A bare word being typed (true, 12, …) starts after the last delimiter.
    let j = offset;
    while (j > 0 && /[A-Za-z0-9_.\-+]/.test(text[j - 1]!)) j--;
    tokenFrom = j;
  }
  const path: string[] = [];
  stack.forEach((frame, depth) => {
    if (depth === 0) return;
    const parent = stack[depth - 1]!;
    path.push(parent.kind === '[' ? String(parent.index) : (parent.key ?? ''));
  });
  const top = stack[stack.length - 1];
  const role: 'key' | 'value' = top?.kind === '{' && top.expectKey ? 'key' : 'value';
  const place: CursorPlace = { path, role, from: tokenFrom, inString };
  if (role === 'value' && top) {
    if (top.kind === '{' && top.key !== undefined) {
      place.key = top.key;
      path.push(top.key);
    } else if (top.kind === '[') path.push(String(top.index));
  }
  const rule = stack[2];
  if (stack[0]?.kind === '{' && stack[1]?.kind === '[' && rule?.kind === '{') {
    const action = rule.actionValue ?? findAction(text, rule.start);
    if (action !== undefined) place.action = action;
  }
  return place;
}

/** The first `"action": "…"` after the rule's opening brace (written after the cursor, or the text is unfinished). */
function findAction(text: string, ruleStart: number): string | undefined {
  const match = /"action"\s*:\s*"([a-z-]+)"/.exec(text.slice(ruleStart, ruleStart + 20_000));
  return match?.[1];
}
