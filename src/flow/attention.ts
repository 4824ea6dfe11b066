/**
 * flowfill's own Flow trigger, "Fulfillment needs attention" (extensions/fulfillment-needs-attention):
 * fired when a run fails for a reason a person must fix, or finishes leaving items unfulfilled, so a
 * merchant's workflow can alert the warehouse. Firing is best effort: it never changes the run's outcome.
 */
import type { Clock } from '../clock';
import type { RunStep } from '../db/schema';
import type { AdminClient } from '../shopify/client';
import { legacyId } from '../shopify/gid';
import { FLOW_TRIGGER_RECEIVE } from './documents';

/** The trigger extension's handle. */
export const ATTENTION_TRIGGER_HANDLE = 'fulfillment-needs-attention';

/** The run step name under which a firing is recorded in the ledger. */
export const ATTENTION_STEP = 'flowTriggerReceive';

/** Flow's single-line text fields are for short text: longer reasons are cut. */
const MAX_REASON = 500;

export interface AttentionInput {
  /** The order GID (gid://shopify/Order/123). */
  orderId: string;
  reason: string;
  /** The action handle, e.g. fulfill-from-best-location. */
  action: string;
  actionRunId: string;
}

/** What a finished run looked like, as far as the trigger cares. */
export interface RunEnd {
  status: 'succeeded' | 'noop' | 'failed' | 'pending';
  responseStatus: number;
  errorMessage?: string | null;
  attention?: { reason: string } | null;
}

/**
 * Why a finished run needs a person, or null: a permanent business failure (422) or a run that
 * says it left something undone. Pending runs and other failures (bad request, server error) do not.
 */
export function attentionReason(end: RunEnd): string | null {
  if (end.status === 'failed' && end.responseStatus === 422) return end.errorMessage || 'The action failed.';
  if ((end.status === 'succeeded' || end.status === 'noop') && end.attention?.reason) return end.attention.reason;
  return null;
}

/**
 * The trigger payload: the order reference as `order_id` (numeric, as Flow expects for an
 * order_reference field) and one entry per field key of the extension's TOML.
 */
export function attentionPayload(input: AttentionInput): Record<string, unknown> {
  const numeric = legacyId(input.orderId);
  const asNumber = Number(numeric);
  const reason = input.reason.replace(/\s+/g, ' ').trim();
  return {
    order_id: Number.isSafeInteger(asNumber) ? asNumber : numeric,
    Reason: reason.length > MAX_REASON ? `${reason.slice(0, MAX_REASON - 1)}…` : reason,
    Action: input.action,
    'Run ID': input.actionRunId,
  };
}

/**
 * Sends flowTriggerReceive and returns the ledger step that records it (done or failed, with the
 * reason and any error). Never throws: a failed firing is recorded, not propagated.
 */
export async function fireAttentionTrigger(admin: AdminClient, clock: Clock, input: AttentionInput): Promise<RunStep> {
  const step: RunStep = { name: ATTENTION_STEP, key: ATTENTION_TRIGGER_HANDLE, state: 'started', at: clock.now() };
  const result: { reason: string; error?: string } = { reason: input.reason };
  try {
    const data = await admin.request(FLOW_TRIGGER_RECEIVE, { handle: ATTENTION_TRIGGER_HANDLE, payload: attentionPayload(input) });
    const errors = data.flowTriggerReceive?.userErrors ?? [];
    if (!data.flowTriggerReceive || errors.length > 0) {
      step.state = 'failed';
      result.error = `Shopify refused the trigger: ${errors.map((e) => e.message).join('; ') || 'no payload returned'}`;
    } else {
      step.state = 'done';
    }
  } catch (error) {
    step.state = 'failed';
    result.error = error instanceof Error ? error.message : String(error);
  }
  step.at = clock.now();
  step.result = result;
  return step;
}

/** True when an earlier attempt of this run already fired the trigger (a resumed run fires it once). */
export function alreadyFired(steps: readonly RunStep[]): boolean {
  return steps.some((s) => s.name === ATTENTION_STEP && s.state === 'done');
}
