/**
 * What an action's decide step returns when it will not plan: a value, not an exception, so the
 * pure planners stay pure and their callers see every way a decision can end. The action's run
 * turns one into its outcome error (`refusalError`), which the pipeline answers like any other.
 */
import { ActionError, PendingError } from '../errors';

/** `refuse`: the run fails with 422 and changes nothing. `wait`: not yet (Flow gets 202 and re-sends). */
export type Refusal =
  { refusal: 'refuse'; code: string; message: string; details?: unknown } | { refusal: 'wait'; reason: string; message: string };

/** A refusal: 422 `code`, nothing changed; `details` go to the run's explanation in the ledger. */
export function refuse(code: string, message: string, details?: unknown): Refusal {
  return details === undefined ? { refusal: 'refuse', code, message } : { refusal: 'refuse', code, message, details };
}

/** A wait: 202 `reason`, the run continues when Flow re-sends the step. */
export function wait(reason: string, message: string): Refusal {
  return { refusal: 'wait', reason, message };
}

/** Whether a decide step's answer is a refusal rather than its decision. */
export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && 'refusal' in value;
}

/** The outcome error a refusal ends the run with (422 ActionError or 202 PendingError). */
function refusalError(refusal: Refusal): ActionError | PendingError {
  return refusal.refusal === 'wait'
    ? new PendingError(refusal.reason, refusal.message)
    : new ActionError(refusal.code, refusal.message, 422, refusal.details);
}

/** `value`, or the end of the run with the refusal's error (called by the run, never by a planner). */
export function orRefuse<T>(value: T | Refusal): T {
  if (isRefusal(value)) throw refusalError(value);
  return value;
}
