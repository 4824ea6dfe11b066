/** The one place the app's dependencies are put together from the configuration and the runtime it runs on. */
import type { Clock } from './clock';
import { DEFAULT_RUN_ADMIN_BUDGET_MS, type Config } from './config';
import type { Database } from './db/database';
import type { AppDeps } from './deps';
import type { Logger } from './log';
import { createAdminClientFactory } from './shopify/client';

/** What differs between Node, Workers and the tests: how the app reaches its database, Shopify and time. */
export interface Runtime {
  db: Database;
  /** The fetch the Admin client sends with (in sandbox mode, the simulated store's). */
  adminFetch: typeof fetch;
  clock: Clock;
  logger: Logger;
  /** See AppDeps.waitUntil. */
  waitUntil: (promise: Promise<unknown>) => void;
  /** Sandbox mode only: see AppDeps.sandboxShop and AppDeps.sandboxHistory. */
  sandboxShop?: string;
  sandboxHistory?: AppDeps['sandboxHistory'];
}

/** The settings the app reads: the environment's (loadConfig), or a test's own. */
export type DepsConfig = Pick<
  Config,
  | 'SHOPIFY_API_VERSION'
  | 'SHOPIFY_ADMIN_API_ORIGIN'
  | 'SHOPIFY_API_SECRET'
  | 'SHOPIFY_API_KEY'
  | 'FLOW_TIME_BUDGET_MS'
  | 'RUN_LEASE_MS'
  | 'adminTimeoutMs'
> &
  Partial<Pick<Config, 'RUN_ADMIN_BUDGET_MS'>> & {
    appUrl?: string;
    /** Interactive waits (dry runs, Retry's check). Default: the Flow time budget less 500 ms, so they answer in time. */
    adminBudgetMs?: number;
  };

/** The app's dependencies; throws when there is no app secret to check Flow's signatures with. */
export function buildDeps(config: DepsConfig, runtime: Runtime): AppDeps {
  if (!config.SHOPIFY_API_SECRET) throw new Error('SHOPIFY_API_SECRET is not set: Flow requests cannot be verified.');
  return {
    db: runtime.db,
    adminClients: createAdminClientFactory({
      apiVersion: config.SHOPIFY_API_VERSION,
      origin: config.SHOPIFY_ADMIN_API_ORIGIN,
      fetch: runtime.adminFetch,
      clock: runtime.clock,
      timeoutMs: config.adminTimeoutMs,
    }),
    clock: runtime.clock,
    logger: runtime.logger,
    secrets: { apiSecret: config.SHOPIFY_API_SECRET, ...(config.SHOPIFY_API_KEY !== undefined ? { apiKey: config.SHOPIFY_API_KEY } : {}) },
    ...(config.appUrl !== undefined ? { appUrl: config.appUrl } : {}),
    ...(runtime.sandboxShop !== undefined ? { sandboxShop: runtime.sandboxShop } : {}),
    ...(runtime.sandboxHistory !== undefined ? { sandboxHistory: runtime.sandboxHistory } : {}),
    config: {
      timeBudgetMs: config.FLOW_TIME_BUDGET_MS,
      adminBudgetMs: config.adminBudgetMs ?? Math.max(0, config.FLOW_TIME_BUDGET_MS - 500),
      runBudgetMs: config.RUN_ADMIN_BUDGET_MS ?? DEFAULT_RUN_ADMIN_BUDGET_MS,
      leaseMs: config.RUN_LEASE_MS,
    },
    waitUntil: runtime.waitUntil,
  };
}
