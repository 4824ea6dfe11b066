/**
 * The built-in operators: json-logic-js 2.0.5's operators minus `log`, plus flowfill's own
 * (dates relative to the context's `now`, string helpers). Immutable definitions: an engine builds
 * its operator table from them (operator-table.ts), which feeds validation (arity, static result
 * kinds), the evaluator (the implementations below), the editor's hints and docs/rules.md (whose
 * examples are in ../docs/operator-examples.ts).
 */
import { parseTimestamp } from './timestamps';

/** Value kinds as a bit mask, for cheap static type checks. */
export const Kind = { NUM: 1, STR: 2, BOOL: 4, NULL: 8, ARR: 16, OBJ: 32, ANY: 63 } as const;

export type OperatorGroup = 'logic' | 'comparison' | 'arithmetic' | 'string' | 'list' | 'data' | 'date';

export interface OperatorInfo {
  name: string;
  origin: 'json-logic' | 'flowfill';
  group: OperatorGroup;
  minArgs: number;
  maxArgs: number;
  /** Kinds the result may have (special forms such as `if` and `var` are refined by the checker). */
  returns: number;
  /** Kinds each argument must be able to have, where a wrong kind is surely a mistake; the last entry repeats. */
  args?: readonly number[];
  summary: string;
}

const { NUM, STR, BOOL, NULL, ARR, ANY } = Kind;
const MANY = Number.POSITIVE_INFINITY;
const TS = STR | NULL;

function op(
  name: string,
  origin: OperatorInfo['origin'],
  group: OperatorGroup,
  [minArgs, maxArgs]: [number, number],
  returns: number,
  summary: string,
  args?: readonly number[],
): OperatorInfo {
  return { name, origin, group, minArgs, maxArgs, returns, summary, ...(args ? { args } : {}) };
}

const J = 'json-logic';
const F = 'flowfill';

/** Every allowed operator, in the order the docs list them. */
export const OPERATORS: readonly OperatorInfo[] = [
  op(
    'var',
    J,
    'data',
    [0, 2],
    ANY,
    'Reads a context variable by its dotted path; an optional second argument is the value when it is absent.',
  ),
  op('missing', J, 'data', [1, MANY], ARR, 'Lists which of the given variables are absent, null or "" (an empty list is falsy).'),
  op('missing_some', J, 'data', [2, 2], ARR, 'Like missing, but empty when at least N of the variables are present.'),

  op('if', J, 'logic', [1, MANY], ANY, 'if/then/else: [condition, then, else] or a chain [c1, v1, c2, v2, ..., else].'),
  op('?:', J, 'logic', [3, 3], ANY, 'Same as a three-argument if.'),
  op('and', J, 'logic', [1, MANY], ANY, 'The first falsy argument, or the last one (so: true when all are truthy).'),
  op('or', J, 'logic', [1, MANY], ANY, 'The first truthy argument, or the last one.'),
  op('!', J, 'logic', [1, 1], BOOL, 'Not: true when the argument is falsy.'),
  op('!!', J, 'logic', [1, 1], BOOL, 'Converts to true/false by json-logic truthiness.'),

  op('==', J, 'comparison', [2, 2], BOOL, 'Equal, with JavaScript loose conversion (1 == "1").'),
  op('===', J, 'comparison', [2, 2], BOOL, 'Strictly equal (same type and value).'),
  op('!=', J, 'comparison', [2, 2], BOOL, 'Not equal (loose).'),
  op('!==', J, 'comparison', [2, 2], BOOL, 'Not strictly equal.'),
  op('>', J, 'comparison', [2, 2], BOOL, 'Greater than.'),
  op('>=', J, 'comparison', [2, 2], BOOL, 'Greater than or equal.'),
  op('<', J, 'comparison', [2, 3], BOOL, 'Less than; with three arguments, strictly between (a < b < c).'),
  op('<=', J, 'comparison', [2, 3], BOOL, 'Less than or equal; with three arguments, between inclusive.'),
  op('in', J, 'comparison', [2, 2], BOOL, 'Whether a value is in a list, or a text is inside a string.', [ANY, STR | ARR | NULL]),

  op('+', J, 'arithmetic', [1, MANY], NUM, 'Sum (converts numeric strings: {"+": "3.5"} is 3.5).'),
  op('-', J, 'arithmetic', [1, 2], NUM, 'Difference, or negation with one argument.'),
  op('*', J, 'arithmetic', [1, MANY], NUM, 'Product.'),
  op('/', J, 'arithmetic', [2, 2], NUM, 'Quotient.'),
  op('%', J, 'arithmetic', [2, 2], NUM, 'Remainder.'),
  op('min', J, 'arithmetic', [1, MANY], NUM, 'Smallest number.'),
  op('max', J, 'arithmetic', [1, MANY], NUM, 'Largest number.'),

  op('cat', J, 'string', [1, MANY], STR, 'Joins its arguments into one string.'),
  op(
    'substr',
    J,
    'string',
    [2, 3],
    STR,
    'Part of a string: [text, start, length]; negative start counts from the end, negative length drops characters from the end.',
  ),

  op('merge', J, 'list', [1, MANY], ARR, 'Concatenates lists (non-lists are added as single items).'),
  op('map', J, 'list', [2, 2], ARR, 'Applies an expression to each item; inside it, {"var": ""} is the item.'),
  op('filter', J, 'list', [2, 2], ARR, 'Keeps the items for which the expression is truthy; {"var": ""} is the item.'),
  op('reduce', J, 'list', [2, 3], ANY, 'Folds a list: [list, expression, initial]; inside, {"var": "current"} and {"var": "accumulator"}.'),
  op('all', J, 'list', [2, 2], BOOL, 'True when the expression is truthy for every item (false for an empty list).'),
  op('some', J, 'list', [2, 2], BOOL, 'True when the expression is truthy for at least one item.'),
  op('none', J, 'list', [2, 2], BOOL, 'True when the expression is truthy for no item.'),

  op(
    'days_since',
    F,
    'date',
    [1, 1],
    NUM | NULL,
    "Days (with fractions) from an ISO timestamp to the context's `now`; null when the timestamp is missing or invalid.",
    [TS],
  ),
  op(
    'hours_since',
    F,
    'date',
    [1, 1],
    NUM | NULL,
    "Hours (with fractions) from an ISO timestamp to the context's `now`; null when missing or invalid.",
    [TS],
  ),
  op(
    'before',
    F,
    'date',
    [2, 2],
    BOOL,
    'Whether the first ISO timestamp is earlier than the second (false if either is missing or invalid).',
    [TS],
  ),
  op(
    'after',
    F,
    'date',
    [2, 2],
    BOOL,
    'Whether the first ISO timestamp is later than the second (false if either is missing or invalid).',
    [TS],
  ),
  op('starts_with', F, 'string', [2, 2], BOOL, 'Whether a string starts with a prefix (case-sensitive; false for non-strings).', [
    STR | NULL,
  ]),
  op('ends_with', F, 'string', [2, 2], BOOL, 'Whether a string ends with a suffix (case-sensitive; false for non-strings).', [STR | NULL]),
  op(
    'contains',
    F,
    'string',
    [2, 2],
    BOOL,
    'Whether a string contains a text, or a list contains a value (like `in` with the arguments the other way round).',
    [STR | ARR | NULL, ANY],
  ),
  op(
    'lower',
    F,
    'string',
    [1, 1],
    STR | ARR | NULL,
    'Lower-cases a string, or each string of a list; other values are returned unchanged.',
    [ANY],
  ),
  op(
    'upper',
    F,
    'string',
    [1, 1],
    STR | ARR | NULL,
    'Upper-cases a string, or each string of a list; other values are returned unchanged.',
    [ANY],
  ),
];

/** Operators compile.ts compiles itself (they control when and over what their arguments are evaluated). */
export const SPECIAL_FORMS: ReadonlySet<string> = new Set([
  'if',
  '?:',
  'and',
  'or',
  'filter',
  'map',
  'all',
  'none',
  'some',
  'reduce',
  'var',
  'missing',
  'missing_some',
]);

/** Operators json-logic-js has that flowfill refuses, with the reason given to the admin. */
export const REFUSED_OPERATORS: ReadonlyMap<string, string> = new Map([
  ['log', '"log" is not allowed: it writes to the server console; remove it'],
]);

/** json-logic truthiness: like JavaScript, except an empty list is falsy. */
export function truthy(value: unknown): boolean {
  if (Array.isArray(value) && value.length === 0) return false;
  return !!value;
}

// ---- Runtime ----

/** Per-evaluation state shared by all operators of one expression run. */
export interface Env {
  /** The context the expression was applied to (scoped operators do not change it). */
  readonly root: unknown;
  /** The context's `now` in ms, parsed on first use. */
  nowMs: number | undefined;
}

/** An operator whose arguments are evaluated first, as json-logic-js calls its operations (`data` is the current scope). */
export type Operation = (args: any[], data: unknown, env: Env) => unknown;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** The context's `now` in ms; a context without a valid `now` is a programming error, not a rule error. */
export function nowOf(env: Env): number {
  if (env.nowMs === undefined) {
    const root = env.root;
    const raw = root !== null && typeof root === 'object' && Object.hasOwn(root, 'now') ? (root as { now: unknown }).now : undefined;
    const parsed = parseTimestamp(raw);
    if (parsed === null) throw new Error('the evaluation context has no valid "now" timestamp');
    env.nowMs = parsed;
  }
  return env.nowMs;
}

/** parseFloat without the string round trip for numbers (identical results: -0 becomes 0). */
function toFloat(value: unknown): number {
  if (typeof value === 'number') return value === 0 ? 0 : value;
  return parseFloat(value as string);
}

function since(unit: number): Operation {
  return (args, _data, env) => {
    const at = parseTimestamp(args[0]);
    return at === null ? null : (nowOf(env) - at) / unit;
  };
}

function compareTimes(later: boolean): Operation {
  return (args) => {
    const a = parseTimestamp(args[0]);
    const b = parseTimestamp(args[1]);
    if (a === null || b === null) return false;
    return later ? a > b : a < b;
  };
}

function changeCase(upper: boolean): Operation {
  const change = (s: string) => (upper ? s.toUpperCase() : s.toLowerCase());
  return (args) => {
    const value = args[0];
    if (typeof value === 'string') return change(value);
    if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? change(item) : item));
    return value;
  };
}

/**
 * Implementations of the operators that take evaluated arguments, with json-logic-js 2.0.5's exact
 * semantics for its own (the special forms if/and/or/var/missing and the list operators live in
 * compile.ts). A null-prototype object, so no inherited name is ever an operation.
 */
export const OPERATIONS: Readonly<Record<string, Operation>> = Object.assign(Object.create(null) as Record<string, Operation>, {
  '==': (a: any[]) => a[0] == a[1],
  '===': (a: any[]) => a[0] === a[1],
  '!=': (a: any[]) => a[0] != a[1],
  '!==': (a: any[]) => a[0] !== a[1],
  '>': (a: any[]) => a[0] > a[1],
  '>=': (a: any[]) => a[0] >= a[1],
  '<': (a: any[]) => (a[2] === undefined ? a[0] < a[1] : a[0] < a[1] && a[1] < a[2]),
  '<=': (a: any[]) => (a[2] === undefined ? a[0] <= a[1] : a[0] <= a[1] && a[1] <= a[2]),
  '!!': (a: any[]) => truthy(a[0]),
  '!': (a: any[]) => !truthy(a[0]),
  '%': (a: any[]) => a[0] % a[1],
  in: (a: any[]) => {
    const b = a[1];
    // json-logic-js calls b.indexOf whatever b is; only strings and lists have one in JSON data.
    if (!b) return false;
    if (typeof b === 'string' || Array.isArray(b)) return b.indexOf(a[0]) !== -1;
    return false;
  },
  cat: (a: any[]) => a.join(''),
  substr: (a: any[]) => {
    const [source, start, end] = a;
    if (end < 0) {
      // Negative length drops characters from the end (PHP's behaviour, as json-logic-js emulates it).
      const temp = String(source).substr(start);
      return temp.substr(0, temp.length + end);
    }
    return String(source).substr(start, end);
  },
  '+': (a: any[]) => {
    let sum: number = 0;
    for (const value of a) sum = toFloat(sum) + toFloat(value);
    return sum;
  },
  '*': (a: any[]) => {
    if (a.length === 0) throw new TypeError('Reduce of empty array with no initial value');
    let product: unknown = a[0];
    for (let i = 1; i < a.length; i++) product = toFloat(product) * toFloat(a[i]);
    return product;
  },
  '-': (a: any[]) => (a[1] === undefined ? -a[0] : a[0] - a[1]),
  '/': (a: any[]) => a[0] / a[1],
  min: (a: any[]) => Math.min(...a),
  max: (a: any[]) => Math.max(...a),
  merge: (a: any[]) => {
    let out: unknown[] = [];
    for (const value of a) out = out.concat(value);
    return out;
  },
  days_since: since(DAY_MS),
  hours_since: since(HOUR_MS),
  before: compareTimes(false),
  after: compareTimes(true),
  starts_with: (a: any[]) => typeof a[0] === 'string' && typeof a[1] === 'string' && a[0].startsWith(a[1]),
  ends_with: (a: any[]) => typeof a[0] === 'string' && typeof a[1] === 'string' && a[0].endsWith(a[1]),
  contains: (a: any[]) => {
    const haystack = a[0];
    if (typeof haystack === 'string') return typeof a[1] === 'string' && haystack.includes(a[1]);
    if (Array.isArray(haystack)) return haystack.indexOf(a[1]) !== -1;
    return false;
  },
  lower: changeCase(false),
  upper: changeCase(true),
} satisfies Record<string, Operation>);
