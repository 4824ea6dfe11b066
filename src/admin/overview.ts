/** Turns the ledger's aggregate figures into the admin page's overview (pure). */
import { RUN_STATUSES, type RunStatus } from '../db/schema';
import type { OverviewFigures } from '../db/run-queries';

const DAY_MS = 86_400_000;

export interface Overview {
  days: number;
  since: string;
  /** One entry per UTC day, oldest first, zeros included, so a chart needs no gap-filling. */
  per_day: ({ date: string } & Record<RunStatus, number>)[];
  totals: Record<RunStatus, number> & { runs: number };
  /** Best-location runs that made more than one fulfillment, over those that made any (null: none). */
  split_shipment: { rate: number | null; split_runs: number; fulfilled_runs: number };
  top_failures: { code: string; count: number; latest_message: string | null }[];
  /** Admin API calls per run over the window (null: no runs). */
  avg_admin_calls_per_run: number | null;
}

/** The overview for the `days` UTC days ending today (`now`). */
export function buildOverview(figures: OverviewFigures, now: number, days: number): Overview {
  const today = Math.floor(now / DAY_MS);
  const first = today - days + 1;
  const zero = () => Object.fromEntries(RUN_STATUSES.map((s) => [s, 0])) as Record<RunStatus, number>;
  const perDay = Array.from({ length: days }, (_, i) => ({ date: isoDate(first + i), ...zero() }));
  const totals = zero();
  for (const row of figures.perDay) {
    const slot = perDay[row.day - first];
    if (slot) slot[row.status] += row.count;
    totals[row.status] += row.count;
  }
  return {
    days,
    since: new Date(first * DAY_MS).toISOString(),
    per_day: perDay,
    totals: { ...totals, runs: figures.runs },
    split_shipment: {
      rate: figures.bestLocationFulfilled > 0 ? round(figures.bestLocationSplit / figures.bestLocationFulfilled, 4) : null,
      split_runs: figures.bestLocationSplit,
      fulfilled_runs: figures.bestLocationFulfilled,
    },
    top_failures: figures.failures.map((f) => ({ code: f.code ?? 'unknown', count: f.count, latest_message: f.message })),
    avg_admin_calls_per_run: figures.runs > 0 ? round(figures.adminCalls / figures.runs, 2) : null,
  };
}

/** The first millisecond of the window `buildOverview` covers. */
export function overviewSince(now: number, days: number): number {
  return (Math.floor(now / DAY_MS) - days + 1) * DAY_MS;
}

function isoDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
