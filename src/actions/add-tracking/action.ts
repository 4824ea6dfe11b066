/** "Add tracking": read the order, plan the tracking list, send one mutation per step. */
import { ActionError } from '../../errors';
import type { UserError } from '../../shopify/document';
import type { ActionContext, ActionDefinition, ActionResult, StepRecorder } from '../action';
import { detectCarrier, normaliseCompany } from './carrier';
import {
  CREATE_FULFILLMENT,
  FULFILLMENT_ORDERS_MAX,
  FULFILLMENTS_FIRST_READ,
  FULFILLMENTS_MAX,
  ORDER_FULFILLMENT_ORDERS,
  ORDER_FULFILLMENTS,
  ORDER_TRACKING,
  UPDATE_TRACKING,
  type OrderTrackingData,
  type TrackingInfo,
} from './documents';
import { normaliseNumber, planAddTracking, type CompanyChoice, type TrackingPlan } from './plan';
import { addTrackingProperties, type AddTrackingProperties } from './properties';

export const HANDLE = 'add-tracking';

/** Picks the company: the step's property, else detection from the number's format. */
export function chooseCompany(properties: Pick<AddTrackingProperties, 'tracking_company' | 'tracking_number'>): CompanyChoice {
  if (properties.tracking_company) {
    const exact = normaliseCompany(properties.tracking_company);
    return {
      company: exact ?? properties.tracking_company,
      source: 'property',
      reason: exact
        ? `"Tracking company" of the Flow step (${exact})`
        : `"Tracking company" of the Flow step, passed as written: "${properties.tracking_company}" is not one of Shopify's known carrier names, so Shopify will not build a tracking link from it`,
    };
  }
  const detected = detectCarrier(properties.tracking_number);
  if (detected) return { company: detected.company, source: 'detected', reason: detected.reason };
  return { company: null, source: 'none', reason: 'No company given and the number matches no known carrier format; Shopify guesses the carrier from the number.' };
}

/**
 * Reads the order: one query; a second for the rest of its fulfillments when the first came back
 * full; and, only when fulfil-if-needed will use them, the rest of its fulfillment orders.
 */
async function readOrder(context: Omit<ActionContext<AddTrackingProperties>, 'steps'>): Promise<NonNullable<OrderTrackingData['order']>> {
  const { properties: props, admin } = context;
  const data = await admin.request(ORDER_TRACKING, { id: props.order_id });
  if (!data.order) {
    throw new ActionError('order_not_found', `Order ${props.order_id} was not found in ${context.shop}. Check the order reference of the Flow step.`);
  }
  let order = data.order;
  if (order.fulfillments.length >= FULFILLMENTS_FIRST_READ) {
    const all = (await admin.request(ORDER_FULFILLMENTS, { id: props.order_id })).order?.fulfillments ?? order.fulfillments;
    if (all.length >= FULFILLMENTS_MAX) {
      // Shopify gives no more at once and cannot page this list: the newest may be among the rest.
      throw new ActionError(
        'order_too_large',
        `Order ${order.name} has ${FULFILLMENTS_MAX} or more fulfillments; flowfill reads at most ${FULFILLMENTS_MAX} and could not tell which is the most recent. Add this tracking number in the Shopify admin.`,
      );
    }
    order = { ...order, fulfillments: all };
  }
  if (props.fulfill_if_needed && order.fulfillmentOrders.pageInfo.hasNextPage) {
    const nodes = [...order.fulfillmentOrders.nodes];
    let after = order.fulfillmentOrders.pageInfo.endCursor;
    while (after) {
      if (nodes.length >= FULFILLMENT_ORDERS_MAX) {
        throw new ActionError(
          'order_too_large',
          `Order ${order.name} has more than ${FULFILLMENT_ORDERS_MAX} fulfillment orders; flowfill reads at most ${FULFILLMENT_ORDERS_MAX} and will not fulfil part of them. Nothing was changed.`,
        );
      }
      const page = (await admin.request(ORDER_FULFILLMENT_ORDERS, { id: props.order_id, after })).order?.fulfillmentOrders;
      if (!page) break;
      nodes.push(...page.nodes);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    }
    order = { ...order, fulfillmentOrders: { nodes, pageInfo: { hasNextPage: false, endCursor: null } } };
  }
  return order;
}

/** Read and decide: the order, then the pure planner. */
async function decide(context: Omit<ActionContext<AddTrackingProperties>, 'steps'>, previous: StepRecorder['previous']) {
  const { properties: props } = context;
  const order = await readOrder(context);
  const planned = planAddTracking({
    order,
    trackingNumber: props.tracking_number,
    trackingUrl: props.tracking_url,
    company: chooseCompany(props),
    notifyCustomer: props.notify_customer ?? false,
    fulfillIfNeeded: props.fulfill_if_needed ?? false,
    resumingCreate: previous.some((s) => s.name === CREATE_FULFILLMENT.name),
  });
  return { ...planned, order };
}

async function run(context: ActionContext<AddTrackingProperties>): Promise<ActionResult> {
  const { properties: props, admin, steps } = context;
  const { plan, explanation, order } = await decide(context, steps.previous);
  const base = { plan, explanation };
  if (plan.kind === 'noop') {
    // Our own earlier attempt may have sent it before the process stopped: that is a success,
    // with every fulfillment it made when it fulfilled (they are the ones carrying the number).
    const ours = steps.previous.some((s) => s.key.endsWith(`:${props.tracking_number}`));
    const fulfilledBefore = steps.previous.some((s) => s.name === CREATE_FULFILLMENT.name);
    if (ours && fulfilledBefore) return { ...base, status: 'succeeded', returnValue: returnValue('fulfilled', plan.holders, plan.tracking, props.notify_customer ?? false) };
    return { ...base, status: ours ? 'succeeded' : 'noop', returnValue: returnValue(ours ? 'added' : 'already_present', [plan.fulfillmentId], plan.tracking, false) };
  }
  if (plan.kind === 'update') {
    const result = await steps.run(UPDATE_TRACKING.name, `${plan.fulfillmentId}:${props.tracking_number}`, async () =>
      payloadOrThrow(
        (await admin.request(UPDATE_TRACKING, { fulfillmentId: plan.fulfillmentId, trackingInfoInput: plan.trackingInfoInput, notifyCustomer: plan.notifyCustomer }))
          .fulfillmentTrackingInfoUpdate,
        'update the tracking',
      ),
    );
    return { ...base, status: 'succeeded', returnValue: returnValue('added', [result.id], result.trackingInfo, plan.notifyCustomer) };
  }
  return { ...base, ...(await fulfil(context, plan, order)) };
}

async function fulfil(
  context: ActionContext<AddTrackingProperties>,
  plan: Extract<TrackingPlan, { kind: 'create' }>,
  order: NonNullable<OrderTrackingData['order']>,
): Promise<Omit<ActionResult, 'plan' | 'explanation'>> {
  // Fulfillments an earlier attempt of this run made carry the number already: they are the run's too.
  const number = normaliseNumber(context.properties.tracking_number);
  const ids: string[] = order.fulfillments
    .filter((f) => f.status !== 'CANCELLED' && f.trackingInfo.some((t) => t.number && normaliseNumber(t.number) === number))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map((f) => f.id);
  let tracking: TrackingInfo[] = [];
  for (const group of plan.groups) {
    const fulfillment = await context.steps.run(CREATE_FULFILLMENT.name, `${group.locationId}:${context.properties.tracking_number}`, async () =>
      payloadOrThrow(
        (
          await context.admin.request(CREATE_FULFILLMENT, {
            fulfillment: {
              lineItemsByFulfillmentOrder: group.fulfillmentOrderIds.map((fulfillmentOrderId) => ({ fulfillmentOrderId })),
              notifyCustomer: plan.notifyCustomer,
              trackingInfo: plan.trackingInfo,
            },
          })
        ).fulfillmentCreate,
        `fulfill the items at ${group.locationName}`,
      ),
    );
    ids.push(fulfillment.id);
    tracking = fulfillment.trackingInfo;
  }
  return { status: 'succeeded', returnValue: returnValue('fulfilled', ids, tracking, plan.notifyCustomer) };
}

function payloadOrThrow<T extends { id: string; trackingInfo: TrackingInfo[] }>(
  payload: { fulfillment: T | null; userErrors: UserError[] } | null,
  what: string,
): T {
  const errors = payload?.userErrors ?? [];
  if (errors.length > 0 || !payload?.fulfillment) {
    const messages = errors.map((e) => e.message).join('; ') || 'no fulfillment returned';
    throw new ActionError('shopify_rejected', `Shopify refused to ${what}: ${messages}`, 422, { userErrors: errors });
  }
  return payload.fulfillment;
}

function returnValue(outcome: 'added' | 'already_present' | 'fulfilled', fulfillmentIds: string[], tracking: TrackingInfo[], notified: boolean) {
  const last = tracking[tracking.length - 1];
  return {
    outcome,
    fulfillmentId: fulfillmentIds[fulfillmentIds.length - 1] ?? null,
    fulfillmentIds,
    trackingNumbers: tracking.map((t) => t.number).filter((n): n is string => !!n),
    trackingCompany: last?.company ?? null,
    trackingUrl: last?.url ?? null,
    notified,
  };
}

export const addTracking: ActionDefinition<AddTrackingProperties> = {
  handle: HANDLE,
  properties: addTrackingProperties,
  run,
  simulate: async (context) => {
    const { plan, explanation } = await decide(context, []);
    return { plan, explanation };
  },
};
