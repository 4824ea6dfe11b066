/** How the admin API shows an attention queue entry: its reason, what flowfill already did, the order's admin link (pure). */
import { CREATE_FULFILLMENT as TRACKING_FULFILL, UPDATE_TRACKING } from '../actions/add-tracking/documents';
import { CREATE_FULFILLMENT, MOVE_FULFILLMENT_ORDER } from '../actions/fulfillment/documents';
import { ACTIONS } from '../actions';
import type { AttentionKind, AttentionRow } from '../db/attention-queries';
import type { RunRow, RunStep } from '../db/schema';
import { ATTENTION_STEP } from '../flow/attention';
import { fulfillmentIdsOf } from '../pipeline/retry-check';
import { legacyId } from '../shopify/gid';

/** What the run's steps and return value say flowfill changed on the order. */
export interface WhatWasDone {
  moves: number;
  fulfillments: number;
  tracking_updates: number;
  /** The "Fulfillment needs attention" trigger was sent (and Shopify accepted it). */
  attention_fired: boolean;
  /** The fulfillments the run reported (its return value); a failed run reports none. */
  fulfillment_ids: string[];
  lines_fulfilled: number | null;
  /** The above in words: "1 move, 1 fulfillment" or "nothing". */
  summary: string;
}

/** Retry is offered, or why not (the POST re-checks everything, this is what the list can tell). */
export type RetryOffer = { offered: true } | { offered: false; reason: string };

/** A queue entry as `GET /api/attention` answers it. */
export function attentionItem(row: AttentionRow, shop: string, now: number) {
  const value = returnValueOf(row);
  return {
    id: row.id,
    action_run_id: row.actionRunId,
    handle: row.handle,
    order_id: row.orderId,
    order_name: row.orderName,
    order_url: orderUrl(shop, row.orderId),
    status: row.status,
    kind: row.kind,
    reason: reasonText(row, now),
    error_code: row.errorCode,
    error_message: row.errorMessage,
    lines_left: typeof value?.linesLeft === 'number' ? value.linesLeft : null,
    what_was_done: whatWasDone(row),
    retry: retryOffer(row, row.kind),
    created_at: new Date(row.createdAt).toISOString(),
    finished_at: row.finishedAt === null ? null : new Date(row.finishedAt).toISOString(),
  };
}

/** `https://admin.shopify.com/store/{store}/orders/{legacy id}`; null when the run has no numeric order id. */
export function orderUrl(shop: string, orderId: string | null): string | null {
  if (!orderId) return null;
  const id = legacyId(orderId);
  if (!/^\d+$/.test(id)) return null;
  const store = shop.replace(/\.myshopify\.com$/i, '');
  return `https://admin.shopify.com/store/${encodeURIComponent(store)}/orders/${id}`;
}

/** The entry's reason in one line: the error, the lines left, how long it has been pending, or the trigger's reason. */
export function reasonText(row: RunRow & { kind: AttentionKind }, now: number): string {
  const attention = attentionStepReason(row.steps ?? []);
  switch (row.kind) {
    case 'failed':
      return `${row.errorCode ?? 'failed'}: ${row.errorMessage ?? 'the run failed without a message'}`;
    case 'partial': {
      const left = Number(returnValueOf(row)?.linesLeft ?? 0);
      return `${left} ${left === 1 ? 'line' : 'lines'} left${attention ? `: ${attention}` : ''}`;
    }
    case 'pending': {
      const hours = Math.max(1, Math.floor((now - row.createdAt) / 3_600_000));
      const why =
        row.status === 'running' ? 'its last attempt stopped without an outcome' : (row.errorMessage ?? row.errorCode ?? 'waiting');
      return `pending for ${hours} h: ${why}`;
    }
    case 'attention':
      return attention ?? 'flowfill asked for a person to look at this order';
  }
}

/** Counts the run's done mutations (steps accumulate over every attempt) and its reported fulfillments. */
export function whatWasDone(row: Pick<RunRow, 'steps' | 'responseBody'>): WhatWasDone {
  const steps = row.steps ?? [];
  const done = (...names: string[]) => steps.filter((s) => s.state === 'done' && names.includes(s.name)).length;
  const value = returnValueOf(row);
  const ids = fulfillmentIdsOf(row);
  const moves = done(MOVE_FULFILLMENT_ORDER.name);
  // A create whose answer was lost stays 'started' but the return value names its fulfillment.
  const fulfillments = Math.max(done(CREATE_FULFILLMENT.name, TRACKING_FULFILL.name), ids.length);
  const trackingUpdates = done(UPDATE_TRACKING.name);
  const fired = done(ATTENTION_STEP) > 0;
  const parts = [
    count(moves, 'move'),
    count(fulfillments, 'fulfillment'),
    count(trackingUpdates, 'tracking update'),
    fired ? 'attention trigger fired' : '',
  ].filter(Boolean);
  return {
    moves,
    fulfillments,
    tracking_updates: trackingUpdates,
    attention_fired: fired,
    fulfillment_ids: ids,
    lines_fulfilled: typeof value?.linesFulfilled === 'number' ? value.linesFulfilled : null,
    summary: parts.length ? parts.join(', ') : 'nothing',
  };
}

/** Whether Retry can be offered from the ledger alone: a finished entry with a known action, an order and valid stored properties. */
export function retryOffer(row: RunRow, kind: AttentionKind | null): RetryOffer {
  if (kind === null) return { offered: false, reason: 'This run is not in the attention queue.' };
  if (row.status === 'pending' || row.status === 'running')
    return {
      offered: false,
      reason: 'The run has not finished: Flow or the sweep resumes it; retrying now would work on the order twice.',
    };
  const action = ACTIONS.get(row.handle);
  if (!action) return { offered: false, reason: `The action "${row.handle}" no longer exists.` };
  if (!row.orderId || !row.properties || !action.properties.safeParse(row.properties).success)
    return { offered: false, reason: 'The run was refused before it started (its properties are not valid): fix the Flow step instead.' };
  return { offered: true };
}

/** The reason the run's trigger carried, if it fired or tried to. */
function attentionStepReason(steps: readonly RunStep[]): string | null {
  const step = steps.find((s) => s.name === ATTENTION_STEP);
  const reason = (step?.result as { reason?: unknown } | undefined)?.reason;
  return typeof reason === 'string' && reason !== '' ? reason : null;
}

function returnValueOf(row: Pick<RunRow, 'responseBody'>): Record<string, unknown> | null {
  const value = (row.responseBody as { return_value?: unknown } | null)?.return_value;
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
}

function count(n: number, noun: string): string {
  return n === 0 ? '' : `${n} ${noun}${n === 1 ? '' : 's'}`;
}
