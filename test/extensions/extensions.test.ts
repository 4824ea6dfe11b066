import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildSchema, GraphQLNonNull, GraphQLObjectType, isListType, isNonNullType } from 'graphql';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/actions';
import { ATTENTION_TRIGGER_HANDLE, attentionPayload } from '../../src/flow/attention';

const root = resolve(__dirname, '../..');
const allDirs = readdirSync(resolve(root, 'extensions'));
const typeOf = (dir: string) =>
  (parseToml(readFileSync(resolve(root, 'extensions', dir, 'shopify.extension.toml'), 'utf8')) as unknown as ExtensionToml).extensions[0]!
    .type;
const extensionDirs = allDirs.filter((dir) => typeOf(dir) === 'flow_action');
const triggerDirs = allDirs.filter((dir) => typeOf(dir) === 'flow_trigger');

interface Field {
  type: string;
  key?: string;
  name?: string;
  description?: string;
  required?: boolean;
}
interface ExtensionToml {
  api_version: string;
  extensions: {
    name: string;
    type: string;
    handle: string;
    description?: string;
    runtime_url?: string;
    validation_url?: string;
    schema?: string;
    return_type_ref?: string;
  }[];
  settings: { fields: Field[] };
}

it('every extension is a Flow action or a Flow trigger, in a folder named by its handle', () => {
  expect(allDirs.filter((dir) => !extensionDirs.includes(dir) && !triggerDirs.includes(dir))).toEqual([]);
  for (const dir of allDirs) {
    const toml = parseToml(readFileSync(resolve(root, 'extensions', dir, 'shopify.extension.toml'), 'utf8')) as unknown as ExtensionToml;
    expect(toml.api_version).toBe('2026-07');
    expect(toml.extensions).toHaveLength(1);
    expect(toml.extensions[0]!.handle).toBe(dir);
  }
});

describe.each(extensionDirs)('extension %s', (dir) => {
  const toml = parseToml(readFileSync(resolve(root, 'extensions', dir, 'shopify.extension.toml'), 'utf8')) as unknown as ExtensionToml;
  const extension = toml.extensions[0]!;
  const action = ACTIONS.get(extension.handle);

  it('declares a Flow action served by this app at a relative runtime_url', () => {
    expect(extension.type).toBe('flow_action');
    expect(extension.handle).toMatch(/^[a-z0-9-]{1,30}$/);
    expect(extension.runtime_url).toBe(`/flow/actions/${extension.handle}`);
    expect(extension.validation_url).toBe('/flow/validate');
    expect(action, `no action registered for ${extension.handle}`).toBeDefined();
  });

  it('has one order_reference field and plain fields with key and name that the action accepts', () => {
    const fields = toml.settings.fields;
    const references = fields.filter((f) => f.type.endsWith('_reference'));
    expect(references.map((f) => f.type)).toEqual(['order_reference']);
    for (const reference of references) expect(reference.key).toBeUndefined();
    const shape = (action!.properties as unknown as { shape: Record<string, unknown> }).shape;
    for (const field of fields.filter((f) => !f.type.endsWith('_reference'))) {
      expect(field.key, JSON.stringify(field)).toBeTruthy();
      expect(field.name).toBeTruthy();
      expect(Object.keys(shape)).toContain(field.key);
    }
  });

  it('offers the optional rule and notify_customer fields every action shares', () => {
    const fields = toml.settings.fields;
    expect(fields.find((f) => f.key === 'rule')).toMatchObject({ type: 'single_line_text_field', required: false });
    expect(fields.find((f) => f.key === 'notify_customer')).toMatchObject({ type: 'boolean', required: false });
    expect(fields.find((f) => f.type === 'order_reference')).toMatchObject({ required: true });
  });

  it('declares a return type whose fields match what the action returns', () => {
    const sdl = readFileSync(resolve(root, 'extensions', dir, extension.schema!), 'utf8');
    const type = buildSchema(`${sdl}\ntype Query { _: Boolean }`).getType(extension.return_type_ref!) as GraphQLObjectType;
    expect(type).toBeInstanceOf(GraphQLObjectType);
    const required = Object.values(type.getFields())
      .filter((f) => isNonNullType(f.type))
      .map((f) => f.name);
    expect(required.length).toBeGreaterThan(0);
    // The list-typed fields must be lists in the action's return value (checked in the action tests).
    expect(Object.values(type.getFields()).some((f) => isListType((f.type as GraphQLNonNull<never>).ofType ?? f.type))).toBe(true);
  });
});

describe.each(triggerDirs)('trigger %s', (dir) => {
  const toml = parseToml(readFileSync(resolve(root, 'extensions', dir, 'shopify.extension.toml'), 'utf8')) as unknown as ExtensionToml;
  const extension = toml.extensions[0]!;

  it('declares a Flow trigger with a name, handle and description, and nothing an action has', () => {
    expect(extension.type).toBe('flow_trigger');
    expect(extension.handle).toMatch(/^[a-z0-9-]{1,30}$/);
    expect(extension.name).toBeTruthy();
    expect(extension.description).toBeTruthy();
    for (const key of ['runtime_url', 'validation_url', 'schema', 'return_type_ref'] as const) expect(extension[key]).toBeUndefined();
  });

  it('has one order reference and plain fields whose keys hold only letters and spaces', () => {
    const fields = toml.settings.fields;
    expect(fields.filter((f) => f.type.endsWith('_reference')).map((f) => f.type)).toEqual(['order_reference']);
    for (const field of fields.filter((f) => f.type.endsWith('_reference'))) expect(field.key).toBeUndefined();
    const plain = fields.filter((f) => !f.type.endsWith('_reference'));
    expect(plain.length).toBeGreaterThan(0);
    for (const field of plain) {
      expect(field.key, JSON.stringify(field)).toMatch(/^[A-Za-z][A-Za-z ]*$/);
      expect(field.description).toBeTruthy();
      expect(['single_line_text_field', 'multi_line_text_field', 'number_integer', 'number_decimal', 'boolean', 'email', 'url']).toContain(
        field.type,
      );
    }
  });

  it('is the trigger flowfill fires, with a payload of exactly its fields', () => {
    expect(extension.handle).toBe(ATTENTION_TRIGGER_HANDLE);
    const keys = toml.settings.fields.map((f) => (f.type === 'order_reference' ? 'order_id' : f.key!));
    const payload = attentionPayload({ orderId: 'gid://shopify/Order/1', reason: 'r', action: 'a', actionRunId: 'x' });
    expect(Object.keys(payload).sort()).toEqual([...keys].sort());
  });
});

describe('shopify.app.toml', () => {
  const app = parseToml(readFileSync(resolve(root, 'shopify.app.toml'), 'utf8')) as Record<string, any>;
  it('requests the scopes the fulfillment actions need', () => {
    const scopes = String(app.access_scopes.scopes).split(',');
    for (const scope of [
      'read_orders',
      'write_merchant_managed_fulfillment_orders',
      'write_third_party_fulfillment_orders',
      'read_locations',
      'read_inventory',
    ]) {
      expect(scopes).toContain(scope);
    }
  });
  it('subscribes app/uninstalled and the compliance topics with API 2026-07', () => {
    expect(app.webhooks.api_version).toBe('2026-07');
    const subscriptions = app.webhooks.subscriptions as { topics?: string[]; compliance_topics?: string[] }[];
    expect(subscriptions.flatMap((s) => s.topics ?? [])).toContain('app/uninstalled');
    expect(subscriptions.flatMap((s) => s.compliance_topics ?? []).sort()).toEqual([
      'customers/data_request',
      'customers/redact',
      'shop/redact',
    ]);
  });
});
