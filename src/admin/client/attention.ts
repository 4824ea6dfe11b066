/** The "Needs attention" section: the queue from `GET /api/attention`, each entry's Shopify link and Retry. */
import { api, ApiError } from './api';
import { byId, fill, h } from './dom';
import { orderLabel } from './format';

interface Item {
  id: number;
  handle: string;
  order_id: string | null;
  order_name: string | null;
  order_url: string | null;
  status: string;
  kind: string;
  reason: string;
  what_was_done: { summary: string };
  retry: { offered: boolean; reason?: string };
  created_at: string;
}

interface RetryAnswer {
  duplicate: boolean;
  run: { id: number; status: string; error: { code: string; message: string } | null; return_value: Record<string, unknown> | null };
}

const KIND_LABELS: Record<string, string> = {
  failed: 'Failed',
  partial: 'Lines left',
  pending: 'Pending over an hour',
  attention: 'Attention trigger fired',
};

/** What each Retry answered, by the run it retried: shown in that entry's row until the list forgets it. */
const outcomes = new Map<number, { text: string; ok: boolean }>();
let nextBefore: number | null = null;

/** Wires the section's buttons. */
export function setupAttention(): void {
  byId('attention-refresh').addEventListener('click', () => void loadAttention());
  byId('attention-more').addEventListener('click', () => void loadAttention(true));
}

/** Loads the first page (or, with `more`, the next one) of the queue into the table. */
export async function loadAttention(more = false): Promise<void> {
  const tbody = byId('attention-table').querySelector('tbody')!;
  const moreButton = byId<HTMLButtonElement>('attention-more');
  if (!more) fill(tbody, h('tr', {}, h('td', { colspan: 6 }, 'Loading…')));
  try {
    const cursor = more && nextBefore !== null ? `&before=${nextBefore}` : '';
    const body = await api<{ items: Item[]; next_before: number | null }>(`/attention?limit=50${cursor}`);
    nextBefore = body.next_before;
    moreButton.hidden = nextBefore === null;
    const rows = body.items.map(row);
    if (more) tbody.append(...rows);
    else if (rows.length === 0) fill(tbody, h('tr', {}, h('td', { colspan: 6 }, 'Nothing needs attention.')));
    else fill(tbody, rows);
  } catch (error) {
    fill(tbody, h('tr', {}, h('td', { colspan: 6 }, (error as Error).message)));
  }
}

function row(item: Item): HTMLTableRowElement {
  const order = orderLabel(item.order_name, item.order_id);
  const outcome = outcomes.get(item.id);
  const result = h('p', { class: outcome && !outcome.ok ? 'ff-retry-result ff-error' : 'ff-retry-result', role: 'status' }, outcome?.text);
  const retry = item.retry.offered
    ? h(
        'button',
        {
          type: 'button',
          class: 'ff-primary',
          'aria-label': `Retry ${item.handle} on ${order}`,
          onclick: (event: Event) => void retryRun(item, event.currentTarget as HTMLButtonElement, result),
        },
        'Retry',
      )
    : h('span', { class: 'ff-muted' }, `No retry: ${item.retry.reason ?? ''}`);
  return h(
    'tr',
    { 'data-run-id': item.id, 'data-kind': item.kind },
    h('td', {}, new Date(item.created_at).toLocaleString()),
    h('td', {}, item.handle),
    h(
      'td',
      {},
      item.order_url
        ? // _top: the page is embedded in the Shopify admin, and the order opens there, not inside the frame.
          h('a', { href: item.order_url, target: '_top', rel: 'noopener' }, `Open ${order} in Shopify`)
        : order,
    ),
    h('td', {}, h('span', { class: `ff-badge ff-${item.status}` }, KIND_LABELS[item.kind] ?? item.kind), h('div', {}, item.reason)),
    h('td', {}, item.what_was_done.summary),
    h('td', {}, retry, result),
  );
}

async function retryRun(item: Item, button: HTMLButtonElement, result: HTMLElement): Promise<void> {
  button.disabled = true;
  result.className = 'ff-retry-result';
  result.textContent = 'Retrying…';
  let outcome: { text: string; ok: boolean };
  try {
    const answer = await api<RetryAnswer>(`/runs/${item.id}/retry`, { method: 'POST' });
    outcome = describe(answer);
    // A retry that needs a person too is the order's entry now: its row carries the outcome.
    outcomes.set(answer.run.id, outcome);
  } catch (error) {
    const e = error as ApiError;
    outcome = { text: `Not retried (${e.code}): ${e.message}`, ok: false };
  }
  outcomes.set(item.id, outcome);
  result.textContent = outcome.text;
  if (!outcome.ok) result.className = 'ff-retry-result ff-error';
  // The section-level line keeps the outcome readable when the entry leaves the list.
  const status = byId('attention-status');
  status.textContent = `Run ${item.id}: ${outcome.text}`;
  await loadAttention();
  if (!document.querySelector(`#attention-table tr[data-run-id="${item.id}"]`)) status.focus();
}

function describe(answer: RetryAnswer): { text: string; ok: boolean } {
  const { run } = answer;
  const again = answer.duplicate ? ' (already retried)' : '';
  if (run.error) return { text: `Retried as run ${run.id}${again}: ${run.status} — ${run.error.code}: ${run.error.message}`, ok: false };
  const outcome = run.return_value?.outcome;
  return { text: `Retried as run ${run.id}${again}: ${run.status}${outcome ? ` (${String(outcome)})` : ''}`, ok: run.status !== 'failed' };
}
