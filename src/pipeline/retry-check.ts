/**
 * Would re-running this run now do what it set out to do? Compares the order as Shopify has it now
 * with what the ledger says the run did (pure). Anything the run did not do itself since it began —
 * a fulfillment made or cancelled by someone else, the order cancelled, the tracking number already
 * on a fulfillment — means a retry would act on a different order than the run saw, so it is refused.
 */
import { normaliseTrackingNumber } from '../actions/add-tracking/carriers/detect';
import { CREATE_FULFILLMENT as TRACKING_FULFILL } from '../actions/add-tracking/documents';
import { CREATE_FULFILLMENT } from '../actions/fulfillment/documents';
import type { RunRow } from '../db/schema';
import { RETRY_FULFILLMENTS_READ, type RetryOrderData } from '../flow/documents';

/** Why a retry is refused: a code for the API, a message for the merchant, the fulfillments concerned. */
export interface RetryRefusal {
  code: 'order_not_found' | 'order_cancelled' | 'order_changed' | 'tracking_present' | 'retry_unclear';
  message: string;
  fulfillments?: string[];
}

type Order = NonNullable<RetryOrderData['order']>;

/** The refusal that the order's current state calls for, or null when a retry would redo the same work. */
export function orderChangeRefusal(
  run: Pick<RunRow, 'createdAt' | 'steps' | 'responseBody' | 'properties'>,
  order: Order | null,
): RetryRefusal | null {
  if (!order)
    return { code: 'order_not_found', message: 'The order no longer exists in Shopify (deleted, or never readable by flowfill).' };
  const name = order.name;
  if (order.cancelledAt)
    return { code: 'order_cancelled', message: `${name} was cancelled (${order.cancelledAt}): a retry would fulfil a cancelled order.` };

  const tracking = run.properties?.tracking_number;
  if (typeof tracking === 'string' && tracking !== '') {
    const number = normaliseTrackingNumber(tracking);
    const holder = order.fulfillments.find(
      (f) => f.status !== 'CANCELLED' && f.trackingInfo.some((t) => t.number !== null && normaliseTrackingNumber(t.number) === number),
    );
    if (holder)
      return {
        code: 'tracking_present',
        message: `${tracking} is already on ${holder.name} of ${name}: there is nothing left for a retry to add.`,
        fulfillments: [holder.name],
      };
  }

  if (order.fulfillments.length >= RETRY_FULFILLMENTS_READ)
    return {
      code: 'retry_unclear',
      message: `${name} has ${RETRY_FULFILLMENTS_READ} or more fulfillments, more than flowfill reads to tell its own from others': check the order in Shopify and send the step again from Flow.`,
    };

  // Shopify's createdAt has whole seconds: anything from the run's second on counts as "since" (the safe side).
  const since = Math.floor(run.createdAt / 1000) * 1000;
  const recent = order.fulfillments.filter((f) => Date.parse(f.createdAt) >= since);
  const known = new Set(fulfillmentIdsOf(run));
  const ownCancelled = order.fulfillments.filter((f) => known.has(f.id) && f.status === 'CANCELLED');
  if (ownCancelled.length > 0)
    return {
      code: 'order_changed',
      message: `${ownCancelled.map((f) => f.name).join(', ')}, which this run made, was cancelled since: a retry would fulfil those items again.`,
      fulfillments: ownCancelled.map((f) => f.name),
    };

  const others = recent.filter((f) => !known.has(f.id));
  const creates = (state: string) =>
    (run.steps ?? []).filter((s) => s.state === state && (s.name === CREATE_FULFILLMENT.name || s.name === TRACKING_FULFILL.name)).length;
  // A failed run does not report its fulfillments: as many as it made are its own, whichever they are.
  const unreported = Math.max(0, creates('done') - known.size);
  const inDoubt = creates('started');
  const names = others.map((f) => f.name);
  if (others.some((f) => f.status === 'CANCELLED') || others.length > unreported + inDoubt)
    return {
      code: 'order_changed',
      message: `${name} has fulfillments this run did not make (${names.join(', ')}), made or cancelled since the run began: someone fulfilled it another way, so a retry would not do what the run set out to do. Check the order in Shopify.`,
      fulfillments: names,
    };
  if (others.length > unreported)
    return {
      code: 'retry_unclear',
      message: `${name} has fulfillments (${names.join(', ')}) that may or may not be this run's own (Shopify's answer to one of its creates was lost): check the order in Shopify before fulfilling more.`,
      fulfillments: names,
    };
  return null;
}

/** The fulfillments the run's return value names (both fulfillment actions and add-tracking report `fulfillmentIds`). */
export function fulfillmentIdsOf(row: Pick<RunRow, 'responseBody'>): string[] {
  const value = (row.responseBody as { return_value?: { fulfillmentIds?: unknown } } | null)?.return_value;
  const ids = value && typeof value === 'object' ? value.fulfillmentIds : undefined;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}
