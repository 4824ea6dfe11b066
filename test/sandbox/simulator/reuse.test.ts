// The simulator keeps per-document work (parse, validation, literal ids, fixed requested costs) and
// indexes the store for tick() and per-order lookups: none of it may change what a caller sees.
import { describe, expect, it } from 'vitest';
import { RecordsByOrder } from '../../../src/sandbox/simulator/store';
import { ORDER_SNAPSHOT, scenario, SHOP, TOKEN } from './scenario';

type Json = any;

describe('a document sent again', () => {
  it('gets the same syntax, validation and literal-id errors every time', async () => {
    const { gql } = scenario();
    for (const query of ['{ shop { name }', '{ shop { nope } }', '{ order(id: "#1001") { id } }']) {
      const first = await gql(query);
      const second = await gql(query);
      expect(first.body.errors).toHaveLength(1);
      expect(second).toEqual(first);
    }
  });

  it('checks the ids of each request’s own variables', async () => {
    const { store, east, gql } = scenario();
    const order = store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id });
    const query = 'query Order($id: ID!) { order(id: $id) { id } }';
    const bad = await gql(query, { id: '1001' });
    expect(bad.body.errors![0]).toMatchObject({ extensions: { code: 'INVALID_VARIABLE', value: '1001' } });
    const good = await gql(query, { id: order.id });
    expect(good.body).toMatchObject({ data: { order: { id: order.id } } });
    expect(good.body.errors).toBeUndefined();
  });

  it('names the selected operation in a literal id error', async () => {
    const { sim } = scenario();
    const query = `
      query Read { order(id: "#1001") { id } }
      mutation Write { fulfillmentTrackingInfoUpdate(fulfillmentId: "gid://shopify/Fulfillment/1", trackingInfoInput: { number: "X" }) { userErrors { message } } }`;
    const send = async (operationName: string) => {
      const response = await sim.fetch(
        new Request(`https://${SHOP}/admin/api/2026-07/graphql.json`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-shopify-access-token': TOKEN },
          body: JSON.stringify({ query, operationName }),
        }),
      );
      return ((await response.json()) as Json).errors;
    };
    const literal = {
      message: "Invalid global id '#1001'",
      locations: [{ line: 2, column: 30 }],
      extensions: { code: 'argumentLiteralsIncompatible', typeName: 'CoercionError' },
    };
    expect(await send('Read')).toEqual([{ ...literal, path: ['query', 'order', 'id'] }]);
    expect(await send('Write')).toEqual([{ ...literal, path: ['mutation', 'order', 'id'] }]);
    expect(await send('Read')).toEqual([{ ...literal, path: ['query', 'order', 'id'] }]);
  });

  it('costs `first` given through a variable from each request’s value', async () => {
    const { store, east, gql } = scenario();
    const order = store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id });
    const query =
      'fragment L on Order { lineItems(first: $n) { nodes { id } } } query Lines($id: ID!, $n: Int) { order(id: $id) { ...L } }';
    const costOf = async (n: number) => (await gql(query, { id: order.id, n })).body.extensions!.cost.requestedQueryCost;
    // order 1 + lineItems (2 + n × 1)
    expect(await costOf(5)).toBe(8);
    expect(await costOf(50)).toBe(53);
    expect(await costOf(5)).toBe(8);
    const fixed = 'query Lines($id: ID!) { order(id: $id) { lineItems(first: 10) { nodes { id } } } }';
    for (let i = 0; i < 2; i++) expect((await gql(fixed, { id: order.id })).body.extensions!.cost.requestedQueryCost).toBe(13);
  });
});

describe('tick', () => {
  it('lifts timed holds however they were added, and keeps manual ones', async () => {
    const { store, clock, east, gql } = scenario();
    const start = clock.now();
    const [byHold] = store.fulfillmentOrders(store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id }).id);
    store.hold(byHold!.id, { reason: 'AWAITING_PAYMENT', releaseAt: start + 10_000 });
    store.hold(byHold!.id, { reason: 'OTHER' });
    const [byPatch] = store.fulfillmentOrders(store.addOrder({ lineItems: [{ sku: 'HAT', quantity: 1 }], locationId: east.id }).id);
    store.updateFulfillmentOrder(byPatch!.id, {
      status: 'ON_HOLD',
      holds: [
        {
          id: 'gid://shopify/FulfillmentHold/1',
          handle: null,
          reason: 'OTHER',
          reasonNotes: null,
          heldByRequestingApp: false,
          releaseAt: start + 20_000,
        },
      ],
    });

    clock.advance(10_000);
    await gql('{ shop { name } }');
    expect(store.fulfillmentOrder(byHold!.id)!.holds.map((h) => h.reason)).toEqual(['OTHER']);
    expect(store.fulfillmentOrder(byHold!.id)!.status).toBe('ON_HOLD');
    expect(store.fulfillmentOrder(byPatch!.id)!.status).toBe('ON_HOLD');

    clock.advance(10_000);
    await gql('{ shop { name } }');
    expect(store.fulfillmentOrder(byPatch!.id)).toMatchObject({ status: 'OPEN', holds: [] });
    expect(store.fulfillmentOrder(byHold!.id)!.holds.map((h) => h.reason)).toEqual(['OTHER']);
  });

  it('creates late fulfillment orders in order creation order, timed holds included', async () => {
    const { store, clock, east, gql } = scenario();
    const start = clock.now();
    const first = store.addOrder({
      lineItems: [{ sku: 'SHIRT', quantity: 1 }],
      locationId: east.id,
      fulfillmentOrdersReadyAt: start + 5_000,
    });
    const second = store.addOrder({
      lineItems: [{ sku: 'HAT', quantity: 1 }],
      locationId: east.id,
      fulfillmentOrdersReadyAt: start + 1_000,
      hold: { reason: 'ONLINE_STORE_POST_PURCHASE_CROSS_SELL', releaseAt: start + 8_000 },
    });
    expect(store.fulfillmentOrders(first.id)).toEqual([]);

    clock.advance(6_000);
    await gql('{ shop { name } }');
    const [a] = store.fulfillmentOrders(first.id);
    const [b] = store.fulfillmentOrders(second.id);
    expect(first.pendingFulfillmentOrders).toBeNull();
    expect(Number(a!.id.split('/').pop())).toBeLessThan(Number(b!.id.split('/').pop()));
    expect(b!.status).toBe('ON_HOLD');

    clock.advance(2_000);
    const { body } = await gql(ORDER_SNAPSHOT, { id: second.id });
    expect((body.data as Json).order.fulfillmentOrders.nodes[0]).toMatchObject({ id: b!.id, status: 'OPEN', fulfillmentHolds: [] });
  });
});

describe('records listed by order', () => {
  it('lists an order’s fulfillment orders and fulfillments oldest first, moves and other orders interleaved', () => {
    const { store, east, west } = scenario();
    const a = store.addOrder({
      lineItems: [
        { sku: 'SHIRT', quantity: 2 },
        { sku: 'HAT', quantity: 1 },
      ],
      locationId: east.id,
    });
    const b = store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id });
    const extra = store.addFulfillmentOrder(
      a.id,
      { locationId: west.id, lines: [{ sku: 'HAT', quantity: 1 }] },
      { commitInventory: false },
    );
    store.fulfill(b.id);
    store.fulfill(a.id, { lines: [{ sku: 'SHIRT', quantity: 1 }] });
    store.fulfill(a.id, { fulfillmentOrderId: extra.id });

    for (const order of [a, b]) {
      expect(store.fulfillmentOrders(order.id)).toEqual([...store.fulfillmentOrdersById.values()].filter((fo) => fo.orderId === order.id));
      expect(store.fulfillments(order.id)).toEqual([...store.fulfillmentsById.values()].filter((f) => f.orderId === order.id));
    }
    expect(store.fulfillments(a.id).map((f) => f.name)).toEqual([`${a.name}.1`, `${a.name}.2`]);
    // A copy: changing the returned list changes nothing in the store.
    store.fulfillmentOrders(a.id).pop();
    expect(store.fulfillmentOrders(a.id)).toHaveLength(2);
  });

  it('follows the map when a record is replaced, deleted or cleared', () => {
    const map = new RecordsByOrder<{ id: string; orderId: string; n: number }>();
    map.set('1', { id: '1', orderId: 'A', n: 1 });
    map.set('2', { id: '2', orderId: 'B', n: 2 });
    map.set('3', { id: '3', orderId: 'A', n: 3 });
    expect(map.ofOrder('A').map((r) => r.n)).toEqual([1, 3]);
    map.set('1', { id: '1', orderId: 'B', n: 4 });
    expect(map.ofOrder('A').map((r) => r.n)).toEqual([3]);
    expect(map.ofOrder('B').map((r) => r.n)).toEqual([4, 2]);
    map.delete('2');
    expect(map.ofOrder('B').map((r) => r.n)).toEqual([4]);
    map.clear();
    expect(map.ofOrder('A')).toEqual([]);
    map.set('5', { id: '5', orderId: 'A', n: 5 });
    expect(map.ofOrder('A').map((r) => r.n)).toEqual([5]);
  });
});
