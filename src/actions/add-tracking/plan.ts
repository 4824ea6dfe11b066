/**
 * The pure planner of "Add tracking": where the number goes (`locateTarget`: an existing
 * fulfillment, new fulfillments of the open items, or nowhere) and what tracking list is sent
 * (`planTracking`: the existing numbers, URLs and company kept as the README documents).
 */
import { refuse, wait, type Refusal } from '../refusal';
import { FULFILLABLE_STATUSES, onHold, scheduledTooFar, scheduledWait, TEMPORARY_HOLDS, temporaryHold } from '../fulfillment/status';
import { normaliseCompany, normaliseTrackingNumber, trackingUrlFor } from './carrier';
import type { TrackingChoice } from './choice';
import type { FulfillmentTrackingData, TrackingFulfillmentOrderData, TrackingInfo, TrackingInput } from './documents';
import type { TrackingOrder } from './read';

/** What the planner reads of the order. */
export type TrackedOrder = Pick<TrackingOrder, 'name' | 'cancelledAt' | 'fulfillments' | 'fulfillmentOrders'>;

export interface CreateGroup {
  locationId: string;
  locationName: string;
  countryCode: string | null;
  fulfillmentOrderIds: string[];
}

/** `notes` explain the choice; `warnings` are what the merchant should act on (also in the return value). */
export type Target = { notes: string[]; warnings: string[] } &
  /** `holders`: every fulfillment already carrying the number, oldest first (a resumed fulfil-if-needed run made them). */
  (
    | { kind: 'noop'; reason: string; holder: FulfillmentTrackingData; holders: string[] }
    | { kind: 'update'; fulfillment: FulfillmentTrackingData }
    | { kind: 'create'; groups: CreateGroup[] }
  );

export interface LocateInput {
  order: TrackedOrder;
  trackingNumber: string;
  fulfillIfNeeded: boolean;
  /** Earlier attempts of this run already created fulfillments: carry on fulfilling. */
  resumingCreate: boolean;
  /** The time of the run (ms), for scheduled fulfillment orders. */
  now: number;
}

export type TrackingPlan =
  | { kind: 'noop'; reason: string; fulfillmentId: string; tracking: TrackingInfo[]; holders: string[] }
  | { kind: 'update'; fulfillmentId: string; trackingInfoInput: TrackingInput; notifyCustomer: boolean }
  | { kind: 'create'; groups: CreateGroup[]; trackingInfo: TrackingInput; notifyCustomer: boolean };

/** Fulfillment statuses that can still carry tracking (CANCELLED, ERROR and FAILURE cannot). */
const LIVE_FULFILLMENT = new Set(['SUCCESS', 'OPEN', 'PENDING']);

/**
 * Where the number goes. With fulfil-if-needed, open shipping items are fulfilled with it (one
 * fulfillment per location) rather than the number being added to an earlier shipment; otherwise
 * it goes on the most recent live fulfillment. A number already on a fulfillment is a no-op,
 * unless this run's own earlier attempt put it there and left locations open.
 * A refusal (422 or 202) when there is nowhere to put it.
 */
export function locateTarget(input: LocateInput): Target | Refusal {
  const { order } = input;
  const notes: string[] = [];
  const warnings: string[] = [];
  const number = normaliseTrackingNumber(input.trackingNumber);
  const live = order.fulfillments
    .filter((f) => LIVE_FULFILLMENT.has(f.status))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || numericId(b.id) - numericId(a.id));

  // Shipping ones only: a tracking number ships; a pickup or local-delivery order belongs to its store.
  const shipping = order.fulfillmentOrders.nodes.filter((fo) => fo.deliveryMethod?.methodType === 'SHIPPING');
  const fulfillable = shipping.filter(
    (fo) =>
      FULFILLABLE_STATUSES.has(fo.status) &&
      fo.fulfillmentHolds.length === 0 &&
      fo.supportedActions.some((a) => a.action === 'CREATE_FULFILLMENT'),
  );
  // Shipping items still to go that this run cannot fulfil now: held, scheduled, or another app's.
  const waiting = shipping.filter(
    (fo) => !fulfillable.includes(fo) && (FULFILLABLE_STATUSES.has(fo.status) || fo.status === 'ON_HOLD' || fo.status === 'SCHEDULED'),
  );
  const create = (): Target => {
    if (waiting.length > 0) {
      warnings.push(
        `Not fulfilled with this number: ${waiting.map(describeFulfillmentOrder).join('; ')}. Those items ship later, with their own tracking number (a run with this number would find it already present).`,
      );
    }
    return { kind: 'create', groups: groupByLocation(fulfillable, notes), notes, warnings };
  };
  // A resumed fulfil-if-needed run whose first creates went through: finish the other locations
  // (the number being on the first fulfillment does not mean the run is done).
  if (input.fulfillIfNeeded && input.resumingCreate && fulfillable.length > 0) {
    notes.push(
      `An earlier attempt of this run fulfilled some locations; the ${fulfillable.length} fulfillment order(s) it left open are fulfilled now.`,
    );
    return create();
  }

  const holders = live.filter((f) => f.trackingInfo.some((t) => t.number && normaliseTrackingNumber(t.number) === number));
  const holder = holders[0];
  if (holder) {
    return {
      kind: 'noop',
      reason: `tracking number ${input.trackingNumber} is already on fulfillment ${holder.name}`,
      holder,
      holders: holders.map((f) => f.id).reverse(),
      notes,
      warnings,
    };
  }

  const notShipped = order.fulfillmentOrders.nodes.filter(
    (fo) => FULFILLABLE_STATUSES.has(fo.status) && fo.deliveryMethod?.methodType !== 'SHIPPING',
  );
  if (input.fulfillIfNeeded && notShipped.length > 0) {
    notes.push(
      `Left ${notShipped.length} fulfillment order(s) that are not shipped (${[...new Set(notShipped.map((fo) => fo.deliveryMethod?.methodType ?? 'unknown'))].join(', ')}) to their location.`,
    );
  }
  if (input.fulfillIfNeeded && fulfillable.length > 0) {
    if (live.length > 0)
      notes.push(
        `The order has ${live.length} earlier fulfillment(s); the number goes with the items still open, not onto an earlier shipment.`,
      );
    return create();
  }
  // The number belongs to items still to go: never put it on an earlier shipment instead.
  if (input.fulfillIfNeeded && waiting.length > 0) return cannotFulfilNow(order, waiting, input.now);

  const target = live[0];
  if (!target) return noFulfillment(input, notes);
  if (live.length > 1) notes.push(`Chose the most recent of ${live.length} fulfillments.`);
  return { kind: 'update', fulfillment: target, notes, warnings };
}

/**
 * The country the parcel leaves from, when the fulfillment orders to fulfil say it (one country
 * for all); for an existing fulfillment it is read only when needed (see FULFILLMENT_ORIGIN).
 */
export function originCountry(target: Target): string | null {
  if (target.kind === 'create') {
    const countries = new Set(target.groups.map((g) => g.countryCode));
    return countries.size === 1 ? ([...countries][0] ?? null) : null;
  }
  return null;
}

/**
 * The tracking list to send. Shopify's update replaces the whole list and keeps one company per
 * fulfillment, so: existing numbers and their URLs are kept as they are; when any number has a
 * URL, every number is sent with one (Shopify pairs them by position), the new one's from the
 * step, the rule, or its carrier's public tracking page; when the new number's company differs
 * from the fulfillment's, `keep` lists it under the existing company with its own carrier's link
 * (and warns), `replace` lists every number under the new one. When no URL can be found for a
 * number that needs one, nothing is sent (422 `tracking_url_needed`) rather than lose a URL.
 */
export function planTracking(
  target: Target,
  trackingNumber: string,
  choice: TrackingChoice,
): { plan: TrackingPlan; notes: string[]; warnings: string[] } | Refusal {
  const notes = [...target.notes];
  const warnings = [...target.warnings, ...choice.warnings];
  const notifyCustomer = choice.notify.notify;
  if (target.kind === 'noop') {
    return {
      plan: {
        kind: 'noop',
        reason: target.reason,
        fulfillmentId: target.holder.id,
        tracking: target.holder.trackingInfo,
        holders: target.holders,
      },
      notes,
      warnings,
    };
  }
  if (target.kind === 'create') {
    const { company } = choice.company;
    const trackingInfo: TrackingInput = {
      ...(company ? { company } : {}),
      numbers: [trackingNumber],
      ...(choice.url.url ? { urls: [choice.url.url] } : {}),
    };
    return { plan: { kind: 'create', groups: target.groups, trackingInfo, notifyCustomer }, notes, warnings };
  }

  const { fulfillment } = target;
  const existing = fulfillment.trackingInfo.filter((t): t is TrackingInfo & { number: string } => !!t.number);
  const loose = fulfillment.trackingInfo.filter((t) => !t.number && t.url);
  if (loose.length > 0) {
    // A URL without a number cannot be sent back (URLs pair with numbers by position), and the update replaces the list.
    return refuse(
      'tracking_url_needed',
      `${fulfillment.name} has a tracking link without a number (${loose.map((t) => t.url).join(', ')}) that replacing its tracking list would drop. Add this number in the Shopify admin. Nothing was changed.`,
    );
  }
  const written = existing.find((e) => e.company)?.company ?? fulfillment.trackingInfo.find((t) => t.company)?.company ?? null;
  // "Fedex" or "ups" from another app is the same carrier as "FedEx": compare, and send, Shopify's spelling.
  const previous = written ? (normaliseCompany(written) ?? written) : null;
  const fresh = choice.company.company;
  // `company`: what the fulfillment is listed under after the update; `linkCompany`: whose page the new number links to.
  let company = fresh ?? previous;
  let linkCompany = company;
  if (existing.length > 0 && previous && fresh && fresh !== previous) {
    if (choice.conflict.policy === 'replace') {
      notes.push(
        `The fulfillment's ${existing.length} existing number(s) were under ${previous}; all are now listed under ${fresh} (company_conflict "replace", from ${choice.conflict.source}); their tracking links are kept.`,
      );
    } else {
      company = previous;
      linkCompany = fresh;
      warnings.push(
        `Shopify keeps one company per fulfillment: ${fulfillment.name}'s numbers are under ${previous}, so ${trackingNumber} (${fresh}) is listed under ${previous} too, with its own ${fresh} tracking link. Set company_conflict to "replace" to list every number under ${fresh}.`,
      );
    }
  } else if (existing.length > 0 && previous && !fresh) {
    notes.push(`No company for the new number (${choice.company.reason}); it is listed under ${previous}, the fulfillment's company.`);
  }
  if (written && previous !== written && company === previous)
    notes.push(`The fulfillment's company "${written}" is sent in Shopify's spelling, ${previous}.`);
  else if (existing.length > 0 && !previous && fresh) {
    notes.push(
      `The existing number(s) had no company; Shopify keeps one company per fulfillment, so they are now listed under ${fresh} too.`,
    );
  }

  const existingUrls = existing.map((e) => e.url ?? (company ? trackingUrlFor(e.company ?? company, e.number) : null));
  let newUrl = choice.url.url;
  let newUrlSource: string = choice.url.source === 'property' ? 'the step' : choice.url.source === 'rule' ? 'the rule' : '';
  const anyUrl = existing.some((e) => e.url);
  const ownLink = linkCompany !== company;
  let urls: string[] | undefined;
  if (anyUrl || ownLink || newUrl) {
    if (!newUrl && linkCompany) {
      newUrl = trackingUrlFor(linkCompany, trackingNumber);
      newUrlSource = `${linkCompany}'s public tracking page`;
    }
    const all = [...existingUrls, newUrl];
    if (all.every((u): u is string => !!u)) {
      urls = all;
      if (anyUrl || ownLink)
        notes.push(
          `Sent a tracking URL for every number (Shopify pairs them by position): the existing ones as they were${newUrlSource ? `, the new one from ${newUrlSource}` : ''}.`,
        );
    } else if (!anyUrl && !ownLink) {
      notes.push(
        'The tracking URL was not sent: Shopify pairs URLs with numbers by position and the existing numbers have none (and flowfill knows no tracking page for them); Shopify builds the link from the company and number instead.',
      );
    } else {
      const missing = existing.filter((_, i) => !existingUrls[i]).map((e) => e.number);
      return refuse(
        'tracking_url_needed',
        `${fulfillment.name} has tracking links Shopify would drop: its tracking list is replaced as a whole and URLs pair with numbers by position, so every number needs a URL, and flowfill has none for ${
          newUrl ? missing.join(', ') : trackingNumber
        }. ${newUrl ? 'Add this number in the Shopify admin' : 'Give the step a Tracking URL (or a rule a tracking_url)'}${ownLink ? `, or set company_conflict to "replace" to list every number under ${fresh}` : ''}. Nothing was changed.`,
      );
    }
  }
  if (existing.length > 0) notes.push(`Kept the ${existing.length} existing tracking number(s): Shopify replaces the whole list.`);
  return {
    plan: {
      kind: 'update',
      fulfillmentId: fulfillment.id,
      trackingInfoInput: {
        ...(company ? { company } : {}),
        numbers: [...existing.map((e) => e.number), trackingNumber],
        ...(urls ? { urls } : {}),
      },
      notifyCustomer,
    },
    notes,
    warnings,
  };
}

function groupByLocation(fulfillable: TrackingFulfillmentOrderData[], notes: string[]): CreateGroup[] {
  const byLocation = new Map<string, CreateGroup>();
  for (const fo of fulfillable) {
    const locationId = fo.assignedLocation.location?.id ?? `unknown:${fo.assignedLocation.name}`;
    const group = byLocation.get(locationId) ?? {
      locationId,
      locationName: fo.assignedLocation.name,
      countryCode: fo.assignedLocation.countryCode ?? null,
      fulfillmentOrderIds: [],
    };
    group.fulfillmentOrderIds.push(fo.id);
    byLocation.set(locationId, group);
  }
  if (byLocation.size > 1)
    notes.push(`The order ships from ${byLocation.size} locations: one fulfillment per location, each with this tracking number.`);
  return [...byLocation.values()];
}

function noFulfillment(input: LocateInput, notes: string[]): Refusal {
  const { order } = input;
  if (order.cancelledAt) {
    return refuse('order_cancelled', `Order ${order.name} was cancelled and has no fulfillment to add tracking to.`);
  }
  if (!input.fulfillIfNeeded) {
    return refuse(
      'no_fulfillment',
      `Order ${order.name} has no fulfillment yet to add tracking to. Fulfill it first, or turn on "Fulfill if needed" in the Flow step.`,
    );
  }
  const foes = order.fulfillmentOrders.nodes;
  if (foes.length === 0) {
    return wait(
      'fulfillment_orders_not_ready',
      `Shopify has not created the fulfillment orders of ${order.name} yet; the run continues when Flow re-sends it.`,
    );
  }
  notes.push(...foes.map((fo) => `${fo.id}: ${fo.status}`));
  return refuse(
    'nothing_to_fulfill',
    `Order ${order.name} has no fulfillment and nothing this app can fulfill (fulfillment orders: ${foes.map(describeFulfillmentOrder).join(', ')}).`,
  );
}

/**
 * Why the shipping items still to go cannot leave with this number now: a temporary hold or a
 * schedule opening within 20 hours waits (202); a hold, a later schedule or another app's
 * fulfillment service is a 422 that names it. Nothing is changed either way.
 */
function cannotFulfilNow(order: TrackedOrder, waiting: TrackingFulfillmentOrderData[], now: number): Refusal {
  const holds = waiting.flatMap((fo) => fo.fulfillmentHolds.map((h) => h.reason));
  const permanent = holds.filter((reason) => !TEMPORARY_HOLDS.has(reason));
  if (permanent.length > 0) {
    return onHold(order.name, permanent);
  }
  if (holds.length > 0) {
    return temporaryHold(order.name, holds);
  }
  const scheduled = waiting.filter((fo) => fo.status === 'SCHEDULED').map((fo) => fo.fulfillAt);
  if (scheduled.length > 0) return scheduledWait(order.name, scheduled, now) ?? scheduledTooFar(order.name, scheduled);
  return refuse(
    'nothing_to_fulfill',
    `Order ${order.name}'s items still to ship are not this app's to fulfil (${waiting.map(describeFulfillmentOrder).join('; ')}); the tracking number was not added to an earlier shipment. Nothing was changed.`,
  );
}

/** "OPEN PICK_UP (not shipped)", "ON_HOLD at Newark (AWAITING_PAYMENT)": why fulfil-if-needed left it. */
function describeFulfillmentOrder(fo: TrackingFulfillmentOrderData): string {
  const method = fo.deliveryMethod?.methodType ?? 'unknown';
  const where = fo.assignedLocation.name;
  if (method !== 'SHIPPING') return `${fo.status} ${method} at ${where} (not shipped)`;
  if (fo.fulfillmentHolds.length > 0) return `${fo.status} at ${where}, on hold (${fo.fulfillmentHolds.map((h) => h.reason).join(', ')})`;
  if (fo.status === 'SCHEDULED') return `SCHEDULED at ${where}${fo.fulfillAt ? `, opens ${fo.fulfillAt}` : ''}`;
  if (!fo.supportedActions.some((a) => a.action === 'CREATE_FULFILLMENT'))
    return `${fo.status} at ${where}, another app's fulfillment service`;
  return `${fo.status} at ${where}`;
}

function numericId(gid: string): number {
  return Number(/(\d+)$/.exec(gid)?.[1] ?? 0);
}
