/**
 * How both rule-driven actions end a run once they have read and decided. They differ only in what
 * makes a fulfilled run partial and what its attention reason names (`Fulfilled`).
 */
import type { ActionResult, SimulationResult } from '../action';
import type { Execution } from './write';
import type { ChosenRule } from '../rule-choice';
import type { EarlierCreates } from './earlier-creates';
import { fulfillmentFacts } from './facts';
import { returnValue, type FulfillmentReturnValue } from './return-value';
import type { Snapshot } from './snapshot';
import type { FulfillmentStatus } from './status';

/** The action's result for a run that fulfilled something (this attempt or an earlier one). */
export type Fulfilled = (value: FulfillmentReturnValue) => Pick<ActionResult, 'status' | 'returnValue' | 'attention'>;

/**
 * A run with nothing to plan (`done`): when an earlier attempt of it made fulfillments (`earlier`,
 * read back from Shopify), a success answered with them; otherwise a no-op.
 */
export function unplannedRun(
  handle: string,
  earlier: EarlierCreates,
  snapshot: Snapshot,
  rule: ChosenRule,
  done: Done,
  fulfilled: Fulfilled,
): ActionResult {
  const ruleName = rule.record?.name ?? null;
  const explanation = { ...unplannedExplanation(handle, snapshot, rule, done), mutations: [] };
  if (earlier.fulfillments.length > 0) {
    const value = returnValue('fulfilled', snapshot, [], {}, ruleName, earlier);
    return {
      ...fulfilled(value),
      plan: { steps: [] },
      explanation,
      rule: rule.record,
      facts: fulfillmentFacts(snapshot, value, null, earlier),
    };
  }
  const outcome = done?.reason.startsWith('everything') ? 'already_fulfilled' : 'nothing_to_fulfill';
  const value = returnValue(outcome, snapshot, [], {}, ruleName);
  return {
    status: 'noop',
    returnValue: { ...value },
    facts: fulfillmentFacts(snapshot, value, null, earlier),
    plan: { steps: [] },
    explanation,
    rule: rule.record,
    // Only what flowfill should have fulfilled but could not needs a person: pickup, a 3PL's or a later-scheduled order does not.
    attention:
      outcome === 'nothing_to_fulfill' && (done?.skipped ?? []).some((s) => s.kind === 'blocked')
        ? { reason: done?.reason ?? 'nothing to fulfill' }
        : null,
  };
}

/**
 * The return value of a run that executed its plan: this attempt's fulfillments and the earlier
 * attempts' (the plan's creates an earlier attempt made were not sent, so their units are not counted twice).
 */
export function executedValue(
  snapshot: Snapshot,
  execution: Execution,
  fulfils: Record<string, number>,
  ruleName: string | null,
  earlier: EarlierCreates,
): FulfillmentReturnValue {
  const sent = { ...fulfils };
  for (const id of execution.madeBefore) delete sent[id];
  return returnValue('fulfilled', snapshot, execution.fulfillments, sent, ruleName, earlier);
}

type Done = Extract<FulfillmentStatus, { kind: 'done' }> | null;

/** Why nothing was planned: the explanation of a run, or a dry run, that sends nothing. */
function unplannedExplanation(handle: string, snapshot: Snapshot, rule: ChosenRule, done: Done) {
  return {
    action: handle,
    order: snapshot.order.name,
    rule: rule.used,
    outcome: done?.reason,
    skipped: done?.skipped ?? [],
    notes: snapshot.notes,
  };
}

/** What a dry run of either action shows: the plan and its explanation, or why there is none. */
export function simulation(
  handle: string,
  decided: { snapshot: Snapshot; rule: ChosenRule; done: Done; planned: { plan: unknown; explanation: unknown } | null },
): SimulationResult {
  const { snapshot, rule, done, planned } = decided;
  if (!planned) return { plan: { steps: [] }, explanation: unplannedExplanation(handle, snapshot, rule, done) };
  return { plan: planned.plan, explanation: planned.explanation };
}
