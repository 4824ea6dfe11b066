/**
 * What the snapshot must read for an action's rules, from their json-logic alone (variablesRead):
 * data no rule can see is not read. All the action's rules count, not just the one chosen later
 * (choosing needs the snapshot), and a rule that may read a variable counts as reading it.
 */
import { EXPRESSION_KEYS, type Rule } from '../../rules/document';
import { mayRead, variablesRead } from '../../rules/variables';

/** Whether any expression of `rules` may read one of `paths`. */
export function rulesMayRead(rules: readonly Rule[], paths: readonly string[]): boolean {
  return rules.some((rule) =>
    EXPRESSION_KEYS.some((key) => {
      if (rule[key] === undefined) return false;
      const read = variablesRead(rule[key]);
      return paths.some((path) => mayRead(read, path));
    }),
  );
}

/** Whether any of `rules` may read `line.variant_id` or `line.product_id`, the only variables built from a fulfillment order line's variant (2 points a line to read). */
export function needsVariantIds(rules: readonly Rule[]): boolean {
  return rulesMayRead(rules, ['line.variant_id', 'line.product_id']);
}
