/**
 * The analytics report: a shop's fulfillment figures over runs finished in a range of UTC days
 * (both ends included; the last 30 days by default), computed in SQL (db/analytics-queries.ts),
 * with the previous period of the same length for comparison. Served by `GET /api/analytics` and
 * printed by `flowfill report`.
 */
import { z } from 'zod';
import {
  leadTimes,
  locationShares,
  periodHeadline,
  openLines,
  pendingWaits,
  ruleGroups,
  totalsOf,
  trackingChoices,
  type AnalyticsRange,
} from '../db/analytics-queries';
import type { Database } from '../db/database';
import { ACTION_HANDLES } from '../rules/document';

const DAY_MS = 86_400_000;
/** The longest range one request may ask for. */
export const MAX_RANGE_DAYS = 366;

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-12-01')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'is not a date');

/** The query of the analytics routes (the CSV export takes the same). */
export const analyticsQuery = z.object({
  from: isoDay.optional(),
  to: isoDay.optional(),
  action: z.enum(ACTION_HANDLES, { error: `must be one of ${ACTION_HANDLES.join(', ')}` }).optional(),
  location: z
    .string()
    .regex(/^gid:\/\/shopify\/Location\/\d+$/, 'must be a location GID like gid://shopify/Location/1')
    .optional(),
});

/** The range a parsed query stands for (`to` included: the range ends at the next midnight), or why it is refused. */
export function analyticsRange(shop: string, query: z.infer<typeof analyticsQuery>, now: number): AnalyticsRange | string {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const to = query.to ? Date.parse(`${query.to}T00:00:00Z`) + DAY_MS : today + DAY_MS;
  const from = query.from ? Date.parse(`${query.from}T00:00:00Z`) : to - 30 * DAY_MS;
  if (from >= to) return 'from: must be on or before to';
  if ((to - from) / DAY_MS > MAX_RANGE_DAYS) return `the range may span at most ${MAX_RANGE_DAYS} days`;
  return { shop, from, to, ...(query.action ? { action: query.action } : {}), ...(query.location ? { location: query.location } : {}) };
}

/** Every figure of the range, and the previous period's headline figures. */
export async function analyticsReport(db: Database, range: AnalyticsRange) {
  const previous = { ...range, from: range.from - (range.to - range.from), to: range.from };
  const [lead, locations, groups, open, waits, tracking, before] = await Promise.all([
    leadTimes(db, range),
    locationShares(db, range),
    ruleGroups(db, range),
    openLines(db, range),
    pendingWaits(db, range),
    trackingChoices(db, range),
    periodHeadline(db, previous),
  ]);
  const totals = totalsOf(groups);
  // A run still waiting has no outcome yet: a rule's figures count finished runs.
  const rules = groups.filter((g) => g.runs > g.pending);
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);
  return {
    range: { from: day(range.from), to: day(range.to - DAY_MS), action: range.action ?? null, location: range.location ?? null },
    previous: {
      from: day(previous.from),
      to: day(previous.to - DAY_MS),
      lead_time_median_ms: before.medianLeadTimeMs,
      split_rate: rate(before.split, before.fulfilled),
      runs: before.runs,
    },
    lead_time: {
      fulfilled_runs: lead.overall.count,
      median_ms: lead.overall.median,
      p90_ms: lead.overall.p90,
      by_day: lead.byDay.map((d) => ({ date: day(d.day * DAY_MS), runs: d.count, median_ms: d.median, p90_ms: d.p90 })),
      by_location: lead.byLocation.map((l) => ({
        location_id: l.locationId,
        name: l.name,
        runs: l.count,
        median_ms: l.median,
        p90_ms: l.p90,
      })),
    },
    locations: locations.map((l) => ({
      location_id: l.locationId,
      name: l.name,
      orders: l.orders,
      order_share: rate(l.orders, totals.fulfilled),
      units: l.units,
      unit_share: rate(l.units, totals.units),
      average_distance_km: l.averageDistanceKm,
      moves_out: l.movesOut,
      units_moved_out: l.unitsMovedOut,
      moves_in: l.movesIn,
      units_moved_in: l.unitsMovedIn,
    })),
    splits: {
      fulfilled_runs: totals.fulfilled,
      split_runs: totals.split,
      rate: rate(totals.split, totals.fulfilled),
      extra_parcels: totals.extraParcels,
    },
    moves: { runs_with_moves: totals.moved },
    partial: {
      runs: open.partialRuns,
      closed_later: open.closedLater,
      open_median_ms: open.openMedianMs,
      open_p90_ms: open.openP90Ms,
    },
    pending: waits.map((w) => ({ reason: w.reason, runs: w.runs, median_ms: w.medianMs, longest_ms: w.longestMs })),
    outcomes: { runs: totals.runs, succeeded: totals.succeeded, noop: totals.noop, failed: totals.failed },
    rules: rules.map((r) => ({
      action: r.action,
      rule: r.rule,
      version: r.version,
      runs: r.runs - r.pending,
      succeeded: r.succeeded,
      noop: r.noop,
      failed: r.failed,
      split_runs: r.split,
      partial_runs: r.partial,
      average_lead_time_ms: r.averageLeadTimeMs,
      first_at: new Date(r.firstAt).toISOString(),
      last_at: new Date(r.lastAt).toISOString(),
    })),
    tracking: tracking.map((t) => ({ company: t.company, source: t.source, runs: t.runs })),
    notifications: { sent: totals.notified, not_sent: totals.notNotified },
    admin_api: {
      calls: totals.adminCalls,
      requested_points: totals.requestedCost,
      actual_points: totals.actualCost,
      actual_points_per_run: totals.runs > 0 ? Math.round((totals.actualCost / totals.runs) * 10) / 10 : null,
    },
  };
}

export type AnalyticsReport = Awaited<ReturnType<typeof analyticsReport>>;
