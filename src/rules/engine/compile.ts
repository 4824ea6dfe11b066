/**
 * A json-logic evaluator with json-logic-js 2.0.5's semantics, compiled once into a tree of
 * closures (no eval/new Function: Cloudflare Workers forbid code generation). Differences from
 * json-logic-js, all on the safe side:
 * - `var` reads own properties only (json-logic-js walks the prototype chain: {"var": "constructor"});
 * - unknown operators (and `log`) are refused when compiling, not when first reached;
 * - literal lists and objects are frozen and shared between runs instead of copied;
 * - `in` on anything but a string or a list is false (json-logic-js may throw);
 * - flowfill's operators (operators.ts) exist; date ones read `now` from the context given to the run.
 * Which operators exist is the engine's operator table (operator-table.ts). This module does not
 * know the context schema: validation (check.ts) is separate.
 */
import type { OperatorTable } from './operator-table';
import { OPERATIONS, truthy, type Env, type Operation } from './operators';

/** A compiled expression: applies it to `data` (the context), as `jsonLogic.apply(logic, data)` would. */
export type CompiledLogic = (data: unknown) => unknown;

type Fn = (data: any, env: Env) => unknown;

interface Node {
  fn: Fn;
  constant: boolean;
  value?: unknown;
}

/** Nesting the compiler accepts; validated rules stay far below (32), this guards direct callers. */
const MAX_COMPILE_DEPTH = 512;

/** Thrown when an expression uses an operator that is not on the allow-list. */
export class UnknownOperatorError extends Error {
  constructor(readonly operator: string) {
    super(`Unrecognized operation ${operator}`);
    this.name = 'UnknownOperatorError';
  }
}

/** The compiler of one engine: compiles with the operators of `operators`. */
export function createCompiler(operators: OperatorTable): {
  compileLogic: (logic: unknown) => CompiledLogic;
  applyLogic: (logic: unknown, data?: unknown) => unknown;
} {
  const compileLogic = (logic: unknown): CompiledLogic => {
    const { fn } = compileNode(logic, 0, operators);
    return (data) => fn(data, { root: data, nowMs: undefined });
  };
  return { compileLogic, applyLogic: (logic, data) => compileLogic(logic)(data) };
}

/** json-logic's notion of an operation: a plain object with exactly one key. */
export function isLogic(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 1;
}

const hasOwn = Object.hasOwn;

function constant(value: unknown): Node {
  return { fn: () => value, constant: true, value };
}

function dynamic(fn: Fn): Node {
  return { fn, constant: false };
}

function compileNode(logic: unknown, depth: number, ops: OperatorTable): Node {
  if (depth > MAX_COMPILE_DEPTH) throw new RangeError(`expression nested more than ${MAX_COMPILE_DEPTH} levels deep`);
  if (Array.isArray(logic)) {
    const items: Node[] = [];
    for (let i = 0; i < logic.length; i++) items.push(compileNode(logic[i], depth + 1, ops));
    if (items.every((item) => item.constant)) return constant(Object.freeze(items.map((item) => item.value)));
    const fns = items.map((item) => item.fn);
    const n = fns.length;
    return dynamic((data, env) => {
      const out = new Array(n);
      for (let i = 0; i < n; i++) out[i] = (fns[i] as Fn)(data, env);
      return out;
    });
  }
  if (!isLogic(logic)) return constant(freezeLiteral(logic, depth));

  const op = Object.keys(logic)[0] as string;
  if (!ops.info(op)) throw new UnknownOperatorError(op);
  const raw = logic[op];
  const values: unknown[] = Array.isArray(raw) ? raw : [raw];
  const compileArgs = () => values.map((value) => compileNode(value, depth + 1, ops).fn);

  switch (op) {
    case 'if':
    case '?:':
      return dynamic(compileIf(compileArgs()));
    case 'and':
      return dynamic(compileAndOr(compileArgs(), false));
    case 'or':
      return dynamic(compileAndOr(compileArgs(), true));
    case 'filter':
    case 'map':
    case 'all':
    case 'none':
    case 'some':
    case 'reduce':
      return dynamic(compileScoped(op, values, depth, ops));
    case 'var':
      return compileVar(values, depth, ops);
    case 'missing': {
      const args = compileArgs();
      return dynamic((data, env) => missing(evaluateAll(args, data, env), data, env, ops));
    }
    case 'missing_some': {
      const args = compileArgs();
      return dynamic((data, env) => {
        const [need, options] = evaluateAll(args, data, env) as [number, any];
        // json-logic-js re-applies the options as logic: {"missing": options}.
        const listed = Array.isArray(options)
          ? options.map((o) => applyDynamic(o, data, env, ops))
          : [applyDynamic(options, data, env, ops)];
        const absent = missing(listed, data, env, ops);
        return options.length - absent.length >= need ? [] : absent;
      });
    }
  }

  const operation = ops.operation(op);
  if (!operation) throw new UnknownOperatorError(op);
  return dynamic(compileOperation(op, operation, compileArgs()));
}

/** Literals are returned as they are, like json-logic-js; frozen so no run can change the compiled rule. */
function freezeLiteral(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_COMPILE_DEPTH) throw new RangeError(`expression nested more than ${MAX_COMPILE_DEPTH} levels deep`);
  if (Array.isArray(value)) return Object.freeze(value.map((item) => freezeLiteral(item, depth + 1)));
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = freezeLiteral((value as Record<string, unknown>)[key], depth + 1);
  return Object.freeze(copy);
}

function evaluateAll(fns: Fn[], data: unknown, env: Env): unknown[] {
  const out = new Array(fns.length);
  for (let i = 0; i < fns.length; i++) out[i] = (fns[i] as Fn)(data, env);
  return out;
}

function compileIf(fns: Fn[]): Fn {
  const n = fns.length;
  if (n === 3) {
    const [test, then, otherwise] = fns as [Fn, Fn, Fn];
    return (data, env) => (truthy(test(data, env)) ? then(data, env) : otherwise(data, env));
  }
  return (data, env) => {
    let i = 0;
    for (; i < n - 1; i += 2) {
      if (truthy((fns[i] as Fn)(data, env))) return (fns[i + 1] as Fn)(data, env);
    }
    if (n === i + 1) return (fns[i] as Fn)(data, env);
    return null;
  };
}

function compileAndOr(fns: Fn[], isOr: boolean): Fn {
  return (data, env) => {
    let current: unknown;
    for (let i = 0; i < fns.length; i++) {
      current = (fns[i] as Fn)(data, env);
      if (truthy(current) === isOr) return current;
    }
    return current;
  };
}

function compileScoped(op: string, values: unknown[], depth: number, ops: OperatorTable): Fn {
  const source = compileNode(values[0], depth + 1, ops).fn;
  const body = compileNode(values[1], depth + 1, ops).fn;
  switch (op) {
    case 'filter':
      return (data, env) => {
        const list = source(data, env);
        if (!Array.isArray(list)) return [];
        return list.filter((item) => truthy(body(item, env)));
      };
    case 'map':
      return (data, env) => {
        const list = source(data, env);
        if (!Array.isArray(list)) return [];
        return list.map((item) => body(item, env));
      };
    case 'reduce': {
      const initial = values[2] !== undefined ? compileNode(values[2], depth + 1, ops).fn : () => null;
      return (data, env) => {
        const list = source(data, env);
        const start = initial(data, env);
        if (!Array.isArray(list)) return start;
        return list.reduce((accumulator, current) => body({ current, accumulator }, env), start);
      };
    }
    case 'all':
      return (data, env) => {
        const list = source(data, env);
        if (!Array.isArray(list) || list.length === 0) return false;
        for (const item of list) if (!truthy(body(item, env))) return false;
        return true;
      };
    case 'none':
      return (data, env) => {
        const list = source(data, env);
        if (!Array.isArray(list) || list.length === 0) return true;
        for (const item of list) if (truthy(body(item, env))) return false;
        return true;
      };
    default: // some
      return (data, env) => {
        const list = source(data, env);
        if (!Array.isArray(list) || list.length === 0) return false;
        for (const item of list) if (truthy(body(item, env))) return true;
        return false;
      };
  }
}

/** Reads a dotted path through own properties only; `notFound` when any step is absent. */
function readPath(data: unknown, segments: readonly string[], notFound: unknown): unknown {
  let current: any = data;
  for (let i = 0; i < segments.length; i++) {
    if (current === null || current === undefined) return notFound;
    const segment = segments[i] as string;
    if (!hasOwn(current, segment)) return notFound;
    current = current[segment];
    if (current === undefined) return notFound;
  }
  return current;
}

/** json-logic-js's `var` with already evaluated arguments. */
function readVar(data: unknown, path: unknown, fallback: unknown): unknown {
  const notFound = fallback === undefined ? null : fallback;
  if (path === undefined || path === '' || path === null) return data;
  return readPath(data, String(path).split('.'), notFound);
}

function compileVar(values: unknown[], depth: number, ops: OperatorTable): Node {
  const args = values.map((value) => compileNode(value, depth + 1, ops));
  if (args.length <= 2 && args.every((arg) => arg.constant)) {
    const path = args[0]?.value;
    const fallback = args[1]?.value;
    const notFound = fallback === undefined ? null : fallback;
    if (path === undefined || path === '' || path === null) return dynamic((data) => data);
    const segments = String(path).split('.');
    // The common one- and two-step paths without the loop.
    if (segments.length === 1) {
      const [a] = segments as [string];
      return dynamic((data) => {
        if (data === null || data === undefined || !hasOwn(data, a)) return notFound;
        const value = data[a];
        return value === undefined ? notFound : value;
      });
    }
    if (segments.length === 2) {
      const [a, b] = segments as [string, string];
      return dynamic((data) => {
        if (data === null || data === undefined || !hasOwn(data, a)) return notFound;
        const first = data[a];
        if (first === null || first === undefined || !hasOwn(first, b)) return notFound;
        const value = first[b];
        return value === undefined ? notFound : value;
      });
    }
    return dynamic((data) => readPath(data, segments, notFound));
  }
  const fns = args.map((arg) => arg.fn);
  return dynamic((data, env) => {
    const evaluated = evaluateAll(fns, data, env);
    return readVar(data, evaluated[0], evaluated[1]);
  });
}

/** Evaluates a value that json-logic-js would re-read as logic at run time (missing's keys). */
function applyDynamic(value: unknown, data: unknown, env: Env, ops: OperatorTable): unknown {
  if (Array.isArray(value) || isLogic(value)) return compileNode(value, 0, ops).fn(data, env);
  return value;
}

function missing(args: unknown[], data: unknown, env: Env, ops: OperatorTable): unknown[] {
  const keys = Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  const absent: unknown[] = [];
  for (const key of keys) {
    // json-logic-js evaluates {"var": key}: a list key is [path, default], a logic key is evaluated.
    const value = Array.isArray(key) || isLogic(key) ? compileNode({ var: key }, 0, ops).fn(data, env) : readVar(data, key, undefined);
    if (value === null || value === '') absent.push(key);
  }
  return absent;
}

/** Comparisons on two arguments without building an argument list (the hot path of most rules). */
const BINARY: Readonly<Record<string, (a: any, b: any) => unknown>> = Object.assign(Object.create(null), {
  '==': (a: any, b: any) => a == b,
  '===': (a: any, b: any) => a === b,
  '!=': (a: any, b: any) => a != b,
  '!==': (a: any, b: any) => a !== b,
  '>': (a: any, b: any) => a > b,
  '>=': (a: any, b: any) => a >= b,
  '<': (a: any, b: any) => a < b,
  '<=': (a: any, b: any) => a <= b,
  '-': (a: any, b: any) => (b === undefined ? -a : a - b),
  '/': (a: any, b: any) => a / b,
  '%': (a: any, b: any) => a % b,
});

function compileOperation(op: string, operation: Operation, fns: Fn[]): Fn {
  // The shortcuts stand for the built-in implementations only: a table that replaces one gets its own.
  if (operation !== OPERATIONS[op]) return (data, env) => operation(evaluateAll(fns, data, env), data, env);
  const binary = BINARY[op];
  if (binary && fns.length === 2) {
    const [a, b] = fns as [Fn, Fn];
    return (data, env) => binary(a(data, env), b(data, env));
  }
  if (fns.length === 1) {
    const [a] = fns as [Fn];
    if (op === '!') return (data, env) => !truthy(a(data, env));
    if (op === '!!') return (data, env) => truthy(a(data, env));
    return (data, env) => operation([a(data, env)], data, env);
  }
  return (data, env) => operation(evaluateAll(fns, data, env), data, env);
}
