/**
 * A rule compiled for evaluation: each expression compiled once, each result checked against what
 * the action needs. Every failure is a RuleEvaluationError naming the rule and the expression,
 * which the Flow layer answers with a 422 (an ActionError).
 */
import { ActionError } from '../../errors';
import { EXPRESSION_KEYS, EXPRESSION_RESULTS, type ActionHandle, type CompanyConflict, type ExpressionKey, type Rule } from '../document';
import type { CompiledLogic } from './compile';
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

/**
 * Compiles every expression of a (validated) rule with `compileLogic` (the engine's compiler).
 * Throws RuleEvaluationError if one cannot be compiled.
 */
export function compileRuleWith(compileLogic: (logic: unknown) => CompiledLogic, rule: Rule): CompiledRule {
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
