// Reads the app's snapshot loader relies on: inventory by location, nodes(ids:), paging, locations, move targets.
import { describe, expect, it } from 'vitest';
import { scenario } from './scenario';

type Json = any;

describe('reads', () => {
  it('gives inventory quantities per location, and loads several objects at once with nodes(ids:)', async () => {
    const { store, east, west, gql } = scenario();
    const order = store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 2 }], locationId: east.id });
    const itemId = store.inventoryItem('SHIRT')!.id;
    const { body } = await gql(
      `query Stock($ids: [ID!]!) {
        nodes(ids: $ids) {
          ... on InventoryItem { id tracked inventoryLevels(first: 10) { nodes { location { id } quantities(names: ["available", "on_hand", "committed"]) { name quantity } } } }
          ... on Location { id name isActive fulfillsOnlineOrders address { countryCode provinceCode latitude longitude } }
        }
      }`,
      { ids: [itemId, west.id, 'gid://shopify/InventoryItem/999999'] },
    );
    expect(body.errors).toBeUndefined();
    const [item, location, missing] = (body.data as Json).nodes;
    expect(item.inventoryLevels.nodes).toEqual([
      {
        location: { id: east.id },
        quantities: [
          { name: 'available', quantity: 8 },
          { name: 'on_hand', quantity: 10 },
          { name: 'committed', quantity: 2 },
        ],
      },
      {
        location: { id: west.id },
        quantities: [
          { name: 'available', quantity: 4 },
          { name: 'on_hand', quantity: 4 },
          { name: 'committed', quantity: 0 },
        ],
      },
    ]);
    expect(location).toMatchObject({ id: west.id, name: 'West', isActive: true, address: { countryCode: 'US', provinceCode: 'CA' } });
    expect(missing).toBeNull();
    expect(order.id).toBe('gid://shopify/Order/1001');
  });

  it('pages connections with cursors', async () => {
    const { store, east, gql } = scenario();
    const order = store.addOrder({
      lineItems: [
        { sku: 'SHIRT', quantity: 1 },
        { sku: 'HAT', quantity: 1 },
        { sku: 'MUG', quantity: 1 },
      ],
      locationId: east.id,
    });
    const query =
      'query($id: ID!, $after: String) { order(id: $id) { lineItems(first: 2, after: $after) { nodes { sku } pageInfo { hasNextPage endCursor } } } }';
    const first = ((await gql(query, { id: order.id })).body.data as Json).order.lineItems;
    expect(first.nodes.map((n: Json) => n.sku)).toEqual(['SHIRT', 'HAT']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = ((await gql(query, { id: order.id, after: first.pageInfo.endCursor })).body.data as Json).order.lineItems;
    expect(second.nodes.map((n: Json) => n.sku)).toEqual(['MUG']);
    expect(second.pageInfo.hasNextPage).toBe(false);

    const noFirst = await gql('query($id: ID!) { order(id: $id) { lineItems { nodes { sku } } } }', { id: order.id });
    expect(noFirst.body.errors![0]!.message).toBe('you must provide one of first or last');
  });

  it('lists active, non-service locations by name unless asked otherwise', async () => {
    const { store, gql } = scenario();
    store.addLocation({ name: 'Closed', isActive: false });
    store.addLocation({ name: '3PL', isFulfillmentService: true });
    const names = async (args: string) =>
      ((await gql(`{ locations(first: 10${args}) { nodes { name } } }`)).body.data as Json).locations.nodes.map((l: Json) => l.name);
    expect(await names('')).toEqual(['East', 'West']);
    expect(await names(', includeInactive: true')).toEqual(['Closed', 'East', 'West']);
    expect(await names(', includeLegacy: true')).toEqual(['3PL', 'East', 'West']);
    expect(await names(', reverse: true')).toEqual(['West', 'East']);
    expect(await names(', query: "name:West"')).toEqual(['West']);
  });

  it('tells which locations a fulfillment order can move to', async () => {
    const { store, east, west, gql } = scenario();
    const mugOnly = store.addLocation({ name: 'Mugs', address: { countryCode: 'US' } });
    store.setInventory('MUG', mugOnly.id, 3);
    const order = store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id });
    const [fo] = store.fulfillmentOrders(order.id);
    const { body } = await gql(
      'query($id: ID!) { fulfillmentOrder(id: $id) { locationsForMove(first: 10) { nodes { location { id } movable message } } } }',
      { id: fo!.id },
    );
    expect((body.data as Json).fulfillmentOrder.locationsForMove.nodes).toEqual([
      { location: { id: east.id }, movable: false, message: 'Current location.' },
      { location: { id: mugOnly.id }, movable: false, message: 'No items are stocked at this location.' },
      { location: { id: west.id }, movable: true, message: null },
    ]);
  });
});
