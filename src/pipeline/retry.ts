/**
 * Retry from the attention queue: the same action with the same stored properties on the same order,
 * as a new run (its own ledger row, `retry-<root run id>-<n>`) through the pipeline Flow's runs take
 * (prepareRun → claimRun → executeRun), after re-reading the order to make sure a retry would still
 * do what the run set out to do.
 */
import { getAttentionRun, unfinishedRunsOnOrder, type AttentionKind } from '../db/attention-queries';
import { claimRun, getRun } from '../db/ledger';
import type { RunRow } from '../db/schema';
import type { AppDeps } from '../deps';
import { RETRY_FULFILLMENTS_READ, RETRY_ORDER_CHECK } from '../flow/documents';
import { executeRun } from '../flow/runner';
import { errorBody } from '../http/error-body';
import { adminErrorAnswer, type AdminAnswer } from './error-answers';
import { adminClientFor, prepareRun } from './prepare';
import { orderChangeRefusal } from './retry-check';

const RETRY_ID = /^retry-(\d+)-(\d+)$/;

/**
 * The ledger key of `run`'s retry: `retry-<id>-1` for a run Flow started, `retry-<root>-<n+1>` for
 * the retry `retry-<root>-<n>`. One key per run: two clicks on the same run claim the same row.
 */
export function retryActionRunId(run: Pick<RunRow, 'id' | 'actionRunId'>): string {
  const chained = RETRY_ID.exec(run.actionRunId);
  return chained ? `retry-${chained[1]}-${Number(chained[2]) + 1}` : `retry-${run.id}-1`;
}

/** Retries the shop's run `id`: 200 with the new run's outcome, 404 for no such run, 409 with a code when refused. */
export async function retryRun(deps: AppDeps, shop: string, id: number): Promise<AdminAnswer> {
  const { db, clock, logger } = deps;
  const run = await getAttentionRun(db, shop, id, clock.now());
  if (!run) return { status: 404, body: errorBody('run_not_found', `This shop has no run ${id}.`) };
  const retryId = retryActionRunId(run);
  // A second click (or a second tab): the retry exists already, so answer it rather than make another.
  const existing = await getRun(db, shop, retryId);
  if (existing) return answerExisting(run, existing);

  const refused = ledgerRefusal(run, run.kind);
  if (refused) return refused;
  const orderId = run.orderId!;
  const busy = await unfinishedRunsOnOrder(db, shop, run.handle, orderId, retryId);
  if (busy.length > 0)
    return refuse(
      'order_busy',
      `Another ${run.handle} run on this order (run ${busy[0]!.id}) has not finished: retry once it has, so the order is not worked on twice at once.`,
    );
  const prepared = await prepareRun(db, { shop, handle: run.handle, properties: run.properties ?? {} });
  if (!prepared.ok) return refuse('retry_not_offered', prepared.refusal.message);

  // The ledger says what the run saw; only Shopify says what the order is now.
  const admin = adminClientFor(deps.adminClients, shop, prepared.accessToken, clock.now(), deps.config.adminBudgetMs);
  let order;
  try {
    order = (await admin.request(RETRY_ORDER_CHECK, { id: prepared.properties.order_id, fulfillments: RETRY_FULFILLMENTS_READ })).order;
  } catch (error) {
    return adminErrorAnswer(error, logger);
  }
  const changed = orderChangeRefusal(run, order);
  if (changed) {
    logger.log('info', 'retry refused', { shop, run_id: run.id, code: changed.code });
    return refuse(changed.code, changed.message, changed.fulfillments ? { fulfillments: changed.fulfillments } : {});
  }

  const claim = await claimRun(db, {
    shop,
    actionRunId: retryId,
    handle: prepared.action.handle,
    orderId: prepared.properties.order_id,
    properties: prepared.properties,
    now: clock.now(),
    leaseMs: deps.config.leaseMs,
  });
  // Lost the race to a concurrent click: that click's run is the retry.
  if (claim.kind !== 'execute') return answerExisting(run, claim.run);
  logger.log('info', 'retry started', { shop, run_id: run.id, action_run_id: retryId });
  await executeRun(
    { ...deps, adminBudgetMs: deps.config.adminBudgetMs },
    { run: claim.run, action: prepared.action, properties: prepared.properties, accessToken: prepared.accessToken },
  );
  const finished = (await getRun(db, shop, retryId)) ?? claim.run;
  return { status: 200, body: retryBody(run, finished, false) };
}

/** What the ledger alone rules out: an unfinished run, one not in the queue, one whose action or properties cannot run. */
function ledgerRefusal(run: RunRow, kind: AttentionKind | null): AdminAnswer | null {
  if (run.status === 'running' || run.status === 'pending')
    return refuse(
      'run_unfinished',
      `Run ${run.id} has not finished (${run.status}): Flow or the sweep resumes it, and a retry next to it would work on the order twice.`,
    );
  if (kind === null)
    return refuse(
      'not_in_queue',
      `Run ${run.id} is not in the attention queue: it ${run.status === 'failed' ? 'was followed by a later run of the same action on this order' : `ended ${run.status} with nothing left to do`}.`,
    );
  if (!run.orderId) return refuse('retry_not_offered', `Run ${run.id} has no order to retry on.`);
  return null;
}

/** The answer when the retry row exists already: its outcome once it finished, 409 while it runs. */
function answerExisting(run: RunRow, retry: RunRow): AdminAnswer {
  if (retry.status === 'running')
    return refuse(
      'retry_in_progress',
      `Run ${run.id} is being retried right now (run ${retry.id}); its outcome shows in the list when it finishes.`,
      {
        retry_run_id: retry.id,
      },
    );
  return { status: 200, body: retryBody(run, retry, true) };
}

/** `{retried_run_id, duplicate, run: {id, action_run_id, status, response_status, return_value, error}}`. */
function retryBody(original: RunRow, retry: RunRow, duplicate: boolean) {
  const body = retry.responseBody as { return_value?: unknown; reason?: string; message?: string } | null;
  return {
    retried_run_id: original.id,
    /** True when this request found the retry an earlier request made (a double click) instead of making one. */
    duplicate,
    run: {
      id: retry.id,
      action_run_id: retry.actionRunId,
      handle: retry.handle,
      order_id: retry.orderId,
      order_name: retry.orderName,
      status: retry.status,
      response_status: retry.responseStatus,
      return_value: body?.return_value ?? null,
      error: retry.errorCode ? { code: retry.errorCode, message: retry.errorMessage ?? '' } : null,
    },
  };
}

function refuse(code: string, message: string, extra: Record<string, unknown> = {}): AdminAnswer {
  return { status: 409, body: errorBody(code, message, extra) };
}
