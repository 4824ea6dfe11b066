/**
 * Which fulfillment orders an action may fulfil now, and what to answer when none: 202 while
 * Shopify is still creating them or a temporary hold is on, 422 for permanent holds, 200 no-op
 * when everything is already fulfilled. Fulfillment orders at another app's fulfillment service
 * are skipped with a reason.
 */
import { ActionError, PendingError } from '../../errors';
import type { Snapshot, SnapshotFulfillmentOrder } from './snapshot';

/** Holds Shopify lifts by itself shortly (post-purchase upsell): answer 202 and come back. */
export const TEMPORARY_HOLDS: ReadonlySet<string> = new Set(['ONLINE_STORE_POST_PURCHASE_CROSS_SELL']);

export interface SkippedFulfillmentOrder {
  id: string;
  location: string;
  status: string;
  reason: string;
}

export type FulfillmentStatus =
  | { kind: 'ready'; fulfillable: SnapshotFulfillmentOrder[]; skipped: SkippedFulfillmentOrder[] }
  | { kind: 'done'; reason: string; skipped: SkippedFulfillmentOrder[] };

const remaining = (fo: SnapshotFulfillmentOrder) => fo.lines.reduce((sum, l) => sum + l.remaining, 0);

/**
 * Sorts the order's fulfillment orders into fulfillable and skipped; throws for the 202/422 outcomes.
 * `resumingCreate`: an earlier attempt of this run sent a fulfillmentCreate. When nothing is left
 * for it to fulfil, holds on the rest are what that run skipped, not a reason to fail or wait now.
 */
export function fulfillmentStatus(snapshot: Snapshot, options: { resumingCreate?: boolean } = {}): FulfillmentStatus {
  const { order, fulfillmentOrders } = snapshot;
  if (order.cancelledAt) {
    throw new ActionError('order_cancelled', `Order ${order.name} was cancelled; there is nothing to fulfill.`);
  }
  if (fulfillmentOrders.length === 0) {
    throw new PendingError('fulfillment_orders_not_ready', `Shopify has not created the fulfillment orders of ${order.name} yet; the run continues when Flow re-sends it.`);
  }
  const fulfillable: SnapshotFulfillmentOrder[] = [];
  const skipped: SkippedFulfillmentOrder[] = [];
  const temporary: string[] = [];
  const permanent: string[] = [];
  for (const fo of fulfillmentOrders) {
    const skip = (reason: string) => skipped.push({ id: fo.id, location: fo.locationName, status: fo.status, reason });
    if (remaining(fo) === 0 || fo.status === 'CLOSED' || fo.status === 'CANCELLED' || fo.status === 'INCOMPLETE') {
      skip(fo.status === 'CANCELLED' ? 'cancelled' : 'nothing left to fulfill');
      continue;
    }
    if (fo.holds.length > 0 || fo.status === 'ON_HOLD') {
      const reasons = fo.holds.map((h) => h.reason);
      if (reasons.length > 0 && reasons.every((r) => TEMPORARY_HOLDS.has(r))) temporary.push(...reasons);
      else permanent.push(...(reasons.length ? reasons.map((r, i) => (fo.holds[i]?.reasonNotes ? `${r}: ${fo.holds[i]!.reasonNotes}` : r)) : ['ON_HOLD']));
      skip(`on hold (${reasons.join(', ') || 'no reason given'})`);
      continue;
    }
    if (fo.status === 'SCHEDULED') {
      skip('scheduled: Shopify opens it at its fulfill-at date');
      continue;
    }
    if (fo.status !== 'OPEN' && fo.status !== 'IN_PROGRESS') {
      skip(`status ${fo.status} cannot be fulfilled`);
      continue;
    }
    if (!fo.supportedActions.includes('CREATE_FULFILLMENT')) {
      skip(
        fo.requestStatus !== 'UNSUBMITTED'
          ? `at ${fo.locationName}, a fulfillment service (request ${fo.requestStatus}): that service fulfils it`
          : `at ${fo.locationName}, another app's fulfillment service: this app cannot fulfil it`,
      );
      continue;
    }
    fulfillable.push(fo);
  }
  const finished = options.resumingCreate === true && fulfillable.length === 0;
  // A temporary hold lifts within minutes: wait for it rather than fulfil half the order.
  if (temporary.length > 0 && !finished) {
    throw new PendingError('temporary_hold', `Order ${order.name} is on a temporary hold (${[...new Set(temporary)].join(', ')}); the run continues when Flow re-sends it.`);
  }
  if (fulfillable.length === 0) {
    if (permanent.length > 0 && !finished) {
      throw new ActionError('on_hold', `Order ${order.name} is on hold (${[...new Set(permanent)].join('; ')}); release the hold in Shopify before it can be fulfilled.`, 422, { skipped });
    }
    const open = skipped.filter((s) => s.reason !== 'nothing left to fulfill' && s.reason !== 'cancelled');
    if (open.length === 0) return { kind: 'done', reason: `everything in ${order.name} is already fulfilled`, skipped };
    return { kind: 'done', reason: `nothing in ${order.name} can be fulfilled by this app: ${open.map((s) => s.reason).join('; ')}`, skipped };
  }
  return { kind: 'ready', fulfillable, skipped };
}
