import { readFileSync } from 'node:fs';
import { NoDeprecatedCustomRule, buildSchema, parse, validate, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AdminDocument } from '../../src/shopify/document';
import { REAL_SCHEMA_PATH, SKIP_SHARED, hasShared } from '../helpers/shared';

// Every module that holds Admin documents is named documents.ts; collect all their exports.
const modules = import.meta.glob<Record<string, unknown>>('../../src/**/documents.ts', { eager: true });
const documents = Object.entries(modules).flatMap(([file, exports]) =>
  Object.entries(exports)
    .filter(([, value]) => isDocument(value))
    .map(([name, value]) => ({ file, name, document: value as AdminDocument<unknown, unknown> })),
);

function isDocument(value: unknown): boolean {
  return !!value && typeof value === 'object' && 'query' in value && 'kind' in value && 'name' in value;
}

describe.skipIf(!hasShared)('Admin GraphQL documents against the real 2026-07 schema', () => {
  let schema: GraphQLSchema;
  beforeAll(() => {
    schema = buildSchema(readFileSync(REAL_SCHEMA_PATH, 'utf8'));
  });

  it('finds the documents the app sends', () => {
    expect(documents.length).toBeGreaterThanOrEqual(3);
  });

  it.each(documents.map((d) => [`${d.document.name} (${d.file.replace('../../', '')})`, d.document] as const))(
    '%s is valid',
    (_label, document) => {
      const ast = parse(document.query);
      const errors = validate(schema, ast).map((e) => e.message);
      expect(errors).toEqual([]);
      const operation = ast.definitions.find((d) => d.kind === 'OperationDefinition');
      expect(operation && 'name' in operation ? operation.name?.value : undefined).toBe(document.name);
    },
  );

  it('uses no deprecated field or mutation (e.g. the …V2 twins)', () => {
    for (const { document } of documents) {
      const deprecated = validate(schema, parse(document.query), [NoDeprecatedCustomRule]).map((e) => `${document.name}: ${e.message}`);
      expect(deprecated).toEqual([]);
    }
  });
});

if (!hasShared) describe('Admin GraphQL documents', () => it.skip(SKIP_SHARED, () => undefined));
