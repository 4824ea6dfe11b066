/**
 * What Shopify does for the fulfillment mutations, on the store's data: validation with the exact
 * messages real stores return (see ../shared/shopify/captures), then the state change. No GraphQL
 * here; the resolvers translate the results into payloads and top-level errors.
 */
import { numericId } from './gid';
import type {
  FulfillmentOrderLineItemRecord,
  FulfillmentOrderRecord,
  FulfillmentRecord,
  LineItemRecord,
  LocationRecord,
  SimStore,
  TrackingInfo,
} from './store';

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

/** Where supportedActions is read from: `alone` = a fulfillment order loaded by itself (fulfillmentOrder(id:), node). */
export interface ActionsContext {
  alone?: boolean;
}

/**
 * The actions Shopify lists in `supportedActions` for this app, from status, request status,
 * location and lines. Lists and their order as captured (../shared/shopify/captures):
 * - OPEN at a merchant-managed location: CREATE_FULFILLMENT, REPORT_PROGRESS, MOVE, HOLD, then
 *   SPLIT when more than one unit remains (every capture), then MERGE when another OPEN
 *   fulfillment order of the order is at the same location (split-multi, lifecycle split). MERGE
 *   shows in `order.fulfillmentOrders` and in mutation payloads, but not when the same fulfillment
 *   order is read alone with `fulfillmentOrder(id:)` a moment later (lifecycle afterSplit and
 *   afterSetFulfillmentDeadline: orderRead has MERGE, topLevelRead doesn't): `context.alone`.
 * - IN_PROGRESS after reported progress: CREATE_FULFILLMENT, REPORT_PROGRESS, HOLD, MARK_AS_OPEN
 *   (create-preconditions inProgress, lifecycle reportProgress): no MOVE.
 * - ON_HOLD: RELEASE_HOLD, HOLD, MOVE (hold-multi-line, lifecycle holdRelease).
 * - CLOSED (fulfilled, cancelled order, closed by cancel/merge): none (many captures); CANCELLED: none.
 * - At this app's own fulfillment service, UNSUBMITTED: REQUEST_FULFILLMENT, CREATE_FULFILLMENT,
 *   HOLD, MOVE; INCOMPLETE with request status CLOSED (the service closed it unfinished) lists the
 *   same (close-state capture: after the move, and after fulfillmentOrderClose).
 * Not captured, so interpretations (kept as strict as the captured neighbours):
 * - At another app's fulfillment service: as at an own one but without CREATE_FULFILLMENT (since
 *   2024-10 an app may not fulfil another app's fulfillment orders); SUBMITTED or ACCEPTED:
 *   REQUEST_CANCELLATION only; CANCELLATION_REQUESTED / CANCELLATION_REJECTED: none. REJECTED and
 *   CANCELLATION_ACCEPTED count as UNSUBMITTED (nothing is pending at the service).
 * - IN_PROGRESS because partly fulfilled (no reported progress): like OPEN, without MERGE.
 * - INCOMPLETE at a merchant-managed location: the captured INCOMPLETE list without REQUEST_FULFILLMENT.
 * - SCHEDULED: MARK_AS_OPEN only (fulfillmentOrderOpen "marks a scheduled fulfillment order as open").
 * - Delivery methods (PICK_UP, LOCAL, RETAIL, NONE, PICKUP_POINT): no capture shows one, so they
 *   get the same actions as SHIPPING.
 */
export function supportedActions(store: SimStore, fo: FulfillmentOrderRecord, context: ActionsContext = {}): string[] {
  const remaining = fo.lineItems.reduce((sum, l) => sum + l.remainingQuantity, 0);
  const location = store.location(fo.assignedLocationId);
  switch (fo.status) {
    case 'CLOSED':
    case 'CANCELLED':
      return [];
    case 'SCHEDULED':
      return ['MARK_AS_OPEN'];
    case 'ON_HOLD':
      return ['RELEASE_HOLD', 'HOLD', 'MOVE'];
    default:
      break;
  }
  if (location?.isFulfillmentService) {
    switch (fo.requestStatus) {
      case 'SUBMITTED':
      case 'ACCEPTED':
        return ['REQUEST_CANCELLATION'];
      case 'CANCELLATION_REQUESTED':
      case 'CANCELLATION_REJECTED':
        return [];
      default:
        return location.ownFulfillmentService
          ? ['REQUEST_FULFILLMENT', 'CREATE_FULFILLMENT', 'HOLD', 'MOVE']
          : ['REQUEST_FULFILLMENT', 'HOLD', 'MOVE'];
    }
  }
  if (fo.status === 'INCOMPLETE') return ['CREATE_FULFILLMENT', 'HOLD', 'MOVE'];
  if (fo.status === 'IN_PROGRESS' && fo.progressReported) return ['CREATE_FULFILLMENT', 'REPORT_PROGRESS', 'HOLD', 'MARK_AS_OPEN'];
  const actions = ['CREATE_FULFILLMENT', 'REPORT_PROGRESS', 'MOVE', 'HOLD'];
  if (remaining > 1) actions.push('SPLIT');
  if (fo.status === 'OPEN' && !context.alone) {
    const mergeable = store
      .fulfillmentOrders(fo.orderId)
      .some(
        (other) =>
          other.id !== fo.id &&
          other.status === 'OPEN' &&
          other.assignedLocationId === fo.assignedLocationId &&
          !store.location(other.assignedLocationId)?.isFulfillmentService,
      );
    if (mergeable) actions.push('MERGE');
  }
  return actions;
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

/**
 * Units of a line that can be fulfilled now: in OPEN, IN_PROGRESS or INCOMPLETE fulfillment orders
 * (close-state capture: the line of an INCOMPLETE one reads fulfillableQuantity 1; hold-multi-line:
 * units on hold read 0; closed ones 0).
 */
export function fulfillableQuantity(store: SimStore, line: LineItemRecord): number {
  let total = 0;
  for (const fo of store.fulfillmentOrders(line.orderId)) {
    if (!FULFILLABLE.has(fo.status)) continue;
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
  if (
    statuses.length > 0 &&
    statuses.every((s) => s === 'ON_HOLD' || s === 'CLOSED' || s === 'CANCELLED') &&
    statuses.includes('ON_HOLD')
  ) {
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

/**
 * Statuses fulfillmentCreate accepts. INCOMPLETE is one: the close-state capture lists
 * CREATE_FULFILLMENT for an INCOMPLETE fulfillment order with a unit remaining (its fulfillment
 * service closed it unfinished). Every other status answers "has an unfulfillable status= <status>."
 * (captured for closed and on_hold; for scheduled and cancelled it follows the same pattern, not captured).
 */
const FULFILLABLE = new Set(['OPEN', 'IN_PROGRESS', 'INCOMPLETE']);

/** Numeric ids in ascending order, as Shopify lists them in its "Multiple ... were found" messages (multi-group capture). */
function sortedNumericIds(ids: string[]): number[] {
  return ids.map(numericId).sort((a, b) => a - b);
}

/**
 * fulfillmentCreate: every group is validated before anything changes (all-or-nothing), in the
 * order real stores report problems: non-positive quantities, unknown fulfillment orders, mixed
 * orders, mixed locations, unfulfillable statuses, then line items and quantities.
 * `ids.fulfillmentId` lets store builders choose the new fulfillment's id.
 */
export function createFulfillment(
  store: SimStore,
  shop: string,
  input: FulfillmentCreateInput,
  message: string | null = null,
  canAccess: FulfillmentOrderAccess = allowAll,
  ids: { fulfillmentId?: string } = {},
): OpResult<FulfillmentRecord> {
  const groups = input.lineItemsByFulfillmentOrder;
  const field = ['fulfillment'];
  const quantityErrors: UserErrorOut[] = [];
  groups.forEach((group, i) =>
    group.fulfillmentOrderLineItems?.forEach((line, j) => {
      if (line.quantity <= 0) {
        quantityErrors.push({
          field: ['fulfillment', 'lineItemsByFulfillmentOrder', String(i), 'fulfillmentOrderLineItems', String(j), 'quantity'],
          message: 'Quantity must be greater than 0',
        });
      }
    }),
  );
  if (quantityErrors.length > 0) return { ok: false, userErrors: quantityErrors };
  if (groups.length === 0) return { ok: false, userErrors: [{ field, message: 'Line items by fulfillment order must not be empty.' }] };

  const fos: FulfillmentOrderRecord[] = [];
  for (const group of groups) {
    const fo = store.fulfillmentOrder(group.fulfillmentOrderId);
    if (!fo || fo.shop !== shop || !canAccess(fo))
      return { ok: false, userErrors: [{ field, message: 'Fulfillment order does not exist.' }] };
    fos.push(fo);
  }
  const orderIds = unique(fos.map((fo) => fo.orderId));
  if (orderIds.length > 1) {
    return {
      ok: false,
      userErrors: [
        {
          field,
          message: `All fulfillment orders must belong to the same order. Multiple orders with ids [${sortedNumericIds(orderIds).join(', ')}] were found.`,
        },
      ],
    };
  }
  const locationIds = unique(fos.map((fo) => fo.assignedLocationId));
  if (locationIds.length > 1) {
    return {
      ok: false,
      userErrors: [
        {
          field,
          message: `All fulfillment orders must be assigned to a single location. Multiple locations with ids [${sortedNumericIds(locationIds).join(', ')}] were found.`,
        },
      ],
    };
  }
  for (const fo of fos) {
    if (!FULFILLABLE.has(fo.status)) {
      return {
        ok: false,
        userErrors: [{ field, message: `Fulfillment order ${numericId(fo.id)} has an unfulfillable status= ${fo.status.toLowerCase()}.` }],
      };
    }
    if (!supportedActions(store, fo).includes('CREATE_FULFILLMENT')) {
      // Not captured from a real store: the app may not fulfil another app's fulfillment-service
      // orders, nor one whose request is with a fulfillment service.
      return {
        ok: false,
        userErrors: [
          {
            field,
            message: `Fulfillment order ${numericId(fo.id)} is assigned to a fulfillment service and can't be fulfilled by this app.`,
          },
        ],
      };
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
    if (quantity > line.remainingQuantity)
      return { ok: false, userErrors: [{ field, message: 'Invalid fulfillment order line item quantity requested.' }] };
  }
  if ([...take.values()].every((q) => q === 0))
    return { ok: false, userErrors: [{ field, message: 'Invalid fulfillment order line item quantity requested.' }] };

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
    // A partly fulfilled INCOMPLETE one stays INCOMPLETE: nothing says fulfilling reopens it (not captured).
    if (fo.lineItems.every((l) => l.remainingQuantity === 0)) fo.status = 'CLOSED';
    else if (fo.status !== 'INCOMPLETE') fo.status = 'IN_PROGRESS';
    fo.updatedAt = now;
  }
  for (const [lineItemId, quantity] of perLine) shipFromStock(store, lineItemId, locationId, quantity);
  const number = store.fulfillments(order.id).length + 1;
  const fulfillment: FulfillmentRecord = {
    id: ids.fulfillmentId ?? store.nextId('Fulfillment'),
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

/**
 * fulfillmentTrackingInfoUpdate: REPLACES the whole tracking list; records notifyCustomer.
 * A CANCELLED fulfillment is accepted like any other: the state-preconditions capture
 * (trackingAlreadyCancelled) shows Shopify answering it with the updated fulfillment and no user
 * errors ("Public Admin GraphQL accepts fulfillmentTrackingInfoUpdate on a cancelled fulfillment").
 */
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

/** Request statuses during which the assigned location can't change (schema description of fulfillmentOrderMove). */
const LOCKED_REQUESTS = new Set(['SUBMITTED', 'ACCEPTED', 'CANCELLATION_REQUESTED', 'CANCELLATION_REJECTED']);

/** Statuses of "another active fulfillment order" at the destination (everything not finished). */
const ACTIVE = new Set(['OPEN', 'IN_PROGRESS', 'ON_HOLD', 'SCHEDULED', 'INCOMPLETE']);

export const PROGRESS_REPORTED_MESSAGE =
  'Cannot move a fulfillment order that has had progress reported. To move a fulfillment order that has had progress reported, the fulfillment order must first be marked as open resolving the ongoing progress state.';

// Messages of fulfillmentOrderMove and locationsForMove not seen in a capture or in Shopify's docs
// (invented, kept short and plain): an inactive destination, the current location, a destination
// stocking only some of the items, an empty list of line items.
export const MOVE_INACTIVE_MESSAGE = 'Cannot move a fulfillment order to an inactive location.';
export const MOVE_SAME_LOCATION_MESSAGE = 'Fulfillment order is already assigned to this location.';
export const SOME_NOT_STOCKED_MESSAGE = 'Some items are not stocked at this location.';
// From Shopify's own docs and API-client fixtures (locationsForMove examples), reused by the mutation.
export const NONE_STOCKED_MESSAGE = 'No items are stocked at this location.';
export const CURRENT_LOCATION_MESSAGE = 'Current location.';

/**
 * Why this fulfillment order can't move to `location` at all (before looking at line items), as
 * the user error fulfillmentOrderMove answers; null when it may. Checked in the order real stores
 * showed (move-validation capture): closed → "Cannot change location." (field null); unknown
 * location → "Location not found." (field ["id"]); reported progress → the typed
 * CANNOT_MOVE_FULFILLMENT_ORDER_WITH_REPORTED_PROGRESS (field ["id"]); a request with a
 * fulfillment service → "Cannot move submitted fulfillment order that is at a 3PL fulfillment
 * service." (captured for SUBMITTED; used for the other locked request statuses of the schema
 * description too); then any other state without MOVE in supportedActions (SCHEDULED) →
 * "Cannot change location."; then the invented inactive/current-location messages.
 */
export function moveRefusal(store: SimStore, fo: FulfillmentOrderRecord, location: LocationRecord | undefined): UserErrorOut | null {
  if (fo.status === 'CLOSED' || fo.status === 'CANCELLED') return { field: null, message: 'Cannot change location.', code: null };
  if (!location || location.shop !== fo.shop) return { field: ['id'], message: 'Location not found.', code: null };
  if (fo.progressReported && fo.status === 'IN_PROGRESS') {
    return { field: ['id'], message: PROGRESS_REPORTED_MESSAGE, code: 'CANNOT_MOVE_FULFILLMENT_ORDER_WITH_REPORTED_PROGRESS' };
  }
  if (LOCKED_REQUESTS.has(fo.requestStatus))
    return { field: null, message: 'Cannot move submitted fulfillment order that is at a 3PL fulfillment service.', code: null };
  if (!supportedActions(store, fo).includes('MOVE')) return { field: null, message: 'Cannot change location.', code: null };
  if (!location.isActive) return { field: ['newLocationId'], message: MOVE_INACTIVE_MESSAGE, code: null };
  if (location.id === fo.assignedLocationId) return { field: ['newLocationId'], message: MOVE_SAME_LOCATION_MESSAGE, code: null };
  return null;
}

/** Why the destination can't take these lines (stock), or null: the description says the move fails when it "doesn't stock the requested inventory item". */
function stockRefusal(store: SimStore, lines: FulfillmentOrderLineItemRecord[], locationId: string): string | null {
  const unstocked = lines.filter((l) => !stocks(store, l.lineItemId, locationId));
  if (unstocked.length === 0) return null;
  return unstocked.length === lines.length ? NONE_STOCKED_MESSAGE : SOME_NOT_STOCKED_MESSAGE;
}

/**
 * fulfillmentOrderMove, after the schema description:
 * - It fails (user error, nothing changes) when the fulfillment order can't move (moveRefusal),
 *   when a line item input is bad, and when the destination doesn't stock every requested item:
 *   the whole move is refused, no line is left behind silently.
 * - "First scenario": all line items of a fulfillment order with nothing fulfilled move, and the
 *   order has no other active fulfillment order at the destination: the same fulfillment order
 *   (same id, same line item ids) gets the new assigned location (captured: move-validation
 *   happyPath, close-state setup).
 * - "Second scenario": a subset of the lines, or a fulfillment order with fulfilled lines: a new
 *   fulfillment order with new line item ids takes the moved units; the original keeps the rest
 *   (lines moved entirely disappear from it; captured: move-multi-line, lifecycle move,
 *   multi-group) and is both `originalFulfillmentOrder` and `remainingFulfillmentOrder`.
 * - "If the new location is already assigned to another active fulfillment order, on the same
 *   order, then a new fulfillment order is created. The existing fulfillment order is closed and
 *   line items are recreated in a new fulfillment order." No capture shows it; reading: even a
 *   whole move then yields a new fulfillment order (new id, new line item ids) and the original is
 *   closed. "The existing fulfillment order" is read as the one already at the destination (in the
 *   subset scenario the original can't be closed, it keeps lines): when it is OPEN and untouched
 *   (nothing fulfilled, no hold, no request), it is closed too and its lines are recreated in the
 *   new one, merged with the moved units. An active one in another state (on hold, scheduled,
 *   in progress) is left alone. Either way the app must use `movedFulfillmentOrder`'s ids.
 * - Holds move along (a held fulfillment order moved in part gives a new one on hold with the same
 *   holds) and a held one is never merged into an open one: interpretation, a move releasing a
 *   hold would let the app fulfil what the merchant held.
 * - A fulfillment order closed by the move keeps its line items at 0 of 0, as the captured
 *   fulfillment orders closed by a merge do. Committed stock moves along.
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
  const fail = (error: UserErrorOut): OpResult<MoveResult> => ({ ok: false, userErrors: [error] });
  const location = store.location(newLocationId);
  const refusal = moveRefusal(store, fo, location);
  if (refusal) return fail(refusal);
  const destination = location!;

  const wanted = new Map<FulfillmentOrderLineItemRecord, number>();
  if (lines) {
    // Not captured: an empty list (null or absent means "every unfulfilled line").
    if (lines.length === 0)
      return fail({ field: ['fulfillmentOrderLineItems'], message: 'There must be at least one line item to move.', code: null });
    for (const [i, requested] of lines.entries()) {
      const line = fo.lineItems.find((l) => l.id === requested.id);
      if (requested.quantity <= 0)
        return fail({
          field: ['fulfillmentOrderLineItems', String(i), 'quantity'],
          message: 'Quantity must be greater than 0',
          code: null,
        });
      if (!line)
        return fail({
          field: ['fulfillmentOrderLineItems', String(i), 'id'],
          message: 'Fulfillment order line item does not exist.',
          code: null,
        });
      const quantity = (wanted.get(line) ?? 0) + requested.quantity;
      if (quantity > line.remainingQuantity) {
        return fail({
          field: ['fulfillmentOrderLineItems', String(i), 'quantity'],
          message: 'Invalid fulfillment order line item quantity requested.',
          code: null,
        });
      }
      wanted.set(line, quantity);
    }
  } else {
    for (const line of fo.lineItems) if (line.remainingQuantity > 0) wanted.set(line, line.remainingQuantity);
  }
  const notStocked = stockRefusal(store, [...wanted.keys()], destination.id);
  if (notStocked) return fail({ field: ['newLocationId'], message: notStocked, code: null });

  const now = store.timestamp();
  const nothingFulfilled = fo.lineItems.every((l) => l.remainingQuantity === l.totalQuantity);
  const everything = fo.lineItems.every((l) => l.remainingQuantity === (wanted.get(l) ?? 0));
  const others = store
    .fulfillmentOrders(fo.orderId)
    .filter((o) => o.id !== fo.id && o.assignedLocationId === destination.id && ACTIVE.has(o.status));
  for (const [line, quantity] of wanted) {
    store.commit(line.lineItemId, fo.assignedLocationId, -quantity);
    store.commit(line.lineItemId, destination.id, quantity);
  }

  if (nothingFulfilled && everything && others.length === 0) {
    fo.assignedLocationId = destination.id;
    // A new assignment: a request closed, rejected or cancelled at the old location's fulfillment
    // service is over (interpretation, not captured).
    if (fo.requestStatus !== 'UNSUBMITTED') fo.requestStatus = 'UNSUBMITTED';
    if (fo.status === 'INCOMPLETE') fo.status = 'OPEN';
    fo.updatedAt = now;
    return { ok: true, value: { movedFulfillmentOrder: fo, originalFulfillmentOrder: fo, remainingFulfillmentOrder: null } };
  }

  const held = fo.holds.length > 0;
  const mergeInto = held
    ? []
    : others.filter(
        (o) =>
          o.status === 'OPEN' &&
          o.holds.length === 0 &&
          o.requestStatus === 'UNSUBMITTED' &&
          o.lineItems.every((l) => l.remainingQuantity === l.totalQuantity),
      );
  // Units of the new fulfillment order by order line, in first-seen order.
  const units = new Map<string, number>();
  for (const [line, quantity] of wanted) units.set(line.lineItemId, (units.get(line.lineItemId) ?? 0) + quantity);
  for (const other of mergeInto) {
    for (const line of other.lineItems) {
      if (line.remainingQuantity > 0) units.set(line.lineItemId, (units.get(line.lineItemId) ?? 0) + line.remainingQuantity);
      line.totalQuantity -= line.remainingQuantity;
      line.remainingQuantity = 0;
    }
    other.status = 'CLOSED';
    other.closedBy = 'merge';
    other.updatedAt = now;
  }
  const moved: FulfillmentOrderRecord = {
    ...fo,
    id: store.nextId('FulfillmentOrder'),
    status: held ? 'ON_HOLD' : 'OPEN',
    requestStatus: 'UNSUBMITTED',
    assignedLocationId: destination.id,
    createdAt: now,
    updatedAt: now,
    holds: fo.holds.map((h) => ({ ...h, id: store.nextId('FulfillmentHold') })),
    deliveryMethod: { ...fo.deliveryMethod, id: store.nextId('DeliveryMethod') },
    lineItems: [...units].map(([lineItemId, quantity]) => ({
      id: store.nextId('FulfillmentOrderLineItem'),
      lineItemId,
      totalQuantity: quantity,
      remainingQuantity: quantity,
    })),
    progressReported: false,
    closedBy: null,
  };
  store.fulfillmentOrdersById.set(moved.id, moved);
  store.watch(moved);
  for (const [line, quantity] of wanted) {
    line.totalQuantity -= quantity;
    line.remainingQuantity -= quantity;
  }
  fo.updatedAt = now;
  if (fo.lineItems.every((l) => l.remainingQuantity === 0)) {
    // Nothing left to fulfil here: closed. One that had fulfilled units is an ordinary closed
    // (displayable) fulfillment order; one emptied by the move is hidden by `displayable: true`.
    fo.status = 'CLOSED';
    fo.closedBy = nothingFulfilled ? 'move' : null;
    fo.holds = [];
    return { ok: true, value: { movedFulfillmentOrder: moved, originalFulfillmentOrder: fo, remainingFulfillmentOrder: null } };
  }
  // Lines that moved entirely (nothing fulfilled from them) leave the original.
  fo.lineItems = fo.lineItems.filter((l) => l.totalQuantity > 0);
  return { ok: true, value: { movedFulfillmentOrder: moved, originalFulfillmentOrder: fo, remainingFulfillmentOrder: fo } };
}

/** Whether a location stocks a line's item (an inventory level exists; custom items without inventory go anywhere). */
export function stocks(store: SimStore, lineItemId: string, locationId: string): boolean {
  const itemId = store.lineItems.get(lineItemId)?.inventoryItemId;
  if (!itemId) return true;
  return store.inventoryLevel(itemId, locationId) !== undefined;
}

// ---------------------------------------------------------------------------------------------
// FulfillmentOrder.locationsForMove

export interface LocationForMove {
  /** The location's id, for cursors. */
  id: string;
  location: LocationRecord;
  movable: boolean;
  message: string | null;
  available: FulfillmentOrderLineItemRecord[];
  unavailable: FulfillmentOrderLineItemRecord[];
}

/**
 * FulfillmentOrder.locationsForMove. From Shopify's docs (the fulfillmentOrder query's
 * locationsForMove example) and its API clients' fixtures: the shop's locations sorted by name,
 * the current one included ("Current location.", not movable, every line unavailable),
 * fulfillment-service locations included, "No items are stocked at this location." where none of
 * the items is stocked. Interpretations, so that `movable` is true exactly when
 * fulfillmentOrderMove would succeed moving every remaining line (or the `lineItemIds` ones) there:
 * - inactive locations are left out (a move there is refused);
 * - a fulfillment order that can't move at all (closed, reported progress, request with a
 *   fulfillment service, scheduled) is not movable anywhere, with the mutation's own message;
 * - a location stocking only some of the lines is not movable ("Some items are not stocked at
 *   this location."), its stocked lines listed as available, the others as unavailable;
 * - where nothing can move, every line is unavailable.
 */
export function locationsForMove(
  store: SimStore,
  fo: FulfillmentOrderRecord,
  options: { lineItemIds?: string[] | null; locationIds?: string[] | null; matches?: (location: LocationRecord) => boolean } = {},
): LocationForMove[] {
  const lineIds = options.lineItemIds ?? [];
  const lines = fo.lineItems.filter((l) => l.remainingQuantity > 0 && (lineIds.length === 0 || lineIds.includes(l.id)));
  const candidates = store
    .locations(fo.shop)
    .filter((l) => l.isActive && (!options.locationIds || options.locationIds.includes(l.id)) && (options.matches?.(l) ?? true))
    .sort((a, b) => a.name.localeCompare(b.name) || numericId(a.id) - numericId(b.id));
  return candidates.map((location) => {
    const entry = (message: string | null, available: FulfillmentOrderLineItemRecord[]): LocationForMove => ({
      id: location.id,
      location,
      movable: message === null,
      message,
      available,
      unavailable: lines.filter((l) => !available.includes(l)),
    });
    if (location.id === fo.assignedLocationId) return entry(CURRENT_LOCATION_MESSAGE, []);
    const refusal = moveRefusal(store, fo, location);
    if (refusal) return entry(refusal.message, []);
    if (lines.length === 0) return entry(NONE_STOCKED_MESSAGE, []);
    const available = lines.filter((l) => stocks(store, l.lineItemId, location.id));
    return entry(stockRefusal(store, lines, location.id), available);
  });
}
