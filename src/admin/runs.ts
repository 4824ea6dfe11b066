/** The run ledger for the admin page: `GET /api/runs`, `GET /api/runs/:id`, `GET /api/overview`. Always the token's shop. */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import { getShopRun, listRunPage, overviewFigures } from '../db/run-queries';
import { RUN_STATUSES, type RunRow } from '../db/schema';
import type { AdminEnv } from './auth';
import { buildOverview, overviewSince } from './overview';
import { errorBody } from '../http/error-body';
import { badQuery, commaList } from './query';

const listQuery = z.object({
  status: commaList(RUN_STATUSES),
  limit: z.coerce.number({ error: 'must be a number' }).int().min(1).max(200).default(50),
  before: z.coerce.number({ error: 'must be a run id' }).int().positive().optional(),
});

const overviewQuery = z.object({ days: z.coerce.number({ error: 'must be a number' }).int().min(1).max(90).default(14) });

/** Routes mounted under /api (after session auth). */
export function runsRoutes(deps: AppDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();

  app.get('/runs', async (c) => {
    const query = listQuery.safeParse(c.req.query());
    if (!query.success) return badQuery(c, query.error);
    const { status, limit, before } = query.data;
    // One extra row tells whether there is a next page.
    const rows = await listRunPage(deps.db, c.get('shop'), {
      status,
      limit: limit + 1,
      ...(before !== undefined ? { beforeId: before } : {}),
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return c.json({ runs: page.map(runSummary), next_before: rows.length > limit && last ? last.id : null });
  });

  app.get('/runs/:id', async (c) => {
    const id = Number(c.req.param('id'));
    const run = Number.isSafeInteger(id) && id > 0 ? await getShopRun(deps.db, c.get('shop'), id) : undefined;
    if (!run) return c.json(errorBody('run_not_found', `This shop has no run ${JSON.stringify(c.req.param('id'))}.`), 404);
    return c.json({ run: runDetail(run) });
  });

  app.get('/overview', async (c) => {
    const query = overviewQuery.safeParse(c.req.query());
    if (!query.success) return badQuery(c, query.error);
    const now = deps.clock.now();
    const figures = await overviewFigures(deps.db, c.get('shop'), overviewSince(now, query.data.days));
    return c.json(buildOverview(figures, now, query.data.days));
  });

  return app;
}

/** A ledger row as the runs table shows it. */
export function runSummary(run: RunRow) {
  return {
    id: run.id,
    action_run_id: run.actionRunId,
    handle: run.handle,
    order_id: run.orderId,
    /** The order's name (#1003) when the run read the order; null for runs refused before that, or older than the column. */
    order_name: run.orderName,
    status: run.status,
    response_status: run.responseStatus,
    error_code: run.errorCode,
    error_message: run.errorMessage,
    rule_name: run.ruleName,
    rule_version: run.ruleVersion,
    admin_calls: run.adminCallCount,
    duration_ms: run.durationMs,
    attempts: run.attempts,
    created_at: new Date(run.createdAt).toISOString(),
    finished_at: run.finishedAt === null ? null : new Date(run.finishedAt).toISOString(),
  };
}

/** A run with everything the ledger keeps about it (null where a customer redaction dropped it). */
export function runDetail(run: RunRow) {
  return {
    ...runSummary(run),
    properties: run.properties,
    plan: run.plan,
    explanation: run.explanation,
    steps: run.steps,
    response_body: run.responseBody,
    admin_call_log: run.adminCalls,
  };
}
