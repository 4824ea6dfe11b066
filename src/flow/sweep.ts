/** The periodic sweep: finishes runs whose Flow re-send never came (pending, or crashed mid-run). */
import { finishRun, listResumableRuns, renewLease, takeOver } from '../db/ledger';
import type { RunRow } from '../db/schema';
import type { AppDeps } from '../deps';
import { adminClientFor, prepareRun, type StartRefusal } from '../pipeline/prepare';
import { alreadyFired, fireAttentionTrigger } from './attention';
import { errorResponse } from './responses';
import { executeRun } from './runner';

/** After this long Flow has stopped re-sending; a run still unfinished is failed with its last reason. */
export const GIVE_UP_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Resumes up to `limit` runs that are due (each backs off 1, 2, 4 … 60 minutes after an attempt,
 * see listResumableRuns); returns how many it took over.
 */
export async function sweepRuns(deps: AppDeps, limit = 20): Promise<number> {
  const now = deps.clock.now();
  const candidates = await listResumableRuns(deps.db, { now, limit, giveUpBefore: now - GIVE_UP_AFTER_MS });
  let resumed = 0;
  for (const candidate of candidates) {
    // Only at the attempt it was listed at: a Flow re-send that came in between reset its backoff.
    const run = await takeOver(deps.db, candidate.id, deps.clock.now(), deps.config.leaseMs, { attempts: candidate.attempts });
    if (!run) continue;
    resumed++;
    const prepared = await prepareRun(deps.db, { shop: run.shop, handle: run.handle, properties: run.properties ?? {} });
    const expired = deps.clock.now() - run.createdAt > GIVE_UP_AFTER_MS;
    if (expired || !prepared.ok) {
      // Inside this branch a run that could start has expired.
      const [code, message] =
        expired || prepared.ok
          ? ['gave_up', `The run could not finish within a day; last reason: ${run.errorMessage ?? 'unknown'}`]
          : closingReason(run, prepared.refusal);
      const response = errorResponse(code === 'shop_not_installed' ? 404 : 422, code, message);
      const steps = [...(run.steps ?? [])];
      const { accessToken } = prepared;
      // A run Flow gave up on is exactly the order a person should look at (once, and only while we hold it).
      if (
        expired &&
        run.orderId &&
        accessToken &&
        !alreadyFired(steps) &&
        (await renewLease(deps.db, run, deps.clock.now(), deps.config.leaseMs))
      ) {
        const admin = adminClientFor(deps.adminClients, run.shop, accessToken, deps.clock.now(), 1500);
        steps.push(
          await fireAttentionTrigger(admin, deps.clock, {
            orderId: run.orderId,
            reason: message,
            action: run.handle,
            actionRunId: run.actionRunId,
          }),
        );
      }
      const written = await finishRun(deps.db, run, {
        steps,
        status: 'failed',
        responseStatus: response.status,
        responseBody: response.body,
        errorCode: code,
        errorMessage: message,
        adminCalls: run.adminCalls ?? [],
        durationMs: 0,
        now: deps.clock.now(),
      });
      if (!written)
        deps.logger.log('warn', 'sweep lost a run it was closing to a newer attempt', { shop: run.shop, action_run_id: run.actionRunId });
      continue;
    }
    await executeRun(
      { ...deps, adminBudgetMs: deps.config.runBudgetMs },
      { run, action: prepared.action, properties: prepared.properties, accessToken: prepared.accessToken },
    );
  }
  return resumed;
}

/**
 * Why a stored run can no longer start, worded for a run Flow already accepted: the ledger and the
 * admin page show it long after the request (so not the request-time wording of the refusal).
 */
function closingReason(run: RunRow, refusal: StartRefusal): [code: string, message: string] {
  switch (refusal.step) {
    case 'action':
      return ['unknown_action', `The action "${run.handle}" no longer exists.`];
    case 'shop':
      return ['shop_not_installed', `${run.shop} uninstalled the app before the run could finish.`];
    default:
      return ['invalid_properties', 'The stored properties of this run are no longer valid.'];
  }
}
