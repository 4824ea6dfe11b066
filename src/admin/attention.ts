/** The attention queue for the admin page: `GET /api/attention` and `POST /api/runs/:id/retry`. Always the token's shop. */
import { Hono } from 'hono';
import { z } from 'zod';
import { ATTENTION_KINDS, listAttentionPage } from '../db/attention-queries';
import { RUN_STATUSES } from '../db/schema';
import type { AppDeps } from '../deps';
import { errorBody } from '../http/error-body';
import { retryRun } from '../pipeline/retry';
import { attentionItem } from './attention-view';
import type { AdminEnv } from './auth';
import { commaList } from './query';

// The same paging and status filter as GET /api/runs, plus the queue's own kinds.
const attentionQuery = z.object({
  status: commaList(RUN_STATUSES),
  kind: commaList(ATTENTION_KINDS),
  limit: z.coerce.number({ error: 'must be a number' }).int().min(1).max(200).default(50),
  before: z.coerce.number({ error: 'must be a run id' }).int().positive().optional(),
});

const runId = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** Routes mounted under /api (after session auth). */
export function attentionRoutes(deps: AppDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();

  app.get('/attention', async (c) => {
    const query = attentionQuery.safeParse(c.req.query());
    if (!query.success) {
      const message = query.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ');
      return c.json(errorBody('invalid_query', message), 400);
    }
    const { status, kind, limit, before } = query.data;
    const shop = c.get('shop');
    const now = deps.clock.now();
    // One extra row tells whether there is a next page.
    const rows = await listAttentionPage(deps.db, shop, {
      now,
      status,
      kind,
      limit: limit + 1,
      ...(before !== undefined ? { beforeId: before } : {}),
    });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return c.json({ items: page.map((row) => attentionItem(row, shop, now)), next_before: rows.length > limit && last ? last.id : null });
  });

  app.post('/runs/:id/retry', async (c) => {
    const id = runId.safeParse(c.req.param('id'));
    if (!id.success) return c.json(errorBody('run_not_found', `This shop has no run ${JSON.stringify(c.req.param('id'))}.`), 404);
    const answer = await retryRun(deps, c.get('shop'), id.data);
    return c.json(answer.body as object, answer.status);
  });

  return app;
}
