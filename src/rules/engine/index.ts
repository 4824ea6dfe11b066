/**
 * The rule engine: json-logic compiled with json-logic-js 2.0.5's semantics, flowfill's operators,
 * static checks of expressions, evaluation of rules and the choice of the rule that applies.
 * Storage (../store.ts), the document schema (../document.ts) and the docs (../docs/) are elsewhere.
 */
import { createRuleEngine } from './engine';

export { createRuleEngine, type RuleEngine, type RuleEngineOptions } from './engine';
export { BUILTIN_OPERATORS, createOperatorTable, type OperatorSet, type OperatorTable } from './operator-table';
export { parseTimestamp } from './timestamps';
export { Kind, truthy, type Env, type Operation, type OperatorGroup, type OperatorInfo } from './operators';
export { UnknownOperatorError, isLogic, type CompiledLogic } from './compile';
export { FORBIDDEN_SEGMENTS, describeKinds, pointerSegment, type RuleError } from './check';
export { RuleEvaluationError, type CompiledRule, type ExpressionValue } from './rule';
export { RuleSelectionError, type RuleSelection, type RuleSelectionExplanation } from './select';

/**
 * The app's engine, one per process or Worker isolate: Flow runs, dry runs and the admin API's
 * validation share its operators and compiled-rule cache. The actions reach it through
 * actions/rule-choice.ts rather than the app's dependencies, so no route has to pass it along;
 * tests that need their own cache or operators call createRuleEngine().
 */
export const ruleEngine = createRuleEngine();
