// `flowfill sandbox history`: days of runs made through the real pipeline, which the analytics then show.
import { describe, expect, it } from 'vitest';
import { analyticsReport } from '../../src/analytics/report';
import { migrateDatabase, openDatabase } from '../../src/db/node';
import { runs } from '../../src/db/schema';
import { SANDBOX_SHOP } from '../../src/sandbox/seed';
import { runMain, tempDatabase } from '../cli/run-cli';
import { freePort } from '../helpers/node-server';

const temp = tempDatabase();

describe('flowfill sandbox history', () => {
  it('adds days of signed Flow runs of every shape, and the analytics figures come from them', async () => {
    // Nothing listens on the port: the command makes the history itself, and says what that means for Retry.
    const result = await runMain(['sandbox', 'history', '--days', '7'], { DATABASE_URL: temp.url, PORT: String(await freePort()) });
    expect(result.stderr).toMatch(
      /^note: no app answered at http:\/\/localhost:\d+, so the runs were made against this command's own simulated store/,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Added \d+ runs over 7 days for sandbox\.myshopify\.com \(\d+ × 200/);
    const opened = await openDatabase(temp.url);
    try {
      await migrateDatabase(opened.db);
      const rows = await opened.db.select().from(runs);
      expect(rows.length).toBeGreaterThan(40);
      // Every run went through the ledger with a final outcome, from the real actions.
      expect(new Set(rows.map((r) => r.status))).toEqual(new Set(['succeeded', 'failed']));
      expect(new Set(rows.map((r) => r.handle))).toEqual(
        new Set(['fulfill-from-best-location', 'partial-fulfill-ready-items', 'add-tracking']),
      );
      expect(rows.filter((r) => r.errorCode === 'on_hold').length).toBeGreaterThan(0);
      const now = Date.now();
      const report = await analyticsReport(opened.db, { shop: SANDBOX_SHOP, from: now - 8 * 86_400_000, to: now });
      expect(report.lead_time.fulfilled_runs).toBeGreaterThan(20);
      expect(report.lead_time.median_ms).toBeGreaterThan(0);
      expect(report.locations.map((l) => l.name)).toEqual(expect.arrayContaining(['Newark Warehouse', 'Los Angeles Warehouse']));
      expect(report.locations.find((l) => l.name === 'Los Angeles Warehouse')!.moves_in).toBeGreaterThan(0);
      expect(report.partial.runs).toBeGreaterThan(0);
      expect(report.pending.map((p) => p.reason)).toContain('fulfillment_orders_not_ready');
      expect(report.tracking.length).toBeGreaterThan(0);
    } finally {
      await opened.close();
      temp.cleanup();
    }
  }, 120_000);

  it('refuses outside sandbox mode', async () => {
    const result = await runMain(['sandbox', 'history'], { DATABASE_URL: temp.url, SHOPIFY_API_SECRET: 'x', SHOPIFY_API_KEY: 'k' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/only works in sandbox mode/);
  });
});
