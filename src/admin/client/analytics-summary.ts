/** The analytics charts' one-line summaries and their data, in plain language (pure, tested without a browser). */

/** The parts of GET /api/analytics the page draws. */
export interface AnalyticsView {
  range: { from: string; to: string };
  previous: { lead_time_median_ms: number | null; split_rate: number | null };
  lead_time: {
    fulfilled_runs: number;
    median_ms: number | null;
    p90_ms: number | null;
    by_day: { date: string; runs: number; median_ms: number | null; p90_ms: number | null }[];
    by_location: { name: string; runs: number; median_ms: number | null }[];
  };
  locations: { name: string; orders: number; order_share: number | null; units: number; moves_in: number; moves_out: number }[];
  splits: { fulfilled_runs: number; split_runs: number; rate: number | null; extra_parcels: number };
  partial: { runs: number; closed_later: number; open_median_ms: number | null };
  pending: { reason: string; runs: number; median_ms: number | null; longest_ms: number | null }[];
  outcomes: { runs: number; succeeded: number; noop: number; failed: number };
  rules: {
    action: string;
    rule: string | null;
    version: number | null;
    runs: number;
    failed: number;
    split_runs: number;
    first_at: string;
  }[];
  tracking: { company: string | null; source: string; runs: number }[];
  notifications: { sent: number; not_sent: number };
  admin_api: { calls: number; actual_points: number; actual_points_per_run: number | null };
}

/** "3 h 20 min", "45 min", "2 d 4 h", "40 s": a duration as a merchant reads it. */
export function humanDuration(ms: number): string {
  if (Math.abs(ms) < 60_000) return `${Math.round(Math.abs(ms) / 1000)} s`;
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

const percent = (rate: number) => `${(rate * 100).toFixed(rate < 0.1 ? 1 : 0)}%`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Lead time: the median, p90, and the change against the previous period of the same length. */
export function leadTimeSummary(a: AnalyticsView): string {
  const { median_ms: median, p90_ms: p90 } = a.lead_time;
  if (median === null) return 'No order was fulfilled by flowfill in this period.';
  const before = a.previous.lead_time_median_ms;
  let change = '';
  if (before !== null) {
    const delta = median - before;
    change =
      Math.abs(delta) < 60_000
        ? ', about the same as the previous period'
        : `, ${humanDuration(delta)} ${delta < 0 ? 'faster' : 'slower'} than the previous period`;
  }
  return `Median order leaves in ${humanDuration(median)}${change}; 9 in 10 leave within ${humanDuration(p90 ?? median)}.`;
}

/** Locations: who ships most, and what moved. */
export function locationSummary(a: AnalyticsView): string {
  const top = a.locations.filter((l) => l.orders > 0).sort((x, y) => y.orders - x.orders)[0];
  if (!top) return 'No location shipped an order in this period.';
  const movedIn = a.locations.filter((l) => l.moves_in > 0).sort((x, y) => y.moves_in - x.moves_in)[0];
  const share = top.order_share !== null ? percent(top.order_share) : `${top.orders}`;
  const move = movedIn ? `; ${plural(movedIn.moves_in, 'order')} moved to ${movedIn.name} for stock` : '; no order was moved';
  return `${top.name} shipped ${share} of orders (${plural(top.units, 'unit')})${move}.`;
}

/** Splits: how often an order left in more than one parcel. */
export function splitSummary(a: AnalyticsView): string {
  const { rate, split_runs: split, extra_parcels: extra, fulfilled_runs: fulfilled } = a.splits;
  if (rate === null) return 'No order was fulfilled in this period.';
  if (split === 0) return `Every one of ${plural(fulfilled, 'fulfilled order')} left in one parcel.`;
  const before = a.previous.split_rate;
  const change = before === null ? '' : ` (previous period ${percent(before)})`;
  return `${percent(rate)} of fulfilled orders were split${change}: ${plural(extra, 'extra parcel')}.`;
}

/** Waits: which reason held runs back longest. */
export function pendingSummary(a: AnalyticsView): string {
  const top = [...a.pending].sort((x, y) => y.runs - x.runs)[0];
  if (!top) return 'No run had to wait in this period.';
  const waited = a.pending.reduce((n, p) => n + p.runs, 0);
  return `${plural(waited, 'run')} waited before finishing, most for ${top.reason.replaceAll('_', ' ')} (${top.runs}, median ${top.median_ms === null ? '—' : humanDuration(top.median_ms)}).`;
}

/** Partial runs: lines left open and how long. */
export function partialSummary(a: AnalyticsView): string {
  const { runs, closed_later: closed, open_median_ms: open } = a.partial;
  if (runs === 0) return 'No run left lines open in this period.';
  const stayed = open === null ? '' : `, open for ${humanDuration(open)} (median)`;
  return `${plural(runs, 'run')} shipped part of an order; ${closed} of them were completed later${stayed}.`;
}

/** Rules: the failure rate of each version, so a change shows. */
export function ruleSummary(a: AnalyticsView): string {
  const versions = a.rules.filter((r) => r.rule !== null);
  if (versions.length === 0) return a.rules.length === 0 ? 'No runs in this period.' : 'Every run used the built-in default rule.';
  const latest = [...versions].sort((x, y) => y.first_at.localeCompare(x.first_at))[0]!;
  const earlier = versions.find((r) => r.rule === latest.rule && r.version !== latest.version);
  const fallback = a.rules.find((r) => r.rule === null && r.action === latest.action);
  const rate = (r: { failed: number; runs: number }) => (r.runs > 0 ? percent(r.failed / r.runs) : '—');
  const compare = earlier
    ? `, v${earlier.version} ${rate(earlier)}`
    : fallback
      ? `; the built-in default failed ${rate(fallback)} of ${plural(fallback.runs, 'run')}`
      : '';
  return `Rule "${latest.rule}" v${latest.version} (since ${latest.first_at.slice(0, 10)}) failed ${rate(latest)} of ${plural(latest.runs, 'run')}${compare}.`;
}

/** Tracking: the most used company and how companies were chosen. */
export function trackingSummary(a: AnalyticsView): string {
  const total = a.tracking.reduce((n, t) => n + t.runs, 0);
  if (total === 0) return 'No tracking number was added in this period.';
  const detected = a.tracking.filter((t) => t.source === 'detected').reduce((n, t) => n + t.runs, 0);
  const byCompany = new Map<string, number>();
  for (const t of a.tracking) byCompany.set(t.company ?? 'no company', (byCompany.get(t.company ?? 'no company') ?? 0) + t.runs);
  const [company, count] = [...byCompany].sort((x, y) => y[1] - x[1])[0]!;
  return `${plural(total, 'tracking number')} added, ${count} with ${company}; flowfill named the carrier from the number for ${detected}.`;
}

/** One bar of a horizontal bar chart. */
export interface BarItem {
  label: string;
  value: number;
  /** What the bar's tooltip and accessible text say. */
  text: string;
}

/** The bars of each chart, from the report. */
export function chartBars(a: AnalyticsView) {
  return {
    leadByDay: a.lead_time.by_day.map((d) => ({
      label: d.date.slice(5),
      value: (d.median_ms ?? 0) / 3_600_000,
      text: `${d.date}: median ${d.median_ms === null ? '—' : humanDuration(d.median_ms)}, p90 ${d.p90_ms === null ? '—' : humanDuration(d.p90_ms)} (${plural(d.runs, 'order')})`,
    })),
    locations: a.locations
      .filter((l) => l.orders > 0)
      .map((l) => ({ label: l.name, value: l.orders, text: `${l.name}: ${plural(l.orders, 'order')}, ${plural(l.units, 'unit')}` })),
    pending: a.pending.map((p) => ({ label: p.reason.replaceAll('_', ' '), value: p.runs, text: `${p.reason}: ${plural(p.runs, 'run')}` })),
    tracking: a.tracking.map((t) => ({
      label: `${t.company ?? 'none'} (${t.source})`,
      value: t.runs,
      text: `${t.company ?? 'no company'}, ${t.source}: ${plural(t.runs, 'run')}`,
    })),
  } satisfies Record<string, BarItem[]>;
}
