/** The environment: the Admin API timeout and its default derived from the run lease, a run's Admin budget, the worker count. */
import { describe, expect, it } from 'vitest';
import { buildDeps } from '../src/build-deps';
import { systemClock } from '../src/clock';
import { DEFAULT_RUN_ADMIN_BUDGET_MS, loadConfig } from '../src/config';
import type { Database } from '../src/db/database';
import { createLogger } from '../src/log';

describe('configuration: SHOPIFY_ADMIN_API_TIMEOUT_MS', () => {
  it('defaults to min(10 s, RUN_LEASE_MS / 3)', () => {
    expect(loadConfig({}).adminTimeoutMs).toBe(10_000);
    expect(loadConfig({ RUN_LEASE_MS: '12000' }).adminTimeoutMs).toBe(4000);
    expect(loadConfig({ SHOPIFY_ADMIN_API_TIMEOUT_MS: '' }).adminTimeoutMs).toBe(10_000);
  });

  it('takes a value shorter than the lease, and refuses one that is not', () => {
    expect(loadConfig({ SHOPIFY_ADMIN_API_TIMEOUT_MS: '2500' }).adminTimeoutMs).toBe(2500);
    expect(() => loadConfig({ SHOPIFY_ADMIN_API_TIMEOUT_MS: '30000' })).toThrow(
      /SHOPIFY_ADMIN_API_TIMEOUT_MS: must be shorter than RUN_LEASE_MS/,
    );
    expect(() => loadConfig({ SHOPIFY_ADMIN_API_TIMEOUT_MS: 'soon' })).toThrow(/SHOPIFY_ADMIN_API_TIMEOUT_MS/);
  });
});

describe('configuration: RUN_ADMIN_BUDGET_MS', () => {
  const deps = (env: Record<string, string>) =>
    buildDeps(loadConfig({ SHOPIFY_API_SECRET: 'secret', ...env }), {
      db: {} as Database,
      adminFetch: fetch,
      clock: systemClock,
      logger: createLogger(() => undefined),
      waitUntil: () => undefined,
    }).config;

  it("defaults to 20 s for a Flow run's attempts, while dry runs keep the Flow time budget less 500 ms", () => {
    expect(DEFAULT_RUN_ADMIN_BUDGET_MS).toBe(20_000);
    expect(deps({})).toMatchObject({ timeBudgetMs: 4000, adminBudgetMs: 3500, runBudgetMs: 20_000 });
  });

  it('takes a positive whole number of ms, and refuses anything else', () => {
    expect(deps({ RUN_ADMIN_BUDGET_MS: '60000' }).runBudgetMs).toBe(60_000);
    for (const bad of ['0', '-1', '1.5', 'long'])
      expect(() => loadConfig({ RUN_ADMIN_BUDGET_MS: bad }), bad).toThrow(/RUN_ADMIN_BUDGET_MS/);
  });
});

describe('configuration: FLOWFILL_WORKERS', () => {
  const production = { SHOPIFY_API_SECRET: 'secret', DATABASE_URL: 'file:data/x.db' };

  it('defaults to one worker per core in production, and to 1 in sandbox mode or with an in-memory database', () => {
    expect(loadConfig(production, { cores: 4 }).workers).toBe(4);
    expect(loadConfig({ ...production, DATABASE_URL: 'libsql://db.example.com' }, { cores: 2 }).workers).toBe(2);
    expect(loadConfig({ DATABASE_URL: 'file:data/x.db' }, { cores: 4 }).workers).toBe(1);
    expect(loadConfig({ ...production, DATABASE_URL: 'file::memory:' }, { cores: 4 }).workers).toBe(1);
    expect(loadConfig({ ...production, FLOWFILL_WORKERS: '' }).workers).toBe(1);
  });

  it('takes an explicit count, and refuses a bad one or more than one process where they cannot share', () => {
    expect(loadConfig({ ...production, FLOWFILL_WORKERS: '3' }, { cores: 8 }).workers).toBe(3);
    expect(loadConfig({ FLOWFILL_WORKERS: '1' }).workers).toBe(1);
    for (const bad of ['0', '-2', '1.5', 'many', '1000'])
      expect(() => loadConfig({ ...production, FLOWFILL_WORKERS: bad }), bad).toThrow(
        /FLOWFILL_WORKERS: must be a whole number from 1 to 256/,
      );
    expect(() => loadConfig({ FLOWFILL_WORKERS: '2' })).toThrow(/FLOWFILL_WORKERS: must be 1 in sandbox mode/);
    expect(() => loadConfig({ ...production, DATABASE_URL: 'file::memory:', FLOWFILL_WORKERS: '2' })).toThrow(
      /FLOWFILL_WORKERS: must be 1/,
    );
  });
});
