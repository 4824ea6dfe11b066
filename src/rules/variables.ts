/**
 * Which context variables an expression reads, from its json-logic tree alone (pure, no context).
 * Callers use it to skip reading data no rule can see (the fulfillment snapshot reads `on_hand`
 * and `committed` only for rules that read `line.on_hand` or `line.committed`), so it errs on the
 * side of "reads": a computed name or the whole context counts as reading everything.
 * Only `var`, `missing` and `missing_some` name variables; the date operators' implicit `now` is not listed.
 */
import { isLogic } from './engine';
import { EXPRESSION_KEYS, type Rule } from './document';

export interface VariablesRead {
  /** Dotted paths as written (`line.available`; a parent such as `line` reads all of it). */
  paths: ReadonlySet<string>;
  /** True when a name is computed, or the whole context is read: any variable may be read. */
  any: boolean;
}

// Their second argument runs once per item, with `var` reading the item, not the context.
const SCOPED = new Set(['filter', 'map', 'all', 'none', 'some', 'reduce']);

/** The context variables `logic` may read. */
export function variablesRead(logic: unknown): VariablesRead {
  const paths = new Set<string>();
  let any = false;
  const name = (key: unknown, inContext: boolean) => {
    if (typeof key === 'string' || typeof key === 'number') {
      if (!inContext) return;
      if (key === '') any = true;
      else paths.add(String(key));
    } else {
      // A list ([path, default]) or an operation: json-logic evaluates it to a name at run time.
      walk(key, inContext);
      if (inContext) any = true;
    }
  };
  const walk = (node: unknown, inContext: boolean): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item, inContext);
      return;
    }
    if (!isLogic(node)) return;
    const op = Object.keys(node)[0] as string;
    const raw = node[op];
    const values: unknown[] = Array.isArray(raw) ? raw : [raw];
    if (SCOPED.has(op)) {
      walk(values[0], inContext);
      walk(values[1], false);
      if (op === 'reduce') walk(values[2], inContext);
      return;
    }
    if (op === 'var') {
      const [path, ...rest] = values;
      if (path === undefined || path === null || path === '') {
        if (inContext) any = true;
      } else name(path, inContext);
      walk(rest, inContext);
      return;
    }
    if (op === 'missing') {
      for (const key of Array.isArray(values[0]) ? values[0] : values) name(key, inContext);
      return;
    }
    if (op === 'missing_some') {
      walk(values[0], inContext);
      const options = values[1];
      if (Array.isArray(options)) for (const key of options) name(key, inContext);
      else name(options, inContext);
      return;
    }
    walk(values, inContext);
  };
  walk(logic, true);
  return { paths, any };
}

/** Whether an expression that reads `read` may see `path` (the path itself, a parent, or a field of it). */
export function mayRead(read: VariablesRead, path: string): boolean {
  if (read.any) return true;
  for (const p of read.paths) if (p === path || path.startsWith(`${p}.`) || p.startsWith(`${path}.`)) return true;
  return false;
}

/** Whether any expression of any of `rules` may read one of `paths` (what a run must read for them). */
export function rulesMayRead(rules: readonly Rule[], paths: readonly string[]): boolean {
  return rules.some((rule) =>
    EXPRESSION_KEYS.some((key) => {
      if (rule[key] === undefined) return false;
      const read = variablesRead(rule[key]);
      return paths.some((path) => mayRead(read, path));
    }),
  );
}
