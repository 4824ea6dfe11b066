/** The JSON bodies of Flow responses (the README's "Flow responses" table). */
import { errorBody } from '../http/error-body';
import type { StartRefusal } from '../pipeline/prepare';

export interface StoredResponse {
  status: number;
  body: unknown;
}

/** `{"error": {"code", "message"}}` with `status`. */
export function errorResponse(status: number, code: string, message: string): StoredResponse {
  return { status, body: errorBody(code, message) };
}

/** A run the pipeline refused to start, as its 4xx answer. */
export function refusalResponse(refusal: StartRefusal): StoredResponse {
  return errorResponse(refusal.status, refusal.code, refusal.message);
}

/** 202: accepted, Flow re-sends the same action_run_id later and the run resumes. */
export function pendingResponse(reason: string, message: string): StoredResponse {
  return { status: 202, body: { status: 'pending', reason, message } };
}

/** 200 with the extension's return value. */
export function successResponse(returnValue: Record<string, unknown>): StoredResponse {
  return { status: 200, body: { return_value: returnValue } };
}
