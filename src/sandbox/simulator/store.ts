/**
 * The simulated shops' state: locations, products and inventory, orders, fulfillment orders and
 * fulfillments, with terse builders for test scenarios and readers to check what the app changed.
 * Plain data and synchronous methods; the GraphQL layer reads and changes it through here.
 */
import { gid, idOf, parseGid, toGid } from './gid';
import { REQUIRED_SCOPES } from '../../auth/scopes';
import { createFulfillment, type TrackingInput } from './operations';

export type FulfillmentOrderStatus = 'OPEN' | 'IN_PROGRESS' | 'CANCELLED' | 'INCOMPLETE' | 'CLOSED' | 'SCHEDULED' | 'ON_HOLD';
export type FulfillmentOrderRequestStatus =
  | 'UNSUBMITTED'
  | 'SUBMITTED'
  | 'ACCEPTED'
  | 'REJECTED'
  | 'CANCELLATION_REQUESTED'
  | 'CANCELLATION_ACCEPTED'
  | 'CANCELLATION_REJECTED'
  | 'CLOSED';
export type FulfillmentHoldReason =
  | 'AWAITING_PAYMENT'
  | 'HIGH_RISK_OF_FRAUD'
  | 'INCORRECT_ADDRESS'
  | 'INVENTORY_OUT_OF_STOCK'
  | 'UNKNOWN_DELIVERY_DATE'
  | 'ONLINE_STORE_POST_PURCHASE_CROSS_SELL'
  | 'AWAITING_RETURN_ITEMS'
  | 'OTHER';
export type DeliveryMethodType = 'SHIPPING' | 'PICK_UP' | 'NONE' | 'RETAIL' | 'LOCAL' | 'PICKUP_POINT';

/** Every access scope the flowfill app asks for (a simulated shop grants them all by default). */
export const APP_SCOPES: readonly string[] = REQUIRED_SCOPES;

export interface Address {
  firstName?: string | null;
  lastName?: string | null;
  company?: string | null;
  address1?: string | null;
  address2?: string | null;
  city?: string | null;
  province?: string | null;
  provinceCode?: string | null;
  country?: string | null;
  countryCode?: string | null;
  zip?: string | null;
  phone?: string | null;
  latitude?: number | null;
  longitude?: number | null;
}

export interface ShopRecord {
  id: string;
  domain: string;
  name: string;
  email: string;
  currencyCode: string;
  /** null once revoked (app uninstalled): every request then answers 401. */
  accessToken: string | null;
  scopes: Set<string>;
}

export interface LocationRecord {
  id: string;
  shop: string;
  name: string;
  isActive: boolean;
  fulfillsOnlineOrders: boolean;
  /** A fulfillment service's location (another app's 3PL unless `ownFulfillmentService`): the app can't create fulfillments there. */
  isFulfillmentService: boolean;
  /**
   * The location of a fulfillment service this very app registered (fulfillmentServiceCreate), as in
   * the close-state capture: Shopify then lists CREATE_FULFILLMENT for its fulfillment orders, and
   * they fall under the `*_assigned_fulfillment_orders` scopes instead of `*_third_party_*`.
   */
  ownFulfillmentService: boolean;
  shipsInventory: boolean;
  address: Address;
  createdAt: string;
  updatedAt: string;
}

export interface ProductRecord {
  id: string;
  shop: string;
  title: string;
  handle: string;
  productType: string;
  vendor: string;
  tags: string[];
  variantIds: string[];
}

export interface VariantRecord {
  id: string;
  shop: string;
  productId: string;
  title: string;
  sku: string | null;
  inventoryItemId: string;
}

export interface InventoryItemRecord {
  id: string;
  shop: string;
  variantId: string;
  sku: string | null;
  tracked: boolean;
  requiresShipping: boolean;
}

/** Stored quantity names; `on_hand` and `unavailable` are derived from them. */
export const STORED_QUANTITIES = ['available', 'committed', 'incoming', 'reserved', 'damaged', 'quality_control', 'safety_stock'] as const;
export type StoredQuantity = (typeof STORED_QUANTITIES)[number];

export interface InventoryLevelRecord {
  inventoryItemId: string;
  locationId: string;
  quantities: Record<StoredQuantity, number>;
  updatedAt: string;
}

export interface CustomerRecord {
  id: string;
  shop: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  tags: string[];
}

export interface LineItemRecord {
  id: string;
  orderId: string;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  vendor: string | null;
  quantity: number;
  requiresShipping: boolean;
  variantId: string | null;
  productId: string | null;
  inventoryItemId: string | null;
  price: string;
}

export interface PendingFulfillmentOrders {
  readyAt: number;
  specs: FulfillmentOrderSpec[];
}

export interface OrderRecord {
  id: string;
  legacyId: number;
  shop: string;
  name: string;
  createdAt: string;
  processedAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  cancelReason: string | null;
  closed: boolean;
  closedAt: string | null;
  email: string | null;
  phone: string | null;
  note: string | null;
  tags: string[];
  test: boolean;
  currencyCode: string;
  totalPrice: string;
  shippingAddress: (Address & { id: string }) | null;
  customerId: string | null;
  lineItemIds: string[];
  /** Fulfillment orders Shopify hasn't created yet (they appear a moment after "Order created"). */
  pendingFulfillmentOrders: PendingFulfillmentOrders | null;
}

export interface FulfillmentHoldRecord {
  id: string;
  handle: string | null;
  reason: FulfillmentHoldReason;
  reasonNotes: string | null;
  /** Whether the app calling the API placed the hold (Shopify's `heldByRequestingApp`). */
  heldByRequestingApp: boolean;
  /** Clock time (ms) at which the hold lifts by itself, like a post-purchase hold; null = manual. */
  releaseAt: number | null;
}

export interface FulfillmentOrderLineItemRecord {
  id: string;
  lineItemId: string;
  totalQuantity: number;
  remainingQuantity: number;
}

export interface FulfillmentOrderRecord {
  id: string;
  shop: string;
  orderId: string;
  status: FulfillmentOrderStatus;
  requestStatus: FulfillmentOrderRequestStatus;
  assignedLocationId: string;
  createdAt: string;
  updatedAt: string;
  /**
   * When the fulfillment order becomes fulfillable. Real stores print the order's creation time
   * floored to the hour for a standard order (captures: created 12:21:54, fulfillAt 12:00:00Z); a
   * SCHEDULED one opens when the clock reaches it (tick()).
   */
  fulfillAt: string | null;
  /** The fulfillment deadline (fulfillmentOrdersSetFulfillmentDeadline); null unless set. */
  fulfillBy: string | null;
  holds: FulfillmentHoldRecord[];
  deliveryMethod: { id: string; methodType: DeliveryMethodType; presentedName: string | null };
  lineItems: FulfillmentOrderLineItemRecord[];
  /** Set by "report progress": such an order can't be moved (CANNOT_MOVE_..._WITH_REPORTED_PROGRESS). */
  progressReported: boolean;
  /** A fulfillment order closed by a move or merge is hidden by `displayable: true`. */
  closedBy: 'move' | 'merge' | null;
}

export interface TrackingInfo {
  company: string | null;
  number: string | null;
  url: string | null;
}

export interface FulfillmentLineItemRecord {
  id: string;
  lineItemId: string;
  quantity: number;
}

export interface TrackingUpdateRecord {
  at: string;
  notifyCustomer: boolean;
  trackingInfo: TrackingInfo[];
}

export interface FulfillmentRecord {
  id: string;
  shop: string;
  orderId: string;
  name: string;
  status: 'SUCCESS' | 'CANCELLED';
  createdAt: string;
  updatedAt: string;
  locationId: string;
  trackingInfo: TrackingInfo[];
  lineItems: FulfillmentLineItemRecord[];
  fulfillmentOrderIds: string[];
  notifyCustomer: boolean;
  message: string | null;
  /** Every fulfillmentTrackingInfoUpdate applied, oldest first, with its notifyCustomer flag. */
  trackingUpdates: TrackingUpdateRecord[];
}

/** One flowTriggerReceive the simulator accepted (tests and the sandbox read these). */
export interface FlowTriggerRecord {
  shop: string;
  handle: string;
  payload: Record<string, unknown>;
  at: string;
}

// ---------------------------------------------------------------------------------------------
// Builder inputs

export interface AddShopInput {
  domain: string;
  accessToken: string;
  /** Granted access scopes; default: every scope the app asks for (APP_SCOPES). */
  scopes?: readonly string[];
  name?: string;
  email?: string;
  currencyCode?: string;
}

export interface AddLocationInput {
  shop?: string;
  id?: number | string;
  name: string;
  isActive?: boolean;
  fulfillsOnlineOrders?: boolean;
  isFulfillmentService?: boolean;
  /** A fulfillment service this app registered itself (implies isFulfillmentService); see LocationRecord. */
  ownFulfillmentService?: boolean;
  shipsInventory?: boolean;
  address?: Address;
}

/** Quantities at one location: a number means `available`; `onHand` beyond available+committed is held as `reserved`. */
export type QuantitiesInput = number | (Partial<Record<StoredQuantity, number>> & { onHand?: number });

export interface AddVariantInput {
  id?: number | string;
  sku?: string | null;
  title?: string;
  tracked?: boolean;
  requiresShipping?: boolean;
  /** Location id → quantities there. A location absent here does not stock the item. */
  inventory?: Record<string, QuantitiesInput>;
}

export interface AddProductInput extends AddVariantInput {
  shop?: string;
  productId?: number | string;
  title: string;
  productType?: string;
  vendor?: string;
  tags?: string[];
  /** Several variants; without it, one variant built from the top-level sku/tracked/inventory. */
  variants?: AddVariantInput[];
}

export interface AddLineItemInput {
  /** Numeric id or GID of the line item; default the next one. */
  id?: number | string;
  /** Links the line to the shop's variant with this SKU (and its product and inventory item). */
  sku?: string;
  variantId?: string;
  title?: string;
  quantity: number;
  price?: string | number;
  requiresShipping?: boolean;
  vendor?: string;
}

export interface HoldInput {
  /** Numeric id or GID of the hold; default the next one. */
  id?: number | string;
  reason?: FulfillmentHoldReason;
  reasonNotes?: string | null;
  handle?: string | null;
  /** Clock time (ms) when the hold lifts by itself. */
  releaseAt?: number | null;
  /** The app calling the API placed it (default false: the merchant or another app did). */
  heldByRequestingApp?: boolean;
}

export interface FulfillmentOrderSpec {
  /** Numeric id or GID of the fulfillment order; default the next one. */
  id?: number | string;
  locationId: string;
  /**
   * Which order lines (by index or SKU) and how many; default every line, full quantity. `id` names
   * the fulfillment order line item (numeric id or GID; default the next one).
   */
  lines?: Array<{ line?: number; sku?: string; quantity?: number; id?: number | string }>;
  status?: FulfillmentOrderStatus;
  requestStatus?: FulfillmentOrderRequestStatus;
  holds?: HoldInput[];
  deliveryMethod?: DeliveryMethodType;
  /** DeliveryMethod.presentedName; default a name for the method type (none was captured). */
  presentedName?: string | null;
  /**
   * When the fulfillment order becomes fulfillable (clock ms, ISO string or Date). A future time
   * makes it SCHEDULED (unless `status` says otherwise); tick() opens it once the clock gets there.
   */
  fulfillAt?: number | string | Date;
  /** The fulfillment deadline (clock ms, ISO string or Date); default none. */
  fulfillBy?: number | string | Date;
}

export interface AddOrderInput {
  shop?: string;
  /** Numeric id or GID; default the next number from 1001. */
  id?: number | string;
  name?: string;
  createdAt?: string | Date;
  email?: string | null;
  phone?: string | null;
  note?: string | null;
  tags?: string[];
  currencyCode?: string;
  shippingAddress?: Address | null;
  customer?: { id?: number | string; email?: string | null; firstName?: string; lastName?: string; tags?: string[] } | null;
  lineItems: AddLineItemInput[];
  /** Where the default single fulfillment order is assigned; default the first active location fulfilling online orders. */
  locationId?: string;
  /** Explicit fulfillment orders, or 'none' for an order whose fulfillment orders never appear. */
  fulfillmentOrders?: FulfillmentOrderSpec[] | 'none';
  /** The fulfillment orders only appear once the clock reaches this time (ms). */
  fulfillmentOrdersReadyAt?: number;
  /** Put every fulfillment order of the order on hold. */
  hold?: HoldInput;
  /** Schedule every fulfillment order of the order (see FulfillmentOrderSpec.fulfillAt). */
  fulfillAt?: number | string | Date;
  /** Move ordered units from available to committed at the assigned location (default true, like Shopify). */
  commitInventory?: boolean;
  cancelledAt?: string | null;
  closed?: boolean;
  test?: boolean;
}

// ---------------------------------------------------------------------------------------------

/** ISO-8601 without milliseconds, the way Shopify prints DateTime. */
export function isoTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

const HOUR_MS = 3_600_000;

/** A time given as clock ms, an ISO string or a Date, in ms. */
function toMs(time: number | string | Date): number {
  const ms = typeof time === 'number' ? time : new Date(time).getTime();
  if (!Number.isFinite(ms)) throw new Error(`not a time: ${String(time)}`);
  return ms;
}

/**
 * DeliveryMethod.presentedName by method type. No capture shows a delivery method, so these are
 * plausible names, not Shopify's; a spec's `presentedName` overrides them.
 */
const PRESENTED_NAMES: Record<DeliveryMethodType, string> = {
  SHIPPING: 'Standard',
  PICK_UP: 'Pickup',
  LOCAL: 'Local delivery',
  RETAIL: 'Retail',
  NONE: 'No delivery required',
  PICKUP_POINT: 'Pickup point',
};

const ID_BASES: Record<string, number> = {
  Shop: 1,
  Location: 101,
  Product: 2001,
  ProductVariant: 3001,
  InventoryItem: 4001,
  Customer: 5001,
  MailingAddress: 6001,
  LineItem: 10001,
  FulfillmentOrder: 20001,
  FulfillmentOrderLineItem: 30001,
  Fulfillment: 40001,
  FulfillmentLineItem: 50001,
  FulfillmentHold: 60001,
  DeliveryMethod: 70001,
};

/**
 * Records by id that are also listed by order, so an order's fulfillment orders or fulfillments
 * are found without scanning every record of the store (the benchmark makes thousands). Lists
 * keep insertion order, like iterating the map; replacing or deleting a record (nothing in the
 * simulator does) drops the lists, rebuilt on the next lookup.
 */
export class RecordsByOrder<V extends { orderId: string }> extends Map<string, V> {
  private byOrder: Map<string, V[]> | null = new Map();

  override set(id: string, record: V): this {
    const replaced = this.has(id);
    super.set(id, record);
    if (replaced) this.byOrder = null;
    else if (this.byOrder) listUnder(this.byOrder, record);
    return this;
  }

  override delete(id: string): boolean {
    const deleted = super.delete(id);
    if (deleted) this.byOrder = null;
    return deleted;
  }

  override clear(): void {
    super.clear();
    this.byOrder = new Map();
  }

  /** The order's records, oldest first (a new array). */
  ofOrder(orderId: string): V[] {
    if (!this.byOrder) {
      this.byOrder = new Map();
      for (const record of this.values()) listUnder(this.byOrder, record);
    }
    return [...(this.byOrder.get(orderId) ?? [])];
  }
}

function listUnder<V extends { orderId: string }>(byOrder: Map<string, V[]>, record: V): void {
  const list = byOrder.get(record.orderId);
  if (list) list.push(record);
  else byOrder.set(record.orderId, [record]);
}

/** The simulated shops' state. */
export class SimStore {
  readonly shops = new Map<string, ShopRecord>();
  readonly locationsById = new Map<string, LocationRecord>();
  readonly products = new Map<string, ProductRecord>();
  readonly variants = new Map<string, VariantRecord>();
  readonly inventoryItems = new Map<string, InventoryItemRecord>();
  /** Key: `${inventoryItemId}|${locationId}`. */
  readonly inventoryLevels = new Map<string, InventoryLevelRecord>();
  readonly customers = new Map<string, CustomerRecord>();
  readonly ordersById = new Map<string, OrderRecord>();
  readonly lineItems = new Map<string, LineItemRecord>();
  readonly fulfillmentOrdersById = new RecordsByOrder<FulfillmentOrderRecord>();
  readonly fulfillmentsById = new RecordsByOrder<FulfillmentRecord>();
  /** Flow triggers fired through flowTriggerReceive, oldest first. */
  readonly flowTriggers: FlowTriggerRecord[] = [];
  private readonly counters = new Map<string, number>();
  // What tick() has to look at, so a request costs the same however many orders the store holds:
  // fulfillment orders given a hold with a releaseAt (through this class), orders whose
  // fulfillment orders are still pending. tick() drops them once nothing is left to do.
  private readonly timedHolds = new Set<FulfillmentOrderRecord>();
  private readonly pendingOrders = new Set<OrderRecord>();
  /** SCHEDULED fulfillment orders, which tick() opens once the clock reaches their fulfillAt. */
  private readonly scheduled = new Set<FulfillmentOrderRecord>();
  /** The highest order number so far (default ids continue from it; at least 1000). */
  private lastOrderNumber = 1000;

  constructor(readonly now: () => number = Date.now) {}

  /** A fresh GID of `type`. */
  nextId(type: string): string {
    const next = this.counters.get(type) ?? ID_BASES[type] ?? 1;
    this.counters.set(type, next + 1);
    return gid(type, next);
  }

  /** An explicitly chosen id (number or GID) of `type`, reserved so generated ones stay above it. */
  explicitId(type: string, value: number | string): string {
    const id = toGid(type, value);
    this.reserveId(type, id);
    return id;
  }

  /** Makes sure later generated ids of `type` stay above an explicitly chosen one. */
  private reserveId(type: string, id: string): void {
    const n = parseGid(id)?.id ?? 0;
    if ((this.counters.get(type) ?? ID_BASES[type] ?? 1) <= n) this.counters.set(type, n + 1);
  }

  /** The current clock time as Shopify prints it. */
  timestamp(): string {
    return isoTime(this.now());
  }

  // -- shops ----------------------------------------------------------------------------------

  /** Registers a shop with its Admin API access token and granted scopes. */
  addShop(input: AddShopInput): ShopRecord {
    const domain = input.domain.toLowerCase();
    if (this.shops.has(domain)) throw new Error(`shop exists: ${domain}`);
    const shop: ShopRecord = {
      id: this.nextId('Shop'),
      domain,
      name: input.name ?? domain.replace(/\.myshopify\.com$/, ''),
      email: input.email ?? `owner@${domain}`,
      currencyCode: input.currencyCode ?? 'USD',
      accessToken: input.accessToken,
      scopes: new Set(input.scopes ?? APP_SCOPES),
    };
    this.shops.set(domain, shop);
    return shop;
  }

  /** The shop with this myshopify domain. */
  shop(domain: string): ShopRecord | undefined {
    return this.shops.get(domain.toLowerCase());
  }

  /** The shop whose current access token is `token`. */
  shopByToken(token: string): ShopRecord | undefined {
    for (const shop of this.shops.values()) if (shop.accessToken !== null && shop.accessToken === token) return shop;
    return undefined;
  }

  /** Replaces a shop's granted scopes (to test ACCESS_DENIED handling). */
  setScopes(domain: string, scopes: readonly string[]): void {
    this.requireShop(domain).scopes = new Set(scopes);
  }

  /** Invalidates a shop's token, as uninstalling the app does. */
  revokeToken(domain: string): void {
    this.requireShop(domain).accessToken = null;
  }

  /** The first registered shop: builders default to it. */
  defaultShop(): ShopRecord {
    const first = this.shops.values().next();
    if (first.done) throw new Error('no shop: call addShop first');
    return first.value;
  }

  private requireShop(domain?: string): ShopRecord {
    if (domain === undefined) return this.defaultShop();
    const shop = this.shop(domain);
    if (!shop) throw new Error(`unknown shop: ${domain}`);
    return shop;
  }

  // -- locations ------------------------------------------------------------------------------

  /** Adds a location (active, fulfilling online orders, merchant-managed unless told otherwise). */
  addLocation(input: AddLocationInput): LocationRecord {
    const shop = this.requireShop(input.shop);
    const id = input.id !== undefined ? toGid('Location', input.id) : this.nextId('Location');
    this.reserveId('Location', id);
    const now = this.timestamp();
    const location: LocationRecord = {
      id,
      shop: shop.domain,
      name: input.name,
      isActive: input.isActive ?? true,
      fulfillsOnlineOrders: input.fulfillsOnlineOrders ?? true,
      isFulfillmentService: input.isFulfillmentService ?? input.ownFulfillmentService ?? false,
      ownFulfillmentService: input.ownFulfillmentService ?? false,
      shipsInventory: input.shipsInventory ?? true,
      address: { ...input.address },
      createdAt: now,
      updatedAt: now,
    };
    this.locationsById.set(id, location);
    return location;
  }

  /** One location by id. */
  location(id: string): LocationRecord | undefined {
    return this.locationsById.get(id);
  }

  /** A shop's locations, in creation order. */
  locations(shop?: string): LocationRecord[] {
    const domain = this.requireShop(shop).domain;
    return [...this.locationsById.values()].filter((l) => l.shop === domain);
  }

  /** Changes a location (deactivate it, stop online fulfillment, ...). */
  updateLocation(id: string, patch: Partial<Omit<LocationRecord, 'id' | 'shop'>>): LocationRecord {
    const location = this.locationsById.get(id);
    if (!location) throw new Error(`unknown location: ${id}`);
    Object.assign(location, patch, { updatedAt: this.timestamp() });
    return location;
  }

  // -- products and inventory -----------------------------------------------------------------

  /** Adds a product with its variants, their inventory items and stock levels. */
  addProduct(input: AddProductInput): { product: ProductRecord; variants: VariantRecord[] } {
    const shop = this.requireShop(input.shop);
    const productId = input.productId !== undefined ? toGid('Product', input.productId) : this.nextId('Product');
    this.reserveId('Product', productId);
    const product: ProductRecord = {
      id: productId,
      shop: shop.domain,
      title: input.title,
      handle: input.title
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, ''),
      productType: input.productType ?? '',
      vendor: input.vendor ?? shop.name,
      tags: [...(input.tags ?? [])],
      variantIds: [],
    };
    this.products.set(productId, product);
    const specs = input.variants ?? [input];
    const variants = specs.map((spec) => {
      const variantId = spec.id !== undefined ? toGid('ProductVariant', spec.id) : this.nextId('ProductVariant');
      this.reserveId('ProductVariant', variantId);
      const itemId = this.nextId('InventoryItem');
      const variant: VariantRecord = {
        id: variantId,
        shop: shop.domain,
        productId,
        title: spec.title ?? 'Default Title',
        sku: spec.sku ?? null,
        inventoryItemId: itemId,
      };
      this.variants.set(variantId, variant);
      this.inventoryItems.set(itemId, {
        id: itemId,
        shop: shop.domain,
        variantId,
        sku: variant.sku,
        tracked: spec.tracked ?? true,
        requiresShipping: spec.requiresShipping ?? true,
      });
      product.variantIds.push(variantId);
      for (const [locationId, quantities] of Object.entries(spec.inventory ?? {})) this.setInventory(itemId, locationId, quantities);
      return variant;
    });
    return { product, variants };
  }

  /** The inventory item named by its GID, its variant's GID, or its SKU in `shop`. */
  inventoryItem(ref: string, shop?: string): InventoryItemRecord | undefined {
    const parsed = parseGid(ref);
    if (parsed?.type === 'InventoryItem') return this.inventoryItems.get(ref);
    if (parsed?.type === 'ProductVariant') {
      const variant = this.variants.get(ref);
      return variant ? this.inventoryItems.get(variant.inventoryItemId) : undefined;
    }
    const domain = this.requireShop(shop).domain;
    return [...this.inventoryItems.values()].find((i) => i.shop === domain && i.sku === ref);
  }

  /** The variant with this SKU in `shop`. */
  variantBySku(sku: string, shop?: string): VariantRecord | undefined {
    const domain = this.requireShop(shop).domain;
    return [...this.variants.values()].find((v) => v.shop === domain && v.sku === sku);
  }

  /** Sets stock of an item (GID, variant GID or SKU) at a location; creates the level if needed. */
  setInventory(itemRef: string, locationId: string, quantities: QuantitiesInput): InventoryLevelRecord {
    const location = this.locationsById.get(locationId);
    if (!location) throw new Error(`unknown location: ${locationId}`);
    const item = this.inventoryItem(itemRef, location.shop);
    if (!item) throw new Error(`unknown inventory item: ${itemRef}`);
    const level = this.ensureLevel(item.id, locationId);
    const input = typeof quantities === 'number' ? { available: quantities } : quantities;
    for (const name of STORED_QUANTITIES) {
      const value = input[name];
      if (value !== undefined) level.quantities[name] = value;
    }
    if (input.onHand !== undefined) {
      const rest =
        input.onHand -
        level.quantities.available -
        level.quantities.committed -
        level.quantities.damaged -
        level.quantities.quality_control -
        level.quantities.safety_stock;
      if (rest < 0) throw new Error(`onHand ${input.onHand} is less than available + committed + unavailable`);
      level.quantities.reserved = rest;
    }
    level.updatedAt = this.timestamp();
    return level;
  }

  /** The level of an item at a location, created empty if absent (the location then stocks it). */
  ensureLevel(inventoryItemId: string, locationId: string): InventoryLevelRecord {
    const key = `${inventoryItemId}|${locationId}`;
    let level = this.inventoryLevels.get(key);
    if (!level) {
      level = {
        inventoryItemId,
        locationId,
        quantities: { available: 0, committed: 0, incoming: 0, reserved: 0, damaged: 0, quality_control: 0, safety_stock: 0 },
        updatedAt: this.timestamp(),
      };
      this.inventoryLevels.set(key, level);
    }
    return level;
  }

  /** The level of an item at a location, if the location stocks it. */
  inventoryLevel(inventoryItemId: string, locationId: string): InventoryLevelRecord | undefined {
    return this.inventoryLevels.get(`${inventoryItemId}|${locationId}`);
  }

  /** Every level of an item, in location creation order. */
  inventoryLevelsOf(inventoryItemId: string): InventoryLevelRecord[] {
    return [...this.inventoryLevels.values()].filter((l) => l.inventoryItemId === inventoryItemId);
  }

  /** All named quantities of an item at a location, derived ones included (null if not stocked there). */
  inventory(itemRef: string, locationId: string): Record<string, number> | null {
    const location = this.locationsById.get(locationId);
    const item = this.inventoryItem(itemRef, location?.shop);
    const level = item && this.inventoryLevel(item.id, locationId);
    return level ? quantitiesOf(level) : null;
  }

  // -- orders ---------------------------------------------------------------------------------

  /** Adds an order with its line items and (by default) one open fulfillment order. */
  addOrder(input: AddOrderInput): OrderRecord {
    const shop = this.requireShop(input.shop);
    let id: string;
    if (input.id !== undefined) id = toGid('Order', input.id);
    else id = gid('Order', this.lastOrderNumber + 1);
    if (this.ordersById.has(id)) throw new Error(`order exists: ${id}`);
    const legacyId = idOf('Order', id)!;
    const created = input.createdAt === undefined ? this.timestamp() : isoTime(new Date(input.createdAt).getTime());
    let customerId: string | null = null;
    if (input.customer) {
      customerId = input.customer.id !== undefined ? toGid('Customer', input.customer.id) : this.nextId('Customer');
      this.reserveId('Customer', customerId);
      if (!this.customers.has(customerId)) {
        this.customers.set(customerId, {
          id: customerId,
          shop: shop.domain,
          email: input.customer.email ?? input.email ?? null,
          firstName: input.customer.firstName ?? null,
          lastName: input.customer.lastName ?? null,
          tags: [...(input.customer.tags ?? [])],
        });
      }
    }
    const order: OrderRecord = {
      id,
      legacyId,
      shop: shop.domain,
      name: input.name ?? `#${legacyId}`,
      createdAt: created,
      processedAt: created,
      updatedAt: created,
      cancelledAt: input.cancelledAt ?? null,
      cancelReason: input.cancelledAt ? 'OTHER' : null,
      closed: input.closed ?? false,
      closedAt: input.closed ? created : null,
      email: input.email === undefined ? `customer-${legacyId}@example.com` : input.email,
      phone: input.phone ?? null,
      note: input.note ?? null,
      tags: [...(input.tags ?? [])].sort(),
      test: input.test ?? false,
      currencyCode: input.currencyCode ?? shop.currencyCode,
      totalPrice: '0.00',
      shippingAddress: input.shippingAddress ? { ...input.shippingAddress, id: this.nextId('MailingAddress') } : null,
      customerId,
      lineItemIds: [],
      pendingFulfillmentOrders: null,
    };
    let total = 0;
    for (const spec of input.lineItems) {
      const line = this.buildLineItem(order, spec);
      this.lineItems.set(line.id, line);
      order.lineItemIds.push(line.id);
      total += Number(line.price) * line.quantity;
    }
    order.totalPrice = total.toFixed(2);
    this.ordersById.set(id, order);
    this.lastOrderNumber = Math.max(this.lastOrderNumber, legacyId);

    if (input.fulfillmentOrders === 'none') return order;
    const specs = (input.fulfillmentOrders ?? [{ locationId: input.locationId ?? this.defaultFulfillmentLocation(shop.domain) }])
      .map((spec) => (input.hold ? { ...spec, holds: [...(spec.holds ?? []), input.hold] } : spec))
      .map((spec) => (input.fulfillAt !== undefined && spec.fulfillAt === undefined ? { ...spec, fulfillAt: input.fulfillAt } : spec));
    if (input.fulfillmentOrdersReadyAt !== undefined && input.fulfillmentOrdersReadyAt > this.now()) {
      order.pendingFulfillmentOrders = { readyAt: input.fulfillmentOrdersReadyAt, specs };
      this.pendingOrders.add(order);
      return order;
    }
    for (const spec of specs) {
      // A cancelled order's fulfillment orders are closed and its stock uncommitted.
      const cancelled = order.cancelledAt !== null;
      this.addFulfillmentOrder(order.id, cancelled ? { ...spec, status: 'CLOSED' } : spec, {
        commitInventory: !cancelled && (input.commitInventory ?? true),
      });
    }
    return order;
  }

  private buildLineItem(order: OrderRecord, spec: AddLineItemInput): LineItemRecord {
    const variant = spec.variantId ? this.variants.get(spec.variantId) : spec.sku ? this.variantBySku(spec.sku, order.shop) : undefined;
    if (spec.variantId && !variant) throw new Error(`unknown variant: ${spec.variantId}`);
    const product = variant ? this.products.get(variant.productId) : undefined;
    const item = variant ? this.inventoryItems.get(variant.inventoryItemId) : undefined;
    const id = spec.id !== undefined ? this.explicitId('LineItem', spec.id) : this.nextId('LineItem');
    if (this.lineItems.has(id)) throw new Error(`line item exists: ${id}`);
    return {
      id,
      orderId: order.id,
      title: spec.title ?? product?.title ?? spec.sku ?? 'Custom item',
      variantTitle: variant && variant.title !== 'Default Title' ? variant.title : null,
      sku: spec.sku ?? variant?.sku ?? null,
      vendor: spec.vendor ?? product?.vendor ?? null,
      quantity: spec.quantity,
      requiresShipping: spec.requiresShipping ?? item?.requiresShipping ?? true,
      variantId: variant?.id ?? null,
      productId: product?.id ?? null,
      inventoryItemId: item?.id ?? null,
      price: Number(spec.price ?? 10).toFixed(2),
    };
  }

  private defaultFulfillmentLocation(shop: string): string {
    const location = this.locations(shop).find((l) => l.isActive && l.fulfillsOnlineOrders && !l.isFulfillmentService);
    if (!location) throw new Error(`shop ${shop} has no active location fulfilling online orders: pass locationId`);
    return location.id;
  }

  /** Creates a fulfillment order for (part of) an order, committing its units at the location by default. */
  addFulfillmentOrder(orderId: string, spec: FulfillmentOrderSpec, options: { commitInventory?: boolean } = {}): FulfillmentOrderRecord {
    const order = this.requireOrder(orderId);
    const location = this.locationsById.get(spec.locationId);
    if (!location || location.shop !== order.shop) throw new Error(`unknown location for ${order.shop}: ${spec.locationId}`);
    const lines = this.orderLineItems(order.id);
    const chosen =
      spec.lines?.map((pick) => {
        const line = pick.line !== undefined ? lines[pick.line] : lines.find((l) => l.sku === pick.sku);
        if (!line) throw new Error(`no such line in ${order.name}: ${JSON.stringify(pick)}`);
        return { line, quantity: pick.quantity ?? line.quantity, id: pick.id };
      }) ?? lines.map((line) => ({ line, quantity: line.quantity, id: undefined }));
    const id = spec.id !== undefined ? this.explicitId('FulfillmentOrder', spec.id) : this.nextId('FulfillmentOrder');
    if (this.fulfillmentOrdersById.has(id)) throw new Error(`fulfillment order exists: ${id}`);
    const nowMs = this.now();
    const now = isoTime(nowMs);
    const holds = (spec.holds ?? []).map((h) => this.buildHold(h));
    const fulfillAtMs = spec.fulfillAt !== undefined ? toMs(spec.fulfillAt) : undefined;
    const scheduled = fulfillAtMs !== undefined && fulfillAtMs > nowMs;
    const methodType = spec.deliveryMethod ?? 'SHIPPING';
    const fo: FulfillmentOrderRecord = {
      id,
      shop: order.shop,
      orderId: order.id,
      status: spec.status ?? (scheduled ? 'SCHEDULED' : holds.length > 0 ? 'ON_HOLD' : 'OPEN'),
      requestStatus: spec.requestStatus ?? 'UNSUBMITTED',
      assignedLocationId: location.id,
      createdAt: now,
      updatedAt: now,
      fulfillAt: isoTime(fulfillAtMs ?? Math.floor(nowMs / HOUR_MS) * HOUR_MS),
      fulfillBy: spec.fulfillBy !== undefined ? isoTime(toMs(spec.fulfillBy)) : null,
      holds,
      deliveryMethod: {
        id: this.nextId('DeliveryMethod'),
        methodType,
        presentedName: spec.presentedName === undefined ? PRESENTED_NAMES[methodType] : spec.presentedName,
      },
      lineItems: chosen.map(({ line, quantity, id: lineId }) => ({
        id: lineId !== undefined ? this.explicitId('FulfillmentOrderLineItem', lineId) : this.nextId('FulfillmentOrderLineItem'),
        lineItemId: line.id,
        totalQuantity: quantity,
        remainingQuantity: quantity,
      })),
      progressReported: false,
      closedBy: null,
    };
    this.fulfillmentOrdersById.set(fo.id, fo);
    this.watch(fo);
    if (options.commitInventory ?? true) {
      for (const foLine of fo.lineItems) this.commit(foLine.lineItemId, location.id, foLine.remainingQuantity);
    }
    return fo;
  }

  /** Moves `quantity` units of a line's item from available to committed at a location (negative undoes). */
  commit(lineItemId: string, locationId: string, quantity: number): void {
    const itemId = this.lineItems.get(lineItemId)?.inventoryItemId;
    const item = itemId ? this.inventoryItems.get(itemId) : undefined;
    if (!item?.tracked) return;
    const level = this.inventoryLevel(item.id, locationId);
    if (!level) return;
    level.quantities.available -= quantity;
    level.quantities.committed += quantity;
    level.updatedAt = this.timestamp();
  }

  private buildHold(input: HoldInput): FulfillmentHoldRecord {
    return {
      id: input.id !== undefined ? this.explicitId('FulfillmentHold', input.id) : this.nextId('FulfillmentHold'),
      handle: input.handle ?? null,
      reason: input.reason ?? 'OTHER',
      reasonNotes: input.reasonNotes ?? null,
      heldByRequestingApp: input.heldByRequestingApp ?? false,
      releaseAt: input.releaseAt ?? null,
    };
  }

  /** Puts a fulfillment order on hold. */
  hold(fulfillmentOrderId: string, input: HoldInput = {}): FulfillmentHoldRecord {
    const fo = this.requireFulfillmentOrder(fulfillmentOrderId);
    const hold = this.buildHold(input);
    fo.holds.push(hold);
    fo.status = 'ON_HOLD';
    fo.updatedAt = this.timestamp();
    this.watch(fo);
    return hold;
  }

  /** Lets tick() find a fulfillment order that has a hold lifting by itself or that is scheduled. */
  watch(fo: FulfillmentOrderRecord): void {
    if (fo.holds.some((h) => h.releaseAt !== null)) this.timedHolds.add(fo);
    if (fo.status === 'SCHEDULED') this.scheduled.add(fo);
  }

  /** Lifts every hold of a fulfillment order (or the given ones). */
  releaseHolds(fulfillmentOrderId: string, holdIds?: string[]): void {
    const fo = this.requireFulfillmentOrder(fulfillmentOrderId);
    fo.holds = holdIds ? fo.holds.filter((h) => !holdIds.includes(h.id)) : [];
    if (fo.holds.length === 0 && fo.status === 'ON_HOLD') {
      fo.status = fo.lineItems.some((l) => l.remainingQuantity < l.totalQuantity) ? 'IN_PROGRESS' : 'OPEN';
    }
    fo.updatedAt = this.timestamp();
  }

  /** Marks progress reported, as fulfillmentOrderReportProgress does. */
  reportProgress(fulfillmentOrderId: string): void {
    const fo = this.requireFulfillmentOrder(fulfillmentOrderId);
    fo.progressReported = true;
    fo.status = 'IN_PROGRESS';
    fo.updatedAt = this.timestamp();
  }

  /** Changes a fulfillment order directly (status, request status, ...). */
  updateFulfillmentOrder(id: string, patch: Partial<Omit<FulfillmentOrderRecord, 'id' | 'shop' | 'orderId'>>): FulfillmentOrderRecord {
    const fo = this.requireFulfillmentOrder(id);
    Object.assign(fo, patch, { updatedAt: this.timestamp() });
    this.watch(fo);
    return fo;
  }

  /**
   * Applies what time changes on Shopify's side: holds that lift by themselves, fulfillment orders
   * that appear after order creation, and SCHEDULED fulfillment orders whose fulfillAt has come
   * ("When this date and time is reached, the scheduled fulfillment order is automatically
   * transitioned to open", schema description of FulfillmentOrder.fulfillAt). Called before each request.
   */
  tick(): void {
    const now = this.now();
    for (const fo of this.scheduled) {
      if (fo.status === 'SCHEDULED' && fo.fulfillAt !== null && Date.parse(fo.fulfillAt) <= now) {
        fo.status = fo.holds.length > 0 ? 'ON_HOLD' : 'OPEN';
        fo.updatedAt = isoTime(now);
      }
      if (fo.status !== 'SCHEDULED') this.scheduled.delete(fo);
    }
    for (const fo of this.timedHolds) {
      const due = fo.holds.filter((h) => h.releaseAt !== null && h.releaseAt <= now);
      if (due.length > 0)
        this.releaseHolds(
          fo.id,
          due.map((h) => h.id),
        );
      if (!fo.holds.some((h) => h.releaseAt !== null)) this.timedHolds.delete(fo);
    }
    for (const order of this.pendingOrders) {
      const pending = order.pendingFulfillmentOrders;
      if (pending && pending.readyAt <= now) {
        order.pendingFulfillmentOrders = null;
        for (const spec of pending.specs) this.addFulfillmentOrder(order.id, spec);
      }
      if (!order.pendingFulfillmentOrders) this.pendingOrders.delete(order);
    }
  }

  /**
   * Creates a fulfillment the way fulfillmentCreate does (same validation and effects), for
   * scenarios that start partly fulfilled. Default: everything remaining in the order's first
   * fulfillable fulfillment order; `lines` picks order lines by index or SKU.
   */
  fulfill(
    orderId: string | number,
    options: {
      fulfillmentOrderId?: string;
      lines?: Array<{ line?: number; sku?: string; quantity?: number }>;
      trackingInfo?: TrackingInput;
      notifyCustomer?: boolean;
      /** Numeric id or GID of the fulfillment; default the next one. */
      id?: number | string;
    } = {},
  ): FulfillmentRecord {
    const order = this.requireOrder(orderId);
    const fo = options.fulfillmentOrderId
      ? this.requireFulfillmentOrder(options.fulfillmentOrderId)
      : this.fulfillmentOrders(order.id).find((f) => f.status === 'OPEN' || f.status === 'IN_PROGRESS');
    if (!fo) throw new Error(`${order.name} has no fulfillable fulfillment order`);
    const orderLines = this.orderLineItems(order.id);
    const picks = options.lines?.map((pick) => {
      const line = pick.line !== undefined ? orderLines[pick.line] : orderLines.find((l) => l.sku === pick.sku);
      const foLine = line && fo.lineItems.find((l) => l.lineItemId === line.id);
      if (!foLine) throw new Error(`no such line in ${fo.id}: ${JSON.stringify(pick)}`);
      return { id: foLine.id, quantity: pick.quantity ?? foLine.remainingQuantity };
    });
    const fulfillmentId = options.id !== undefined ? this.explicitId('Fulfillment', options.id) : undefined;
    if (fulfillmentId && this.fulfillmentsById.has(fulfillmentId)) throw new Error(`fulfillment exists: ${fulfillmentId}`);
    const result = createFulfillment(
      this,
      order.shop,
      {
        lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fo.id, fulfillmentOrderLineItems: picks ?? null }],
        trackingInfo: options.trackingInfo ?? null,
        notifyCustomer: options.notifyCustomer ?? false,
      },
      null,
      undefined,
      { fulfillmentId },
    );
    if (!result.ok) throw new Error(`fulfill ${order.name}: ${JSON.stringify(result)}`);
    return result.value;
  }

  /**
   * Cancels a fulfillment, as fulfillmentCancel does (no capture shows the fulfillment orders
   * afterwards, so this is an interpretation): its units become remaining again in the fulfillment
   * orders they came from, a closed one reopens (IN_PROGRESS if it still has fulfilled units), and
   * the units go back into on_hand and committed at the location.
   */
  cancelFulfillment(fulfillmentId: string): FulfillmentRecord {
    const fulfillment = this.fulfillmentsById.get(fulfillmentId);
    if (!fulfillment) throw new Error(`unknown fulfillment: ${fulfillmentId}`);
    if (fulfillment.status === 'CANCELLED') return fulfillment;
    const now = this.timestamp();
    const fos = fulfillment.fulfillmentOrderIds.map((id) => this.requireFulfillmentOrder(id));
    for (const shipped of fulfillment.lineItems) {
      let left = shipped.quantity;
      for (const fo of fos) {
        for (const line of fo.lineItems) {
          if (left === 0 || line.lineItemId !== shipped.lineItemId) continue;
          const back = Math.min(left, line.totalQuantity - line.remainingQuantity);
          line.remainingQuantity += back;
          left -= back;
        }
      }
      const itemId = this.lineItems.get(shipped.lineItemId)?.inventoryItemId;
      const item = itemId ? this.inventoryItems.get(itemId) : undefined;
      if (item?.tracked) {
        const level = this.ensureLevel(item.id, fulfillment.locationId);
        level.quantities.committed += shipped.quantity;
        level.updatedAt = now;
      }
    }
    for (const fo of fos) {
      if (fo.status === 'CLOSED' && fo.lineItems.some((l) => l.remainingQuantity > 0)) {
        fo.status = fo.lineItems.some((l) => l.remainingQuantity < l.totalQuantity) ? 'IN_PROGRESS' : 'OPEN';
      }
      fo.updatedAt = now;
    }
    fulfillment.status = 'CANCELLED';
    fulfillment.updatedAt = now;
    return fulfillment;
  }

  // -- readers --------------------------------------------------------------------------------

  /** One order by GID (or numeric id). */
  order(id: string | number): OrderRecord | undefined {
    return this.ordersById.get(typeof id === 'number' || /^[0-9]+$/.test(id) ? gid('Order', id) : id);
  }

  /** A shop's orders. */
  orders(shop?: string): OrderRecord[] {
    const domain = this.requireShop(shop).domain;
    return [...this.ordersById.values()].filter((o) => o.shop === domain);
  }

  /** An order's line items, in order. */
  orderLineItems(orderId: string): LineItemRecord[] {
    return this.requireOrder(orderId).lineItemIds.map((id) => this.lineItems.get(id)!);
  }

  /** An order's fulfillment orders (all of them, closed ones included), oldest first. */
  fulfillmentOrders(orderId: string | number): FulfillmentOrderRecord[] {
    return this.fulfillmentOrdersById.ofOrder(this.requireOrder(orderId).id);
  }

  /** One fulfillment order. */
  fulfillmentOrder(id: string): FulfillmentOrderRecord | undefined {
    return this.fulfillmentOrdersById.get(id);
  }

  /** An order's fulfillments, oldest first: count them to check what the app created. */
  fulfillments(orderId: string | number): FulfillmentRecord[] {
    return this.fulfillmentsById.ofOrder(this.requireOrder(orderId).id);
  }

  /** One fulfillment. */
  fulfillment(id: string): FulfillmentRecord | undefined {
    return this.fulfillmentsById.get(id);
  }

  /** The fulfillment order line item with this id, with its fulfillment order. */
  fulfillmentOrderLineItem(id: string): { fulfillmentOrder: FulfillmentOrderRecord; lineItem: FulfillmentOrderLineItemRecord } | undefined {
    for (const fo of this.fulfillmentOrdersById.values()) {
      const lineItem = fo.lineItems.find((l) => l.id === id);
      if (lineItem) return { fulfillmentOrder: fo, lineItem };
    }
    return undefined;
  }

  /** The order, or an error naming the unknown id (builders fail loudly on typos). */
  requireOrder(id: string | number): OrderRecord {
    const order = this.order(id);
    if (!order) throw new Error(`unknown order: ${id}`);
    return order;
  }

  /** The fulfillment order, or an error naming the unknown id. */
  requireFulfillmentOrder(id: string): FulfillmentOrderRecord {
    const fo = this.fulfillmentOrdersById.get(id);
    if (!fo) throw new Error(`unknown fulfillment order: ${id}`);
    return fo;
  }
}

/** Every quantity name Shopify knows for a level, derived ones (`on_hand`, `unavailable`) included. */
export function quantitiesOf(level: InventoryLevelRecord): Record<string, number> {
  const q = level.quantities;
  const unavailable = q.reserved + q.damaged + q.quality_control + q.safety_stock;
  return { ...q, unavailable, on_hand: q.available + q.committed + unavailable };
}
