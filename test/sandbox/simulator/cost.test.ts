// Query cost, the leaky bucket and throttling of the simulated Admin API.
import { describe, expect, it } from 'vitest';
import { FULFILLMENT_CREATE, ORDER_SNAPSHOT, scenario, SHOP } from './scenario';

describe('query cost', () => {
  it('charges objects 1, scalars 0, connections 2 + first × node, and reports the actual cost of what came back', async () => {
    const { store, east, gql } = scenario();
    const order = store.addOrder({
      lineItems: [
        { sku: 'SHIRT', quantity: 1 },
        { sku: 'HAT', quantity: 1 },
      ],
      locationId: east.id,
    });
    const { body } = await gql(
      `query Lines($id: ID!) { order(id: $id) { id name lineItems(first: 10) { nodes { id sku variant { id } } } } }`,
      { id: order.id },
    );
    // order 1 + lineItems (2 + 10 × (line 1 + variant 1)) = 23; actually two lines: 1 + 2 + 2 × 2 = 7.
    expect(body.extensions!.cost).toEqual({
      requestedQueryCost: 23,
      actualQueryCost: 7,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1993, restoreRate: 100 },
    });
  });

  it('charges nothing for selections @skip or @include leave out, in the requested cost too', async () => {
    const { store, east, gql } = scenario();
    const order = store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id });
    const query = `query Lines($id: ID!, $with: Boolean!) {
      order(id: $id) {
        id
        lineItems(first: 10) @include(if: $with) { nodes { id variant { id } } }
        ... on Order @skip(if: $with) { customer { id } }
      }
    }`;
    // Included: order 1 + lineItems (2 + 10 × 2) = 23 requested; the skipped customer is not charged.
    const included = await gql(query, { id: order.id, with: true });
    expect(included.body.extensions!.cost).toMatchObject({ requestedQueryCost: 23, actualQueryCost: 5 });
    // Left out: the order alone, plus the customer the spread now keeps (null here, so not in the actual cost).
    const skipped = await gql(query, { id: order.id, with: false });
    expect(skipped.body.data).toEqual({ order: { id: order.id, customer: null } });
    expect(skipped.body.extensions!.cost).toMatchObject({ requestedQueryCost: 2, actualQueryCost: 1 });
  });

  it('charges a mutation 10 plus its payload, and a tracking update 50 as Shopify does', async () => {
    const { store, east, gql } = scenario();
    const order = store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id });
    const [fo] = store.fulfillmentOrders(order.id);
    const bad = await gql(
      'mutation($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) { fulfillment { id } userErrors { field message } } }',
      {
        f: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: 'gid://shopify/FulfillmentOrder/999999' }] },
      },
    );
    expect(bad.body.extensions!.cost).toMatchObject({ requestedQueryCost: 11, actualQueryCost: 10 });
    const good = await gql(FULFILLMENT_CREATE, { fulfillment: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo!.id }] } });
    expect(good.body.extensions!.cost.actualQueryCost).toBeGreaterThan(10);
    expect(good.body.extensions!.cost.actualQueryCost).toBeLessThanOrEqual(good.body.extensions!.cost.requestedQueryCost!);
    const unknown = await gql(
      'mutation($id: ID!, $t: FulfillmentTrackingInput!) { fulfillmentTrackingInfoUpdate(fulfillmentId: $id, trackingInfoInput: $t) { fulfillment { id } userErrors { field message } } }',
      {
        id: 'gid://shopify/Fulfillment/999999999999992',
        t: { number: 'X' },
      },
    );
    expect(unknown.body.extensions!.cost).toMatchObject({ requestedQueryCost: 51, actualQueryCost: 50 });
  });

  it('keeps the app’s order snapshot under the single-query limit and refuses queries above 1000', async () => {
    const { store, east, gql, sim } = scenario();
    const order = store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id });
    const snapshot = await gql(ORDER_SNAPSHOT, { id: order.id });
    expect(snapshot.body.errors).toBeUndefined();
    expect(snapshot.body.extensions!.cost.requestedQueryCost).toBeLessThanOrEqual(1000);

    const huge = await gql('query Huge { locations(first: 250) { nodes { inventoryLevels(first: 250) { nodes { id } } } } }');
    expect(huge.status).toBe(200);
    expect(huge.body.data).toBeUndefined();
    expect(huge.body.errors![0]).toMatchObject({
      message: expect.stringMatching(/^Query cost is \d+, which exceeds the single query max cost limit \(1000\)\./),
      extensions: { code: 'MAX_COST_EXCEEDED', maxCost: 1000 },
    });
    expect(sim.throttleStatus(SHOP).currentlyAvailable).toBe(2000 - snapshot.body.extensions!.cost.actualQueryCost!);
  });
});

describe('throttling', () => {
  it('throttles a request costing more than the bucket holds, then serves it once the clock restored enough', async () => {
    const { sim, store, east, clock, gql } = scenario({ faults: { bucket: { maximumAvailable: 100, restoreRate: 10 } } });
    const order = store.addOrder({ lineItems: [{ sku: 'SHIRT', quantity: 1 }], locationId: east.id });
    sim.setAvailable(SHOP, 5);
    const query = 'query Lines($id: ID!) { order(id: $id) { lineItems(first: 5) { nodes { id } } } }'; // 1 + 2 + 5 = 8

    const throttled = await gql(query, { id: order.id });
    expect(throttled.status).toBe(200);
    expect(throttled.body).toEqual({
      errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }],
      extensions: {
        cost: {
          requestedQueryCost: 8,
          actualQueryCost: null,
          throttleStatus: { maximumAvailable: 100, currentlyAvailable: 5, restoreRate: 10 },
        },
      },
    });
    expect(sim.calls.at(-1)).toMatchObject({ throttled: true, requestedQueryCost: 8, actualQueryCost: null });

    // (8 - 5) / 10 per second = 0.3 s.
    clock.advance(300);
    const served = await gql(query, { id: order.id });
    expect(served.body.errors).toBeUndefined();
    // 8 taken, 8 - 4 refunded: 8 - 4 = 4 left.
    expect(served.body.extensions!.cost).toEqual({
      requestedQueryCost: 8,
      actualQueryCost: 4,
      throttleStatus: { maximumAvailable: 100, currentlyAvailable: 4, restoreRate: 10 },
    });

    clock.advance(60_000);
    expect(sim.throttleStatus(SHOP).currentlyAvailable).toBe(100);
  });

  it('can answer throttling with HTTP 429', async () => {
    const { sim, gql } = scenario({ faults: { throttleStatus: 429 } });
    sim.setAvailable(SHOP, 0);
    const { status, body } = await gql('{ shop { id } }');
    expect(status).toBe(429);
    expect(body.errors![0]!.extensions).toMatchObject({ code: 'THROTTLED' });
  });

  it('keeps one bucket per shop', async () => {
    const { sim, store } = scenario();
    store.addShop({ domain: 'other.myshopify.com', accessToken: 'other-token' });
    sim.setAvailable(SHOP, 0);
    expect((await sim.request('other.myshopify.com', '{ shop { id } }')).body.errors).toBeUndefined();
    expect((await sim.request(SHOP, '{ shop { id } }')).body.errors![0]!.message).toBe('Throttled');
  });
});
