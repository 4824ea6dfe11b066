/**
 * Evaluating rules: each rule is compiled once (cached by shop, rule name and version), each
 * expression's result is checked against what the action needs, and `selectRule` picks the rule
 * that applies to a run. Every failure is a RuleEvaluationError naming the rule and the expression,
 * which the Flow layer answers with a 422 (an ActionError).
 */
import { ActionError } from '../../errors';
import { compileLogic, type CompiledLogic } from './compile';
import {
  EXPRESSION_KEYS,
  EXPRESSION_RESULTS,
  compareNames,
  withArticle,
  type ActionHandle,
  type CompanyConflict,
  type ExpressionKey,
  type Rule,
} from '../document';
import { truthy } from './operators';

/** What an expression yields once checked: see EXPRESSION_RESULTS. */
export type ExpressionValue<K extends ExpressionKey> = K extends 'score' | 'ready_quantity'
  ? number
  : K extends 'carrier' | 'tracking_url'
    ? string | null
    : boolean;

/** A rule's expression failed or gave a value of the wrong kind: the merchant must fix the rule. */
export class RuleEvaluationError extends ActionError {
  constructor(
    readonly rule: string,
    readonly expression: ExpressionKey,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('rule_error', `Rule "${rule}", ${expression}: ${message}`, 422, { rule, expression });
    this.name = 'RuleEvaluationError';
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}

/** A rule compiled for evaluation. */
export interface CompiledRule {
  readonly name: string;
  readonly action: ActionHandle;
  /** The delivery methods the rule handles, when it lists them (`delivery_methods`). */
  readonly deliveryMethods?: readonly string[];
  /** add-tracking: what to do when the new number's company differs from the fulfillment's (`company_conflict`). */
  readonly companyConflict?: CompanyConflict;
  /** Whether the rule defines this expression. */
  has(key: ExpressionKey): boolean;
  /**
   * Evaluates one expression against a context (plain objects: `var` reads own properties only).
   * Returns undefined when the rule does not define it, so the action applies its own default.
   * Throws RuleEvaluationError when evaluation fails or the result has the wrong kind.
   */
  evaluate<K extends ExpressionKey>(key: K, context: object): ExpressionValue<K> | undefined;
}

/** Compiles every expression of a (validated) rule. Throws RuleEvaluationError if one cannot be compiled. */
export function compileRule(rule: Rule): CompiledRule {
  const compiled: Partial<Record<ExpressionKey, CompiledLogic>> = {};
  for (const key of EXPRESSION_KEYS) {
    if (rule[key] === undefined) continue;
    try {
      compiled[key] = compileLogic(rule[key]);
    } catch (error) {
      throw new RuleEvaluationError(rule.name, key, `cannot be compiled: ${messageOf(error)}`, { cause: error });
    }
  }
  const { name, action } = rule;
  return {
    name,
    action,
    ...(rule.delivery_methods ? { deliveryMethods: [...rule.delivery_methods] } : {}),
    ...(rule.company_conflict ? { companyConflict: rule.company_conflict } : {}),
    has: (key) => compiled[key] !== undefined,
    evaluate<K extends ExpressionKey>(key: K, context: object): ExpressionValue<K> | undefined {
      const fn = compiled[key];
      if (!fn) return undefined;
      let value: unknown;
      try {
        value = fn(context);
      } catch (error) {
        throw new RuleEvaluationError(name, key, `evaluation failed: ${messageOf(error)}`, { cause: error });
      }
      return checkResult(name, key, value) as ExpressionValue<K>;
    },
  };
}

function checkResult(rule: string, key: ExpressionKey, value: unknown): boolean | number | string | null {
  switch (EXPRESSION_RESULTS[key]) {
    case 'boolean':
      return truthy(value);
    case 'number':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      throw new RuleEvaluationError(rule, key, `must give a number, but gave ${describeValue(value)}${numberHint(value)}`);
    case 'text':
      if (value === undefined || value === null) return null;
      if (typeof value === 'string') return value;
      throw new RuleEvaluationError(rule, key, `must give a string (or null for none), but gave ${describeValue(value)}`);
  }
}

function numberHint(value: unknown): string {
  if (typeof value === 'string') return '; convert it with {"+": [...]} or compare it instead';
  if (typeof value === 'number' && Number.isNaN(value)) return ' (arithmetic on something that is not a number)';
  if (typeof value === 'number') return ' (a division by zero?)';
  if (value === null || value === undefined) return ' (a variable without a value? handle it with {"if": [...]})';
  return '';
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : `${value}`;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return 'a list';
  return 'an object';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ---- Cache ----

/** Compiled rules kept per isolate/process; rules are small, a thousand of them is a few MB at most. */
const MAX_CACHED_RULES = 1000;
const byVersion = new Map<string, CompiledRule>();
const byObject = new WeakMap<object, CompiledRule>();

/**
 * The compiled form of a stored rule, cached by (shop, name, version): a rule's version changes
 * whenever its content does, so a cached entry is never stale. Least recently used entries go first.
 */
export function compiledRuleFor(shop: string, rule: Rule & { version: number }): CompiledRule {
  const key = `${shop}\u0000${rule.name}\u0000${rule.version}`;
  const hit = byVersion.get(key);
  if (hit) {
    byVersion.delete(key);
    byVersion.set(key, hit);
    return hit;
  }
  const compiled = compileRule(rule);
  byVersion.set(key, compiled);
  if (byVersion.size > MAX_CACHED_RULES) byVersion.delete(byVersion.keys().next().value as string);
  return compiled;
}

/** Without a shop (previews, simulations of unsaved rules), reuse per rule object only. */
function compiledRuleOf(rule: Rule & { version: number }, shop: string | undefined): CompiledRule {
  if (shop !== undefined) return compiledRuleFor(shop, rule);
  let compiled = byObject.get(rule);
  if (!compiled) {
    compiled = compileRule(rule);
    byObject.set(rule, compiled);
  }
  return compiled;
}

// ---- Selection ----

export interface RuleSelectionExplanation {
  action: ActionHandle;
  rule: string;
  version: number;
  /** forced: named by the Flow step's `rule` property; when_true: its `when` held; no_when: it has none. */
  reason: 'forced' | 'when_true' | 'no_when';
  /** Rules of the action tried before it (in order) and why they did not apply. */
  skipped: Array<{ name: string; version: number; reason: 'disabled' | 'when_false' }>;
  /** One line for logs and the admin page. */
  summary: string;
}

export interface RuleSelection<T> {
  rule: T;
  compiled: CompiledRule;
  explanation: RuleSelectionExplanation;
}

/**
 * The rule that applies to a run of `action`: the first enabled rule of the action, by priority then
 * name, whose `when` holds for `whenData` (absent `when` = true). `forcedName` (the Flow step's `rule`
 * property) selects that rule regardless of its `when`; it is an error (ActionError, 422) if no rule
 * of this action has that name or if that rule is disabled. Null: no rule applies, the action uses
 * its built-in default. Pass `shop` to reuse compiled rules across runs.
 */
export function selectRule<T extends Rule & { version: number }>(
  rules: readonly T[],
  action: ActionHandle,
  whenData: object,
  forcedName?: string | null,
  options: { shop?: string } = {},
): RuleSelection<T> | null {
  if (forcedName !== undefined && forcedName !== null && forcedName !== '') {
    return selectForced(rules, action, forcedName, options.shop);
  }
  const candidates = rules
    .filter((rule) => rule.action === action)
    .sort((a, b) => a.priority - b.priority || compareNames(a.name, b.name));
  const skipped: RuleSelectionExplanation['skipped'] = [];
  for (const rule of candidates) {
    if (!rule.enabled) {
      skipped.push({ name: rule.name, version: rule.version, reason: 'disabled' });
      continue;
    }
    const compiled = compiledRuleOf(rule, options.shop);
    const holds = compiled.evaluate('when', whenData);
    if (holds === false) {
      skipped.push({ name: rule.name, version: rule.version, reason: 'when_false' });
      continue;
    }
    const reason = holds === undefined ? 'no_when' : 'when_true';
    return {
      rule,
      compiled,
      explanation: {
        action,
        rule: rule.name,
        version: rule.version,
        reason,
        skipped,
        summary: summarise(rule, reason, skipped),
      },
    };
  }
  return null;
}

function selectForced<T extends Rule & { version: number }>(
  rules: readonly T[],
  action: ActionHandle,
  name: string,
  shop: string | undefined,
): RuleSelection<T> {
  const rule = rules.find((candidate) => candidate.action === action && candidate.name === name);
  if (!rule) {
    const elsewhere = rules.find((candidate) => candidate.name === name);
    const names = rules.filter((candidate) => candidate.action === action).map((candidate) => `"${candidate.name}"`);
    const message = elsewhere
      ? `The step's rule "${name}" is ${withArticle(elsewhere.action)} rule, not ${withArticle(action)} rule; name ${withArticle(action)} rule or clear the step's rule property.`
      : `No ${action} rule is named "${name}"; ${names.length ? `the ${action} rules are ${names.join(', ')}` : `there are no ${action} rules`}. Fix the step's rule property or import the rule.`;
    throw new ActionError('rule_not_found', message, 422, { rule: name, action });
  }
  if (!rule.enabled) {
    const enabled = rules.filter((candidate) => candidate.action === action && candidate.enabled).map((candidate) => `"${candidate.name}"`);
    throw new ActionError(
      'rule_disabled',
      `The step's rule "${name}" is disabled; enable it or clear the step's rule property (${enabled.length ? `the enabled ${action} rules are ${enabled.join(', ')}` : `no ${action} rule is enabled`}).`,
      422,
      { rule: name, action },
    );
  }
  return {
    rule,
    compiled: compiledRuleOf(rule, shop),
    explanation: {
      action,
      rule: rule.name,
      version: rule.version,
      reason: 'forced',
      skipped: [],
      summary: summarise(rule, 'forced', []),
    },
  };
}

function summarise(rule: Rule & { version: number }, reason: RuleSelectionExplanation['reason'], skipped: RuleSelectionExplanation['skipped']): string {
  const why = reason === 'forced' ? "named by the step's rule property" : reason === 'when_true' ? 'its when held' : 'it has no when';
  const before = skipped.length
    ? `; skipped ${skipped.map((s) => `"${s.name}" (${s.reason === 'disabled' ? 'disabled' : 'when false'})`).join(', ')}`
    : '';
  return `rule "${rule.name}" v${rule.version} applies: ${why}${before}`;
}
