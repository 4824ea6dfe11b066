/** The run ledger: claiming a Flow run exactly once, recording its steps, finishing it. */
import { and, desc, eq, inArray, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { bound, runBatch, type BatchStatement } from './batch';
import type { Database } from './database';
import { placeholder as $, prepared } from './prepared';
import { runs, type AdminCallRecord, type RunRow, type RunStatus, type RunStep } from './schema';

export type Claim =
  /** This delivery owns the run and must execute it. */
  | { kind: 'execute'; run: RunRow }
  /** The run already finished: answer with its stored response. */
  | { kind: 'finished'; run: RunRow }
  /** Another delivery is executing it right now. */
  | { kind: 'busy'; run: RunRow };

export interface ClaimInput {
  shop: string;
  actionRunId: string;
  handle: string;
  orderId: string | null;
  properties: Record<string, unknown> | null;
  now: number;
  leaseMs: number;
}

/**
 * The attempt that holds a run: the row and its `attempts` as of that attempt's claim or take-over.
 * `attempts` is the fencing token: every take-over increments it, so a write made on behalf of an
 * older attempt (one whose lease expired while it was stuck) matches no row and is refused.
 */
export type Attempt = Pick<RunRow, 'id' | 'attempts'>;

/** The statuses a run ends in; a re-send of such a run gets its stored response. */
export const FINISHED: readonly RunStatus[] = ['succeeded', 'noop', 'failed'];

/**
 * Claims (shop, actionRunId) for execution. The unique index makes the first insert win;
 * later deliveries take over only a `pending` run or a `running` one whose lease expired,
 * through a conditional UPDATE, so two deliveries can never both execute.
 */
export async function claimRun(db: Database, input: ClaimInput): Promise<Claim> {
  const insert = prepared(db, 'ledger.claim', () =>
    db
      .insert(runs)
      .values({
        shop: $('shop'),
        actionRunId: $('actionRunId'),
        handle: $('handle'),
        orderId: $('orderId'),
        status: 'running',
        leaseUntil: $('leaseUntil'),
        properties: $('properties'),
        ...fresh(),
        createdAt: $('now'),
        updatedAt: $('now'),
      })
      .onConflictDoNothing()
      .returning()
      .prepare(),
  );
  const { shop, actionRunId, handle, orderId, properties, now } = input;
  const inserted = await insert.all({ shop, actionRunId, handle, orderId, properties, now, leaseUntil: now + input.leaseMs });
  if (inserted[0]) return { kind: 'execute', run: inserted[0] };

  return claimExisting(db, await getRun(db, input.shop, input.actionRunId), input);
}

/**
 * The claim of a run whose row was already there (the insert did nothing): its stored answer, a
 * take-over when it is pending or its lease expired, else busy.
 */
export async function claimExisting(
  db: Database,
  existing: RunRow | undefined,
  input: Pick<ClaimInput, 'actionRunId' | 'now' | 'leaseMs'>,
): Promise<Claim> {
  if (!existing) throw new Error(`run ${input.actionRunId} vanished while being claimed`);
  if (FINISHED.includes(existing.status)) return { kind: 'finished', run: existing };
  const taken = await takeOver(db, existing.id, input.now, input.leaseMs);
  return taken ? { kind: 'execute', run: taken } : { kind: 'busy', run: existing };
}

/**
 * Takes over a pending run, or a running one whose lease has expired; null if someone else holds it.
 * With `attempts`, only if the run is still at that attempt (the sweep: nobody touched it since it
 * was listed as due).
 */
export async function takeOver(
  db: Database,
  id: number,
  now: number,
  leaseMs: number,
  expect?: { attempts: number },
): Promise<RunRow | null> {
  const takeable = (extra?: SQL) =>
    db
      .update(runs)
      .set({ status: 'running', leaseUntil: $('leaseUntil'), attempts: sql`${runs.attempts} + 1`, updatedAt: $('now') })
      .where(
        and(eq(runs.id, $('id')), or(eq(runs.status, 'pending'), and(eq(runs.status, 'running'), lt(runs.leaseUntil, $('now')))), extra),
      )
      .returning()
      .prepare();
  const rows = expect
    ? await prepared(db, 'ledger.takeOverAt', () => takeable(eq(runs.attempts, $('attempts')))).all({
        id,
        now,
        leaseUntil: now + leaseMs,
        attempts: expect.attempts,
      })
    : await prepared(db, 'ledger.takeOver', () => takeable()).all({ id, now, leaseUntil: now + leaseMs });
  return rows[0] ?? null;
}

/** Reads one run of a shop by its Flow action_run_id. */
export async function getRun(db: Database, shop: string, actionRunId: string): Promise<RunRow | undefined> {
  return getRunQuery(db).get({ shop, actionRunId });
}

/** The prepared read of one run by (shop, actionRunId), placeholders of the same names. */
export function getRunQuery(db: Database) {
  return prepared(db, 'ledger.getRun', () =>
    db
      .select()
      .from(runs)
      .where(and(eq(runs.shop, $('shop')), eq(runs.actionRunId, $('actionRunId'))))
      .limit(1)
      .prepare(),
  );
}

/**
 * Records a run's mutation steps so far and extends the lease (a step is saved before its mutation
 * is sent: crash safety). False when `attempt` no longer holds the run: nothing was written.
 */
export async function saveSteps(db: Database, attempt: Attempt, steps: RunStep[], now: number, leaseMs: number): Promise<boolean> {
  return updateHeld(db, attempt, { steps, leaseUntil: now + leaseMs, updatedAt: now });
}

/** Extends the lease of a run `attempt` still holds (the heartbeat); false when it lost the run. */
export async function renewLease(db: Database, attempt: Attempt, now: number, leaseMs: number): Promise<boolean> {
  return updateHeld(db, attempt, { leaseUntil: now + leaseMs });
}

export interface RunOutcome {
  status: Exclude<RunStatus, 'running'>;
  responseStatus: number;
  responseBody: unknown;
  orderId?: string | null;
  /** The order's name (#1003) if the run read the order; left as it is when undefined (a retry that failed before its read keeps the earlier attempt's). */
  orderName?: string;
  plan?: unknown;
  explanation?: unknown;
  steps?: RunStep[];
  errorCode?: string | null;
  errorMessage?: string | null;
  /** The rule the run used (null: the action's built-in default). */
  rule?: { name: string; version: number } | null;
  /** Every Admin API call of the run so far, across attempts. */
  adminCalls: AdminCallRecord[];
  durationMs: number;
  now: number;
  /** The analytics fact columns (run-facts.ts), and when and why the run first waited. */
  analytics?: AnalyticsColumns;
}

/** The runs columns analytics read. */
export type AnalyticsColumns = Partial<
  Pick<
    typeof runs.$inferInsert,
    | 'orderCreatedAt'
    | 'fulfilledAt'
    | 'leadTimeMs'
    | 'fulfillmentCount'
    | 'unitsFulfilled'
    | 'moveCount'
    | 'linesLeft'
    | 'trackingCompany'
    | 'trackingSource'
    | 'notified'
    | 'pendingSince'
    | 'pendingReason'
    | 'pendingMs'
  >
>;

/**
 * Writes a run's outcome if `attempt` still holds the run; false (nothing written) when a newer
 * attempt took it over. A `pending` outcome releases the lease so the next delivery resumes.
 */
export async function finishRun(
  db: Database,
  attempt: Attempt,
  outcome: RunOutcome,
  before: readonly BatchStatement[] = [],
): Promise<boolean> {
  const finished = outcome.status !== 'pending';
  return updateHeld(db, attempt, outcomeColumns(outcome, finished), before);
}

/** The columns an outcome sets. */
function outcomeColumns(outcome: RunOutcome, finished: boolean): RunColumns {
  return {
    status: outcome.status,
    leaseUntil: null,
    responseStatus: outcome.responseStatus,
    responseBody: outcome.responseBody,
    ...(outcome.orderId !== undefined ? { orderId: outcome.orderId } : {}),
    ...(outcome.orderName !== undefined ? { orderName: outcome.orderName } : {}),
    ...(outcome.plan !== undefined ? { plan: outcome.plan } : {}),
    ...(outcome.explanation !== undefined ? { explanation: outcome.explanation } : {}),
    ...(outcome.steps !== undefined ? { steps: outcome.steps } : {}),
    errorCode: outcome.errorCode ?? null,
    errorMessage: outcome.errorMessage ?? null,
    ...(outcome.rule !== undefined ? { ruleName: outcome.rule?.name ?? null, ruleVersion: outcome.rule?.version ?? null } : {}),
    adminCalls: outcome.adminCalls,
    adminCallCount: outcome.adminCalls.length,
    adminRequestedCost: sum(outcome.adminCalls, 'requestedCost'),
    adminActualCost: sum(outcome.adminCalls, 'actualCost'),
    durationMs: outcome.durationMs,
    updatedAt: outcome.now,
    finishedAt: finished ? outcome.now : null,
    ...outcome.analytics,
  };
}

type RunColumns = Partial<Omit<typeof runs.$inferInsert, 'id'>>;

/**
 * Sets `values` on the run if `attempt` still holds it (still running, still at its attempt);
 * prepared once per set of columns (an outcome has a few shapes). True when the row was written.
 * `before`: statements sent in the same batch (one round trip, one transaction), ahead of the
 * update; each must be fenced on the same attempt itself (see heldCondition), since the update
 * ends the fence.
 */
async function updateHeld(db: Database, attempt: Attempt, values: RunColumns, before: readonly BatchStatement[] = []): Promise<boolean> {
  const columns = Object.keys(values) as (keyof RunColumns)[];
  const update = prepared(db, `ledger.held:${columns.join(',')}`, () =>
    db
      .update(runs)
      .set(Object.fromEntries(columns.map((column) => [column, $(column)])))
      .where(and(eq(runs.id, $('heldId')), eq(runs.attempts, $('heldAttempts')), eq(runs.status, 'running')))
      .returning({ id: runs.id })
      .prepare(),
  );
  const held = { ...values, heldId: attempt.id, heldAttempts: attempt.attempts };
  if (before.length === 0) return (await update.all(held)).length > 0;
  const results = await runBatch(db, [...before, bound(update, held)]);
  return (results.at(-1) as unknown[]).length > 0;
}

/**
 * SQL that is true while `attempt` holds its run (the fence of updateHeld), with its arguments:
 * for a statement batched ahead of a held update, which must do nothing when the update will not.
 */
export function heldCondition(attempt: Attempt): { sql: string; args: [number, number] } {
  return { sql: `exists (select 1 from runs where id = ? and attempts = ? and status = 'running')`, args: [attempt.id, attempt.attempts] };
}

/** Records a run that failed validation before it could be claimed (bad properties etc.). */
export async function recordRejectedRun(
  db: Database,
  input: Omit<ClaimInput, 'leaseMs'> & { responseStatus: number; responseBody: unknown; errorCode: string; errorMessage: string },
): Promise<void> {
  await db
    .insert(runs)
    .values({
      ...newRun(input),
      status: 'failed',
      responseStatus: input.responseStatus,
      responseBody: input.responseBody,
      errorCode: input.errorCode,
      errorMessage: input.errorMessage,
      durationMs: 0,
      finishedAt: input.now,
    })
    .onConflictDoNothing();
}

export interface ListRunsOptions {
  limit?: number;
  status?: RunStatus[];
}

/** Lists a shop's runs, newest first. */
export async function listRuns(db: Database, shop: string, options: ListRunsOptions = {}): Promise<RunRow[]> {
  const filters = [eq(runs.shop, shop)];
  if (options.status?.length) filters.push(inArray(runs.status, options.status));
  return db
    .select()
    .from(runs)
    .where(and(...filters))
    .orderBy(desc(runs.createdAt), desc(runs.id))
    .limit(options.limit ?? 50);
}

/** The sweep's wait after a run's attempt: 1, 2, 4, 8 … minutes by its attempts so far, at most an hour. */
export const SWEEP_BACKOFF = { firstMs: 60_000, maxMs: 60 * 60_000 };

/** `SWEEP_BACKOFF` for a run with `attempts` attempts (what the SQL of listResumableRuns computes). */
export function sweepBackoffMs(attempts: number): number {
  return Math.min(SWEEP_BACKOFF.maxMs, SWEEP_BACKOFF.firstMs * 2 ** Math.min(Math.max(attempts - 1, 0), 30));
}

export interface ResumableOptions {
  now: number;
  limit?: number;
  /** Runs created before this are due whatever their backoff (the sweep gives up on them). */
  giveUpBefore: number;
}

/**
 * Runs a sweep should resume now: pending ones, and running ones whose lease expired, once their
 * backoff since the last attempt (`updated_at`) has passed, or at once when old enough to give up.
 * A Flow re-send never waits for the backoff: claimRun takes over regardless.
 */
export async function listResumableRuns(db: Database, options: ResumableOptions): Promise<RunRow[]> {
  const { now } = options;
  // Integer shift, not pow(): SQLite's math functions are optional and remote servers may lack them.
  const backoff = sql`min(${SWEEP_BACKOFF.maxMs}, ${SWEEP_BACKOFF.firstMs} << min(max(${runs.attempts} - 1, 0), 30))`;
  return db
    .select()
    .from(runs)
    .where(
      and(
        or(eq(runs.status, 'pending'), and(eq(runs.status, 'running'), lt(runs.leaseUntil, now))),
        or(sql`${runs.updatedAt} + ${backoff} <= ${now}`, lte(runs.createdAt, options.giveUpBefore)),
      ),
    )
    .orderBy(runs.updatedAt)
    .limit(options.limit ?? 20);
}

/** What a new ledger row has done so far: one attempt, no steps, no Admin API calls. */
function fresh() {
  return { attempts: 1, steps: [] as RunStep[], adminCalls: [] as AdminCallRecord[] };
}

/** The columns every new ledger row starts with. */
function newRun(input: Omit<ClaimInput, 'leaseMs'>) {
  return {
    shop: input.shop,
    actionRunId: input.actionRunId,
    handle: input.handle,
    orderId: input.orderId,
    properties: input.properties,
    ...fresh(),
    createdAt: input.now,
    updatedAt: input.now,
  };
}

function sum(calls: AdminCallRecord[], key: 'requestedCost' | 'actualCost'): number {
  return calls.reduce((total, call) => total + (call[key] ?? 0), 0);
}
