/** Which of the shop's rules a run uses, and what the step and the rule say about notifying the customer. */
import type { ActionHandle } from '../rules/document';
import { ruleEngine, type CompiledRule, type RuleSelectionExplanation } from '../rules/engine';
import type { StoredRule } from '../rules/store';

/** The rule part of an explanation: which rule (name, version) or the built-in default. */
export type RuleUsed = { name: string; version: number; summary: string } | { name: null; version: null; summary: string };

export interface ChosenRule {
  compiled: CompiledRule | null;
  used: RuleUsed;
  record: { name: string; version: number } | null;
  selection: RuleSelectionExplanation | null;
}

/**
 * Picks the rule of `action` whose `when` holds for `data` (the step's `rule` forces one); null
 * compiled: the built-in default.
 */
export function chooseRule(
  rules: readonly StoredRule[],
  action: ActionHandle,
  data: object,
  forced: string | undefined,
  shop: string,
): ChosenRule {
  const selection = ruleEngine.selectRule(rules, action, data, forced ?? null, { shop });
  if (!selection) {
    const count = rules.filter((r) => r.action === action).length;
    return {
      compiled: null,
      used: {
        name: null,
        version: null,
        summary: count
          ? `no ${action} rule applies (${count} tried): built-in default`
          : 'built-in default (the shop has no rule for this action)',
      },
      record: null,
      selection: null,
    };
  }
  return {
    compiled: selection.compiled,
    used: { name: selection.rule.name, version: selection.rule.version, summary: selection.explanation.summary },
    record: { name: selection.rule.name, version: selection.rule.version },
    selection: selection.explanation,
  };
}

/** `notify_customer`: the step's property, else the rule's (evaluated over `data`), else false. */
export function chooseNotify(property: boolean | undefined, rule: CompiledRule | null, data: object): { notify: boolean; source: string } {
  if (property !== undefined) return { notify: property, source: "the step's Notify customer field" };
  const fromRule = rule?.evaluate('notify_customer', data);
  if (fromRule !== undefined) return { notify: fromRule, source: `rule "${rule!.name}"` };
  return { notify: false, source: 'default (no notification)' };
}
