/**
 * Query cost and the leaky bucket, after Shopify's documented rules
 * (shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits): scalars and enums cost 0, an
 * object 1, a connection 2 plus `first` (or `last`) times the cost of one node, a mutation 10.
 * The requested cost is computed from the document before running it; the actual cost from what
 * the response really contains. Real Shopify's numbers differ somewhat (it has per-field costs);
 * these are the documented defaults, enough to exercise an app's pacing.
 */
import {
  getArgumentValues,
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  getNamedType,
  isAbstractType,
  isCompositeType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type FragmentSpreadNode,
  type InlineFragmentNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

/** The most a single query may request, whatever the bucket holds. */
export const MAX_SINGLE_QUERY_COST = 1000;

/** Base cost of each mutation; Shopify charges more for a few (a tracking update was captured at 50). */
const MUTATION_COSTS: Record<string, number> = { fulfillmentTrackingInfoUpdate: 50 };
const DEFAULT_MUTATION_COST = 10;

// Fields that real responses show as free: user error lists and page info.
const FREE_FIELDS = new Set(['userErrors', 'pageInfo']);

interface CostContext {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  /** With data: the actual cost of what was returned; without: the requested (worst-case) cost. */
  actual: boolean;
  /** Set when a cost-relevant argument (`first`, `ids`...) was given through a variable. */
  readsVariables?: boolean;
}

type Data = Record<string, unknown>;

// Requested costs that no variable changes, by operation: the simulator reuses a parsed document
// (and its fragments) for the same query text, so the same operation node comes back request after request.
const fixedRequestedCosts = new WeakMap<OperationDefinitionNode, number>();

/** The requested cost of an operation, computed before running it. */
export function requestedCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): number {
  const fixed = fixedRequestedCosts.get(operation);
  if (fixed !== undefined) return fixed;
  const ctx: CostContext = { schema, fragments, variables, actual: false };
  const cost = operationCost(ctx, operation, undefined);
  if (!ctx.readsVariables) fixedRequestedCosts.set(operation, cost);
  return cost;
}

/** The actual cost of an operation from the data it returned. */
export function actualCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  data: Data | null | undefined,
): number {
  return operationCost({ schema, fragments, variables, actual: true }, operation, data ?? {});
}

function operationCost(ctx: CostContext, operation: OperationDefinitionNode, data: Data | undefined): number {
  const root = operation.operation === 'mutation' ? ctx.schema.getMutationType() : ctx.schema.getQueryType();
  if (!root) return 0;
  if (operation.operation !== 'mutation') return selectionCost(ctx, root, operation.selectionSet, data);
  // A mutation costs its base price plus what its payload selects (the payload object itself is included in the base).
  let total = 0;
  for (const field of collectFields(ctx, operation.selectionSet)) {
    const def = root.getFields()[field.name.value];
    if (!def) continue;
    total += MUTATION_COSTS[field.name.value] ?? DEFAULT_MUTATION_COST;
    const payload = getNamedType(def.type);
    const value = data?.[responseKey(field)];
    if (field.selectionSet && isCompositeType(payload) && (!ctx.actual || (value !== null && value !== undefined))) {
      total += selectionCost(ctx, payload, field.selectionSet, value as Data | undefined);
    }
  }
  return total;
}

/**
 * Whether `@skip`/`@include` keep this selection: a skipped one is not executed, so it is not
 * charged for, in the requested cost either (the actual cost only sees what came back anyway).
 */
function included(ctx: CostContext, selection: FieldNode | InlineFragmentNode | FragmentSpreadNode): boolean {
  if (!selection.directives?.length) return true;
  if (selection.directives.some((d) => d.arguments?.some((a) => hasVariable(a.value)))) ctx.readsVariables = true;
  try {
    if (getDirectiveValues(GraphQLSkipDirective, selection, ctx.variables)?.if === true) return false;
    if (getDirectiveValues(GraphQLIncludeDirective, selection, ctx.variables)?.if === false) return false;
  } catch {
    // An invalid condition fails execution anyway; cost the selection as if it ran.
  }
  return true;
}

/** Fields selected directly (the document is valid, so on the type at hand), with fragments that always apply flattened in. */
function collectFields(ctx: CostContext, selectionSet: SelectionSetNode): FieldNode[] {
  const out: FieldNode[] = [];
  for (const selection of selectionSet.selections) {
    if (!included(ctx, selection)) continue;
    if (selection.kind === Kind.FIELD) out.push(selection);
    else {
      const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : ctx.fragments[selection.name.value];
      if (fragment) out.push(...collectFields(ctx, fragment.selectionSet));
    }
  }
  return out;
}

function selectionCost(ctx: CostContext, type: GraphQLCompositeType, selectionSet: SelectionSetNode, data: Data | undefined): number {
  let common = 0;
  // On an interface or union, fragments for different concrete types are alternatives: the
  // requested cost takes the most expensive one (Shopify: "maximum of possible selections").
  let alternative = 0;
  for (const selection of selectionSet.selections) {
    if (!included(ctx, selection)) continue;
    if (selection.kind === Kind.FIELD) {
      common += fieldCost(ctx, type, selection, data);
      continue;
    }
    const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : ctx.fragments[selection.name.value];
    if (!fragment) continue;
    const conditionName = fragment.typeCondition?.name.value;
    const condition = conditionName ? ctx.schema.getType(conditionName) : type;
    if (!condition || !isCompositeType(condition)) continue;
    const cost = selectionCost(ctx, condition, fragment.selectionSet, data);
    if (condition === type || !isAbstractType(type)) common += cost;
    else if (!ctx.actual || matches(ctx, fragment.selectionSet, data)) alternative = Math.max(alternative, cost);
  }
  return common + alternative;
}

/** Whether an object in the response came from this fragment (one of its keys is present). */
function matches(ctx: CostContext, selectionSet: SelectionSetNode, data: Data | undefined): boolean {
  if (!data) return false;
  return selectionSet.selections.some((s) => {
    if (s.kind === Kind.FIELD) return responseKey(s) in data;
    const fragment = s.kind === Kind.INLINE_FRAGMENT ? s : ctx.fragments[s.name.value];
    return fragment ? matches(ctx, fragment.selectionSet, data) : false;
  });
}

function responseKey(field: FieldNode): string {
  return field.alias?.value ?? field.name.value;
}

function fieldCost(ctx: CostContext, parent: GraphQLCompositeType, field: FieldNode, data: Data | undefined): number {
  // No selection set: a scalar or enum (the document is valid), free. Checked first, as most fields are.
  if (!field.selectionSet) return 0;
  const name = field.name.value;
  if (name.startsWith('__') || FREE_FIELDS.has(name)) return 0;
  if (!isObjectType(parent) && !isInterfaceType(parent)) return 0;
  const def = parent.getFields()[name];
  if (!def) return 0;
  const named = getNamedType(def.type);
  if (isLeafType(named) || !isCompositeType(named)) return 0;
  const value = data?.[responseKey(field)];
  if (ctx.actual && (value === null || value === undefined)) return 0;

  if (isObjectType(named) && named.name.endsWith('Connection')) return connectionCost(ctx, named, def, field, value as Data | undefined);
  if (isListType(unwrapNonNull(def.type))) {
    if (ctx.actual) {
      const items = Array.isArray(value) ? value : [];
      return items.reduce<number>(
        (sum, item) => sum + (item == null ? 0 : 1 + selectionCost(ctx, named, field.selectionSet!, item as Data)),
        0,
      );
    }
    return listSize(argumentsOf(ctx, def, field)) * (1 + selectionCost(ctx, named, field.selectionSet, undefined));
  }
  return 1 + selectionCost(ctx, named, field.selectionSet, value as Data | undefined);
}

/** A field's arguments with the variables applied: only the requested cost of lists and connections reads them. */
function argumentsOf(ctx: CostContext, def: GraphQLField<unknown, unknown>, field: FieldNode): Record<string, unknown> {
  if (field.arguments?.some((argument) => hasVariable(argument.value))) ctx.readsVariables = true;
  try {
    return getArgumentValues(def, field, ctx.variables);
  } catch {
    // Invalid arguments fail execution anyway; cost them as if absent.
    return {};
  }
}

function hasVariable(value: ValueNode): boolean {
  if (value.kind === Kind.VARIABLE) return true;
  if (value.kind === Kind.LIST) return value.values.some(hasVariable);
  if (value.kind === Kind.OBJECT) return value.fields.some((field) => hasVariable(field.value));
  return false;
}

function unwrapNonNull(type: GraphQLOutputType): GraphQLOutputType {
  return isNonNullType(type) ? type.ofType : type;
}

/** How many items a plain list field may return: `first`, or the number of ids/names asked for, else 1. */
function listSize(args: Record<string, unknown>): number {
  if (typeof args.first === 'number') return args.first;
  for (const key of ['ids', 'names']) {
    const list = args[key];
    if (Array.isArray(list)) return list.length;
  }
  return 1;
}

function connectionCost(
  ctx: CostContext,
  connection: GraphQLCompositeType,
  def: GraphQLField<unknown, unknown>,
  field: FieldNode,
  value: Data | undefined,
): number {
  if (!isObjectType(connection)) return 0;
  const nodesDef = connection.getFields().nodes;
  const nodeType = nodesDef ? getNamedType(nodesDef.type) : undefined;
  if (!nodeType || !isCompositeType(nodeType)) return 2;
  // The selections made on one node, through `nodes { ... }` and `edges { node { ... } }`.
  const nodeSelections: SelectionSetNode[] = [];
  for (const f of collectFields(ctx, field.selectionSet!)) {
    if (f.name.value === 'nodes' && f.selectionSet) nodeSelections.push(f.selectionSet);
    if (f.name.value === 'edges' && f.selectionSet) {
      for (const e of collectFields(ctx, f.selectionSet))
        if (e.name.value === 'node' && e.selectionSet) nodeSelections.push(e.selectionSet);
    }
  }
  const perNode = (node: Data | undefined) => 1 + Math.max(0, ...nodeSelections.map((s) => selectionCost(ctx, nodeType, s, node)));
  if (!ctx.actual) {
    const args = argumentsOf(ctx, def, field);
    const size = typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : 0;
    return 2 + size * (nodeSelections.length > 0 ? perNode(undefined) : 1);
  }
  const nodes = Array.isArray(value?.nodes)
    ? (value.nodes as Data[])
    : Array.isArray(value?.edges)
      ? (value.edges as Array<{ node?: Data }>).map((e) => e?.node ?? {})
      : [];
  // Counting what came back: the edges' cursors alone still count one per returned object.
  const count = Array.isArray(value?.nodes) ? nodes.length : Array.isArray(value?.edges) ? (value.edges as unknown[]).length : 0;
  if (nodeSelections.length === 0) return 2 + count;
  return 2 + nodes.reduce((sum, node) => sum + perNode(node), 0);
}

// ---------------------------------------------------------------------------------------------

export interface BucketConfig {
  maximumAvailable: number;
  restoreRate: number;
}

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/** The default bucket Shopify showed in every capture: 2000 points, 100 restored per second. */
export const DEFAULT_BUCKET: BucketConfig = { maximumAvailable: 2000, restoreRate: 100 };

/** One shop's leaky bucket, refilled continuously from an injectable clock. */
export class LeakyBucket {
  private available: number;
  private at: number;

  constructor(
    private readonly config: () => BucketConfig,
    private readonly now: () => number,
  ) {
    this.available = config().maximumAvailable;
    this.at = now();
  }

  private refill(): BucketConfig {
    const config = this.config();
    const t = this.now();
    const elapsed = Math.max(0, t - this.at) / 1000;
    this.available = Math.min(config.maximumAvailable, this.available + elapsed * config.restoreRate);
    this.at = t;
    return config;
  }

  /** The throttle status as Shopify reports it (whole points available). */
  status(): ThrottleStatus {
    const config = this.refill();
    return { maximumAvailable: config.maximumAvailable, currentlyAvailable: Math.floor(this.available), restoreRate: config.restoreRate };
  }

  /** Takes `cost` points if the bucket holds them; false means throttled. */
  take(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  /** Gives back points (requested minus actual cost, after a query ran). */
  refund(points: number): void {
    const config = this.refill();
    this.available = Math.min(config.maximumAvailable, this.available + Math.max(0, points));
  }

  /** Sets the points available now (tests: start a scenario with a nearly empty bucket). */
  set(available: number): void {
    const config = this.refill();
    this.available = Math.max(0, Math.min(config.maximumAvailable, available));
  }
}
