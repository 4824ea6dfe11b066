/**
 * The admin JSON API under /api (used by the admin page): the shop's rule document, validation,
 * replacement, each rule's versions, simulate, the run ledger and overview, the attention queue with
 * Retry, sandbox history (sandbox mode), and the shop's install
 * state. The shop always comes from the session token.
 */
import { Hono, type Context } from 'hono';
import type { AppDeps } from '../deps';
import { importRules, loadRuleSet, ruleVersions, toDocument, type ImportSummary, type RuleHistory, type RuleSet } from '../rules/store';
import { validateRuleDocument, type RuleError } from '../rules/validate';
import { sessionAuth, type AdminEnv } from './auth';
import type { SessionTokenVerifier } from './session-token';
import { simulateRoutes } from './simulate';
import { attentionRoutes } from './attention';
import { runsRoutes } from './runs';
import { analyticsRoutes } from './analytics';
import { sandboxRoutes } from './sandbox';
import { missingScopes } from '../auth/scopes';
import { getShopAccess } from '../db/shops';
import { limitBody } from '../http/body-limit';
import { errorBody } from '../http/error-body';

/** Largest request body the rule routes read: the rule document limit (64 KiB). */
export const MAX_RULES_BODY_BYTES = 64 * 1024;

/** Routes under /api. `verify` replaces session token checking (tests of other layers). */
export function adminApi(deps: AppDeps, options: { verify?: SessionTokenVerifier } = {}): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const limit = limitBody(
    MAX_RULES_BODY_BYTES,
    `The request body is over ${MAX_RULES_BODY_BYTES / 1024} KiB, the limit for a rule document.`,
  );

  // Browsers must not second-guess JSON as HTML, whatever the route or outcome (401s included).
  app.use('*', async (c, next) => {
    await next();
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
  });
  app.use('*', sessionAuth(deps, options.verify));

  app.get('/rules', async (c) => {
    const set = await loadRuleSet(deps.db, c.get('shop'));
    c.header('ETag', etag(set.revision));
    return c.json(ruleSetBody(set));
  });

  app.put('/rules', limit, async (c) => {
    const shop = c.get('shop');
    const ifMatch = parseIfMatch(c.req.header('If-Match'));
    if (ifMatch === 'invalid') {
      return c.json(errorBody('invalid_if_match', 'If-Match must be the ETag GET /api/rules returned (like "rules-3"), or *.'), 412);
    }
    const result = await importRules(
      deps.db,
      shop,
      await c.req.text(),
      deps.clock.now(),
      ifMatch === undefined ? {} : { expectedRevision: ifMatch },
    );
    if (!result.ok && result.reason === 'invalid') return invalidRules(c, result.errors);
    if (!result.ok) {
      const message =
        'The rules were changed since you loaded them (in another tab, or by `flowfill rules import`): reload them, then save again.';
      return c.json(errorBody('rules_changed', message, { revision: result.revision }), 412);
    }
    if (result.summary.added.length + result.summary.changed.length + result.summary.retired.length > 0) {
      deps.logger.log('info', 'rules replaced', { shop, revision: result.revision, ...counts(result.summary) });
    }
    const set = await loadRuleSet(deps.db, shop);
    c.header('ETag', etag(set.revision));
    return c.json({ summary: summaryBody(result.summary), ...ruleSetBody(set) });
  });

  app.post('/rules/validate', limit, async (c) => {
    const text = await c.req.text();
    try {
      const result = validateRuleDocument(text);
      return c.json(result.ok ? { ok: true, rules: result.document.rules.length } : { ok: false, errors: result.errors });
    } catch (error) {
      // The validator promises never to throw; if it ever does, this route still answers about the input.
      deps.logger.log('error', 'rule validation threw', { shop: c.get('shop'), error: error instanceof Error ? error : String(error) });
      return c.json({
        ok: false,
        errors: [
          { path: '', message: 'flowfill could not check this document (an internal error, logged); check its JSON and try again.' },
        ],
      });
    }
  });

  app.route('/', attentionRoutes(deps));
  app.route('/', simulateRoutes(deps));
  app.route('/', runsRoutes(deps));
  app.route('/', analyticsRoutes(deps));
  app.route('/', sandboxRoutes(deps));

  // What the admin page needs to tell a merchant about the install: scopes granted and missing.
  app.get('/shop', async (c) => {
    const shop = c.get('shop');
    const access = await getShopAccess(deps.db, shop);
    const scopes = access?.scopes ?? [];
    return c.json({ shop, installed: access?.installed ?? false, scopes, missingScopes: missingScopes(scopes) });
  });

  app.get('/rules/:name/versions', async (c) => {
    const name = c.req.param('name');
    const history = await ruleVersions(deps.db, c.get('shop'), name);
    if (!history) return c.json(errorBody('rule_not_found', `This shop has no rule named ${JSON.stringify(name)}.`), 404);
    return c.json(historyBody(history));
  });

  return app;
}

/** `{document, versions, revision}`: the canonical document, each rule's current version by name, the rule-set revision. */
function ruleSetBody(set: RuleSet) {
  return {
    document: toDocument(set.rules),
    versions: Object.fromEntries(set.rules.map((rule) => [rule.name, rule.version])),
    revision: set.revision,
  };
}

/** The rule set's ETag: its revision, which changes with every stored change. */
function etag(revision: number): string {
  return `"rules-${revision}"`;
}

/** If-Match → the revision it names; undefined when absent or `*`; 'invalid' when it names none. */
function parseIfMatch(header: string | undefined): number | undefined | 'invalid' {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"rules-(\d{1,15})"\s*$/.exec(header);
  return match?.[1] ? Number(match[1]) : 'invalid';
}

function invalidRules(c: Context, errors: RuleError[]) {
  const message = `The rule document has ${errors.length} ${errors.length === 1 ? 'error' : 'errors'}; nothing was changed.`;
  return c.json(errorBody('invalid_rules', message, { errors }), 422);
}

function summaryBody(summary: ImportSummary) {
  const entry = (item: { name: string; version: number; previousVersion?: number }) => ({
    name: item.name,
    version: item.version,
    ...(item.previousVersion !== undefined ? { previous_version: item.previousVersion } : {}),
  });
  return {
    added: summary.added.map(entry),
    changed: summary.changed.map(entry),
    unchanged: summary.unchanged.map(entry),
    retired: summary.retired.map(entry),
  };
}

function historyBody(history: RuleHistory) {
  return {
    name: history.name,
    current_version: history.currentVersion,
    retired_at: history.retiredAt === null ? null : new Date(history.retiredAt).toISOString(),
    versions: history.versions.map((v) => ({ version: v.version, created_at: new Date(v.createdAt).toISOString(), rule: v.rule })),
  };
}

function counts(summary: ImportSummary) {
  return {
    added: summary.added.length,
    changed: summary.changed.length,
    unchanged: summary.unchanged.length,
    retired: summary.retired.length,
  };
}
