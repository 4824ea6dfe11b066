/**
 * Which fulfillment orders an action may fulfil now, and what to answer when none: 202 while
 * Shopify is still creating them, a temporary hold is on or a scheduled one opens soon; 422 for
 * permanent holds and scheduled ones days away; 200 no-op when everything is already fulfilled or
 * what is left is not flowfill's to fulfil. Every fulfillment order left alone gets a reason.
 */
import { refuse, wait, type Refusal } from '../refusal';
import type { Snapshot, SnapshotFulfillmentOrder } from './snapshot';

/** Holds Shopify lifts by itself shortly (post-purchase upsell): answer 202 and come back. */
export const TEMPORARY_HOLDS: ReadonlySet<string> = new Set(['ONLINE_STORE_POST_PURCHASE_CROSS_SELL']);

/** The delivery method the rule-driven actions handle unless a rule lists others (`delivery_methods`). */
export const DEFAULT_DELIVERY_METHODS: readonly string[] = ['SHIPPING'];

/** Request statuses under which a fulfillment service has the order (fulfillmentOrderMove's description). */
const WITH_THE_SERVICE: ReadonlySet<string> = new Set(['SUBMITTED', 'ACCEPTED', 'CANCELLATION_REQUESTED', 'CANCELLATION_REJECTED']);

/** Statuses that may be fulfilled when Shopify also offers CREATE_FULFILLMENT with units left (INCOMPLETE: a capture shows it). */
export const FULFILLABLE_STATUSES: ReadonlySet<string> = new Set(['OPEN', 'IN_PROGRESS', 'INCOMPLETE']);

/**
 * A scheduled fulfillment order opening within this long is waited for (202; Flow and the sweep
 * come back, and give up after a day); one opening later fails with 422 `scheduled`.
 */
export const SCHEDULED_WAIT_MS = 20 * 60 * 60 * 1000;

/**
 * Why a fulfillment order is left alone: `done` nothing is left to fulfil; `elsewhere` it is not
 * flowfill's to fulfil now (another delivery method, another app's fulfillment service, a later
 * scheduled date); `blocked` it should be fulfilled but cannot be now (a hold, a status Shopify
 * does not let this app fulfil).
 */
export type SkipKind = 'done' | 'elsewhere' | 'blocked';

export interface SkippedFulfillmentOrder {
  id: string;
  location: string;
  status: string;
  deliveryMethod: string | null;
  kind: SkipKind;
  reason: string;
}

export type FulfillmentStatus =
  | { kind: 'ready'; fulfillable: SnapshotFulfillmentOrder[]; skipped: SkippedFulfillmentOrder[] }
  | { kind: 'done'; reason: string; skipped: SkippedFulfillmentOrder[] };

export interface StatusOptions {
  /** An earlier attempt of this run sent a fulfillmentCreate (see fulfillmentStatus). */
  resumingCreate?: boolean;
  /** Delivery method types the chosen rule handles; default SHIPPING only. */
  deliveryMethods?: readonly string[];
  /** The time of the run (ISO), for scheduled fulfillment orders. */
  now: string;
}

const remaining = (fo: SnapshotFulfillmentOrder) => fo.lines.reduce((sum, l) => sum + l.remaining, 0);

const METHOD_NAMES: Readonly<Record<string, string>> = {
  PICK_UP: 'a pickup order (the customer collects it at its store)',
  PICKUP_POINT: 'a pickup-point order',
  LOCAL: 'a local-delivery order (delivered by its store)',
  RETAIL: 'a retail (point of sale) order',
  NONE: 'an order without a delivery method',
};

/** Whether a skipped fulfillment order still has something to fulfil (it makes a run partial). */
export const isOpen = (skipped: SkippedFulfillmentOrder) => skipped.kind !== 'done';

/**
 * Sorts the order's fulfillment orders into fulfillable and skipped, or refuses (422) or waits (202).
 * `resumingCreate`: when nothing is left for that run to fulfil, holds and schedules on the rest
 * are what it skipped, not a reason to fail or wait now.
 */
export function fulfillmentStatus(snapshot: Snapshot, options: StatusOptions): FulfillmentStatus | Refusal {
  const { order, fulfillmentOrders } = snapshot;
  if (order.cancelledAt) {
    return refuse('order_cancelled', `Order ${order.name} was cancelled; there is nothing to fulfill.`);
  }
  if (fulfillmentOrders.length === 0) {
    return wait(
      'fulfillment_orders_not_ready',
      `Shopify has not created the fulfillment orders of ${order.name} yet; the run continues when Flow re-sends it.`,
    );
  }
  const methods = options.deliveryMethods ?? DEFAULT_DELIVERY_METHODS;
  const now = Date.parse(options.now);
  const fulfillable: SnapshotFulfillmentOrder[] = [];
  const skipped: SkippedFulfillmentOrder[] = [];
  const temporary: string[] = [];
  const permanent: string[] = [];
  const scheduled: { fo: SnapshotFulfillmentOrder }[] = [];
  for (const fo of fulfillmentOrders) {
    const skip = (kind: SkipKind, reason: string) =>
      skipped.push({ id: fo.id, location: fo.locationName, status: fo.status, deliveryMethod: fo.deliveryMethod, kind, reason });
    if (fo.status === 'CANCELLED') {
      skip('done', 'cancelled');
      continue;
    }
    if (remaining(fo) === 0 || fo.status === 'CLOSED') {
      skip('done', 'nothing left to fulfill');
      continue;
    }
    // Before holds and statuses: an order of another delivery method is left alone whatever its state.
    const method = fo.deliveryMethod ?? 'unknown';
    if (!methods.includes(method)) {
      const what = METHOD_NAMES[method] ?? `delivery method ${method}, which flowfill does not handle by default`;
      skip('elsewhere', `${what}: left at ${fo.locationName}, not moved or fulfilled (a rule's delivery_methods can include ${method})`);
      continue;
    }
    if (fo.holds.length > 0 || fo.status === 'ON_HOLD') {
      const reasons = fo.holds.map((h) => h.reason);
      if (reasons.length > 0 && reasons.every((r) => TEMPORARY_HOLDS.has(r))) temporary.push(...reasons);
      else
        permanent.push(
          ...(reasons.length ? reasons.map((r, i) => (fo.holds[i]?.reasonNotes ? `${r}: ${fo.holds[i]!.reasonNotes}` : r)) : ['ON_HOLD']),
        );
      skip('blocked', `on hold (${reasons.join(', ') || 'no reason given'})`);
      continue;
    }
    if (fo.status === 'SCHEDULED') {
      scheduled.push({ fo });
      skip('elsewhere', `scheduled: Shopify opens it ${fo.fulfillAt ? `at ${fo.fulfillAt}` : 'at its fulfill-at date'}`);
      continue;
    }
    if (!FULFILLABLE_STATUSES.has(fo.status)) {
      skip('blocked', `status ${fo.status}: flowfill does not fulfil fulfillment orders in this state`);
      continue;
    }
    if (!fo.supportedActions.includes('CREATE_FULFILLMENT')) {
      const location = snapshot.locations.find((l) => l.id === fo.locationId);
      if (WITH_THE_SERVICE.has(fo.requestStatus)) {
        skip('elsewhere', `at ${fo.locationName}, a fulfillment service (request ${fo.requestStatus}): that service fulfils it`);
      } else if (fo.requestStatus !== 'UNSUBMITTED') {
        // Rejected, cancelled or closed by the service: nobody is fulfilling it now.
        skip(
          'blocked',
          `at ${fo.locationName}, a fulfillment service whose request is ${fo.requestStatus}: nobody is fulfilling it; move it to a location of yours or send the request again in Shopify`,
        );
      } else if (location?.isFulfillmentService || fo.supportedActions.includes('REQUEST_FULFILLMENT')) {
        skip(
          'elsewhere',
          `at ${fo.locationName}, another app's fulfillment service: Shopify does not let this app fulfil it (since 2024-10)`,
        );
      } else {
        skip(
          'blocked',
          `Shopify does not offer to fulfil it now (status ${fo.status}; supported actions: ${fo.supportedActions.join(', ') || 'none'})`,
        );
      }
      continue;
    }
    fulfillable.push(fo);
  }
  const finished = options.resumingCreate === true && fulfillable.length === 0;
  // A temporary hold lifts within minutes: wait for it rather than fulfil half the order.
  if (temporary.length > 0 && !finished) {
    return temporaryHold(order.name, temporary);
  }
  if (fulfillable.length === 0 && !finished) {
    const soon = scheduledWait(
      order.name,
      scheduled.map((s) => s.fo.fulfillAt),
      now,
    );
    if (soon) return soon;
    if (permanent.length > 0) {
      return onHold(order.name, permanent, { skipped });
    }
    if (scheduled.length > 0)
      return scheduledTooFar(
        order.name,
        scheduled.map((s) => s.fo.fulfillAt),
        { skipped },
      );
  }
  if (fulfillable.length === 0) {
    const open = skipped.filter(isOpen);
    if (open.length === 0) return { kind: 'done', reason: `everything in ${order.name} is already fulfilled`, skipped };
    return {
      kind: 'done',
      reason: `nothing in ${order.name} can be fulfilled by this app: ${open.map((s) => s.reason).join('; ')}`,
      skipped,
    };
  }
  return { kind: 'ready', fulfillable, skipped };
}

/** A temporary hold (TEMPORARY_HOLDS) lifts within minutes: the wait naming its reasons. */
export function temporaryHold(orderName: string, reasons: readonly string[]): Refusal {
  return wait(
    'temporary_hold',
    `Order ${orderName} is on a temporary hold (${[...new Set(reasons)].join(', ')}); the run continues when Flow re-sends it.`,
  );
}

/** A hold a person must release: the refusal naming its reasons (and notes). */
export function onHold(orderName: string, reasons: readonly string[], details?: Record<string, unknown>): Refusal {
  return refuse(
    'on_hold',
    `Order ${orderName} is on hold (${[...new Set(reasons)].join('; ')}); release the hold in Shopify before it can be fulfilled. Nothing was changed.`,
    details,
  );
}

/**
 * Scheduled fulfillment orders that open within SCHEDULED_WAIT_MS (or at a time Shopify does not
 * give) are waited for: the wait naming the first; null when none opens that soon.
 */
export function scheduledWait(orderName: string, fulfillAt: readonly (string | null)[], now: number): Refusal | null {
  const soon = fulfillAt.filter((at) => {
    const ms = at ? Date.parse(at) : NaN;
    return !Number.isFinite(ms) || ms - now <= SCHEDULED_WAIT_MS;
  });
  if (soon.length === 0) return null;
  const dates = soon.filter((at): at is string => !!at).sort();
  return wait(
    'scheduled',
    `Order ${orderName} is scheduled: Shopify opens it ${dates.length ? `at ${dates[0]}` : 'shortly'}; the run continues then.`,
  );
}

/** Scheduled fulfillment orders that open later than SCHEDULED_WAIT_MS: the refusal naming the first date. */
export function scheduledTooFar(orderName: string, fulfillAt: readonly (string | null)[], details?: Record<string, unknown>): Refusal {
  const first = fulfillAt.filter((at): at is string => !!at).sort()[0];
  return refuse(
    'scheduled',
    `Order ${orderName} is scheduled to be fulfilled from ${first}, more than ${SCHEDULED_WAIT_MS / 3_600_000} hours away; nothing was changed. Run the step again once Shopify opens it (for example from a workflow on that date).`,
    details,
  );
}
