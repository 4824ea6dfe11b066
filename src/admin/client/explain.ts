/** Renders an action's plan and explanation (from a dry run or a recorded run) as readable DOM. */
import { h } from './dom';

/** The explanation of any action, with the error when there is one. */
export function renderExplanation(explanation: any, plan?: unknown): HTMLElement {
  const out = h('div', { class: 'ff-explanation' });
  if (!explanation || typeof explanation !== 'object') {
    out.append(h('p', {}, 'No explanation was recorded.'));
    return out;
  }
  if (explanation.rule?.summary) out.append(h('p', { class: 'ff-rule' }, h('strong', {}, 'Rule: '), explanation.rule.summary));
  if (Array.isArray(explanation.fulfillmentOrders)) {
    for (const fo of explanation.fulfillmentOrders) out.append(renderDecision(fo));
    if (explanation.allowSplit !== undefined) out.append(h('p', {}, `Split allowed: ${explanation.allowSplit ? 'yes' : 'no'}`));
  }
  if (Array.isArray(explanation.lines)) out.append(renderLines(explanation.lines, explanation.outcome));
  if (explanation.target !== undefined) {
    out.append(h('p', { class: 'ff-chosen' }, h('strong', {}, 'Target: '), String(explanation.target)));
    if (explanation.company)
      out.append(
        h(
          'p',
          { 'data-testid': 'carrier' },
          h('strong', {}, 'Carrier: '),
          explanation.company.company ?? 'none',
          ` — ${explanation.company.reason ?? ''}`,
        ),
      );
    if (explanation.url)
      out.append(
        h(
          'p',
          { 'data-testid': 'tracking-url' },
          h('strong', {}, 'Tracking URL: '),
          explanation.url.url ?? 'none',
          explanation.url.url ? ` (from ${explanation.url.source === 'property' ? 'the step' : 'the rule'})` : '',
        ),
      );
    if (explanation.notify)
      out.append(h('p', {}, `Notify customer: ${explanation.notify.notify ? 'yes' : 'no'} (${explanation.notify.source})`));
  }
  if (Array.isArray(explanation.warnings) && explanation.warnings.length > 0) {
    out.append(
      h('h4', {}, 'Warnings'),
      h(
        'ul',
        { class: 'ff-warnings' },
        explanation.warnings.map((warning: string) => h('li', {}, warning)),
      ),
    );
  }
  if (explanation.notifyCustomer)
    out.append(h('p', {}, `Notify customer: ${explanation.notifyCustomer.value ? 'yes' : 'no'} (${explanation.notifyCustomer.source})`));
  if (Array.isArray(explanation.skipped) && explanation.skipped.length > 0) {
    out.append(
      h('h4', {}, 'Skipped fulfillment orders'),
      h(
        'ul',
        {},
        explanation.skipped.map((s: any) => h('li', {}, `${s.id ?? ''} ${s.reason ?? JSON.stringify(s)}`)),
      ),
    );
  }
  if (Array.isArray(explanation.notes) && explanation.notes.length > 0) {
    out.append(
      h('h4', {}, 'Notes'),
      h(
        'ul',
        {},
        explanation.notes.map((note: string) => h('li', {}, note)),
      ),
    );
  }
  const raw = h(
    'details',
    {},
    h('summary', {}, 'Raw plan and explanation (JSON)'),
    h('pre', {}, JSON.stringify({ plan, explanation }, null, 2)),
  );
  out.append(raw);
  return out;
}

function renderDecision(fo: any): HTMLElement {
  const chosen = fo.location?.name ?? 'no location';
  return h(
    'div',
    { class: 'ff-decision' },
    h(
      'p',
      { class: 'ff-chosen', 'data-testid': 'chosen-location' },
      h('strong', {}, 'Chosen location: '),
      chosen,
      ` (${fo.decision ?? '?'}; assigned: ${fo.assigned?.name ?? '—'})`,
    ),
    h('p', {}, fo.reason ?? ''),
    h(
      'table',
      { class: 'ff-table' },
      h('caption', {}, 'Candidates'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Location', 'Eligible', 'Score', 'Distance (km)', 'Lines in stock', 'Reason'].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h(
        'tbody',
        {},
        (fo.candidates ?? []).map((c: any) =>
          h(
            'tr',
            { class: c.id === fo.location?.id ? 'ff-selected' : '' },
            h('td', {}, c.name, c.is_assigned ? ' (assigned)' : ''),
            h('td', {}, c.eligible ? 'yes' : 'no'),
            h('td', {}, c.score === null || c.score === undefined ? '—' : String(c.score)),
            h('td', {}, c.distance_km === null || c.distance_km === undefined ? '—' : Number(c.distance_km).toFixed(0)),
            h('td', {}, String(c.lines_in_stock ?? '—')),
            h('td', {}, c.reason ?? ''),
          ),
        ),
      ),
    ),
    (fo.excluded ?? []).length > 0
      ? h('p', { class: 'ff-muted' }, 'Not candidates: ', (fo.excluded as any[]).map((e) => `${e.name} (${e.reason})`).join('; '))
      : null,
    Array.isArray(fo.lines)
      ? h(
          'ul',
          {},
          fo.lines.map((l: any) => h('li', {}, `${l.title} × ${l.quantity} → ${l.location?.name}: ${l.reason}`)),
        )
      : null,
  );
}

function renderLines(lines: any[], outcome: string | undefined): HTMLElement {
  return h(
    'div',
    {},
    outcome ? h('p', { class: 'ff-chosen' }, outcome) : null,
    h(
      'table',
      { class: 'ff-table' },
      h('caption', {}, 'Lines'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Item', 'SKU', 'Location', 'Quantity', 'Ready', 'Ready quantity', 'Reason'].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h(
        'tbody',
        {},
        lines.map((l) =>
          h(
            'tr',
            {},
            h('td', {}, l.title),
            h('td', {}, l.sku ?? '—'),
            h('td', {}, l.location ?? ''),
            h('td', {}, String(l.quantity)),
            h('td', {}, l.ready ? 'yes' : 'no'),
            h('td', {}, String(l.ready_quantity)),
            h('td', {}, l.reason ?? ''),
          ),
        ),
      ),
    ),
  );
}

/** An API error as a readable block: code, message, and details when given. */
export function renderError(error: { code?: string; message: string; details?: unknown }): HTMLElement {
  return h(
    'div',
    { class: 'ff-error', role: 'alert' },
    h('p', {}, h('strong', {}, error.code ? `${error.code}: ` : 'Error: '), error.message),
    error.details !== undefined ? h('pre', {}, JSON.stringify(error.details, null, 2)) : null,
  );
}
