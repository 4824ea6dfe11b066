/**
 * Which rule applies to a run: the first enabled rule of the action whose `when` holds, or the one
 * the Flow step names, with an explanation of the choice for logs and the admin page.
 */
import { ActionError } from '../../errors';
import { compareNames, withArticle, type ActionHandle, type Rule } from '../document';
import type { CompiledRule } from './rule';

/** The rule the Flow step names cannot be used: none of the action's rules has that name, or it is disabled (422). */
export class RuleSelectionError extends ActionError {
  constructor(code: 'rule_not_found' | 'rule_disabled', message: string, details: { rule: string; action: ActionHandle }) {
    super(code, message, 422, details);
    this.name = 'RuleSelectionError';
  }
}

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

/** The compiled form of a rule, reused across runs of `shop` when given (the engine's cache). */
export type CompiledRuleOf = (rule: Rule & { version: number }, shop: string | undefined) => CompiledRule;

/**
 * The rule that applies to a run of `action`: the first enabled rule of the action, by priority then
 * name, whose `when` holds for `whenData` (absent `when` = true). `forcedName` (the Flow step's `rule`
 * property) selects that rule regardless of its `when`; it is an error (ActionError, 422) if no rule
 * of this action has that name or if that rule is disabled. Null: no rule applies, the action uses
 * its built-in default. `compiledOf` compiles (and caches) a candidate.
 */
export function selectRuleWith<T extends Rule & { version: number }>(
  compiledOf: CompiledRuleOf,
  rules: readonly T[],
  action: ActionHandle,
  whenData: object,
  forcedName?: string | null,
  options: { shop?: string } = {},
): RuleSelection<T> | null {
  if (forcedName !== undefined && forcedName !== null && forcedName !== '') {
    return selectForced(compiledOf, rules, action, forcedName, options.shop);
  }
  const candidates = rules.filter((rule) => rule.action === action).sort((a, b) => a.priority - b.priority || compareNames(a.name, b.name));
  const skipped: RuleSelectionExplanation['skipped'] = [];
  for (const rule of candidates) {
    if (!rule.enabled) {
      skipped.push({ name: rule.name, version: rule.version, reason: 'disabled' });
      continue;
    }
    const compiled = compiledOf(rule, options.shop);
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
  compiledOf: CompiledRuleOf,
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
    throw new RuleSelectionError('rule_not_found', message, { rule: name, action });
  }
  if (!rule.enabled) {
    const enabled = rules.filter((candidate) => candidate.action === action && candidate.enabled).map((candidate) => `"${candidate.name}"`);
    throw new RuleSelectionError(
      'rule_disabled',
      `The step's rule "${name}" is disabled; enable it or clear the step's rule property (${enabled.length ? `the enabled ${action} rules are ${enabled.join(', ')}` : `no ${action} rule is enabled`}).`,
      { rule: name, action },
    );
  }
  return {
    rule,
    compiled: compiledOf(rule, shop),
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

function summarise(
  rule: Rule & { version: number },
  reason: RuleSelectionExplanation['reason'],
  skipped: RuleSelectionExplanation['skipped'],
): string {
  const why = reason === 'forced' ? "named by the step's rule property" : reason === 'when_true' ? 'its when held' : 'it has no when';
  const before = skipped.length
    ? `; skipped ${skipped.map((s) => `"${s.name}" (${s.reason === 'disabled' ? 'disabled' : 'when false'})`).join(', ')}`
    : '';
  return `rule "${rule.name}" v${rule.version} applies: ${why}${before}`;
}
