// Ids and scopes: what Shopify answers for unknown ids, malformed ids and missing access scopes.
import { describe, expect, it } from 'vitest';
import { APP_SCOPES } from '../../../src/sandbox/simulator/index';
import { ORDER_SNAPSHOT, scenario, SHOP } from './scenario';

type Json = any;

describe('ids', () => {
  it('reads unknown but well-formed ids as null without errors', async () => {
    const { gql } = scenario();
    const { body } = await gql(
      `query Missing($o: ID!, $fo: ID!, $f: ID!, $l: ID!) { order(id: $o) { id } fulfillmentOrder(id: $fo) { id } fulfillment(id: $f) { id } location(id: $l) { id } }`,
      {
        o: 'gid://shopify/Order/999999999999',
        fo: 'gid://shopify/FulfillmentOrder/999999999999',
        f: 'gid://shopify/Fulfillment/999999999999',
        l: 'gid://shopify/Location/999999999999',
      },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ order: null, fulfillmentOrder: null, fulfillment: null, location: null });
  });

  it('never shows another shop’s objects', async () => {
    const { store, east, sim } = scenario();
    const order = store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id });
    store.addShop({ domain: 'other.myshopify.com', accessToken: 'other-token' });
    const { body } = await sim.request('other.myshopify.com', 'query($id: ID!) { order(id: $id) { id } }', { id: order.id });
    expect(body.data).toEqual({ order: null });
  });

  it('rejects a malformed id in a variable before running anything', async () => {
    const { gql } = scenario();
    const { status, body } = await gql('query Order($id: ID!) { order(id: $id) { id } }', { id: '1001' });
    expect(status).toBe(200);
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([
      {
        message: 'Variable $id of type ID! was provided invalid value',
        locations: [{ line: 1, column: 13 }],
        extensions: {
          code: 'INVALID_VARIABLE',
          value: '1001',
          problems: [{ path: [], explanation: "Invalid global id '1001'", message: "Invalid global id '1001'" }],
        },
      },
    ]);
  });

  it('names the path of a malformed id inside an input object', async () => {
    const { gql } = scenario();
    const { body } = await gql('mutation($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) { userErrors { message } } }', {
      f: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: 'FulfillmentOrder/12' }] },
    });
    expect(body.errors![0]).toMatchObject({
      message:
        "Variable $f of type FulfillmentInput! was provided invalid value for lineItemsByFulfillmentOrder.0.fulfillmentOrderId (Invalid global id 'FulfillmentOrder/12')",
      extensions: { code: 'INVALID_VARIABLE', problems: [{ path: ['lineItemsByFulfillmentOrder', 0, 'fulfillmentOrderId'] }] },
    });
  });

  it('rejects a malformed literal id as a coercion error', async () => {
    const { gql } = scenario();
    const { body } = await gql('{ order(id: "#1001") { id } }');
    expect(body.errors).toEqual([
      {
        message: "Invalid global id '#1001'",
        locations: [{ line: 1, column: 13 }],
        path: ['query', 'order', 'id'],
        extensions: { code: 'argumentLiteralsIncompatible', typeName: 'CoercionError' },
      },
    ]);
  });
});

describe('access scopes', () => {
  it('denies a field without its scope, nulls it and keeps the rest of the data', async () => {
    const { store, east, gql } = scenario({ scopes: APP_SCOPES.filter((s) => s !== 'read_customers' && s !== 'read_products') });
    const order = store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id, customer: { tags: ['vip'] } });
    const { body } = await gql(
      'query($id: ID!) { order(id: $id) { name customer { tags } lineItems(first: 5) { nodes { sku product { tags } } } } }',
      { id: order.id },
    );
    expect(body.data).toEqual({ order: { name: order.name, customer: null, lineItems: { nodes: [{ sku: 'SHIRT', product: null }] } } });
    expect(body.errors).toEqual([
      {
        message: 'Access denied for customer field. Required access: `read_customers` access scope.',
        locations: [{ line: 1, column: 41 }],
        path: ['order', 'customer'],
        extensions: {
          code: 'ACCESS_DENIED',
          documentation: 'https://shopify.dev/api/usage/access-scopes',
          requiredAccess: '`read_customers` access scope.',
        },
      },
      expect.objectContaining({
        path: ['order', 'lineItems', 'nodes', 0, 'product'],
        extensions: expect.objectContaining({ code: 'ACCESS_DENIED' }),
      }),
    ]);
  });

  it('denies fulfillment orders without any fulfillment order scope, nulling the order as Shopify does', async () => {
    const { store, east, gql } = scenario({ scopes: ['read_orders', 'read_locations', 'read_inventory'] });
    const order = store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id });
    const { body } = await gql('query($id: ID!) { order(id: $id) { fulfillmentOrders(first: 5) { nodes { id } } } }', { id: order.id });
    // fulfillmentOrders is non-null, so the denial nulls its parent.
    expect(body.data).toEqual({ order: null });
    expect(body.errors![0]).toMatchObject({
      message: expect.stringMatching(
        /^Access denied for fulfillmentOrders field\. Required access: `read_merchant_managed_fulfillment_orders` access scope/,
      ),
      path: ['order', 'fulfillmentOrders'],
      extensions: { code: 'ACCESS_DENIED' },
    });
  });

  it('hides fulfillment orders of the scope family the app lacks', async () => {
    const { store, east, gql } = scenario({ scopes: APP_SCOPES.filter((s) => !s.includes('third_party')) });
    const service = store.addLocation({ name: '3PL', isFulfillmentService: true });
    const order = store.addOrder({
      lineItems: [
        { sku: 'SHIRT', quantity: 1 },
        { sku: 'HAT', quantity: 1 },
      ],
      fulfillmentOrders: [
        { locationId: east.id, lines: [{ sku: 'SHIRT' }] },
        { locationId: service.id, lines: [{ sku: 'HAT' }] },
      ],
    });
    const { body } = await gql(ORDER_SNAPSHOT, { id: order.id });
    expect(body.errors).toBeUndefined();
    expect((body.data as Json).order.fulfillmentOrders.nodes.map((fo: Json) => fo.assignedLocation.location.id)).toEqual([east.id]);
  });

  it('denies mutations without a write scope', async () => {
    const { store, east, sim } = scenario({ scopes: ['read_orders', 'read_merchant_managed_fulfillment_orders'] });
    const order = store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id });
    const [fo] = store.fulfillmentOrders(order.id);
    const { body } = await sim.request(
      SHOP,
      'mutation($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) { fulfillment { id } userErrors { message } } }',
      {
        f: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo!.id }] },
      },
    );
    expect(body.data).toEqual({ fulfillmentCreate: null });
    expect(body.errors![0]).toMatchObject({
      extensions: { code: 'ACCESS_DENIED' },
      message: expect.stringContaining('write_merchant_managed_fulfillment_orders'),
    });
    expect(store.fulfillments(order.id)).toEqual([]);
  });
});
