/** Executes one claimed run: builds the action context, maps its outcome to a Flow response, writes the ledger. */
import type { AnyAction, StepRecorder } from '../actions/action';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { FINISHED, getRun, type AnalyticsColumns, type RunOutcome } from '../db/ledger';
import { lockOrder } from '../db/order-locks';
import { factColumns, runLocationInserts, type RunFacts } from '../db/run-facts';
import type { AdminCallRecord, RunRow, RunStep } from '../db/schema';
import { PendingError, SupersededError, TransientError } from '../errors';
import type { Logger } from '../log';
import type { ActionHandle } from '../rules/document';
import type { StoredRule } from '../rules/store';
import { flowErrorAnswer } from '../pipeline/error-answers';
import { actionContext, adminClientFor, type ActionProperties } from '../pipeline/prepare';
import type { AdminClient, AdminClientFactory } from '../shopify/client';
import { legacyId } from '../shopify/gid';
import { alreadyFired, attentionReason, fireAttentionTrigger } from './attention';
import { holdRun, type RunHold } from './lease';
import { pendingResponse, successResponse, type StoredResponse } from './responses';

export interface RunnerDeps {
  db: Database;
  adminClients: AdminClientFactory;
  clock: Clock;
  logger: Logger;
  /** How long this attempt's Admin client may wait (throttling, retries) before the run goes pending. */
  adminBudgetMs: number;
  /**
   * leaseMs: how long the run's lease lasts; the heartbeat renews it every third of that.
   * runBudgetMs: the longest budget any attempt of a run gets; a run that cannot fit even that fails.
   */
  config: { leaseMs: number; runBudgetMs: number };
}

/** How long firing the "needs attention" trigger may wait on Shopify (it delays Flow's answer). */
const ATTENTION_BUDGET_MS = 1500;

export interface RunJob {
  run: RunRow;
  action: AnyAction;
  properties: ActionProperties;
  accessToken: string;
  /** The action's rules when the claim read them (startRun), so the run does not read them again. */
  rules?: StoredRule[];
  /** Whether the claim took the order's lock (startRun); undefined: the run takes it itself. */
  locked?: boolean;
}

/**
 * Runs the action for a claimed ledger row and records the outcome; never throws. An attempt that
 * lost the run to a newer one (see lease.ts) sends nothing more, writes nothing, and answers what
 * a re-send would get.
 */
export async function executeRun(deps: RunnerDeps, job: RunJob): Promise<StoredResponse> {
  const { clock } = deps;
  const logger = deps.logger.child({
    shop: job.run.shop,
    handle: job.run.handle,
    action_run_id: job.run.actionRunId,
    attempt: job.run.attempts,
  });
  const { leaseMs } = deps.config;
  // The claim (or take-over) set the lease to a whole leaseMs from its write.
  const hold = holdRun(
    { db: deps.db, clock, logger, leaseMs },
    job.run,
    job.run.leaseUntil === null ? -Infinity : job.run.leaseUntil - leaseMs,
  );
  try {
    const response = await attempt(deps, job, hold, logger);
    return response ?? (await supersededResponse(deps, job.run));
  } finally {
    hold.stop();
  }
}

/** The attempt itself; null when it found itself superseded. */
async function attempt(deps: RunnerDeps, job: RunJob, hold: RunHold, logger: Logger): Promise<StoredResponse | null> {
  const { clock, db } = deps;
  const started = clock.now();
  const admin = adminClientFor(
    deps.adminClients,
    job.run.shop,
    job.accessToken,
    started,
    deps.adminBudgetMs,
    Math.max(deps.adminBudgetMs, deps.config.runBudgetMs),
  );
  const orderRead = watchOrderName(admin, job.properties.order_id);
  const previous = job.run.steps ?? [];
  const steps: RunStep[] = [...previous];
  /** The step the last write recorded ahead (run's `next`), until the next run() call. */
  let ahead: RunStep | null = null;
  const recorder: StepRecorder = {
    previous,
    async run(name, key, send, detail, next) {
      // Written before the mutation is sent, so a crash after it leaves the step 'started' and the
      // next attempt re-reads the order. Its end state is written with the next step or the outcome.
      // The same write proves this attempt still holds the run: if not, the mutation is not sent.
      const expected = ahead && ahead.name === name && ahead.key === key && sameDetail(ahead, detail) ? ahead : null;
      ahead = null;
      const step: RunStep = expected ?? { name, key, state: 'started', at: clock.now(), ...detail };
      const following: RunStep | null = next ? { name: next.name, key: next.key, state: 'started', at: clock.now(), ...next.detail } : null;
      if (expected && !following) {
        // Already durable as started (recorded with the previous step, whose write proved the hold
        // moments ago): only the hold is checked, without a write when that proof is recent.
        if (!(await hold.ensureHeld())) throw new SupersededError(hold.attempt);
      } else if (!(await hold.saveSteps([...steps, step, ...(following ? [following] : [])]))) {
        throw new SupersededError(hold.attempt);
      }
      // A step recorded ahead that does not come (another key, or this one failed) was never sent;
      // the next write leaves it out.
      ahead = following;
      steps.push(step);
      try {
        const result = await send();
        step.state = 'done';
        return result;
      } catch (error) {
        // A mutation whose outcome is unknown stays 'started': the next attempt re-reads the order.
        if (!(error instanceof TransientError)) step.state = 'failed';
        throw error;
      } finally {
        step.at = clock.now();
      }
    },
  };

  let outcome: Omit<RunOutcome, 'adminCalls' | 'durationMs' | 'now'>;
  let attention: { reason: string } | null = null;
  let facts: RunFacts | null = null;
  const lock = job.action.onePerOrder ? { shop: job.run.shop, orderId: job.properties.order_id, runId: job.run.id } : null;
  try {
    if (lock && !(job.locked ?? (await lockOrder(db, lock, clock.now())))) {
      throw new PendingError(
        'order_busy',
        `Another ${job.run.handle} run is working on this order; this one continues when Flow re-sends it.`,
      );
    }
    const context = withRules(actionContext({ db, clock, logger }, job.run.shop, job.properties, orderRead.admin), job);
    const result = await job.action.run({ ...context, steps: recorder });
    const response = successResponse(result.returnValue);
    outcome = {
      status: result.status,
      responseStatus: response.status,
      responseBody: response.body,
      plan: result.plan,
      explanation: result.explanation,
      rule: result.rule ?? null,
    };
    attention = result.attention ?? null;
    facts = result.facts ?? null;
  } catch (error) {
    if (error instanceof SupersededError) return null;
    outcome = outcomeOfError(
      error,
      steps.some((s) => s.state === 'started'),
      logger,
    );
  }
  // Also when the action turned the SupersededError into an outcome of its own.
  if (hold.superseded) return null;

  // Our Flow trigger: recorded as a step of the run; its failure never changes the run's outcome.
  const reason = attentionReason({ ...outcome, attention });
  const triggerCalls: AdminCallRecord[] = [];
  if (reason !== null && !alreadyFired(steps)) {
    // The trigger is a mutation too: only an attempt that still holds the run sends it.
    if (!(await hold.ensureHeld())) return null;
    const triggerAdmin = adminClientFor(deps.adminClients, job.run.shop, job.accessToken, clock.now(), ATTENTION_BUDGET_MS);
    const step = await fireAttentionTrigger(triggerAdmin, clock, {
      orderId: job.properties.order_id,
      reason,
      action: job.run.handle,
      actionRunId: job.run.actionRunId,
    });
    steps.push(step);
    triggerCalls.push(...triggerAdmin.calls);
    logger.log(step.state === 'done' ? 'info' : 'warn', 'attention trigger', { state: step.state });
  }

  const now = clock.now();
  const orderName = orderRead.name();
  const analytics: AnalyticsColumns =
    outcome.status === 'pending'
      ? { pendingSince: job.run.pendingSince ?? now, pendingReason: job.run.pendingReason ?? outcome.errorCode ?? null }
      : factColumns(facts, now, job.run.pendingSince ?? null);
  // The location rows ride in the outcome's batch (one round trip), fenced like it.
  const locations = facts && outcome.status !== 'pending' ? runLocationInserts(job.run, facts, now, analytics.leadTimeMs ?? null) : [];
  const outcomeRow: RunOutcome = {
    ...outcome,
    ...(orderName !== undefined ? { orderName } : {}),
    steps,
    adminCalls: [...(job.run.adminCalls ?? []), ...admin.calls, ...triggerCalls].slice(-200),
    durationMs: now - started,
    now,
    analytics,
  };
  const written = await hold.finish(outcomeRow, locations).catch(async (error: unknown) => {
    if (locations.length === 0) throw error;
    // A failure of the batch costs the analytics its location rows, never the run its answer: the
    // outcome alone again (a batch that did commit makes this find the run finished: superseded).
    logger.log('error', 'run locations not saved', { error: error instanceof Error ? error : String(error) });
    return hold.finish(outcomeRow);
  });
  if (!written) return null;
  logger.log(outcome.status === 'failed' ? 'warn' : 'info', 'run finished', {
    status: outcome.status,
    response_status: outcome.responseStatus,
    error_code: outcome.errorCode ?? undefined,
    admin_calls: admin.calls.length,
    duration_ms: now - started,
  });
  return { status: outcome.responseStatus, body: outcome.responseBody };
}

/** Whether a step recorded ahead carries the detail its own run() call gives (what it sends). */
function sameDetail(step: RunStep, detail: Pick<RunStep, 'sent'> | undefined): boolean {
  return JSON.stringify(step.sent ?? null) === JSON.stringify(detail?.sent ?? null);
}

/** The action's context, its rules for the job's own action answered from what the claim read (when it did). */
function withRules<C extends { loadRules(handle: ActionHandle): Promise<StoredRule[]> }>(context: C, job: RunJob): C {
  const { rules } = job;
  if (!rules) return context;
  const load = context.loadRules;
  return { ...context, loadRules: (handle: ActionHandle) => (handle === job.action.handle ? Promise.resolve(rules) : load(handle)) };
}

/** What a Flow re-send would get now: the newer attempt's stored response once it finished, else 202. */
async function supersededResponse(deps: RunnerDeps, run: RunRow): Promise<StoredResponse> {
  const current = await getRun(deps.db, run.shop, run.actionRunId);
  if (current && FINISHED.includes(current.status) && current.responseStatus)
    return { status: current.responseStatus, body: current.responseBody };
  return pendingResponse(
    'in_progress',
    'A newer delivery of this run took it over and is processing it; Flow will re-send it and get the outcome.',
  );
}

/**
 * The order's name (#1003) as the run's own reads return it: every action reads the order with
 * `order(id:) { id name … }` first, so the name is known for every run that got that far, whatever
 * its outcome (an order on hold or without a fulfillment fails after the read). Wraps the client
 * the action is given; only a top-level `order` with the run's order id counts.
 */
function watchOrderName(admin: AdminClient, orderId: string): { admin: AdminClient; name(): string | undefined } {
  let name: string | undefined;
  const watched: AdminClient = {
    get calls() {
      return admin.calls;
    },
    get accessDenied() {
      return admin.accessDenied;
    },
    async request(document, variables, options) {
      const data = await admin.request(document, variables, options);
      const read = (data as { order?: { id?: unknown; name?: unknown } | null } | null)?.order;
      if (typeof read?.name === 'string' && typeof read.id === 'string' && legacyId(read.id) === legacyId(orderId)) name = read.name;
      return data;
    },
  };
  return { admin: watched, name: () => name };
}

/** The ledger outcome of a run that threw: Flow's answer from the one error mapping. */
function outcomeOfError(error: unknown, mutationInDoubt: boolean, logger: Logger): Omit<RunOutcome, 'adminCalls' | 'durationMs' | 'now'> {
  const answer = flowErrorAnswer(error, mutationInDoubt, logger);
  return {
    status: answer.status,
    responseStatus: answer.response.status,
    responseBody: answer.response.body,
    errorCode: answer.code,
    errorMessage: answer.message,
    ...(answer.details != null ? { explanation: answer.details } : {}),
  };
}
