/**
 * The daily roll-ups (run_days, run_location_days) are kept by triggers, so every figure read from
 * them must equal the same figure computed from the runs themselves, whatever the ledger went
 * through: runs claimed and finished, redacted while running or after, location rows written and
 * deleted, whole shops deleted. fast-check generates such histories; each range is asked both ways.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { leadTimes, locationShares, periodHeadline, ruleGroups, type AnalyticsRange } from '../../src/db/analytics-queries';
import { deleteShopData, redactOrderRuns } from '../../src/db/compliance';
import { migrateDatabase, openDatabase } from '../../src/db/node';
import { runDays, runLocationDays, runLocations, runs } from '../../src/db/schema';
import { openTempDatabase, type TempDatabase } from '../helpers/temp-database';

// `raw` sends every query to the runs themselves, as a location filter does.
const force = vi.hoisted(() => ({ raw: false }));
vi.mock('../../src/db/analytics-rollups', async (original) => {
  const m = await original<typeof import('../../src/db/analytics-rollups')>();
  return { ...m, rollupsServe: (range: AnalyticsRange) => !force.raw && m.rollupsServe(range) };
});

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 1);
const SHOPS = ['a.myshopify.com', 'b.myshopify.com'];
const HANDLES = ['fulfill-from-best-location', 'partial-fulfill-ready-items', 'add-tracking'] as const;
const LOCATIONS = ['gid://shopify/Location/1', 'gid://shopify/Location/2', 'gid://shopify/Location/3'];

let opened: TempDatabase;
beforeAll(async () => {
  opened = await openTempDatabase('rollups');
});
afterAll(() => opened.close());

const facts = fc.record({
  status: fc.constantFrom('succeeded', 'noop', 'failed'),
  rule: fc.option(fc.constantFrom('split-when-needed', 'nearest'), { nil: null }),
  version: fc.option(fc.integer({ min: 1, max: 3 }), { nil: null }),
  fulfillments: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
  units: fc.option(fc.integer({ min: 0, max: 9 }), { nil: null }),
  linesLeft: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
  moves: fc.option(fc.integer({ min: 0, max: 2 }), { nil: null }),
  notified: fc.option(fc.boolean(), { nil: null }),
  leadMs: fc.option(fc.integer({ min: 0, max: 5 * DAY }), { nil: null }),
  cost: fc.integer({ min: 0, max: 900 }),
  locations: fc.uniqueArray(
    fc.record({
      location: fc.constantFrom(...LOCATIONS),
      role: fc.constantFrom('shipped', 'moved_out', 'moved_in'),
      units: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
      km: fc.option(fc.integer({ min: 0, max: 4000 }), { nil: null }),
    }),
    { selector: (l) => `${l.location}/${l.role}`, maxLength: 4 },
  ),
});

/** What the app does to the ledger: claim, finish with facts, redact an order's runs, delete a shop. */
const step = fc.oneof(
  fc.record({
    kind: fc.constant('run' as const),
    shop: fc.constantFrom(...SHOPS),
    handle: fc.constantFrom(...HANDLES),
    order: fc.integer({ min: 1, max: 6 }),
    // Finish (ms after T0) or leave running; finishes cross day boundaries.
    at: fc.integer({ min: 0, max: 9 * DAY }),
    finish: fc.option(facts, { nil: null }),
  }),
  fc.record({ kind: fc.constant('redact' as const), shop: fc.constantFrom(...SHOPS), order: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant('deleteShop' as const), shop: fc.constantFrom(...SHOPS) }),
);

let runSeq = 0;
async function apply(s: Step): Promise<void> {
  const db = opened.db;
  if (s.kind === 'redact') {
    await redactOrderRuns(db, s.shop, [`gid://shopify/Order/${s.order}`], T0 + 9 * DAY + 1);
    return;
  }
  if (s.kind === 'deleteShop') {
    await deleteShopData(db, s.shop);
    return;
  }
  const at = T0 + s.at;
  const [row] = await db
    .insert(runs)
    .values({
      shop: s.shop,
      actionRunId: `run-${++runSeq}`,
      handle: s.handle,
      orderId: `gid://shopify/Order/${s.order}`,
      status: 'running',
      attempts: 1,
      createdAt: at,
      updatedAt: at,
    })
    .returning({ id: runs.id });
  const f = s.finish;
  if (!f) return;
  await db
    .update(runs)
    .set({
      status: f.status,
      finishedAt: at,
      updatedAt: at,
      ruleName: f.rule,
      ruleVersion: f.rule === null ? null : f.version,
      fulfillmentCount: f.fulfillments,
      unitsFulfilled: f.units,
      linesLeft: f.linesLeft,
      moveCount: f.moves,
      notified: f.notified,
      leadTimeMs: f.leadMs,
      adminActualCost: f.cost,
      adminRequestedCost: f.cost * 2,
      adminCallCount: 1 + (f.cost % 3),
    })
    .where(and(eq(runs.id, row!.id), eq(runs.status, 'running')));
  if (f.locations.length > 0)
    await db.insert(runLocations).values(
      f.locations.map((l) => ({
        runId: row!.id,
        shop: s.shop,
        handle: s.handle,
        at,
        locationId: l.location,
        locationName: `Location ${l.location.slice(-1)}`,
        role: l.role,
        units: l.units,
        distanceKm: l.role === 'shipped' ? l.km : null,
        leadTimeMs: l.role === 'shipped' ? f.leadMs : null,
      })),
    );
}
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

/** Every roll-up-served figure of the range, read from the roll-ups or (raw) from the runs. */
async function figures(range: AnalyticsRange, raw: boolean) {
  force.raw = raw;
  try {
    return {
      rules: await ruleGroups(opened.db, range),
      locations: await locationShares(opened.db, range),
      lead: await leadTimes(opened.db, range),
      headline: await periodHeadline(opened.db, range),
    };
  } finally {
    force.raw = false;
  }
}

const range = fc.record({
  shop: fc.constantFrom(...SHOPS),
  fromDay: fc.integer({ min: 0, max: 9 }),
  days: fc.integer({ min: 1, max: 10 }),
  action: fc.option(fc.constantFrom(...HANDLES), { nil: undefined }),
});

describe('analytics roll-ups', () => {
  it('give the same figures as the runs themselves, after any history of claims, finishes, redactions and shop deletions', async () => {
    const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
    console.log(`analytics roll-ups property: seed ${seed} (FC_SEED=${seed} to replay)`);
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { minLength: 1, maxLength: 40 }),
        fc.array(range, { minLength: 1, maxLength: 4 }),
        async (steps, ranges) => {
          await opened.db.batch([opened.db.delete(runs), opened.db.delete(runLocations)]);
          for (const s of steps) await apply(s);
          for (const r of ranges) {
            const asked: AnalyticsRange = {
              shop: r.shop,
              from: T0 + r.fromDay * DAY,
              to: T0 + (r.fromDay + r.days) * DAY,
              ...(r.action ? { action: r.action } : {}),
            };
            expect(await figures(asked, false)).toEqual(await figures(asked, true));
          }
          // Nothing left over once the runs are gone (an emptied group loses its row).
          await opened.db.batch([opened.db.delete(runs), opened.db.delete(runLocations)]);
          expect(await opened.db.select().from(runDays)).toEqual([]);
          expect(await opened.db.select().from(runLocationDays)).toEqual([]);
        },
      ),
      { seed, numRuns: 60 },
    );
  });
});

describe('migration 0005', () => {
  it('rolls up the runs and location rows written before it', async () => {
    const before = mkdtempSync(join(tmpdir(), 'flowfill-rollups-0004-'));
    try {
      // The migrations up to 0004, as a database made before the roll-ups had them.
      const folder = join(before, 'drizzle');
      cpSync(join(import.meta.dirname, '../../drizzle'), folder, { recursive: true });
      rmSync(join(folder, '0005_run_days.sql'));
      const journal = JSON.parse(readFileSync(join(folder, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
      journal.entries = journal.entries.filter((e) => e.tag < '0005');
      writeFileSync(join(folder, 'meta/_journal.json'), JSON.stringify(journal));
      const old = await openDatabase(`file:${join(before, 'old.db')}`);
      try {
        const { migrate } = await import('drizzle-orm/libsql/migrator');
        await migrate(old.db, { migrationsFolder: folder });
        const at = T0 + DAY + 5;
        await old.db
          .run(sql`insert into runs (shop, action_run_id, handle, status, created_at, updated_at, finished_at, rule_name, rule_version,
          fulfillment_count, units_fulfilled, lead_time_ms, admin_actual_cost) values
          (${SHOPS[0]}, 'x1', 'add-tracking', 'succeeded', ${at}, ${at}, ${at}, null, null, 1, 2, 3600000, 10),
          (${SHOPS[0]}, 'x2', 'add-tracking', 'failed', ${at}, ${at}, ${at + 7}, null, null, 0, 0, null, 4),
          (${SHOPS[0]}, 'x3', 'add-tracking', 'running', ${at}, ${at}, null, null, null, null, null, null, 0)`);
        await old.db
          .run(sql`insert into run_locations (run_id, shop, handle, at, location_id, location_name, role, units, distance_km, lead_time_ms)
          values (1, ${SHOPS[0]}, 'add-tracking', ${at}, ${LOCATIONS[0]}, 'Newark', 'shipped', 2, 12, 3600000)`);
        await migrateDatabase(old.db);
        const [day] = await old.db.select().from(runDays);
        expect(day).toMatchObject({
          runs: 2,
          succeeded: 1,
          failed: 1,
          fulfilled: 1,
          units: 2,
          leadSum: 3_600_000,
          leadCount: 1,
          actualCost: 14,
        });
        expect(day).toMatchObject({ firstAt: at, lastAt: at + 7, day: Math.floor(at / DAY), ruleName: '', ruleVersion: 0 });
        expect(await old.db.select().from(runLocationDays)).toMatchObject([{ shipped: 1, units: 2, kmSum: 12, kmCount: 1, leadCount: 1 }]);
      } finally {
        await old.close();
      }
    } finally {
      rmSync(before, { recursive: true, force: true });
    }
  });
});
