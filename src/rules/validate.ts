/**
 * Validates a rule document and reports every problem at once, each with a JSON pointer and a
 * message that says what to do. Never throws: the CLI, the admin API and imports all rely on a
 * result for any input, including hostile ones (huge, deeply nested, cyclic, not JSON at all).
 */
import type { ZodError } from 'zod';
import { pointerSegment, ruleEngine, type RuleError } from './engine';
import {
  ACTION_EXPRESSIONS,
  ACTION_FIELDS,
  LITERAL_FIELDS,
  ACTION_HANDLES,
  ANY_ACTION_RULE_SCHEMA,
  EXPRESSION_KEYS,
  RULE_LIMITS,
  RULE_SCHEMAS,
  expressionKeysFor,
  isActionHandle,
  normaliseRule,
  withArticle,
  type ActionHandle,
  type ExpressionKey,
  type Rule,
  type RuleDocument,
} from './document';
import { estimateJsonBytes, parseJsonText, utf8ByteLength } from './json-text';
import { suggest } from './suggest';

export type { RuleError } from './engine';

export type RuleValidationResult = { ok: true; document: RuleDocument } | { ok: false; errors: RuleError[] };

const LIMIT_KIB = RULE_LIMITS.maxDocumentBytes / 1024;
const RULE_FIELDS = ['name', 'action', 'priority', 'enabled'] as const;
const DOCUMENT_KEYS = ['rules'];

/**
 * Validates a document given as a parsed value, as raw JSON text, or as UTF-8 bytes (text and bytes
 * are size-checked before parsing). On success the document has its defaults filled in, keys in
 * canonical order and rules in the order given; on failure, every error found.
 */
export function validateRuleDocument(input: unknown): RuleValidationResult {
  try {
    return validate(input);
  } catch (error) {
    // Defensive: nothing above should throw, but a result is part of the contract.
    return { ok: false, errors: [{ path: '', message: `the document could not be checked (${safeString(error)})` }] };
  }
}

function validate(input: unknown): RuleValidationResult {
  let value: unknown;
  if (typeof input === 'string' || input instanceof Uint8Array) {
    const read = readText(input);
    if (!read.ok) return { ok: false, errors: [{ path: '', message: read.message }] };
    value = read.value;
  } else {
    if (estimateJsonBytes(input, RULE_LIMITS.maxDocumentBytes) > RULE_LIMITS.maxDocumentBytes) {
      return { ok: false, errors: [{ path: '', message: tooLarge() }] };
    }
    value = input;
  }

  const errors: RuleError[] = [];
  if (!isPlainObject(value)) {
    return { ok: false, errors: [{ path: '', message: 'the document must be a JSON object like {"rules": [...]}' }] };
  }
  for (const key of Object.keys(value)) {
    if (key === 'rules') continue;
    const hint = suggest(key, DOCUMENT_KEYS);
    errors.push({
      path: `/${pointerSegment(key)}`,
      message: `unknown key "${clip(key)}"${hint ? `: did you mean "${hint}"?` : '; the document has one key, "rules"'}`,
    });
  }
  const list = value.rules;
  if (list === undefined) {
    errors.push({ path: '/rules', message: 'the document needs a "rules" list (it may be empty: {"rules": []})' });
    return { ok: false, errors };
  }
  if (!Array.isArray(list)) {
    errors.push({ path: '/rules', message: '"rules" must be a list of rule objects' });
    return { ok: false, errors };
  }
  if (list.length > RULE_LIMITS.maxRules) {
    errors.push({ path: '/rules', message: `a document may have at most ${RULE_LIMITS.maxRules} rules; this one has ${list.length}` });
  }

  const rules: Rule[] = [];
  const firstWithName = new Map<string, number>();
  for (let index = 0; index < list.length; index++) {
    const rule = validateRule(list[index], index, errors);
    if (rule) rules.push(rule);
    const name = isPlainObject(list[index]) ? list[index].name : undefined;
    if (typeof name === 'string') {
      const first = firstWithName.get(name);
      if (first === undefined) firstWithName.set(name, index);
      else {
        errors.push({
          path: `/rules/${index}/name`,
          message: `rule /rules/${first} is already named "${clip(name)}"; rule names must be unique`,
        });
      }
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  // A JSON round trip gives the caller a private, plain copy of the expressions.
  const document = JSON.parse(JSON.stringify({ rules })) as RuleDocument;
  return { ok: true, document };
}

function readText(input: string | Uint8Array): { ok: true; value: unknown } | { ok: false; message: string } {
  let text: string;
  if (typeof input === 'string') {
    if (utf8ByteLength(input, RULE_LIMITS.maxDocumentBytes) > RULE_LIMITS.maxDocumentBytes) return { ok: false, message: tooLarge() };
    text = input;
  } else {
    if (input.byteLength > RULE_LIMITS.maxDocumentBytes) return { ok: false, message: tooLarge() };
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(input);
    } catch {
      return { ok: false, message: 'the document is not valid UTF-8 text' };
    }
  }
  if (text.trim() === '') return { ok: false, message: 'the document is empty; it should be a JSON object like {"rules": [...]}' };
  return parseJsonText(text);
}

function tooLarge(): string {
  return `the document is larger than ${LIMIT_KIB} KiB; remove rules or simplify expressions`;
}

/** Checks one rule, appending its problems; returns it with defaults filled in when it has none. */
function validateRule(raw: unknown, index: number, errors: RuleError[]): Rule | undefined {
  const base = `/rules/${index}`;
  if (!isPlainObject(raw)) {
    errors.push({ path: base, message: 'each rule must be an object like {"name": "...", "action": "add-tracking", ...}' });
    return undefined;
  }
  const before = errors.length;
  const action = isActionHandle(raw.action) ? raw.action : undefined;
  let parsed: Rule | undefined;
  if (action) {
    const result = RULE_SCHEMAS[action].safeParse(raw);
    if (result.success) parsed = result.data as Rule;
    else errors.push(...zodErrors(result.error, base, action));
  } else {
    errors.push({ path: `${base}/action`, message: actionMessage(raw.action) });
    const result = ANY_ACTION_RULE_SCHEMA.safeParse(raw);
    if (!result.success) errors.push(...zodErrors(result.error, base, undefined));
    const known = new Set<string>([...RULE_FIELDS, ...LITERAL_FIELDS, ...EXPRESSION_KEYS]);
    for (const key of Object.keys(raw)) if (!known.has(key)) errors.push(unknownKey(key, base, undefined));
  }
  const keys: readonly ExpressionKey[] = action ? expressionKeysFor(action) : EXPRESSION_KEYS;
  for (const key of keys) {
    if (Object.hasOwn(raw, key) && raw[key] !== undefined) {
      errors.push(...ruleEngine.checkExpression(raw[key], action, key, `${base}/${key}`));
    }
  }
  return errors.length === before && parsed ? normaliseRule(parsed) : undefined;
}

function zodErrors(error: ZodError, base: string, action: ActionHandle | undefined): RuleError[] {
  const out: RuleError[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push(unknownKey(key, base, action));
      continue;
    }
    const path = issue.path.map((segment) => pointerSegment(String(segment))).join('/');
    out.push({ path: path ? `${base}/${path}` : base, message: issue.message });
  }
  return out;
}

function unknownKey(key: string, base: string, action: ActionHandle | undefined): RuleError {
  const path = `${base}/${pointerSegment(key)}`;
  if (action && (EXPRESSION_KEYS as readonly string[]).includes(key)) {
    const owner = ACTION_HANDLES.find((handle) => (ACTION_EXPRESSIONS[handle] as readonly string[]).includes(key));
    return {
      path,
      message: `"${key}" is ${owner ? `${withArticle(owner)} expression, ` : ''}not used by ${action} rules; their expressions are ${ACTION_EXPRESSIONS[action].join(', ')} (and when, notify_customer)`,
    };
  }
  const allowed = action
    ? [...RULE_FIELDS, ...ACTION_FIELDS[action], ...expressionKeysFor(action)]
    : [...RULE_FIELDS, ...LITERAL_FIELDS, ...EXPRESSION_KEYS];
  const hint = suggest(key, allowed);
  return {
    path,
    message: hint
      ? `unknown key "${clip(key)}": did you mean "${hint}"?`
      : `unknown key "${clip(key)}"; ${action ? withArticle(action) : 'a'} rule may have ${allowed.join(', ')}`,
  };
}

function actionMessage(value: unknown): string {
  const list = ACTION_HANDLES.join(', ');
  if (value === undefined) return `every rule needs an "action": one of ${list}`;
  if (typeof value !== 'string') return `"action" must be one of ${list}`;
  const hint = suggest(value, ACTION_HANDLES);
  return `unknown action "${clip(value)}"${hint ? `; did you mean "${hint}"?` : `; use one of ${list}`}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function safeString(value: unknown): string {
  try {
    return value instanceof Error ? value.message : String(value);
  } catch {
    return 'unknown error';
  }
}
