/** The Overview's analytics: a date range, each figure as an inline SVG chart with its one-line summary, and the CSV downloads. */
import { api, ApiError } from './api';
import {
  chartBars,
  leadTimeSummary,
  locationSummary,
  partialSummary,
  pendingSummary,
  ruleSummary,
  splitSummary,
  trackingSummary,
  type AnalyticsView,
  type BarItem,
} from './analytics-summary';
import { byId, fill, h } from './dom';
import { renderError } from './explain';

const SVG = 'http://www.w3.org/2000/svg';
const DAY = 86_400_000;

/**
 * Sets the range inputs to the last 30 days (once), wires Apply, the downloads and (sandbox mode) the
 * history button, and loads the figures; `onHistory` runs after a history was added.
 */
export function setupAnalytics(onHistory: () => void = () => undefined): void {
  const from = byId<HTMLInputElement>('range-from');
  const to = byId<HTMLInputElement>('range-to');
  const today = new Date();
  to.value = today.toISOString().slice(0, 10);
  from.value = new Date(today.getTime() - 29 * DAY).toISOString().slice(0, 10);
  byId('range-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void loadAnalytics();
  });
  byId('download-analytics').addEventListener('click', () => void download('/analytics.csv'));
  byId('download-runs').addEventListener('click', () => void download('/runs.csv'));
  document.getElementById('sandbox-history')?.addEventListener('click', () => void addHistory(onHistory));
  void loadAnalytics();
}

/** Sandbox mode: POST /api/sandbox/history (30 days), then the figures again. */
async function addHistory(onHistory: () => void): Promise<void> {
  const button = byId<HTMLButtonElement>('sandbox-history');
  const status = byId('sandbox-history-status');
  button.disabled = true;
  status.textContent = 'Making 30 days of runs through the app…';
  try {
    const made = await api<{ runs: number; days: number }>('/sandbox/history?days=30', { method: 'POST' });
    status.textContent = `Added ${made.runs} runs over ${made.days} days.`;
    onHistory();
    await loadAnalytics();
  } catch (error) {
    status.textContent = error instanceof ApiError ? error.message : (error as Error).message;
  } finally {
    button.disabled = false;
  }
}

function query(): string {
  const params = new URLSearchParams({ from: byId<HTMLInputElement>('range-from').value, to: byId<HTMLInputElement>('range-to').value });
  return params.toString();
}

async function loadAnalytics(): Promise<void> {
  const out = byId('analytics');
  out.setAttribute('aria-busy', 'true');
  try {
    const a = await api<AnalyticsView>(`/analytics?${query()}`);
    const bars = chartBars(a);
    fill(
      out,
      figure('lead', `Lead time, order placed → fulfilled (median per day, hours)`, leadTimeSummary(a), columns(bars.leadByDay, 'hours')),
      figure('locations', 'Orders shipped per location', locationSummary(a), horizontal(bars.locations, 'orders')),
      figure(
        'splits',
        'Split shipments',
        splitSummary(a),
        stats([
          ['Fulfilled orders', a.splits.fulfilled_runs],
          ['Split', a.splits.split_runs],
          ['Extra parcels', a.splits.extra_parcels],
        ]),
      ),
      figure(
        'partial',
        'Partial runs',
        partialSummary(a),
        stats([
          ['Runs that left lines open', a.partial.runs],
          ['Completed later', a.partial.closed_later],
        ]),
      ),
      figure('pending', 'Waits before finishing, by reason', pendingSummary(a), horizontal(bars.pending, 'runs')),
      figure('rules', 'Outcomes per rule and version', ruleSummary(a), rulesTable(a)),
      figure('tracking', 'Tracking companies and how each was chosen', trackingSummary(a), horizontal(bars.tracking, 'runs')),
      figure(
        'costs',
        'Notifications and Admin API points',
        `${a.notifications.sent} customer notification(s) sent; ${a.admin_api.actual_points} Admin API points spent${a.admin_api.actual_points_per_run === null ? '' : ` (${a.admin_api.actual_points_per_run} per run)`}.`,
        stats([
          ['Runs', a.outcomes.runs],
          ['Failed', a.outcomes.failed],
          ['Notified', a.notifications.sent],
          ['Admin API calls', a.admin_api.calls],
        ]),
      ),
    );
  } catch (error) {
    fill(out, renderError(error instanceof ApiError ? error : { message: (error as Error).message }));
  } finally {
    out.removeAttribute('aria-busy');
  }
}

/** A figure: its heading, the one-line summary above the chart, then the chart. */
function figure(id: string, title: string, summary: string, chart: Element): HTMLElement {
  return h(
    'figure',
    { class: 'ff-figure', id: `figure-${id}`, 'aria-labelledby': `figure-${id}-title` },
    h('h3', { id: `figure-${id}-title` }, title),
    h('p', { class: 'ff-summary', 'data-summary': id }, summary),
    chart,
  );
}

function svgEl(svg: SVGSVGElement, name: string, attrs: Record<string, string | number>, text?: string) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  svg.append(node);
  return node;
}

function svgOf(width: number, height: number, label: string): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  return svg;
}

/** Vertical bars with a labelled value axis (`unit`) and date labels. */
function columns(items: BarItem[], unit: string): Element {
  if (items.length === 0) return h('p', { class: 'ff-muted' }, 'Nothing to show for this range.');
  const width = 640;
  const height = 200;
  const pad = { left: 44, right: 8, top: 20, bottom: 28 };
  const max = Math.max(...items.map((i) => i.value), 0.0001);
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const slot = plotW / items.length;
  const svg = svgOf(width, height, `${items.length} days: ${items.map((i) => i.text).join('; ')}`);
  for (let k = 0; k <= 4; k++) {
    const v = (max * k) / 4;
    const y = pad.top + plotH - (v / max) * plotH;
    svgEl(svg, 'line', { x1: pad.left, x2: width - pad.right, y1: y, y2: y, class: 'ff-grid' });
    svgEl(svg, 'text', { x: pad.left - 4, y: y + 4, 'text-anchor': 'end', class: 'ff-axis' }, v.toFixed(v < 10 ? 1 : 0));
  }
  svgEl(svg, 'text', { x: 4, y: 10, class: 'ff-axis' }, unit);
  const every = Math.ceil(items.length / 15);
  items.forEach((item, i) => {
    const barH = (item.value / max) * plotH;
    const rect = svgEl(svg, 'rect', {
      x: pad.left + i * slot + slot * 0.15,
      y: pad.top + plotH - barH,
      width: Math.max(1, slot * 0.7),
      height: barH,
      class: 'ff-bar',
    });
    svgEl(rect as unknown as SVGSVGElement, 'title', {}, item.text);
    if (i % every === 0)
      svgEl(svg, 'text', { x: pad.left + i * slot + slot / 2, y: height - 10, 'text-anchor': 'middle', class: 'ff-axis' }, item.label);
  });
  return svg;
}

/** Horizontal bars, one per item, labelled with the item and its value in `unit`. */
function horizontal(items: BarItem[], unit: string): Element {
  if (items.length === 0) return h('p', { class: 'ff-muted' }, 'Nothing to show for this range.');
  const width = 640;
  const row = 24;
  const labelW = 220;
  const height = items.length * row + 24;
  const max = Math.max(...items.map((i) => i.value), 1);
  const svg = svgOf(width, height, items.map((i) => i.text).join('; '));
  items.forEach((item, i) => {
    const y = i * row + 4;
    svgEl(svg, 'text', { x: labelW - 6, y: y + 14, 'text-anchor': 'end', class: 'ff-axis' }, item.label);
    const w = ((width - labelW - 60) * item.value) / max;
    const rect = svgEl(svg, 'rect', { x: labelW, y, width: Math.max(1, w), height: row - 8, class: 'ff-bar' });
    svgEl(rect as unknown as SVGSVGElement, 'title', {}, item.text);
    svgEl(svg, 'text', { x: labelW + w + 6, y: y + 14, class: 'ff-axis' }, String(item.value));
  });
  svgEl(svg, 'text', { x: labelW, y: height - 4, class: 'ff-axis' }, unit);
  return svg;
}

function stats(entries: [string, number][]): Element {
  return h('dl', { class: 'ff-stats' }, ...entries.map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, String(v)))));
}

function rulesTable(a: AnalyticsView): Element {
  if (a.rules.length === 0) return h('p', { class: 'ff-muted' }, 'Nothing to show for this range.');
  return h(
    'table',
    { class: 'ff-table' },
    h(
      'thead',
      {},
      h('tr', {}, ...['Action', 'Rule', 'Version', 'Runs', 'Failed', 'Split', 'First used'].map((c) => h('th', { scope: 'col' }, c))),
    ),
    h(
      'tbody',
      {},
      ...a.rules.map((r) =>
        h(
          'tr',
          {},
          h('td', {}, r.action),
          h('td', {}, r.rule ?? 'built-in default'),
          h('td', {}, r.version === null ? '—' : `v${r.version}`),
          h('td', {}, String(r.runs)),
          h('td', {}, String(r.failed)),
          h('td', {}, String(r.split_runs)),
          h('td', {}, r.first_at.slice(0, 10)),
        ),
      ),
    ),
  );
}

/** Fetches a CSV with the session token (a plain link would carry none) and saves it as a file. */
async function download(path: string): Promise<void> {
  const status = byId('download-status');
  status.textContent = 'Preparing the download…';
  try {
    const headers = new Headers();
    if (window.shopify?.idToken) headers.set('Authorization', `Bearer ${await window.shopify.idToken()}`);
    const response = await fetch(`/api${path}?${query()}`, { headers });
    if (!response.ok) throw new Error(`The server answered ${response.status}.`);
    const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'flowfill.csv';
    const url = URL.createObjectURL(await response.blob());
    const link = h('a', { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    status.textContent = `Downloaded ${name}.`;
  } catch (error) {
    status.textContent = `The download failed: ${(error as Error).message}`;
  }
}
