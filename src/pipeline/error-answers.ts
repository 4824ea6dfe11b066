/**
 * What an error thrown while running an action answers, in the two places runs are answered: Flow
 * (the run ledger and Flow's retry contract) and the admin API (a dry run). Errors carry their layer:
 * ActionError (a business refusal, RuleEvaluationError from the rule engine included), PendingError
 * (come back later, e.g. throttled past the budget) and TransientError (Shopify unreachable) from the
 * Admin client and the actions; anything else is a crash, logged and answered 500.
 */
import { ActionError, INTERNAL_ERROR_MESSAGE, PendingError, TransientError } from '../errors';
import { errorResponse, pendingResponse, type StoredResponse } from '../flow/responses';
import { errorBody } from '../http/error-body';
import type { Logger } from '../log';

/** A failed or pending run's Flow answer and what the ledger records about it. */
export interface FlowErrorAnswer {
  status: 'failed' | 'pending';
  response: StoredResponse;
  code: string;
  message: string;
  /** The explanation an ActionError carries (which rule, which locations...). */
  details?: unknown;
}

/** Maps an error to Flow's answer. `mutationInDoubt`: a mutation was sent whose outcome is unknown. */
export function flowErrorAnswer(error: unknown, mutationInDoubt: boolean, logger: Logger): FlowErrorAnswer {
  if (error instanceof ActionError) {
    return {
      status: 'failed',
      response: errorResponse(error.status, error.code, error.message),
      code: error.code,
      message: error.message,
      details: error.details,
    };
  }
  if (error instanceof PendingError) {
    return { status: 'pending', response: pendingResponse(error.reason, error.message), code: error.reason, message: error.message };
  }
  if (error instanceof TransientError) {
    // Before any mutation Flow may simply retry (503); after one, only a resumed run may continue (202).
    const response = mutationInDoubt ? pendingResponse(error.code, error.message) : errorResponse(503, error.code, error.message);
    return { status: 'pending', response, code: error.code, message: error.message };
  }
  logger.log('error', 'run crashed', { error: error instanceof Error ? error : String(error) });
  return {
    status: 'failed',
    response: errorResponse(500, 'internal_error', INTERNAL_ERROR_MESSAGE),
    code: 'internal_error',
    message: INTERNAL_ERROR_MESSAGE,
  };
}

/** An HTTP-shaped answer of the admin API (and the CLI, which prints the same answers). */
export interface AdminAnswer {
  status: 200 | 400 | 404 | 409 | 413 | 422 | 500 | 503;
  body: unknown;
}

/**
 * Maps an error to the admin API's answer for a dry run: like Flow's, except that what Flow would
 * get 202 for is 409 `pending` (there is no plan yet, and nothing re-sends a dry run).
 */
export function adminErrorAnswer(error: unknown, logger: Logger): AdminAnswer {
  if (error instanceof ActionError) {
    return {
      status: error.status,
      body: errorBody(error.code, error.message, error.details !== undefined ? { details: error.details } : {}),
    };
  }
  if (error instanceof PendingError) {
    return {
      status: 409,
      body: errorBody('pending', `${error.message} (Flow would get 202 and re-send the step later.)`, { reason: error.reason }),
    };
  }
  if (error instanceof TransientError) return { status: 503, body: errorBody(error.code, error.message) };
  logger.log('error', 'simulate crashed', { error: error instanceof Error ? error : String(error) });
  return { status: 500, body: errorBody('internal_error', INTERNAL_ERROR_MESSAGE) };
}
