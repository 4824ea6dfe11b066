/**
 * Dry runs ("simulate"): read and decide only, for the admin page (`POST /api/simulate`) and the
 * CLI (`flowfill simulate`). The Admin client handed to the action refuses mutations, so a dry run
 * cannot change the shop whatever an action does.
 *
 * The order is given by id (`order_id`, what Flow sends) or by name (`order_name`: "#1001", what a
 * merchant types), looked up first.
 *
 * Answers: 200 `{shop, handle, order_id, order_name, plan, explanation}`; a run Flow would get 202 for
 * (fulfillment orders not created yet, temporary hold, throttled) is 409 `pending` with the reason,
 * since there is no plan yet; 422 (business failure) and 503 (Shopify unreachable) like Flow's.
 */
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import { errorBody } from '../http/error-body';
import type { Logger } from '../log';
import { adminErrorAnswer, type AdminAnswer } from '../pipeline/error-answers';
import { actionContext, adminClientFor, parseProperties, prepareRun, type StartRefusal } from '../pipeline/prepare';
import type { AdminClientFactory } from '../shopify/client';
import { findOrderByName, normalizeOrderName } from './order-name';
import { readOnlyAdmin } from './read-only-admin';

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
export type SimulateAnswer = AdminAnswer;

/** Stands in for the order id while the other properties are checked before a name lookup. */
const STAND_IN_ORDER_ID = 'gid://shopify/Order/1';

/** Runs one dry run and maps its outcome like the Flow endpoint does; never throws. */
export async function simulateRun(deps: SimulateDeps, request: SimulateRequest): Promise<SimulateAnswer> {
  const byName = request.orderName !== undefined && request.orderName !== null;
  if (byName && request.orderId !== undefined && request.orderId !== null) {
    return error(400, 'invalid_request', 'Give the order as order_id or as order_name, not both.');
  }
  const orderName = byName ? normalizeOrderName(request.orderName) : null;
  if (byName && orderName === null) {
    return error(
      400,
      'invalid_order_name',
      `${JSON.stringify(request.orderName)} is not an order name: give it as shown in the Shopify admin, e.g. #1001.`,
    );
  }
  // With a name, the other properties are checked before an Admin call is spent on the lookup.
  const prepared = await prepareRun(deps.db, {
    shop: request.shop,
    handle: request.handle,
    properties: { ...request.properties, order_id: orderName !== null ? STAND_IN_ORDER_ID : request.orderId },
  });
  if (!prepared.ok) return refused(prepared.refusal);
  const { action } = prepared;
  const admin = adminClientFor(deps.adminClients, request.shop, prepared.accessToken, deps.clock.now(), deps.adminBudgetMs);
  const logger = deps.logger.child({ shop: request.shop, handle: action.handle, simulate: true });
  try {
    let properties = prepared.properties;
    let foundName: string | null = null;
    if (orderName !== null) {
      const found = await findOrderByName(readOnlyAdmin(admin), orderName);
      if (!found) return error(404, 'order_not_found', `No order ${orderName} in ${request.shop}.`);
      const reparsed = parseProperties(action, { ...request.properties, order_id: found.id });
      if ('step' in reparsed) return refused(reparsed);
      properties = reparsed.data;
      foundName = found.name;
    }
    const result = await action.simulate(actionContext({ ...deps, logger }, request.shop, properties, readOnlyAdmin(admin)));
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
    return adminErrorAnswer(caught, logger);
  }
}

/** The order's name as the action's explanation gives it (`explanation.order`), when the request gave an id. */
function explainedOrderName(explanation: unknown): string | null {
  const order = explanation && typeof explanation === 'object' ? (explanation as { order?: unknown }).order : undefined;
  return typeof order === 'string' ? order : null;
}

function refused(refusal: StartRefusal): SimulateAnswer {
  return error(refusal.status, refusal.code, refusal.message);
}

function error(status: SimulateAnswer['status'], code: string, message: string): SimulateAnswer {
  return { status, body: errorBody(code, message) };
}
