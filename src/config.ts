/** Configuration from the environment (the variables are listed in the README's "Configuration"), validated once at start. */
import { z } from 'zod';

const optional = z.preprocess((value) => (value === '' ? undefined : value), z.string().optional());

const WORKERS_RANGE = 'must be a whole number from 1 to 256';

/**
 * How long one attempt of a run may wait on Shopify (its rate limit, retries) by default: a whole
 * bucket's worth of restore (Shopify's buckets hold 20 s of their restore rate, standard and Plus
 * alike), and inside Workers' 30 s for work after the response that a 202 at FLOW_TIME_BUDGET_MS
 * leaves (docs/benchmarks.md, "Big shops").
 */
export const DEFAULT_RUN_ADMIN_BUDGET_MS = 20_000;

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  DATABASE_URL: z
    .string()
    .default('file:data/flowfill.db')
    .refine((url) => /^(file:|libsql:\/\/|https?:\/\/|wss?:\/\/)/.test(url), 'must start with file:, libsql://, http(s):// or ws(s)://'),
  DATABASE_AUTH_TOKEN: optional,
  SHOPIFY_API_KEY: optional,
  SHOPIFY_API_SECRET: optional,
  SHOPIFY_APP_URL: optional,
  SHOPIFY_API_VERSION: z
    .string()
    .regex(/^\d{4}-\d{2}$|^unstable$/, 'must look like 2026-07')
    .default('2026-07'),
  SHOPIFY_ADMIN_API_ORIGIN: z.preprocess((value) => (value === '' ? undefined : value), z.string().url().optional()),
  FLOW_TIME_BUDGET_MS: z.coerce.number().int().positive().default(4000),
  RUN_ADMIN_BUDGET_MS: z.coerce.number().int().positive().default(DEFAULT_RUN_ADMIN_BUDGET_MS),
  RUN_LEASE_MS: z.coerce.number().int().positive().default(30000),
  SHOPIFY_ADMIN_API_TIMEOUT_MS: z.preprocess((value) => (value === '' ? undefined : value), z.coerce.number().int().positive().optional()),
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(0).default(60000),
  FLOWFILL_WORKERS: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.coerce.number({ error: WORKERS_RANGE }).int(WORKERS_RANGE).min(1, WORKERS_RANGE).max(256, WORKERS_RANGE).optional(),
  ),
});

export type Env = z.infer<typeof envSchema>;

export interface Config extends Env {
  appUrl: string;
  /** Each Admin API request's timeout: SHOPIFY_ADMIN_API_TIMEOUT_MS, else min(10 s, lease / 3). */
  adminTimeoutMs: number;
  /** No Shopify credentials: run against the built-in simulated store. */
  sandbox: boolean;
  /** HTTP server processes (FLOWFILL_WORKERS, else one per core where processes can share the database, else 1). */
  workers: number;
}

export interface LoadOptions {
  /** The cores the default FLOWFILL_WORKERS spreads over (Node: os.availableParallelism()). */
  cores?: number;
}

/** Parses and checks the environment; throws an Error listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined>, options: LoadOptions = {}): Config {
  const parsed = envSchema
    // A request allowed to outlast the lease would let another delivery take the run over mid-call.
    .refine((values) => values.SHOPIFY_ADMIN_API_TIMEOUT_MS === undefined || values.SHOPIFY_ADMIN_API_TIMEOUT_MS < values.RUN_LEASE_MS, {
      path: ['SHOPIFY_ADMIN_API_TIMEOUT_MS'],
      message: 'must be shorter than RUN_LEASE_MS',
    })
    // Each process would get a database (or a simulated store) of its own: runs claimed in one
    // would be invisible to the others, and the ledger's exactly-once claim would not hold.
    .refine((values) => (values.FLOWFILL_WORKERS ?? 1) === 1 || processesCanShare(values), {
      path: ['FLOWFILL_WORKERS'],
      message: 'must be 1 in sandbox mode (no SHOPIFY_API_SECRET) and with an in-memory DATABASE_URL: those live in one process',
    })
    .safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const values = parsed.data;
  return {
    ...values,
    appUrl: values.SHOPIFY_APP_URL ?? `http://localhost:${values.PORT}`,
    adminTimeoutMs: values.SHOPIFY_ADMIN_API_TIMEOUT_MS ?? defaultAdminTimeoutMs(values.RUN_LEASE_MS),
    sandbox: !values.SHOPIFY_API_SECRET,
    workers: values.FLOWFILL_WORKERS ?? (processesCanShare(values) ? Math.max(1, options.cores ?? 1) : 1),
  };
}

/** False in sandbox mode (the simulated store is one process's memory) and for an in-memory database. */
function processesCanShare(values: Pick<Env, 'SHOPIFY_API_SECRET' | 'DATABASE_URL'>): boolean {
  return Boolean(values.SHOPIFY_API_SECRET) && !isMemoryDatabase(values.DATABASE_URL);
}

/** `file::memory:` (or an empty file path): a database that exists only inside the process that opened it. */
export function isMemoryDatabase(url: string): boolean {
  if (!url.startsWith('file:')) return false;
  const path = url.slice('file:'.length).split('?')[0] ?? '';
  return path === '' || path === ':memory:';
}

/** min(10 s, lease / 3): a stuck request is abandoned while the heartbeat still has the run. */
export function defaultAdminTimeoutMs(leaseMs: number): number {
  return Math.max(1, Math.min(10_000, Math.floor(leaseMs / 3)));
}
