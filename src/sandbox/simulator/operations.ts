/**
 * What Shopify does for the fulfillment mutations, on the store's data: validation with the exact
 * messages real stores return (see ../shared/shopify/captures), then the state change. No GraphQL
 * here; the resolvers translate the results into payloads and top-level errors.
 */
import { numericId } from './gid';
import type { FulfillmentOrderLineItemRecord, FulfillmentOrderRecord, FulfillmentRecord, LineItemRecord, SimStore, TrackingInfo } from './store';

export interface UserErrorOut {
  field: string[] | null;
  message: string;
  code?: string | null;
}

/** Either the value, user errors (HTTP 200, payload userErrors), or an id Shopify rejects at the top level. */
export type OpResult<T> = { ok: true; value: T } | { ok: false; userErrors: UserErrorOut[] } | { ok: false; invalidId: string };

/** Decides whether the caller may see/change a fulfillment order (scopes); default: yes. */
export type FulfillmentOrderAccess = (fo: FulfillmentOrderRecord) => boolean;

const allowAll: FulfillmentOrderAccess = () => true;

// ---------------------------------------------------------------------------------------------
// Derived views

/** The actions Shopify lists in `supportedActions` for this app, from status, location and lines. */
export function supportedActions(store: SimStore, fo: FulfillmentOrderRecord): string[] {
  const remaining = fo.lineItems.reduce((sum, l) => sum + l.remainingQuantity, 0);
  const location = store.location(fo.assignedLocationId);
  switch (fo.status) {
    case 'ON_HOLD':
      return ['RELEASE_HOLD', 'HOLD', 'MOVE'];
    case 'SCHEDULED':
      return ['MARK_AS_OPEN'];
    case 'OPEN': {
      // Since 2024-10 an app can't fulfil orders assigned to another app's fulfillment service.
      if (location?.isFulfillmentService) {
        return fo.requestStatus === 'UNSUBMITTED' ? ['REQUEST_FULFILLMENT', 'HOLD', 'MOVE'] : ['REQUEST_CANCELLATION'];
      }
      const actions = ['CREATE_FULFILLMENT', 'REPORT_PROGRESS', 'MOVE', 'HOLD'];
      if (remaining > 1) actions.push('SPLIT');
      const mergeable = store
        .fulfillmentOrders(fo.orderId)
        .some((other) => other.id !== fo.id && other.status === 'OPEN' && other.assignedLocationId === fo.assignedLocationId);
      if (mergeable) actions.push('MERGE');
      return actions;
    }
    case 'IN_PROGRESS': {
      if (location?.isFulfillmentService) return ['REQUEST_CANCELLATION'];
      if (fo.progressReported) return ['CREATE_FULFILLMENT', 'REPORT_PROGRESS', 'HOLD', 'MARK_AS_OPEN'];
      const actions = ['CREATE_FULFILLMENT', 'REPORT_PROGRESS', 'MOVE', 'HOLD'];
      if (remaining > 1) actions.push('SPLIT');
      return actions;
    }
    default:
      return [];
  }
}

/** Units of a line already fulfilled by successful fulfillments. */
export function fulfilledQuantity(store: SimStore, line: LineItemRecord): number {
  let total = 0;
  for (const f of store.fulfillments(line.orderId)) {
    if (f.status !== 'SUCCESS') continue;
    for (const fl of f.lineItems) if (fl.lineItemId === line.id) total += fl.quantity;
  }
  return total;
}

/** Units of a line that can be fulfilled now (in open or in-progress fulfillment orders). */
export function fulfillableQuantity(store: SimStore, line: LineItemRecord): number {
  let total = 0;
  for (const fo of store.fulfillmentOrders(line.orderId)) {
    if (fo.status !== 'OPEN' && fo.status !== 'IN_PROGRESS') continue;
    for (const l of fo.lineItems) if (l.lineItemId === line.id) total += l.remainingQuantity;
  }
  return total;
}

/** Order.displayFulfillmentStatus as the admin shows it. */
export function displayFulfillmentStatus(store: SimStore, orderId: string): string {
  const lines = store.orderLineItems(orderId);
  const ordered = lines.reduce((sum, l) => sum + l.quantity, 0);
  const fulfilled = lines.reduce((sum, l) => sum + fulfilledQuantity(store, l), 0);
  if (ordered > 0 && fulfilled >= ordered) return 'FULFILLED';
  if (fulfilled > 0) return 'PARTIALLY_FULFILLED';
  const statuses = store.fulfillmentOrders(orderId).map((fo) => fo.status);
  if (statuses.includes('IN_PROGRESS')) return 'IN_PROGRESS';
  if (statuses.length > 0 && statuses.every((s) => s === 'ON_HOLD' || s === 'CLOSED' || s === 'CANCELLED') && statuses.includes('ON_HOLD')) {
    return 'ON_HOLD';
  }
  if (statuses.includes('SCHEDULED') && !statuses.includes('OPEN')) return 'SCHEDULED';
  return 'UNFULFILLED';
}

// ---------------------------------------------------------------------------------------------
// Tracking

// Shopify builds the tracking URL itself when `company` is one of its known carriers.
const CARRIER_URLS: Record<string, (n: string) => string> = {
  UPS: (n) => `https://www.ups.com/WebTracking?loc=en_US&requester=ST&trackNums=${n}`,
  USPS: (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${n}`,
  FedEx: (n) => `https://www.fedex.com/fedextrack/?trknbr=${n}`,
  'DHL Express': (n) => `https://www.dhl.com/en/express/tracking.html?AWB=${n}&brand=DHL`,
  'Canada Post': (n) => `https://www.canadapost-postescanada.ca/track-reperage/en#/search?searchFor=${n}`,
  'Royal Mail': (n) => `https://www.royalmail.com/track-your-item#/tracking-results/${n}`,
  Correios: (n) => `https://rastreamento.correios.com.br/app/index.php?objeto=${n}`,
  'Australia Post': (n) => `https://auspost.com.au/mypost/track/#/details/${n}`,
};

export interface TrackingInput {
  number?: string | null;
  numbers?: string[] | null;
  url?: string | null;
  urls?: string[] | null;
  company?: string | null;
}

/** The tracking list a FulfillmentTrackingInput stands for: numbers pair with urls by position. */
export function trackingList(input: TrackingInput | null | undefined): TrackingInfo[] {
  if (!input) return [];
  const company = input.company ?? null;
  const numbers = input.numbers ?? (input.number != null ? [input.number] : []);
  const urls = input.urls ?? (input.url != null ? [input.url] : []);
  const count = Math.max(numbers.length, urls.length);
  if (count === 0) return company ? [{ company, number: null, url: null }] : [];
  const list: TrackingInfo[] = [];
  for (let i = 0; i < count; i++) {
    const number = numbers[i] ?? null;
    const builder = company ? CARRIER_URLS[company] : undefined;
    const url = urls[i] ?? (number && builder ? builder(encodeURIComponent(number)) : null);
    list.push({ company, number, url });
  }
  return list;
}

// ---------------------------------------------------------------------------------------------
// fulfillmentCreate

export interface FulfillmentCreateInput {
  lineItemsByFulfillmentOrder: Array<{
    fulfillmentOrderId: string;
    fulfillmentOrderLineItems?: Array<{ id: string; quantity: number }> | null;
  }>;
  trackingInfo?: TrackingInput | null;
  notifyCustomer?: boolean | null;
}

const FULFILLABLE = new Set(['OPEN', 'IN_PROGRESS']);

/**
 * fulfillmentCreate: every group is validated before anything changes (all-or-nothing), in the
 * order real stores report problems: non-positive quantities, unknown fulfillment orders, mixed
 * orders, mixed locations, unfulfillable statuses, then line items and quantities.
 */
export function createFulfillment(
  store: SimStore,
  shop: string,
  input: FulfillmentCreateInput,
  message: string | null = null,
  canAccess: FulfillmentOrderAccess = allowAll,
): OpResult<FulfillmentRecord> {
  const groups = input.lineItemsByFulfillmentOrder;
  const field = ['fulfillment'];
  const quantityErrors: UserErrorOut[] = [];
  groups.forEach((group, i) =>
    group.fulfillmentOrderLineItems?.forEach((line, j) => {
      if (line.quantity <= 0) {
        quantityErrors.push({ field: ['fulfillment', 'lineItemsByFulfillmentOrder', String(i), 'fulfillmentOrderLineItems', String(j), 'quantity'], message: 'Quantity must be greater than 0' });
      }
    }),
  );
  if (quantityErrors.length > 0) return { ok: false, userErrors: quantityErrors };
  if (groups.length === 0) return { ok: false, userErrors: [{ field, message: 'Line items by fulfillment order must not be empty.' }] };

  const fos: FulfillmentOrderRecord[] = [];
  for (const group of groups) {
    const fo = store.fulfillmentOrder(group.fulfillmentOrderId);
    if (!fo || fo.shop !== shop || !canAccess(fo)) return { ok: false, userErrors: [{ field, message: 'Fulfillment order does not exist.' }] };
    fos.push(fo);
  }
  const orderIds = unique(fos.map((fo) => fo.orderId));
  if (orderIds.length > 1) {
    return { ok: false, userErrors: [{ field, message: `All fulfillment orders must belong to the same order. Multiple orders with ids [${orderIds.map(numericId).join(', ')}] were found.` }] };
  }
  const locationIds = unique(fos.map((fo) => fo.assignedLocationId));
  if (locationIds.length > 1) {
    return {
      ok: false,
      userErrors: [{ field, message: `All fulfillment orders must be assigned to a single location. Multiple locations with ids [${locationIds.map(numericId).join(', ')}] were found.` }],
    };
  }
  for (const fo of fos) {
    if (!FULFILLABLE.has(fo.status)) {
      return { ok: false, userErrors: [{ field, message: `Fulfillment order ${numericId(fo.id)} has an unfulfillable status= ${fo.status.toLowerCase()}.` }] };
    }
    if (!supportedActions(store, fo).includes('CREATE_FULFILLMENT')) {
      // Not captured from a real store: the app may not fulfil another app's fulfillment-service orders.
      return { ok: false, userErrors: [{ field, message: `Fulfillment order ${numericId(fo.id)} is assigned to a fulfillment service and can't be fulfilled by this app.` }] };
    }
  }

  // What to take from each fulfillment order line item (summed when an id repeats).
  const take = new Map<FulfillmentOrderLineItemRecord, number>();
  for (const [i, group] of groups.entries()) {
    const fo = fos[i]!;
    if (!group.fulfillmentOrderLineItems) {
      for (const line of fo.lineItems) if (line.remainingQuantity > 0) take.set(line, (take.get(line) ?? 0) + line.remainingQuantity);
      continue;
    }
    for (const wanted of group.fulfillmentOrderLineItems) {
      const line = fo.lineItems.find((l) => l.id === wanted.id);
      if (!line) return { ok: false, userErrors: [{ field, message: 'Fulfillment order line item does not exist.' }] };
      take.set(line, (take.get(line) ?? 0) + wanted.quantity);
    }
  }
  for (const [line, quantity] of take) {
    if (quantity > line.remainingQuantity) return { ok: false, userErrors: [{ field, message: 'Invalid fulfillment order line item quantity requested.' }] };
  }
  if ([...take.values()].every((q) => q === 0)) return { ok: false, userErrors: [{ field, message: 'Invalid fulfillment order line item quantity requested.' }] };

  // Valid: apply everything.
  const order = store.requireOrder(orderIds[0]!);
  const locationId = locationIds[0]!;
  const now = store.timestamp();
  const perLine = new Map<string, number>();
  for (const [line, quantity] of take) {
    line.remainingQuantity -= quantity;
    perLine.set(line.lineItemId, (perLine.get(line.lineItemId) ?? 0) + quantity);
  }
  for (const fo of fos) {
    fo.status = fo.lineItems.every((l) => l.remainingQuantity === 0) ? 'CLOSED' : 'IN_PROGRESS';
    fo.updatedAt = now;
  }
  for (const [lineItemId, quantity] of perLine) shipFromStock(store, lineItemId, locationId, quantity);
  const number = store.fulfillments(order.id).length + 1;
  const fulfillment: FulfillmentRecord = {
    id: store.nextId('Fulfillment'),
    shop,
    orderId: order.id,
    name: `${order.name}.${number}`,
    status: 'SUCCESS',
    createdAt: now,
    updatedAt: now,
    locationId,
    trackingInfo: trackingList(input.trackingInfo),
    lineItems: [...perLine].map(([lineItemId, quantity]) => ({ id: store.nextId('FulfillmentLineItem'), lineItemId, quantity })),
    fulfillmentOrderIds: fos.map((fo) => fo.id),
    notifyCustomer: input.notifyCustomer ?? false,
    message,
    trackingUpdates: [],
  };
  store.fulfillmentsById.set(fulfillment.id, fulfillment);
  order.updatedAt = now;
  return { ok: true, value: fulfillment };
}

/** Shipping units takes them out of on_hand and committed at the location (available is unchanged). */
function shipFromStock(store: SimStore, lineItemId: string, locationId: string, quantity: number): void {
  const itemId = store.lineItems.get(lineItemId)?.inventoryItemId;
  const item = itemId ? store.inventoryItems.get(itemId) : undefined;
  if (!item?.tracked) return;
  const level = store.ensureLevel(item.id, locationId);
  level.quantities.committed -= quantity;
  if (level.quantities.committed < 0) {
    // Units that were never committed here come out of available instead.
    level.quantities.available += level.quantities.committed;
    level.quantities.committed = 0;
  }
  level.updatedAt = store.timestamp();
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

// ---------------------------------------------------------------------------------------------
// fulfillmentTrackingInfoUpdate

/** fulfillmentTrackingInfoUpdate: REPLACES the whole tracking list; records notifyCustomer. */
export function updateTracking(
  store: SimStore,
  shop: string,
  fulfillmentId: string,
  input: TrackingInput,
  notifyCustomer: boolean,
): OpResult<FulfillmentRecord> {
  const fulfillment = store.fulfillment(fulfillmentId);
  if (!fulfillment || fulfillment.shop !== shop) {
    return { ok: false, userErrors: [{ field: ['fulfillmentId'], message: 'Fulfillment does not exist.' }] };
  }
  const now = store.timestamp();
  fulfillment.trackingInfo = trackingList(input);
  fulfillment.updatedAt = now;
  fulfillment.trackingUpdates.push({ at: now, notifyCustomer, trackingInfo: fulfillment.trackingInfo.map((t) => ({ ...t })) });
  return { ok: true, value: fulfillment };
}

// ---------------------------------------------------------------------------------------------
// fulfillmentOrderMove

export interface MoveResult {
  movedFulfillmentOrder: FulfillmentOrderRecord;
  originalFulfillmentOrder: FulfillmentOrderRecord;
  remainingFulfillmentOrder: FulfillmentOrderRecord | null;
}

const CLOSED_STATES = new Set(['CLOSED', 'CANCELLED', 'INCOMPLETE']);

/**
 * fulfillmentOrderMove. A fulfillment order with nothing fulfilled that moves whole keeps its id;
 * otherwise the moved units go to a new fulfillment order with new line item ids, and the
 * original keeps the rest (or closes when nothing is left). Committed stock moves along.
 * Lines whose item the new location doesn't stock stay behind.
 */
export function moveFulfillmentOrder(
  store: SimStore,
  shop: string,
  fulfillmentOrderId: string,
  newLocationId: string,
  lines: Array<{ id: string; quantity: number }> | null | undefined,
  canAccess: FulfillmentOrderAccess = allowAll,
): OpResult<MoveResult> {
  const fo = store.fulfillmentOrder(fulfillmentOrderId);
  if (!fo || fo.shop !== shop || !canAccess(fo)) return { ok: false, invalidId: fulfillmentOrderId };
  const fail = (message: string, field: string[] | null = null, code: string | null = null): OpResult<MoveResult> => ({
    ok: false,
    userErrors: [{ field, message, code }],
  });
  if (CLOSED_STATES.has(fo.status)) return fail('Cannot change location.');
  const location = store.location(newLocationId);
  if (!location || location.shop !== shop) return fail('Location not found.', ['id']);
  if (fo.progressReported && fo.status === 'IN_PROGRESS') {
    return fail(
      'Cannot move a fulfillment order that has had progress reported. To move a fulfillment order that has had progress reported, the fulfillment order must first be marked as open resolving the ongoing progress state.',
      ['id'],
      'CANNOT_MOVE_FULFILLMENT_ORDER_WITH_REPORTED_PROGRESS',
    );
  }
  const current = store.location(fo.assignedLocationId);
  if (current?.isFulfillmentService && fo.requestStatus !== 'UNSUBMITTED') {
    return fail('Cannot move submitted fulfillment order that is at a 3PL fulfillment service.');
  }
  if (!supportedActions(store, fo).includes('MOVE')) return fail('Cannot change location.');
  // The next three messages were not captured from a real store.
  if (!location.isActive) return fail('Cannot move a fulfillment order to an inactive location.', ['newLocationId']);
  if (location.id === fo.assignedLocationId) return fail('Fulfillment order is already assigned to this location.', ['newLocationId']);

  let wanted: Array<{ line: FulfillmentOrderLineItemRecord; quantity: number }>;
  if (lines) {
    wanted = [];
    for (const [i, requested] of lines.entries()) {
      const line = fo.lineItems.find((l) => l.id === requested.id);
      if (requested.quantity <= 0) return fail('Quantity must be greater than 0', ['fulfillmentOrderLineItems', String(i), 'quantity']);
      if (!line) return fail('Fulfillment order line item does not exist.', ['fulfillmentOrderLineItems', String(i), 'id']);
      if (requested.quantity > line.remainingQuantity) return fail('Invalid fulfillment order line item quantity requested.', ['fulfillmentOrderLineItems', String(i), 'quantity']);
      wanted.push({ line, quantity: requested.quantity });
    }
  } else {
    wanted = fo.lineItems.filter((l) => l.remainingQuantity > 0).map((line) => ({ line, quantity: line.remainingQuantity }));
  }
  const movable = wanted.filter(({ line }) => stocks(store, line.lineItemId, location.id));
  if (movable.length === 0) return fail('No items are stocked at this location.', ['newLocationId']);

  const now = store.timestamp();
  const nothingFulfilled = fo.lineItems.every((l) => l.remainingQuantity === l.totalQuantity);
  const everything = fo.lineItems.every((l) => l.remainingQuantity === (movable.find((m) => m.line === l)?.quantity ?? 0));
  for (const { line, quantity } of movable) {
    store.commit(line.lineItemId, fo.assignedLocationId, -quantity);
    store.commit(line.lineItemId, location.id, quantity);
  }
  if (nothingFulfilled && everything) {
    fo.assignedLocationId = location.id;
    fo.updatedAt = now;
    return { ok: true, value: { movedFulfillmentOrder: fo, originalFulfillmentOrder: fo, remainingFulfillmentOrder: null } };
  }

  const moved: FulfillmentOrderRecord = {
    ...fo,
    id: store.nextId('FulfillmentOrder'),
    status: 'OPEN',
    assignedLocationId: location.id,
    createdAt: now,
    updatedAt: now,
    holds: [],
    deliveryMethod: { ...fo.deliveryMethod, id: store.nextId('DeliveryMethod') },
    lineItems: movable.map(({ line, quantity }) => ({ id: store.nextId('FulfillmentOrderLineItem'), lineItemId: line.lineItemId, totalQuantity: quantity, remainingQuantity: quantity })),
    progressReported: false,
    closedBy: null,
  };
  store.fulfillmentOrdersById.set(moved.id, moved);
  for (const { line, quantity } of movable) {
    line.totalQuantity -= quantity;
    line.remainingQuantity -= quantity;
  }
  // Lines that moved entirely and had nothing fulfilled leave the original.
  fo.lineItems = fo.lineItems.filter((l) => l.totalQuantity > 0);
  fo.updatedAt = now;
  if (fo.lineItems.every((l) => l.remainingQuantity === 0)) {
    fo.status = 'CLOSED';
    fo.closedBy = 'move';
    return { ok: true, value: { movedFulfillmentOrder: moved, originalFulfillmentOrder: fo, remainingFulfillmentOrder: null } };
  }
  return { ok: true, value: { movedFulfillmentOrder: moved, originalFulfillmentOrder: fo, remainingFulfillmentOrder: fo } };
}

/** Whether a location stocks a line's item (custom items without inventory go anywhere). */
export function stocks(store: SimStore, lineItemId: string, locationId: string): boolean {
  const itemId = store.lineItems.get(lineItemId)?.inventoryItemId;
  if (!itemId) return true;
  return store.inventoryLevel(itemId, locationId) !== undefined;
}
