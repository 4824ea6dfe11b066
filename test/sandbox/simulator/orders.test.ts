// QueryRoot.orders: finding an order by its name (#1001), which is not its id on a real store.
import { describe, expect, it } from 'vitest';
import { ORDER_BY_NAME } from '../../../src/dry-run/documents';
import { scenario } from './scenario';

type Json = any;

describe('orders(query:)', () => {
  it('finds an order by name with or without #, quoted or not, whatever its id', async () => {
    const { store, east, gql } = scenario();
    store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id });
    const named = store.addOrder({ id: 987654321, name: '#2001', lineItems: [{ sku: 'HAT', quantity: 1 }], locationId: east.id });
    for (const query of ['name:#2001', 'name:2001', 'name:"#2001"', "name:'2001'", 'name:#2001 AND status:open']) {
      const { body } = await gql(ORDER_BY_NAME.query, { query });
      expect(body.errors, query).toBeUndefined();
      expect((body.data as Json).orders.nodes, query).toEqual([{ id: named.id, name: '#2001' }]);
    }
    // #2001's number is not an id: the order with id 2001 does not exist, and name:#1001 is the other order.
    expect(((await gql(ORDER_BY_NAME.query, { query: 'name:#9999' })).body.data as Json).orders.nodes).toEqual([]);
    expect(((await gql(ORDER_BY_NAME.query, { query: 'name:#1001' })).body.data as Json).orders.nodes).toEqual([
      { id: 'gid://shopify/Order/1001', name: '#1001' },
    ]);
  });

  it("lists all the shop's orders without a filter, oldest first unless reversed, and pages them", async () => {
    const { store, east, clock, gql } = scenario();
    for (let i = 0; i < 3; i++) {
      store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id });
      clock.advance(60_000);
    }
    store.addShop({ domain: 'other-shop.myshopify.com', accessToken: 'shpat_other' });
    store.addLocation({ shop: 'other-shop.myshopify.com', name: 'Elsewhere' });
    store.addOrder({ shop: 'other-shop.myshopify.com', lineItems: [{ title: 'Thing', quantity: 1 }] });
    const query =
      'query($after: String, $reverse: Boolean) { orders(first: 2, after: $after, reverse: $reverse) { edges { cursor node { name } } pageInfo { hasNextPage endCursor } } }';
    const first = ((await gql(query)).body.data as Json).orders;
    expect(first.edges.map((e: Json) => e.node.name)).toEqual(['#1001', '#1002']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = ((await gql(query, { after: first.pageInfo.endCursor })).body.data as Json).orders;
    expect(second.edges.map((e: Json) => e.node.name)).toEqual(['#1003']);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const newest = ((await gql(query, { reverse: true })).body.data as Json).orders;
    expect(newest.edges.map((e: Json) => e.node.name)).toEqual(['#1003', '#1002']);
  });

  it('costs like a connection and needs read_orders', async () => {
    const { store, east, gql } = scenario();
    store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id });
    const { body } = await gql(ORDER_BY_NAME.query, { query: 'name:#1001' });
    // 2 for the connection + 1 per requested node (first: 1).
    expect((body.extensions as Json).cost).toMatchObject({ requestedQueryCost: 3, actualQueryCost: 3 });

    const denied = scenario({ scopes: ['read_locations'] });
    const res = await denied.gql(ORDER_BY_NAME.query, { query: 'name:#1001' });
    expect(res.body.errors?.[0]).toMatchObject({ extensions: { code: 'ACCESS_DENIED' } });
  });
});
