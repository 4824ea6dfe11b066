// The simulator's schema must be a faithful subset of Shopify's: a document the app validates
// against the simulator must validate against the real Admin API 2026-07 too.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { SIMULATOR_SDL } from '../../../src/sandbox/simulator/schema';

const REAL_SCHEMA = path.resolve(__dirname, '../../../../shared/shopify/admin-2026-07.graphql');
const haveShared = existsSync(REAL_SCHEMA);

/** Every difference between the subset and the real schema, as readable lines. */
function differences(subset: GraphQLSchema, real: GraphQLSchema): string[] {
  const out: string[] = [];
  const named = (t: GraphQLNamedType) => t.name.startsWith('__');
  for (const type of Object.values(subset.getTypeMap())) {
    if (named(type)) continue;
    const other = real.getType(type.name);
    if (!other) {
      out.push(`type ${type.name} does not exist`);
      continue;
    }
    if (type.constructor !== other.constructor) {
      out.push(`type ${type.name} is a different kind`);
      continue;
    }
    if (isObjectType(type) || isInterfaceType(type)) {
      const realFields = (other as typeof type).getFields();
      for (const field of Object.values(type.getFields())) {
        const realField = realFields[field.name];
        if (!realField) {
          out.push(`${type.name}.${field.name} does not exist`);
          continue;
        }
        if (String(field.type) !== String(realField.type)) {
          out.push(`${type.name}.${field.name}: ${String(field.type)} != ${String(realField.type)}`);
        }
        for (const arg of field.args) {
          const realArg = realField.args.find((a) => a.name === arg.name);
          if (!realArg) out.push(`${type.name}.${field.name}(${arg.name}) does not exist`);
          else if (String(arg.type) !== String(realArg.type)) {
            out.push(`${type.name}.${field.name}(${arg.name}): ${String(arg.type)} != ${String(realArg.type)}`);
          }
        }
        // A required argument of the real field that the subset forgot would make documents
        // valid here and invalid on Shopify.
        for (const realArg of realField.args) {
          if (
            String(realArg.type).endsWith('!') &&
            realArg.defaultValue === undefined &&
            !field.args.some((a) => a.name === realArg.name)
          ) {
            out.push(`${type.name}.${field.name} lacks required argument ${realArg.name}`);
          }
        }
      }
      if (isObjectType(type)) {
        const realInterfaces = (other as typeof type).getInterfaces().map((i) => i.name);
        for (const i of type.getInterfaces()) {
          if (!realInterfaces.includes(i.name)) out.push(`${type.name} does not implement ${i.name}`);
        }
      }
    } else if (isInputObjectType(type)) {
      const realFields = (other as typeof type).getFields();
      for (const field of Object.values(type.getFields())) {
        const realField = realFields[field.name];
        if (!realField) out.push(`input ${type.name}.${field.name} does not exist`);
        else if (String(field.type) !== String(realField.type)) {
          out.push(`input ${type.name}.${field.name}: ${String(field.type)} != ${String(realField.type)}`);
        }
      }
      for (const realField of Object.values(realFields)) {
        if (String(realField.type).endsWith('!') && realField.defaultValue === undefined && !type.getFields()[realField.name]) {
          out.push(`input ${type.name} lacks required field ${realField.name}`);
        }
      }
    } else if (isEnumType(type)) {
      const realValues = new Set((other as typeof type).getValues().map((v) => v.name));
      for (const value of type.getValues()) {
        if (!realValues.has(value.name)) out.push(`enum ${type.name}.${value.name} does not exist`);
      }
    } else if (isUnionType(type)) {
      const realMembers = new Set((other as typeof type).getTypes().map((t) => t.name));
      for (const member of type.getTypes()) {
        if (!realMembers.has(member.name)) out.push(`union ${type.name} has no member ${member.name}`);
      }
    } else if (!isScalarType(type)) {
      out.push(`type ${(type as GraphQLNamedType).name}: unexpected kind`);
    }
  }
  return out;
}

describe.skipIf(!haveShared)('simulator schema subset', () => {
  it('matches the real Admin API 2026-07 schema name for name and type for type', () => {
    const subset = buildSchema(SIMULATOR_SDL);
    const real = buildSchema(readFileSync(REAL_SCHEMA, 'utf8'), { assumeValidSDL: true });
    expect(subset.getQueryType()?.name).toBe(real.getQueryType()?.name);
    expect(subset.getMutationType()?.name).toBe(real.getMutationType()?.name);
    expect(differences(subset, real)).toEqual([]);
  }, 60_000);
});

describe.skipIf(haveShared)('simulator schema subset (skipped)', () => {
  it.skip(`needs ${REAL_SCHEMA}, which is absent: the subset was not checked against the real schema`, () => {});
});

describe('simulator schema', () => {
  it('builds', () => {
    expect(() => buildSchema(SIMULATOR_SDL)).not.toThrow();
  });
});
