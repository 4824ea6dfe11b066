// Fulfillment order states as the app reads them: supportedActions per status, request status and
// location (captures in ../shared, see supportedActions), fulfillmentCreate per status, scheduled
// fulfillment orders, delivery methods, tracking updates on cancelled fulfillments.
import { describe, expect, it } from 'vitest';
import { APP_SCOPES, type FulfillmentOrderRecord } from '../../../src/sandbox/simulator/index';
import { FULFILLMENT_CREATE, ORDER_SNAPSHOT, scenario, TRACKING_UPDATE } from './scenario';

type Json = any;

const FO_READ = /* GraphQL */ `
  query Fo($id: ID!) {
    fulfillmentOrder(id: $id) {
      id
      status
      requestStatus
      fulfillAt
      supportedActions {
        action
      }
      deliveryMethod {
        methodType
        presentedName
      }
    }
  }
`;

const ORDER_FOS = /* GraphQL */ `
  query OrderFos($id: ID!) {
    order(id: $id) {
      displayFulfillmentStatus
      fulfillmentOrders(first: 10) {
        nodes {
          id
          status
          supportedActions {
            action
          }
        }
      }
    }
  }
`;

async function actionsInOrder(gql: ReturnType<typeof scenario>['gql'], orderId: string): Promise<string[][]> {
  const { body } = await gql(ORDER_FOS, { id: orderId });
  return (body.data as Json).order.fulfillmentOrders.nodes.map((fo: Json) => fo.supportedActions.map((a: Json) => a.action));
}

describe('supportedActions', () => {
  it('follows the captured lists for merchant-managed fulfillment orders', async () => {
    const { store, east, gql } = scenario();
    const build = (lines: Array<{ sku: string; quantity: number }>, then?: (fo: FulfillmentOrderRecord, orderId: string) => void) => {
      const order = store.addOrder({ lineItems: lines, locationId: east.id });
      const fo = store.fulfillmentOrders(order.id)[0]!;
      then?.(fo, order.id);
      return order.id;
    };
    expect(await actionsInOrder(gql, build([{ sku: 'SHIRT', quantity: 1 }]))).toEqual([
      ['CREATE_FULFILLMENT', 'REPORT_PROGRESS', 'MOVE', 'HOLD'],
    ]);
    expect(await actionsInOrder(gql, build([{ sku: 'SHIRT', quantity: 2 }]))).toEqual([
      ['CREATE_FULFILLMENT', 'REPORT_PROGRESS', 'MOVE', 'HOLD', 'SPLIT'],
    ]);
    expect(
      await actionsInOrder(
        gql,
        build([{ sku: 'SHIRT', quantity: 1 }], (fo) => store.hold(fo.id)),
      ),
    ).toEqual([['RELEASE_HOLD', 'HOLD', 'MOVE']]);
    expect(
      await actionsInOrder(
        gql,
        build([{ sku: 'SHIRT', quantity: 1 }], (fo) => store.reportProgress(fo.id)),
      ),
    ).toEqual([['CREATE_FULFILLMENT', 'REPORT_PROGRESS', 'HOLD', 'MARK_AS_OPEN']]);
    // Partly fulfilled (not captured): like OPEN.
    expect(
      await actionsInOrder(
        gql,
        build([{ sku: 'SHIRT', quantity: 3 }], (_fo, id) => store.fulfill(id, { lines: [{ sku: 'SHIRT', quantity: 1 }] })),
      ),
    ).toEqual([['CREATE_FULFILLMENT', 'REPORT_PROGRESS', 'MOVE', 'HOLD', 'SPLIT']]);
    expect(
      await actionsInOrder(
        gql,
        build([{ sku: 'SHIRT', quantity: 1 }], (_fo, id) => store.fulfill(id)),
      ),
    ).toEqual([[]]);
    expect(
      await actionsInOrder(
        gql,
        build([{ sku: 'SHIRT', quantity: 1 }], (fo) => store.updateFulfillmentOrder(fo.id, { status: 'CANCELLED' })),
      ),
    ).toEqual([[]]);
    expect(
      await actionsInOrder(
        gql,
        build([{ sku: 'SHIRT', quantity: 1 }], (fo) => store.updateFulfillmentOrder(fo.id, { status: 'INCOMPLETE' })),
      ),
    ).toEqual([['CREATE_FULFILLMENT', 'HOLD', 'MOVE']]);
  });

  it('lists MERGE for open siblings at the same location in the order, but not when the fulfillment order is read alone', async () => {
    const { store, east, gql } = scenario();
    const order = store.addOrder({
      lineItems: [{ sku: 'SHIRT', quantity: 3 }],
      fulfillmentOrders: [
        { locationId: east.id, lines: [{ line: 0, quantity: 2 }] },
        { locationId: east.id, lines: [{ line: 0, quantity: 1 }] },
      ],
    });
    expect(await actionsInOrder(gql, order.id)).toEqual([
      ['CREATE_FULFILLMENT', 'REPORT_PROGRESS', 'MOVE', 'HOLD', 'SPLIT', 'MERGE'],
      ['CREATE_FULFILLMENT', 'REPORT_PROGRESS', 'MOVE', 'HOLD', 'MERGE'],
    ]);
    const [first] = store.fulfillmentOrders(order.id);
    const alone = (await gql(FO_READ, { id: first!.id })).body.data as Json;
    expect(alone.fulfillmentOrder.supportedActions.map((a: Json) => a.action)).toEqual([
      'CREATE_FULFILLMENT',
      'REPORT_PROGRESS',
      'MOVE',
      'HOLD',
      'SPLIT',
    ]);
    // A held sibling is no merge partner (hold-multi-line capture).
    store.hold(first!.id);
    expect((await actionsInOrder(gql, order.id))[1]).toEqual(['CREATE_FULFILLMENT', 'REPORT_PROGRESS', 'MOVE', 'HOLD']);
  });

  it('follows the close-state capture at the app’s own fulfillment service, and keeps CREATE_FULFILLMENT away from another app’s', async () => {
    const { store, gql } = scenario({ scopes: [...APP_SCOPES, 'read_assigned_fulfillment_orders', 'write_assigned_fulfillment_orders'] });
    const own = store.addLocation({ name: 'Own service', ownFulfillmentService: true });
    const other = store.addLocation({ name: 'Other service', isFulfillmentService: true });
    const at = (locationId: string, patch: Partial<FulfillmentOrderRecord> = {}) => {
      const order = store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId });
      store.updateFulfillmentOrder(store.fulfillmentOrders(order.id)[0]!.id, patch);
      return order.id;
    };
    expect(await actionsInOrder(gql, at(own.id))).toEqual([['REQUEST_FULFILLMENT', 'CREATE_FULFILLMENT', 'HOLD', 'MOVE']]);
    expect(await actionsInOrder(gql, at(own.id, { status: 'INCOMPLETE', requestStatus: 'CLOSED' }))).toEqual([
      ['REQUEST_FULFILLMENT', 'CREATE_FULFILLMENT', 'HOLD', 'MOVE'],
    ]);
    expect(await actionsInOrder(gql, at(other.id))).toEqual([['REQUEST_FULFILLMENT', 'HOLD', 'MOVE']]);
    expect(await actionsInOrder(gql, at(other.id, { requestStatus: 'SUBMITTED' }))).toEqual([['REQUEST_CANCELLATION']]);
    expect(await actionsInOrder(gql, at(other.id, { status: 'IN_PROGRESS', requestStatus: 'ACCEPTED' }))).toEqual([
      ['REQUEST_CANCELLATION'],
    ]);
    expect(await actionsInOrder(gql, at(other.id, { status: 'IN_PROGRESS', requestStatus: 'CANCELLATION_REQUESTED' }))).toEqual([[]]);
    expect(await actionsInOrder(gql, at(other.id, { requestStatus: 'REJECTED' }))).toEqual([['REQUEST_FULFILLMENT', 'HOLD', 'MOVE']]);
  });

  it('hides the app’s own fulfillment service orders without the assigned scopes', async () => {
    const { store, gql } = scenario();
    const own = store.addLocation({ name: 'Own service', ownFulfillmentService: true });
    const order = store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: own.id });
    const { body } = await gql(ORDER_FOS, { id: order.id });
    expect((body.data as Json).order.fulfillmentOrders.nodes).toEqual([]);
  });
});

describe('fulfillmentCreate by status', () => {
  it('fulfils an INCOMPLETE fulfillment order that still lists CREATE_FULFILLMENT', async () => {
    const { store, gql } = scenario({ scopes: [...APP_SCOPES, 'read_assigned_fulfillment_orders', 'write_assigned_fulfillment_orders'] });
    const own = store.addLocation({ name: 'Own service', ownFulfillmentService: true });
    store.setInventory('SHIRT', own.id, 4);
    const order = store.addOrder({
      lineItems: [{ sku: 'SHIRT', quantity: 2 }],
      fulfillmentOrders: [{ locationId: own.id, status: 'INCOMPLETE', requestStatus: 'CLOSED' }],
    });
    const [fo] = store.fulfillmentOrders(order.id);
    const part = await gql(FULFILLMENT_CREATE, {
      fulfillment: {
        lineItemsByFulfillmentOrder: [
          { fulfillmentOrderId: fo!.id, fulfillmentOrderLineItems: [{ id: fo!.lineItems[0]!.id, quantity: 1 }] },
        ],
      },
    });
    expect((part.body.data as Json).fulfillmentCreate.userErrors).toEqual([]);
    expect(store.fulfillmentOrder(fo!.id)!.status).toBe('INCOMPLETE');
    const rest = await gql(FULFILLMENT_CREATE, { fulfillment: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo!.id }] } });
    expect((rest.body.data as Json).fulfillmentCreate.userErrors).toEqual([]);
    expect(store.fulfillmentOrder(fo!.id)!.status).toBe('CLOSED');
  });

  it('refuses scheduled, cancelled and submitted fulfillment orders', async () => {
    const { store, clock, east, gql } = scenario({
      scopes: [...APP_SCOPES, 'read_assigned_fulfillment_orders', 'write_assigned_fulfillment_orders'],
    });
    const errors = async (foId: string) =>
      ((await gql(FULFILLMENT_CREATE, { fulfillment: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: foId }] } })).body.data as Json)
        .fulfillmentCreate.userErrors;
    const scheduled = store.fulfillmentOrders(
      store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id, fulfillAt: clock.now() + 3_600_000 }).id,
    )[0]!;
    expect(await errors(scheduled.id)).toEqual([
      { field: ['fulfillment'], message: `Fulfillment order ${scheduled.id.split('/').pop()} has an unfulfillable status= scheduled.` },
    ]);
    const cancelled = store.fulfillmentOrders(store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id }).id)[0]!;
    store.updateFulfillmentOrder(cancelled.id, { status: 'CANCELLED' });
    expect(await errors(cancelled.id)).toEqual([
      { field: ['fulfillment'], message: `Fulfillment order ${cancelled.id.split('/').pop()} has an unfulfillable status= cancelled.` },
    ]);
    const own = store.addLocation({ name: 'Own service', ownFulfillmentService: true });
    const submitted = store.fulfillmentOrders(store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: own.id }).id)[0]!;
    store.updateFulfillmentOrder(submitted.id, { requestStatus: 'SUBMITTED' });
    expect(await errors(submitted.id)).toEqual([{ field: ['fulfillment'], message: expect.stringContaining('fulfillment service') }]);
    expect(store.fulfillmentsById.size).toBe(0);
  });
});

describe('scheduled fulfillment orders', () => {
  it('are SCHEDULED until the clock reaches fulfillAt, then OPEN', async () => {
    const { store, clock, east, gql } = scenario();
    const at = clock.now() + 2 * 3_600_000;
    const order = store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id, fulfillAt: at });
    const [fo] = store.fulfillmentOrders(order.id);
    const before = (await gql(FO_READ, { id: fo!.id })).body.data as Json;
    expect(before.fulfillmentOrder).toMatchObject({
      status: 'SCHEDULED',
      fulfillAt: new Date(at).toISOString().replace('.000Z', 'Z'),
      supportedActions: [{ action: 'MARK_AS_OPEN' }],
    });
    expect(((await gql(ORDER_SNAPSHOT, { id: order.id })).body.data as Json).order.displayFulfillmentStatus).toBe('SCHEDULED');

    clock.advance(2 * 3_600_000 - 1_000);
    expect(((await gql(FO_READ, { id: fo!.id })).body.data as Json).fulfillmentOrder.status).toBe('SCHEDULED');
    clock.advance(1_000);
    const after = (await gql(FO_READ, { id: fo!.id })).body.data as Json;
    expect(after.fulfillmentOrder).toMatchObject({
      status: 'OPEN',
      supportedActions: [{ action: 'CREATE_FULFILLMENT' }, { action: 'REPORT_PROGRESS' }, { action: 'MOVE' }, { action: 'HOLD' }],
    });
  });

  it('print a standard fulfillment order’s fulfillAt as its creation time floored to the hour, as real stores do', async () => {
    const { store, clock, east, gql } = scenario();
    clock.set(Date.parse('2026-07-10T12:21:54Z'));
    const order = store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id });
    const [fo] = store.fulfillmentOrders(order.id);
    expect(((await gql(FO_READ, { id: fo!.id })).body.data as Json).fulfillmentOrder.fulfillAt).toBe('2026-07-10T12:00:00Z');
  });
});

describe('delivery methods', () => {
  it('serve the method type and a presented name, with the actions of SHIPPING', async () => {
    const { store, east, gql } = scenario();
    const types = ['SHIPPING', 'PICK_UP', 'LOCAL', 'RETAIL', 'NONE', 'PICKUP_POINT'] as const;
    const order = store.addOrder({
      lineItems: types.map(() => ({ sku: 'SHIRT', quantity: 1 })),
      fulfillmentOrders: types.map((deliveryMethod, line) => ({ locationId: east.id, lines: [{ line }], deliveryMethod })),
    });
    const read = async (fo: FulfillmentOrderRecord) => ((await gql(FO_READ, { id: fo.id })).body.data as Json).fulfillmentOrder;
    const fos = store.fulfillmentOrders(order.id);
    const served = await Promise.all(fos.map(read));
    expect(served.map((fo: Json) => fo.deliveryMethod.methodType)).toEqual([...types]);
    expect(served.map((fo: Json) => fo.deliveryMethod.presentedName)).toEqual([
      'Standard',
      'Pickup',
      'Local delivery',
      'Retail',
      'No delivery required',
      'Pickup point',
    ]);
    for (const fo of served) expect(fo.supportedActions).toEqual(served[0].supportedActions);

    const named = store.addOrder({
      lineItems: [{ sku: 'HAT', quantity: 1 }],
      fulfillmentOrders: [{ locationId: east.id, deliveryMethod: 'PICK_UP', presentedName: 'Pick up at East' }],
    });
    expect((await read(store.fulfillmentOrders(named.id)[0]!)).deliveryMethod).toEqual({
      methodType: 'PICK_UP',
      presentedName: 'Pick up at East',
    });
  });
});

describe('fulfillmentTrackingInfoUpdate on a cancelled fulfillment', () => {
  it('is accepted, as the state-preconditions capture shows Shopify doing', async () => {
    const { store, east, gql } = scenario();
    const order = store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id });
    const fulfillment = store.fulfill(order.id, { trackingInfo: { number: 'OLD', company: 'UPS' } });
    store.cancelFulfillment(fulfillment.id);
    // Cancelling gives the units back to the fulfillment order and to committed stock.
    expect(store.fulfillmentOrders(order.id)[0]).toMatchObject({ status: 'OPEN', lineItems: [{ remainingQuantity: 1 }] });
    expect(store.inventory('SHIRT', east.id)).toMatchObject({ available: 9, committed: 1, on_hand: 10 });

    const { body } = await gql(TRACKING_UPDATE, { fulfillmentId: fulfillment.id, trackingInfoInput: { number: 'NEW', company: 'UPS' } });
    expect((body.data as Json).fulfillmentTrackingInfoUpdate).toEqual({
      fulfillment: { id: fulfillment.id, trackingInfo: [{ company: 'UPS', number: 'NEW', url: expect.stringContaining('NEW') }] },
      userErrors: [],
    });
    expect(store.fulfillment(fulfillment.id)!.status).toBe('CANCELLED');
  });
});
