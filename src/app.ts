/** The Hono app factory: every runtime (Node, Workers, tests) builds the same app from its dependencies. */
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { adminApi } from './admin/api';
import { adminPage } from './admin/page/routes';
import { authRoutes } from './auth/routes';
import { securityHeaders } from './auth/security-headers';
import type { Clock } from './clock';
import type { Database } from './db/database';
import { flowRoutes } from './flow/routes';
import type { Logger } from './log';
import type { AdminClientFactory } from './shopify/client';
import { webhookRoutes } from './webhooks/routes';

export interface AppDeps {
  db: Database;
  adminClients: AdminClientFactory;
  clock: Clock;
  logger: Logger;
  secrets: { apiSecret: string; apiKey?: string };
  config: {
    /** Answer 202 when a run takes longer than this (Flow waits ~10 s at most). */
    timeBudgetMs: number;
    /** Admin API waits (throttle, retries) stop this long after a run starts. */
    adminBudgetMs: number;
    /** How long a delivery holds a run before another may take it over. */
    leaseMs: number;
  };
  /** Keeps work alive after the response (ctx.waitUntil on Workers; a no-op on Node). */
  waitUntil: (promise: Promise<unknown>) => void;
  /** SHOPIFY_APP_URL (the app's public URL); the admin API's Shopify library wants its host. */
  appUrl?: string;
  /**
   * Sandbox mode only: the shop that admin API requests from this machine act as when they carry
   * no session token (there is no Shopify admin to issue one). Unset in production.
   */
  sandboxShop?: string;
}

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

  app.notFound((c) => c.json({ error: { code: 'not_found', message: `No route ${c.req.method} ${c.req.path}.` } }, 404));
  app.onError((error, c) => {
    if (isDatabaseBusy(error)) {
      // Another writer holds the database: a retry soon will get through (Flow retries 5xx).
      deps.logger.log('warn', 'database busy', { path: c.req.path });
      c.header('Retry-After', '1');
      return c.json({ error: { code: 'database_busy', message: 'The database is busy; retry shortly.' } }, 503);
    }
    deps.logger.log('error', 'request failed', { path: c.req.path, error });
    return c.json({ error: { code: 'internal_error', message: 'flowfill hit an unexpected error; the details are in the server log.' } }, 500);
  });
  return app;
}

/** SQLite's "database is locked" (SQLITE_BUSY), however the driver and drizzle wrap it. */
function isDatabaseBusy(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if ((typeof code === 'string' && code.startsWith('SQLITE_BUSY')) || (typeof message === 'string' && /database is locked|SQLITE_BUSY/.test(message))) return true;
  }
  return false;
}
