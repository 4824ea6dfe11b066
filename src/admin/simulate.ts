/**
 * Dry runs ("simulate"): read and decide only, for the admin page (`POST /api/simulate`) and the
 * CLI (`flowfill simulate`). The Admin client handed to the action refuses mutations, so a dry run
 * cannot change the shop whatever an action does.
 *
 * The order is given by id (`order_id`, what Flow sends) or by name (`order_name`: "#1001", what a
 * merchant types). A name is not an id on a real store, so it is looked up first (ORDER_BY_NAME).
 *
 * Answers: 200 `{shop, handle, order_id, order_name, plan, explanation}`; a run Flow would get 202 for
 * (fulfillment orders not created yet, temporary hold, throttled) is 409 `pending` with the reason,
 * since there is no plan yet; 422 (business failure) and 503 (Shopify unreachable) like Flow's.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { ACTIONS } from '../actions';
import type { SimulationResult } from '../actions/action';
import type { AppDeps } from '../app';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { getShopAccess } from '../db/shops';
import { ActionError, PendingError, TransientError } from '../errors';
import { describeIssues } from '../flow/request';
import type { Logger } from '../log';
import type { ActionHandle } from '../rules/document';
import { loadActiveRules } from '../rules/store';
import type { AdminClient, AdminClientFactory } from '../shopify/client';
import type { AdminEnv } from './auth';
import { ORDER_BY_NAME } from './documents';

export interface SimulateDeps {
  db: Database;
  adminClients: AdminClientFactory;
  clock: Clock;
  logger: Logger;
  /** How long Admin API waits (throttling, retries) may take before the dry run gives up as pending. */
  adminBudgetMs: number;
}

export interface SimulateRequest {
  shop: string;
  handle: string;
  /** Flow's order reference: a GID or a numeric id. */
  orderId?: unknown;
  /** Or the order's name as merchants see it ("#1001", "1001"), looked up through the Admin API. */
  orderName?: unknown;
  properties?: Record<string, unknown>;
}

/** An HTTP-shaped answer, shared by the API route and the CLI. */
export interface SimulateAnswer {
  status: 200 | 400 | 404 | 409 | 413 | 422 | 500 | 503;
  body: unknown;
}

/** Thrown by the read-only client when an action tries to send a mutation during a dry run. */
export class MutationInDryRunError extends Error {
  constructor(name: string) {
    super(`A dry run tried to send the mutation ${name}; simulate never mutates.`);
    this.name = 'MutationInDryRunError';
  }
}

/** The same client with mutations refused before they leave the process. */
export function readOnlyAdmin(admin: AdminClient): AdminClient {
  return {
    get calls() {
      return admin.calls;
    },
    get accessDenied() {
      return admin.accessDenied;
    },
    request(document, variables, options) {
      if (document.kind !== 'query') return Promise.reject(new MutationInDryRunError(document.name));
      return admin.request(document, variables, options);
    },
  };
}

/** "#1001" or "1001" → "#1001"; another shop's naming ("EU1001", "#1001-A") stays; null when it cannot be an order name. */
export function normalizeOrderName(input: unknown): string | null {
  if (typeof input === 'number' && Number.isSafeInteger(input) && input > 0) return `#${input}`;
  if (typeof input !== 'string') return null;
  const text = input.trim();
  // Letters, digits, `#`, `-`, `.` and `_` only: the name goes into a search query unquoted.
  if (!/^#?[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(text)) return null;
  return /^\d+$/.test(text) ? `#${text}` : text;
}

/** The Admin search query that finds an order by name (Shopify's `name:` filter of QueryRoot.orders). */
export function orderNameQuery(name: string): string {
  return `name:${name}`;
}

/** The order's GID and name, or null when the shop has no order of that name. */
export async function findOrderByName(admin: AdminClient, name: string): Promise<{ id: string; name: string } | null> {
  const data = await admin.request(ORDER_BY_NAME, { query: orderNameQuery(name) });
  const found = data.orders.nodes[0];
  // Shopify's search can match loosely; only the order of exactly this name is the one meant.
  const comparable = (n: string) => n.replace(/^#/, '').toLowerCase();
  return found && comparable(found.name) === comparable(name) ? found : null;
}

/** Runs one dry run and maps its outcome like the Flow endpoint does; never throws. */
export async function simulateRun(deps: SimulateDeps, request: SimulateRequest): Promise<SimulateAnswer> {
  const action = ACTIONS.get(request.handle);
  if (!action) {
    return error(404, 'unknown_action', `No Flow action "${request.handle}"; this app provides: ${[...ACTIONS.keys()].join(', ')}.`);
  }
  const byName = request.orderName !== undefined && request.orderName !== null;
  if (byName && request.orderId !== undefined && request.orderId !== null) {
    return error(400, 'invalid_request', 'Give the order as order_id or as order_name, not both.');
  }
  const orderName = byName ? normalizeOrderName(request.orderName) : null;
  if (byName && orderName === null) {
    return error(400, 'invalid_order_name', `${JSON.stringify(request.orderName)} is not an order name: give it as shown in the Shopify admin, e.g. #1001.`);
  }
  const schema = action.properties as z.ZodType<{ order_id: string } & Record<string, unknown>>;
  // With a name, check the other properties before spending an Admin call on the lookup (the
  // stand-in id is replaced by the real one once found).
  const parsed = schema.safeParse({ ...request.properties, order_id: orderName !== null ? 'gid://shopify/Order/1' : request.orderId });
  if (!parsed.success) return error(400, 'invalid_properties', describeIssues(parsed.error, 'properties'));
  const access = await getShopAccess(deps.db, request.shop);
  if (!access?.installed || !access.accessToken) {
    return error(404, 'shop_not_installed', `${request.shop} has not installed flowfill (or uninstalled it); install the app, or register the shop with \`flowfill shop add\`.`);
  }
  const started = deps.clock.now();
  const admin = deps.adminClients({ shop: request.shop, accessToken: access.accessToken, deadline: started + deps.adminBudgetMs });
  const logger = deps.logger.child({ shop: request.shop, handle: action.handle, simulate: true });
  try {
    let properties = parsed.data;
    let foundName: string | null = null;
    if (orderName !== null) {
      const found = await findOrderByName(readOnlyAdmin(admin), orderName);
      if (!found) return error(404, 'order_not_found', `No order ${orderName} in ${request.shop}.`);
      const reparsed = schema.safeParse({ ...request.properties, order_id: found.id });
      if (!reparsed.success) return error(400, 'invalid_properties', describeIssues(reparsed.error, 'properties'));
      properties = reparsed.data;
      foundName = found.name;
    }
    const result: SimulationResult = await action.simulate({
      shop: request.shop,
      properties,
      admin: readOnlyAdmin(admin),
      clock: deps.clock,
      logger,
      loadRules: (handle: ActionHandle) => loadActiveRules(deps.db, request.shop, handle),
    });
    return {
      status: 200,
      body: {
        shop: request.shop,
        handle: action.handle,
        order_id: properties.order_id,
        order_name: foundName ?? explainedOrderName(result.explanation),
        plan: result.plan,
        explanation: result.explanation,
        admin_calls: admin.calls.length,
      },
    };
  } catch (caught) {
    if (caught instanceof ActionError) {
      return { status: caught.status, body: { error: { code: caught.code, message: caught.message, ...(caught.details !== undefined ? { details: caught.details } : {}) } } };
    }
    if (caught instanceof PendingError) {
      return { status: 409, body: { error: { code: 'pending', reason: caught.reason, message: `${caught.message} (Flow would get 202 and re-send the step later.)` } } };
    }
    if (caught instanceof TransientError) return error(503, caught.code, caught.message);
    logger.log('error', 'simulate crashed', { error: caught instanceof Error ? caught : String(caught) });
    return error(500, 'internal_error', 'flowfill hit an unexpected error; the details are in the server log.');
  }
}

/** The order's name as the action's explanation gives it (`explanation.order`), when the request gave an id. */
function explainedOrderName(explanation: unknown): string | null {
  const order = explanation && typeof explanation === 'object' ? (explanation as { order?: unknown }).order : undefined;
  return typeof order === 'string' ? order : null;
}

const simulateBody = z.object({
  handle: z.string({ error: 'is required: the action handle, e.g. add-tracking' }).min(1, 'is required: the action handle, e.g. add-tracking'),
  order_id: z.unknown().optional(),
  order_name: z.unknown().optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});

/** `POST /simulate` under the admin API: `{handle, order_id | order_name, properties?}` for the session's shop. */
export function simulateRoutes(deps: AppDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  const limit = bodyLimit({
    maxSize: 64 * 1024,
    onError: (c) => c.json({ error: { code: 'body_too_large', message: 'The request body is over 64 KiB.' } }, 413),
  });
  app.post('/simulate', limit, async (c) => {
    let json: unknown;
    try {
      json = await c.req.json();
    } catch {
      return c.json({ error: { code: 'invalid_json', message: 'The request body must be JSON: {"handle", "order_id" or "order_name", "properties"}.' } }, 400);
    }
    const body = simulateBody.safeParse(json);
    if (!body.success) return c.json({ error: { code: 'invalid_request', message: describeIssues(body.error) } }, 400);
    const answer = await simulateRun(
      { db: deps.db, adminClients: deps.adminClients, clock: deps.clock, logger: deps.logger, adminBudgetMs: deps.config.adminBudgetMs },
      { shop: c.get('shop'), handle: body.data.handle, orderId: body.data.order_id, orderName: body.data.order_name, ...(body.data.properties ? { properties: body.data.properties } : {}) },
    );
    return c.json(answer.body as object, answer.status);
  });
  return app;
}

function error(status: SimulateAnswer['status'], code: string, message: string): SimulateAnswer {
  return { status, body: { error: { code, message } } };
}
