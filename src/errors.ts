/** Errors that carry the Flow outcome they stand for (the README's "Flow responses" table). */

/** What a 500 says: the cause goes to the server log, never into a response. */
export const INTERNAL_ERROR_MESSAGE = 'flowfill hit an unexpected error; the details are in the server log.';

/** A request or business failure that ends the run with a 4xx and a message naming what to fix. */
export class ActionError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: 400 | 404 | 409 | 413 | 422 = 422,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ActionError';
  }
}

/** Work accepted but not finished (throttled past the budget, fulfillment orders not there yet...): 202. */
export class PendingError extends Error {
  constructor(
    readonly reason: string,
    message: string,
  ) {
    super(message);
    this.name = 'PendingError';
  }
}

/** Shopify unreachable or answering 5xx after retries within the time budget. */
export class TransientError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'TransientError';
  }
}

/**
 * This attempt no longer holds its run: its lease expired (it was stuck, e.g. on a slow call) and
 * a newer delivery took the run over. It must send nothing more and write nothing to the ledger.
 */
export class SupersededError extends Error {
  constructor(
    readonly attempt: number,
    message = `Attempt ${attempt} of this run was taken over by a newer delivery; it stops here.`,
  ) {
    super(message);
    this.name = 'SupersededError';
  }
}
