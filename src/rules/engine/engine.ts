/**
 * A rule engine: one operator table, the compiler and checker that use it, and the cache of
 * compiled rules. Everything mutable lives in the instance, so two engines (an app and a test,
 * or two tests) never share compiled rules or operators.
 */
import type { ActionHandle, ExpressionKey, Rule } from '../document';
import { LruCache } from './cache';
import { createChecker, type RuleError } from './check';
import { createCompiler, type CompiledLogic } from './compile';
import { createOperatorTable, type OperatorSet, type OperatorTable } from './operator-table';
import { compileRuleWith, type CompiledRule } from './rule';
import { selectRuleWith, type RuleSelection } from './select';

/** How an engine is built. */
export interface RuleEngineOptions {
  /** The operators it knows (default: flowfill's built-in ones). */
  operators?: OperatorSet;
  /** How many compiled rules it keeps; rules are small, a thousand of them is a few MB at most. */
  cacheSize?: number;
}

export interface RuleEngine {
  readonly operators: OperatorTable;
  /** Compiles an expression once; the result can be applied to many contexts. Throws on unknown operators. */
  compileLogic(logic: unknown): CompiledLogic;
  /** Compiles and applies in one go (tests, one-off evaluations; rules are compiled once and cached instead). */
  applyLogic(logic: unknown, data?: unknown): unknown;
  /** Checks an expression of a rule document; `pointer` is where it sits (e.g. /rules/2/eligible). */
  checkExpression(value: unknown, action: ActionHandle | undefined, key: ExpressionKey, pointer: string): RuleError[];
  /** Compiles every expression of a (validated) rule, without caching. Throws RuleEvaluationError. */
  compileRule(rule: Rule): CompiledRule;
  /**
   * The compiled form of a stored rule, cached by (shop, name, version): a rule's version changes
   * whenever its content does, so a cached entry is never stale. Least recently used entries go first.
   */
  compiledRuleFor(shop: string, rule: Rule & { version: number }): CompiledRule;
  /**
   * The rule that applies to a run of `action` (see selectRuleWith in select.ts); pass `shop` to
   * reuse compiled rules across runs.
   */
  selectRule<T extends Rule & { version: number }>(
    rules: readonly T[],
    action: ActionHandle,
    whenData: object,
    forcedName?: string | null,
    options?: { shop?: string },
  ): RuleSelection<T> | null;
}

const DEFAULT_CACHE_SIZE = 1000;

/** Creates an engine with its own operator table and compiled-rule cache. */
export function createRuleEngine(options: RuleEngineOptions = {}): RuleEngine {
  const operators = createOperatorTable(options.operators);
  const { compileLogic, applyLogic } = createCompiler(operators);
  const checkExpression = createChecker(operators);
  const compileRule = (rule: Rule) => compileRuleWith(compileLogic, rule);
  const byVersion = new LruCache<string, CompiledRule>(options.cacheSize ?? DEFAULT_CACHE_SIZE);
  // Without a shop (previews, simulations of unsaved rules), reuse per rule object only.
  const byObject = new WeakMap<object, CompiledRule>();

  const compiledRuleFor = (shop: string, rule: Rule & { version: number }): CompiledRule => {
    const key = `${shop}\u0000${rule.name}\u0000${rule.version}`;
    const hit = byVersion.get(key);
    if (hit) return hit;
    const compiled = compileRule(rule);
    byVersion.set(key, compiled);
    return compiled;
  };
  const compiledOf = (rule: Rule & { version: number }, shop: string | undefined): CompiledRule => {
    if (shop !== undefined) return compiledRuleFor(shop, rule);
    let compiled = byObject.get(rule);
    if (!compiled) {
      compiled = compileRule(rule);
      byObject.set(rule, compiled);
    }
    return compiled;
  };

  return {
    operators,
    compileLogic,
    applyLogic,
    checkExpression,
    compileRule,
    compiledRuleFor,
    selectRule: (rules, action, whenData, forcedName, selectOptions = {}) =>
      selectRuleWith(compiledOf, rules, action, whenData, forcedName, selectOptions),
  };
}
