/** Error responses shaped like Shopify's (messages and extensions from captures of real stores). */
import {
  getNamedType,
  GraphQLError,
  isInputObjectType,
  isListType,
  isNonNullType,
  TypeInfo,
  typeFromAST,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { isWellFormedGid } from './gid';

export const RATE_LIMITS_DOC = 'https://shopify.dev/api/usage/rate-limits';
export const ACCESS_SCOPES_DOC = 'https://shopify.dev/api/usage/access-scopes';

/** The body Shopify sends with HTTP 401 for a missing or wrong access token. */
export const UNAUTHORIZED_BODY = { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' };

/** A JSON-serialisable GraphQL error. */
export interface ErrorJson {
  message: string;
  locations?: Array<{ line: number; column: number }>;
  path?: Array<string | number>;
  extensions?: Record<string, unknown>;
}

/**
 * ACCESS_DENIED for a field the token lacks a scope for; graphql nulls the field (and its
 * non-null parents) and keeps the rest of the data, as Shopify does.
 */
export function accessDenied(fieldName: string, scopes: readonly string[]): GraphQLError {
  const requiredAccess = `${scopes.map((s) => `\`${s}\` access scope`).join(' or ')}.`;
  return new GraphQLError(`Access denied for ${fieldName} field. Required access: ${requiredAccess}`, {
    extensions: { code: 'ACCESS_DENIED', documentation: ACCESS_SCOPES_DOC, requiredAccess },
  });
}

/** The top-level error a mutation gives for an id it can't load (2026-04: "Invalid id: gid://..."). */
export function invalidId(id: string): GraphQLError {
  return new GraphQLError(`Invalid id: ${id}`, { extensions: { code: 'RESOURCE_NOT_FOUND' } });
}

/** The body of a throttled request (no data). */
export function throttledErrors(): ErrorJson[] {
  return [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: RATE_LIMITS_DOC } }];
}

/** The error for a query whose requested cost exceeds the single-query limit. */
export function maxCostExceededErrors(cost: number, maxCost: number): ErrorJson[] {
  return [
    {
      message:
        `Query cost is ${cost}, which exceeds the single query max cost limit (${maxCost}).\n\n` +
        'See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n' +
        'cost of a query is calculated.\n\n' +
        'To query larger amounts of data with fewer limits, bulk operations should be used instead.\n' +
        'See https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n',
      extensions: { code: 'MAX_COST_EXCEEDED', cost, maxCost, documentation: RATE_LIMITS_DOC },
    },
  ];
}

/** graphql-js validation messages reworded the way Shopify (graphql-ruby) words the common ones. */
export function shopifyValidationError(error: GraphQLError): ErrorJson {
  const json = toJson(error);
  const undefinedField = /^Cannot query field "([^"]+)" on type "([^"]+)"\./.exec(error.message);
  if (undefinedField) {
    return {
      ...json,
      message: `Field '${undefinedField[1]}' doesn't exist on type '${undefinedField[2]}'`,
      extensions: { code: 'undefinedField', typeName: undefinedField[2], fieldName: undefinedField[1] },
    };
  }
  return json;
}

/** A GraphQLError as plain JSON (message, locations, path, extensions). */
export function toJson(error: GraphQLError): ErrorJson {
  const json: ErrorJson = { message: error.message };
  if (error.locations) json.locations = error.locations.map((l) => ({ line: l.line, column: l.column }));
  if (error.path) json.path = [...error.path];
  if (error.extensions && Object.keys(error.extensions).length > 0) json.extensions = { ...error.extensions };
  return json;
}

/** A string literal written for an ID argument that is not a well-formed global id. */
export interface MalformedLiteralId {
  value: string;
  location: { line: number; column: number } | undefined;
  field: string;
  argument: string;
}

/**
 * The malformed ids written as literals anywhere in a document. Depends on the document alone,
 * so the simulator computes it once per query text (a TypeInfo walk costs as much as validation).
 */
export function malformedLiteralIds(schema: GraphQLSchema, document: DocumentNode): MalformedLiteralId[] {
  const found: MalformedLiteralId[] = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      StringValue(node) {
        const inputType = typeInfo.getInputType();
        if (!inputType || getNamedType(inputType).name !== 'ID' || isWellFormedGid(node.value)) return;
        found.push({
          value: node.value,
          location: node.loc ? location(node.loc.startToken) : undefined,
          field: typeInfo.getFieldDef()?.name ?? '',
          argument: typeInfo.getArgument()?.name ?? '',
        });
      },
    }),
  );
  return found;
}

/**
 * Shopify rejects a malformed global id (not `gid://shopify/Type/123`) before running anything:
 * in a variable as INVALID_VARIABLE, in a literal (`literals`, from malformedLiteralIds) as a
 * coercion error. Unknown but well-formed ids pass and read as null.
 */
export function invalidGlobalIdErrors(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  literals: readonly MalformedLiteralId[],
): ErrorJson[] {
  const errors: ErrorJson[] = [];
  for (const definition of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    const name = definition.variable.name.value;
    if (!type || !(name in variables)) continue;
    const bad = findBadIds(type, variables[name], []);
    if (!bad) continue;
    const explanation = `Invalid global id '${bad.value}'`;
    const typeString = String(type);
    errors.push({
      message:
        bad.path.length === 0
          ? `Variable $${name} of type ${typeString} was provided invalid value`
          : `Variable $${name} of type ${typeString} was provided invalid value for ${bad.path.join('.')} (${explanation})`,
      locations: definition.loc ? [location(definition.loc.startToken)] : undefined,
      extensions: { code: 'INVALID_VARIABLE', value: variables[name], problems: [{ path: bad.path, explanation, message: explanation }] },
    });
  }
  if (errors.length > 0) return errors;

  // Literal ids written into the document itself (fresh objects: the list is shared between requests).
  return literals.map((literal) => ({
    message: `Invalid global id '${literal.value}'`,
    locations: literal.location ? [location(literal.location)] : undefined,
    path: [operation.operation, literal.field, literal.argument],
    extensions: { code: 'argumentLiteralsIncompatible', typeName: 'CoercionError' },
  }));
}

function location(token: { line: number; column: number }): { line: number; column: number } {
  return { line: token.line, column: token.column };
}

/** The first malformed ID inside a variable value, with its path. */
function findBadIds(
  type: GraphQLInputType,
  value: unknown,
  path: Array<string | number>,
): { value: string; path: Array<string | number> } | null {
  if (value === null || value === undefined) return null;
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    const items = Array.isArray(value) ? value : [value];
    for (const [i, item] of items.entries()) {
      const bad = findBadIds(inner.ofType, item, [...path, i]);
      if (bad) return bad;
    }
    return null;
  }
  if (isInputObjectType(inner)) {
    if (typeof value !== 'object') return null;
    const fields = inner.getFields();
    for (const [key, fieldValue] of Object.entries(value as Record<string, unknown>)) {
      const field = fields[key];
      if (!field) continue;
      const bad = findBadIds(field.type, fieldValue, [...path, key]);
      if (bad) return bad;
    }
    return null;
  }
  if (inner.name === 'ID' && typeof value === 'string' && !isWellFormedGid(value)) return { value, path };
  return null;
}
