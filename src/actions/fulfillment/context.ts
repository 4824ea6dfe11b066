/**
 * The context builder: turns a snapshot into exactly the evaluation context documented in
 * src/rules/context.ts (plain objects, own properties), with Shopify's commitment and the stock
 * shared by the order's lines accounted for (stock.ts).
 */
import type { FulfillmentOrderContext, LineContext, LocationContext, OrderContext } from '../../rules/context';
import { orderContextOf } from '../order';
import type { Snapshot, SnapshotFulfillmentOrder, SnapshotLine, SnapshotLocation } from './snapshot';
import { isCounted, type Coverage, type StockPool } from './stock';

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

/** The `order` root. */
export function orderContext(snapshot: Snapshot): OrderContext {
  return orderContextOf(snapshot.order);
}

/** The `fulfillment_order` root. */
export function fulfillmentOrderContext(fo: SnapshotFulfillmentOrder): FulfillmentOrderContext {
  return { id: fo.id, status: fo.status, assigned_location_id: fo.locationId ?? '', delivery_method: fo.deliveryMethod };
}

/** The `location` root for placing lines whose coverage at this location is `coverage` (StockPool.cover). */
export function locationContext(
  snapshot: Snapshot,
  location: SnapshotLocation,
  fo: SnapshotFulfillmentOrder,
  coverage: Coverage,
): LocationContext {
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
    all_in_stock: coverage.all,
    lines_in_stock: coverage.lines,
    units_in_stock: coverage.units,
  };
}

/**
 * The `line` root: inventory figures at the fulfillment order's assigned location. `available` is
 * what stays free there once this line ships, after the order's earlier lines of the same item
 * took theirs (Shopify's available plus this order's own committed units, see stock.ts): 0 or
 * more means the line is covered, and for a lone line it equals Shopify's `available`.
 */
export function lineContext(line: SnapshotLine, fo: SnapshotFulfillmentOrder, pool: StockPool): LineContext {
  const level = fo.locationId ? line.levels[fo.locationId] : undefined;
  const known = !!level && !!line.inventoryItemId;
  const free = fo.locationId ? pool.free(line, fo.locationId) : null;
  const available = !known ? null : isCounted(line) && free !== null && free !== Infinity ? free - line.remaining : level.available;
  return {
    id: line.id,
    sku: line.sku,
    title: line.title,
    vendor: line.vendor,
    quantity: line.remaining,
    requires_shipping: line.requiresShipping,
    tracked: !!line.inventoryItemId && line.tracked,
    available,
    // Null also when not read: the snapshot reads them only when some rule of the action reads these two.
    on_hand: known ? level.onHand : null,
    committed: known ? level.committed : null,
    variant_id: line.variantId,
    product_id: line.productId,
  };
}
