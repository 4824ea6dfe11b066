/**
 * The embedded database's client: flowfill's statement-caching one (src/db/embedded-client.ts)
 * against @libsql/client's own file driver, on the statements one Flow run makes (shop lookup,
 * claim, rules, step, outcome), same file settings, same process, alternating rounds so both
 * see the same machine state. Kept only while the ratio shows a gain (issue 12, item 7).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { claimRun, finishRun, saveSteps } from '../src/db/ledger';
import { migrateDatabase, openDatabase, type OpenedDatabase } from '../src/db/node';
import { getShopAccess, registerShop } from '../src/db/shops';
import { loadActiveRules } from '../src/rules/store';

const SHOP = 'driver-bench.myshopify.com';

export interface DriverResult {
  /** Median ms of one run's statements, per driver. */
  embedded_ms: number;
  library_ms: number;
  /** library / embedded: above 1, the embedded client is faster. */
  ratio: number;
  runs_per_driver: number;
}

async function open(dir: string, driver: 'embedded' | 'library'): Promise<OpenedDatabase> {
  const opened = await openDatabase(`file:${join(dir, `${driver}.db`)}`, undefined, { fileDriver: driver });
  await migrateDatabase(opened.db);
  await registerShop(opened.db, { shop: SHOP, accessToken: 'token', scopes: ['read_orders'], now: Date.now() });
  return opened;
}

/** One Flow run's database statements, timed. */
async function oneRun(opened: OpenedDatabase, n: number): Promise<number> {
  const started = performance.now();
  const now = Date.now();
  await getShopAccess(opened.db, SHOP);
  const claim = await claimRun(opened.db, {
    shop: SHOP,
    actionRunId: `run-${n}`,
    handle: 'add-tracking',
    orderId: `gid://shopify/Order/${n}`,
    properties: { order_id: `gid://shopify/Order/${n}` },
    now,
    leaseMs: 30_000,
  });
  if (claim.kind !== 'execute') throw new Error(`run-${n} not claimed`);
  await loadActiveRules(opened.db, SHOP, 'add-tracking');
  await saveSteps(opened.db, claim.run, [{ name: 'AddTrackingUpdate', key: `k${n}`, state: 'started', at: now }], now, 30_000);
  await finishRun(opened.db, claim.run, {
    status: 'succeeded',
    responseStatus: 200,
    responseBody: { return_value: { outcome: 'added' } },
    adminCalls: [],
    durationMs: 1,
    now,
  });
  return performance.now() - started;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Runs `runs` Flow runs' statements on each driver, alternating in rounds of 50. */
export async function compareDrivers(runs: number, parent: string): Promise<DriverResult> {
  const dir = mkdtempSync(join(parent, 'flowfill-driver-'));
  const embedded = await open(dir, 'embedded');
  const library = await open(dir, 'library');
  const times = { embedded: [] as number[], library: [] as number[] };
  try {
    for (let n = 0; n < 100; n++) {
      await oneRun(embedded, -1 - n); // warm-up
      await oneRun(library, -1 - n);
    }
    for (let round = 0; round < runs / 50; round++) {
      for (let i = 0; i < 50; i++) times.embedded.push(await oneRun(embedded, round * 50 + i));
      for (let i = 0; i < 50; i++) times.library.push(await oneRun(library, round * 50 + i));
    }
  } finally {
    await embedded.close();
    await library.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const embeddedMs = median(times.embedded);
  const libraryMs = median(times.library);
  return { embedded_ms: embeddedMs, library_ms: libraryMs, ratio: libraryMs / embeddedMs, runs_per_driver: times.embedded.length };
}
