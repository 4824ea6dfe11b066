/**
 * Admin documents shared by "Fulfill from best location" and "Partially fulfill ready items":
 * the snapshot read, its follow-ups for big orders, the move and the create.
 *
 * Cost (Shopify's documented rules, which the simulator applies): connections multiply, so the
 * inventory levels hang off the order's line items (one per ordered item) rather than off each
 * fulfillment order's line items (which would multiply them by the fulfillment order count too).
 * The sizes are variables: the first read asks for a typical order (SNAPSHOT_SIZES) and requests
 * 495 points, 651 with `locationsForMove` (200 more when a rule reads on_hand/committed, 60 more
 * when one reads a line's variant or product); anything bigger is completed by follow-up reads,
 * each kept under 1,000 points.
 */
import { adminDocument, type AdminDocument, type UserError } from '../../shopify/document';
import { ORDER_FIELDS, type OrderAddress, type OrderFieldsData } from '../order';

export interface Quantity {
  name: string;
  quantity: number;
}

export interface InventoryLevelData {
  location: { id: string };
  quantities: Quantity[];
}

export interface InventoryItemData {
  id: string;
  tracked: boolean;
  inventoryLevels: { nodes: InventoryLevelData[]; pageInfo: { hasNextPage: boolean; endCursor?: string | null } };
}

export interface OrderLineData {
  id: string;
  quantity: number;
  variant: { inventoryItem: InventoryItemData | null } | null;
}

export interface FulfillmentOrderLineData {
  id: string;
  remainingQuantity: number;
  totalQuantity: number;
  requiresShipping: boolean;
  sku: string | null;
  productTitle: string;
  vendor: string | null;
  inventoryItemId: string | null;
  lineItem: { id: string };
  /** Absent when not read (`$variants` false). */
  variant?: { id: string; product: { id: string } | null } | null;
}

export interface LocationForMoveData {
  movable: boolean;
  message: string | null;
  location: { id: string };
}

export interface LocationsForMoveData {
  nodes: LocationForMoveData[];
  pageInfo: PageInfo;
}

export interface FulfillmentOrderData {
  id: string;
  status: string;
  requestStatus: string;
  fulfillAt: string | null;
  supportedActions: { action: string }[];
  fulfillmentHolds: { reason: string; reasonNotes: string | null }[];
  assignedLocation: { name: string; location: { id: string } | null };
  deliveryMethod: { methodType: string } | null;
  lineItems: { nodes: FulfillmentOrderLineData[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
  /** Read only when the action may move (`$moves`); Shopify's own answer of where it may go. */
  locationsForMove?: LocationsForMoveData;
}

export interface LocationData {
  id: string;
  name: string;
  isActive: boolean;
  fulfillsOnlineOrders: boolean;
  isFulfillmentService: boolean;
  address: OrderAddress;
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface OrderData extends OrderFieldsData {
  lineItems: { nodes: OrderLineData[]; pageInfo: PageInfo };
  fulfillmentOrders: { nodes: FulfillmentOrderData[]; pageInfo: PageInfo };
}

export interface SnapshotData {
  order: OrderData | null;
  locations: { nodes: LocationData[]; pageInfo: PageInfo };
}

export interface SnapshotVariables extends MoveVariables {
  id: string;
  lines: number;
  levels: number;
  quantities: string[];
  fulfillmentOrders: number;
  foLines: number;
  locations: number;
}

/**
 * Whether the fulfillment orders' `locationsForMove` is read (only an action that may move needs it), and how many;
 * whether their lines' variant and product are read (only the rule variables `line.variant_id` / `line.product_id` use them).
 */
export interface MoveVariables {
  moves: boolean;
  moveLocations: number;
  variants: boolean;
}

/**
 * Inventory quantities read at each level. Every returned quantity is an object Shopify charges for,
 * and only `line.on_hand` / `line.committed` use the last two, so they are read only for rules that
 * read those variables (see stockQuantities in plan.ts): `available` alone is 3 points per level
 * instead of 5.
 */
export const AVAILABLE_ONLY = ['available'] as const;
export const ALL_QUANTITIES = ['available', 'on_hand', 'committed'] as const;

/**
 * The first read's sizes: a typical order (≤ 10 items, ≤ 3 fulfillment orders of ≤ 10 lines) in a
 * shop of ≤ 10 locations; `locationsForMove` of each fulfillment order covers 25 locations.
 */
export const SNAPSHOT_SIZES = { lines: 10, levels: 10, fulfillmentOrders: 3, foLines: 10, locations: 25, moveLocations: 25 } as const;

/** An item's stock levels: the first page with the item (SnapshotInventoryItem), the rest a page at a time (MORE_ITEM_LEVELS). */
const LEVEL_PAGE = /* GraphQL */ `
  fragment SnapshotLevels on InventoryLevelConnection {
    nodes {
      location {
        id
      }
      quantities(names: $quantities) {
        name
        quantity
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
`;

const LEVELS = /* GraphQL */ `
  fragment SnapshotInventoryItem on InventoryItem {
    id
    tracked
    inventoryLevels(first: $levels) {
      ...SnapshotLevels
    }
  }
  ${LEVEL_PAGE}
`;

/** A page of a fulfillment order's `locationsForMove`: in the snapshot, and the rest for big shops (MORE_LOCATIONS_FOR_MOVE). */
const LOCATIONS_FOR_MOVE = /* GraphQL */ `
  fragment SnapshotLocationsForMove on FulfillmentOrderLocationForMoveConnection {
    nodes {
      movable
      message
      location {
        id
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
`;

const FULFILLMENT_ORDER = /* GraphQL */ `
  fragment SnapshotFulfillmentOrder on FulfillmentOrder {
    id
    status
    requestStatus
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
      location {
        id
      }
    }
    deliveryMethod {
      methodType
    }
    lineItems(first: $foLines) {
      nodes {
        id
        remainingQuantity
        totalQuantity
        requiresShipping
        sku
        productTitle
        vendor
        inventoryItemId
        lineItem {
          id
        }
        variant @include(if: $variants) {
          id
          product {
            id
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
    locationsForMove(first: $moveLocations) @include(if: $moves) {
      ...SnapshotLocationsForMove
    }
  }
  ${LOCATIONS_FOR_MOVE}
`;

const LOCATION = /* GraphQL */ `
  fragment SnapshotLocation on Location {
    id
    name
    isActive
    fulfillsOnlineOrders
    isFulfillmentService
    address {
      countryCode
      provinceCode
      city
      zip
      latitude
      longitude
    }
  }
`;

/** One read for a typical order: the order, its line items with stock everywhere, its fulfillment orders and the shop's locations. */
export const FULFILLMENT_SNAPSHOT = adminDocument<SnapshotData, SnapshotVariables>(/* GraphQL */ `
  query FulfillmentSnapshot(
    $id: ID!
    $lines: Int!
    $levels: Int!
    $quantities: [String!]!
    $fulfillmentOrders: Int!
    $foLines: Int!
    $locations: Int!
    $moves: Boolean!
    $moveLocations: Int!
    $variants: Boolean!
  ) {
    order(id: $id) {
      ...OrderFields
      lineItems(first: $lines) {
        nodes {
          id
          quantity
          variant {
            inventoryItem {
              ...SnapshotInventoryItem
            }
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
      fulfillmentOrders(first: $fulfillmentOrders, displayable: true) {
        nodes {
          ...SnapshotFulfillmentOrder
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
    locations(first: $locations, includeInactive: true) {
      nodes {
        ...SnapshotLocation
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
  ${LEVELS}
  ${FULFILLMENT_ORDER}
  ${LOCATION}
  ${ORDER_FIELDS}
`);

/** Big orders: the rest of the fulfillment orders (and longer line lists), a page at a time. */
export const MORE_FULFILLMENT_ORDERS = adminDocument<
  { order: { fulfillmentOrders: { nodes: FulfillmentOrderData[]; pageInfo: PageInfo } } | null },
  { id: string; after: string | null; fulfillmentOrders: number; foLines: number } & MoveVariables
>(/* GraphQL */ `
  query FulfillmentSnapshotOrders(
    $id: ID!
    $after: String
    $fulfillmentOrders: Int!
    $foLines: Int!
    $moves: Boolean!
    $moveLocations: Int!
    $variants: Boolean!
  ) {
    order(id: $id) {
      fulfillmentOrders(first: $fulfillmentOrders, after: $after, displayable: true) {
        nodes {
          ...SnapshotFulfillmentOrder
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
  ${FULFILLMENT_ORDER}
`);

/** Big shops: the rest of the locations. */
export const MORE_LOCATIONS = adminDocument<
  { locations: { nodes: LocationData[]; pageInfo: PageInfo } },
  { after: string | null; locations: number }
>(/* GraphQL */ `
  query FulfillmentSnapshotLocations($after: String, $locations: Int!) {
    locations(first: $locations, after: $after, includeInactive: true) {
      nodes {
        ...SnapshotLocation
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
  ${LOCATION}
`);

/** Big shops: the rest of one fulfillment order's `locationsForMove`, a page at a time. */
export const MORE_LOCATIONS_FOR_MOVE = adminDocument<
  { fulfillmentOrder: { locationsForMove: LocationsForMoveData } | null },
  { id: string; after: string; first: number }
>(/* GraphQL */ `
  query FulfillmentSnapshotMoves($id: ID!, $after: String!, $first: Int!) {
    fulfillmentOrder(id: $id) {
      locationsForMove(first: $first, after: $after) {
        ...SnapshotLocationsForMove
      }
    }
  }
  ${LOCATIONS_FOR_MOVE}
`);

/** One item's stock at the locations a FulfillmentSnapshotStock read asked for: alias `l<i>` is the i-th location, null where the item is not stocked. */
export type StockAtLocationsItem = { id: string; tracked: boolean } & Record<string, { quantities: Quantity[] } | null | string | boolean>;

export type StockAtLocationsVariables = { ids: string[]; quantities: string[] } & Record<string, string | string[]>;

/** The most locations one FulfillmentSnapshotStock read names (the query text grows with them). */
export const STOCK_AT_LOCATIONS_MAX = 250;

const stockDocuments = new Map<
  number,
  AdminDocument<{ nodes: (StockAtLocationsItem | Record<string, never> | null)[] }, StockAtLocationsVariables>
>();

/**
 * Items' stock at `count` given locations (variables `$l0`…), each level asked for by location
 * (`inventoryLevel(locationId:)`): no location object to pay for (2 points a level with
 * `available` alone, against 3 in a connection) and no paging, so a big shop's stock is read only
 * where the plan can use it (the fulfillment orders' assigned locations and the places Shopify
 * lists for a move), complete, whatever the order of Shopify's level lists. One document per
 * count, built once; the tests validate it against the real schema.
 */
export function stockAtLocations(count: number) {
  if (!Number.isInteger(count) || count < 1 || count > STOCK_AT_LOCATIONS_MAX)
    throw new Error(`stockAtLocations: bad location count ${count}`);
  const cached = stockDocuments.get(count);
  if (cached) return cached;
  const indexes = Array.from({ length: count }, (_, i) => i);
  const document = adminDocument<{ nodes: (StockAtLocationsItem | Record<string, never> | null)[] }, StockAtLocationsVariables>(
    `query FulfillmentSnapshotStock($ids: [ID!]!, $quantities: [String!]!, ${indexes.map((i) => `$l${i}: ID!`).join(', ')}) {
  nodes(ids: $ids) {
    ... on InventoryItem {
      id
      tracked
${indexes.map((i) => `      l${i}: inventoryLevel(locationId: $l${i}) { quantities(names: $quantities) { name quantity } }`).join('\n')}
    }
  }
}`,
  );
  stockDocuments.set(count, document);
  return document;
}

export interface MovedFulfillmentOrder {
  id: string;
  status: string;
  assignedLocation: { location: { id: string } | null };
  lineItems: { nodes: { id: string; remainingQuantity: number; lineItem: { id: string } }[]; pageInfo: { hasNextPage: boolean } };
}

export interface MoveUserError extends UserError {
  code: string | null;
}

/** Where a fulfillment order is and what it still holds, by order line: what a create after a move is built from. */
const PLACED_FULFILLMENT_ORDER = /* GraphQL */ `
  fragment PlacedFulfillmentOrder on FulfillmentOrder {
    id
    status
    assignedLocation {
      location {
        id
      }
    }
    lineItems(first: $placedLines) {
      nodes {
        id
        remainingQuantity
        lineItem {
          id
        }
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`;

/**
 * Moves a fulfillment order. The moved fulfillment order may keep the id (a whole, untouched one
 * into a location holding no other of the order) or be a new one with new line item ids: the
 * executor always fulfils what comes back here, never the id it sent.
 */
export const MOVE_FULFILLMENT_ORDER = adminDocument<
  {
    fulfillmentOrderMove: {
      movedFulfillmentOrder: MovedFulfillmentOrder | null;
      remainingFulfillmentOrder: { id: string } | null;
      userErrors: MoveUserError[];
    } | null;
  },
  { id: string; newLocationId: string; fulfillmentOrderLineItems?: { id: string; quantity: number }[]; placedLines: number }
>(/* GraphQL */ `
  mutation FulfillmentOrderMove(
    $id: ID!
    $newLocationId: ID!
    $fulfillmentOrderLineItems: [FulfillmentOrderLineItemInput!]
    $placedLines: Int!
  ) {
    fulfillmentOrderMove(id: $id, newLocationId: $newLocationId, fulfillmentOrderLineItems: $fulfillmentOrderLineItems) {
      movedFulfillmentOrder {
        ...PlacedFulfillmentOrder
      }
      remainingFulfillmentOrder {
        id
      }
      userErrors {
        field
        message
        code
      }
    }
  }
  ${PLACED_FULFILLMENT_ORDER}
`);

/**
 * After several fulfillment orders were moved into one location: their state now. Shopify may
 * have closed one and recreated its lines in the fulfillment order a later move returned (the
 * schema description of fulfillmentOrderMove), so the create is built from this, not the plan.
 */
export const REFRESH_FULFILLMENT_ORDERS = adminDocument<
  { nodes: (MovedFulfillmentOrder | Record<string, never> | null)[] },
  { ids: string[]; placedLines: number }
>(/* GraphQL */ `
  query FulfillmentOrdersAfterMoves($ids: [ID!]!, $placedLines: Int!) {
    nodes(ids: $ids) {
      ...PlacedFulfillmentOrder
    }
  }
  ${PLACED_FULFILLMENT_ORDER}
`);

export interface FulfillmentCreateInput {
  lineItemsByFulfillmentOrder: { fulfillmentOrderId: string; fulfillmentOrderLineItems?: { id: string; quantity: number }[] }[];
  notifyCustomer: boolean;
}

/** Fulfils (parts of) fulfillment orders of one location. */
export const CREATE_FULFILLMENT = adminDocument<
  {
    fulfillmentCreate: {
      fulfillment: { id: string; status: string; location: { id: string; name: string } | null } | null;
      userErrors: UserError[];
    } | null;
  },
  { fulfillment: FulfillmentCreateInput }
>(/* GraphQL */ `
  mutation FulfillmentCreate($fulfillment: FulfillmentInput!) {
    fulfillmentCreate(fulfillment: $fulfillment) {
      fulfillment {
        id
        status
        location {
          id
          name
        }
      }
      userErrors {
        field
        message
      }
    }
  }
`);

export interface RunFulfillmentData {
  id: string;
  createdAt: string;
  location: { id: string; name: string } | null;
  fulfillmentLineItems: { nodes: { quantity: number | null; lineItem: { id: string } }[] };
}

/**
 * A resumed run's look back: the newest fulfillments of the fulfillment orders an earlier attempt
 * sent a fulfillmentCreate for (its answer, and so the fulfillment's id, may have been lost).
 * Through the fulfillment order, newest first, because `Order.fulfillments` is a plain list that
 * cannot be paged.
 */
export const RUN_FULFILLMENTS = adminDocument<
  { nodes: ({ id: string; fulfillments: { nodes: RunFulfillmentData[] } } | Record<string, never> | null)[] },
  { ids: string[]; fulfillments: number; lines: number }
>(/* GraphQL */ `
  query FulfillmentRunFulfillments($ids: [ID!]!, $fulfillments: Int!, $lines: Int!) {
    nodes(ids: $ids) {
      ... on FulfillmentOrder {
        id
        fulfillments(first: $fulfillments, reverse: true) {
          nodes {
            id
            createdAt
            location {
              id
              name
            }
            fulfillmentLineItems(first: $lines) {
              nodes {
                quantity
                lineItem {
                  id
                }
              }
            }
          }
        }
      }
    }
  }
`);
