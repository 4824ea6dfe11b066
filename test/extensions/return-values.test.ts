/** Each action's real return value, from a run against the simulator, matches its extension's return type. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildSchema, getNamedType, isListType, isNonNullType, type GraphQLObjectType, type GraphQLOutputType } from 'graphql';
import { parse as parseToml } from 'smol-toml';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../helpers/harness';

const root = resolve(__dirname, '../..');
let h: Harness;
afterEach(async () => h?.close());

function returnType(handle: string): GraphQLObjectType {
  const dir = resolve(root, 'extensions', handle);
  const toml = parseToml(readFileSync(resolve(dir, 'shopify.extension.toml'), 'utf8')) as {
    extensions: { schema: string; return_type_ref: string }[];
  };
  const extension = toml.extensions[0]!;
  const sdl = readFileSync(resolve(dir, extension.schema), 'utf8');
  return buildSchema(`${sdl}\ntype Query { _: Boolean }`).getType(extension.return_type_ref) as GraphQLObjectType;
}

function check(type: GraphQLOutputType, value: unknown, path: string): void {
  if (value === null) {
    expect(isNonNullType(type), `${path} is null but declared non-null`).toBe(false);
    return;
  }
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    expect(Array.isArray(value), `${path} should be a list`).toBe(true);
    (value as unknown[]).forEach((item, i) => check(inner.ofType, item, `${path}[${i}]`));
    return;
  }
  const expected = { String: 'string', ID: 'string', Int: 'number', Float: 'number', Boolean: 'boolean' }[getNamedType(inner).name];
  expect(typeof value, path).toBe(expected);
  if (getNamedType(inner).name === 'Int') expect(Number.isInteger(value), path).toBe(true);
}

const cases = [
  ['add-tracking', { order_id: 1001, tracking_number: '1Z999AA10123456784' }],
  ['add-tracking', { order_id: 1002, tracking_number: 'RA123456785BR', fulfill_if_needed: true }],
  ['fulfill-from-best-location', { order_id: 1002 }],
  ['fulfill-from-best-location', { order_id: 1003 }],
  ['partial-fulfill-ready-items', { order_id: 1004 }],
] as const;

describe('return values match the extensions’ return types', () => {
  it.each(cases)('%s %j', async (handle, properties) => {
    h = await createHarness();
    const res = await h.post(`/flow/actions/${handle}`, h.flowBody(handle, properties));
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const value = res.json.return_value as Record<string, unknown>;
    const type = returnType(handle);
    expect(Object.keys(value).sort()).toEqual(Object.keys(type.getFields()).sort());
    for (const [name, field] of Object.entries(type.getFields())) check(field.type, value[name], name);
  });
});
