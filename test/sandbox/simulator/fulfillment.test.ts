// Fulfillment behaviour of the simulated Admin API, as real stores showed it (../shared captures).
import { describe, expect, it } from 'vitest';
import { FULFILLMENT_CREATE, MOVE, ORDER_SNAPSHOT, scenario, TRACKING_UPDATE } from './scenario';

type Json = any;

describe('fulfillmentCreate', () => {
  it('fulfils everything remaining when no line items are given, closes the fulfillment order and ships from stock', async () => {
    const { store, east, gql } = scenario();
    const order = store.addOrder({
      lineItems: [
        { sku: 'SHIRT', quantity: 2 },
        { sku: 'HAT', quantity: 1 },
      ],
      locationId: east.id,
    });
    expect(store.inventory('SHIRT', east.id)).toMatchObject({ available: 8, committed: 2, on_hand: 10 });
    const [fo] = store.fulfillmentOrders(order.id);

    const { status, body } = await gql(FULFILLMENT_CREATE, {
      fulfillment: {
        lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo!.id }],
        trackingInfo: { number: '1Z999AA10123456784', company: 'UPS' },
      },
    });

    expect(status).toBe(200);
    const created = (body.data as Json).fulfillmentCreate;
    expect(created.userErrors).toEqual([]);
    expect(created.fulfillment).toMatchObject({ name: `${order.name}.1`, status: 'SUCCESS', location: { id: east.id } });
    expect(created.fulfillment.trackingInfo).toEqual([
      { company: 'UPS', number: '1Z999AA10123456784', url: expect.stringContaining('1Z999AA10123456784') },
    ]);
    expect(created.fulfillment.fulfillmentLineItems.nodes).toEqual([
      { quantity: 2, lineItem: { sku: 'SHIRT' } },
      { quantity: 1, lineItem: { sku: 'HAT' } },
    ]);
    expect(store.fulfillmentOrder(fo!.id)!.status).toBe('CLOSED');
    expect(store.fulfillments(order.id)).toHaveLength(1);
    // Shipping takes units out of on_hand and committed; available does not move.
    expect(store.inventory('SHIRT', east.id)).toMatchObject({ available: 8, committed: 0, on_hand: 8 });
    expect(store.inventory('HAT', east.id)).toMatchObject({ available: 2, committed: 0, on_hand: 2 });

    const snapshot = await gql(ORDER_SNAPSHOT, { id: order.id });
    expect((snapshot.body.data as Json).order.displayFulfillmentStatus).toBe('FULFILLED');
  });

  it('leaves a partly fulfilled fulfillment order IN_PROGRESS with the rest remaining', async () => {
    const { store, east, gql } = scenario();
    const order = store.addOrder({
      lineItems: [
        { sku: 'SHIRT', quantity: 3 },
        { sku: 'HAT', quantity: 1 },
      ],
      locationId: east.id,
    });
    const [fo] = store.fulfillmentOrders(order.id);
    const shirtLine = fo!.lineItems[0]!;

    const { body } = await gql(FULFILLMENT_CREATE, {
      fulfillment: {
        lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo!.id, fulfillmentOrderLineItems: [{ id: shirtLine.id, quantity: 2 }] }],
      },
    });

    expect((body.data as Json).fulfillmentCreate.userErrors).toEqual([]);
    const after = store.fulfillmentOrder(fo!.id)!;
    expect(after.status).toBe('IN_PROGRESS');
    expect(after.lineItems.map((l) => l.remainingQuantity)).toEqual([1, 1]);
    const snapshot = await gql(ORDER_SNAPSHOT, { id: order.id });
    const order_ = (snapshot.body.data as Json).order;
    expect(order_.displayFulfillmentStatus).toBe('PARTIALLY_FULFILLED');
    expect(order_.fulfillmentOrders.nodes[0].supportedActions.map((a: Json) => a.action)).toContain('CREATE_FULFILLMENT');
  });

  it('fulfils several fulfillment orders of one order at one location in one call, merging lines', async () => {
    const { store, east, gql } = scenario();
    const order = store.addOrder({
      lineItems: [{ sku: 'SHIRT', quantity: 2 }],
      fulfillmentOrders: [
        { locationId: east.id, lines: [{ line: 0, quantity: 1 }] },
        { locationId: east.id, lines: [{ line: 0, quantity: 1 }] },
      ],
    });
    const [a, b] = store.fulfillmentOrders(order.id);
    const { body } = await gql(FULFILLMENT_CREATE, {
      fulfillment: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: a!.id }, { fulfillmentOrderId: b!.id }] },
    });
    const created = (body.data as Json).fulfillmentCreate;
    expect(created.userErrors).toEqual([]);
    expect(created.fulfillment.fulfillmentLineItems.nodes).toEqual([{ quantity: 2, lineItem: { sku: 'SHIRT' } }]);
    expect(store.fulfillmentOrders(order.id).map((fo) => fo.status)).toEqual(['CLOSED', 'CLOSED']);
  });

  it('is all-or-nothing: one bad group fails the call and changes nothing', async () => {
    const { store, east, gql } = scenario();
    const order = store.addOrder({
      lineItems: [
        { sku: 'SHIRT', quantity: 1 },
        { sku: 'HAT', quantity: 1 },
      ],
      fulfillmentOrders: [
        { locationId: east.id, lines: [{ sku: 'SHIRT' }] },
        { locationId: east.id, lines: [{ sku: 'HAT' }] },
      ],
    });
    const [a, b] = store.fulfillmentOrders(order.id);
    const before = structuredClone(store.inventory('SHIRT', east.id));

    const over = await gql(FULFILLMENT_CREATE, {
      fulfillment: {
        lineItemsByFulfillmentOrder: [
          { fulfillmentOrderId: a!.id, fulfillmentOrderLineItems: [{ id: a!.lineItems[0]!.id, quantity: 1 }] },
          { fulfillmentOrderId: b!.id, fulfillmentOrderLineItems: [{ id: b!.lineItems[0]!.id, quantity: 2 }] },
        ],
      },
    });
    expect((over.body.data as Json).fulfillmentCreate).toEqual({
      fulfillment: null,
      userErrors: [{ field: ['fulfillment'], message: 'Invalid fulfillment order line item quantity requested.' }],
    });

    const nonPositive = await gql(FULFILLMENT_CREATE, {
      fulfillment: {
        lineItemsByFulfillmentOrder: [
          { fulfillmentOrderId: a!.id, fulfillmentOrderLineItems: [{ id: a!.lineItems[0]!.id, quantity: 1 }] },
          {
            fulfillmentOrderId: 'gid://shopify/FulfillmentOrder/999999',
            fulfillmentOrderLineItems: [{ id: 'gid://shopify/FulfillmentOrderLineItem/9', quantity: 0 }],
          },
        ],
      },
    });
    // Quantity is checked before existence, with the path of the offending input.
    expect((nonPositive.body.data as Json).fulfillmentCreate.userErrors).toEqual([
      {
        field: ['fulfillment', 'lineItemsByFulfillmentOrder', '1', 'fulfillmentOrderLineItems', '0', 'quantity'],
        message: 'Quantity must be greater than 0',
      },
    ]);

    const unknown = await gql(FULFILLMENT_CREATE, {
      fulfillment: {
        lineItemsByFulfillmentOrder: [
          { fulfillmentOrderId: a!.id },
          { fulfillmentOrderId: 'gid://shopify/FulfillmentOrder/999999999999999' },
        ],
      },
    });
    expect((unknown.body.data as Json).fulfillmentCreate.userErrors).toEqual([
      { field: ['fulfillment'], message: 'Fulfillment order does not exist.' },
    ]);

    const missingLine = await gql(FULFILLMENT_CREATE, {
      fulfillment: {
        lineItemsByFulfillmentOrder: [
          {
            fulfillmentOrderId: a!.id,
            fulfillmentOrderLineItems: [{ id: 'gid://shopify/FulfillmentOrderLineItem/999999999', quantity: 1 }],
          },
        ],
      },
    });
    expect((missingLine.body.data as Json).fulfillmentCreate.userErrors).toEqual([
      { field: ['fulfillment'], message: 'Fulfillment order line item does not exist.' },
    ]);

    expect(store.fulfillments(order.id)).toEqual([]);
    expect(store.fulfillmentOrders(order.id).map((fo) => [fo.status, fo.lineItems[0]!.remainingQuantity])).toEqual([
      ['OPEN', 1],
      ['OPEN', 1],
    ]);
    expect(store.inventory('SHIRT', east.id)).toEqual(before);
  });

  it('refuses fulfillment orders of two orders or two locations, naming their numeric ids', async () => {
    const { store, east, west, gql } = scenario();
    const first = store.addOrder({ id: 5001, lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id });
    const second = store.addOrder({ id: 5002, lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id });
    const split = store.addOrder({
      id: 5003,
      lineItems: [
        { sku: 'SHIRT', quantity: 1 },
        { sku: 'HAT', quantity: 1 },
      ],
      fulfillmentOrders: [
        { locationId: east.id, lines: [{ sku: 'SHIRT' }] },
        { locationId: west.id, lines: [{ sku: 'HAT' }] },
      ],
    });
    const foOf = (id: string) => store.fulfillmentOrders(id).map((fo) => ({ fulfillmentOrderId: fo.id }));

    const orders = await gql(FULFILLMENT_CREATE, { fulfillment: { lineItemsByFulfillmentOrder: [...foOf(first.id), ...foOf(second.id)] } });
    expect((orders.body.data as Json).fulfillmentCreate.userErrors).toEqual([
      {
        field: ['fulfillment'],
        message: 'All fulfillment orders must belong to the same order. Multiple orders with ids [5001, 5002] were found.',
      },
    ]);

    const locations = await gql(FULFILLMENT_CREATE, { fulfillment: { lineItemsByFulfillmentOrder: foOf(split.id) } });
    const eastNumber = east.id.split('/').pop();
    const westNumber = west.id.split('/').pop();
    expect((locations.body.data as Json).fulfillmentCreate.userErrors).toEqual([
      {
        field: ['fulfillment'],
        message: `All fulfillment orders must be assigned to a single location. Multiple locations with ids [${eastNumber}, ${westNumber}] were found.`,
      },
    ]);
    expect(store.fulfillmentsById.size).toBe(0);
  });

  it('refuses closed and on-hold fulfillment orders with Shopify’s status message', async () => {
    const { store, east, gql } = scenario();
    const order = store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id });
    const [fo] = store.fulfillmentOrders(order.id);
    store.fulfill(order.id);
    const numeric = fo!.id.split('/').pop();

    const closed = await gql(FULFILLMENT_CREATE, { fulfillment: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo!.id }] } });
    expect((closed.body.data as Json).fulfillmentCreate.userErrors).toEqual([
      { field: ['fulfillment'], message: `Fulfillment order ${numeric} has an unfulfillable status= closed.` },
    ]);

    const held = store.addOrder({
      lineItems: [{ sku: 'HAT', quantity: 1 }],
      locationId: east.id,
      hold: { reason: 'ONLINE_STORE_POST_PURCHASE_CROSS_SELL' },
    });
    const [heldFo] = store.fulfillmentOrders(held.id);
    const onHold = await gql(FULFILLMENT_CREATE, { fulfillment: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: heldFo!.id }] } });
    expect((onHold.body.data as Json).fulfillmentCreate.userErrors[0].message).toBe(
      `Fulfillment order ${heldFo!.id.split('/').pop()} has an unfulfillable status= on_hold.`,
    );
  });

  it('does not let the app fulfil orders at another app’s fulfillment service location', async () => {
    const { store, gql } = scenario();
    const service = store.addLocation({ name: '3PL', isFulfillmentService: true });
    store.setInventory('SHIRT', service.id, 5);
    const order = store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: service.id });
    const snapshot = await gql(ORDER_SNAPSHOT, { id: order.id });
    const actions = (snapshot.body.data as Json).order.fulfillmentOrders.nodes[0].supportedActions.map((a: Json) => a.action);
    expect(actions).not.toContain('CREATE_FULFILLMENT');
    const [fo] = store.fulfillmentOrders(order.id);
    const result = await gql(FULFILLMENT_CREATE, { fulfillment: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo!.id }] } });
    expect((result.body.data as Json).fulfillmentCreate.fulfillment).toBeNull();
    expect(store.fulfillments(order.id)).toEqual([]);
  });
});

describe('fulfillmentTrackingInfoUpdate', () => {
  it('replaces the whole tracking list and records notifyCustomer', async () => {
    const { store, east, gql } = scenario();
    const order = store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id });
    const fulfillment = store.fulfill(order.id, { trackingInfo: { number: 'OLD-1', company: 'UPS' } });

    const first = await gql(TRACKING_UPDATE, {
      fulfillmentId: fulfillment.id,
      trackingInfoInput: { number: 'NEW-2', company: 'FedEx' },
      notifyCustomer: true,
    });
    expect((first.body.data as Json).fulfillmentTrackingInfoUpdate.fulfillment.trackingInfo).toEqual([
      { company: 'FedEx', number: 'NEW-2', url: expect.stringContaining('NEW-2') },
    ]);

    // To add a number the app must send the old ones too.
    const both = await gql(TRACKING_UPDATE, {
      fulfillmentId: fulfillment.id,
      trackingInfoInput: { numbers: ['NEW-2', 'NEW-3'], urls: ['https://t.example/2', 'https://t.example/3'], company: 'Hermes' },
    });
    expect((both.body.data as Json).fulfillmentTrackingInfoUpdate.fulfillment.trackingInfo).toEqual([
      { company: 'Hermes', number: 'NEW-2', url: 'https://t.example/2' },
      { company: 'Hermes', number: 'NEW-3', url: 'https://t.example/3' },
    ]);
    const stored = store.fulfillment(fulfillment.id)!;
    expect(stored.trackingInfo.map((t) => t.number)).toEqual(['NEW-2', 'NEW-3']);
    expect(stored.trackingUpdates.map((u) => u.notifyCustomer)).toEqual([true, false]);
  });

  it('answers a user error for an unknown fulfillment', async () => {
    const { gql } = scenario();
    const { body } = await gql(TRACKING_UPDATE, {
      fulfillmentId: 'gid://shopify/Fulfillment/999999999999992',
      trackingInfoInput: { number: 'X', company: 'UPS' },
    });
    expect(body.data).toEqual({
      fulfillmentTrackingInfoUpdate: {
        fulfillment: null,
        userErrors: [{ field: ['fulfillmentId'], message: 'Fulfillment does not exist.' }],
      },
    });
  });
});

describe('fulfillmentOrderMove', () => {
  it('moves a whole fulfillment order keeping its id, and moves the committed stock', async () => {
    const { store, east, west, gql } = scenario();
    const order = store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 2 }], locationId: east.id });
    const [fo] = store.fulfillmentOrders(order.id);
    const { body } = await gql(MOVE, { id: fo!.id, newLocationId: west.id });
    const move = (body.data as Json).fulfillmentOrderMove;
    expect(move.userErrors).toEqual([]);
    expect(move.movedFulfillmentOrder.id).toBe(fo!.id);
    expect(move.originalFulfillmentOrder.id).toBe(fo!.id);
    expect(move.remainingFulfillmentOrder).toBeNull();
    expect(move.movedFulfillmentOrder.assignedLocation.location.id).toBe(west.id);
    expect(move.movedFulfillmentOrder.lineItems.nodes[0].id).toBe(fo!.lineItems[0]!.id);
    expect(store.inventory('SHIRT', east.id)).toMatchObject({ available: 10, committed: 0 });
    expect(store.inventory('SHIRT', west.id)).toMatchObject({ available: 2, committed: 2 });
  });

  it('moves part of a fulfillment order into a new one with new line item ids', async () => {
    const { store, east, west, gql } = scenario();
    const order = store.addOrder({
      lineItems: [
        { sku: 'SHIRT', quantity: 2 },
        { sku: 'HAT', quantity: 3 },
      ],
      locationId: east.id,
    });
    const [fo] = store.fulfillmentOrders(order.id);
    const [shirt, hat] = fo!.lineItems;
    const { body } = await gql(MOVE, {
      id: fo!.id,
      newLocationId: west.id,
      fulfillmentOrderLineItems: [
        { id: shirt!.id, quantity: 2 },
        { id: hat!.id, quantity: 1 },
      ],
    });
    const move = (body.data as Json).fulfillmentOrderMove;
    expect(move.userErrors).toEqual([]);
    expect(move.movedFulfillmentOrder.id).not.toBe(fo!.id);
    expect(move.movedFulfillmentOrder.lineItems.nodes.map((l: Json) => [l.lineItem.sku, l.totalQuantity])).toEqual([
      ['SHIRT', 2],
      ['HAT', 1],
    ]);
    expect(move.movedFulfillmentOrder.lineItems.nodes.map((l: Json) => l.id)).not.toContain(shirt!.id);
    expect(move.originalFulfillmentOrder.id).toBe(fo!.id);
    expect(move.originalFulfillmentOrder.lineItems.nodes).toEqual([
      { id: hat!.id, totalQuantity: 2, remainingQuantity: 2, lineItem: { sku: 'HAT' } },
    ]);
    expect(move.remainingFulfillmentOrder.id).toBe(fo!.id);
    expect(store.fulfillmentOrders(order.id)).toHaveLength(2);
  });

  it('moves then fulfils: the moved fulfillment order ships from the new location', async () => {
    const { store, east, west, gql } = scenario();
    const order = store.addOrder({ lineItems: [{ sku: 'MUG', quantity: 1 }], locationId: east.id });
    const [fo] = store.fulfillmentOrders(order.id);
    const moved = await gql(MOVE, { id: fo!.id, newLocationId: west.id });
    const movedId = (moved.body.data as Json).fulfillmentOrderMove.movedFulfillmentOrder.id;
    const created = await gql(FULFILLMENT_CREATE, { fulfillment: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: movedId }] } });
    expect((created.body.data as Json).fulfillmentCreate.fulfillment.location.id).toBe(west.id);
    expect(store.inventory('MUG', west.id)).toMatchObject({ available: 5, committed: 0, on_hand: 5 });
  });

  it('answers Shopify’s errors for closed orders, unknown locations, reported progress and unknown ids', async () => {
    const { store, east, west, gql } = scenario();
    const done = store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id });
    const [doneFo] = store.fulfillmentOrders(done.id);
    store.fulfill(done.id);
    const closed = await gql(MOVE, { id: doneFo!.id, newLocationId: west.id });
    expect((closed.body.data as Json).fulfillmentOrderMove).toEqual({
      movedFulfillmentOrder: null,
      originalFulfillmentOrder: null,
      remainingFulfillmentOrder: null,
      userErrors: [{ field: null, message: 'Cannot change location.', code: null }],
    });

    const open = store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id });
    const [openFo] = store.fulfillmentOrders(open.id);
    const nowhere = await gql(MOVE, { id: openFo!.id, newLocationId: 'gid://shopify/Location/999999999' });
    expect((nowhere.body.data as Json).fulfillmentOrderMove.userErrors).toEqual([
      { field: ['id'], message: 'Location not found.', code: null },
    ]);

    store.reportProgress(openFo!.id);
    const progressed = await gql(MOVE, { id: openFo!.id, newLocationId: west.id });
    expect((progressed.body.data as Json).fulfillmentOrderMove.userErrors[0]).toMatchObject({
      field: ['id'],
      code: 'CANNOT_MOVE_FULFILLMENT_ORDER_WITH_REPORTED_PROGRESS',
    });

    const unknown = await gql(MOVE, { id: 'gid://shopify/FulfillmentOrder/0', newLocationId: west.id });
    expect(unknown.body.data).toEqual({ fulfillmentOrderMove: null });
    expect(unknown.body.errors).toEqual([
      {
        message: 'Invalid id: gid://shopify/FulfillmentOrder/0',
        locations: [expect.any(Object)],
        path: ['fulfillmentOrderMove'],
        extensions: { code: 'RESOURCE_NOT_FOUND' },
      },
    ]);
  });
});

describe('timing on Shopify’s side', () => {
  it('creates fulfillment orders late and lifts timed holds as the clock moves', async () => {
    const { store, clock, east, gql } = scenario();
    const fresh = store.addOrder({
      lineItems: [{ sku: 'SHIRT', quantity: 1 }],
      locationId: east.id,
      fulfillmentOrdersReadyAt: clock.now() + 30_000,
    });
    const held = store.addOrder({
      lineItems: [{ sku: 'HAT', quantity: 1 }],
      locationId: east.id,
      hold: { reason: 'ONLINE_STORE_POST_PURCHASE_CROSS_SELL', releaseAt: clock.now() + 60_000 },
    });

    const early = await gql(ORDER_SNAPSHOT, { id: fresh.id });
    expect((early.body.data as Json).order.fulfillmentOrders.nodes).toEqual([]);
    const heldEarly = await gql(ORDER_SNAPSHOT, { id: held.id });
    expect((heldEarly.body.data as Json).order.displayFulfillmentStatus).toBe('ON_HOLD');
    expect((heldEarly.body.data as Json).order.fulfillmentOrders.nodes[0]).toMatchObject({
      status: 'ON_HOLD',
      fulfillmentHolds: [{ reason: 'ONLINE_STORE_POST_PURCHASE_CROSS_SELL' }],
    });

    clock.advance(61_000);
    const later = await gql(ORDER_SNAPSHOT, { id: fresh.id });
    expect((later.body.data as Json).order.fulfillmentOrders.nodes).toHaveLength(1);
    const heldLater = await gql(ORDER_SNAPSHOT, { id: held.id });
    expect((heldLater.body.data as Json).order.fulfillmentOrders.nodes[0]).toMatchObject({ status: 'OPEN', fulfillmentHolds: [] });
  });
});
