/** The admin page's client: tabs, and each section loading its data from the JSON API. */
import { setupAnalytics } from './analytics';
import { api, ApiError } from './api';
import { drawChart, layoutChart } from './chart';
import { byId, fill, h } from './dom';
import { renderError, renderExplanation } from './explain';
import type { HintData } from './hints';
import { setupRules } from './rules';
import { loadAttention, setupAttention } from './attention';
import { field, formatDuration, orderLabel, parseOrderInput, readOverview } from './format';

const TABS = ['overview', 'attention', 'rules', 'try', 'runs'] as const;
type Tab = (typeof TABS)[number];
const loaded = new Set<Tab>();

function showTab(tab: Tab, focus = false) {
  for (const name of TABS) {
    const button = byId(`tab-${name}`);
    button.setAttribute('aria-selected', String(name === tab));
    button.tabIndex = name === tab ? 0 : -1;
    byId(`panel-${name}`).hidden = name !== tab;
  }
  if (focus) byId(`tab-${tab}`).focus();
  if (location.hash !== `#${tab}`) history.replaceState(null, '', `#${tab}`);
  if (!loaded.has(tab)) {
    loaded.add(tab);
    if (tab === 'overview') {
      void loadOverview();
      setupAnalytics(() => {
        void loadOverview();
        // The other tabs show the new runs when next opened.
        loaded.delete('attention');
        loaded.delete('runs');
      });
    }
    if (tab === 'runs') void loadRuns();
    if (tab === 'attention') void loadAttention();
  }
}

async function loadOverview() {
  const chart = byId('overview-chart');
  try {
    const body = readOverview(await api<unknown>('/overview?days=14'));
    fill(chart, drawChart(layoutChart(body.days)));
    byId('stat-split').textContent = body.splitShipmentRate === null ? '—' : `${(body.splitShipmentRate * 100).toFixed(1)}%`;
    byId('stat-calls').textContent = body.avgAdminCalls === null ? '—' : body.avgAdminCalls.toFixed(1);
    const failures = body.topFailures;
    fill(
      byId('top-failures'),
      failures.length === 0
        ? h('li', {}, 'No failures in this period.')
        : failures.map((f) =>
            h(
              'li',
              {},
              h('strong', {}, f.code),
              ` — ${f.count} ${f.count === 1 ? 'run' : 'runs'}`,
              f.example ? h('div', { class: 'ff-muted' }, f.example) : null,
            ),
          ),
    );
  } catch (error) {
    fill(chart, renderError(error instanceof ApiError ? error : { message: (error as Error).message }));
  }
}

async function loadRuns() {
  const tbody = byId('runs-table').querySelector('tbody')!;
  const status = byId<HTMLSelectElement>('runs-filter').value;
  fill(tbody, h('tr', {}, h('td', { colspan: 7 }, 'Loading…')));
  try {
    const body = await api<any>(`/runs?limit=100${status ? `&status=${encodeURIComponent(status)}` : ''}`);
    const runs: any[] = Array.isArray(body) ? body : (body?.runs ?? []);
    if (runs.length === 0) {
      fill(
        tbody,
        h('tr', {}, h('td', { colspan: 7 }, status ? `No ${status} runs.` : 'No runs yet: send a Flow action (see the README).')),
      );
      return;
    }
    fill(
      tbody,
      runs.map((run) => {
        const id = field(run, 'id');
        const time = field(run, 'createdAt', 'created_at', 'time');
        const outcome = String(field(run, 'status', 'outcome') ?? '');
        const rule = field(run, 'ruleName', 'rule_name', 'rule');
        const version = field(run, 'ruleVersion', 'rule_version');
        const order = orderLabel(field(run, 'orderName', 'order_name'), field(run, 'orderId', 'order_id', 'order'));
        return h(
          'tr',
          { 'data-run-id': id },
          h(
            'td',
            {},
            h(
              'button',
              { type: 'button', class: 'ff-link', 'aria-label': `Open run ${id}`, onclick: () => void openRun(String(id)) },
              time ? new Date(typeof time === 'number' ? time : String(time)).toLocaleString() : String(id),
            ),
          ),
          h('td', {}, String(field(run, 'handle', 'action') ?? '')),
          h('td', {}, order),
          h('td', {}, h('span', { class: `ff-badge ff-${outcome}` }, outcome)),
          h('td', {}, rule ? `${rule} (v${version ?? '?'})` : 'built-in default'),
          h('td', {}, String(field(run, 'adminCallCount', 'admin_call_count', 'adminCalls', 'admin_calls') ?? '—')),
          h('td', {}, formatDuration(field(run, 'durationMs', 'duration_ms'))),
        );
      }),
    );
  } catch (error) {
    fill(tbody, h('tr', {}, h('td', { colspan: 7 }, renderError(error as ApiError))));
  }
}

async function openRun(id: string) {
  const detail = byId('run-detail');
  detail.hidden = false;
  fill(detail, h('p', {}, 'Loading…'));
  try {
    const body = await api<any>(`/runs/${encodeURIComponent(id)}`);
    const run = body?.run ?? body;
    const code = field(run, 'errorCode', 'error_code');
    const message = field(run, 'errorMessage', 'error_message');
    const fix = field(run, 'fix', 'whatToFix', 'what_to_fix', 'hint');
    fill(
      detail,
      h(
        'h3',
        { tabindex: -1, id: 'run-detail-title' },
        `Run ${id}: ${String(field(run, 'handle', 'action') ?? '')} on ${orderLabel(field(run, 'orderName', 'order_name'), field(run, 'orderId', 'order_id', 'order'))} — ${String(field(run, 'status', 'outcome') ?? '')}`,
      ),
      code || message
        ? h(
            'div',
            { class: 'ff-error', role: 'alert' },
            h('p', {}, h('strong', {}, `${String(code ?? 'error')}: `), String(message ?? '')),
            fix ? h('p', {}, h('strong', {}, 'What to fix: '), String(fix)) : null,
          )
        : null,
      renderExplanation(field(run, 'explanation'), field(run, 'plan')),
      h('button', { type: 'button', onclick: () => (detail.hidden = true) }, 'Close run'),
    );
    byId('run-detail-title').focus();
  } catch (error) {
    fill(detail, renderError(error as ApiError));
  }
}

function setupTry() {
  const form = byId<HTMLFormElement>('try-form');
  const out = byId('try-result');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const handle = byId<HTMLSelectElement>('try-action').value;
    const order = parseOrderInput(byId<HTMLInputElement>('try-order').value);
    if (order === null) {
      fill(out, renderError({ code: 'invalid_order', message: 'Enter an order number like #1001, or an order GID.' }));
      return;
    }
    const tracking = byId<HTMLInputElement>('try-tracking').value.trim();
    const properties: Record<string, string> = handle === 'add-tracking' && tracking ? { tracking_number: tracking } : {};
    fill(out, h('p', {}, 'Running…'));
    api<any>('/simulate', { method: 'POST', body: JSON.stringify({ handle, ...order, properties }) })
      .then((body) =>
        fill(
          out,
          h(
            'p',
            { class: 'ff-muted' },
            `Dry run of ${body.handle} on ${orderLabel(body.order_name, body.order_id)} (${body.admin_calls ?? '?'} Admin API calls).`,
          ),
          renderExplanation(body.explanation, body.plan),
        ),
      )
      .catch((error: ApiError) =>
        fill(out, renderError({ code: error.code, message: error.message, details: (error.body as any)?.error?.details })),
      );
  });
}

async function loadShop() {
  try {
    const body = await api<{ shop: string; installed: boolean; scopes: string[]; missingScopes: string[] }>('/shop');
    byId('shop-name').textContent = body.shop;
    if (body.missingScopes?.length) {
      const banner = byId('scope-banner');
      banner.hidden = false;
      banner.textContent = `flowfill is missing the access scopes ${body.missingScopes.join(', ')}: reinstall or update the app's access to grant them.`;
    }
  } catch {
    /* the header keeps what the server rendered */
  }
}

function start() {
  const hints = JSON.parse(byId('flowfill-hints').textContent ?? '{}') as HintData;
  TABS.forEach((tab, index) => {
    const button = byId(`tab-${tab}`);
    button.addEventListener('click', () => showTab(tab));
    button.addEventListener('keydown', (event) => {
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (step !== 0) showTab(TABS[(index + step + TABS.length) % TABS.length]!, true);
    });
  });
  byId('runs-filter').addEventListener('change', () => void loadRuns());
  byId('runs-refresh').addEventListener('click', () => void loadRuns());
  setupTry();
  setupAttention();
  void loadShop();
  setupRules(hints).catch((error: Error) => fill(byId('rule-errors'), h('li', {}, `Could not load the rules: ${error.message}`)));
  const initial = TABS.find((tab) => location.hash === `#${tab}`) ?? 'overview';
  showTab(initial);
  document.body.dataset.ready = 'true';
}

start();
