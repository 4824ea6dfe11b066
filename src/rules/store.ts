/**
 * Rule storage per shop: import (validate, then replace the rule set atomically with new versions
 * where something changed), export, the active rules for the actions, and each rule's history.
 * Every query is scoped by shop: a shop never reads or writes another shop's rules.
 *
 * Writes are one libSQL batch (a single transaction, one round trip over HTTP) guarded by the
 * shop's rule-set revision, not an interactive transaction: with the embedded driver an open
 * interactive transaction makes every other write of the process (a Flow run's ledger) fail with
 * SQLITE_BUSY, and over HTTP it costs a round trip per statement.
 */
import { and, asc, eq, inArray, isNull, max, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Database } from '../db/database';
import { placeholder as $, prepared } from '../db/prepared';
import { ruleChanges, rules as rulesTable, ruleVersions as versionsTable } from '../db/schema';
import { compareNames, normaliseDocument, normaliseRule, type ActionHandle, type Rule, type RuleDocument } from './document';
import { validateRuleDocument, type RuleError } from './validate';

/** A rule as the actions use it: the canonical rule plus the version runs record. */
export interface StoredRule extends Rule {
  version: number;
}

export interface ImportedRule {
  name: string;
  version: number;
}

/** What an import did to each rule name. */
export interface ImportSummary {
  /** New names, and retired names brought back (`previousVersion` is then their last version). */
  added: (ImportedRule & { previousVersion?: number })[];
  /** Rules whose canonical JSON differs from their current version: a new version each. */
  changed: (ImportedRule & { previousVersion: number })[];
  /** Identical to their current version (after defaults and key order): they keep it. */
  unchanged: ImportedRule[];
  /** Active before, absent from the document now: kept in history with their last version. */
  retired: ImportedRule[];
}

export type ImportResult =
  /** `revision`: the shop's rule-set revision after the import (unchanged when nothing changed). */
  | { ok: true; summary: ImportSummary; revision: number }
  /** The document is invalid: nothing was written. */
  | { ok: false; reason: 'invalid'; errors: RuleError[] }
  /** `expectedRevision` was given and the rule set has changed since (now at `revision`): nothing was written. */
  | { ok: false; reason: 'conflict'; revision: number };

export interface ImportOptions {
  /** Refuse (conflict) unless the shop's rule set is still at this revision (the admin page's If-Match). */
  expectedRevision?: number;
}

/** The shop's active rules and the revision they belong to, read together. */
export interface RuleSet {
  rules: StoredRule[];
  /** 0 for a shop that never had rules; +1 with every change. */
  revision: number;
}

/** One stored version of a rule. */
export interface RuleVersion {
  version: number;
  rule: Rule;
  createdAt: number;
}

/** A rule's whole history, oldest version first. */
export interface RuleHistory {
  name: string;
  currentVersion: number;
  /** When the rule was removed from the shop's document; null while it is active. */
  retiredAt: number | null;
  versions: RuleVersion[];
}

/** The current state of one stored rule name, as the import diff needs it. */
export interface CurrentRule {
  name: string;
  version: number;
  retired: boolean;
  /** Canonical JSON of the current version. */
  definition: string;
}

/** One rule to write: a new version of `rule.name` with this canonical JSON. */
export interface RuleWrite {
  rule: Rule;
  definition: string;
  version: number;
}

export interface ImportPlan {
  summary: ImportSummary;
  writes: RuleWrite[];
  /** Names to retire. */
  retire: string[];
}

/** Conflicting concurrent writers each re-read and retry; one of them commits every round. */
const MAX_ATTEMPTS = 10;

/** The canonical JSON text of one rule (normaliseRule's defaults and key order). */
export function canonicalRule(rule: Rule): string {
  return JSON.stringify(normaliseRule(rule));
}

/**
 * Pure: what replacing the stored rules `current` by the canonical `next` rules means. Unchanged
 * rules keep their version; changed ones and retired names that come back continue their numbering.
 */
export function planImport(current: readonly CurrentRule[], next: readonly Rule[]): ImportPlan {
  const byName = new Map(current.map((row) => [row.name, row]));
  const summary: ImportSummary = { added: [], changed: [], unchanged: [], retired: [] };
  const writes: RuleWrite[] = [];
  const kept = new Set<string>();
  for (const rule of next) {
    kept.add(rule.name);
    const definition = JSON.stringify(rule);
    const row = byName.get(rule.name);
    if (!row) {
      summary.added.push({ name: rule.name, version: 1 });
      writes.push({ rule, definition, version: 1 });
    } else if (row.retired) {
      summary.added.push({ name: rule.name, version: row.version + 1, previousVersion: row.version });
      writes.push({ rule, definition, version: row.version + 1 });
    } else if (row.definition !== definition) {
      summary.changed.push({ name: rule.name, version: row.version + 1, previousVersion: row.version });
      writes.push({ rule, definition, version: row.version + 1 });
    } else {
      summary.unchanged.push({ name: rule.name, version: row.version });
    }
  }
  const retire: string[] = [];
  for (const row of current) {
    if (row.retired || kept.has(row.name)) continue;
    retire.push(row.name);
    summary.retired.push({ name: row.name, version: row.version });
  }
  summary.retired.sort((a, b) => compareNames(a.name, b.name));
  return { summary, writes, retire };
}

/**
 * Validates `input` (a parsed document or its JSON text) and, if it is valid, makes it the shop's
 * whole rule set atomically. Invalid input changes nothing and returns every error.
 */
export async function importRules(
  db: Database,
  shop: string,
  input: unknown,
  now: number,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const validated = validateRuleDocument(input);
  if (!validated.ok) return { ok: false, reason: 'invalid', errors: validated.errors };
  const next = normaliseDocument(validated.document).rules;
  for (let attempt = 1; ; attempt++) {
    const state = await readState(db, shop);
    if (options.expectedRevision !== undefined && options.expectedRevision !== state.revision) {
      return { ok: false, reason: 'conflict', revision: state.revision };
    }
    const plan = planImport(state.current, next);
    if (plan.writes.length === 0 && plan.retire.length === 0) return { ok: true, summary: plan.summary, revision: state.revision };
    if (await writePlan(db, shop, plan, state.revision, 'import', now, attempt)) {
      return { ok: true, summary: plan.summary, revision: state.revision + 1 };
    }
  }
}

/** The shop's rule document in canonical form (export → import → export is identical). */
export async function exportRules(db: Database, shop: string): Promise<RuleDocument> {
  return toDocument(await loadActiveRules(db, shop));
}

/** The canonical document of stored rules (their versions dropped). */
export function toDocument(rules: readonly StoredRule[]): RuleDocument {
  return normaliseDocument({ rules: rules.map(withoutVersion) });
}

/**
 * The shop's active (not retired) rules with their versions, in canonical order (action,
 * priority, name). Disabled rules are included, so a Flow step that forces one by name can be told
 * it is disabled; selection skips them otherwise. One query: this is on every Flow run's path.
 */
export async function loadActiveRules(db: Database, shop: string, action?: ActionHandle): Promise<StoredRule[]> {
  return toStoredRules(await activeRulesQuery(db, action).all({ shop, action }));
}

/** The prepared read of a shop's active rules (placeholders `shop`, and `action` when given). */
export function activeRulesQuery(db: Database, action?: ActionHandle) {
  return prepared(db, `rules.active${action ? ':action' : ''}`, () =>
    db
      .select({ version: rulesTable.version, definition: versionsTable.definition })
      .from(rulesTable)
      .innerJoin(versionsTable, currentVersionJoin)
      .where(and(eq(rulesTable.shop, $('shop')), isNull(rulesTable.retiredAt), action ? eq(rulesTable.action, $('action')) : undefined))
      .prepare(),
  );
}

/** activeRulesQuery's rows as the actions use them, in canonical order. */
export function toStoredRules(rows: readonly { version: number; definition: string }[]): StoredRule[] {
  return inCanonicalOrder(rows.map((row) => ({ ...(JSON.parse(row.definition) as Rule), version: row.version })));
}

/** The shop's active rules and the rule-set revision, from one consistent read. */
export async function loadRuleSet(db: Database, shop: string): Promise<RuleSet> {
  const state = await readState(db, shop);
  const active = state.current
    .filter((row) => !row.retired)
    .map((row) => ({ ...(JSON.parse(row.definition) as Rule), version: row.version }));
  return { rules: inCanonicalOrder(active), revision: state.revision };
}

/** Every version of one rule of the shop, oldest first; null when the shop never had a rule of that name. */
export async function ruleVersions(db: Database, shop: string, name: string): Promise<RuleHistory | null> {
  const [head, rows] = await db.batch([
    db
      .select({ version: rulesTable.version, retiredAt: rulesTable.retiredAt })
      .from(rulesTable)
      .where(and(eq(rulesTable.shop, shop), eq(rulesTable.name, name)))
      .limit(1),
    db
      .select({ version: versionsTable.version, definition: versionsTable.definition, createdAt: versionsTable.createdAt })
      .from(versionsTable)
      .where(and(eq(versionsTable.shop, shop), eq(versionsTable.name, name)))
      .orderBy(asc(versionsTable.version)),
  ]);
  const current = head[0];
  if (!current) return null;
  return {
    name,
    currentVersion: current.version,
    retiredAt: current.retiredAt,
    versions: rows.map((row) => ({ version: row.version, rule: JSON.parse(row.definition) as Rule, createdAt: row.createdAt })),
  };
}

/**
 * Turns an active rule on or off. A real change is a new version (runs record which one they used);
 * asking for the state it already has changes nothing. Null when the shop has no active rule `name`.
 */
export async function setRuleEnabled(db: Database, shop: string, name: string, enabled: boolean, now: number): Promise<StoredRule | null> {
  for (let attempt = 1; ; attempt++) {
    const state = await readState(db, shop);
    const row = state.current.find((candidate) => candidate.name === name);
    if (!row || row.retired) return null;
    const rule = JSON.parse(row.definition) as Rule;
    if (rule.enabled === enabled) return { ...rule, version: row.version };
    const next = normaliseRule({ ...rule, enabled });
    const version = row.version + 1;
    const plan: ImportPlan = {
      summary: { added: [], changed: [{ name, version, previousVersion: row.version }], unchanged: [], retired: [] },
      writes: [{ rule: next, definition: JSON.stringify(next), version }],
      retire: [],
    };
    if (await writePlan(db, shop, plan, state.revision, enabled ? 'enable' : 'disable', now, attempt)) return { ...next, version };
  }
}

const currentVersionJoin = and(
  eq(versionsTable.shop, rulesTable.shop),
  eq(versionsTable.name, rulesTable.name),
  eq(versionsTable.version, rulesTable.version),
);

/** Every stored rule name of the shop with its current canonical JSON, and the revision, in one batch. */
async function readState(db: Database, shop: string): Promise<{ current: CurrentRule[]; revision: number }> {
  const [rows, revisions] = await db.batch([
    db
      .select({ name: rulesTable.name, version: rulesTable.version, retiredAt: rulesTable.retiredAt, definition: versionsTable.definition })
      .from(rulesTable)
      .innerJoin(versionsTable, currentVersionJoin)
      .where(eq(rulesTable.shop, shop)),
    db
      .select({ revision: max(ruleChanges.revision) })
      .from(ruleChanges)
      .where(eq(ruleChanges.shop, shop)),
  ]);
  return {
    current: rows.map((row) => ({ name: row.name, version: row.version, retired: row.retiredAt !== null, definition: row.definition })),
    revision: Number(revisions[0]?.revision ?? 0),
  };
}

/**
 * Writes a plan as one batch: revision+1 first (fails if another writer got there since `revision`
 * was read), then the new versions, the rule rows and the retirements, one multi-row statement
 * each, so a change of two hundred rules is one round trip. Resolves false when it lost the race.
 */
async function writePlan(
  db: Database,
  shop: string,
  plan: ImportPlan,
  revision: number,
  kind: 'import' | 'enable' | 'disable',
  now: number,
  attempt: number,
): Promise<boolean> {
  const statements: BatchItem<'sqlite'>[] = [
    db.insert(ruleChanges).values({ shop, revision: revision + 1, kind, summary: { ...plan.summary }, createdAt: now }),
  ];
  if (plan.writes.length > 0) {
    statements.push(
      db
        .insert(versionsTable)
        .values(plan.writes.map((w) => ({ shop, name: w.rule.name, version: w.version, definition: w.definition, createdAt: now }))),
      db
        .insert(rulesTable)
        .values(
          plan.writes.map((w) => ({
            shop,
            name: w.rule.name,
            version: w.version,
            action: w.rule.action,
            priority: w.rule.priority,
            enabled: w.rule.enabled,
            createdAt: now,
            updatedAt: now,
            retiredAt: null,
          })),
        )
        .onConflictDoUpdate({
          target: [rulesTable.shop, rulesTable.name],
          set: {
            version: excluded('version'),
            action: excluded('action'),
            priority: excluded('priority'),
            enabled: excluded('enabled'),
            updatedAt: excluded('updated_at'),
            retiredAt: null,
          },
        }),
    );
  }
  if (plan.retire.length > 0) {
    statements.push(
      db
        .update(rulesTable)
        .set({ retiredAt: now, updatedAt: now })
        .where(and(eq(rulesTable.shop, shop), inArray(rulesTable.name, plan.retire))),
    );
  }
  try {
    await db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
    return true;
  } catch (error) {
    if (!isRevisionConflict(error) || attempt >= MAX_ATTEMPTS) throw error;
    return false;
  }
}

/** True for the unique-index failure of `rule_changes (shop, revision)`: another change committed first. */
function isRevisionConflict(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (current instanceof Error && /UNIQUE constraint failed: rule_changes\./.test(current.message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** `excluded.<column>` in an upsert: the value the conflicting insert would have written. */
function excluded(column: string) {
  return sql.raw(`excluded.${column}`);
}

/** normaliseDocument owns the canonical order; versions are put back by name (unique per shop). */
function inCanonicalOrder(stored: readonly StoredRule[]): StoredRule[] {
  const versions = new Map(stored.map((rule) => [rule.name, rule.version]));
  return toDocument(stored).rules.map((rule) => ({ ...rule, version: versions.get(rule.name) ?? 0 }));
}

function withoutVersion(rule: StoredRule): Rule {
  const { version: _version, ...rest } = rule;
  return rest;
}
