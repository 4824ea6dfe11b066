/** Runs per day by outcome as a stacked bar chart: a pure layout, drawn as inline SVG (no chart service). */

export const OUTCOME_COLORS = { succeeded: '#008060', noop: '#8c9196', failed: '#d72c0d', pending: '#b98900' } as const;
export type ChartOutcome = keyof typeof OUTCOME_COLORS;
const ORDER: ChartOutcome[] = ['succeeded', 'noop', 'pending', 'failed'];

export interface DayCounts {
  date: string;
  succeeded: number;
  noop: number;
  failed: number;
  pending: number;
}

export interface Bar {
  x: number;
  y: number;
  width: number;
  height: number;
  outcome: ChartOutcome;
  date: string;
  count: number;
}

export interface ChartLayout {
  width: number;
  height: number;
  bars: Bar[];
  /** Y axis ticks (count and y). */
  ticks: Array<{ value: number; y: number }>;
  /** Date labels under the bars (every other day when crowded). */
  labels: Array<{ text: string; x: number }>;
  max: number;
}

const PAD = { left: 32, right: 8, top: 8, bottom: 24 };

/** Lays out stacked bars; heights are proportional to counts, a day with no runs has no bars. */
export function layoutChart(days: DayCounts[], width = 640, height = 200): ChartLayout {
  const totals = days.map((d) => ORDER.reduce((sum, k) => sum + (d[k] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const slot = days.length === 0 ? plotW : plotW / days.length;
  const barW = Math.max(2, slot * 0.7);
  const bars: Bar[] = [];
  days.forEach((day, i) => {
    let y = PAD.top + plotH;
    const x = PAD.left + i * slot + (slot - barW) / 2;
    for (const outcome of ORDER) {
      const count = day[outcome] ?? 0;
      if (count <= 0) continue;
      const h = (count / max) * plotH;
      y -= h;
      bars.push({ x: round(x), y: round(y), width: round(barW), height: round(h), outcome, date: day.date, count });
    }
  });
  const step = niceStep(max);
  const ticks: ChartLayout['ticks'] = [];
  for (let v = 0; v <= max; v += step) ticks.push({ value: v, y: round(PAD.top + plotH - (v / max) * plotH) });
  const every = days.length > 10 ? 2 : 1;
  const labels = days
    .map((d, i) => ({ text: d.date.slice(5), x: round(PAD.left + i * slot + slot / 2) }))
    .filter((_, i) => i % every === 0);
  return { width, height, bars, ticks, labels, max };
}

function niceStep(max: number): number {
  for (const step of [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000]) if (max / step <= 5) return step;
  return Math.ceil(max / 5);
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

const SVG = 'http://www.w3.org/2000/svg';

/** Draws a layout as an <svg> element with a title per bar and a legend. */
export function drawChart(layout: ChartLayout): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${layout.width} ${layout.height + 20}`);
  svg.setAttribute('role', 'img');
  const total = layout.bars.reduce((sum, b) => sum + b.count, 0);
  svg.setAttribute('aria-label', `Runs per day by outcome: ${total} runs in the period`);
  const el = (name: string, attrs: Record<string, string | number>, text?: string) => {
    const node = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    svg.append(node);
    return node;
  };
  for (const tick of layout.ticks) {
    el('line', { x1: PAD.left, x2: layout.width - PAD.right, y1: tick.y, y2: tick.y, class: 'ff-grid' });
    el('text', { x: PAD.left - 4, y: tick.y + 4, 'text-anchor': 'end', class: 'ff-axis' }, String(tick.value));
  }
  for (const bar of layout.bars) {
    const rect = el('rect', {
      x: bar.x,
      y: bar.y,
      width: bar.width,
      height: bar.height,
      fill: OUTCOME_COLORS[bar.outcome],
      'data-outcome': bar.outcome,
    });
    const title = document.createElementNS(SVG, 'title');
    title.textContent = `${bar.date}: ${bar.count} ${bar.outcome}`;
    rect.append(title);
  }
  for (const label of layout.labels)
    el('text', { x: label.x, y: layout.height - 6, 'text-anchor': 'middle', class: 'ff-axis' }, label.text);
  let lx = PAD.left;
  for (const outcome of ORDER) {
    el('rect', { x: lx, y: layout.height + 6, width: 10, height: 10, fill: OUTCOME_COLORS[outcome] });
    el('text', { x: lx + 14, y: layout.height + 15, class: 'ff-axis' }, outcome);
    lx += 90;
  }
  return svg;
}
