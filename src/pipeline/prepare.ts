/**
 * The first steps every action run takes, whoever starts it (a Flow delivery, the sweep, a dry run):
 * resolve the action → check the shop → parse its properties → build the Admin client and the
 * action's context. Each refusal
 * says which step refused, so a caller that words it for its own audience (the sweep) can.
 */
import { ACTIONS } from '../actions';
import type { ActionContext, AnyAction } from '../actions/action';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { getShopAccess } from '../db/shops';
import { describeIssues } from '../flow/request';
import type { Logger } from '../log';
import type { ActionHandle } from '../rules/document';
import { loadActiveRules } from '../rules/store';
import type { AdminClient, AdminClientFactory } from '../shopify/client';

/** Parsed step properties: every action's have an order GID; the rest is the action's own. */
export type ActionProperties = { order_id: string } & Record<string, unknown>;

/** Why a run cannot start: the step that refused, and the 4xx answer Flow and the admin API give. */
export interface StartRefusal {
  step: 'shop' | 'action' | 'handle' | 'properties';
  status: 400 | 404;
  code: string;
  message: string;
}

export interface RunRequest {
  shop: string;
  /** The action to run (Flow: the endpoint's handle). */
  handle: string;
  properties: unknown;
  /** Flow only: the handle the signed body names, which must be the endpoint's. */
  sentHandle?: string;
}

export type Prepared =
  | { ok: true; action: AnyAction; properties: ActionProperties; accessToken: string }
  /** `accessToken` is set when the shop check passed (the sweep still fires a trigger for it). */
  | { ok: false; refusal: StartRefusal; accessToken: string | null };

/** Resolves the action, checks the shop and parses the properties; refuses at the first step that fails, in that order. */
export async function prepareRun(db: Database, request: RunRequest): Promise<Prepared> {
  const action = resolveAction(request.handle);
  // Looked up even for an unknown action: the sweep still tells a person about a run it gives up on.
  const accessToken = await installedToken(db, request.shop);
  if ('step' in action) return { ok: false, refusal: action, accessToken };
  if (accessToken === null) return { ok: false, refusal: notInstalled(request.shop), accessToken };
  const checked = checkRequest(action, request);
  if ('step' in checked) return { ok: false, refusal: checked, accessToken };
  return { ok: true, action, properties: checked.data, accessToken };
}

/**
 * The checks of prepareRun that need no database: the body's handle and the properties. A caller
 * that checks the shop in a batch of its own (startRun) runs these first, and on a refusal takes
 * prepareRun's path, so the refusal and its order (shop first) stay the same.
 */
export function checkRequest(
  action: AnyAction,
  request: Pick<RunRequest, 'properties' | 'sentHandle'>,
): { data: ActionProperties } | StartRefusal {
  if (request.sentHandle !== undefined && request.sentHandle !== action.handle) {
    const message = `The body's handle "${request.sentHandle}" does not match this endpoint (${action.handle}).`;
    return { step: 'handle', status: 400, code: 'handle_mismatch', message };
  }
  return parseProperties(action, request.properties);
}

/** The refusal of a run whose shop has not installed the app (404). */
export function notInstalled(shop: string): StartRefusal {
  const message = `${shop} has not installed flowfill (or uninstalled it); install the app, or register the shop with \`flowfill shop add\`.`;
  return { step: 'shop', status: 404, code: 'shop_not_installed', message };
}

/** The action registered under `handle`, or a 404 naming the ones this app has. */
export function resolveAction(handle: string): AnyAction | StartRefusal {
  const action = ACTIONS.get(handle);
  if (action) return action;
  const message = `No Flow action "${handle}"; this app provides: ${[...ACTIONS.keys()].join(', ')}.`;
  return { step: 'action', status: 404, code: 'unknown_action', message };
}

/** The action's own validation of step properties; a 400 names each bad field. */
export function parseProperties(action: AnyAction, properties: unknown): { data: ActionProperties } | StartRefusal {
  const parsed = action.properties.safeParse(properties);
  if (parsed.success) return { data: parsed.data };
  return { step: 'properties', status: 400, code: 'invalid_properties', message: describeIssues(parsed.error, 'properties') };
}

/** The shop's offline access token, or null when it never installed the app or uninstalled it. */
async function installedToken(db: Database, shop: string): Promise<string | null> {
  const access = await getShopAccess(db, shop);
  return access?.installed && access.accessToken ? access.accessToken : null;
}

/**
 * The run's Admin client: its waits (throttle, retries) stop `budgetMs` after `now`; with
 * `longestBudgetMs` (see AdminSession) a run that can never fit the rate limit fails instead.
 */
export function adminClientFor(
  adminClients: AdminClientFactory,
  shop: string,
  accessToken: string,
  now: number,
  budgetMs: number,
  longestBudgetMs?: number,
): AdminClient {
  return adminClients({ shop, accessToken, deadline: now + budgetMs, ...(longestBudgetMs !== undefined ? { longestBudgetMs } : {}) });
}

/**
 * What an action is given to read and decide with, the same for a Flow run and a dry run (a Flow
 * run adds its step recorder); its rules are the shop's current ones.
 */
export function actionContext(
  deps: { db: Database; clock: Clock; logger: Logger },
  shop: string,
  properties: ActionProperties,
  admin: AdminClient,
): Omit<ActionContext<ActionProperties>, 'steps'> {
  return {
    shop,
    properties,
    admin,
    clock: deps.clock,
    logger: deps.logger,
    loadRules: (handle: ActionHandle) => loadActiveRules(deps.db, shop, handle),
  };
}
