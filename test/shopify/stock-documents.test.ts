/**
 * The big-shop stock read (FulfillmentSnapshotStock) is built per location count, so the
 * documents.ts scan cannot see it: its documents are validated here against the real schema, and
 * the chunk sizes stock-read.ts picks are checked against the simulator's cost model (Shopify's
 * documented rules) to stay under the 1,000-point single-query limit.
 */
import { readFileSync } from 'node:fs';
import {
  NoDeprecatedCustomRule,
  buildSchema,
  parse,
  validate,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { stockAtLocations, STOCK_AT_LOCATIONS_MAX } from '../../src/actions/fulfillment/documents';
import { FOLLOW_UP_BUDGET, locationGroupSize } from '../../src/actions/fulfillment/stock-read';
import { MAX_SINGLE_QUERY_COST, requestedCost } from '../../src/sandbox/simulator/cost';
import { REAL_SCHEMA_PATH, SKIP_SHARED, hasShared } from '../helpers/shared';

const COUNTS = [1, 2, 9, 50, 100, STOCK_AT_LOCATIONS_MAX];

describe.skipIf(!hasShared)('FulfillmentSnapshotStock against the real 2026-07 schema', () => {
  let schema: GraphQLSchema;
  beforeAll(() => {
    schema = buildSchema(readFileSync(REAL_SCHEMA_PATH, 'utf8'));
  });

  it.each(COUNTS)('is valid, named and free of deprecated fields for %i location(s)', (count) => {
    const document = stockAtLocations(count);
    expect(document.name).toBe('FulfillmentSnapshotStock');
    const ast = parse(document.query);
    expect(validate(schema, ast).map((e) => e.message)).toEqual([]);
    expect(validate(schema, ast, [NoDeprecatedCustomRule]).map((e) => e.message)).toEqual([]);
  });

  it('is built once per count and refuses counts it cannot build', () => {
    expect(stockAtLocations(3)).toBe(stockAtLocations(3));
    expect(() => stockAtLocations(0)).toThrow();
    expect(() => stockAtLocations(STOCK_AT_LOCATIONS_MAX + 1)).toThrow();
  });

  it.each([
    [1, 1, 1],
    [10, 9, 1],
    [10, 19, 1],
    [20, 50, 1],
    [40, 300, 1],
    [250, 1000, 1],
    [10, 50, 3],
    [50, 1000, 3],
  ])(
    '%i items at %i locations with %i quantities: every read the chunking makes requests at most the budget',
    (items, locations, quantityCount) => {
      const quantities = ['available', 'on_hand', 'committed'].slice(0, quantityCount);
      const perLevel = 1 + quantities.length;
      const size = locationGroupSize(items, locations, perLevel);
      expect(size).toBeGreaterThanOrEqual(1);
      expect(size).toBeLessThanOrEqual(Math.min(locations, STOCK_AT_LOCATIONS_MAX));
      const perRead = Math.max(1, Math.floor(FOLLOW_UP_BUDGET / (1 + size * perLevel)));
      const ast = parse(stockAtLocations(size).query);
      const operation = ast.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
      const fragments: Record<string, FragmentDefinitionNode> = {};
      const variables: Record<string, unknown> = {
        ids: Array.from({ length: Math.min(items, perRead) }, (_, i) => `gid://shopify/InventoryItem/${i + 1}`),
        quantities,
      };
      for (let k = 0; k < size; k++) variables[`l${k}`] = `gid://shopify/Location/${k + 1}`;
      const cost = requestedCost(schema, operation, fragments, variables);
      expect(cost).toBeLessThanOrEqual(FOLLOW_UP_BUDGET);
      expect(cost).toBeLessThanOrEqual(MAX_SINGLE_QUERY_COST);
      // The arithmetic stock-read.ts plans with is the cost model's.
      expect(cost).toBe((variables.ids as string[]).length * (1 + size * perLevel));
    },
  );
});

if (!hasShared) describe('FulfillmentSnapshotStock', () => it.skip(SKIP_SHARED, () => undefined));
