/** `POST /api/simulate`: the admin page's dry run (the service is src/dry-run/simulate.ts, shared with the CLI). */
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../deps';
import { simulateRun } from '../dry-run/simulate';
import { describeIssues } from '../flow/request';
import { limitBody } from '../http/body-limit';
import { errorBody } from '../http/error-body';
import type { AdminEnv } from './auth';

const simulateBody = z.object({
  handle: z
    .string({ error: 'is required: the action handle, e.g. add-tracking' })
    .min(1, 'is required: the action handle, e.g. add-tracking'),
  order_id: z.unknown().optional(),
  order_name: z.unknown().optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});

/** `POST /simulate` under the admin API: `{handle, order_id | order_name, properties?}` for the session's shop. */
export function simulateRoutes(deps: AppDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.post('/simulate', limitBody(64 * 1024, 'The request body is over 64 KiB.'), async (c) => {
    let json: unknown;
    try {
      json = await c.req.json();
    } catch {
      return c.json(errorBody('invalid_json', 'The request body must be JSON: {"handle", "order_id" or "order_name", "properties"}.'), 400);
    }
    const body = simulateBody.safeParse(json);
    if (!body.success) return c.json(errorBody('invalid_request', describeIssues(body.error)), 400);
    const answer = await simulateRun(
      { db: deps.db, adminClients: deps.adminClients, clock: deps.clock, logger: deps.logger, adminBudgetMs: deps.config.adminBudgetMs },
      {
        shop: c.get('shop'),
        handle: body.data.handle,
        orderId: body.data.order_id,
        orderName: body.data.order_name,
        ...(body.data.properties ? { properties: body.data.properties } : {}),
      },
    );
    return c.json(answer.body as object, answer.status);
  });
  return app;
}
