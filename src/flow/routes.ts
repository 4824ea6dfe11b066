/** The Flow HTTP layer: body limit, HMAC, parsing, shop lookup, ledger claim, time budget. */
import { Hono, type Context } from 'hono';
import { ACTIONS } from '../actions';
import type { AnyAction } from '../actions/action';
import type { AppDeps } from '../deps';
import { getRun, recordRejectedRun } from '../db/ledger';
import { startRun } from '../db/run-start';
import { getShopAccess } from '../db/shops';
import { limitBody } from '../http/body-limit';
import { waitUntilOf, type WaitUntil } from '../http/wait-until';
import type { ErrorBody } from '../http/error-body';
import { checkRequest, notInstalled, prepareRun, resolveAction } from '../pipeline/prepare';
import { isActionHandle, type ActionHandle } from '../rules/document';
import { loadActiveRules } from '../rules/store';
import { verifyHmac } from './hmac';
import { describeIssues, flowRequestSchema, type FlowRequest } from './request';
import { errorResponse, pendingResponse, refusalResponse, type StoredResponse } from './responses';
import { executeRun } from './runner';

export const MAX_BODY_BYTES = 1024 * 1024;

/** Routes under /flow: the three action endpoints and the validation endpoint. */
export function flowRoutes(deps: AppDeps): Hono {
  const app = new Hono();
  const limit = limitBody(MAX_BODY_BYTES, `The request body is over ${MAX_BODY_BYTES} bytes.`);

  app.post('/actions/:handle', limit, async (c) => {
    const verified = await readSigned(c, deps);
    if ('status' in verified) return send(c, logged(deps, c.req.param('handle'), null, verified));
    const { raw } = verified;
    const action = resolveAction(c.req.param('handle'));
    let response: StoredResponse;
    if ('step' in action) {
      response = await rejected(deps, raw, c.req.param('handle'), refusalResponse(action));
    } else {
      const parsed = flowRequestSchema.safeParse(raw);
      response = parsed.success
        ? await handleAction(deps, action, parsed.data, raw, waitUntilOf(c, deps.waitUntil))
        : await rejected(deps, raw, action.handle, errorResponse(400, 'invalid_request', describeIssues(parsed.error)));
    }
    return send(c, logged(deps, c.req.param('handle'), raw, response));
  });

  app.post('/validate', limit, async (c) => {
    const verified = await readSigned(c, deps);
    if ('status' in verified) return send(c, verified);
    return c.json(await validateStep(deps, verified.raw));
  });

  return app;
}

type Signed = { raw: Record<string, unknown> } | StoredResponse;

/** Raw body → HMAC (401 before anything else) → a JSON object. */
async function readSigned(c: Context, deps: AppDeps): Promise<Signed> {
  const raw = new Uint8Array(await c.req.arrayBuffer());
  if (!(await verifyHmac(raw, c.req.header('X-Shopify-Hmac-Sha256'), deps.secrets.apiSecret))) {
    return errorResponse(
      401,
      'invalid_hmac',
      'The X-Shopify-Hmac-Sha256 header is missing or does not match the body signed with the app secret.',
    );
  }
  if (raw.length === 0) return errorResponse(400, 'empty_body', 'The request body is empty; Flow sends a JSON object.');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
  } catch {
    return errorResponse(400, 'invalid_json', 'The request body is not valid UTF-8 JSON.');
  }
  if (!json || typeof json !== 'object' || Array.isArray(json))
    return errorResponse(400, 'invalid_body', 'The request body must be a JSON object.');
  return { raw: json as Record<string, unknown> };
}

/** A signed, well-formed request for `action`: the run pipeline's checks, the ledger claim, the time budget. */
async function handleAction(
  deps: AppDeps,
  action: AnyAction,
  request: FlowRequest,
  raw: Record<string, unknown>,
  background: WaitUntil,
): Promise<StoredResponse> {
  const shop = request.shopify_domain;
  const checked = checkRequest(action, { properties: request.properties, sentHandle: request.handle });
  if ('step' in checked) {
    // prepareRun checks the shop first: a shop that has not installed the app gets 404 and has no
    // ledger to record the refusal in; an installed one gets the refusal, recorded.
    const prepared = await prepareRun(deps.db, { shop, handle: action.handle, properties: request.properties, sentHandle: request.handle });
    const refusal = prepared.ok ? checked : prepared.refusal;
    const response = refusalResponse(refusal);
    return refusal.step === 'shop' ? response : rejected(deps, raw, action.handle, response, true);
  }
  const properties = checked.data;

  // The shop, the claim, the run's row, its rules and its order lock: one round trip (run-start.ts).
  const now = deps.clock.now();
  const start = await startRun(deps.db, {
    shop,
    actionRunId: request.action_run_id,
    handle: action.handle,
    orderId: properties.order_id,
    properties,
    now,
    leaseMs: deps.config.leaseMs,
    rulesOf: action.handle as ActionHandle,
    lockOrder: action.onePerOrder === true,
  });
  if (!start.installed) return refusalResponse(notInstalled(shop));
  const { claim } = start;
  if (claim.kind === 'finished') return { status: claim.run.responseStatus ?? 200, body: claim.run.responseBody };
  if (claim.kind === 'busy')
    return pendingResponse('in_progress', 'Another delivery of this run is being processed; Flow will re-send it.');

  const execution = executeRun(
    { ...deps, adminBudgetMs: deps.config.runBudgetMs },
    {
      run: claim.run,
      action,
      properties,
      accessToken: start.accessToken,
      rules: start.rules,
      ...(start.locked !== undefined ? { locked: start.locked } : {}),
    },
  );
  return withinBudget(deps.config.timeBudgetMs, execution, background);
}

/**
 * A request refused before its run could start. Where the body names an installed shop and a
 * run id, the refusal is recorded in the ledger so the merchant sees it; a re-send of a run that
 * already has an outcome gets that outcome.
 */
async function rejected(
  deps: AppDeps,
  raw: Record<string, unknown>,
  handle: string,
  response: StoredResponse,
  knownInstalled = false,
): Promise<StoredResponse> {
  const shop = typeof raw.shopify_domain === 'string' ? raw.shopify_domain.trim().toLowerCase() : '';
  const runId = typeof raw.action_run_id === 'string' ? raw.action_run_id : '';
  if (!shop || !runId || runId.length > 255) return response;
  // handleAction has already looked the shop up; the other callers have not.
  if (!knownInstalled && !(await getShopAccess(deps.db, shop))?.installed) return response;
  const existing = await getRun(deps.db, shop, runId);
  if (existing?.responseStatus) return { status: existing.responseStatus, body: existing.responseBody };
  const properties =
    raw.properties && typeof raw.properties === 'object' && !Array.isArray(raw.properties)
      ? (raw.properties as Record<string, unknown>)
      : null;
  const { error } = response.body as ErrorBody;
  await recordRejectedRun(deps.db, {
    shop,
    actionRunId: runId,
    handle: handle.slice(0, 100),
    orderId: properties && 'order_id' in properties ? String(properties.order_id).slice(0, 100) : null,
    properties,
    now: deps.clock.now(),
    responseStatus: response.status,
    responseBody: response.body,
    errorCode: error.code,
    errorMessage: error.message,
  });
  return response;
}

/** Answers 202 when the run outlasts the time budget; the run keeps going and records its outcome. */
async function withinBudget(budgetMs: number, execution: Promise<StoredResponse>, background: WaitUntil): Promise<StoredResponse> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const budget = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), budgetMs);
  });
  const result = await Promise.race([execution, budget]);
  clearTimeout(timer);
  if (result) return result;
  background(execution);
  return pendingResponse(
    'time_budget',
    'The run is still working (Shopify is slow or rate-limiting); Flow will re-send it and get the outcome.',
  );
}

/**
 * Flow's validation_url: checks a step's static properties when the merchant saves the workflow.
 * The order is only known at run time, so `order_id` is not checked here. A `rule` must name one
 * of the shop's rules for this action (the shop is the signed body's shopify_domain).
 */
async function validateStep(deps: AppDeps, raw: Record<string, unknown>): Promise<{ id: string; message: string }[]> {
  const handle = typeof raw.handle === 'string' ? raw.handle : '';
  const action = ACTIONS.get(handle);
  if (!action) return [{ id: 'handle', message: `Unknown action "${handle}".` }];
  const properties = raw.properties && typeof raw.properties === 'object' ? (raw.properties as Record<string, unknown>) : {};
  const result = action.properties.safeParse({ order_id: '1', ...properties, ...('order_id' in properties ? { order_id: '1' } : {}) });
  if (!result.success) {
    // A field holding a Liquid variable ({{ ... }}) is only known at run time, where it is checked.
    const liquid = (key: string) => typeof properties[key] === 'string' && (properties[key] as string).includes('{{');
    const issues = result.error.issues
      .map((issue) => ({ id: String(issue.path[0] ?? 'properties'), message: issue.message }))
      .filter((issue) => !liquid(issue.id));
    if (issues.length > 0) return issues;
  }
  const rule = result.success
    ? (result.data as { rule?: string }).rule
    : typeof properties.rule === 'string'
      ? properties.rule.trim() || undefined
      : undefined;
  const shop = typeof raw.shopify_domain === 'string' ? raw.shopify_domain.trim().toLowerCase() : '';
  if (!rule || !shop || !isActionHandle(handle)) return [];
  const problem = await ruleProblem(deps, shop, handle, rule);
  return problem ? [{ id: 'rule', message: problem }] : [];
}

/** Why `rule` cannot be used by this action in this shop, or null when it names one of its rules. */
async function ruleProblem(deps: AppDeps, shop: string, handle: ActionHandle, rule: string): Promise<string | null> {
  // A Flow text field may hold a Liquid variable ({{ ... }}): its value is only known at run time.
  if (rule.includes('{{')) return null;
  const rules = await loadActiveRules(deps.db, shop);
  if (rules.some((r) => r.action === handle && r.name === rule)) return null;
  const own = rules.filter((r) => r.action === handle).map((r) => `"${r.name}"`);
  const elsewhere = rules.find((r) => r.name === rule);
  const known =
    own.length > 0
      ? `Rules of this action: ${own.join(', ')}.`
      : 'This shop has no flowfill rules for this action yet; leave Rule empty to use the built-in default.';
  const why = elsewhere
    ? `The flowfill rule "${rule}" is a rule of ${elsewhere.action}, not of ${handle}.`
    : `There is no flowfill rule named "${rule}".`;
  return `${why} ${known}`;
}

/** One JSON log line per Flow request: shop, handle, run id and outcome, never the body. */
function logged(deps: AppDeps, handle: string, raw: Record<string, unknown> | null, response: StoredResponse): StoredResponse {
  const error = (response.body as { error?: { code?: string } } | null)?.error;
  const reason = (response.body as { reason?: string } | null)?.reason;
  deps.logger.log(response.status >= 500 ? 'error' : response.status >= 400 ? 'warn' : 'info', 'flow request', {
    shop: typeof raw?.shopify_domain === 'string' ? raw.shopify_domain.slice(0, 255) : undefined,
    handle: handle.slice(0, 100),
    action_run_id: typeof raw?.action_run_id === 'string' ? raw.action_run_id.slice(0, 255) : undefined,
    status: response.status,
    code: error?.code ?? reason,
  });
  return response;
}

function send(c: Context, response: StoredResponse): Response {
  return c.json(response.body as object, response.status as 200);
}
