/** Small pure helpers for the admin page's tables and forms. */

/** The first of these fields the object has (the API may name them in camelCase or snake_case). */
export function field(object: unknown, ...names: string[]): unknown {
  if (!object || typeof object !== 'object') return undefined;
  for (const name of names) {
    const value = (object as Record<string, unknown>)[name];
    if (value !== undefined) return value;
  }
  return undefined;
}

/** How "Try it" names the order to `POST /api/simulate`: by name, or by id for a GID. */
export type OrderReference = { order_name: string } | { order_id: string };

/**
 * "#1001" or "1001" → the order named #1001 (an order's number is not its id on a real store, so the
 * server looks it up); a GID → that id; anything else is null.
 */
export function parseOrderInput(input: string): OrderReference | null {
  const text = input.trim();
  if (/^gid:\/\/shopify\/Order\/\d+$/.test(text)) return { order_id: text };
  const match = /^#?\s*(\d{1,19})$/.exec(text);
  return match ? { order_name: `#${match[1]!}` } : null;
}

/**
 * How the page names a run's order: its name as merchants know it ("#1003"), or, when the run never
 * read the order (refused first, or recorded before names were kept), "order 5550001" from its id,
 * never "#5550001", which would pass the id off as a name. "—" when there is neither.
 */
export function orderLabel(name: unknown, id: unknown): string {
  if (typeof name === 'string' && name !== '') return name;
  if (id === null || id === undefined || id === '') return '—';
  const text = String(id);
  const match = /^gid:\/\/shopify\/Order\/(\d+)$/.exec(text);
  return `order ${match ? match[1] : text}`;
}

/** Milliseconds as "850 ms" or "2.3 s"; "—" when unknown. */
export function formatDuration(ms: unknown): string {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** The overview as the page draws it. */
export interface OverviewView {
  days: Array<{ date: string; succeeded: number; noop: number; failed: number; pending: number }>;
  splitShipmentRate: number | null;
  topFailures: Array<{ code: string; count: number; example: string | null }>;
  avgAdminCalls: number | null;
}

/** Reads `GET /api/overview` in either naming (`days: [...]` camelCase, or `per_day`/`split_shipment.rate` snake_case). */
export function readOverview(body: any): OverviewView {
  const days = Array.isArray(body?.days) ? body.days : Array.isArray(body?.per_day) ? body.per_day : [];
  const num = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null);
  const failures: any[] = body?.topFailures ?? body?.top_failures ?? [];
  return {
    days: days.map((d: any) => ({
      date: String(d.date),
      succeeded: d.succeeded ?? 0,
      noop: d.noop ?? 0,
      failed: d.failed ?? 0,
      pending: (d.pending ?? 0) + (d.running ?? 0),
    })),
    splitShipmentRate: num(body?.splitShipmentRate ?? body?.split_shipment?.rate),
    topFailures: failures.map((f) => ({
      code: String(f.code),
      count: Number(f.count) || 0,
      example: f.example ?? f.latest_message ?? null,
    })),
    avgAdminCalls: num(body?.avgAdminCalls ?? body?.avg_admin_calls_per_run),
  };
}
