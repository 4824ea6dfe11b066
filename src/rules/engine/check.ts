/**
 * Checks one json-logic expression of a rule: limits (depth, size, JSON-ness), the operator
 * allow-list and arity, `var`/`missing` paths against the context schema for that expression
 * (scope-aware: inside map/filter/… `var` reads the current item), forbidden path segments, and
 * cheap static result kinds (a `score` that can only be a string is refused at save time).
 *
 * Two passes: an iterative structural pass that refuses hostile shapes without recursion, then a
 * recursive semantic pass whose depth the first pass has bounded.
 */
import { CONTEXT_VARIABLES, EXPRESSION_SCOPE, findVariable, rootOf, rootsFor, variablesFor, type ContextVariable } from '../context';
import { EXPRESSION_RESULTS, RULE_LIMITS, type ActionHandle, type ExpressionKey } from '../document';
import { suggest } from '../suggest';
import type { OperatorTable } from './operator-table';
import { Kind, type OperatorInfo } from './operators';

/** One problem in a rule document: a JSON pointer (RFC 6901) into the document and what to do about it. */
export interface RuleError {
  path: string;
  message: string;
}

/** Path segments refused anywhere in a variable path (json-logic-js would walk the prototype chain). */
export const FORBIDDEN_SEGMENTS: ReadonlySet<string> = new Set(['__proto__', 'prototype', 'constructor']);

const { NUM, STR, BOOL, NULL, ARR, OBJ, ANY } = Kind;

/** Escapes one JSON pointer segment. */
export function pointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Checks an expression; `pointer` is where it sits in the document (e.g. /rules/2/eligible). */
export type CheckExpression = (value: unknown, action: ActionHandle | undefined, key: ExpressionKey, pointer: string) => RuleError[];

/** The checker of one engine: knows the operators of `operators`. */
export function createChecker(operators: OperatorTable): CheckExpression {
  // "Did you mean" candidates per (action, expression); stable arrays so suggest() can prepare them once.
  const candidates = new Map<string, readonly string[]>();
  return (value, action, key, pointer) => {
    const structural = checkStructure(value, pointer);
    if (structural) return [structural];
    const checker = new Checker(operators, candidates, action, key);
    const type = checker.check(value, pointer, { kind: 'root' });
    const expected = EXPRESSION_RESULTS[key];
    if (expected === 'number' && (type.k & NUM) === 0) {
      checker.error(pointer, `${key} must give a number, but this expression gives ${describeKinds(type.k)}`);
    } else if (expected === 'text' && (type.k & (STR | NULL)) === 0) {
      checker.error(pointer, `${key} must give a string (or null for none), but this expression gives ${describeKinds(type.k)}`);
    }
    return checker.errors;
  };
}

// ---- Pass 1: structure ----

interface Frame {
  value: unknown;
  pointer: string;
  depth: number;
  /** The argument list of an operation: it does not add a level of nesting. */
  isArgs: boolean;
}

function tooManyParts(pointer: string): RuleError {
  return {
    path: pointer,
    message: `this expression has more than ${RULE_LIMITS.maxNodes.toLocaleString('en-US')} parts (operations, lists and values); simplify it or split the logic across rules`,
  };
}

function checkStructure(value: unknown, pointer: string): RuleError | null {
  const stack: Frame[] = [{ value, pointer, depth: 0, isArgs: false }];
  let nodes = 0;
  while (stack.length > 0) {
    const { value: v, pointer: p, depth, isArgs } = stack.pop() as Frame;
    if (++nodes > RULE_LIMITS.maxNodes) {
      return tooManyParts(pointer);
    }
    if (v === null || typeof v === 'string' || typeof v === 'boolean') continue;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return { path: p, message: 'numbers must be finite (JSON has no NaN or Infinity)' };
      continue;
    }
    if (typeof v !== 'object') return { path: p, message: `${v === undefined ? 'undefined' : `a ${typeof v}`} is not a JSON value` };
    const proto = Object.getPrototypeOf(v);
    if (!Array.isArray(v) && proto !== Object.prototype && proto !== null) return { path: p, message: 'not a JSON value' };
    const level = Array.isArray(v) && isArgs ? depth : depth + 1;
    if (level > RULE_LIMITS.maxDepth) {
      return {
        path: p,
        message: `this expression is nested more than ${RULE_LIMITS.maxDepth} levels deep; flatten it (for example one "and" with many arguments instead of nested "and"s)`,
      };
    }
    if (Array.isArray(v)) {
      if (nodes + v.length > RULE_LIMITS.maxNodes) {
        return tooManyParts(pointer);
      }
      for (let i = v.length - 1; i >= 0; i--) {
        if (!(i in v)) return { path: `${p}/${i}`, message: 'a list may not have holes' };
        stack.push({ value: v[i], pointer: `${p}/${i}`, depth: level, isArgs: false });
      }
      continue;
    }
    const keys = Object.keys(v);
    if (keys.length !== 1) {
      return {
        path: p,
        message:
          keys.length === 0
            ? 'an empty object is not an operation: an operation is {"operator": arguments}, with exactly one key'
            : `an operation is {"operator": arguments} with exactly one key, but this object has ${keys.length} (${keys
                .slice(0, 5)
                .map((k) => `"${k.slice(0, 40)}"`)
                .join(', ')}${keys.length > 5 ? ', …' : ''}); put each operation in its own object`,
      };
    }
    const key = keys[0] as string;
    stack.push({ value: (v as Record<string, unknown>)[key], pointer: `${p}/${pointerSegment(key)}`, depth: level, isArgs: true });
  }
  return null;
}

// ---- Pass 2: semantics ----

/** A static type: the kinds a value may have, and for lists what their items may be (absent = unknown). */
interface Ty {
  k: number;
  elem?: Ty;
}

const ANY_T: Ty = { k: ANY };
const NUM_T: Ty = { k: NUM };
const BOOL_T: Ty = { k: BOOL };
const NULL_T: Ty = { k: NULL };
const STR_LIST_T: Ty = { k: ARR, elem: { k: STR } };

function union(a: Ty, b: Ty): Ty {
  const k = a.k | b.k;
  if ((k & ARR) === 0) return { k };
  const ea = a.k & ARR ? a.elem : undefined;
  const eb = b.k & ARR ? b.elem : undefined;
  if (a.k & ARR && !ea) return { k };
  if (b.k & ARR && !eb) return { k };
  const elem = ea && eb ? union(ea, eb) : (ea ?? eb);
  return elem ? { k, elem } : { k };
}

function typeOfVariable(variable: ContextVariable): Ty {
  const base: Ty =
    variable.type === 'number'
      ? { k: NUM }
      : variable.type === 'boolean'
        ? { k: BOOL }
        : variable.type === 'string[]'
          ? STR_LIST_T
          : variable.type === 'object'
            ? { k: OBJ }
            : { k: STR };
  return variable.nullable ? union(base, NULL_T) : base;
}

const KIND_NAMES: Array<[number, string]> = [
  [NUM, 'a number'],
  [STR, 'a string'],
  [BOOL, 'true/false'],
  [NULL, 'null'],
  [ARR, 'a list'],
  [OBJ, 'an object'],
];

/** "a number or null" for a kind mask. */
export function describeKinds(k: number): string {
  if ((k & ANY) === ANY) return 'any value';
  const names = KIND_NAMES.filter(([bit]) => k & bit).map(([, name]) => name);
  return names.length === 0 ? 'nothing' : names.join(' or ');
}

type Scope = { kind: 'root' } | { kind: 'item'; op: string; item: Ty; source: string } | { kind: 'reduce'; item: Ty; source: string };

const INDEX = /^(?:0|[1-9]\d{0,8})$/;

function formatArity(info: OperatorInfo): string {
  const { minArgs: min, maxArgs: max } = info;
  const plural = (n: number) => (n === 1 ? 'argument' : 'arguments');
  if (min === max) return `exactly ${min} ${plural(min)}`;
  if (max === Number.POSITIVE_INFINITY) return `at least ${min} ${plural(min)}`;
  return `${min} to ${max} arguments`;
}

class Checker {
  readonly errors: RuleError[] = [];
  private readonly roots: ReadonlySet<string>;

  constructor(
    private readonly operators: OperatorTable,
    private readonly candidatePaths: Map<string, readonly string[]>,
    private readonly action: ActionHandle | undefined,
    private readonly key: ExpressionKey,
  ) {
    this.roots = new Set(rootsFor(action, key));
  }

  error(path: string, message: string): void {
    this.errors.push({ path, message });
  }

  /** The static type of `node`, recording problems along the way. */
  check(node: unknown, p: string, scope: Scope): Ty {
    if (node === null) return NULL_T;
    switch (typeof node) {
      case 'number':
        return NUM_T;
      case 'string':
        return { k: STR };
      case 'boolean':
        return BOOL_T;
    }
    if (Array.isArray(node)) {
      let elem: Ty | undefined;
      node.forEach((item, i) => {
        const t = this.check(item, `${p}/${i}`, scope);
        elem = elem ? union(elem, t) : t;
      });
      return elem ? { k: ARR, elem } : { k: ARR };
    }
    const op = Object.keys(node as object)[0] as string;
    const raw = (node as Record<string, unknown>)[op];
    const opPath = `${p}/${pointerSegment(op)}`;
    const args = Array.isArray(raw) ? raw : [raw];
    const argPath = (i: number) => (Array.isArray(raw) ? `${opPath}/${i}` : opPath);

    const refused = this.operators.refusal(op);
    if (refused) {
      this.error(opPath, refused);
      return ANY_T;
    }
    const info = this.operators.info(op);
    if (!info) {
      const hint = suggest(op, this.operators.names);
      this.error(
        opPath,
        `unknown operator "${op.slice(0, 60)}"${hint ? `; did you mean "${hint}"?` : ''} (the operators are listed in docs/rules.md)`,
      );
      return ANY_T;
    }
    if (args.length < info.minArgs || args.length > info.maxArgs) {
      this.error(opPath, `"${op}" takes ${formatArity(info)}, but has ${args.length}`);
    }

    switch (op) {
      case 'var':
        return this.checkVar(args, argPath, scope);
      case 'missing':
        return this.checkMissing(args, argPath, scope);
      case 'missing_some': {
        if (args.length > 0) {
          const need = this.check(args[0], argPath(0), scope);
          if ((need.k & NUM) === 0) this.error(argPath(0), `"missing_some" needs a number first (how many must be present)`);
        }
        const list = args[1];
        if (Array.isArray(list)) this.checkPathList(list, `${argPath(1)}`, scope);
        else if (args.length > 1)
          this.error(argPath(1), '"missing_some" needs a list of variable names second, e.g. ["order.email", "order.customer.id"]');
        return STR_LIST_T;
      }
      case 'if':
      case '?:': {
        let result: Ty | undefined;
        args.forEach((arg, i) => {
          const t = this.check(arg, argPath(i), scope);
          const isValue = i % 2 === 1 || i === args.length - 1;
          if (isValue) result = result ? union(result, t) : t;
        });
        if (args.length % 2 === 0) result = result ? union(result, NULL_T) : NULL_T;
        return result ?? NULL_T;
      }
      case 'and':
      case 'or': {
        let result: Ty = NULL_T;
        args.forEach((arg, i) => {
          const t = this.check(arg, argPath(i), scope);
          result = i === 0 ? t : union(result, t);
        });
        return result;
      }
      case 'map':
      case 'filter':
      case 'all':
      case 'some':
      case 'none':
      case 'reduce':
        return this.checkScoped(op, args, argPath, scope);
    }

    const types = args.map((arg, i) => this.check(arg, argPath(i), scope));
    if (info.args) {
      types.forEach((t, i) => {
        const expected = info.args?.[Math.min(i, (info.args?.length ?? 1) - 1)] ?? ANY;
        if ((t.k & expected) === 0) {
          // null is tolerated (a missing value), not asked for.
          const wanted = info.group === 'date' ? 'an ISO timestamp (a string)' : describeKinds(expected & ~NULL);
          this.error(argPath(i), `"${op}" needs ${wanted} here, but this gives ${describeKinds(t.k)}`);
        }
      });
    }
    if ((op === 'lower' || op === 'upper') && types[0]) return types[0];
    if (op === '*' && types.length === 1 && types[0]) return types[0]; // json-logic returns a lone factor as is
    return { k: info.returns };
  }

  private checkScoped(op: string, args: unknown[], argPath: (i: number) => string, scope: Scope): Ty {
    const source = args[0];
    const sourceType = this.check(source, argPath(0), scope);
    if ((sourceType.k & ARR) === 0) {
      this.error(argPath(0), `"${op}" needs a list first (such as {"var": "order.tags"}), but this gives ${describeKinds(sourceType.k)}`);
    }
    const item = sourceType.elem ?? ANY_T;
    const described = isLiteralVar(source) ?? 'the list';
    let bodyType: Ty = NULL_T;
    if (args.length > 1) {
      const inner: Scope = op === 'reduce' ? { kind: 'reduce', item, source: described } : { kind: 'item', op, item, source: described };
      bodyType = this.check(args[1], argPath(1), inner);
    }
    switch (op) {
      case 'map':
        return { k: ARR, elem: bodyType };
      case 'filter':
        return { k: ARR, elem: item };
      case 'reduce': {
        const initial = args.length > 2 ? this.check(args[2], argPath(2), scope) : NULL_T;
        return union(bodyType, initial);
      }
      default:
        return BOOL_T;
    }
  }

  private checkVar(args: unknown[], argPath: (i: number) => string, scope: Scope): Ty {
    const fallback = args.length > 1 ? this.check(args[1], argPath(1), scope) : undefined;
    const path = args[0];
    let type: Ty;
    if (path !== null && typeof path === 'object') {
      this.error(argPath(0), 'var needs a literal variable name such as "order.name" (a computed name cannot be checked)');
      type = ANY_T;
    } else if (path === undefined || path === null || path === '') {
      type = this.rootOfScope(argPath(0), scope);
    } else if (typeof path === 'boolean') {
      this.error(argPath(0), 'var needs a variable name such as "order.name"');
      type = ANY_T;
    } else {
      type = this.resolvePath(String(path), argPath(0), scope) ?? ANY_T;
    }
    return fallback ? union(type, fallback) : type;
  }

  private checkMissing(args: unknown[], argPath: (i: number) => string, scope: Scope): Ty {
    if (Array.isArray(args[0])) {
      this.checkPathList(args[0], argPath(0), scope);
      if (args.length > 1) this.error(argPath(1), '"missing" with a list first ignores the other arguments; put every name in the list');
    } else {
      this.checkPathList(args, '', scope, argPath);
    }
    return STR_LIST_T;
  }

  /** Each item must be a literal variable name (as `missing` reads them). */
  private checkPathList(list: unknown[], base: string, scope: Scope, pathOf?: (i: number) => string): void {
    list.forEach((item, i) => {
      const p = pathOf ? pathOf(i) : `${base}/${i}`;
      if (typeof item === 'string' || typeof item === 'number') {
        if (item === '') this.error(p, 'name a variable, such as "order.email"');
        else this.resolvePath(String(item), p, scope);
      } else {
        this.error(p, 'list variable names literally, such as "order.email" (computed names cannot be checked)');
      }
    });
  }

  /** `{"var": ""}`: the current item inside map/filter/…, meaningless at the top. */
  private rootOfScope(p: string, scope: Scope): Ty {
    if (scope.kind === 'item') return scope.item;
    if (scope.kind === 'reduce') {
      this.error(p, 'inside "reduce", read {"var": "current"} (the item) or {"var": "accumulator"} (the running result)');
      return ANY_T;
    }
    this.error(p, `var needs a variable name, such as "order.name"`);
    return ANY_T;
  }

  /** The type of a dotted path in this scope, or undefined after recording why it is not valid. */
  private resolvePath(path: string, p: string, scope: Scope): Ty | undefined {
    const segments = path.split('.');
    const forbidden = segments.find((segment) => FORBIDDEN_SEGMENTS.has(segment));
    if (forbidden !== undefined) {
      this.error(p, `"${forbidden}" is not allowed in a variable path`);
      return undefined;
    }
    if (scope.kind === 'root') return this.resolveContextPath(path, segments, p);
    let type: Ty;
    let rest = segments;
    if (scope.kind === 'reduce') {
      const first = segments[0];
      if (first !== 'current' && first !== 'accumulator') {
        this.error(
          p,
          this.notVisible(
            path,
            'reduce',
            scope.source,
            'use {"var": "current"} for the item and {"var": "accumulator"} for the running result',
          ),
        );
        return undefined;
      }
      type = first === 'current' ? scope.item : ANY_T;
      rest = segments.slice(1);
    } else {
      type = scope.item;
    }
    for (const segment of rest) {
      if (!INDEX.test(segment) || (type.k & ARR) === 0) {
        const op = scope.kind === 'item' ? scope.op : 'reduce';
        const how = scope.kind === 'item' ? 'use {"var": ""} for the current item' : 'only list positions such as "current.0" can follow';
        this.error(p, this.notVisible(path, op, scope.source, how));
        return undefined;
      }
      type = union(type.elem ?? ANY_T, NULL_T);
    }
    return type;
  }

  private notVisible(path: string, op: string, source: string, how: string): string {
    const known = findVariable(path) ? `${path} is not visible inside "${op}"` : `"${path}" cannot be read inside "${op}"`;
    return `${known}: there, var reads the items of ${source}, not the rule's context; ${how}`;
  }

  private resolveContextPath(path: string, segments: string[], p: string): Ty | undefined {
    const variable = findVariable(path);
    if (variable) {
      if (this.roots.has(rootOf(path))) return typeOfVariable(variable);
      this.error(p, this.unavailable(path));
      return undefined;
    }
    // The longest documented prefix tells what went wrong after it.
    for (let n = segments.length - 1; n >= 1; n--) {
      const prefix = segments.slice(0, n).join('.');
      const parent = findVariable(prefix);
      if (!parent) continue;
      if (!this.roots.has(rootOf(prefix))) {
        this.error(p, this.unavailable(path));
        return undefined;
      }
      const next = segments[n] as string;
      if (parent.type === 'string[]') {
        if (n === segments.length - 1 && INDEX.test(next)) return { k: STR | NULL };
        this.error(
          p,
          `${prefix} is a list of strings: read one item by position ("${prefix}.0"), or test membership with {"in": ["vip", {"var": "${prefix}"}]}`,
        );
        return undefined;
      }
      if (parent.type !== 'object') {
        this.error(p, `${prefix} is ${describeKinds(typeOfVariable(parent).k & ~NULL)} and has no field "${next}"`);
        return undefined;
      }
      break;
    }
    const hint = suggest(path, this.candidates());
    if (hint) {
      this.error(p, `unknown variable "${path}"; did you mean "${hint}"?`);
      return undefined;
    }
    const parentPath = segments.slice(0, -1).join('.');
    const parent = findVariable(parentPath);
    if (parent && parent.type === 'object') {
      const fields = CONTEXT_VARIABLES.filter(
        (v) => v.path.startsWith(`${parentPath}.`) && !v.path.slice(parentPath.length + 1).includes('.'),
      );
      this.error(p, `unknown variable "${path}"; ${parentPath} has ${fields.map((v) => v.path.slice(parentPath.length + 1)).join(', ')}`);
      return undefined;
    }
    this.error(p, `unknown variable "${path.slice(0, 80)}"; ${this.key} can read ${this.rootList()} (see docs/rules.md)`);
    return undefined;
  }

  private unavailable(path: string): string {
    const root = rootOf(path);
    if (root === 'tracking' && (this.key === 'when' || this.key === 'notify_customer')) {
      return `${path} is only available in add-tracking rules`;
    }
    return `${path} is not available in ${this.key}: ${this.key} is evaluated ${EXPRESSION_SCOPE[this.key]} and can read ${this.rootList()}`;
  }

  private rootList(): string {
    return [...this.roots].map((root) => (root === 'now' ? 'now' : `${root}.*`)).join(', ');
  }

  private candidates(): readonly string[] {
    const cacheKey = `${this.action ?? ''}|${this.key}`;
    let paths = this.candidatePaths.get(cacheKey);
    if (!paths) {
      paths = variablesFor(this.action, this.key).map((v) => v.path);
      this.candidatePaths.set(cacheKey, paths);
    }
    return paths;
  }
}

/** The path of a literal `{"var": "x"}`, for messages. */
function isLiteralVar(node: unknown): string | undefined {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const keys = Object.keys(node);
  if (keys.length !== 1 || keys[0] !== 'var') return undefined;
  const raw = (node as { var: unknown }).var;
  const path = Array.isArray(raw) ? raw[0] : raw;
  return typeof path === 'string' && path !== '' ? path : undefined;
}
