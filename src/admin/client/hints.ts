/**
 * Editor hints: which names fit where the cursor is in a rule document. The data (variables,
 * operators, each action's expressions) comes from the server, generated from src/rules, so the
 * hints never drift from what validation accepts.
 */
import type { CursorPlace } from './json-map';

/** What the page embeds for hints (see src/admin/page/hints-data.ts). */
export interface HintData {
  /** Expression keys each action's rules may have, in canonical order. */
  actions: Record<string, string[]>;
  ruleFields: string[];
  /** Context roots each expression may read, per action (`*` when the action is unknown). */
  roots: Record<string, Record<string, string[]>>;
  variables: Array<{ path: string; type: string; description: string }>;
  operators: Array<{ name: string; description: string }>;
}

export interface Hint {
  label: string;
  detail: string;
  kind: 'property' | 'variable' | 'function' | 'enum';
}

/** The hints for a cursor place, or an empty list when nothing applies. */
export function hintsFor(place: CursorPlace, data: HintData): Hint[] {
  const path = place.path;
  if (path.length === 0 && place.role === 'key') return [{ label: 'rules', detail: 'the list of rules', kind: 'property' }];
  if (path[0] !== 'rules' || path.length < 2) return [];
  const action = place.action !== undefined && data.actions[place.action] ? place.action : undefined;
  if (path.length === 2 && place.role === 'key') {
    const expressions = action ? (data.actions[action] ?? []) : [...new Set(Object.values(data.actions).flat())];
    return [...data.ruleFields, ...expressions].map((label) => ({
      label,
      detail: data.ruleFields.includes(label) ? 'rule field' : 'expression',
      kind: 'property',
    }));
  }
  if (path.length === 3 && place.role === 'value' && place.key === 'action') {
    return Object.keys(data.actions).map((label) => ({ label, detail: 'Flow action', kind: 'enum' }));
  }
  const expression = path[2];
  if (expression === undefined || path.length < 3) return [];
  const roots = data.roots[action ?? '*']?.[expression];
  if (!roots) return [];
  if (place.role === 'value' && isVarArgument(path)) {
    return data.variables
      .filter((variable) => roots.includes(variable.path.split('.')[0] ?? ''))
      .map((variable) => ({ label: variable.path, detail: `${variable.type} — ${variable.description}`, kind: 'variable' }));
  }
  if (place.role === 'key' && path.length >= 3) {
    return data.operators.map((op) => ({ label: op.name, detail: op.description, kind: 'function' }));
  }
  return [];
}

/** `{"var": "…"}` or `{"var": ["…", default]}`: the first argument of var (or missing's list). */
function isVarArgument(path: string[]): boolean {
  const last = path[path.length - 1];
  const before = path[path.length - 2];
  return last === 'var' || (before === 'var' && last === '0') || last === 'missing' || before === 'missing';
}
