/** The runs export (`GET /api/runs.csv`): one row per finished run with its facts, no personal data beyond the order's id and name. */
import type { RunFactsRow } from '../db/analytics-queries';

export const RUN_CSV_COLUMNS = [
  'run_id',
  'action',
  'order_id',
  'order_name',
  'status',
  'error_code',
  'rule',
  'rule_version',
  'created_at',
  'finished_at',
  'order_created_at',
  'fulfilled_at',
  'lead_time_ms',
  'fulfillments',
  'units',
  'moves',
  'lines_left',
  'tracking_company',
  'tracking_source',
  'notified',
  'pending_reason',
  'pending_ms',
  'admin_calls',
  'admin_actual_points',
  'duration_ms',
] as const;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The values of one run, in RUN_CSV_COLUMNS order. */
export function runCsvValues(r: RunFactsRow): unknown[] {
  return [
    r.id,
    r.handle,
    r.orderId,
    r.orderName,
    r.status,
    r.errorCode,
    r.ruleName,
    r.ruleVersion,
    iso(r.createdAt),
    iso(r.finishedAt),
    iso(r.orderCreatedAt),
    iso(r.fulfilledAt),
    r.leadTimeMs,
    r.fulfillmentCount,
    r.unitsFulfilled,
    r.moveCount,
    r.linesLeft,
    r.trackingCompany,
    r.trackingSource,
    r.notified === null ? null : r.notified ? 'true' : 'false',
    r.pendingReason,
    r.pendingMs,
    r.adminCallCount,
    r.adminActualCost,
    r.durationMs,
  ];
}
