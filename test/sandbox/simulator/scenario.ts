// A small two-warehouse shop for simulator tests, on a manual clock.
import { createManualClock, createSimulator, type Simulator, type SimulatorFaults } from '../../../src/sandbox/simulator/index';

export const SHOP = 'test-shop.myshopify.com';
export const TOKEN = 'shpat_test';

export function scenario(options: { faults?: SimulatorFaults; scopes?: string[] } = {}) {
  const clock = createManualClock();
  const sim: Simulator = createSimulator({ now: clock.now, faults: options.faults });
  const { store } = sim;
  store.addShop({ domain: SHOP, accessToken: TOKEN, scopes: options.scopes });
  const east = store.addLocation({
    name: 'East',
    address: { countryCode: 'US', provinceCode: 'NJ', city: 'Newark', zip: '07105', latitude: 40.72, longitude: -74.14 },
  });
  const west = store.addLocation({
    name: 'West',
    address: { countryCode: 'US', provinceCode: 'CA', city: 'Los Angeles', zip: '90021', latitude: 34.03, longitude: -118.24 },
  });
  store.addProduct({ title: 'Shirt', productType: 'Apparel', tags: ['cotton'], sku: 'SHIRT', inventory: { [east.id]: 10, [west.id]: 4 } });
  store.addProduct({ title: 'Hat', sku: 'HAT', inventory: { [east.id]: 3, [west.id]: 5 } });
  store.addProduct({ title: 'Mug', sku: 'MUG', inventory: { [west.id]: 6 } });
  /** Sends a document as the test shop. */
  const gql = (query: string, variables: Record<string, unknown> = {}) => sim.request(SHOP, query, variables);
  return { sim, store, clock, east, west, gql };
}

export const FULFILLMENT_CREATE = /* GraphQL */ `
  mutation Create($fulfillment: FulfillmentInput!, $message: String) {
    fulfillmentCreate(fulfillment: $fulfillment, message: $message) {
      fulfillment {
        id
        name
        status
        createdAt
        trackingInfo(first: 10) {
          company
          number
          url
        }
        location {
          id
        }
        fulfillmentLineItems(first: 10) {
          nodes {
            quantity
            lineItem {
              sku
            }
          }
        }
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export const TRACKING_UPDATE = /* GraphQL */ `
  mutation Track($fulfillmentId: ID!, $trackingInfoInput: FulfillmentTrackingInput!, $notifyCustomer: Boolean) {
    fulfillmentTrackingInfoUpdate(fulfillmentId: $fulfillmentId, trackingInfoInput: $trackingInfoInput, notifyCustomer: $notifyCustomer) {
      fulfillment {
        id
        trackingInfo(first: 10) {
          company
          number
          url
        }
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export const MOVE = /* GraphQL */ `
  fragment FO on FulfillmentOrder {
    id
    status
    assignedLocation {
      location {
        id
      }
    }
    lineItems(first: 10) {
      nodes {
        id
        totalQuantity
        remainingQuantity
        lineItem {
          sku
        }
      }
    }
  }
  mutation Move($id: ID!, $newLocationId: ID!, $fulfillmentOrderLineItems: [FulfillmentOrderLineItemInput!]) {
    fulfillmentOrderMove(id: $id, newLocationId: $newLocationId, fulfillmentOrderLineItems: $fulfillmentOrderLineItems) {
      movedFulfillmentOrder {
        ...FO
      }
      originalFulfillmentOrder {
        ...FO
      }
      remainingFulfillmentOrder {
        ...FO
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const ORDER_SNAPSHOT = /* GraphQL */ `
  query Snapshot($id: ID!) {
    order(id: $id) {
      id
      name
      displayFulfillmentStatus
      shippingAddress {
        countryCodeV2
        provinceCode
        city
        zip
        latitude
        longitude
      }
      customer {
        id
        tags
      }
      fulfillments(first: 10) {
        id
        status
        trackingInfo(first: 10) {
          number
        }
      }
      fulfillmentOrders(first: 10, displayable: true) {
        nodes {
          id
          status
          requestStatus
          supportedActions {
            action
          }
          fulfillmentHolds {
            reason
          }
          assignedLocation {
            location {
              id
            }
          }
          lineItems(first: 20) {
            nodes {
              id
              totalQuantity
              remainingQuantity
              sku
              inventoryItemId
              lineItem {
                id
                product {
                  productType
                  tags
                }
              }
            }
          }
        }
      }
    }
  }
`;
