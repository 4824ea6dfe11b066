/** The pure planner of "Add tracking": which fulfillment gets which tracking list, or why nothing is done. */
import { ActionError, PendingError } from '../../errors';
import { FULFILLABLE_STATUSES, TEMPORARY_HOLDS } from '../fulfillment/status';
import type { OrderTrackingData, TrackingInfo, TrackingInput } from './documents';

export interface CompanyChoice {
  company: string | null;
  /** Where the company came from, for the explanation. */
  source: 'property' | 'rule' | 'detected' | 'existing' | 'none';
  reason: string;
}

export interface PlanInput {
  order: NonNullable<OrderTrackingData['order']>;
  trackingNumber: string;
  trackingUrl?: string;
  company: CompanyChoice;
  notifyCustomer: boolean;
  fulfillIfNeeded: boolean;
  /** Earlier attempts of this run already created fulfillments: carry on fulfilling. */
  resumingCreate: boolean;
}

export type TrackingPlan =
  /** `holders`: every fulfillment already carrying the number, oldest first (a resumed fulfil-if-needed run made them). */
  | { kind: 'noop'; reason: string; fulfillmentId: string; tracking: TrackingInfo[]; holders: string[] }
  | { kind: 'update'; fulfillmentId: string; trackingInfoInput: TrackingInput; notifyCustomer: boolean }
  | {
      kind: 'create';
      groups: { locationId: string; locationName: string; fulfillmentOrderIds: string[] }[];
      trackingInfo: TrackingInput;
      notifyCustomer: boolean;
    };

export interface TrackingExplanation {
  order: string;
  target: string;
  company: CompanyChoice;
  notes: string[];
}

/** Fulfillment statuses that can still carry tracking (CANCELLED, ERROR and FAILURE cannot). */
const LIVE_FULFILLMENT = new Set(['SUCCESS', 'OPEN', 'PENDING']);

/** Decides what to send. Throws ActionError/PendingError for the outcomes that are not a plan. */
export function planAddTracking(input: PlanInput): { plan: TrackingPlan; explanation: TrackingExplanation } {
  const { order } = input;
  const notes: string[] = [];
  const explain = (target: string) => ({ order: order.name, target, company: input.company, notes });
  const number = normaliseNumber(input.trackingNumber);
  const live = order.fulfillments
    .filter((f) => LIVE_FULFILLMENT.has(f.status))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || numericId(b.id) - numericId(a.id));

  // Shipping ones only: a tracking number ships; a pickup or local-delivery order belongs to its store.
  const fulfillable = order.fulfillmentOrders.nodes.filter(
    (fo) =>
      FULFILLABLE_STATUSES.has(fo.status) &&
      fo.fulfillmentHolds.length === 0 &&
      fo.supportedActions.some((a) => a.action === 'CREATE_FULFILLMENT') &&
      fo.deliveryMethod?.methodType === 'SHIPPING',
  );
  // A resumed fulfil-if-needed run whose first creates went through: finish the other locations
  // (the number being on the first fulfillment does not mean the run is done).
  if (input.fulfillIfNeeded && input.resumingCreate && fulfillable.length > 0) {
    return { plan: createPlan(input, fulfillable, notes), explanation: explain(`fulfill the ${fulfillable.length} fulfillment order(s) an earlier attempt of this run left open`) };
  }

  const holders = live.filter((f) => f.trackingInfo.some((t) => t.number && normaliseNumber(t.number) === number));
  const holder = holders[0];
  if (holder) {
    return {
      plan: { kind: 'noop', reason: `tracking number ${input.trackingNumber} is already on fulfillment ${holder.name}`, fulfillmentId: holder.id, tracking: holder.trackingInfo, holders: holders.map((f) => f.id).reverse() },
      explanation: explain(`${holder.name} already has this tracking number; nothing to do`),
    };
  }

  const notShipped = order.fulfillmentOrders.nodes.filter((fo) => FULFILLABLE_STATUSES.has(fo.status) && fo.deliveryMethod?.methodType !== 'SHIPPING');
  if (input.fulfillIfNeeded && notShipped.length > 0) {
    notes.push(`Left ${notShipped.length} fulfillment order(s) that are not shipped (${[...new Set(notShipped.map((fo) => fo.deliveryMethod?.methodType ?? 'unknown'))].join(', ')}) to their location.`);
  }
  const target = live[0];
  if (input.fulfillIfNeeded && (!target || input.resumingCreate) && fulfillable.length > 0) {
    return { plan: createPlan(input, fulfillable, notes), explanation: explain(`fulfill ${fulfillable.length} open fulfillment order(s) with this tracking`) };
  }

  if (!target) throw noFulfillment(input, notes);

  const existing = target.trackingInfo.filter((t) => t.number);
  const entries = [...existing, { company: null, number: input.trackingNumber, url: input.trackingUrl ?? null }];
  const urls = entries.every((e) => e.url) ? entries.map((e) => e.url!) : undefined;
  if (input.trackingUrl && !urls) {
    notes.push('The tracking URL was not sent: Shopify pairs URLs with numbers by position and the existing numbers have none; Shopify builds the link from the company and number instead.');
  }
  const previousCompany = existing.find((e) => e.company)?.company ?? null;
  const company = input.company.company ?? previousCompany;
  if (previousCompany && company !== previousCompany) {
    notes.push(`Shopify keeps one company per fulfillment: the existing numbers (${previousCompany}) are now listed under ${company}.`);
  }
  if (existing.length > 0) notes.push(`Kept the ${existing.length} existing tracking number(s): Shopify replaces the whole list.`);
  if (live.length > 1) notes.push(`Chose the most recent of ${live.length} fulfillments.`);
  return {
    plan: {
      kind: 'update',
      fulfillmentId: target.id,
      trackingInfoInput: { ...(company ? { company } : {}), numbers: entries.map((e) => e.number!), ...(urls ? { urls } : {}) },
      notifyCustomer: input.notifyCustomer,
    },
    explanation: explain(`add to ${target.name}, the most recent fulfillment that is not cancelled`),
  };
}

function createPlan(input: PlanInput, fulfillable: NonNullable<OrderTrackingData['order']>['fulfillmentOrders']['nodes'], notes: string[]): TrackingPlan {
  const byLocation = new Map<string, { locationId: string; locationName: string; fulfillmentOrderIds: string[] }>();
  for (const fo of fulfillable) {
    const locationId = fo.assignedLocation.location?.id ?? `unknown:${fo.assignedLocation.name}`;
    const group = byLocation.get(locationId) ?? { locationId, locationName: fo.assignedLocation.name, fulfillmentOrderIds: [] };
    group.fulfillmentOrderIds.push(fo.id);
    byLocation.set(locationId, group);
  }
  if (byLocation.size > 1) notes.push(`The order ships from ${byLocation.size} locations: one fulfillment per location, each with this tracking number.`);
  return {
    kind: 'create',
    groups: [...byLocation.values()],
    trackingInfo: {
      ...(input.company.company ? { company: input.company.company } : {}),
      numbers: [input.trackingNumber],
      ...(input.trackingUrl ? { urls: [input.trackingUrl] } : {}),
    },
    notifyCustomer: input.notifyCustomer,
  };
}

function noFulfillment(input: PlanInput, notes: string[]): Error {
  const { order } = input;
  if (order.cancelledAt) {
    return new ActionError('order_cancelled', `Order ${order.name} was cancelled and has no fulfillment to add tracking to.`);
  }
  if (!input.fulfillIfNeeded) {
    return new ActionError(
      'no_fulfillment',
      `Order ${order.name} has no fulfillment yet to add tracking to. Fulfill it first, or turn on "Fulfill if needed" in the Flow step.`,
    );
  }
  const foes = order.fulfillmentOrders.nodes;
  if (foes.length === 0) {
    return new PendingError('fulfillment_orders_not_ready', `Shopify has not created the fulfillment orders of ${order.name} yet; the run continues when Flow re-sends it.`);
  }
  const holds = foes.filter((fo) => fo.deliveryMethod?.methodType === 'SHIPPING').flatMap((fo) => fo.fulfillmentHolds.map((h) => h.reason));
  if (holds.length > 0 && holds.every((reason) => TEMPORARY_HOLDS.has(reason))) {
    return new PendingError('temporary_hold', `Order ${order.name} is on a temporary hold (${holds.join(', ')}); the run continues when Flow re-sends it.`);
  }
  if (holds.length > 0) {
    return new ActionError('on_hold', `Order ${order.name} is on hold (${[...new Set(holds)].join(', ')}); release the hold before it can be fulfilled.`);
  }
  notes.push(...foes.map((fo) => `${fo.id}: ${fo.status}`));
  return new ActionError(
    'nothing_to_fulfill',
    `Order ${order.name} has no fulfillment and nothing this app can fulfill (fulfillment orders: ${foes.map(describeFulfillmentOrder).join(', ')}).`,
  );
}

/** "OPEN PICK_UP (not shipped)", "OPEN at another app's fulfillment service": why fulfil-if-needed left it. */
function describeFulfillmentOrder(fo: NonNullable<OrderTrackingData['order']>['fulfillmentOrders']['nodes'][number]): string {
  const method = fo.deliveryMethod?.methodType ?? 'unknown';
  if (method !== 'SHIPPING') return `${fo.status} ${method} (not shipped)`;
  return `${fo.status}${fo.supportedActions.some((a) => a.action === 'CREATE_FULFILLMENT') ? '' : " at another app's fulfillment service"}`;
}

/** Tracking numbers compare without spaces or case (merchants paste "1Z 999 AA1 ..."). */
export function normaliseNumber(number: string): string {
  return number.replace(/[\s-]/g, '').toUpperCase();
}

function numericId(gid: string): number {
  return Number(/(\d+)$/.exec(gid)?.[1] ?? 0);
}
