/** Pure text rendering of the run ledger for `flowfill runs`: one table row per run, its Admin API calls below. */
import type { AdminCallRecord, RunRow } from '../db/schema';
import { legacyId } from '../shopify/gid';

const ERROR_WIDTH = 60;
const HEADERS = ['TIME (UTC)', 'ACTION', 'ORDER', 'STATUS', 'HTTP', 'TRIES', 'ADMIN CALLS', 'COST REQ/ACT', 'DURATION', 'ERROR'];

/** Lays out rows under `headers` in columns two spaces apart, each as wide as its widest cell: the line of one row. */
export function columnLine(headers: readonly string[], rows: readonly (readonly string[])[]): (row: readonly string[]) => string {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => row[i]!.length)));
  return (row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
}

/** The runs as a readable table; each run is followed by its run id, rule and Admin API calls, indented. */
export function formatRunsTable(rows: readonly RunRow[]): string {
  const cells = rows.map(runCells);
  const line = columnLine(HEADERS, cells);

  const out = [line(HEADERS)];
  rows.forEach((run, index) => {
    out.push(line(cells[index]!));
    out.push(...runDetail(run).map((detail) => `  ${detail}`));
  });
  return out.join('\n');
}

/** The cells of one run's table row. */
export function runCells(run: RunRow): string[] {
  const calls = run.adminCallCount;
  return [
    formatTime(run.createdAt),
    run.handle,
    orderLabel(run),
    run.status,
    run.responseStatus === null ? '-' : String(run.responseStatus),
    String(run.attempts),
    String(calls),
    calls > 0 ? `${run.adminRequestedCost}/${run.adminActualCost}` : '-',
    run.durationMs === null ? '-' : `${run.durationMs} ms`,
    shorten(problem(run), ERROR_WIDTH),
  ];
}

/** The lines under a run: its action_run_id and rule, then its Admin API calls, one aligned line each. */
export function runDetail(run: RunRow): string[] {
  const rule = run.ruleName ? `, rule ${run.ruleName}${run.ruleVersion !== null ? ` v${run.ruleVersion}` : ''}` : '';
  const calls = run.adminCalls ?? [];
  const lines = [`run ${run.actionRunId}${rule}: ${calls.length === 0 ? 'no Admin API calls' : `Admin API calls (${calls.length})`}`];
  const rows = calls.map(callCells);
  const widths = [0, 1, 2].map((i) => Math.max(0, ...rows.map((row) => row[i]!.length)));
  for (const row of rows) {
    lines.push(
      `  ${row.map((cell, i) => (i === 2 ? cell.padStart(widths[i]!) : i < 2 ? cell.padEnd(widths[i]!) : cell)).join('  ')}`.trimEnd(),
    );
  }
  return lines;
}

function callCells(call: AdminCallRecord): string[] {
  const notes = [call.throttled ? 'throttled' : '', call.attempt > 1 ? `attempt ${call.attempt}` : ''].filter(Boolean).join(', ');
  return [
    call.name,
    call.status === 'network_error' ? 'network error' : String(call.status),
    `${call.durationMs} ms`,
    `cost ${cost(call.requestedCost)}/${cost(call.actualCost)}`,
    notes,
  ];
}

/**
 * The order as merchants know it, by name (#1003); a run that never read the order (refused first,
 * or recorded before names were kept) shows "order 5550001" from its id, so the id is not taken for a name.
 */
export function orderLabel(run: Pick<RunRow, 'orderId' | 'orderName'>): string {
  if (run.orderName) return run.orderName;
  return run.orderId ? `order ${legacyId(run.orderId)}` : '-';
}

/** `2026-11-27 14:03:12Z`: sortable, unambiguous across time zones. */
export function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** What went wrong (error code and message), or why a run is still pending. */
function problem(run: RunRow): string {
  if (run.errorCode || run.errorMessage) return [run.errorCode, run.errorMessage].filter(Boolean).join(': ');
  if (run.status === 'pending') {
    const reason = (run.responseBody as { reason?: unknown } | null)?.reason;
    return typeof reason === 'string' ? `pending: ${reason}` : '';
  }
  return '';
}

/** Collapses whitespace and cuts to `width` characters with an ellipsis. */
export function shorten(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= width ? flat : `${flat.slice(0, width - 1)}…`;
}

function cost(value: number | null): string {
  return value === null ? '-' : String(value);
}
