/** What the app is built from: database, Admin client factory, clock, logger, secrets and limits. */
import type { Clock } from './clock';
import type { Database } from './db/database';
import type { Logger } from './log';
import type { HistorySummary } from './sandbox/history';
import type { AdminClientFactory } from './shopify/client';

export interface AppDeps {
  db: Database;
  adminClients: AdminClientFactory;
  clock: Clock;
  logger: Logger;
  secrets: { apiSecret: string; apiKey?: string };
  config: {
    /** Answer 202 when a run takes longer than this (Flow waits ~10 s at most). */
    timeBudgetMs: number;
    /** Interactive Admin API waits (a dry run, Retry's re-read) stop this long after they start. */
    adminBudgetMs: number;
    /**
     * A Flow run attempt's Admin API waits (throttle, retries) stop this long after it starts
     * (RUN_ADMIN_BUDGET_MS): past timeBudgetMs Flow gets 202 and the attempt goes on in the background.
     */
    runBudgetMs: number;
    /** How long a delivery holds a run before another may take it over. */
    leaseMs: number;
  };
  /** Keeps work alive after the response when the request has no ExecutionContext (Node, tests): see http/wait-until.ts. */
  waitUntil: (promise: Promise<unknown>) => void;
  /** SHOPIFY_APP_URL (the app's public URL); the admin API's Shopify library wants its host. */
  appUrl?: string;
  /**
   * Sandbox mode only: the shop that admin API requests from this machine act as when they carry
   * no session token (there is no Shopify admin to issue one). Unset in production.
   */
  sandboxShop?: string;
  /** Sandbox mode only: adds days of history against the running sandbox's store (POST /api/sandbox/history). */
  sandboxHistory?: (days: number) => Promise<HistorySummary | 'busy'>;
}
