/** The editor's hint data, generated from the rules engine's own tables (the single source of truth). */
import { CONTEXT_VARIABLES, rootsFor } from '../../rules/context';
import { ACTION_HANDLES, expressionKeysFor, type ExpressionKey } from '../../rules/document';
import { ruleEngine } from '../../rules/engine';
import type { HintData } from '../client/hints';

const RULE_FIELDS = ['name', 'action', 'priority', 'enabled'];

/** Builds the hint data the admin page embeds for its editor. */
export function buildHintData(): HintData {
  const actions: HintData['actions'] = {};
  const roots: HintData['roots'] = { '*': {} };
  for (const action of ACTION_HANDLES) {
    const keys = expressionKeysFor(action);
    actions[action] = keys;
    roots[action] = Object.fromEntries(keys.map((key) => [key, [...rootsFor(action, key)]]));
    for (const key of keys) roots['*']![key] = [...rootsFor(undefined, key as ExpressionKey)];
  }
  return {
    actions,
    ruleFields: RULE_FIELDS,
    roots,
    variables: CONTEXT_VARIABLES.map((v) => ({ path: v.path, type: v.type, description: v.description })),
    operators: ruleEngine.operators.list.map((op) => ({ name: op.name, description: op.summary })),
  };
}
