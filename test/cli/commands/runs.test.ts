import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimRun, finishRun, type RunOutcome } from '../../../src/db/ledger';
import { migrateDatabase, openDatabase, type OpenedDatabase } from '../../../src/db/node';
import { runs, type AdminCallRecord } from '../../../src/db/schema';
import { registerShop } from '../../../src/db/shops';
import { runCli, runMain, tempDatabase } from '../run-cli';

/** Child processes of tsx take a second or more each on a busy machine. */
const CHILD_TIMEOUT = { timeout: 90_000 };

const SHOP = 'a.myshopify.com';
const T0 = Date.UTC(2026, 10, 27, 14, 3, 12);
const LONG_MESSAGE = 'Order gid://shopify/Order/1002 was not found in a.myshopify.com: check the order reference in the Flow step.';

function call(name: string, extra: Partial<AdminCallRecord> = {}): AdminCallRecord {
  return { name, attempt: 1, status: 200, durationMs: 100, requestedCost: 10, actualCost: 5, throttled: false, at: T0, ...extra };
}

async function addRun(
  db: OpenedDatabase['db'],
  shop: string,
  actionRunId: string,
  orderId: string,
  createdAt: number,
  outcome: Omit<RunOutcome, 'now'>,
  rule?: { name: string; version: number },
) {
  const claim = await claimRun(db, {
    shop,
    actionRunId,
    handle: 'add-tracking',
    orderId,
    properties: { order_id: orderId },
    now: createdAt,
    leaseMs: 30_000,
  });
  await finishRun(db, claim.run, { ...outcome, now: createdAt + outcome.durationMs });
  if (rule) await db.update(runs).set({ ruleName: rule.name, ruleVersion: rule.version }).where(eq(runs.id, claim.run.id));
}

describe('flowfill runs', () => {
  const temp = tempDatabase();
  const empty = tempDatabase();

  beforeAll(async () => {
    const opened = await openDatabase(temp.url);
    await migrateDatabase(opened.db);
    await registerShop(opened.db, { shop: SHOP, accessToken: 'shpat_test', scopes: ['read_orders'], now: T0 });
    await addRun(
      opened.db,
      SHOP,
      'run-ok',
      'gid://shopify/Order/1001',
      T0,
      {
        status: 'succeeded',
        responseStatus: 200,
        responseBody: { return_value: { tracking_number: '1Z999AA10123456784' } },
        // The name the run's read returned: on a real store it is not the id.
        orderName: '#1041',
        explanation: { rule: 'brazil-correios', carrier: { company: 'UPS', detectedFrom: 'number' } },
        adminCalls: [
          call('AddTrackingOrder', { durationMs: 143, requestedCost: 12, actualCost: 9 }),
          call('fulfillmentTrackingInfoUpdate', { durationMs: 98, requestedCost: 10, actualCost: 5 }),
        ],
        durationMs: 312,
      },
      { name: 'brazil-correios', version: 3 },
    );
    await addRun(opened.db, SHOP, 'run-failed', 'gid://shopify/Order/1002', T0 + 60_000, {
      status: 'failed',
      responseStatus: 422,
      responseBody: { error: { code: 'order_not_found', message: LONG_MESSAGE } },
      errorCode: 'order_not_found',
      errorMessage: LONG_MESSAGE,
      adminCalls: [call('AddTrackingOrder', { durationMs: 77, requestedCost: 12, actualCost: 2 })],
      durationMs: 90,
    });
    await addRun(opened.db, SHOP, 'run-pending', 'gid://shopify/Order/1003', T0 + 120_000, {
      status: 'pending',
      responseStatus: 202,
      responseBody: { status: 'pending', reason: 'throttled' },
      adminCalls: [
        call('AddTrackingOrder', { status: 200, throttled: true, requestedCost: 12, actualCost: null }),
        call('AddTrackingOrder', { attempt: 2, durationMs: 1200 }),
      ],
      durationMs: 4000,
    });
    await addRun(opened.db, 'other.myshopify.com', 'run-of-another-shop', 'gid://shopify/Order/9', T0 + 180_000, {
      status: 'succeeded',
      responseStatus: 200,
      responseBody: {},
      adminCalls: [],
      durationMs: 5,
    });
    opened.close();

    const migrated = await openDatabase(empty.url);
    await migrateDatabase(migrated.db);
    migrated.close();
  });
  afterAll(() => {
    temp.cleanup();
    empty.cleanup();
  });

  it('prints the ledger newest first, each run followed by its Admin API calls, and the full rows with --json', CHILD_TIMEOUT, async () => {
    const [table, json] = await Promise.all([
      runCli(['runs', '--shop', SHOP], { env: { DATABASE_URL: temp.url } }),
      runCli(['runs', '--shop', SHOP, '--json'], { env: { DATABASE_URL: temp.url } }),
    ]);
    expect(table.stderr).toBe('');
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`Runs for ${SHOP}, newest first (3 shown):`);
    expect(lines[2]!.split(/\s{2,}/)).toEqual([
      'TIME (UTC)',
      'ACTION',
      'ORDER',
      'STATUS',
      'HTTP',
      'TRIES',
      'ADMIN CALLS',
      'COST REQ/ACT',
      'DURATION',
      'ERROR',
    ]);
    expect(lines.slice(3)).toEqual([
      expect.stringMatching(
        /^2026-11-27 14:05:12Z\s+add-tracking\s+order 1003\s+pending\s+202\s+1\s+2\s+22\/5\s+4000 ms\s+pending: throttled$/,
      ),
      '  run run-pending: Admin API calls (2)',
      expect.stringMatching(/^ {4}AddTrackingOrder\s+200\s+100 ms\s+cost 12\/-\s+throttled$/),
      expect.stringMatching(/^ {4}AddTrackingOrder\s+200\s+1200 ms\s+cost 10\/5\s+attempt 2$/),
      expect.stringMatching(
        /^2026-11-27 14:04:12Z\s+add-tracking\s+order 1002\s+failed\s+422\s+1\s+1\s+12\/2\s+90 ms\s+order_not_found: Order gid:\/\/shopify\/Order\/1002 was not fou…$/,
      ),
      '  run run-failed: Admin API calls (1)',
      expect.stringMatching(/^ {4}AddTrackingOrder\s+200\s+77 ms\s+cost 12\/2$/),
      expect.stringMatching(/^2026-11-27 14:03:12Z\s+add-tracking\s+#1041\s+succeeded\s+200\s+1\s+2\s+22\/14\s+312 ms$/),
      '  run run-ok, rule brazil-correios v3: Admin API calls (2)',
      expect.stringMatching(/^ {4}AddTrackingOrder\s+200\s+143 ms\s+cost 12\/9$/),
      expect.stringMatching(/^ {4}fulfillmentTrackingInfoUpdate\s+200\s+98 ms\s+cost 10\/5$/),
    ]);
    expect(table.stdout).not.toContain('run-of-another-shop');

    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout) as Record<string, unknown>[];
    expect(rows.map((row) => row.actionRunId)).toEqual(['run-pending', 'run-failed', 'run-ok']);
    expect(rows[2]).toMatchObject({
      shop: SHOP,
      handle: 'add-tracking',
      orderId: 'gid://shopify/Order/1001',
      orderName: '#1041',
      status: 'succeeded',
      responseStatus: 200,
      explanation: { rule: 'brazil-correios', carrier: { company: 'UPS', detectedFrom: 'number' } },
      ruleName: 'brazil-correios',
      ruleVersion: 3,
      adminCallCount: 2,
      adminRequestedCost: 22,
      adminActualCost: 14,
      durationMs: 312,
      createdAt: T0,
    });
    expect(rows[2]!.adminCalls).toEqual([
      expect.objectContaining({ name: 'AddTrackingOrder', durationMs: 143 }),
      expect.objectContaining({ name: 'fulfillmentTrackingInfoUpdate' }),
    ]);
    expect(rows[1]).toMatchObject({ errorCode: 'order_not_found', errorMessage: LONG_MESSAGE, orderName: null });
  });

  it('filters by --status and --limit', async () => {
    const failed = await runMain(['runs', '--shop', SHOP, '--status', 'failed,pending', '--json'], { DATABASE_URL: temp.url });
    expect((JSON.parse(failed.stdout) as { actionRunId: string }[]).map((row) => row.actionRunId)).toEqual(['run-pending', 'run-failed']);
    const one = await runMain(['runs', '--shop', SHOP, '--limit', '1'], { DATABASE_URL: temp.url });
    expect(one.stdout).toContain('(1 shown; --limit N shows more)');
    expect(one.stdout).toContain('run-pending');
    expect(one.stdout).not.toContain('run-failed');
    const noop = await runMain(['runs', '--shop', SHOP, '--status', 'noop'], { DATABASE_URL: temp.url });
    expect(noop.stdout).toBe(`No runs with status noop for ${SHOP} yet.\n`);
  });

  it('says so when the ledger is empty, and when there is no database yet', CHILD_TIMEOUT, async () => {
    const [table, json] = await Promise.all([
      runCli(['runs', '--shop', SHOP], { env: { DATABASE_URL: empty.url } }),
      runCli(['runs', '--shop', SHOP, '--json'], { env: { DATABASE_URL: empty.url } }),
    ]);
    expect(table.code).toBe(0);
    expect(table.stdout).toBe(`No runs for ${SHOP} yet (${SHOP} is not registered here: \`npx flowfill shop add\` registers it).\n`);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([]);

    const missing = await runMain(['runs', '--shop', SHOP], { DATABASE_URL: `file:${empty.dir}/nothing-here.db` });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      `flowfill: no database at ${empty.dir}/nothing-here.db yet: start the server once with \`npm start\`, or run \`npx flowfill db migrate\`\n`,
    );
  });
});
