// The rule store over libSQL's HTTP protocol with the Worker's client (`@libsql/client/web`), against
// the test-only Hrana server (production uses Turso or sqld): imports are atomic there too, and
// concurrent writers from separate clients (two Worker isolates) never lose an update.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database';
import { migrateDatabase } from '../../src/db/node';
import * as schema from '../../src/db/schema';
import { exportRules, importRules, loadActiveRules, loadRuleSet, ruleVersions, setRuleEnabled } from '../../src/rules/store';
import { startLibsqlHttpServer, type LibsqlHttpServer } from '../fixtures/libsql-http-server';
import { designDocument, trackingRule } from './store-fixtures';

const SHOP = 'http.myshopify.com';
const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);

describe('rule store over libSQL HTTP (the Worker path)', () => {
  let dir: string;
  let server: LibsqlHttpServer;
  const clients: Client[] = [];
  const connect = (): Database => {
    const client = createClient({ url: server.url });
    clients.push(client);
    return drizzle(client, { schema }) as unknown as Database;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowfill-rules-http-'));
    server = await startLibsqlHttpServer({ dbUrl: `file:${join(dir, 'rules.db')}` });
    await migrateDatabase(connect());
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports, exports identically, versions changes, retires, and loads per action', async () => {
    const db = connect();
    const first = await importRules(db, SHOP, designDocument(), T0);
    expect(first).toMatchObject({ ok: true, revision: 1 });
    const exported = await exportRules(db, SHOP);
    expect(await importRules(db, SHOP, exported, T0 + 1)).toMatchObject({
      ok: true,
      revision: 1,
      summary: { unchanged: expect.any(Array), added: [], changed: [], retired: [] },
    });
    expect(await exportRules(db, SHOP)).toEqual(exported);

    const doc = designDocument();
    doc.rules[2]!.carrier = 'Correios Brasil';
    doc.rules.splice(1, 1);
    const second = await importRules(db, SHOP, doc, T0 + 2);
    expect(second).toMatchObject({
      ok: true,
      revision: 2,
      summary: { changed: [{ name: 'brazil-correios', version: 2 }], retired: [{ name: 'ship-in-stock-lines', version: 1 }] },
    });
    expect((await loadActiveRules(db, SHOP, 'add-tracking')).map((r) => [r.name, r.version, r.carrier])).toEqual([
      ['brazil-correios', 2, 'Correios Brasil'],
    ]);
    expect((await ruleVersions(db, SHOP, 'ship-in-stock-lines'))?.retiredAt).toBe(T0 + 2);
    expect(await setRuleEnabled(db, SHOP, 'brazil-correios', false, T0 + 3)).toMatchObject({ enabled: false, version: 3 });
    expect((await loadRuleSet(db, SHOP)).revision).toBe(3);
  });

  it('serialises concurrent imports from separate clients: each applies once, no version repeats', async () => {
    const shop = 'race.myshopify.com';
    const carriers = ['UPS', 'FedEx', 'DHL Express', 'USPS', 'Canada Post'];
    const results = await Promise.all(
      carriers.map((carrier, i) =>
        importRules(connect(), shop, { rules: [trackingRule('ups', carrier), trackingRule(`only-${i}`)] }, T0 + i),
      ),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const db = connect();
    expect((await ruleVersions(db, shop, 'ups'))!.versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5]);
    // The last import to commit defines the set: exactly one `only-N` rule is active.
    const active = (await exportRules(db, shop)).rules.map((r) => r.name);
    expect(active.filter((name) => name.startsWith('only-'))).toHaveLength(1);
    expect((await loadRuleSet(db, shop)).revision).toBe(5);
  });
});
