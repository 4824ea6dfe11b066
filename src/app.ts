/** The Hono app factory: every runtime (Node, Workers, tests) builds the same app from its dependencies. */
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { adminApi } from './admin/api';
import { adminPage } from './admin/page/routes';
import { authRoutes } from './auth/routes';
import { securityHeaders } from './auth/security-headers';
import type { AppDeps } from './deps';
import { INTERNAL_ERROR_MESSAGE } from './errors';
import { flowRoutes } from './flow/routes';
import { errorBody } from './http/error-body';
import { webhookRoutes } from './webhooks/routes';

/** Builds the HTTP app. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();

  app.get('/healthz', async (c) => {
    try {
      await deps.db.run(sql`select 1`);
      return c.json({ ok: true, database: 'reachable' });
    } catch (error) {
      deps.logger.log('error', 'health check failed', { error: error instanceof Error ? error : String(error) });
      return c.json({ ok: false, database: 'unreachable' }, 503);
    }
  });

  app.route('/flow', flowRoutes(deps));
  // Before the admin routes, so the headers land on every /app and /api response (401s included).
  const headers = securityHeaders({ sandbox: deps.sandboxShop !== undefined });
  app.use('/app', headers);
  app.use('/app/*', headers);
  app.use('/api/*', headers);
  app.route('/api', adminApi(deps));
  app.route('/', adminPage(deps));
  app.route('/auth', authRoutes(deps));
  app.route('/webhooks', webhookRoutes(deps));

  app.notFound((c) => c.json(errorBody('not_found', `No route ${c.req.method} ${c.req.path}.`), 404));
  app.onError((error, c) => {
    if (isDatabaseBusy(error)) {
      // Another writer holds the database: a retry soon will get through (Flow retries 5xx).
      deps.logger.log('warn', 'database busy', { path: c.req.path });
      c.header('Retry-After', '1');
      return c.json(errorBody('database_busy', 'The database is busy; retry shortly.'), 503);
    }
    deps.logger.log('error', 'request failed', { path: c.req.path, error });
    return c.json(errorBody('internal_error', INTERNAL_ERROR_MESSAGE), 500);
  });
  return app;
}

/** SQLite's "database is locked" (SQLITE_BUSY), however the driver and drizzle wrap it. */
function isDatabaseBusy(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (
      (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) ||
      (typeof message === 'string' && /database is locked|SQLITE_BUSY/.test(message))
    )
      return true;
  }
  return false;
}
