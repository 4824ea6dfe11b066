/**
 * Resolvers of the simulated Admin API: records from the store become GraphQL objects, with
 * Shopify's scope checks (ACCESS_DENIED per field) and shop isolation (another shop's ids read as null).
 */
import {
  GraphQLError,
  Kind,
  isInterfaceType,
  isObjectType,
  isScalarType,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import { connection, type ConnectionArgs } from './connection';
import { accessDenied, invalidId } from './errors';
import { gid, numericId, parseGid } from './gid';
import {
  createFulfillment,
  displayFulfillmentStatus,
  fulfillableQuantity,
  fulfilledQuantity,
  locationsForMove,
  moveFulfillmentOrder,
  supportedActions,
  updateTracking,
  type FulfillmentCreateInput,
  type OpResult,
  type TrackingInput,
} from './operations';
import {
  canReadFulfillmentOrder,
  canWriteFulfillmentOrder,
  FULFILLMENT_ORDER_READ_SCOPES,
  FULFILLMENT_ORDER_WRITE_SCOPES,
  hasAnyScope,
} from './scopes';
import {
  quantitiesOf,
  type Address,
  type CustomerRecord,
  type FulfillmentHoldRecord,
  type FulfillmentLineItemRecord,
  type FulfillmentOrderLineItemRecord,
  type FulfillmentOrderRecord,
  type FulfillmentRecord,
  type InventoryItemRecord,
  type InventoryLevelRecord,
  type LineItemRecord,
  type LocationRecord,
  type OrderRecord,
  type ProductRecord,
  type ShopRecord,
  type SimStore,
  type VariantRecord,
} from './store';

/** What every resolver sees: the store and the shop the access token belongs to. */
export interface ResolverContext {
  store: SimStore;
  shop: ShopRecord;
}

type Args = Record<string, unknown>;
type Resolver<P = any> = (parent: P, args: Args, ctx: ResolverContext, info: GraphQLResolveInfo) => unknown;
type ResolverMap = Record<string, Record<string, Resolver>>;

/** Throws ACCESS_DENIED for this field unless one of `scopes` was granted. */
function need(ctx: ResolverContext, info: GraphQLResolveInfo, ...scopes: string[]): void {
  if (!hasAnyScope(ctx.shop, scopes)) throw accessDenied(info.fieldName, scopes);
}

const money = (amount: string, currencyCode: string) => {
  const m = { amount, currencyCode };
  return { shopMoney: m, presentmentMoney: m };
};

const HOLD_REASONS: Record<string, string> = {
  AWAITING_PAYMENT: 'Awaiting payment',
  HIGH_RISK_OF_FRAUD: 'High risk of fraud',
  INCORRECT_ADDRESS: 'Incorrect address',
  INVENTORY_OUT_OF_STOCK: 'Inventory out of stock',
  UNKNOWN_DELIVERY_DATE: 'Unknown delivery date',
  ONLINE_STORE_POST_PURCHASE_CROSS_SELL: 'Online store post purchase cross sell',
  AWAITING_RETURN_ITEMS: 'Awaiting return items',
  OTHER: 'Other',
};

function ownOrder(ctx: ResolverContext, id: string): OrderRecord | null {
  const order = ctx.store.ordersById.get(id);
  return order && order.shop === ctx.shop.domain ? order : null;
}

function readableFulfillmentOrder(ctx: ResolverContext, id: string): FulfillmentOrderRecord | null {
  const fo = ctx.store.fulfillmentOrder(id);
  return fo && fo.shop === ctx.shop.domain && canReadFulfillmentOrder(ctx.store, ctx.shop, fo) ? fo : null;
}

function ownLocation(ctx: ResolverContext, id: string): LocationRecord | null {
  const location = ctx.store.location(id);
  return location && location.shop === ctx.shop.domain ? location : null;
}

function ownOf<T extends { shop: string }>(ctx: ResolverContext, record: T | undefined): T | null {
  return record && record.shop === ctx.shop.domain ? record : null;
}

/** Loads any supported object by GID for node/nodes, with the same scope checks as the typed roots. */
function loadNode(ctx: ResolverContext, info: GraphQLResolveInfo, id: string): unknown {
  const parsed = parseGid(id);
  if (!parsed) return null;
  const { store } = ctx;
  switch (parsed.type) {
    case 'Order':
      need(ctx, info, 'read_orders');
      return ownOrder(ctx, id);
    case 'FulfillmentOrder':
      need(ctx, info, ...FULFILLMENT_ORDER_READ_SCOPES);
      return readableFulfillmentOrder(ctx, id);
    case 'Fulfillment':
      need(ctx, info, 'read_orders');
      return ownOf(ctx, store.fulfillment(id));
    case 'Location':
      need(ctx, info, 'read_locations');
      return ownLocation(ctx, id);
    case 'InventoryItem':
      need(ctx, info, 'read_inventory', 'read_products');
      return ownOf(ctx, store.inventoryItems.get(id));
    case 'ProductVariant':
      need(ctx, info, 'read_products');
      return ownOf(ctx, store.variants.get(id));
    case 'Product':
      need(ctx, info, 'read_products');
      return ownOf(ctx, store.products.get(id));
    case 'Customer':
      need(ctx, info, 'read_customers');
      return ownOf(ctx, store.customers.get(id));
    case 'LineItem': {
      need(ctx, info, 'read_orders');
      const line = store.lineItems.get(id);
      return line && ownOrder(ctx, line.orderId) ? line : null;
    }
    default:
      return null;
  }
}

function sortLocations(locations: LocationRecord[], sortKey: unknown): LocationRecord[] {
  if (sortKey === 'ID') return [...locations].sort((a, b) => numericId(a.id) - numericId(b.id));
  return [...locations].sort((a, b) => a.name.localeCompare(b.name) || numericId(a.id) - numericId(b.id));
}

/** The part of Shopify's search syntax the app may use on locations: `name:'X' OR name:Y`, bare words match names. */
function matchesLocationQuery(location: LocationRecord, query: string | null | undefined): boolean {
  if (!query || !query.trim()) return true;
  const terms = query.split(/\s+OR\s+/i).map((t) => t.trim());
  return terms.some((term) => {
    const match = /^(\w+):(?:'([^']*)'|"([^"]*)"|(\S+))$/.exec(term);
    if (!match) return location.name.toLowerCase().includes(term.replace(/['"]/g, '').toLowerCase());
    const value = (match[2] ?? match[3] ?? match[4] ?? '').toLowerCase();
    switch (match[1]) {
      case 'name':
        return location.name.toLowerCase() === value || (value.endsWith('*') && location.name.toLowerCase().startsWith(value.slice(0, -1)));
      case 'id':
        return String(numericId(location.id)) === value;
      case 'active':
        return String(location.isActive) === value;
      case 'legacy':
        // Legacy locations are fulfillment services' (`locations(includeLegacy:)`).
        return String(location.isFulfillmentService) === value;
      default:
        return true;
    }
  });
}

/** The value an order sorts by under `sortKey` (Shopify sorts ascending; `reverse: true` gives newest first). */
function orderSortValue(order: OrderRecord, sortKey: string): string | number {
  switch (sortKey) {
    case 'ID':
      return order.legacyId;
    case 'ORDER_NUMBER':
      return Number(/\d+/.exec(order.name)?.[0] ?? order.legacyId);
    case 'CREATED_AT':
      return order.createdAt;
    case 'UPDATED_AT':
      return order.updatedAt;
    default:
      return order.processedAt;
  }
}

function sortOrders(orders: OrderRecord[], sortKey: string): OrderRecord[] {
  return [...orders].sort((a, b) => {
    const x = orderSortValue(a, sortKey);
    const y = orderSortValue(b, sortKey);
    return (x < y ? -1 : x > y ? 1 : 0) || a.legacyId - b.legacyId;
  });
}

/** An order name as the `name:` filter compares it: "#1001", "1001" and "'#1001'" are the same order. */
function comparableName(name: string): string {
  return name
    .trim()
    .replace(/^['"]|['"]$/g, '')
    .replace(/^#/, '')
    .toLowerCase();
}

/**
 * The part of Shopify's order search syntax the app uses: `name:#1001` (with or without `#`, quoted
 * or not), terms joined by spaces/AND and OR; other filters are not simulated and match every order.
 */
function matchesOrderQuery(order: OrderRecord, query: string | null | undefined): boolean {
  if (!query || !query.trim()) return true;
  const terms = /(-?)(\w+):(?:"([^"]*)"|'([^']*)'|(\S+))|\S+/g;
  return query.split(/\s+OR\s+/i).some((alternative) =>
    [...alternative.matchAll(terms)].every((match) => {
      if (match[2] === undefined) return true; // AND, or a bare word (not simulated)
      const value = match[3] ?? match[4] ?? match[5] ?? '';
      let result = true;
      if (match[2] === 'name') result = comparableName(order.name) === comparableName(value);
      else if (match[2] === 'id') result = String(order.legacyId) === value;
      return match[1] === '-' ? !result : result;
    }),
  );
}

function levelId(level: InventoryLevelRecord): string {
  return `${gid('InventoryLevel', numericId(level.locationId))}?inventory_item_id=${numericId(level.inventoryItemId)}`;
}

function levelsOf(
  ctx: ResolverContext,
  levels: InventoryLevelRecord[],
  includeInactive: unknown,
): Array<InventoryLevelRecord & { id: string }> {
  return levels
    .filter((level) => includeInactive === true || ctx.store.location(level.locationId)?.isActive)
    .map((level) => ({ ...level, id: levelId(level) }));
}

const VALID_QUANTITY_NAMES = new Set([
  'available',
  'committed',
  'damaged',
  'incoming',
  'on_hand',
  'quality_control',
  'reserved',
  'safety_stock',
  'unavailable',
]);

function payload<T>(result: OpResult<T>, key: string, value: (v: T) => Record<string, unknown>): Record<string, unknown> {
  if (result.ok) return { ...value(result.value), userErrors: [] };
  if ('invalidId' in result) throw invalidId(result.invalidId);
  return { [key]: null, userErrors: result.userErrors.map((e) => ({ field: e.field, message: e.message, code: e.code ?? null })) };
}

const resolvers: ResolverMap = {
  QueryRoot: {
    shop: (_p, _a, ctx) => ctx.shop,
    order: (_p, { id }, ctx, info) => {
      need(ctx, info, 'read_orders');
      return ownOrder(ctx, id as string);
    },
    orders: (_p, args, ctx, info) => {
      need(ctx, info, 'read_orders');
      const matching = ctx.store.orders(ctx.shop.domain).filter((o) => matchesOrderQuery(o, args.query as string | null | undefined));
      const key = (args.sortKey as string | undefined) ?? 'PROCESSED_AT';
      return connection(sortOrders(matching, key), args as ConnectionArgs, (o) => orderSortValue(o, key));
    },
    fulfillmentOrder: (_p, { id }, ctx, info) => {
      need(ctx, info, ...FULFILLMENT_ORDER_READ_SCOPES);
      return readableFulfillmentOrder(ctx, id as string);
    },
    fulfillment: (_p, { id }, ctx, info) => {
      need(ctx, info, 'read_orders');
      return ownOf(ctx, ctx.store.fulfillment(id as string));
    },
    location: (_p, { id }, ctx, info) => {
      need(ctx, info, 'read_locations');
      if (id == null) return ctx.store.locations(ctx.shop.domain).find((l) => l.isActive && !l.isFulfillmentService) ?? null;
      return ownLocation(ctx, id as string);
    },
    locations: (_p, args, ctx, info) => {
      need(ctx, info, 'read_locations');
      const all = ctx.store
        .locations(ctx.shop.domain)
        .filter((l) => (args.includeInactive === true || l.isActive) && (args.includeLegacy === true || !l.isFulfillmentService))
        .filter((l) => matchesLocationQuery(l, args.query as string | undefined));
      const sorted = sortLocations(all, args.sortKey);
      return connection(sorted, args as ConnectionArgs, args.sortKey === 'ID' ? undefined : (l) => l.name);
    },
    inventoryItem: (_p, { id }, ctx, info) => {
      need(ctx, info, 'read_inventory', 'read_products');
      return ownOf(ctx, ctx.store.inventoryItems.get(id as string));
    },
    node: (_p, { id }, ctx, info) => loadNode(ctx, info, id as string),
    nodes: (_p, { ids }, ctx, info) => (ids as string[]).map((id) => loadNode(ctx, info, id)),
  },

  Mutation: {
    fulfillmentCreate: (_p, { fulfillment, message }, ctx, info) => {
      need(ctx, info, ...FULFILLMENT_ORDER_WRITE_SCOPES);
      const result = createFulfillment(
        ctx.store,
        ctx.shop.domain,
        fulfillment as FulfillmentCreateInput,
        (message as string | null) ?? null,
        (fo) => canWriteFulfillmentOrder(ctx.store, ctx.shop, fo),
      );
      return payload(result, 'fulfillment', (f) => ({ fulfillment: f }));
    },
    fulfillmentTrackingInfoUpdate: (_p, { fulfillmentId, trackingInfoInput, notifyCustomer }, ctx, info) => {
      need(ctx, info, ...FULFILLMENT_ORDER_WRITE_SCOPES);
      const result = updateTracking(
        ctx.store,
        ctx.shop.domain,
        fulfillmentId as string,
        trackingInfoInput as TrackingInput,
        notifyCustomer === true,
      );
      return payload(result, 'fulfillment', (f) => ({ fulfillment: f }));
    },
    flowTriggerReceive: (_p, { handle, payload }, ctx) => {
      // Shopify checks the payload against the trigger's fields; the simulator only checks its shape.
      const userErrors: { field: string[]; message: string }[] = [];
      if (typeof handle !== 'string' || handle.trim() === '') userErrors.push({ field: ['handle'], message: 'Handle is required.' });
      if (!payload || typeof payload !== 'object' || Array.isArray(payload))
        userErrors.push({ field: ['payload'], message: 'Payload must be a JSON object.' });
      if (userErrors.length === 0) {
        ctx.store.flowTriggers.push({
          shop: ctx.shop.domain,
          handle: handle as string,
          payload: payload as Record<string, unknown>,
          at: ctx.store.timestamp(),
        });
      }
      return { userErrors };
    },
    fulfillmentOrderMove: (_p, { id, newLocationId, fulfillmentOrderLineItems }, ctx, info) => {
      need(ctx, info, ...FULFILLMENT_ORDER_WRITE_SCOPES);
      const result = moveFulfillmentOrder(
        ctx.store,
        ctx.shop.domain,
        id as string,
        newLocationId as string,
        fulfillmentOrderLineItems as Array<{ id: string; quantity: number }> | null,
        (fo) => canWriteFulfillmentOrder(ctx.store, ctx.shop, fo),
      );
      if (!result.ok) {
        if ('invalidId' in result) throw invalidId(result.invalidId);
        return {
          movedFulfillmentOrder: null,
          originalFulfillmentOrder: null,
          remainingFulfillmentOrder: null,
          userErrors: result.userErrors.map((e) => ({ field: e.field, message: e.message, code: e.code ?? null })),
        };
      }
      return { ...result.value, userErrors: [] };
    },
  },

  Shop: {
    myshopifyDomain: (shop: ShopRecord) => shop.domain,
  },

  Order: {
    legacyResourceId: (o: OrderRecord) => String(o.legacyId),
    totalPriceSet: (o: OrderRecord) => money(o.totalPrice, o.currencyCode),
    displayFulfillmentStatus: (o: OrderRecord, _a, ctx) => displayFulfillmentStatus(ctx.store, o.id),
    fulfillable: (o: OrderRecord, _a, ctx) =>
      o.cancelledAt === null && !o.closed && ctx.store.orderLineItems(o.id).some((l) => fulfillableQuantity(ctx.store, l) > 0),
    shippingAddress: (o: OrderRecord) => o.shippingAddress,
    customer: (o: OrderRecord, _a, ctx, info) => {
      need(ctx, info, 'read_customers');
      return o.customerId ? (ctx.store.customers.get(o.customerId) ?? null) : null;
    },
    lineItems: (o: OrderRecord, args, ctx) => connection(ctx.store.orderLineItems(o.id), args as ConnectionArgs),
    fulfillments: (o: OrderRecord, args, ctx) => {
      const list = ctx.store.fulfillments(o.id);
      return typeof args.first === 'number' ? list.slice(0, args.first) : list;
    },
    fulfillmentOrders: (o: OrderRecord, args, ctx, info) => {
      need(ctx, info, ...FULFILLMENT_ORDER_READ_SCOPES);
      const list = ctx.store
        .fulfillmentOrders(o.id)
        .filter((fo) => canReadFulfillmentOrder(ctx.store, ctx.shop, fo))
        .filter((fo) => args.displayable !== true || (fo.closedBy === null && fo.status !== 'CANCELLED'))
        .filter((fo) => matchesFulfillmentOrderQuery(fo, args.query as string | undefined));
      return connection(list, args as ConnectionArgs);
    },
  },

  MailingAddress: {
    countryCodeV2: (a: Address) => a.countryCode ?? null,
    coordinatesValidated: (a: Address) => a.latitude != null && a.longitude != null,
    name: (a: Address) => [a.firstName, a.lastName].filter(Boolean).join(' ') || null,
  },

  Customer: {
    displayName: (c: CustomerRecord) => [c.firstName, c.lastName].filter(Boolean).join(' ') || c.email || 'Customer',
  },

  LineItem: {
    name: (l: LineItemRecord) => (l.variantTitle ? `${l.title} - ${l.variantTitle}` : l.title),
    currentQuantity: (l: LineItemRecord) => l.quantity,
    unfulfilledQuantity: (l: LineItemRecord, _a, ctx) => l.quantity - fulfilledQuantity(ctx.store, l),
    fulfillableQuantity: (l: LineItemRecord, _a, ctx) => fulfillableQuantity(ctx.store, l),
    isGiftCard: () => false,
    originalUnitPriceSet: (l: LineItemRecord, _a, ctx) =>
      money(l.price, ctx.store.ordersById.get(l.orderId)?.currencyCode ?? ctx.shop.currencyCode),
    variant: (l: LineItemRecord, _a, ctx, info) => {
      need(ctx, info, 'read_products');
      return l.variantId ? (ctx.store.variants.get(l.variantId) ?? null) : null;
    },
    product: (l: LineItemRecord, _a, ctx, info) => {
      need(ctx, info, 'read_products');
      return l.productId ? (ctx.store.products.get(l.productId) ?? null) : null;
    },
  },

  ProductVariant: {
    displayName: (v: VariantRecord, _a, ctx) => `${ctx.store.products.get(v.productId)?.title ?? ''} - ${v.title}`,
    product: (v: VariantRecord, _a, ctx, info) => {
      need(ctx, info, 'read_products');
      return ctx.store.products.get(v.productId);
    },
    inventoryItem: (v: VariantRecord, _a, ctx, info) => {
      need(ctx, info, 'read_inventory', 'read_products');
      return ctx.store.inventoryItems.get(v.inventoryItemId);
    },
  },

  Product: {
    tags: (p: ProductRecord) => p.tags,
  },

  InventoryItem: {
    legacyResourceId: (i: InventoryItemRecord) => String(numericId(i.id)),
    inventoryLevel: (i: InventoryItemRecord, args, ctx, info) => {
      need(ctx, info, 'read_inventory');
      return levelsOf(ctx, ctx.store.inventoryLevelsOf(i.id), args.includeInactive).find((l) => l.locationId === args.locationId) ?? null;
    },
    inventoryLevels: (i: InventoryItemRecord, args, ctx, info) => {
      need(ctx, info, 'read_inventory');
      return connection(levelsOf(ctx, ctx.store.inventoryLevelsOf(i.id), args.includeInactive), args as ConnectionArgs);
    },
  },

  InventoryLevel: {
    isActive: (l: InventoryLevelRecord, _a, ctx) => ctx.store.location(l.locationId)?.isActive ?? false,
    item: (l: InventoryLevelRecord, _a, ctx) => ctx.store.inventoryItems.get(l.inventoryItemId),
    location: (l: InventoryLevelRecord, _a, ctx) => ctx.store.location(l.locationId),
    quantities: (l: InventoryLevelRecord, { names }) => {
      const wanted = names as string[];
      const unknown = wanted.filter((n) => !VALID_QUANTITY_NAMES.has(n));
      if (unknown.length > 0)
        throw new GraphQLError(`Invalid quantity names: ${unknown.join(', ')}`, { extensions: { code: 'BAD_REQUEST' } });
      const values = quantitiesOf(l);
      return wanted.map((name) => ({
        id: `${gid('InventoryQuantity', numericId(l.locationId))}?inventory_item_id=${numericId(l.inventoryItemId)}&name=${name}`,
        name,
        quantity: values[name] ?? 0,
        updatedAt: l.updatedAt,
      }));
    },
  },

  Location: {
    legacyResourceId: (l: LocationRecord) => String(numericId(l.id)),
    address: (l: LocationRecord) => l.address,
    hasActiveInventory: (l: LocationRecord, _a, ctx) => [...ctx.store.inventoryLevels.values()].some((level) => level.locationId === l.id),
    inventoryLevel: (l: LocationRecord, args, ctx, info) => {
      need(ctx, info, 'read_inventory');
      const level = ctx.store.inventoryLevel(args.inventoryItemId as string, l.id);
      return level ? (levelsOf(ctx, [level], true)[0] ?? null) : null;
    },
    inventoryLevels: (l: LocationRecord, args, ctx, info) => {
      need(ctx, info, 'read_inventory');
      const levels = [...ctx.store.inventoryLevels.values()].filter((level) => level.locationId === l.id);
      return connection(levelsOf(ctx, levels, args.includeInactive === true || l.isActive), args as ConnectionArgs);
    },
  },

  LocationAddress: {
    formatted: (a: Address) =>
      [a.address1, a.address2, [a.city, a.provinceCode, a.zip].filter(Boolean).join(' '), a.country ?? a.countryCode].filter(
        (s): s is string => Boolean(s),
      ),
  },

  FulfillmentOrder: {
    order: (fo: FulfillmentOrderRecord, _a, ctx) => ctx.store.ordersById.get(fo.orderId),
    orderName: (fo: FulfillmentOrderRecord, _a, ctx) => ctx.store.ordersById.get(fo.orderId)?.name,
    orderProcessedAt: (fo: FulfillmentOrderRecord, _a, ctx) => ctx.store.ordersById.get(fo.orderId)?.processedAt,
    assignedLocation: (fo: FulfillmentOrderRecord, _a, ctx) => {
      const location = ctx.store.location(fo.assignedLocationId)!;
      const a = location.address;
      return {
        name: location.name,
        address1: a.address1 ?? null,
        address2: a.address2 ?? null,
        city: a.city ?? null,
        province: a.province ?? null,
        zip: a.zip ?? null,
        phone: a.phone ?? null,
        countryCode: a.countryCode ?? 'US',
        location,
      };
    },
    supportedActions: (fo: FulfillmentOrderRecord, _a, ctx, info) =>
      supportedActions(ctx.store, fo, { alone: loadedAlone(info) }).map((action) => ({ action, externalUrl: null })),
    fulfillmentHolds: (fo: FulfillmentOrderRecord) => fo.holds,
    lineItems: (fo: FulfillmentOrderRecord, args) => connection(fo.lineItems, args as ConnectionArgs),
    fulfillments: (fo: FulfillmentOrderRecord, args, ctx) =>
      connection(
        ctx.store.fulfillments(fo.orderId).filter((f) => f.fulfillmentOrderIds.includes(fo.id)),
        args as ConnectionArgs,
      ),
    locationsForMove: (fo: FulfillmentOrderRecord, args, ctx) => {
      const list = locationsForMove(ctx.store, fo, {
        lineItemIds: args.lineItemIds as string[] | null | undefined,
        locationIds: args.locationIds as string[] | null | undefined,
        matches: (location) => matchesLocationQuery(location, args.query as string | undefined),
      });
      return connection(list, args as ConnectionArgs, (entry) => entry.location.name);
    },
  },

  FulfillmentOrderLocationForMove: {
    availableLineItems: (m: { available: FulfillmentOrderLineItemRecord[] }, args) => connection(m.available, args as ConnectionArgs),
    unavailableLineItems: (m: { unavailable: FulfillmentOrderLineItemRecord[] }, args) => connection(m.unavailable, args as ConnectionArgs),
    availableLineItemsCount: (m: { available: unknown[] }) => ({ count: m.available.length, precision: 'EXACT' }),
    unavailableLineItemsCount: (m: { unavailable: unknown[] }) => ({ count: m.unavailable.length, precision: 'EXACT' }),
  },

  FulfillmentHold: {
    displayReason: (h: FulfillmentHoldRecord) => HOLD_REASONS[h.reason] ?? h.reason,
    heldByRequestingApp: (h: FulfillmentHoldRecord) => h.heldByRequestingApp,
  },

  FulfillmentOrderLineItem: {
    lineItem: (l: FulfillmentOrderLineItemRecord, _a, ctx) => ctx.store.lineItems.get(l.lineItemId),
    sku: (l: FulfillmentOrderLineItemRecord, _a, ctx) => ctx.store.lineItems.get(l.lineItemId)?.sku ?? null,
    productTitle: (l: FulfillmentOrderLineItemRecord, _a, ctx) => ctx.store.lineItems.get(l.lineItemId)?.title ?? '',
    variantTitle: (l: FulfillmentOrderLineItemRecord, _a, ctx) => ctx.store.lineItems.get(l.lineItemId)?.variantTitle ?? null,
    vendor: (l: FulfillmentOrderLineItemRecord, _a, ctx) => ctx.store.lineItems.get(l.lineItemId)?.vendor ?? null,
    requiresShipping: (l: FulfillmentOrderLineItemRecord, _a, ctx) => ctx.store.lineItems.get(l.lineItemId)?.requiresShipping ?? true,
    inventoryItemId: (l: FulfillmentOrderLineItemRecord, _a, ctx) => ctx.store.lineItems.get(l.lineItemId)?.inventoryItemId ?? null,
    variant: (l: FulfillmentOrderLineItemRecord, _a, ctx, info) => {
      need(ctx, info, 'read_products');
      const variantId = ctx.store.lineItems.get(l.lineItemId)?.variantId;
      return variantId ? (ctx.store.variants.get(variantId) ?? null) : null;
    },
  },

  Fulfillment: {
    legacyResourceId: (f: FulfillmentRecord) => String(numericId(f.id)),
    displayStatus: (f: FulfillmentRecord) => (f.status === 'SUCCESS' ? 'FULFILLED' : 'CANCELED'),
    deliveredAt: () => null,
    inTransitAt: () => null,
    estimatedDeliveryAt: () => null,
    location: (f: FulfillmentRecord, _a, ctx) => ctx.store.location(f.locationId) ?? null,
    order: (f: FulfillmentRecord, _a, ctx) => ctx.store.ordersById.get(f.orderId),
    totalQuantity: (f: FulfillmentRecord) => f.lineItems.reduce((sum, l) => sum + l.quantity, 0),
    requiresShipping: (f: FulfillmentRecord, _a, ctx) =>
      f.lineItems.some((l) => ctx.store.lineItems.get(l.lineItemId)?.requiresShipping ?? true),
    trackingInfo: (f: FulfillmentRecord, args) => (typeof args.first === 'number' ? f.trackingInfo.slice(0, args.first) : f.trackingInfo),
    fulfillmentLineItems: (f: FulfillmentRecord, args) => connection(f.lineItems, args as ConnectionArgs),
    fulfillmentOrders: (f: FulfillmentRecord, args, ctx) =>
      connection(
        f.fulfillmentOrderIds
          .map((id) => ctx.store.fulfillmentOrder(id))
          .filter((fo): fo is FulfillmentOrderRecord => fo !== undefined && canReadFulfillmentOrder(ctx.store, ctx.shop, fo)),
        args as ConnectionArgs,
      ),
  },

  FulfillmentLineItem: {
    lineItem: (l: FulfillmentLineItemRecord, _a, ctx) => ctx.store.lineItems.get(l.lineItemId),
  },
};

/** The search syntax apps use on fulfillment orders: `status:open`, `assigned_location_id:123`, joined with AND/OR. */
function matchesFulfillmentOrderQuery(fo: FulfillmentOrderRecord, query: string | undefined): boolean {
  if (!query || !query.trim()) return true;
  return query.split(/\s+OR\s+/i).some((alternative) =>
    alternative.split(/\s+(?:AND\s+)?/i).every((term) => {
      const match = /^-?(\w+):(.+)$/.exec(term.trim());
      if (!match) return true;
      const negate = term.trim().startsWith('-');
      const value = match[2]!.replace(/['"]/g, '').toLowerCase();
      let result = true;
      if (match[1] === 'status') result = fo.status.toLowerCase() === value;
      else if (match[1] === 'assigned_location_id') result = String(numericId(fo.assignedLocationId)) === value;
      else if (match[1] === 'request_status') result = fo.requestStatus.toLowerCase() === value;
      return negate ? !result : result;
    }),
  );
}

/**
 * Whether the fulfillment order being resolved was loaded by itself: the value of a query's root
 * field (`fulfillmentOrder(id:)`, `node`, an element of `nodes`), not reached through an order, a
 * fulfillment or a mutation payload. Shopify leaves MERGE out of supportedActions there (see
 * supportedActions).
 */
function loadedAlone(info: GraphQLResolveInfo): boolean {
  let at = info.path.prev;
  if (at && typeof at.key === 'number') at = at.prev;
  return info.operation.operation === 'query' && at !== undefined && at.prev === undefined;
}

/** Attaches the resolvers (and Node's type resolution) to a schema built from the SDL. */
const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s"<>\\^`{|}]+$/;

function checkedUri(value: unknown): string {
  if (typeof value !== 'string' || !URI.test(value)) throw new TypeError(`Invalid URL: ${JSON.stringify(value)} is not an RFC 3986 URI`);
  return value;
}

export function attachResolvers(schema: GraphQLSchema): GraphQLSchema {
  for (const [typeName, fields] of Object.entries(resolvers)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`no object type ${typeName} for resolvers`);
    const defs = type.getFields();
    for (const [fieldName, resolve] of Object.entries(fields)) {
      const def = defs[fieldName];
      if (!def) throw new Error(`no field ${typeName}.${fieldName} for resolver`);
      def.resolve = resolve as GraphQLFieldResolver<unknown, unknown>;
    }
  }
  // Shopify's URL scalar takes only an RFC 3986/3987 URI ("Each URL must be an RFC 3986 and RFC
  // 3987-compliant URI string", FulfillmentTrackingInput.urls): anything else is a top-level error.
  const url = schema.getType('URL');
  if (isScalarType(url)) {
    url.parseValue = (value: unknown) => checkedUri(value);
    url.parseLiteral = (node) => checkedUri(node.kind === Kind.STRING ? node.value : undefined);
  }
  for (const name of ['Node', 'DisplayableError']) {
    const iface = schema.getType(name);
    if (isInterfaceType(iface)) {
      iface.resolveType = (value: unknown) => {
        const record = value as { id?: unknown; code?: unknown };
        if (name === 'DisplayableError') return 'code' in record ? 'FulfillmentOrderMoveFulfillmentOrderMoveUserError' : 'UserError';
        return typeof record.id === 'string' ? parseGid(record.id)?.type : undefined;
      };
    }
  }
  return schema;
}
