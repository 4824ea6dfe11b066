import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type OpenedDatabase } from '../../src/db/node';
import { ruleChanges, ruleVersions as versionsTable } from '../../src/db/schema';
import { putSettingOnce } from '../../src/db/shops';
import { normaliseDocument, type RuleDocument } from '../../src/rules/document';
import {
  exportRules,
  importRules,
  loadActiveRules,
  loadRuleSet,
  planImport,
  ruleVersions,
  setRuleEnabled,
  type ImportResult,
} from '../../src/rules/store';
import { designDocument, trackingRule } from './store-fixtures';

const SHOP = 'a.myshopify.com';
const OTHER = 'b.myshopify.com';
const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);

function summaryOf(result: ImportResult) {
  if (!result.ok) throw new Error(`import refused: ${JSON.stringify(result)}`);
  return result.summary;
}

describe('rule store', () => {
  let dir: string;
  let opened: OpenedDatabase;
  let db: OpenedDatabase['db'];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowfill-rules-'));
    opened = await openDatabase(`file:${join(dir, 'rules.db')}`);
    db = opened.db;
    await migrateDatabase(db);
  });
  afterEach(() => {
    opened.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports a document as version 1 of each rule and exports it in canonical form', async () => {
    const summary = summaryOf(await importRules(db, SHOP, designDocument(), T0));
    expect(summary.added.map((r) => [r.name, r.version]).sort()).toEqual([
      ['brazil-correios', 1],
      ['ship-in-stock-lines', 1],
      ['us-east-warehouses-first', 1],
    ]);
    expect(summary).toMatchObject({ changed: [], unchanged: [], retired: [] });

    const exported = await exportRules(db, SHOP);
    expect(exported).toEqual(normaliseDocument(designDocument() as RuleDocument));
    // Defaults are filled in: the tracking rule had no priority or enabled.
    expect(exported.rules.find((r) => r.name === 'brazil-correios')).toMatchObject({ priority: 100, enabled: true });
  });

  it('accepts the JSON text of a document as well as a parsed one', async () => {
    const summary = summaryOf(await importRules(db, SHOP, JSON.stringify(designDocument()), T0));
    expect(summary.added).toHaveLength(3);
  });

  it('export → import → export is identical, and re-importing changes no version', async () => {
    summaryOf(await importRules(db, SHOP, designDocument(), T0));
    const first = await exportRules(db, SHOP);
    const again = summaryOf(await importRules(db, SHOP, JSON.parse(JSON.stringify(first)), T0 + 1000));
    expect(again.added).toEqual([]);
    expect(again.changed).toEqual([]);
    expect(again.retired).toEqual([]);
    expect(again.unchanged.map((r) => r.version)).toEqual([1, 1, 1]);
    expect(JSON.stringify(await exportRules(db, SHOP), null, 2)).toBe(JSON.stringify(first, null, 2));
  });

  it('treats a rule as unchanged when only key order or spelled-out defaults differ', async () => {
    summaryOf(await importRules(db, SHOP, { rules: [trackingRule('ups')] }, T0));
    const reordered = { rules: [{ carrier: 'UPS', enabled: true, priority: 100, action: 'add-tracking', name: 'ups' }] };
    const summary = summaryOf(await importRules(db, SHOP, reordered, T0 + 1));
    expect(summary.unchanged).toEqual([{ name: 'ups', version: 1 }]);
  });

  it('gives changed rules a new version, retires removed ones, and keeps every version in the history', async () => {
    summaryOf(await importRules(db, SHOP, designDocument(), T0));
    const doc = designDocument();
    doc.rules[0]!.priority = 5; // us-east-warehouses-first changes
    doc.rules.splice(1, 1); // ship-in-stock-lines is removed
    const summary = summaryOf(await importRules(db, SHOP, doc, T0 + 60_000));
    expect(summary.changed).toEqual([{ name: 'us-east-warehouses-first', version: 2, previousVersion: 1 }]);
    expect(summary.unchanged).toEqual([{ name: 'brazil-correios', version: 1 }]);
    expect(summary.retired).toEqual([{ name: 'ship-in-stock-lines', version: 1 }]);
    expect(summary.added).toEqual([]);

    expect((await exportRules(db, SHOP)).rules.map((r) => r.name).sort()).toEqual(['brazil-correios', 'us-east-warehouses-first']);

    const history = await ruleVersions(db, SHOP, 'us-east-warehouses-first');
    expect(history).toMatchObject({ name: 'us-east-warehouses-first', currentVersion: 2, retiredAt: null });
    expect(history!.versions.map((v) => [v.version, v.rule.priority, v.createdAt])).toEqual([
      [1, 10, T0],
      [2, 5, T0 + 60_000],
    ]);

    const retired = await ruleVersions(db, SHOP, 'ship-in-stock-lines');
    expect(retired).toMatchObject({ currentVersion: 1, retiredAt: T0 + 60_000 });
    expect(retired!.versions).toHaveLength(1);
  });

  it('continues the version numbers of a retired rule that comes back', async () => {
    summaryOf(await importRules(db, SHOP, { rules: [trackingRule('ups', 'UPS')] }, T0));
    summaryOf(await importRules(db, SHOP, { rules: [trackingRule('ups', 'UPS', 5)] }, T0 + 1)); // v2
    summaryOf(await importRules(db, SHOP, { rules: [] }, T0 + 2)); // retired at v2
    expect(await loadActiveRules(db, SHOP)).toEqual([]);

    const back = summaryOf(await importRules(db, SHOP, { rules: [trackingRule('ups', 'UPS', 5)] }, T0 + 3));
    expect(back.added).toEqual([{ name: 'ups', version: 3, previousVersion: 2 }]);
    const history = await ruleVersions(db, SHOP, 'ups');
    expect(history).toMatchObject({ currentVersion: 3, retiredAt: null });
    expect(history!.versions.map((v) => v.version)).toEqual([1, 2, 3]);
    expect(await loadActiveRules(db, SHOP)).toEqual([expect.objectContaining({ name: 'ups', version: 3, priority: 5 })]);
  });

  it('refuses an invalid document with every error and changes nothing', async () => {
    summaryOf(await importRules(db, SHOP, designDocument(), T0));
    const before = await exportRules(db, SHOP);
    const bad = designDocument() as { rules: Record<string, unknown>[] };
    bad.rules[0]!.elegible = true; // typo: an unknown key
    bad.rules[2]!.action = 'ship-it';
    const result = await importRules(db, SHOP, bad, T0 + 1);
    expect(result).toMatchObject({ ok: false, reason: 'invalid' });
    if (result.ok || result.reason !== 'invalid') return;
    expect(result.errors.length).toBeGreaterThanOrEqual(2);
    expect(result.errors.map((e) => e.path)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^\/rules\/0/), expect.stringMatching(/^\/rules\/2/)]),
    );
    expect(await exportRules(db, SHOP)).toEqual(before);

    for (const input of ['{"rules": [', 'not json', null, 42, { rules: 'x' }]) {
      const refused = await importRules(db, SHOP, input, T0 + 2);
      expect(refused.ok).toBe(false);
    }
    expect(await exportRules(db, SHOP)).toEqual(before);
    expect(await db.select().from(versionsTable)).toHaveLength(3);
  });

  it('rolls the whole import back when a write fails part-way', async () => {
    summaryOf(await importRules(db, SHOP, { rules: [trackingRule('ups')] }, T0));
    const before = await exportRules(db, SHOP);
    // A stray row where the change would write version 2 makes the second statement fail.
    await db.insert(versionsTable).values({ shop: SHOP, name: 'ups', version: 2, definition: '{}', createdAt: T0 });
    await expect(importRules(db, SHOP, { rules: [trackingRule('new-one'), trackingRule('ups', 'FedEx')] }, T0 + 1)).rejects.toThrow();
    expect(await exportRules(db, SHOP)).toEqual(before);
    expect(await ruleVersions(db, SHOP, 'new-one')).toBeNull();
  });

  it('serialises concurrent imports: every one applies, and versions never repeat', async () => {
    const carriers = ['UPS', 'FedEx', 'DHL Express', 'USPS', 'Canada Post', 'Correios'];
    const results = await Promise.all(
      carriers.map((carrier, i) => importRules(db, SHOP, { rules: [trackingRule('ups', carrier)] }, T0 + i)),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    const history = await ruleVersions(db, SHOP, 'ups');
    expect(history!.versions.map((v) => v.version)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(history!.currentVersion).toBe(6);
  });

  it("never blocks the process's other writes (a Flow run's ledger) while an import is being written", async () => {
    const writes = Array.from({ length: 30 }, (_, i) => putSettingOnce(db, `k${i}`, 'v', T0));
    const imports = ['UPS', 'FedEx', 'DHL Express'].map((carrier, i) =>
      importRules(db, SHOP, { rules: [trackingRule('ups', carrier)] }, T0 + i),
    );
    await expect(Promise.all([...writes, ...imports])).resolves.toHaveLength(33);
  });

  it('numbers changes of the rule set (revision) and refuses an import based on an older one', async () => {
    expect((await loadRuleSet(db, SHOP)).revision).toBe(0);
    expect(await importRules(db, SHOP, { rules: [trackingRule('ups')] }, T0, { expectedRevision: 0 })).toMatchObject({
      ok: true,
      revision: 1,
    });
    // Unchanged: no new revision.
    expect(await importRules(db, SHOP, { rules: [trackingRule('ups')] }, T0 + 1)).toMatchObject({ ok: true, revision: 1 });
    expect(await importRules(db, SHOP, { rules: [trackingRule('fedex', 'FedEx')] }, T0 + 2, { expectedRevision: 0 })).toEqual({
      ok: false,
      reason: 'conflict',
      revision: 1,
    });
    expect((await exportRules(db, SHOP)).rules.map((r) => r.name)).toEqual(['ups']);
    await setRuleEnabled(db, SHOP, 'ups', false, T0 + 3);
    expect(await loadRuleSet(db, SHOP)).toMatchObject({
      revision: 2,
      rules: [expect.objectContaining({ name: 'ups', enabled: false, version: 2 })],
    });
    const log = await db.select().from(ruleChanges).orderBy(ruleChanges.revision);
    expect(log.map((row) => [row.shop, row.revision, row.kind, row.createdAt])).toEqual([
      [SHOP, 1, 'import', T0],
      [SHOP, 2, 'disable', T0 + 3],
    ]);
    expect(log[0]!.summary).toMatchObject({ added: [{ name: 'ups', version: 1 }] });
  });

  it('loads the active rules of an action with their versions, disabled ones included, retired ones not', async () => {
    summaryOf(
      await importRules(
        db,
        SHOP,
        {
          rules: [
            ...designDocument().rules,
            { ...trackingRule('fedex-off', 'FedEx', 1), enabled: false },
            trackingRule('zz-ups', 'UPS', 100),
            trackingRule('gone', 'DHL Express'),
          ],
        },
        T0,
      ),
    );
    summaryOf(
      await importRules(
        db,
        SHOP,
        {
          rules: [
            ...designDocument().rules,
            { ...trackingRule('fedex-off', 'FedEx', 1), enabled: false },
            trackingRule('zz-ups', 'UPS', 100),
          ],
        },
        T0 + 1,
      ),
    );

    const tracking = await loadActiveRules(db, SHOP, 'add-tracking');
    expect(tracking.map((r) => [r.name, r.priority, r.enabled, r.version])).toEqual([
      ['fedex-off', 1, false, 1],
      ['brazil-correios', 100, true, 1],
      ['zz-ups', 100, true, 1],
    ]);
    expect(tracking[1]).toEqual({
      ...normaliseDocument(designDocument() as RuleDocument).rules.find((r) => r.name === 'brazil-correios'),
      version: 1,
    });
    expect((await loadActiveRules(db, SHOP, 'partial-fulfill-ready-items')).map((r) => r.name)).toEqual(['ship-in-stock-lines']);
    expect(await loadActiveRules(db, SHOP)).toHaveLength(5);
  });

  it('turns a rule on or off as a new version, and does nothing when it already is', async () => {
    summaryOf(await importRules(db, SHOP, { rules: [trackingRule('ups')] }, T0));
    expect(await setRuleEnabled(db, SHOP, 'ups', true, T0 + 1)).toMatchObject({ name: 'ups', enabled: true, version: 1 });
    expect(await setRuleEnabled(db, SHOP, 'ups', false, T0 + 2)).toMatchObject({ name: 'ups', enabled: false, version: 2 });
    expect((await exportRules(db, SHOP)).rules[0]).toMatchObject({ name: 'ups', enabled: false });
    expect((await ruleVersions(db, SHOP, 'ups'))!.versions.map((v) => [v.version, v.rule.enabled])).toEqual([
      [1, true],
      [2, false],
    ]);
    // Re-importing the same document turns it back on: a change, so version 3.
    expect(summaryOf(await importRules(db, SHOP, { rules: [trackingRule('ups')] }, T0 + 3)).changed).toEqual([
      { name: 'ups', version: 3, previousVersion: 2 },
    ]);

    expect(await setRuleEnabled(db, SHOP, 'nope', false, T0 + 4)).toBeNull();
    summaryOf(await importRules(db, SHOP, { rules: [] }, T0 + 5));
    expect(await setRuleEnabled(db, SHOP, 'ups', false, T0 + 6)).toBeNull();
  });

  it('keeps shops apart: import, export, load, history and enable never cross shops', async () => {
    summaryOf(await importRules(db, SHOP, { rules: [trackingRule('shared-name', 'UPS'), trackingRule('only-a')] }, T0));
    summaryOf(await importRules(db, OTHER, { rules: [trackingRule('shared-name', 'FedEx')] }, T0));

    // Replacing A's rules with nothing retires A's rules only.
    summaryOf(await importRules(db, SHOP, { rules: [] }, T0 + 1));
    expect(await exportRules(db, SHOP)).toEqual({ rules: [] });
    expect((await exportRules(db, OTHER)).rules).toEqual([expect.objectContaining({ name: 'shared-name', carrier: 'FedEx' })]);
    expect(await loadActiveRules(db, OTHER, 'add-tracking')).toEqual([expect.objectContaining({ name: 'shared-name', version: 1 })]);

    // B's history of the shared name is its own; A's rule names are unknown to B.
    expect((await ruleVersions(db, OTHER, 'shared-name'))!.versions.map((v) => v.rule)).toEqual([
      expect.objectContaining({ carrier: 'FedEx' }),
    ]);
    expect(await ruleVersions(db, OTHER, 'only-a')).toBeNull();
    expect(await setRuleEnabled(db, OTHER, 'only-a', false, T0 + 2)).toBeNull();

    // Importing into B with A's names starts B's own numbering at 1.
    const b = summaryOf(await importRules(db, OTHER, { rules: [trackingRule('shared-name', 'FedEx'), trackingRule('only-a')] }, T0 + 3));
    expect(b.added).toEqual([{ name: 'only-a', version: 1 }]);
    expect(await loadActiveRules(db, 'c.myshopify.com')).toEqual([]);
  });
});

describe('planImport', () => {
  const rule = (name: string, carrier: string) => ({ name, action: 'add-tracking' as const, priority: 100, enabled: true, carrier });
  const row = (name: string, version: number, carrier: string, retired = false) => ({
    name,
    version,
    retired,
    definition: JSON.stringify(rule(name, carrier)),
  });

  it('classifies each name and numbers new versions from the current one', () => {
    const plan = planImport(
      [row('same', 3, 'UPS'), row('edit', 2, 'UPS'), row('drop', 7, 'UPS'), row('back', 4, 'UPS', true), row('old', 1, 'UPS', true)],
      [rule('same', 'UPS'), rule('edit', 'FedEx'), rule('back', 'UPS'), rule('new', 'DHL Express')],
    );
    expect(plan.summary).toEqual({
      added: [
        { name: 'back', version: 5, previousVersion: 4 },
        { name: 'new', version: 1 },
      ],
      changed: [{ name: 'edit', version: 3, previousVersion: 2 }],
      unchanged: [{ name: 'same', version: 3 }],
      retired: [{ name: 'drop', version: 7 }],
    });
    expect(plan.writes.map((w) => [w.rule.name, w.version])).toEqual([
      ['edit', 3],
      ['back', 5],
      ['new', 1],
    ]);
    expect(plan.retire).toEqual(['drop']);
  });
});
