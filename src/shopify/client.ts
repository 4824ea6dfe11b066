/** Admin GraphQL client: pacing on Shopify's throttle status, bounded retries, a record of every call. */
import type { Clock } from '../clock';
import type { AdminCallRecord } from '../db/schema';
import { AccessDeniedError, RateLimitExceededError, RejectedError, ShopRefusedError, ThrottledError, UnavailableError } from './errors';
import type { AdminDocument } from './document';

export interface AdminClientConfig {
  apiVersion: string;
  /** Send every request to this origin instead of https://{shop} (SHOPIFY_ADMIN_API_ORIGIN). */
  origin?: string;
  fetch: typeof fetch;
  clock: Clock;
  /**
   * How long one HTTP exchange (request and body) may take before it is abandoned, in real time.
   * Keep it well inside the run lease: a run stuck on a call must not outlive its hold on the run.
   */
  timeoutMs?: number;
}

/** One exchange's default limit; the entries pass min(10 s, lease / 3) (see adminTimeoutMs in config.ts). */
export const DEFAULT_ADMIN_TIMEOUT_MS = 10_000;

export interface AdminSession {
  shop: string;
  accessToken: string;
  /** Epoch ms after which the client stops waiting and gives up (the run's time budget). */
  deadline: number;
  /**
   * The wait budget of the longest attempt this work can get (ms: a Flow run's RUN_ADMIN_BUDGET_MS).
   * Set, a request the rate limit could not let through even in such an attempt, starting on a
   * full bucket, fails `exceeds_rate_limit` instead of going pending: every attempt would end the same.
   */
  longestBudgetMs?: number;
}

export interface AccessDenied {
  field: string;
  scope: string | null;
  message: string;
}

export interface RequestOptions {
  /** Return data with the denied fields null instead of failing the run (rule variables degrade). */
  tolerateAccessDenied?: boolean;
}

export interface AdminClient {
  /** Sends `document`, waiting out throttling and retrying 5xx within the deadline. */
  request<TData, TVariables>(document: AdminDocument<TData, TVariables>, variables: TVariables, options?: RequestOptions): Promise<TData>;
  /** Every HTTP attempt made through this client, in order. */
  readonly calls: AdminCallRecord[];
  /** ACCESS_DENIED errors tolerated so far. */
  readonly accessDenied: AccessDenied[];
}

export type AdminClientFactory = (session: AdminSession) => AdminClient;

interface GraphqlError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; requiredAccess?: string };
}

interface Cost {
  requestedQueryCost?: number;
  actualQueryCost?: number | null;
  throttleStatus?: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

interface GraphqlBody {
  data?: unknown;
  errors?: GraphqlError[] | string;
  extensions?: { cost?: Cost };
}

const RETRY_BASE_MS = 200;
const MAX_ATTEMPTS = 6;

/**
 * GraphQL error codes Shopify documents as intermittent ("try the same query again"): a query is
 * retried; a mutation's effect is unknown, since Shopify may have applied it before failing.
 */
const SERVER_FAULTS = new Set(['INTERNAL_SERVER_ERROR', 'TIMEOUT']);

/** What one HTTP exchange gave: an answer with its whole body read, or why there was none. */
type Exchange = { kind: 'answer'; response: Response; text: string } | { kind: 'network_error' | 'timeout'; error: unknown };

/** Creates the factory the app uses to talk to each shop's Admin API. */
export function createAdminClientFactory(config: AdminClientConfig): AdminClientFactory {
  return (session) => createAdminClient(config, session);
}

function createAdminClient(config: AdminClientConfig, session: AdminSession): AdminClient {
  const calls: AdminCallRecord[] = [];
  const accessDenied: AccessDenied[] = [];
  const origin = (config.origin ?? `https://${session.shop}`).replace(/\/+$/, '');
  const url = `${origin}/admin/api/${config.apiVersion}/graphql.json`;
  const { clock } = config;
  const timeoutMs = config.timeoutMs ?? DEFAULT_ADMIN_TIMEOUT_MS;
  // What the rate-limit check needs: how long this client has worked other than waiting.
  const createdAt = clock.now();
  let sleptMs = 0;
  const sleep = async (ms: number) => {
    sleptMs += ms;
    await clock.sleep(ms);
  };

  async function request<TData, TVariables>(
    document: AdminDocument<TData, TVariables>,
    variables: TVariables,
    options: RequestOptions = {},
  ): Promise<TData> {
    const body = JSON.stringify({ query: document.query, variables, operationName: document.name });
    for (let attempt = 1; ; attempt++) {
      const started = clock.now();
      const exchange = await send(body);
      if (exchange.kind !== 'answer') {
        record(document.name, attempt, exchange.kind, started, undefined, false);
        const why =
          exchange.kind === 'timeout'
            ? `Shopify's Admin API did not answer within ${timeoutMs} ms`
            : `Shopify's Admin API could not be reached (${describe(exchange.error)})`;
        await retryOrGiveUp(document, attempt, why);
        continue;
      }
      const { response } = exchange;
      const parsed = parseBody(exchange.text);
      const cost = parsed?.extensions?.cost;
      const errors = Array.isArray(parsed?.errors) ? parsed.errors : [];
      const throttled = response.status === 429 || errors.some((e) => e.extensions?.code === 'THROTTLED');
      record(document.name, attempt, response.status, started, cost, throttled);

      // Throttled means not executed (Shopify checks the bucket first): waiting and re-sending is safe.
      if (throttled) {
        await waitForBucket(document, cost, response);
        continue;
      }
      if (response.status >= 500) {
        await retryOrGiveUp(document, attempt, `Shopify's Admin API answered HTTP ${response.status}`);
        continue;
      }
      if (response.status === 401 || response.status === 403) {
        throw new ShopRefusedError(
          'admin_unauthorized',
          `Shopify rejected the app's access token for ${session.shop} (HTTP ${response.status}). Reinstall the app, or register a new token with \`flowfill shop add ${session.shop} --token ...\`.`,
        );
      }
      if (response.status === 402 || response.status === 423) {
        throw new ShopRefusedError(
          'shop_unavailable',
          `The shop ${session.shop} is frozen or locked (HTTP ${response.status}); Shopify accepts no changes until the store is active again.`,
        );
      }
      if (response.status === 404) {
        throw new ShopRefusedError('shop_not_found', `Shopify has no shop at ${session.shop} (HTTP 404).`, 404);
      }
      // A 200 whose body is cut or garbled: the request reached Shopify, so a mutation may have run.
      if (response.status === 200 && !parsed) {
        await retryOrGiveUp(document, attempt, `Shopify's Admin API answered HTTP 200 with an unreadable body`);
        continue;
      }
      if (!response.ok || !parsed) {
        throw new RejectedError(
          'admin_api_error',
          `Shopify's Admin API answered HTTP ${response.status} to ${document.name} with an unreadable body.`,
          [],
        );
      }
      if (typeof parsed.errors === 'string') {
        throw new RejectedError('admin_api_error', `Shopify's Admin API refused ${document.name}: ${parsed.errors}`, [
          { message: parsed.errors },
        ]);
      }
      const fault = errors.find((e) => SERVER_FAULTS.has(e.extensions?.code ?? ''));
      if (fault) {
        await retryOrGiveUp(document, attempt, `Shopify's Admin API failed on its side (${fault.extensions?.code}: ${fault.message})`);
        continue;
      }
      return handleErrors(document, parsed, errors, options);
    }
  }

  /**
   * One POST with its body read, abandoned after `timeoutMs`. The abort is raced as well as passed
   * to fetch, so an implementation that ignores the signal cannot hang the run either.
   */
  async function send(body: string): Promise<Exchange> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const timedOut = new Promise<never>((_, reject) => {
      controller.signal.addEventListener('abort', () => reject(TIMED_OUT), { once: true });
    });
    try {
      const response = await abandonable(
        config.fetch(url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            Accept: 'application/json',
            'X-Shopify-Access-Token': session.accessToken,
          },
          body,
          signal: controller.signal,
        }),
        timedOut,
      );
      const text = await abandonable(response.text(), timedOut);
      return { kind: 'answer', response, text };
    } catch (error) {
      return controller.signal.aborted ? { kind: 'timeout', error } : { kind: 'network_error', error };
    } finally {
      clearTimeout(timer);
    }
  }

  function handleErrors<TData>(
    document: AdminDocument<TData, unknown>,
    parsed: GraphqlBody,
    errors: GraphqlError[],
    options: RequestOptions,
  ): TData {
    const denied = errors.filter((e) => e.extensions?.code === 'ACCESS_DENIED').map(toAccessDenied);
    const others = errors.filter((e) => e.extensions?.code !== 'ACCESS_DENIED');
    if (others.length > 0 || parsed.data == null) {
      const first = others[0] ?? errors[0];
      const code = first?.extensions?.code;
      if (code === 'RESOURCE_NOT_FOUND') {
        throw new RejectedError('not_found', `Shopify could not find what ${document.name} asked for: ${first?.message ?? 'not found'}.`, [
          { message: first?.message ?? 'not found', code },
        ]);
      }
      if (!first) throw new RejectedError('admin_api_error', `Shopify's Admin API returned no data for ${document.name}.`, []);
      if (code !== 'ACCESS_DENIED') {
        throw new RejectedError(
          'admin_api_error',
          `Shopify's Admin API rejected ${document.name}: ${first.message}${code ? ` (${code})` : ''}.`,
          others.map((e) => ({ message: e.message, field: e.path?.map(String) ?? null, code: e.extensions?.code ?? null })),
        );
      }
    }
    if (denied.length > 0) {
      if (!options.tolerateAccessDenied || parsed.data == null) throw missingScope(denied);
      accessDenied.push(...denied);
    }
    return parsed.data as TData;
  }

  /** Throttled: wait what the bucket needs to refill, unless that passes the deadline or can never be enough. */
  async function waitForBucket(document: AdminDocument<unknown, unknown>, cost: Cost | undefined, response: Response): Promise<void> {
    const status = cost?.throttleStatus;
    const requested = cost?.requestedQueryCost ?? 50;
    if (status) checkCanFit(document, status, requested);
    let waitMs: number;
    if (status && status.restoreRate > 0) {
      waitMs = (Math.max(0, requested - status.currentlyAvailable) / status.restoreRate) * 1000 + 50;
    } else {
      const retryAfter = Number(response.headers.get('Retry-After'));
      waitMs = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 1000;
    }
    if (clock.now() + waitMs > session.deadline) {
      throw new ThrottledError(
        `Shopify is rate-limiting ${session.shop} (${document.name} needs ${requested} points, ${status?.currentlyAvailable ?? 'unknown'} available); the run continues when Flow re-sends it.`,
        waitMs,
      );
    }
    await sleep(waitMs);
  }

  /**
   * Throws RateLimitExceededError when no wait can let `document` through: it asks for more than
   * the bucket ever holds, or (with longestBudgetMs) this client's own spending plus it is more than
   * the bucket can have given an attempt of the longest budget by the time it may stop waiting:
   * full at the start, restoring until that deadline (the time the attempt works counts from its
   * start too; only work past the deadline, which never waits, restores more). Other runs of the
   * shop only make that less, so no later attempt of the same reads could get further: the run
   * ends with a reason instead of a 202 that comes back forever. Under that bound it is only a wait
   * (or, past this attempt's deadline, a 202). Alone on the bucket it is exact.
   */
  function checkCanFit(document: AdminDocument<unknown, unknown>, status: NonNullable<Cost['throttleStatus']>, requested: number): void {
    const { maximumAvailable: bucket, restoreRate } = status;
    const shop = session.shop;
    if (requested > bucket) {
      throw new RateLimitExceededError(
        `Shopify's rate limit can never let ${document.name} through: it asks for ${requested} points and ${shop}'s bucket holds ${bucket}. No retry can change that, so the run stops here; finish this order by hand in the Shopify admin.`,
        { document: document.name, requested, spent: 0, bucket, restoreRate, budgetMs: null },
      );
    }
    const longest = session.longestBudgetMs;
    if (longest === undefined) return;
    const spent = calls.reduce((sum, call) => sum + (call.actualCost ?? 0), 0);
    const workingMs = Math.max(0, clock.now() - createdAt - sleptMs);
    const capacity = bucket + (restoreRate * Math.max(longest, workingMs)) / 1000;
    if (spent + requested <= capacity) return;
    throw new RateLimitExceededError(
      `This order needs more of Shopify's API rate limit than one run can wait for: its reads have used ${spent} points and ${document.name} asks for ${requested} more, while ${shop}'s bucket holds ${bucket} points and restores ${restoreRate} a second, at most ${Math.floor(capacity)} points in one run (${longest / 1000} s of waiting). Every retry would stop at the same place, so the run stops here; finish this order by hand in the Shopify admin (the app's operator can allow longer runs with RUN_ADMIN_BUDGET_MS).`,
      { document: document.name, requested, spent, bucket, restoreRate, budgetMs: longest },
    );
  }

  /**
   * No usable answer (5xx, network error, timeout, a server fault): a query is retried with backoff
   * inside the deadline. A mutation is never re-sent blind: its outcome is unknown, so the run goes
   * pending and its next attempt re-reads the order before any further mutation.
   */
  async function retryOrGiveUp(document: AdminDocument<unknown, unknown>, attempt: number, why: string): Promise<void> {
    if (document.kind === 'mutation') {
      throw new UnavailableError(
        'mutation_outcome_unknown',
        `${why} while sending ${document.name}; the run re-reads the order before trying again.`,
      );
    }
    const waitMs = RETRY_BASE_MS * 2 ** (attempt - 1);
    if (attempt >= MAX_ATTEMPTS || clock.now() + waitMs > session.deadline) {
      throw new UnavailableError('admin_api_unavailable', `${why} (${attempt} attempt${attempt === 1 ? '' : 's'}); try again later.`);
    }
    await sleep(waitMs);
  }

  function record(
    name: string,
    attempt: number,
    status: AdminCallRecord['status'],
    started: number,
    cost: Cost | undefined,
    throttled: boolean,
  ): void {
    calls.push({
      name,
      attempt,
      status,
      durationMs: clock.now() - started,
      requestedCost: cost?.requestedQueryCost ?? null,
      actualCost: cost?.actualQueryCost ?? null,
      throttled,
      at: started,
    });
  }

  return { request, calls, accessDenied };
}

const TIMED_OUT = new Error('timed out');

/** `work`, or the rejection of `abandon` if that comes first (the loser's rejection is swallowed). */
function abandonable<T>(work: Promise<T>, abandon: Promise<never>): Promise<T> {
  work.catch(() => undefined);
  abandon.catch(() => undefined);
  return Promise.race([work, abandon]);
}

function parseBody(text: string): GraphqlBody | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' ? (value as GraphqlBody) : null;
  } catch {
    return null;
  }
}

function toAccessDenied(error: GraphqlError): AccessDenied {
  const field = error.path?.map(String).join('.') ?? 'unknown field';
  const scope =
    /`([a-z_]+)`/.exec(error.message)?.[1] ??
    /Required access: ([a-z_]+)/i.exec(error.message)?.[1] ??
    error.extensions?.requiredAccess ??
    null;
  return { field, scope, message: error.message };
}

function missingScope(denied: AccessDenied[]): AccessDeniedError {
  const scopes = [...new Set(denied.map((d) => d.scope).filter((s): s is string => !!s))];
  const fields = denied.map((d) => d.field).join(', ');
  const named = scopes.length > 0 ? `the access scope ${scopes.map((s) => `\`${s}\``).join(', ')}` : 'an access scope';
  return new AccessDeniedError(
    `The app lacks ${named} on this shop (needed to read ${fields}). Approve the app's updated permissions in the Shopify admin (or reinstall it) so it is granted.`,
    scopes,
    denied,
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
