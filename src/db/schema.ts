/** Drizzle schema: shops and their offline sessions, app settings, the run ledger, and the rules with their versions. */

import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * Sessions as @shopify/shopify-app-session-storage-drizzle expects them. All 17 columns:
 * the package README shows 8, and with those refresh tokens are silently dropped.
 */
export const sessions = sqliteTable('session', {
  id: text('id').primaryKey(),
  shop: text('shop').notNull(),
  state: text('state').notNull(),
  isOnline: integer('isOnline', { mode: 'boolean' }).notNull().default(false),
  scope: text('scope'),
  expires: text('expires'),
  accessToken: text('accessToken').notNull(),
  userId: blob('userId', { mode: 'bigint' }),
  firstName: text('firstName'),
  lastName: text('lastName'),
  email: text('email'),
  accountOwner: integer('accountOwner', { mode: 'boolean' }),
  locale: text('locale'),
  collaborator: integer('collaborator', { mode: 'boolean' }),
  emailVerified: integer('emailVerified', { mode: 'boolean' }),
  refreshToken: text('refreshToken'),
  refreshTokenExpires: text('refreshTokenExpires'),
});

/** One row per shop that ever installed the app; `status` gates Flow calls. */
export const shops = sqliteTable('shops', {
  domain: text('domain').primaryKey(),
  status: text('status', { enum: ['installed', 'uninstalled'] }).notNull(),
  scopes: text('scopes'),
  installedAt: integer('installed_at').notNull(),
  uninstalledAt: integer('uninstalled_at'),
  updatedAt: integer('updated_at').notNull(),
});

/** Small key/value store, e.g. the sandbox's generated dev secret. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

export const RUN_STATUSES = ['running', 'succeeded', 'noop', 'failed', 'pending'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/**
 * The run ledger: one row per (shop, Flow action_run_id). The unique index is the
 * idempotency key; `lease_until` lets exactly one delivery execute at a time and lets a
 * crashed execution be taken over once the lease expires.
 */
export const runs = sqliteTable(
  'runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    shop: text('shop').notNull(),
    actionRunId: text('action_run_id').notNull(),
    handle: text('handle').notNull(),
    orderId: text('order_id'),
    /** The order's name (#1003) as the run's Admin API read returned it; null before the read or for older runs. */
    orderName: text('order_name'),
    status: text('status', { enum: RUN_STATUSES }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    leaseUntil: integer('lease_until'),
    /** The validated Flow properties, so a sweep can resume the run without Flow. */
    properties: text('properties', { mode: 'json' }).$type<Record<string, unknown>>(),
    plan: text('plan', { mode: 'json' }).$type<unknown>(),
    explanation: text('explanation', { mode: 'json' }).$type<unknown>(),
    /** Mutations already sent, so a resumed run knows its own earlier work. */
    steps: text('steps', { mode: 'json' }).$type<RunStep[]>(),
    responseStatus: integer('response_status'),
    responseBody: text('response_body', { mode: 'json' }).$type<unknown>(),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    ruleName: text('rule_name'),
    ruleVersion: integer('rule_version'),
    adminCalls: text('admin_calls', { mode: 'json' }).$type<AdminCallRecord[]>(),
    adminCallCount: integer('admin_call_count').notNull().default(0),
    adminRequestedCost: integer('admin_requested_cost').notNull().default(0),
    adminActualCost: integer('admin_actual_cost').notNull().default(0),
    durationMs: integer('duration_ms'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    finishedAt: integer('finished_at'),
    // Analytics facts (no personal data), set when the run finishes; null for older runs and after a redaction.
    /** When the order was placed (ms), from the run's own read of it. */
    orderCreatedAt: integer('order_created_at'),
    /** When this run fulfilled (ms), if it made fulfillments; `leadTimeMs` = fulfilledAt − orderCreatedAt. */
    fulfilledAt: integer('fulfilled_at'),
    leadTimeMs: integer('lead_time_ms'),
    /** Fulfillments (parcels) this run made, and units in them; more than one fulfillment is a split shipment. */
    fulfillmentCount: integer('fulfillment_count'),
    unitsFulfilled: integer('units_fulfilled'),
    /** Fulfillment orders this run moved to another location. */
    moveCount: integer('move_count'),
    /** Fulfillment order lines with units left open after the run. */
    linesLeft: integer('lines_left'),
    /** Add tracking: the company sent and where it came from (property, rule, detected, none). */
    trackingCompany: text('tracking_company'),
    trackingSource: text('tracking_source'),
    /** Whether Shopify was asked to notify the customer. */
    notified: integer('notified', { mode: 'boolean' }),
    /** The first 202 of the run: when and why (temporary_hold, fulfillment_orders_not_ready, throttled, ...). */
    pendingSince: integer('pending_since'),
    pendingReason: text('pending_reason'),
    /** How long the run waited from its first 202 to its final outcome. */
    pendingMs: integer('pending_ms'),
  },
  (t) => [
    uniqueIndex('runs_shop_action_run_id').on(t.shop, t.actionRunId),
    index('runs_shop_created_at').on(t.shop, t.createdAt),
    // A run's later runs on the same order: the attention queue (same action) and analytics' open lines (any).
    index('runs_shop_order_handle').on(t.shop, t.orderId, t.handle, t.finishedAt),
    index('runs_status_lease').on(t.status, t.leaseUntil),
    index('runs_shop_finished_at').on(t.shop, t.finishedAt, t.handle),
    // Lead-time percentiles read the k-th value in index order instead of sorting: per UTC day, and over a range.
    index('runs_shop_day_lead')
      .on(t.shop, sql`cast(finished_at / 86400000 as integer)`, t.leadTimeMs)
      .where(sql`lead_time_ms is not null`),
    index('runs_shop_lead')
      .on(t.shop, t.leadTimeMs, t.finishedAt)
      .where(sql`lead_time_ms is not null`),
  ],
);

export const RUN_LOCATION_ROLES = ['shipped', 'moved_out', 'moved_in'] as const;

/**
 * Where a finished run shipped from and what it moved, one row per location and role (analytics):
 * `shipped` with the units and the distance to the destination in km (rounded; the address is not
 * kept), `moved_out` / `moved_in` with the units moved. Written with the run's outcome.
 */
export const runLocations = sqliteTable(
  'run_locations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    runId: integer('run_id').notNull(),
    shop: text('shop').notNull(),
    handle: text('handle').notNull(),
    /** The run's finishedAt, repeated so range queries need no join. */
    at: integer('at').notNull(),
    locationId: text('location_id').notNull(),
    locationName: text('location_name').notNull(),
    role: text('role', { enum: RUN_LOCATION_ROLES }).notNull(),
    /** Null when the run does not know them (add-tracking's fulfil-if-needed fulfils whole fulfillment orders unread). */
    units: integer('units'),
    distanceKm: integer('distance_km'),
    /** The run's lead time (shipped rows), repeated so lead time by location needs no join. */
    leadTimeMs: integer('lead_time_ms'),
  },
  (t) => [
    index('run_locations_shop_at').on(t.shop, t.at, t.locationId),
    index('run_locations_run').on(t.runId),
    index('run_locations_lead')
      .on(t.shop, t.role, t.locationId, t.leadTimeMs, t.at)
      .where(sql`lead_time_ms is not null`),
  ],
);

/**
 * Daily roll-ups of finished runs, kept by triggers on `runs` (drizzle/0005_run_days.sql) in the
 * same transaction as the run's own write: one row per shop, UTC day, action, rule and version with
 * the sums analytics needs, so a month's figures read ~30 rows per group instead of every run.
 * No rule is '' and version 0 (a key column cannot be null and still conflict).
 */
export const runDays = sqliteTable(
  'run_days',
  {
    shop: text('shop').notNull(),
    day: integer('day').notNull(),
    handle: text('handle').notNull(),
    ruleName: text('rule_name').notNull().default(''),
    ruleVersion: integer('rule_version').notNull().default(0),
    runs: integer('runs').notNull().default(0),
    succeeded: integer('succeeded').notNull().default(0),
    noop: integer('noop').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    pending: integer('pending').notNull().default(0),
    fulfilled: integer('fulfilled').notNull().default(0),
    split: integer('split').notNull().default(0),
    extraParcels: integer('extra_parcels').notNull().default(0),
    units: integer('units').notNull().default(0),
    partial: integer('partial').notNull().default(0),
    notified: integer('notified').notNull().default(0),
    notNotified: integer('not_notified').notNull().default(0),
    actualCost: integer('actual_cost').notNull().default(0),
    requestedCost: integer('requested_cost').notNull().default(0),
    adminCalls: integer('admin_calls').notNull().default(0),
    moved: integer('moved').notNull().default(0),
    leadSum: integer('lead_sum').notNull().default(0),
    leadCount: integer('lead_count').notNull().default(0),
    /** The first and last finish counted (a run leaves its group only when deleted, with its whole shop). */
    firstAt: integer('first_at').notNull(),
    lastAt: integer('last_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.shop, t.day, t.handle, t.ruleName, t.ruleVersion] })],
);

/** Daily roll-ups of `run_locations` per shop, UTC day, action and location, kept by triggers like `run_days`. */
export const runLocationDays = sqliteTable(
  'run_location_days',
  {
    shop: text('shop').notNull(),
    day: integer('day').notNull(),
    handle: text('handle').notNull(),
    locationId: text('location_id').notNull(),
    /** The greatest name seen, as the raw query's max(location_name). */
    locationName: text('location_name').notNull(),
    /** Location rows counted (of every role): the roll-up row goes when it reaches 0. */
    rows: integer('rows').notNull().default(0),
    shipped: integer('shipped').notNull().default(0),
    units: integer('units').notNull().default(0),
    kmSum: integer('km_sum').notNull().default(0),
    kmCount: integer('km_count').notNull().default(0),
    leadCount: integer('lead_count').notNull().default(0),
    movesOut: integer('moves_out').notNull().default(0),
    unitsOut: integer('units_out').notNull().default(0),
    movesIn: integer('moves_in').notNull().default(0),
    unitsIn: integer('units_in').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.shop, t.day, t.handle, t.locationId] })],
);

/** One Admin API call made by a run: what, how long, what it cost. */
export interface AdminCallRecord {
  name: string;
  attempt: number;
  /** The HTTP status, or why there was none ('timeout': abandoned after the client's timeout). */
  status: number | 'network_error' | 'timeout';
  durationMs: number;
  requestedCost: number | null;
  actualCost: number | null;
  throttled: boolean;
  at: number;
}

/** A mutation a run has sent (or started to send) to Shopify. */
export interface RunStep {
  name: string;
  key: string;
  state: 'started' | 'done' | 'failed';
  at: number;
  result?: unknown;
  /** A fulfillmentCreate's units by order line item: how a re-sent run tells its fulfillment from others. */
  sent?: Record<string, number>;
}

export type RunRow = typeof runs.$inferSelect;

/**
 * A shop's rules as they stand: one row per (shop, name) ever imported. `version` points at the
 * rule's current row in `rule_versions`; a rule removed from the document is retired (`retired_at`)
 * rather than deleted, so its history stays and re-adding the name continues its version numbers.
 * action/priority/enabled repeat the current version's JSON for listing and filtering.
 */
export const rules = sqliteTable(
  'rules',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    shop: text('shop').notNull(),
    name: text('name').notNull(),
    version: integer('version').notNull(),
    action: text('action').notNull(),
    priority: integer('priority').notNull(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    retiredAt: integer('retired_at'),
  },
  (t) => [uniqueIndex('rules_shop_name').on(t.shop, t.name)],
);

/** Every version of every rule, never updated or deleted: runs record (rule name, version) and point here. */
export const ruleVersions = sqliteTable(
  'rule_versions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    shop: text('shop').notNull(),
    name: text('name').notNull(),
    version: integer('version').notNull(),
    /** The rule in canonical form (normaliseDocument's key order and defaults), as JSON text. */
    definition: text('definition').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('rule_versions_shop_name_version').on(t.shop, t.name, t.version)],
);

/**
 * One row per change of a shop's rule set (an import that changed something, a rule turned on or
 * off). `revision` numbers them per shop; its unique index is what makes a change atomic against
 * concurrent ones: a writer that read revision r inserts r+1 in the same batch as its rule writes,
 * so of two writers that read the same state only one commits, and the other re-reads.
 */
export const ruleChanges = sqliteTable(
  'rule_changes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    shop: text('shop').notNull(),
    revision: integer('revision').notNull(),
    kind: text('kind', { enum: ['import', 'enable', 'disable'] }).notNull(),
    /** What the change did to each rule name (added/changed/retired with versions). */
    summary: text('summary', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('rule_changes_shop_revision').on(t.shop, t.revision)],
);

/**
 * Which run may change an order's tracking now (src/db/order-locks.ts). Shopify's tracking update
 * replaces a fulfillment's whole list, so two runs reading and writing it at once would lose a
 * number. The lock is held while its run is `running` with a live lease; no expiry of its own.
 */
export const orderLocks = sqliteTable(
  'order_locks',
  {
    shop: text('shop').notNull(),
    orderId: text('order_id').notNull(),
    runId: integer('run_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.shop, t.orderId] })],
);

export type RuleRow = typeof rules.$inferSelect;
export type RuleVersionRow = typeof ruleVersions.$inferSelect;
