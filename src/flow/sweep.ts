/** The periodic sweep: finishes runs whose Flow re-send never came (pending, or crashed mid-run). */
import type { z } from 'zod';
import { ACTIONS } from '../actions';
import type { AppDeps } from '../app';
import { finishRun, listResumableRuns, renewLease, takeOver } from '../db/ledger';
import { getShopAccess } from '../db/shops';
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
    const action = ACTIONS.get(run.handle);
    const access = await getShopAccess(deps.db, run.shop);
    const properties = action ? (action.properties as z.ZodType<{ order_id: string }>).safeParse(run.properties ?? {}) : null;
    const expired = deps.clock.now() - run.createdAt > GIVE_UP_AFTER_MS;
    if (expired || !action || !access?.installed || !access.accessToken || !properties?.success) {
      const [code, message] = expired
        ? ['gave_up', `The run could not finish within a day; last reason: ${run.errorMessage ?? 'unknown'}`]
        : !action
        ? ['unknown_action', `The action "${run.handle}" no longer exists.`]
        : !access?.installed || !access.accessToken
          ? ['shop_not_installed', `${run.shop} uninstalled the app before the run could finish.`]
          : ['invalid_properties', 'The stored properties of this run are no longer valid.'];
      const response = errorResponse(code === 'shop_not_installed' ? 404 : 422, code, message);
      const steps = [...(run.steps ?? [])];
      // A run Flow gave up on is exactly the order a person should look at (once, and only while we hold it).
      if (expired && run.orderId && access?.installed && access.accessToken && !alreadyFired(steps) && (await renewLease(deps.db, run, deps.clock.now(), deps.config.leaseMs))) {
        const admin = deps.adminClients({ shop: run.shop, accessToken: access.accessToken, deadline: deps.clock.now() + 1500 });
        steps.push(await fireAttentionTrigger(admin, deps.clock, { orderId: run.orderId, reason: message, action: run.handle, actionRunId: run.actionRunId }));
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
      if (!written) deps.logger.log('warn', 'sweep lost a run it was closing to a newer attempt', { shop: run.shop, action_run_id: run.actionRunId });
      continue;
    }
    await executeRun({ ...deps, adminBudgetMs: deps.config.adminBudgetMs }, { run, action, properties: properties.data, accessToken: access.accessToken });
  }
  return resumed;
}
