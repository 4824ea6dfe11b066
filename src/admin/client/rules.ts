/** The Rules section: CodeMirror editor with inline errors and hints, save, enable/disable, history with diff and restore. */
import { jsonLanguage, json } from '@codemirror/lang-json';
import { linter, lintGutter, forceLinting, type Diagnostic } from '@codemirror/lint';
import type { CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { EditorView, basicSetup } from 'codemirror';
import { diffLines } from 'diff';
import { locateJsonError } from '../../rules/json-text';
import { api, ApiError } from './api';
import { byId, fill, h } from './dom';
import { hintsFor, type HintData } from './hints';
import { lineOf, parseJsonMap, placeAt, pointerRange } from './json-map';

interface RuleError {
  path: string;
  message: string;
}

interface RulesState {
  revision: number;
  /** Saved version of each rule by name. */
  versions: Record<string, number>;
  /** The last text that parsed, for the rule list while the editor holds broken JSON. */
  lastRules: Array<{ name: string; enabled?: boolean }>;
}

/** Turns validation errors into editor diagnostics at their pointer's position (exported for reuse by save). */
export function diagnosticsFor(text: string, errors: RuleError[]): Diagnostic[] {
  const tree = parseJsonMap(text);
  return errors.map((error) => {
    const range = pointerRange(text, error.path, tree) ?? { from: 0, to: Math.min(1, text.length), exact: false };
    // A whole object or list is a big range: mark its first line only, so the marker sits at the line it is about.
    const firstLineEnd = text.indexOf('\n', range.from);
    const to = firstLineEnd !== -1 && firstLineEnd < range.to ? firstLineEnd : range.to;
    return {
      from: range.from,
      to: Math.max(to, range.from),
      severity: 'error',
      message: error.path ? `${error.path}: ${error.message}` : error.message,
      source: 'flowfill',
    };
  });
}

/** Sets up the Rules section; resolves once the document is loaded. */
export async function setupRules(hints: HintData): Promise<void> {
  const state: RulesState = { revision: 0, versions: {}, lastRules: [] };
  const errorList = byId('rule-errors');
  const status = byId('save-status');

  const showErrors = (text: string, diagnostics: Diagnostic[]) => {
    fill(
      errorList,
      diagnostics.map((d) => h('li', { 'data-line': lineOf(text, d.from) }, h('strong', {}, `Line ${lineOf(text, d.from)}: `), d.message)),
    );
  };

  const rulesLinter = linter(
    async (view) => {
      const text = view.state.doc.toString();
      const syntax = locateJsonError(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      let diagnostics: Diagnostic[];
      if (syntax) {
        const from = Math.min(syntax.offset, Math.max(0, text.length - 1));
        diagnostics = [
          { from, to: Math.min(from + 1, text.length), severity: 'error', message: `JSON syntax: ${syntax.message}`, source: 'json' },
        ];
      } else {
        try {
          const result = await api<{ ok: boolean; errors?: RuleError[] }>('/rules/validate', { method: 'POST', body: text });
          diagnostics = result.ok ? [] : diagnosticsFor(text, result.errors ?? []);
        } catch (error) {
          diagnostics = [{ from: 0, to: 0, severity: 'warning', message: `Could not check the rules: ${(error as Error).message}` }];
        }
        updateRuleList(text);
      }
      // The editor may have changed while the server answered; stale diagnostics are dropped by CodeMirror.
      if (view.state.doc.toString() === text) showErrors(text, diagnostics);
      return diagnostics;
    },
    { delay: 300 },
  );

  const complete = (context: CompletionContext): CompletionResult | null => {
    const text = context.state.doc.toString();
    const place = placeAt(text, context.pos);
    const options = hintsFor(place, hints);
    if (options.length === 0) return null;
    if (!context.explicit && place.from === context.pos && !place.inString) return null;
    return {
      from: place.from,
      options: options.map((hint) => ({
        label: hint.label,
        detail: hint.kind === 'variable' ? hint.detail.split(' — ')[0] : undefined,
        info: hint.detail,
        type: hint.kind,
        apply: place.inString ? hint.label : JSON.stringify(hint.label),
      })),
      validFor: /^[\w.\-!=<>+*/%]*$/,
    };
  };

  const view = new EditorView({
    parent: byId('rules-editor'),
    extensions: [
      basicSetup,
      json(),
      jsonLanguage.data.of({ autocomplete: complete }),
      rulesLinter,
      lintGutter(),
      EditorView.contentAttributes.of({ 'aria-labelledby': 'rules-editor-label', 'aria-describedby': 'rule-errors' }),
    ],
  });

  const setText = (text: string) => {
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    forceLinting(view);
  };

  const parseEditor = (): { rules: any[] } | null => {
    try {
      const value = JSON.parse(view.state.doc.toString());
      return value && Array.isArray(value.rules) ? value : null;
    } catch {
      return null;
    }
  };

  function updateRuleList(text: string) {
    try {
      const value = JSON.parse(text);
      if (value && Array.isArray(value.rules)) state.lastRules = value.rules.filter((r: any) => r && typeof r.name === 'string');
    } catch {
      /* keep the last list */
    }
    const tbody = byId('rule-list').querySelector('tbody')!;
    fill(
      tbody,
      state.lastRules.length === 0 ? h('tr', {}, h('td', { colspan: 4 }, 'No rules yet: the actions use their built-in defaults.')) : null,
      state.lastRules.map((rule) =>
        h(
          'tr',
          {},
          h('td', {}, rule.name),
          h('td', { 'data-rule-version': rule.name }, state.versions[rule.name] !== undefined ? `v${state.versions[rule.name]}` : 'new'),
          h(
            'td',
            {},
            h('input', {
              type: 'checkbox',
              checked: rule.enabled !== false,
              'aria-label': `Enabled: ${rule.name}`,
              onchange: (e: Event) => void toggle(rule.name, (e.target as HTMLInputElement).checked),
            }),
          ),
          h(
            'td',
            {},
            state.versions[rule.name] !== undefined
              ? h(
                  'button',
                  { type: 'button', 'aria-label': `History of ${rule.name}`, onclick: () => void showHistory(rule.name) },
                  'History',
                )
              : '—',
          ),
        ),
      ),
    );
  }

  async function load() {
    const body = await api<{ document: unknown; versions: Record<string, number>; revision: number }>('/rules');
    state.revision = body.revision;
    state.versions = body.versions;
    setText(JSON.stringify(body.document, null, 2));
    updateRuleList(view.state.doc.toString());
    status.textContent = '';
  }

  async function save() {
    const text = view.state.doc.toString();
    status.textContent = 'Saving…';
    try {
      const body = await api<any>('/rules', { method: 'PUT', body: text, headers: { 'If-Match': `"rules-${state.revision}"` } });
      state.revision = body.revision;
      state.versions = body.versions;
      setText(JSON.stringify(body.document, null, 2));
      const changes = [...body.summary.added, ...body.summary.changed].map((r: any) => `${r.name} v${r.version}`);
      const retired = body.summary.retired.map((r: any) => r.name);
      status.textContent =
        changes.length + retired.length === 0
          ? 'Saved: nothing changed.'
          : `Saved: ${[...changes, ...retired.map((n: string) => `${n} removed`)].join(', ')}.`;
      updateRuleList(view.state.doc.toString());
    } catch (error) {
      if (error instanceof ApiError && error.code === 'invalid_rules') {
        const errors = (error.body as any)?.error?.errors ?? [];
        showErrors(text, diagnosticsFor(text, errors));
        status.textContent = `Not saved: ${error.message}`;
      } else status.textContent = `Not saved: ${(error as Error).message}`;
    }
  }

  async function toggle(name: string, enabled: boolean) {
    const doc = parseEditor();
    if (!doc) {
      status.textContent = 'Fix the JSON first: the rule list follows the editor.';
      return;
    }
    for (const rule of doc.rules) if (rule?.name === name) rule.enabled = enabled;
    setText(JSON.stringify(doc, null, 2));
    await save();
  }

  async function showHistory(name: string) {
    const panel = byId('history');
    panel.hidden = false;
    fill(panel, h('p', {}, 'Loading…'));
    try {
      const history = await api<{
        name: string;
        current_version: number;
        versions: Array<{ version: number; created_at: string; rule: unknown }>;
      }>(`/rules/${encodeURIComponent(name)}/versions`);
      const versions = [...history.versions].sort((a, b) => b.version - a.version);
      const select = h(
        'select',
        { id: 'history-version' },
        versions.map((v) =>
          h(
            'option',
            { value: v.version },
            `v${v.version} — ${new Date(v.created_at).toLocaleString()}${v.version === history.current_version ? ' (current)' : ''}`,
          ),
        ),
      );
      const diffOut = h('pre', { class: 'ff-diff', 'aria-live': 'polite' });
      const chosen = () => versions.find((v) => String(v.version) === select.value) ?? versions[0];
      const render = () => {
        const version = chosen();
        if (!version) return;
        const current = parseEditor()?.rules.find((r) => r?.name === name);
        const before = JSON.stringify(version.rule, null, 2);
        const after = current === undefined ? '' : JSON.stringify(current, null, 2);
        fill(
          diffOut,
          diffLines(before, after).map((part) =>
            h(
              'span',
              { class: part.added ? 'ff-add' : part.removed ? 'ff-del' : '' },
              part.value.replace(/^(.)/gm, part.added ? '+ $1' : part.removed ? '- $1' : '  $1'),
            ),
          ),
        );
      };
      select.addEventListener('change', render);
      const restore = () => {
        const version = chosen();
        const doc = parseEditor();
        if (!version || !doc) {
          status.textContent = 'Fix the JSON first, then restore.';
          return;
        }
        const index = doc.rules.findIndex((r) => r?.name === name);
        if (index === -1) doc.rules.push(version.rule);
        else doc.rules[index] = version.rule;
        setText(JSON.stringify(doc, null, 2));
        status.textContent = `Version ${version.version} of ${name} is in the editor: Save to keep it.`;
        render();
      };
      fill(
        panel,
        h('h4', {}, `History of ${name}`),
        h('label', { for: 'history-version' }, 'Version'),
        select,
        h('p', { class: 'ff-muted' }, 'Diff from the chosen version (−) to the rule in the editor (+).'),
        diffOut,
        h(
          'div',
          { class: 'ff-actions' },
          h('button', { type: 'button', onclick: restore }, 'Restore this version'),
          h('button', { type: 'button', onclick: () => (panel.hidden = true) }, 'Close history'),
        ),
      );
      render();
    } catch (error) {
      fill(panel, h('p', { class: 'ff-error' }, (error as Error).message));
    }
  }

  byId('save-rules').addEventListener('click', () => void save());
  byId('reload-rules').addEventListener('click', () => void load());
  await load();
}
