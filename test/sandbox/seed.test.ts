// The sandbox shop offers one order in each state the Flow actions meet.
import { describe, expect, it } from 'vitest';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_LOCATIONS, SANDBOX_ORDERS, SANDBOX_SHOP, seedSandbox } from '../../src/sandbox/seed';
import { APP_SCOPES, createManualClock, createSimulator } from '../../src/sandbox/simulator/index';

type Json = any;

const SNAPSHOT = /* GraphQL */ `
  query Snapshot($id: ID!) {
    order(id: $id) {
      name
      displayFulfillmentStatus
      shippingAddress {
        countryCodeV2
        latitude
        longitude
      }
      fulfillments(first: 5) {
        status
        trackingInfo {
          number
          company
        }
      }
      fulfillmentOrders(first: 5, displayable: true) {
        nodes {
          status
          fulfillmentHolds {
            reason
          }
          assignedLocation {
            location {
              id
            }
          }
          lineItems(first: 10) {
            nodes {
              sku
              remainingQuantity
            }
          }
        }
      }
    }
  }
`;

function seeded() {
  const clock = createManualClock();
  const sim = createSimulator({ now: clock.now });
  seedSandbox(sim);
  const read = async (id: string) => {
    const { body } = await sim.request(SANDBOX_SHOP, SNAPSHOT, { id });
    expect(body.errors).toBeUndefined();
    return (body.data as Json).order;
  };
  return { sim, clock, read };
}

describe('seedSandbox', () => {
  it('registers the sandbox shop with every scope of the app and four locations', async () => {
    const { sim } = seeded();
    const shop = sim.store.shop(SANDBOX_SHOP)!;
    expect(shop.accessToken).toBe(SANDBOX_ACCESS_TOKEN);
    expect([...shop.scopes].sort()).toEqual([...APP_SCOPES].sort());
    const locations = sim.store.locations(SANDBOX_SHOP);
    expect(locations).toHaveLength(4);
    expect(locations.filter((l) => !l.isActive).map((l) => l.id)).toEqual([SANDBOX_LOCATIONS.chicago]);
    expect(locations.filter((l) => !l.fulfillsOnlineOrders).map((l) => l.id)).toEqual([SANDBOX_LOCATIONS.toronto]);
    expect(locations.every((l) => typeof l.address.latitude === 'number' && typeof l.address.longitude === 'number')).toBe(true);
    // The default locations query hides the inactive one.
    const { body } = await sim.request(SANDBOX_SHOP, '{ locations(first: 10) { nodes { name } } }');
    expect((body.data as Json).locations.nodes.map((l: Json) => l.name)).toEqual([
      'Los Angeles Warehouse',
      'Newark Warehouse',
      'Toronto Store',
    ]);
  });

  it('has #1001 fulfilled without tracking, ready for the README’s first tracking number', async () => {
    const { sim, read } = seeded();
    const order = await read(SANDBOX_ORDERS.fulfilledNoTracking);
    expect(order).toMatchObject({
      name: '#1001',
      displayFulfillmentStatus: 'FULFILLED',
      fulfillments: [{ status: 'SUCCESS', trackingInfo: [] }],
    });
    const [fulfillment] = sim.store.fulfillments(SANDBOX_ORDERS.fulfilledNoTracking);
    const { body } = await sim.request(
      SANDBOX_SHOP,
      'mutation($id: ID!, $t: FulfillmentTrackingInput!) { fulfillmentTrackingInfoUpdate(fulfillmentId: $id, trackingInfoInput: $t) { fulfillment { trackingInfo { number company } } userErrors { message } } }',
      { id: fulfillment!.id, t: { number: '1Z999AA10123456784', company: 'UPS' } },
    );
    expect((body.data as Json).fulfillmentTrackingInfoUpdate.fulfillment.trackingInfo).toEqual([
      { number: '1Z999AA10123456784', company: 'UPS' },
    ]);
  });

  it('has unfulfilled orders in stock at their location (#1002) and in stock only elsewhere (#1003)', async () => {
    const { sim, read } = seeded();
    const inStock = await read(SANDBOX_ORDERS.unfulfilledInStock);
    expect(inStock).toMatchObject({ displayFulfillmentStatus: 'UNFULFILLED', shippingAddress: { countryCodeV2: 'CA' } });
    expect(inStock.fulfillmentOrders.nodes[0].assignedLocation.location.id).toBe(SANDBOX_LOCATIONS.newark);
    expect(sim.store.inventory('MUG-BLK', SANDBOX_LOCATIONS.newark)!.available).toBeGreaterThan(0);

    const elsewhere = await read(SANDBOX_ORDERS.stockElsewhere);
    expect(elsewhere.fulfillmentOrders.nodes[0].assignedLocation.location.id).toBe(SANDBOX_LOCATIONS.newark);
    expect(sim.store.inventory('TOTE-NAT', SANDBOX_LOCATIONS.newark)!.available).toBeLessThan(1);
    expect(sim.store.inventory('TOTE-NAT', SANDBOX_LOCATIONS.losAngeles)!.available).toBeGreaterThan(0);
  });

  it('has a partly fulfilled order (#1004) and one with tracking already (#1006), shipping to Brazil', async () => {
    const { read } = seeded();
    const partial = await read(SANDBOX_ORDERS.partiallyFulfilled);
    expect(partial).toMatchObject({ displayFulfillmentStatus: 'PARTIALLY_FULFILLED', shippingAddress: { countryCodeV2: 'BR' } });
    expect(partial.fulfillmentOrders.nodes[0]).toMatchObject({
      status: 'IN_PROGRESS',
      lineItems: {
        nodes: [
          { sku: 'TEE-S', remainingQuantity: 0 },
          { sku: 'BEANIE-GRY', remainingQuantity: 1 },
        ],
      },
    });
    const tracked = await read(SANDBOX_ORDERS.tracked);
    expect(tracked.fulfillments[0].trackingInfo).toEqual([{ number: 'RA123456785BR', company: 'Correios' }]);
  });

  it('has an order on a post-purchase hold (#1005) and one without fulfillment orders yet (#1007), both resolving with time', async () => {
    const { clock, read } = seeded();
    const held = await read(SANDBOX_ORDERS.onHold);
    expect(held.fulfillmentOrders.nodes[0]).toMatchObject({
      status: 'ON_HOLD',
      fulfillmentHolds: [{ reason: 'ONLINE_STORE_POST_PURCHASE_CROSS_SELL' }],
    });
    expect((await read(SANDBOX_ORDERS.noFulfillmentOrdersYet)).fulfillmentOrders.nodes).toEqual([]);
    clock.advance(6 * 60_000);
    expect((await read(SANDBOX_ORDERS.onHold)).fulfillmentOrders.nodes[0].status).toBe('OPEN');
    expect((await read(SANDBOX_ORDERS.noFulfillmentOrdersYet)).fulfillmentOrders.nodes).toHaveLength(1);
  });
});
