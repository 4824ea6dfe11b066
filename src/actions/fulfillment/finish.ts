/**
 * How both rule-driven actions end a run once they have read and decided. They differ only in what
 * makes a fulfilled run partial and what its attention reason names (`Fulfilled`).
 */
import type { RunStep } from '../../db/schema';
import type { AdminClient } from '../../shopify/client';
import type { ActionResult } from '../action';
import type { Execution } from './execute';
import type { ChosenRule } from './plan';
import { readEarlierCreates } from './resume';
import { returnValue, type FulfillmentReturnValue } from './result';
import type { Snapshot } from './snapshot';
import type { FulfillmentStatus } from './status';

/** The action's result for a run that fulfilled something (this attempt or an earlier one). */
export type Fulfilled = (value: FulfillmentReturnValue) => Pick<ActionResult, 'status' | 'returnValue' | 'attention'>;

/**
 * A run with nothing to plan (`done`): when an earlier attempt of it sent a create (`ours`), a
 * success answered with what that attempt made; otherwise a no-op.
 */
export async function unplannedRun(
  run: { admin: AdminClient; previous: readonly RunStep[]; ours: boolean; handle: string },
  snapshot: Snapshot,
  rule: ChosenRule,
  done: Extract<FulfillmentStatus, { kind: 'done' }> | null,
  fulfilled: Fulfilled,
): Promise<ActionResult> {
  const ruleName = rule.record?.name ?? null;
  const explanation = { action: run.handle, order: snapshot.order.name, rule: rule.used, outcome: done?.reason, skipped: done?.skipped ?? [], notes: snapshot.notes, mutations: [] };
  if (run.ours) {
    const earlier = await readEarlierCreates(run.admin, run.previous, snapshot);
    return { ...fulfilled(returnValue('fulfilled', snapshot, [], {}, ruleName, earlier)), plan: { steps: [] }, explanation, rule: rule.record };
  }
  const outcome = done?.reason.startsWith('everything') ? 'already_fulfilled' : 'nothing_to_fulfill';
  return {
    status: 'noop',
    returnValue: { ...returnValue(outcome, snapshot, [], {}, ruleName) },
    plan: { steps: [] },
    explanation,
    rule: rule.record,
    // Only what flowfill should have fulfilled but could not needs a person: pickup, a 3PL's or a later-scheduled order does not.
    attention: outcome === 'nothing_to_fulfill' && (done?.skipped ?? []).some((s) => s.kind === 'blocked') ? { reason: done?.reason ?? 'nothing to fulfill' } : null,
  };
}

/** The return value of a run that executed its plan: this attempt's fulfillments and, when resumed, the earlier ones'. */
export async function executedValue(
  run: { admin: AdminClient; previous: readonly RunStep[]; ours: boolean },
  snapshot: Snapshot,
  execution: Execution,
  fulfils: Record<string, number>,
  ruleName: string | null,
): Promise<FulfillmentReturnValue> {
  const earlier = run.ours
    ? await readEarlierCreates(run.admin, run.previous, snapshot, { keys: execution.createKeys, ids: execution.fulfillments.map((f) => f.id) })
    : undefined;
  return returnValue('fulfilled', snapshot, execution.fulfillments, fulfils, ruleName, earlier);
}
