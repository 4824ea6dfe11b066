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

export const FULFILLMENT_ORDER_READ_SCOPES = ['read_merchant_managed_fulfillment_orders', 'read_third_party_fulfillment_orders', 'read_assigned_fulfillment_orders'];
export const FULFILLMENT_ORDER_WRITE_SCOPES = ['write_merchant_managed_fulfillment_orders', 'write_third_party_fulfillment_orders', 'write_assigned_fulfillment_orders'];

/** The scope family of a fulfillment order: merchant-managed, or third party (a fulfillment service's location). */
function family(store: SimStore, fo: FulfillmentOrderRecord): 'merchant_managed' | 'third_party' {
  return store.location(fo.assignedLocationId)?.isFulfillmentService ? 'third_party' : 'merchant_managed';
}

/** Fulfillment orders outside the granted scopes are silently missing, as on Shopify. */
export function canReadFulfillmentOrder(store: SimStore, shop: ShopRecord, fo: FulfillmentOrderRecord): boolean {
  return hasScope(shop, `read_${family(store, fo)}_fulfillment_orders`);
}

/** Whether the token may change (fulfil, move) this fulfillment order. */
export function canWriteFulfillmentOrder(store: SimStore, shop: ShopRecord, fo: FulfillmentOrderRecord): boolean {
  return hasScope(shop, `write_${family(store, fo)}_fulfillment_orders`);
}
