/**
 * `POST /api/sandbox/history?days=N` (sandbox mode only): adds N days of runs made through the app
 * against the running sandbox's own store, so the Overview, the attention queue and its Retry, and
 * the exports work on them at once. `flowfill sandbox history` calls it when the app is running.
 */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import { errorBody } from '../http/error-body';
import { DEFAULT_HISTORY_DAYS, MAX_HISTORY_DAYS } from '../sandbox/history-days';
import type { AdminEnv } from './auth';
import { badQuery } from './query';

const historyQuery = z.object({
  days: z.coerce
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .max(MAX_HISTORY_DAYS, { error: `must be at most ${MAX_HISTORY_DAYS}` })
    .default(DEFAULT_HISTORY_DAYS),
});

/** Routes mounted under /api (after session auth, which in sandbox mode lets local requests act as the sandbox shop). */
export function sandboxRoutes(deps: AppDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.post('/sandbox/history', async (c) => {
    const make = deps.sandboxHistory;
    if (!make || c.get('shop') !== deps.sandboxShop)
      return c.json(errorBody('not_sandbox', 'Sandbox history is made only in sandbox mode, for the sandbox shop.'), 404);
    const query = historyQuery.safeParse(c.req.query());
    if (!query.success) return badQuery(c, query.error);
    const made = await make(query.data.days);
    if (made === 'busy')
      return c.json(errorBody('history_in_progress', 'A sandbox history is being made already; try again when it has finished.'), 409);
    return c.json({ days: made.days, runs: made.runs, rule_added_on: made.ruleAddedOn, by_status: made.byStatus });
  });
  return app;
}
