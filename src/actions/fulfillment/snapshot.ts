/**
 * The snapshot loader: one read for a typical order (FULFILLMENT_SNAPSHOT), follow-up reads only
 * for what overflowed the first one (more fulfillment orders or lines, more locations, more
 * `locationsForMove`, stock the first read cut short or Shopify would not give through the
 * variant, read only at the locations the plan can use: stock-read.ts), each under Shopify's
 * 1,000-point single-query limit. Never one query per line or per location. Every list is read to
 * its end, or the run fails with a 422 naming the limit: a decision made on a cut list could ship
 * from the wrong place.
 */
import { ActionError } from '../../errors';
import type { AdminClient } from '../../shopify/client';
import { orderFacts, type OrderAddress, type OrderFacts } from '../order';
import {
  ALL_QUANTITIES,
  AVAILABLE_ONLY,
  FULFILLMENT_SNAPSHOT,
  MORE_FULFILLMENT_ORDERS,
  MORE_LOCATIONS,
  MORE_LOCATIONS_FOR_MOVE,
  SNAPSHOT_SIZES,
  type FulfillmentOrderData,
  type InventoryItemData,
  type LocationData,
  type LocationForMoveData,
  type MoveVariables,
  type OrderData,
  type PageInfo,
} from './documents';
import { readStockAt, stockLocations } from './stock-read';

/** Stock of one item at one location; `onHand` and `committed` are null when they were not read (see SnapshotOptions). */
export interface StockLevel {
  available: number;
  onHand: number | null;
  committed: number | null;
}

export interface SnapshotOptions {
  /** Read `on_hand` and `committed` too (only the rule variables `line.on_hand` / `line.committed` use them). */
  onHandAndCommitted: boolean;
  /** Read each fulfillment order's `locationsForMove` (only an action that may move needs it). */
  moves?: boolean;
  /** Read each fulfillment order line's variant and product (only `line.variant_id` / `line.product_id` use them); default true. */
  variants?: boolean;
}

/** What Shopify says of moving a fulfillment order to one location (`locationsForMove`). */
export interface MoveTarget {
  movable: boolean;
  /** Shopify's reason when it can't move there (or some lines can't). */
  message: string | null;
}

export interface SnapshotLine {
  id: string;
  lineItemId: string;
  remaining: number;
  total: number;
  requiresShipping: boolean;
  sku: string | null;
  title: string;
  vendor: string | null;
  variantId: string | null;
  productId: string | null;
  inventoryItemId: string | null;
  /** False for untracked items; true when unknown. */
  tracked: boolean;
  /**
   * Location id → stock there; a location without a level does not stock the item. Complete at every
   * location the planners use (the fulfillment orders' assigned locations and the ones Shopify lists
   * for a move); a big shop's other levels are not read (stock-read.ts).
   */
  levels: Record<string, StockLevel>;
}

export interface SnapshotFulfillmentOrder {
  id: string;
  status: string;
  requestStatus: string;
  /** When a SCHEDULED fulfillment order opens (Shopify's fulfillAt). */
  fulfillAt: string | null;
  supportedActions: string[];
  holds: { reason: string; reasonNotes: string | null }[];
  locationId: string | null;
  locationName: string;
  deliveryMethod: string | null;
  lines: SnapshotLine[];
  /** Location id → Shopify's answer for a move there; null when not read. A location Shopify does not list is not a place it can move to. */
  moveTargets: Record<string, MoveTarget> | null;
}

/** Where an address is: what the context's location and shipping-address variables need. */
export type SnapshotAddress = OrderAddress;

export interface SnapshotLocation extends SnapshotAddress {
  id: string;
  name: string;
  isActive: boolean;
  fulfillsOnlineOrders: boolean;
  /** Another app's fulfillment service (a 3PL): flowfill never fulfils there. */
  isFulfillmentService: boolean;
}

export interface Snapshot {
  order: OrderFacts;
  fulfillmentOrders: SnapshotFulfillmentOrder[];
  locations: SnapshotLocation[];
  /** Variables degraded for lack of an access scope, and other caveats, for the explanation. */
  notes: string[];
}

/** The most flowfill reads of each list; past these a run fails with 422 `order_too_large` / `shop_too_large` naming the limit. */
export const SNAPSHOT_LIMITS = {
  fulfillmentOrders: 250,
  fulfillmentOrderLines: 50,
  locations: 1000,
} as const;
const PAGE = 100;

/** Reads the order's snapshot; null when the order does not exist (or is another shop's). */
export async function loadSnapshot(admin: AdminClient, orderId: string, options: SnapshotOptions): Promise<Snapshot | null> {
  const deniedBefore = admin.accessDenied.length;
  const quantities = [...(options.onHandAndCommitted ? ALL_QUANTITIES : AVAILABLE_ONLY)];
  const moves = { moves: options.moves === true, moveLocations: SNAPSHOT_SIZES.moveLocations, variants: options.variants !== false };
  const data = await admin.request(
    FULFILLMENT_SNAPSHOT,
    { id: orderId, ...SNAPSHOT_SIZES, ...moves, quantities },
    { tolerateAccessDenied: true },
  );
  const order = data.order;
  if (!order) return null;

  let fulfillmentOrders = order.fulfillmentOrders.nodes;
  if (order.fulfillmentOrders.pageInfo.hasNextPage || fulfillmentOrders.some((fo) => fo.lineItems.pageInfo.hasNextPage)) {
    fulfillmentOrders = await allFulfillmentOrders(admin, orderId, moves);
  }

  const locations = [...data.locations.nodes];
  let after = data.locations.pageInfo.hasNextPage ? data.locations.pageInfo.endCursor : null;
  while (after) {
    if (locations.length >= SNAPSHOT_LIMITS.locations) {
      throw new ActionError(
        'shop_too_large',
        `The shop has more than ${SNAPSHOT_LIMITS.locations} locations; flowfill reads at most ${SNAPSHOT_LIMITS.locations} and will not choose among part of them. Nothing was changed.`,
      );
    }
    const more = await admin.request(MORE_LOCATIONS, { after, locations: PAGE });
    locations.push(...more.locations.nodes);
    after = more.locations.pageInfo.hasNextPage ? more.locations.pageInfo.endCursor : null;
  }

  const moveTargets = moves.moves ? await allMoveTargets(admin, fulfillmentOrders) : null;

  // Inventory by item id: from the order's lines; whatever is missing or cut short is read at the
  // locations the plan can use (stock-read.ts), a lot cheaper in a big shop than every level.
  const items = new Map<string, InventoryItemData>();
  const firstPages = new Map<string, InventoryItemData>();
  for (const line of order.lineItems.nodes) {
    const item = line.variant?.inventoryItem;
    if (item) (item.inventoryLevels.pageInfo.hasNextPage ? firstPages : items).set(item.id, item);
  }
  const missing = [
    ...new Set(
      fulfillmentOrders
        .flatMap((fo) => fo.lineItems.nodes.map((l) => l.inventoryItemId))
        .filter((id): id is string => !!id && !items.has(id)),
    ),
  ];
  if (missing.length > 0) {
    const read = await readStockAt(
      admin,
      missing.map((id) => firstPages.get(id) ?? { id }),
      stockLocations(fulfillmentOrders, moveTargets),
      quantities,
    );
    for (const item of read) items.set(item.id, item);
  }

  const notes = admin.accessDenied
    .slice(deniedBefore)
    .map(
      (d) => `Could not read ${d.field}${d.scope ? ` (the app lacks \`${d.scope}\`)` : ''}: the rule variables that depend on it are null.`,
    );
  return normalise(order, fulfillmentOrders, locations, items, moveTargets, notes, options.onHandAndCommitted);
}

/** Every fulfillment order of a big order, a page at a time, to the end (or 422 past the limits). */
async function allFulfillmentOrders(admin: AdminClient, orderId: string, moves: MoveVariables): Promise<FulfillmentOrderData[]> {
  const out: FulfillmentOrderData[] = [];
  let after: string | null = null;
  // A page of 3 fulfillment orders of 50 lines (and 25 move targets each) stays under 1,000 points.
  for (;;) {
    const more: { order: { fulfillmentOrders: { nodes: FulfillmentOrderData[]; pageInfo: PageInfo } } | null } = await admin.request(
      MORE_FULFILLMENT_ORDERS,
      { id: orderId, after, fulfillmentOrders: 3, foLines: SNAPSHOT_LIMITS.fulfillmentOrderLines, ...moves },
      { tolerateAccessDenied: true },
    );
    const connection = more.order?.fulfillmentOrders;
    if (!connection) break;
    for (const fo of connection.nodes) {
      if (fo.lineItems.pageInfo.hasNextPage) {
        throw new ActionError(
          'order_too_large',
          `A fulfillment order of this order has more than ${SNAPSHOT_LIMITS.fulfillmentOrderLines} line items; flowfill handles up to ${SNAPSHOT_LIMITS.fulfillmentOrderLines} per fulfillment order. Nothing was changed.`,
        );
      }
    }
    out.push(...connection.nodes);
    if (!connection.pageInfo.hasNextPage) break;
    if (out.length >= SNAPSHOT_LIMITS.fulfillmentOrders) {
      throw new ActionError(
        'order_too_large',
        `The order has more than ${SNAPSHOT_LIMITS.fulfillmentOrders} fulfillment orders; flowfill reads at most ${SNAPSHOT_LIMITS.fulfillmentOrders}. Nothing was changed.`,
      );
    }
    after = connection.pageInfo.endCursor;
  }
  return out;
}

/** Each fulfillment order's `locationsForMove`, with the pages the first read did not hold. */
async function allMoveTargets(
  admin: AdminClient,
  fulfillmentOrders: FulfillmentOrderData[],
): Promise<Map<string, Record<string, MoveTarget>>> {
  const out = new Map<string, Record<string, MoveTarget>>();
  for (const fo of fulfillmentOrders) {
    const targets: Record<string, MoveTarget> = {};
    const add = (nodes: LocationForMoveData[]) => {
      for (const node of nodes) targets[node.location.id] = { movable: node.movable, message: node.message };
    };
    const first = fo.locationsForMove;
    if (!first) continue;
    add(first.nodes);
    // Only a fulfillment order that can move at all needs the rest of the list.
    const movable = fo.supportedActions.some((a) => a.action === 'MOVE') && fo.lineItems.nodes.some((l) => l.remainingQuantity > 0);
    let after = movable && first.pageInfo.hasNextPage ? first.pageInfo.endCursor : null;
    while (after) {
      if (Object.keys(targets).length >= SNAPSHOT_LIMITS.locations) {
        throw new ActionError(
          'shop_too_large',
          `Shopify lists more than ${SNAPSHOT_LIMITS.locations} locations a fulfillment order could move to; flowfill reads at most ${SNAPSHOT_LIMITS.locations}. Nothing was changed.`,
        );
      }
      const more = await admin.request(MORE_LOCATIONS_FOR_MOVE, { id: fo.id, after, first: PAGE });
      const connection = more.fulfillmentOrder?.locationsForMove;
      if (!connection) break;
      add(connection.nodes);
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
    }
    out.set(fo.id, targets);
  }
  return out;
}

function normalise(
  order: OrderData,
  fulfillmentOrders: FulfillmentOrderData[],
  locations: LocationData[],
  items: Map<string, InventoryItemData>,
  moveTargets: Map<string, Record<string, MoveTarget>> | null,
  notes: string[],
  onHandAndCommitted: boolean,
): Snapshot {
  const fos: SnapshotFulfillmentOrder[] = fulfillmentOrders.map((fo) => ({
    id: fo.id,
    status: fo.status,
    requestStatus: fo.requestStatus,
    fulfillAt: fo.fulfillAt ?? null,
    supportedActions: fo.supportedActions.map((a) => a.action),
    holds: fo.fulfillmentHolds.map((h) => ({ reason: h.reason, reasonNotes: h.reasonNotes })),
    locationId: fo.assignedLocation.location?.id ?? null,
    locationName: fo.assignedLocation.name,
    deliveryMethod: fo.deliveryMethod?.methodType ?? null,
    lines: fo.lineItems.nodes.map((line) => {
      const item = line.inventoryItemId ? items.get(line.inventoryItemId) : undefined;
      const levels: Record<string, StockLevel> = {};
      for (const level of item?.inventoryLevels.nodes ?? []) levels[level.location.id] = stockOf(level.quantities, onHandAndCommitted);
      return {
        id: line.id,
        lineItemId: line.lineItem.id,
        remaining: line.remainingQuantity,
        total: line.totalQuantity,
        requiresShipping: line.requiresShipping,
        sku: line.sku,
        title: line.productTitle,
        vendor: line.vendor,
        variantId: line.variant?.id ?? null,
        productId: line.variant?.product?.id ?? null,
        inventoryItemId: line.inventoryItemId,
        tracked: item ? item.tracked : true,
        levels,
      };
    }),
    moveTargets: moveTargets ? (moveTargets.get(fo.id) ?? {}) : null,
  }));
  if (fos.some((fo) => fo.lines.some((l) => l.inventoryItemId && !items.has(l.inventoryItemId)))) {
    notes.push('Stock of some items could not be read; they count as out of stock everywhere.');
  }

  // Line count and units: the order's lines when all were read, else what the fulfillment orders show.
  const complete = !order.lineItems.pageInfo.hasNextPage;
  const foLines = new Map<string, number>();
  for (const fo of fos) for (const line of fo.lines) foLines.set(line.lineItemId, (foLines.get(line.lineItemId) ?? 0) + line.total);
  const lineCount = complete ? order.lineItems.nodes.length : foLines.size;
  const totalQuantity = complete
    ? order.lineItems.nodes.reduce((sum, l) => sum + l.quantity, 0)
    : [...foLines.values()].reduce((a, b) => a + b, 0);

  return {
    order: orderFacts(order, { lineCount, totalQuantity }),
    fulfillmentOrders: fos,
    locations: locations.map((l) => ({
      id: l.id,
      name: l.name,
      isActive: l.isActive,
      fulfillsOnlineOrders: l.fulfillsOnlineOrders,
      isFulfillmentService: l.isFulfillmentService,
      countryCode: l.address.countryCode,
      provinceCode: l.address.provinceCode,
      city: l.address.city,
      zip: l.address.zip,
      latitude: l.address.latitude,
      longitude: l.address.longitude,
    })),
    notes,
  };
}

function stockOf(quantities: { name: string; quantity: number }[], onHandAndCommitted: boolean): StockLevel {
  const get = (name: string) => quantities.find((q) => q.name === name)?.quantity ?? 0;
  return {
    available: get('available'),
    onHand: onHandAndCommitted ? get('on_hand') : null,
    committed: onHandAndCommitted ? get('committed') : null,
  };
}
