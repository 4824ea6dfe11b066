/** Access scopes: which token may read or change what. */
import type { FulfillmentOrderRecord, ShopRecord, SimStore } from './store';

/** Whether the shop granted `scope`; a write scope implies its read scope, as on Shopify. */
export function hasScope(shop: ShopRecord, scope: string): boolean {
  return shop.scopes.has(scope) || (scope.startsWith('read_') && shop.scopes.has(`write_${scope.slice(5)}`));
}

/** Whether any of `scopes` was granted. */
export function hasAnyScope(shop: ShopRecord, scopes: readonly string[]): boolean {
  return scopes.some((s) => hasScope(shop, s));
}

export const FULFILLMENT_ORDER_READ_SCOPES = [
  'read_merchant_managed_fulfillment_orders',
  'read_third_party_fulfillment_orders',
  'read_assigned_fulfillment_orders',
];
export const FULFILLMENT_ORDER_WRITE_SCOPES = [
  'write_merchant_managed_fulfillment_orders',
  'write_third_party_fulfillment_orders',
  'write_assigned_fulfillment_orders',
];

/**
 * The scope family of a fulfillment order: merchant-managed, third party (another app's
 * fulfillment service), or assigned (a fulfillment service this app registered; "The
 * `read_assigned_fulfillment_orders` and `write_assigned_fulfillment_orders` access scopes are
 * intended for fulfillment services", schema description of FulfillmentOrder).
 */
function family(store: SimStore, fo: FulfillmentOrderRecord): 'merchant_managed' | 'third_party' | 'assigned' {
  const location = store.location(fo.assignedLocationId);
  if (!location?.isFulfillmentService) return 'merchant_managed';
  return location.ownFulfillmentService ? 'assigned' : 'third_party';
}

/** Fulfillment orders outside the granted scopes are silently missing, as on Shopify. */
export function canReadFulfillmentOrder(store: SimStore, shop: ShopRecord, fo: FulfillmentOrderRecord): boolean {
  return hasScope(shop, `read_${family(store, fo)}_fulfillment_orders`);
}

/** Whether the token may change (fulfil, move) this fulfillment order. */
export function canWriteFulfillmentOrder(store: SimStore, shop: ShopRecord, fo: FulfillmentOrderRecord): boolean {
  return hasScope(shop, `write_${family(store, fo)}_fulfillment_orders`);
}
