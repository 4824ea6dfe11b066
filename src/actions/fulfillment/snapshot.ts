/**
 * The snapshot loader: one read for a typical order (FULFILLMENT_SNAPSHOT), follow-up reads only
 * for what overflowed the first one (more fulfillment orders or lines, more locations, items
 * stocked in more locations, or inventory Shopify would not give through the variant), each
 * under Shopify's 1,000-point single-query limit. Never one query per line or per location.
 */
import { ActionError } from '../../errors';
import type { AdminClient } from '../../shopify/client';
import {
  ALL_QUANTITIES,
  AVAILABLE_ONLY,
  FULFILLMENT_SNAPSHOT,
  INVENTORY_ITEMS,
  MORE_FULFILLMENT_ORDERS,
  MORE_LOCATIONS,
  SNAPSHOT_SIZES,
  type FulfillmentOrderData,
  type InventoryItemData,
  type LocationData,
  type OrderData,
  type PageInfo,
} from './documents';

/** Stock of one item at one location; `onHand` and `committed` are null when they were not read (see SnapshotOptions). */
export interface StockLevel {
  available: number;
  onHand: number | null;
  committed: number | null;
}

export interface SnapshotOptions {
  /** Read `on_hand` and `committed` too (only the rule variables `line.on_hand` / `line.committed` use them). */
  onHandAndCommitted: boolean;
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
  /** Location id → stock there; a location without a level does not stock the item. */
  levels: Record<string, StockLevel>;
}

export interface SnapshotFulfillmentOrder {
  id: string;
  status: string;
  requestStatus: string;
  supportedActions: string[];
  holds: { reason: string; reasonNotes: string | null }[];
  locationId: string | null;
  locationName: string;
  deliveryMethod: string | null;
  lines: SnapshotLine[];
}

/** Where an address is: what the context's location and shipping-address variables need. */
export interface SnapshotAddress {
  countryCode: string | null;
  provinceCode: string | null;
  city: string | null;
  zip: string | null;
  latitude: number | null;
  longitude: number | null;
}

export interface SnapshotLocation extends SnapshotAddress {
  id: string;
  name: string;
  isActive: boolean;
  fulfillsOnlineOrders: boolean;
}

export interface Snapshot {
  order: {
    id: string;
    name: string;
    tags: string[];
    createdAt: string;
    email: string | null;
    cancelledAt: string | null;
    currency: string;
    totalPrice: number;
    shippingAddress: SnapshotAddress | null;
    customer: { id: string; tags: string[] } | null;
    lineCount: number;
    totalQuantity: number;
  };
  fulfillmentOrders: SnapshotFulfillmentOrder[];
  locations: SnapshotLocation[];
  /** Variables degraded for lack of an access scope, and other caveats, for the explanation. */
  notes: string[];
}

const MAX_PAGES = 10;
const FOLLOW_UP_BUDGET = 950;

/** Reads the order's snapshot; null when the order does not exist (or is another shop's). */
export async function loadSnapshot(admin: AdminClient, orderId: string, options: SnapshotOptions): Promise<Snapshot | null> {
  const deniedBefore = admin.accessDenied.length;
  const quantities = [...(options.onHandAndCommitted ? ALL_QUANTITIES : AVAILABLE_ONLY)];
  const data = await admin.request(FULFILLMENT_SNAPSHOT, { id: orderId, ...SNAPSHOT_SIZES, quantities }, { tolerateAccessDenied: true });
  const order = data.order;
  if (!order) return null;

  let fulfillmentOrders = order.fulfillmentOrders.nodes;
  if (order.fulfillmentOrders.pageInfo.hasNextPage || fulfillmentOrders.some((fo) => fo.lineItems.pageInfo.hasNextPage)) {
    fulfillmentOrders = await allFulfillmentOrders(admin, orderId);
  }

  const locations = [...data.locations.nodes];
  let after = data.locations.pageInfo.hasNextPage ? data.locations.pageInfo.endCursor : null;
  for (let page = 0; after && page < MAX_PAGES; page++) {
    const more = await admin.request(MORE_LOCATIONS, { after, locations: 100 });
    locations.push(...more.locations.nodes);
    after = more.locations.pageInfo.hasNextPage ? more.locations.pageInfo.endCursor : null;
  }

  // Inventory by item id: from the order's lines, then by id for whatever is missing or cut short.
  const items = new Map<string, InventoryItemData>();
  for (const line of order.lineItems.nodes) {
    const item = line.variant?.inventoryItem;
    if (item && !item.inventoryLevels.pageInfo.hasNextPage) items.set(item.id, item);
  }
  const missing = [
    ...new Set(fulfillmentOrders.flatMap((fo) => fo.lineItems.nodes.map((l) => l.inventoryItemId)).filter((id): id is string => !!id && !items.has(id))),
  ];
  if (missing.length > 0) {
    const levels = Math.max(1, locations.length + 5);
    // An item: itself, its connection (2) and one more object; a level: itself, its location and each quantity.
    const perItem = 4 + levels * (2 + quantities.length);
    const chunk = Math.max(1, Math.floor(FOLLOW_UP_BUDGET / perItem));
    for (let i = 0; i < missing.length; i += chunk) {
      const more = await admin.request(INVENTORY_ITEMS, { ids: missing.slice(i, i + chunk), levels, quantities }, { tolerateAccessDenied: true });
      for (const node of more.nodes) if (node && 'id' in node && node.id) items.set(node.id, node as InventoryItemData);
    }
  }

  const notes = admin.accessDenied.slice(deniedBefore).map((d) => `Could not read ${d.field}${d.scope ? ` (the app lacks \`${d.scope}\`)` : ''}: the rule variables that depend on it are null.`);
  return normalise(order, fulfillmentOrders, locations, items, notes, options.onHandAndCommitted);
}

async function allFulfillmentOrders(admin: AdminClient, orderId: string): Promise<FulfillmentOrderData[]> {
  const out: FulfillmentOrderData[] = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES * 5; page++) {
    const more: { order: { fulfillmentOrders: { nodes: FulfillmentOrderData[]; pageInfo: PageInfo } } | null } = await admin.request(MORE_FULFILLMENT_ORDERS, { id: orderId, after, fulfillmentOrders: 4, foLines: 50 }, { tolerateAccessDenied: true });
    const connection = more.order?.fulfillmentOrders;
    if (!connection) break;
    for (const fo of connection.nodes) {
      if (fo.lineItems.pageInfo.hasNextPage) {
        throw new ActionError('order_too_large', `A fulfillment order of this order has more than 50 line items; flowfill handles up to 50 per fulfillment order.`);
      }
    }
    out.push(...connection.nodes);
    if (!connection.pageInfo.hasNextPage) break;
    after = connection.pageInfo.endCursor;
  }
  return out;
}

function normalise(
  order: OrderData,
  fulfillmentOrders: FulfillmentOrderData[],
  locations: LocationData[],
  items: Map<string, InventoryItemData>,
  notes: string[],
  onHandAndCommitted: boolean,
): Snapshot {
  const fos: SnapshotFulfillmentOrder[] = fulfillmentOrders.map((fo) => ({
    id: fo.id,
    status: fo.status,
    requestStatus: fo.requestStatus,
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
  }));
  if (fos.some((fo) => fo.lines.some((l) => l.inventoryItemId && !items.has(l.inventoryItemId)))) {
    notes.push('Stock of some items could not be read; they count as out of stock everywhere.');
  }

  // Line count and units: the order's lines when all were read, else what the fulfillment orders show.
  const complete = !order.lineItems.pageInfo.hasNextPage;
  const foLines = new Map<string, number>();
  for (const fo of fos) for (const line of fo.lines) foLines.set(line.lineItemId, (foLines.get(line.lineItemId) ?? 0) + line.total);
  const lineCount = complete ? order.lineItems.nodes.length : foLines.size;
  const totalQuantity = complete ? order.lineItems.nodes.reduce((sum, l) => sum + l.quantity, 0) : [...foLines.values()].reduce((a, b) => a + b, 0);

  const address = order.shippingAddress;
  return {
    order: {
      id: order.id,
      name: order.name,
      tags: order.tags,
      createdAt: order.createdAt,
      email: order.email,
      cancelledAt: order.cancelledAt,
      currency: order.currencyCode,
      totalPrice: Number(order.totalPriceSet.shopMoney.amount),
      shippingAddress: address
        ? {
            countryCode: address.countryCodeV2,
            provinceCode: address.provinceCode,
            city: address.city,
            zip: address.zip,
            latitude: address.latitude,
            longitude: address.longitude,
          }
        : null,
      customer: order.customer ? { id: order.customer.id, tags: order.customer.tags ?? [] } : null,
      lineCount,
      totalQuantity,
    },
    fulfillmentOrders: fos,
    locations: locations.map((l) => ({
      id: l.id,
      name: l.name,
      isActive: l.isActive,
      fulfillsOnlineOrders: l.fulfillsOnlineOrders,
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
  return { available: get('available'), onHand: onHandAndCommitted ? get('on_hand') : null, committed: onHandAndCommitted ? get('committed') : null };
}
