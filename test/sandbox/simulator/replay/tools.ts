/**
 * Tools for replaying the recorded Shopify calls of ../shared/shopify/captures against the
 * simulator: find every recorded call in a capture file, cut a captured document down to the
 * fields the simulator's schema subset has (and say which were cut), project the recorded answer
 * onto what is left, and compare answers: same keys and nullness, same values, ids matched one
 * to one (a recorded id the replay created maps to exactly one simulator id).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  buildSchema,
  getNamedType,
  isCompositeType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  print,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type GraphQLType,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { CAPTURES_DIR, REAL_SCHEMA_PATH } from '../../../helpers/shared';

export type Json = any;

// ---------------------------------------------------------------------------------------------
// Capture files and the calls recorded in them

export interface RecordedCall {
  file: string;
  /** Dotted path of the call inside the file, e.g. `happyPath.move` or `upstreamCalls.3`. */
  path: string;
  /** The document sent, when the capture kept it. */
  query: string | null;
  variables: Record<string, unknown>;
  /** The GraphQL body Shopify answered ({data, errors}). */
  body: { data?: Json; errors?: Json[] };
  /** Root fields: from the document, or the keys of the answer's data when there is no document. */
  rootFields: string[];
  operation: 'query' | 'mutation';
  apiVersion: string;
}

const captureCache = new Map<string, Json>();

export function readCapture(file: string): Json {
  let json = captureCache.get(file);
  if (!json) {
    json = JSON.parse(readFileSync(resolve(CAPTURES_DIR, file), 'utf8'));
    captureCache.set(file, json);
  }
  return json;
}

/** The value at a dotted path (segments may contain dots only when given as an array). */
export function at(json: Json, path: string | string[]): Json {
  const segments = Array.isArray(path) ? path : path.split('.');
  let value = json;
  for (const segment of segments) {
    if (value == null) return undefined;
    value = value[segment];
  }
  return value;
}

function apiVersionOf(file: string, json: Json): string {
  return json.apiVersion ?? json.metadata?.apiVersion ?? file.slice(0, 7);
}

function bodyOf(response: Json): { data?: Json; errors?: Json[] } | null {
  if (!response || typeof response !== 'object') return null;
  if ('payload' in response) return response.payload;
  if ('body' in response) return response.body;
  if ('data' in response || 'errors' in response) return response;
  return null;
}

function describeDocument(query: string): { rootFields: string[]; operation: 'query' | 'mutation' } {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return {
    operation: operation.operation === 'mutation' ? 'mutation' : 'query',
    rootFields: operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : [])),
  };
}

/**
 * Every recorded call in a capture file: objects holding a response next to a document
 * (`query`, `request.query`) or next to variables only (cases whose document the capture did not
 * keep). Paths are dotted; keys containing dots (cleanup keys are order GIDs) stay whole.
 */
export function recordedCalls(file: string): RecordedCall[] {
  const json = readCapture(file);
  const apiVersion = apiVersionOf(file, json);
  const calls: RecordedCall[] = [];
  const walk = (value: Json, path: string[]) => {
    if (!value || typeof value !== 'object') return;
    const body = bodyOf(value.response);
    const query = typeof value.query === 'string' ? value.query : typeof value.request?.query === 'string' ? value.request.query : null;
    if (body && (query || value.variables !== undefined || path.length > 0)) {
      const variables = (value.variables ?? value.request?.variables ?? {}) as Record<string, unknown>;
      const described = query ? describeDocument(query) : null;
      const dataKeys = body.data && typeof body.data === 'object' ? Object.keys(body.data) : [];
      const errorRoots = (body.errors ?? []).map((e: Json) => e?.path?.[0]).filter((p: unknown): p is string => typeof p === 'string');
      const rootFields = described?.rootFields ?? (dataKeys.length > 0 ? dataKeys : errorRoots);
      const mutationLike = rootFields.some((f) =>
        /Create|Update|Move|Cancel|Delete|Hold|Split|Merge|Open|Close|Submit|Accept|Reject|Reschedule|Reroute|Deactivate|Add|Progress|Set|Prepared/.test(
          f,
        ),
      );
      calls.push({
        file,
        path: path.join('.'),
        query,
        variables,
        body,
        rootFields,
        operation: described?.operation ?? (mutationLike ? 'mutation' : 'query'),
        apiVersion,
      });
      // A recorded case may hold the calls that set it up (`cases.x.setup.hydrate`).
      for (const key of Object.keys(value))
        if (!['response', 'variables', 'query', 'request', 'status'].includes(key)) walk(value[key], [...path, key]);
      return;
    }
    if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...path, String(i)]));
    else for (const key of Object.keys(value)) walk(value[key], [...path, key]);
  };
  walk(json, []);
  return calls;
}

// ---------------------------------------------------------------------------------------------
// Schemas

let simulatorSchemaCache: GraphQLSchema | undefined;
let realSchemaCache: GraphQLSchema | undefined;

export function simulatorSchema(sdl: string): GraphQLSchema {
  simulatorSchemaCache ??= buildSchema(sdl);
  return simulatorSchemaCache;
}

export function realSchema(): GraphQLSchema {
  realSchemaCache ??= buildSchema(readFileSync(REAL_SCHEMA_PATH, 'utf8'), { assumeValidSDL: true });
  return realSchemaCache;
}

// ---------------------------------------------------------------------------------------------
// Cutting a document down to the simulator's schema

export interface PrunedDocument {
  /** The document the simulator can answer (printed), or null when nothing is left. */
  query: string | null;
  document: DocumentNode | null;
  /** What was cut, as `Type.field` / `Type.field(argument)` / `$variable`. */
  removed: string[];
}

/** Removes fields, arguments, fragments and variables the simulator's schema lacks; repeats until nothing empty is left. */
export function pruneDocument(schema: GraphQLSchema, query: string): PrunedDocument {
  const removed = new Set<string>();
  let document = parse(query);
  for (let pass = 0; pass < 10; pass++) {
    const before = print(document);
    const typeInfo = new TypeInfo(schema);
    document = visit(
      document,
      visitWithTypeInfo(typeInfo, {
        Field(node) {
          const parent = typeInfo.getParentType();
          if (!typeInfo.getFieldDef()) {
            removed.add(`${parent?.name ?? '?'}.${node.name.value}`);
            return null;
          }
          return undefined;
        },
        Argument(node) {
          if (!typeInfo.getArgument()) {
            removed.add(`${typeInfo.getParentType()?.name ?? '?'}.${typeInfo.getFieldDef()?.name ?? '?'}(${node.name.value})`);
            return null;
          }
          return undefined;
        },
        InlineFragment(node) {
          if (node.typeCondition && !schema.getType(node.typeCondition.name.value)) {
            removed.add(`... on ${node.typeCondition.name.value}`);
            return null;
          }
          return undefined;
        },
        FragmentDefinition(node) {
          if (!schema.getType(node.typeCondition.name.value)) {
            removed.add(`fragment on ${node.typeCondition.name.value}`);
            return null;
          }
          return undefined;
        },
      }),
    );
    // Selection sets left empty, spreads of fragments that are gone, unused fragments and variables.
    const fragments = new Set(
      document.definitions.flatMap((d) =>
        d.kind === Kind.FRAGMENT_DEFINITION && d.selectionSet.selections.length > 0 ? [d.name.value] : [],
      ),
    );
    document = visit(document, {
      FragmentSpread(node) {
        return fragments.has(node.name.value) ? undefined : null;
      },
      Field: {
        leave(node) {
          return node.selectionSet && node.selectionSet.selections.length === 0 ? null : undefined;
        },
      },
      InlineFragment: {
        leave(node) {
          return node.selectionSet.selections.length === 0 ? null : undefined;
        },
      },
    });
    const usedFragments = new Set<string>();
    const usedVariables = new Set<string>();
    visit(document, {
      FragmentSpread(node) {
        usedFragments.add(node.name.value);
      },
      Variable(node, _key, parent) {
        if ((parent as { kind?: string } | undefined)?.kind !== Kind.VARIABLE_DEFINITION) usedVariables.add(node.name.value);
      },
    });
    document = {
      ...document,
      definitions: document.definitions
        .filter((d) => d.kind !== Kind.FRAGMENT_DEFINITION || (usedFragments.has(d.name.value) && d.selectionSet.selections.length > 0))
        .filter((d) => d.kind !== Kind.OPERATION_DEFINITION || d.selectionSet.selections.length > 0)
        .map((d) => {
          if (d.kind !== Kind.OPERATION_DEFINITION) return d;
          const kept = (d.variableDefinitions ?? []).filter((v) => {
            const keep = usedVariables.has(v.variable.name.value);
            if (!keep) removed.add(`$${v.variable.name.value}`);
            return keep;
          });
          return { ...d, variableDefinitions: kept };
        }),
    };
    if (print(document) === before) break;
  }
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation) return { query: null, document: null, removed: [...removed] };
  const errors = validate(schema, document);
  if (errors.length > 0)
    throw new Error(`pruned document does not validate: ${errors.map((e) => e.message).join('; ')}\n${print(document)}`);
  return { query: print(document), document, removed: [...removed] };
}

/** The variables a document declares, taken from the recorded ones. */
export function variablesFor(document: DocumentNode, variables: Record<string, unknown>): Record<string, unknown> {
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const out: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (name in variables) out[name] = variables[name];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// A document for a recorded answer whose document the capture did not keep

/**
 * A document selecting exactly the keys of a recorded answer (typed against `schema`): used for
 * the cases the capture recorded without their document. Connections get `first: 10`; empty lists
 * of objects select the type's leaf fields.
 */
export function documentFromAnswer(
  schema: GraphQLSchema,
  operation: 'query' | 'mutation',
  data: Json,
  variables: Record<string, unknown>,
): string {
  const root = operation === 'mutation' ? schema.getMutationType()! : schema.getQueryType()!;
  const definitions: string[] = [];
  const selections: string[] = [];
  for (const [rootField, value] of Object.entries(data ?? {})) {
    const field = root.getFields()[rootField];
    if (!field) continue;
    const args = field.args.filter((a) => a.name in variables);
    for (const a of args) definitions.push(`$${a.name}: ${String(a.type)}`);
    const argText = args.length > 0 ? `(${args.map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
    selections.push(`${rootField}${argText} ${selectionFor(field.type, value)}`);
  }
  return `${operation} Reconstructed${definitions.length > 0 ? `(${definitions.join(', ')})` : ''} { ${selections.join(' ')} }`;
}

function selectionFor(type: GraphQLType, value: Json): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return '';
  const composite = named as GraphQLCompositeType;
  const samples: Json[] = Array.isArray(value)
    ? value.filter((v) => v && typeof v === 'object')
    : value && typeof value === 'object'
      ? [value]
      : [];
  if (!isObjectType(composite)) return '{ __typename }';
  const fields = composite.getFields();
  const keys =
    samples.length > 0
      ? [...new Set(samples.flatMap((s) => Object.keys(s)))]
      : Object.values(fields)
          .filter((f) => isLeafType(getNamedType(f.type)) && f.args.every((a) => !isNonNullType(a.type)))
          .map((f) => f.name);
  const parts: string[] = [];
  for (const key of keys) {
    const field = fields[key];
    if (!field) continue;
    const connection = getNamedType(field.type).name.endsWith('Connection') && field.args.some((a) => a.name === 'first');
    const sub = samples.map((s) => s[key]).filter((v) => v !== undefined);
    const flat = sub.flatMap((v) => (Array.isArray(v) ? v : [v]));
    parts.push(
      `${key}${connection ? '(first: 10)' : ''} ${isLeafType(getNamedType(field.type)) ? '' : selectionFor(field.type, flat.length > 0 ? flat : [])}`.trim(),
    );
  }
  return `{ ${parts.join(' ')} }`;
}

// ---------------------------------------------------------------------------------------------
// Projecting a recorded answer onto a (pruned) selection

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  return new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
}

/** The GID type of an object's id, as a stand-in for __typename. */
function typeOfObject(value: Json): string | null {
  if (typeof value?.__typename === 'string') return value.__typename;
  const match = typeof value?.id === 'string' ? /^gid:\/\/shopify\/(\w+)\//.exec(value.id) : null;
  return match ? match[1]! : null;
}

/** The fields a selection set selects on `value`, fragments resolved, by response key. */
function selectedFields(
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  value: Json,
): Map<string, FieldNode[]> {
  const out = new Map<string, FieldNode[]>();
  const add = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        out.set(key, [...(out.get(key) ?? []), selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const condition = selection.typeCondition?.name.value;
        const type = typeOfObject(value);
        if (!condition || !type || condition === type || !/^[A-Z]/.test(type)) add(selection.selectionSet);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment) add(fragment.selectionSet);
      }
    }
  };
  add(selectionSet);
  return out;
}

function project(value: Json, fields: FieldNode[], fragments: Map<string, FragmentDefinitionNode>): Json {
  if (value === null || value === undefined || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => project(item, fields, fragments));
  const sets = fields.flatMap((f) => (f.selectionSet ? [f.selectionSet] : []));
  if (sets.length === 0) return value;
  const out: Json = {};
  const selected = new Map<string, FieldNode[]>();
  for (const set of sets)
    for (const [key, nodes] of selectedFields(set, fragments, value)) selected.set(key, [...(selected.get(key) ?? []), ...nodes]);
  for (const [key, nodes] of selected) if (key in value) out[key] = project(value[key], nodes, fragments);
  return out;
}

/** The recorded data as the (pruned) document would have selected it. */
export function projectData(document: DocumentNode, data: Json): Json {
  if (data === null || data === undefined) return data;
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = fragmentsOf(document);
  const root: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__root' }, selectionSet: operation.selectionSet };
  return project(data, [root], fragments);
}

/** Whether an error's path still points into what the (pruned) document selects. */
export function pathSelected(document: DocumentNode, data: Json, path: Array<string | number> | undefined): boolean {
  if (!path || path.length === 0) return true;
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = fragmentsOf(document);
  let sets: SelectionSetNode[] = [operation.selectionSet];
  let value = data;
  for (const segment of path) {
    if (typeof segment === 'number') {
      value = Array.isArray(value) ? value[segment] : undefined;
      continue;
    }
    const next: SelectionSetNode[] = [];
    let found = false;
    for (const set of sets) {
      const nodes = selectedFields(set, fragments, value ?? {}).get(segment);
      if (nodes) {
        found = true;
        for (const node of nodes) if (node.selectionSet) next.push(node.selectionSet);
      }
    }
    if (!found) return false;
    sets = next;
    value = value?.[segment];
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Where a captured mutation payload holds fulfillment-order state

export interface FulfillmentOrderInAnswer {
  /** Response path to the object, e.g. `fulfillmentOrderHold.remainingFulfillmentOrder`. */
  path: string;
  value: Json;
  /** The selection the document made on it (fragments inlined by reference). */
  selection: SelectionSetNode;
}

/** Every FulfillmentOrder object in a recorded answer, with the selection made on it (typed with the real schema). */
export function fulfillmentOrdersInAnswer(
  schema: GraphQLSchema,
  query: string,
  data: Json,
): { found: FulfillmentOrderInAnswer[]; fragments: FragmentDefinitionNode[] } {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = fragmentsOf(document);
  const found: FulfillmentOrderInAnswer[] = [];
  const rootType = operation.operation === 'mutation' ? schema.getMutationType()! : schema.getQueryType()!;
  const walk = (type: GraphQLCompositeType, set: SelectionSetNode, value: Json, path: string[]) => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(type, set, item, [...path, String(i)]));
      return;
    }
    if (!isObjectType(type) && !('getFields' in type)) return;
    const fieldsOfType = (type as { getFields(): Record<string, { type: GraphQLType }> }).getFields();
    for (const [key, nodes] of selectedFields(set, fragments, value)) {
      const node = nodes[0]!;
      const field = fieldsOfType[node.name.value];
      if (!field || value[key] === undefined) continue;
      const named = getNamedType(field.type);
      if (!isCompositeType(named)) continue;
      const merged: SelectionSetNode = { kind: Kind.SELECTION_SET, selections: nodes.flatMap((n) => n.selectionSet?.selections ?? []) };
      if (named.name === 'FulfillmentOrder') {
        const items = isListType(isNonNullType(field.type) ? field.type.ofType : field.type) ? (value[key] ?? []) : [value[key]];
        items.forEach((item: Json, i: number) => {
          if (item)
            found.push({
              path: [...path, key, ...(items.length > 1 || Array.isArray(value[key]) ? [String(i)] : [])].join('.'),
              value: item,
              selection: merged,
            });
        });
      }
      walk(named, merged, value[key], [...path, key]);
    }
  };
  walk(rootType, operation.selectionSet, data, []);
  return { found, fragments: [...fragments.values()] };
}

/** A query reading an order's fulfillment orders with `selection`, for comparing captured payload states. */
export function orderReadFor(selection: SelectionSetNode, fragments: FragmentDefinitionNode[]): string {
  return `query ReplayState($id: ID!) { order(id: $id) { fulfillmentOrders(first: 10) { nodes ${print(selection)} } } }\n${fragments.map((f) => print(f)).join('\n')}`;
}

// ---------------------------------------------------------------------------------------------
// Comparing answers

/** Keys whose values are clock readings or cursors: compared for presence, nullness and type only. */
const VOLATILE = new Set([
  'createdAt',
  'updatedAt',
  'processedAt',
  'happenedAt',
  'closedAt',
  'cancelledAt',
  'startCursor',
  'endCursor',
  'estimatedShippedAt',
  'fulfillBy',
]);

const GID = /^gid:\/\/shopify\/(\w+)\/\d+/;

/** A one-to-one map between recorded ids and simulator ids; explicit (pre-state) ids map to themselves. */
export class IdMatcher {
  private readonly forward = new Map<string, string>();
  private readonly backward = new Map<string, string>();

  constructor(identities: Iterable<string> = []) {
    for (const id of identities) {
      this.forward.set(id, id);
      this.backward.set(id, id);
    }
  }

  /** The simulator's id for a recorded one (itself when not matched yet). */
  toActual(expected: string): string {
    return this.forward.get(expected) ?? expected;
  }

  /** Recorded ids in a value (variables) replaced by the simulator's. */
  translate<T>(value: T): T {
    if (typeof value === 'string') return (GID.test(value) ? this.toActual(value) : value) as T;
    if (Array.isArray(value)) return value.map((v) => this.translate(v)) as T;
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.translate(v)])) as T;
    return value;
  }

  /** null when consistent, else why not. */
  match(expected: string, actual: string): string | null {
    const typeE = GID.exec(expected)?.[1];
    const typeA = GID.exec(actual)?.[1];
    if (typeE !== typeA) return `id type differs: ${expected} vs ${actual}`;
    const known = this.forward.get(expected);
    if (known !== undefined) return known === actual ? null : `id ${expected} is ${known} in the simulator, got ${actual}`;
    const taken = this.backward.get(actual);
    if (taken !== undefined) return `${actual} already stands for ${taken}, not ${expected}`;
    this.forward.set(expected, actual);
    this.backward.set(actual, expected);
    return null;
  }
}

/** Every difference between a recorded value and the simulator's, as readable lines. */
export function differences(expected: Json, actual: Json, ids: IdMatcher, path = '$'): string[] {
  const key = path.split('.').pop()!;
  if (expected === null || expected === undefined || actual === null || actual === undefined) {
    return (expected ?? null) === (actual ?? null) ? [] : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
  }
  if (VOLATILE.has(key))
    return typeof expected === typeof actual ? [] : [`${path}: expected a ${typeof expected}, got ${JSON.stringify(actual)}`];
  if (Array.isArray(expected) || Array.isArray(actual)) {
    if (!Array.isArray(expected) || !Array.isArray(actual))
      return [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
    if (expected.length !== actual.length)
      return [
        `${path}: expected ${expected.length} items ${JSON.stringify(expected).slice(0, 400)}, got ${actual.length} ${JSON.stringify(actual).slice(0, 400)}`,
      ];
    return expected.flatMap((item, i) => differences(item, actual[i], ids, `${path}.${i}`));
  }
  if (typeof expected === 'object') {
    if (typeof actual !== 'object') return [`${path}: expected an object, got ${JSON.stringify(actual)}`];
    const out: string[] = [];
    for (const k of Object.keys(expected)) if (!(k in actual)) out.push(`${path}.${k}: missing`);
    for (const k of Object.keys(actual)) if (!(k in expected)) out.push(`${path}.${k}: not in the recorded answer`);
    for (const k of Object.keys(expected)) if (k in actual) out.push(...differences(expected[k], actual[k], ids, `${path}.${k}`));
    return out;
  }
  if (typeof expected === 'string' && typeof actual === 'string' && GID.test(expected) && GID.test(actual)) {
    const problem = ids.match(expected, actual);
    return problem ? [`${path}: ${problem}`] : [];
  }
  return expected === actual ? [] : [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}

/** Top-level errors compared on message, path and extensions.code (locations move when a document is cut down). */
export function errorDifferences(expected: Json[] | undefined, actual: Json[] | undefined): string[] {
  const shape = (errors: Json[] | undefined) =>
    (errors ?? []).map((e) => ({ message: e.message, path: e.path ?? null, code: e.extensions?.code ?? null }));
  const e = shape(expected);
  const a = shape(actual);
  return JSON.stringify(e) === JSON.stringify(a) ? [] : [`errors: expected ${JSON.stringify(e)}, got ${JSON.stringify(a)}`];
}
