/**
 * What the Admin client raises, by what went wrong on the way to Shopify. Each is one of the
 * outcome errors of src/errors.ts, so the Flow and admin API answers stay what they were; each keeps
 * its parent's `name` (the logs and the run ledger have always said TransientError, PendingError...).
 */
import { ActionError, PendingError, TransientError } from '../errors';
import type { AccessDenied } from './client';

/** Shopify is rate-limiting the shop and the wait would pass the run's deadline: Flow gets 202. */
export class ThrottledError extends PendingError {
  constructor(
    message: string,
    /** How long the bucket needed to refill enough for the request. */
    readonly waitMs: number,
  ) {
    super('throttled', message);
  }
}

/** What a RateLimitExceededError measured: the request, the points the attempt had used, the shop's bucket. */
export interface RateLimitNeed {
  document: string;
  requested: number;
  spent: number;
  bucket: number;
  restoreRate: number;
  /** The longest attempt's wait budget it was measured against; null when the request alone is over the bucket. */
  budgetMs: number | null;
}

/**
 * No wait can let the request through (larger than the shop's bucket, or more than the longest
 * attempt can be given): 422 `exceeds_rate_limit`, so the run ends instead of answering 202 forever.
 */
export class RateLimitExceededError extends ActionError {
  constructor(
    message: string,
    readonly need: RateLimitNeed,
  ) {
    super('exceeds_rate_limit', message, 422, { rateLimit: need });
  }
}

/**
 * No usable answer (5xx, network error, timeout, a server fault) after the retries the deadline
 * allowed; `mutation_outcome_unknown` when it was a mutation, which is never re-sent blind.
 */
export class UnavailableError extends TransientError {
  constructor(code: 'admin_api_unavailable' | 'mutation_outcome_unknown', message: string) {
    super(code, message);
  }
}

/** The app's token lacks an access scope for fields the run needs: 422 `missing_scope`. */
export class AccessDeniedError extends ActionError {
  constructor(
    message: string,
    /** The scopes Shopify named (empty when it named none). */
    readonly scopes: readonly string[],
    denied: readonly AccessDenied[],
  ) {
    super('missing_scope', message, 422, { denied });
  }
}

/** One error Shopify gave for a request it refused (a GraphQL error or a mutation's userErrors). */
export interface ShopifyUserError {
  message: string;
  field?: readonly string[] | string | null;
  code?: string | null;
}

/** Shopify answered and refused the request: its errors are kept for the caller, the log and the run ledger. */
export class RejectedError extends ActionError {
  constructor(
    code: string,
    message: string,
    readonly userErrors: readonly ShopifyUserError[],
    status: ActionError['status'] = 422,
    /** More for the ledger's details (e.g. the mutations sent before this one). */
    extra: Record<string, unknown> = {},
  ) {
    super(code, message, status, { userErrors, ...extra });
  }
}

/**
 * A mutation Shopify answered with userErrors (or without the object it should have returned):
 * 422 `shopify_rejected`, "Shopify refused to {what}: {its messages or `missing`}".
 */
export function mutationRejected(
  what: string,
  userErrors: readonly ShopifyUserError[],
  missing: string,
  extra: Record<string, unknown> = {},
): RejectedError {
  const messages = userErrors.map((e) => e.message).join('; ') || missing;
  return new RejectedError('shopify_rejected', `Shopify refused to ${what}: ${messages}`, userErrors, 422, extra);
}

/** Shopify refused the app's credentials or the shop itself (bad token, frozen store, no such shop). */
export class ShopRefusedError extends ActionError {
  constructor(code: 'admin_unauthorized' | 'shop_unavailable' | 'shop_not_found', message: string, status: 404 | 422 = 422) {
    super(code, message, status);
  }
}
