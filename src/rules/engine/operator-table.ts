/**
 * The operators one engine knows, built from a set of definitions (by default flowfill's built-in
 * ones). The checker reads the descriptions (arity, result kinds), the compiler calls the
 * implementations; both ask the same table, so what validates is exactly what evaluates.
 */
import { OPERATIONS, OPERATORS, REFUSED_OPERATORS, SPECIAL_FORMS, type Operation, type OperatorInfo } from './operators';

/** Definitions an engine is built from: descriptions, implementations and refused names with their reasons. */
export interface OperatorSet {
  readonly operators: readonly OperatorInfo[];
  /** Implementations of every operator that is not a special form (those are compiled by compile.ts). */
  readonly operations: Readonly<Record<string, Operation>>;
  readonly refused?: ReadonlyMap<string, string>;
}

/** flowfill's operators: json-logic-js 2.0.5's minus `log`, plus its own. */
export const BUILTIN_OPERATORS: OperatorSet = { operators: OPERATORS, operations: OPERATIONS, refused: REFUSED_OPERATORS };

/** The lookups an engine makes; Maps, so names like `__proto__` or `constructor` never resolve to anything. */
export interface OperatorTable {
  /** Every operator, in the order the docs list them. */
  readonly list: readonly OperatorInfo[];
  readonly names: readonly string[];
  info(name: string): OperatorInfo | undefined;
  /** The implementation of an operator taking evaluated arguments; undefined for special forms and unknown names. */
  operation(name: string): Operation | undefined;
  /** Why a json-logic operator is refused, if it is. */
  refusal(name: string): string | undefined;
}

/** Builds a table; throws if an operator that is not a special form has no implementation. */
export function createOperatorTable(set: OperatorSet = BUILTIN_OPERATORS): OperatorTable {
  const infos = new Map(set.operators.map((info) => [info.name, info]));
  const operations = new Map<string, Operation>();
  for (const info of set.operators) {
    if (SPECIAL_FORMS.has(info.name)) continue;
    const operation = Object.hasOwn(set.operations, info.name) ? set.operations[info.name] : undefined;
    if (!operation) throw new Error(`operator "${info.name}" has no implementation`);
    operations.set(info.name, operation);
  }
  const refused = new Map(set.refused ?? []);
  const list = Object.freeze([...set.operators]);
  const names = Object.freeze(list.map((info) => info.name));
  return {
    list,
    names,
    info: (name) => infos.get(name),
    operation: (name) => operations.get(name),
    refusal: (name) => refused.get(name),
  };
}
