// fulfillmentOrderMove and FulfillmentOrder.locationsForMove, as strict as Shopify's schema
// description, captures (../shared) and docs say (see moveFulfillmentOrder and locationsForMove).
import { describe, expect, it } from 'vitest';
import { MOVE, ORDER_SNAPSHOT, scenario } from './scenario';

type Json = any;

const LOCATIONS_FOR_MOVE = /* GraphQL */ `
  query Moves($id: ID!, $first: Int, $after: String, $lineItemIds: [ID!], $locationIds: [ID!], $query: String) {
    fulfillmentOrder(id: $id) {
      locationsForMove(first: $first, after: $after, lineItemIds: $lineItemIds, locationIds: $locationIds, query: $query) {
        nodes {
          movable
          message
          location {
            id
            name
          }
          availableLineItems(first: 10) {
            nodes {
              id
            }
          }
          unavailableLineItems(first: 10) {
            nodes {
              id
            }
          }
          availableLineItemsCount {
            count
            precision
          }
          unavailableLineItemsCount {
            count
            precision
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

const moveOf = (body: { data?: Json }) => (body.data as Json).fulfillmentOrderMove;

describe('fulfillmentOrderMove into a location that already has an active fulfillment order of the order', () => {
  it('creates a new fulfillment order even for a whole move, closes the original and merges the open one there', async () => {
    const { store, east, west, gql } = scenario();
    const order = store.addOrder({
      lineItems: [
        { sku: 'SHIRT', quantity: 2 },
        { sku: 'HAT', quantity: 1 },
      ],
      fulfillmentOrders: [
        { locationId: east.id, lines: [{ sku: 'SHIRT' }] },
        { locationId: west.id, lines: [{ sku: 'HAT' }] },
      ],
    });
    const [atEast, atWest] = store.fulfillmentOrders(order.id);

    const { body } = await gql(MOVE, { id: atEast!.id, newLocationId: west.id });
    const move = moveOf(body);
    expect(move.userErrors).toEqual([]);
    expect(move.movedFulfillmentOrder.id).not.toBe(atEast!.id);
    expect(move.movedFulfillmentOrder.id).not.toBe(atWest!.id);
    expect(move.movedFulfillmentOrder.assignedLocation.location.id).toBe(west.id);
    // The moved units and the destination's own open units, all under new line item ids.
    const lines = move.movedFulfillmentOrder.lineItems.nodes;
    expect(lines.map((l: Json) => [l.lineItem.sku, l.totalQuantity, l.remainingQuantity])).toEqual([
      ['SHIRT', 2, 2],
      ['HAT', 1, 1],
    ]);
    expect(lines.map((l: Json) => l.id)).not.toContain(atEast!.lineItems[0]!.id);
    expect(lines.map((l: Json) => l.id)).not.toContain(atWest!.lineItems[0]!.id);
    expect(move.originalFulfillmentOrder).toMatchObject({ id: atEast!.id, status: 'CLOSED' });
    expect(move.remainingFulfillmentOrder).toBeNull();
    expect(store.fulfillmentOrder(atWest!.id)!.status).toBe('CLOSED');

    // What the app sees afterwards: one open fulfillment order, at West.
    const snapshot = await gql(ORDER_SNAPSHOT, { id: order.id });
    const visible = (snapshot.body.data as Json).order.fulfillmentOrders.nodes;
    expect(visible.map((fo: Json) => [fo.id, fo.status])).toEqual([[move.movedFulfillmentOrder.id, 'OPEN']]);
    expect(store.inventory('SHIRT', east.id)).toMatchObject({ available: 10, committed: 0 });
    expect(store.inventory('SHIRT', west.id)).toMatchObject({ available: 2, committed: 2 });
  });

  it('leaves an active fulfillment order there alone when it is on hold, but still gives the moved units a new one', async () => {
    const { store, east, west, gql } = scenario();
    const order = store.addOrder({
      lineItems: [
        { sku: 'SHIRT', quantity: 1 },
        { sku: 'HAT', quantity: 1 },
      ],
      fulfillmentOrders: [
        { locationId: east.id, lines: [{ sku: 'SHIRT' }] },
        { locationId: west.id, lines: [{ sku: 'HAT' }], holds: [{ reason: 'INCORRECT_ADDRESS' }] },
      ],
    });
    const [atEast, heldAtWest] = store.fulfillmentOrders(order.id);
    const move = moveOf((await gql(MOVE, { id: atEast!.id, newLocationId: west.id })).body);
    expect(move.userErrors).toEqual([]);
    expect(move.movedFulfillmentOrder.id).not.toBe(atEast!.id);
    expect(move.movedFulfillmentOrder.lineItems.nodes.map((l: Json) => l.lineItem.sku)).toEqual(['SHIRT']);
    expect(move.originalFulfillmentOrder.status).toBe('CLOSED');
    expect(store.fulfillmentOrder(heldAtWest!.id)).toMatchObject({ status: 'ON_HOLD', lineItems: [{ remainingQuantity: 1 }] });
  });
});

describe('fulfillmentOrderMove refuses what Shopify refuses', () => {
  it('refuses the whole move when the destination stocks only some of the items, and changes nothing', async () => {
    const { store, east, gql } = scenario();
    const shirtsOnly = store.addLocation({ name: 'Shirts only' });
    store.setInventory('SHIRT', shirtsOnly.id, 9);
    const order = store.addOrder({
      lineItems: [
        { sku: 'SHIRT', quantity: 1 },
        { sku: 'HAT', quantity: 1 },
      ],
      locationId: east.id,
    });
    const [fo] = store.fulfillmentOrders(order.id);
    const before = structuredClone(fo);

    const whole = moveOf((await gql(MOVE, { id: fo!.id, newLocationId: shirtsOnly.id })).body);
    expect(whole).toEqual({
      movedFulfillmentOrder: null,
      originalFulfillmentOrder: null,
      remainingFulfillmentOrder: null,
      userErrors: [{ field: ['newLocationId'], message: 'Some items are not stocked at this location.', code: null }],
    });
    const named = moveOf(
      (
        await gql(MOVE, {
          id: fo!.id,
          newLocationId: shirtsOnly.id,
          fulfillmentOrderLineItems: fo!.lineItems.map((l) => ({ id: l.id, quantity: 1 })),
        })
      ).body,
    );
    expect(named.userErrors[0].message).toBe('Some items are not stocked at this location.');
    expect(store.fulfillmentOrder(fo!.id)).toEqual(before);
    expect(store.fulfillmentOrders(order.id)).toHaveLength(1);

    // Moving just the stocked line is fine: a new fulfillment order for it.
    const shirt = moveOf(
      (
        await gql(MOVE, {
          id: fo!.id,
          newLocationId: shirtsOnly.id,
          fulfillmentOrderLineItems: [{ id: fo!.lineItems[0]!.id, quantity: 1 }],
        })
      ).body,
    );
    expect(shirt.userErrors).toEqual([]);
    expect(shirt.movedFulfillmentOrder.lineItems.nodes.map((l: Json) => l.lineItem.sku)).toEqual(['SHIRT']);
    expect(shirt.remainingFulfillmentOrder.lineItems.nodes.map((l: Json) => l.lineItem.sku)).toEqual(['HAT']);
  });

  it('refuses a destination stocking none of the items', async () => {
    const { store, east, gql } = scenario();
    const empty = store.addLocation({ name: 'Empty' });
    const order = store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id });
    const [fo] = store.fulfillmentOrders(order.id);
    expect(moveOf((await gql(MOVE, { id: fo!.id, newLocationId: empty.id })).body).userErrors).toEqual([
      { field: ['newLocationId'], message: 'No items are stocked at this location.', code: null },
    ]);
  });

  it('refuses while a request is with a fulfillment service, allows it once the request is over', async () => {
    const { store, east, gql } = scenario();
    const service = store.addLocation({ name: '3PL', isFulfillmentService: true });
    store.setInventory('SHIRT', service.id, 5);
    const order = store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: service.id });
    const [fo] = store.fulfillmentOrders(order.id);
    const refused = 'Cannot move submitted fulfillment order that is at a 3PL fulfillment service.';
    for (const requestStatus of ['SUBMITTED', 'ACCEPTED', 'CANCELLATION_REQUESTED', 'CANCELLATION_REJECTED'] as const) {
      store.updateFulfillmentOrder(fo!.id, { requestStatus, status: requestStatus === 'SUBMITTED' ? 'OPEN' : 'IN_PROGRESS' });
      expect(moveOf((await gql(MOVE, { id: fo!.id, newLocationId: east.id })).body).userErrors, requestStatus).toEqual([
        { field: null, message: refused, code: null },
      ]);
    }
    store.updateFulfillmentOrder(fo!.id, { requestStatus: 'REJECTED', status: 'OPEN' });
    const moved = moveOf((await gql(MOVE, { id: fo!.id, newLocationId: east.id })).body);
    expect(moved.userErrors).toEqual([]);
    expect(store.fulfillmentOrder(fo!.id)).toMatchObject({ assignedLocationId: east.id, requestStatus: 'UNSUBMITTED', status: 'OPEN' });
  });

  it('refuses scheduled fulfillment orders, inactive locations, the current location and an empty list of line items', async () => {
    const { store, clock, east, west, gql } = scenario();
    const closedDown = store.addLocation({ name: 'Closed down', isActive: false });
    store.setInventory('SHIRT', closedDown.id, 5);
    const order = store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id });
    const [fo] = store.fulfillmentOrders(order.id);
    const errors = async (variables: Record<string, unknown>) => moveOf((await gql(MOVE, { id: fo!.id, ...variables })).body).userErrors;
    expect(await errors({ newLocationId: closedDown.id })).toEqual([
      { field: ['newLocationId'], message: 'Cannot move a fulfillment order to an inactive location.', code: null },
    ]);
    expect(await errors({ newLocationId: east.id })).toEqual([
      { field: ['newLocationId'], message: 'Fulfillment order is already assigned to this location.', code: null },
    ]);
    expect(await errors({ newLocationId: west.id, fulfillmentOrderLineItems: [] })).toEqual([
      { field: ['fulfillmentOrderLineItems'], message: 'There must be at least one line item to move.', code: null },
    ]);

    const later = store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id, fulfillAt: clock.now() + 86_400_000 });
    const [scheduled] = store.fulfillmentOrders(later.id);
    expect(moveOf((await gql(MOVE, { id: scheduled!.id, newLocationId: west.id })).body).userErrors).toEqual([
      { field: null, message: 'Cannot change location.', code: null },
    ]);
  });
});

describe('fulfillmentOrderMove of special fulfillment orders', () => {
  it('moves an INCOMPLETE one (its fulfillment service closed it) and reopens it at the new location', async () => {
    const { store, east, gql } = scenario();
    const service = store.addLocation({ name: 'Own service', ownFulfillmentService: true });
    store.setInventory('SHIRT', service.id, 5);
    const order = store.addOrder({
      lineItems: [{ sku: 'SHIRT', quantity: 1 }],
      fulfillmentOrders: [{ locationId: service.id, status: 'INCOMPLETE', requestStatus: 'CLOSED' }],
    });
    const [fo] = store.fulfillmentOrders(order.id);
    store.setScopes(store.defaultShop().domain, [...store.defaultShop().scopes, 'write_assigned_fulfillment_orders']);
    const move = moveOf((await gql(MOVE, { id: fo!.id, newLocationId: east.id })).body);
    expect(move.userErrors).toEqual([]);
    expect(move.movedFulfillmentOrder).toMatchObject({ id: fo!.id, status: 'OPEN', assignedLocation: { location: { id: east.id } } });
    expect(store.fulfillmentOrder(fo!.id)!.requestStatus).toBe('UNSUBMITTED');
  });

  it('keeps the holds of a held fulfillment order moved in part', async () => {
    const { store, east, west, gql } = scenario();
    const order = store.addOrder({
      lineItems: [{ sku: 'SHIRT', quantity: 3 }],
      locationId: east.id,
      hold: { reason: 'HIGH_RISK_OF_FRAUD' },
    });
    const [fo] = store.fulfillmentOrders(order.id);
    const move = moveOf(
      (await gql(MOVE, { id: fo!.id, newLocationId: west.id, fulfillmentOrderLineItems: [{ id: fo!.lineItems[0]!.id, quantity: 1 }] }))
        .body,
    );
    expect(move.userErrors).toEqual([]);
    expect(move.movedFulfillmentOrder.status).toBe('ON_HOLD');
    const moved = store.fulfillmentOrder(move.movedFulfillmentOrder.id)!;
    expect(moved.holds.map((h) => h.reason)).toEqual(['HIGH_RISK_OF_FRAUD']);
    expect(moved.holds[0]!.id).not.toBe(fo!.holds[0]!.id);
    expect(store.fulfillmentOrder(fo!.id)).toMatchObject({ status: 'ON_HOLD', lineItems: [{ totalQuantity: 2, remainingQuantity: 2 }] });
  });

  it('moves what is left of a partly fulfilled fulfillment order into a new one and closes the original', async () => {
    const { store, east, west, gql } = scenario();
    const order = store.addOrder({
      lineItems: [
        { sku: 'SHIRT', quantity: 2 },
        { sku: 'HAT', quantity: 1 },
      ],
      locationId: east.id,
    });
    const [fo] = store.fulfillmentOrders(order.id);
    store.fulfill(order.id, { lines: [{ sku: 'SHIRT' }] });
    const move = moveOf((await gql(MOVE, { id: fo!.id, newLocationId: west.id })).body);
    expect(move.userErrors).toEqual([]);
    expect(move.movedFulfillmentOrder.id).not.toBe(fo!.id);
    expect(move.movedFulfillmentOrder.lineItems.nodes.map((l: Json) => [l.lineItem.sku, l.remainingQuantity])).toEqual([['HAT', 1]]);
    expect(move.originalFulfillmentOrder).toMatchObject({ id: fo!.id, status: 'CLOSED' });
    expect(move.remainingFulfillmentOrder).toBeNull();
    // Closed after being fulfilled: still displayable.
    const snapshot = await gql(ORDER_SNAPSHOT, { id: order.id });
    expect((snapshot.body.data as Json).order.fulfillmentOrders.nodes.map((n: Json) => n.status)).toEqual(['CLOSED', 'OPEN']);
  });
});

describe('locationsForMove', () => {
  it('lists active locations by name, fulfillment services and the current one included, inactive ones left out', async () => {
    const { store, east, west, gql } = scenario();
    const service = store.addLocation({ name: 'Acme 3PL', isFulfillmentService: true });
    store.setInventory('SHIRT', service.id, 5);
    store.addLocation({ name: 'Boarded up', isActive: false });
    const order = store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id });
    const [fo] = store.fulfillmentOrders(order.id);
    const nodes = ((await gql(LOCATIONS_FOR_MOVE, { id: fo!.id, first: 10 })).body.data as Json).fulfillmentOrder.locationsForMove.nodes;
    const lineId = fo!.lineItems[0]!.id;
    expect(nodes).toEqual([
      {
        movable: true,
        message: null,
        location: { id: service.id, name: 'Acme 3PL' },
        availableLineItems: { nodes: [{ id: lineId }] },
        unavailableLineItems: { nodes: [] },
        availableLineItemsCount: { count: 1, precision: 'EXACT' },
        unavailableLineItemsCount: { count: 0, precision: 'EXACT' },
      },
      {
        movable: false,
        message: 'Current location.',
        location: { id: east.id, name: 'East' },
        availableLineItems: { nodes: [] },
        unavailableLineItems: { nodes: [{ id: lineId }] },
        availableLineItemsCount: { count: 0, precision: 'EXACT' },
        unavailableLineItemsCount: { count: 1, precision: 'EXACT' },
      },
      expect.objectContaining({ movable: true, message: null, location: { id: west.id, name: 'West' } }),
    ]);
  });

  it('is not movable anywhere, with a message, when the fulfillment order cannot move at all', async () => {
    const { store, east, gql } = scenario();
    const read = async (foId: string) =>
      ((await gql(LOCATIONS_FOR_MOVE, { id: foId, first: 10 })).body.data as Json).fulfillmentOrder.locationsForMove.nodes.filter(
        (n: Json) => n.location.id !== east.id,
      );

    const progressed = store.fulfillmentOrders(store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id }).id)[0]!;
    store.reportProgress(progressed.id);
    const progressedNodes = await read(progressed.id);
    expect(progressedNodes.map((n: Json) => n.movable)).toEqual([false]);
    expect(progressedNodes[0].message).toMatch(/^Cannot move a fulfillment order that has had progress reported/);
    expect(progressedNodes[0].unavailableLineItemsCount.count).toBe(1);

    const done = store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id });
    const [doneFo] = store.fulfillmentOrders(done.id);
    store.fulfill(done.id);
    expect((await read(doneFo!.id)).map((n: Json) => [n.movable, n.message])).toEqual([[false, 'Cannot change location.']]);

    const service = store.addLocation({ name: 'Zed 3PL', isFulfillmentService: true });
    store.setInventory('SHIRT', service.id, 5);
    const submitted = store.fulfillmentOrders(
      store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: service.id }).id,
    )[0]!;
    store.updateFulfillmentOrder(submitted.id, { requestStatus: 'SUBMITTED' });
    const submittedNodes = (await read(submitted.id)).filter((n: Json) => n.location.id !== service.id);
    expect(submittedNodes.map((n: Json) => [n.movable, n.message])).toEqual(
      submittedNodes.map(() => [false, 'Cannot move submitted fulfillment order that is at a 3PL fulfillment service.']),
    );
    expect(submittedNodes.length).toBeGreaterThan(0);
  });

  it('is not movable where only some items are stocked, listing which', async () => {
    const { store, east, gql } = scenario();
    const order = store.addOrder({
      lineItems: [
        { sku: 'SHIRT', quantity: 1 },
        { sku: 'MUG', quantity: 1 },
      ],
      locationId: east.id,
      commitInventory: false,
    });
    const [fo] = store.fulfillmentOrders(order.id);
    const [shirt, mug] = fo!.lineItems;
    const at = async (variables: Record<string, unknown>) =>
      ((await gql(LOCATIONS_FOR_MOVE, { id: fo!.id, first: 10, ...variables })).body.data as Json).fulfillmentOrder.locationsForMove.nodes;
    // East stocks no mugs, but it is the current location; West stocks both.
    const westOnly = await at({ query: 'name:West' });
    expect(westOnly.map((n: Json) => [n.location.name, n.movable, n.message])).toEqual([['West', true, null]]);
    const shirtsOnly = store.addLocation({ name: 'Shirts only' });
    store.setInventory('SHIRT', shirtsOnly.id, 2);
    const [partial] = await at({ locationIds: [shirtsOnly.id] });
    expect(partial).toMatchObject({
      movable: false,
      message: 'Some items are not stocked at this location.',
      availableLineItems: { nodes: [{ id: shirt!.id }] },
      unavailableLineItems: { nodes: [{ id: mug!.id }] },
    });
    // Only the shirt line: movable there.
    const [shirtLine] = await at({ locationIds: [shirtsOnly.id], lineItemIds: [shirt!.id] });
    expect(shirtLine).toMatchObject({
      movable: true,
      message: null,
      availableLineItemsCount: { count: 1 },
      unavailableLineItemsCount: { count: 0 },
    });
  });

  it('pages with first/after', async () => {
    const { store, east, gql } = scenario();
    for (const name of ['North', 'South', 'Central']) store.setInventory('SHIRT', store.addLocation({ name }).id, 1);
    const order = store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id });
    const [fo] = store.fulfillmentOrders(order.id);
    const page = async (after?: string) =>
      ((await gql(LOCATIONS_FOR_MOVE, { id: fo!.id, first: 2, after })).body.data as Json).fulfillmentOrder.locationsForMove;
    const names: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 5; i++) {
      const current = await page(after);
      names.push(...current.nodes.map((n: Json) => n.location.name));
      if (!current.pageInfo.hasNextPage) break;
      after = current.pageInfo.endCursor;
    }
    expect(names).toEqual(['Central', 'East', 'North', 'South', 'West']);
  });

  it('says movable exactly when fulfillmentOrderMove of the remaining lines succeeds', async () => {
    // Every kind of fulfillment order against every kind of location, each on a fresh shop.
    const kinds = [
      'open',
      'two lines',
      'held',
      'progress',
      'partly fulfilled',
      'scheduled',
      'closed',
      'submitted at 3PL',
      'pickup',
      'sibling there',
    ] as const;
    const build = (kind: (typeof kinds)[number]) => {
      const s = scenario();
      const { store, clock, east, west } = s;
      const shirtsOnly = store.addLocation({ name: 'Shirts only' });
      store.setInventory('SHIRT', shirtsOnly.id, 3);
      const service = store.addLocation({ name: 'Some 3PL', isFulfillmentService: true });
      store.setInventory('SHIRT', service.id, 3);
      store.setInventory('HAT', service.id, 3);
      const inactive = store.addLocation({ name: 'Inactive', isActive: false });
      store.setInventory('SHIRT', inactive.id, 3);
      const lines =
        kind === 'two lines' || kind === 'sibling there'
          ? [
              { sku: 'SHIRT', quantity: 1 },
              { sku: 'HAT', quantity: 1 },
            ]
          : [{ sku: 'SHIRT', quantity: 2 }];
      const order = store.addOrder({
        lineItems: lines,
        fulfillmentOrders:
          kind === 'sibling there'
            ? [
                { locationId: east.id, lines: [{ sku: 'SHIRT' }] },
                { locationId: west.id, lines: [{ sku: 'HAT' }] },
              ]
            : [
                {
                  locationId: kind === 'submitted at 3PL' ? service.id : east.id,
                  holds: kind === 'held' ? [{ reason: 'OTHER' }] : [],
                  fulfillAt: kind === 'scheduled' ? clock.now() + 86_400_000 : undefined,
                  deliveryMethod: kind === 'pickup' ? 'PICK_UP' : undefined,
                },
              ],
      });
      const fo = store.fulfillmentOrders(order.id)[0]!;
      if (kind === 'progress') store.reportProgress(fo.id);
      if (kind === 'partly fulfilled') store.fulfill(order.id, { lines: [{ sku: 'SHIRT', quantity: 1 }] });
      if (kind === 'closed') store.fulfill(order.id);
      if (kind === 'submitted at 3PL') store.updateFulfillmentOrder(fo.id, { requestStatus: 'SUBMITTED' });
      return { ...s, fo, targets: [east, west, shirtsOnly, service, inactive] };
    };
    let checked = 0;
    for (const kind of kinds) {
      for (let t = 0; t < 5; t++) {
        const { gql, fo, targets } = build(kind);
        const target = targets[t]!;
        const listed = (
          (await gql(LOCATIONS_FOR_MOVE, { id: fo.id, first: 10 })).body.data as Json
        ).fulfillmentOrder.locationsForMove.nodes.find((n: Json) => n.location.id === target.id);
        const move = moveOf((await gql(MOVE, { id: fo.id, newLocationId: target.id })).body);
        const succeeded = move.userErrors.length === 0;
        expect(listed?.movable ?? false, `${kind} → ${target.name}: ${JSON.stringify(listed)} / ${JSON.stringify(move.userErrors)}`).toBe(
          succeeded,
        );
        if (listed && !listed.movable) expect(listed.message, `${kind} → ${target.name}`).toEqual(expect.any(String));
        checked++;
      }
    }
    expect(checked).toBe(50);
  });
});
