/** The Admin GraphQL documents "Add tracking" sends. */
import { adminDocument, type UserError } from '../../shopify/document';
import { ORDER_FIELDS, type OrderFieldsData } from '../order';

export interface TrackingInfo {
  company: string | null;
  number: string | null;
  url: string | null;
}

export interface FulfillmentTrackingData {
  id: string;
  name: string;
  status: string;
  createdAt: string;
  trackingInfo: TrackingInfo[];
}

/**
 * `Order.fulfillments` is a plain list cut to `first`, with no cursor and no documented order
 * (the REST API and the simulator list oldest first), so the newest may be past any cut. The
 * first read asks for a few; only an order that fills them is read again with the most Shopify
 * gives at once (250, its documented maximum), and the planner sorts by creation itself.
 */
export const FULFILLMENTS_FIRST_READ = 20;
export const FULFILLMENTS_MAX = 250;

export interface TrackingFulfillmentOrderData {
  id: string;
  status: string;
  /** When a SCHEDULED one opens. */
  fulfillAt: string | null;
  supportedActions: { action: string }[];
  fulfillmentHolds: { reason: string; reasonNotes: string | null }[];
  assignedLocation: { name: string; countryCode: string | null; location: { id: string } | null };
  deliveryMethod: { methodType: string } | null;
}

export interface TrackingFulfillmentOrders {
  nodes: TrackingFulfillmentOrderData[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export interface LineQuantities {
  nodes: { quantity: number }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export interface OrderTrackingData {
  order:
    | (OrderFieldsData & {
        /** Only when a rule may read `order.line_count` or `order.total_quantity`. */
        lineItems?: LineQuantities;
        fulfillments: FulfillmentTrackingData[];
        fulfillmentOrders: TrackingFulfillmentOrders;
      })
    | null;
}

/** Line items read at once for the rules' line figures; an order with more is read on. */
export const LINE_ITEMS_PAGE = 250;

/** The first read's fulfillment orders; an order with more is read on (only when fulfill-if-needed uses them). */
export const FULFILLMENT_ORDERS_FIRST_READ = 20;
/** The most fulfillment orders add-tracking reads; past it a run that needs them fails with 422 `order_too_large`. */
export const FULFILLMENT_ORDERS_MAX = 250;

const TRACKING_FULFILLMENT_ORDERS = /* GraphQL */ `
  fragment TrackingFulfillmentOrders on FulfillmentOrderConnection {
    nodes {
      id
      status
      fulfillAt
      supportedActions {
        action
      }
      fulfillmentHolds {
        reason
        reasonNotes
      }
      assignedLocation {
        name
        countryCode
        location {
          id
        }
      }
      deliveryMethod {
        methodType
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
`;

const LINE_QUANTITIES = /* GraphQL */ `
  fragment LineQuantities on LineItemConnection {
    nodes {
      quantity
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
`;

const TRACKING_FULFILLMENT = /* GraphQL */ `
  fragment TrackingFulfillment on Fulfillment {
    id
    name
    status
    createdAt
    # No limit: the update replaces the whole list, so every existing number must be read.
    trackingInfo {
      company
      number
      url
    }
  }
`;

/**
 * One read: the order as rules see it, its fulfillments with their tracking, and its fulfillment
 * orders (for fulfil-if-needed); its line quantities only when a rule may read them.
 */
export const ORDER_TRACKING = adminDocument<OrderTrackingData, { id: string; lineCounts: boolean }>(/* GraphQL */ `
  query AddTrackingOrder($id: ID!, $lineCounts: Boolean!) {
    order(id: $id) {
      ...OrderFields
      lineItems(first: ${LINE_ITEMS_PAGE}) @include(if: $lineCounts) {
        ...LineQuantities
      }
      fulfillments(first: ${FULFILLMENTS_FIRST_READ}) {
        ...TrackingFulfillment
      }
      fulfillmentOrders(first: ${FULFILLMENT_ORDERS_FIRST_READ}, displayable: true) {
        ...TrackingFulfillmentOrders
      }
    }
  }
  ${TRACKING_FULFILLMENT}
  ${TRACKING_FULFILLMENT_ORDERS}
  ${ORDER_FIELDS}
  ${LINE_QUANTITIES}
`);

/**
 * The country a fulfillment left from, read only when two carriers' formats fit the number and
 * the country decides between them (reading it with every fulfillment would cost 4 points each).
 */
export const FULFILLMENT_ORIGIN = adminDocument<
  { fulfillment: { location: { address: { countryCode: string | null } } | null } | null },
  { id: string }
>(/* GraphQL */ `
  query AddTrackingFulfillmentOrigin($id: ID!) {
    fulfillment(id: $id) {
      location {
        address {
          countryCode
        }
      }
    }
  }
`);

/** The rest of an order's line quantities, a page at a time (orders with more than LINE_ITEMS_PAGE lines). */
export const ORDER_LINE_QUANTITIES = adminDocument<
  { order: { lineItems: LineQuantities } | null },
  { id: string; after: string }
>(/* GraphQL */ `
  query AddTrackingLineQuantities($id: ID!, $after: String!) {
    order(id: $id) {
      lineItems(first: ${LINE_ITEMS_PAGE}, after: $after) {
        ...LineQuantities
      }
    }
  }
  ${LINE_QUANTITIES}
`);

/** The rest of an order's fulfillment orders, a page at a time (orders with more than FULFILLMENT_ORDERS_FIRST_READ). */
export const ORDER_FULFILLMENT_ORDERS = adminDocument<
  { order: { fulfillmentOrders: TrackingFulfillmentOrders } | null },
  { id: string; after: string }
>(/* GraphQL */ `
  query AddTrackingFulfillmentOrders($id: ID!, $after: String!) {
    order(id: $id) {
      fulfillmentOrders(first: 100, after: $after, displayable: true) {
        ...TrackingFulfillmentOrders
      }
    }
  }
  ${TRACKING_FULFILLMENT_ORDERS}
`);

/** An order whose first read came back with FULFILLMENTS_FIRST_READ fulfillments: all of them (up to 250). */
export const ORDER_FULFILLMENTS = adminDocument<
  { order: { fulfillments: FulfillmentTrackingData[] } | null },
  { id: string }
>(/* GraphQL */ `
  query AddTrackingFulfillments($id: ID!) {
    order(id: $id) {
      fulfillments(first: ${FULFILLMENTS_MAX}) {
        ...TrackingFulfillment
      }
    }
  }
  ${TRACKING_FULFILLMENT}
`);

export interface TrackingInput {
  company?: string;
  numbers: string[];
  urls?: string[];
}

/** What both mutations read back: the fulfillment with its whole tracking list. */
const TRACKED_FULFILLMENT = /* GraphQL */ `
  fragment TrackedFulfillment on Fulfillment {
    id
    status
    trackingInfo {
      company
      number
      url
    }
  }
`;

interface FulfillmentResult {
  fulfillment: { id: string; status: string; trackingInfo: TrackingInfo[] } | null;
  userErrors: UserError[];
}

/** Replaces a fulfillment's tracking list (we send the existing numbers plus the new one). */
export const UPDATE_TRACKING = adminDocument<
  { fulfillmentTrackingInfoUpdate: FulfillmentResult | null },
  { fulfillmentId: string; trackingInfoInput: TrackingInput; notifyCustomer: boolean }
>(/* GraphQL */ `
  mutation AddTrackingUpdate($fulfillmentId: ID!, $trackingInfoInput: FulfillmentTrackingInput!, $notifyCustomer: Boolean) {
    fulfillmentTrackingInfoUpdate(fulfillmentId: $fulfillmentId, trackingInfoInput: $trackingInfoInput, notifyCustomer: $notifyCustomer) {
      fulfillment {
        ...TrackedFulfillment
      }
      userErrors {
        field
        message
      }
    }
  }
  ${TRACKED_FULFILLMENT}
`);

/** Fulfils whole fulfillment orders of one location with the tracking attached. */
export const CREATE_FULFILLMENT = adminDocument<
  { fulfillmentCreate: FulfillmentResult | null },
  {
    fulfillment: {
      lineItemsByFulfillmentOrder: { fulfillmentOrderId: string }[];
      notifyCustomer: boolean;
      trackingInfo: TrackingInput;
    };
  }
>(/* GraphQL */ `
  mutation AddTrackingFulfill($fulfillment: FulfillmentInput!) {
    fulfillmentCreate(fulfillment: $fulfillment) {
      fulfillment {
        ...TrackedFulfillment
      }
      userErrors {
        field
        message
      }
    }
  }
  ${TRACKED_FULFILLMENT}
`);
