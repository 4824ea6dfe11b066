/**
 * The context builder: turns a snapshot into exactly the evaluation context documented in
 * src/rules/context.ts (plain objects, own properties), with Shopify's commitment accounted for.
 */
import type { FulfillmentOrderContext, LineContext, LocationContext, OrderContext } from '../../rules/context';
import type { Snapshot, SnapshotFulfillmentOrder, SnapshotLine, SnapshotLocation } from './snapshot';

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in km by the haversine formula; null when either point lacks coordinates. */
export function haversineKm(
  a: { latitude: number | null; longitude: number | null } | null,
  b: { latitude: number | null; longitude: number | null } | null,
): number | null {
  if (!a || !b || a.latitude == null || a.longitude == null || b.latitude == null || b.longitude == null) return null;
  const rad = (deg: number) => (deg * Math.PI) / 180;
  const dLat = rad(b.latitude - a.latitude);
  const dLon = rad(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return Math.round(2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h))) * 10) / 10;
}

/** Why a line is (not) in stock at a location, for the explanation. */
export interface LineStock {
  inStock: boolean;
  /** Units of the line's remaining quantity available there (capped at the remaining quantity). */
  units: number;
  reason: string;
}

/**
 * Whether `line` of `fo` can be fulfilled from `locationId`. At the fulfillment order's own location
 * Shopify has already committed this order's units (they are out of `available`), so the line is in
 * stock there when `available >= 0`; elsewhere it needs `available >= quantity`. Untracked items and
 * items without an inventory item are always in stock.
 */
export function lineStockAt(line: SnapshotLine, fo: SnapshotFulfillmentOrder, locationId: string, quantity = line.remaining): LineStock {
  if (!line.inventoryItemId) return { inStock: true, units: quantity, reason: 'custom item without inventory: always in stock' };
  if (!line.tracked) return { inStock: true, units: quantity, reason: 'inventory not tracked: always in stock' };
  const level = line.levels[locationId];
  if (!level) return { inStock: false, units: 0, reason: 'not stocked at this location' };
  const assigned = fo.locationId === locationId;
  // At the assigned location this order's units are part of `committed`, not `available`.
  const usable = assigned ? level.available + quantity : level.available;
  const units = Math.max(0, Math.min(quantity, usable));
  const inStock = usable >= quantity;
  const reason = assigned
    ? `${level.available} available after this order's ${quantity} committed here${inStock ? '' : ` (short by ${quantity - usable})`}`
    : `${level.available} available, ${quantity} needed`;
  return { inStock, units, reason };
}

/** The `order` root. */
export function orderContext(snapshot: Snapshot): OrderContext {
  const { order } = snapshot;
  const address = order.shippingAddress;
  return {
    id: order.id,
    name: order.name,
    tags: [...order.tags],
    total_price: order.totalPrice,
    currency: order.currency,
    created_at: order.createdAt,
    email: order.email,
    shipping_address: address
      ? {
          country_code: address.countryCode,
          province_code: address.provinceCode,
          city: address.city,
          zip: address.zip,
          latitude: address.latitude,
          longitude: address.longitude,
        }
      : null,
    customer: order.customer ? { id: order.customer.id, tags: [...order.customer.tags] } : null,
    line_count: order.lineCount,
    total_quantity: order.totalQuantity,
  };
}

/** The `fulfillment_order` root. */
export function fulfillmentOrderContext(fo: SnapshotFulfillmentOrder): FulfillmentOrderContext {
  return { id: fo.id, status: fo.status, assigned_location_id: fo.locationId ?? '', delivery_method: fo.deliveryMethod };
}

/** The `location` root for placing `lines` (default: the fulfillment order's lines with something left). */
export function locationContext(
  snapshot: Snapshot,
  location: SnapshotLocation,
  fo: SnapshotFulfillmentOrder,
  lines: SnapshotLine[] = fo.lines.filter((l) => l.remaining > 0),
): LocationContext {
  let linesInStock = 0;
  let units = 0;
  for (const line of lines) {
    const stock = lineStockAt(line, fo, location.id);
    if (stock.inStock) linesInStock++;
    units += stock.units;
  }
  return {
    id: location.id,
    name: location.name,
    country_code: location.countryCode,
    province_code: location.provinceCode,
    city: location.city,
    zip: location.zip,
    latitude: location.latitude,
    longitude: location.longitude,
    is_active: location.isActive,
    fulfills_online_orders: location.fulfillsOnlineOrders,
    is_assigned: fo.locationId === location.id,
    distance_km: haversineKm(snapshot.order.shippingAddress, location),
    all_in_stock: linesInStock === lines.length,
    lines_in_stock: linesInStock,
    units_in_stock: units,
  };
}

/** The `line` root: inventory figures at the fulfillment order's assigned location. */
export function lineContext(line: SnapshotLine, fo: SnapshotFulfillmentOrder): LineContext {
  const level = fo.locationId ? line.levels[fo.locationId] : undefined;
  const known = !!level && !!line.inventoryItemId;
  return {
    id: line.id,
    sku: line.sku,
    title: line.title,
    vendor: line.vendor,
    quantity: line.remaining,
    requires_shipping: line.requiresShipping,
    tracked: !!line.inventoryItemId && line.tracked,
    available: known ? level.available : null,
    // Null also when not read: the snapshot reads them only when some rule of the action reads these two.
    on_hand: known ? level.onHand : null,
    committed: known ? level.committed : null,
    variant_id: line.variantId,
    product_id: line.productId,
  };
}
