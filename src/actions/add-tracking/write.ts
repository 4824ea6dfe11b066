/**
 * The write of "Add tracking": each mutation recorded as a step before it is sent (a re-sent run
 * recognises its own earlier attempt by the step keys), and the return value Flow receives.
 */
import type { UserError } from '../../shopify/document';
import { mutationRejected } from '../../shopify/errors';
import type { ActionContext, ActionResult, RunFactLocation, RunFacts } from '../action';
import type { TrackingDecision } from './decide';
import { CREATE_FULFILLMENT, UPDATE_TRACKING, type TrackingInfo } from './documents';
import { normaliseTrackingNumber } from './carrier';
import type { TrackingPlan } from './plan';
import type { AddTrackingProperties } from './properties';
import type { TrackingOrder } from './read';

/** Sends the plan (nothing for a no-op, one update, or one fulfillment per location) and gives the run's result with its facts. */
export async function writeTracking(
  context: ActionContext<AddTrackingProperties>,
  decision: TrackingDecision,
  order: TrackingOrder,
): Promise<ActionResult> {
  const result = await send(context, decision, order);
  return { ...result, facts: trackingFacts(order, decision, result.returnValue as ReturnType<typeof returnValue>) };
}

/**
 * Analytics of a tracking run: the company and how it was chosen when the run added the number;
 * the locations it fulfilled at (units not read: fulfil-if-needed fulfils whole fulfillment orders).
 */
function trackingFacts(order: TrackingOrder, decision: TrackingDecision, value: ReturnType<typeof returnValue>): RunFacts {
  const { plan, explanation } = decision;
  const made = value.outcome === 'fulfilled';
  const locations: RunFactLocation[] =
    made && plan.kind === 'create'
      ? plan.groups.map((g) => ({ id: g.locationId, name: g.locationName, role: 'shipped', units: null, distanceKm: null }))
      : [];
  return {
    orderCreatedAt: order.facts.createdAt,
    fulfillments: made ? value.fulfillmentIds.length : 0,
    units: made ? null : 0,
    moves: 0,
    linesLeft: null,
    locations,
    tracking: value.outcome === 'already_present' ? null : { company: value.trackingCompany, source: explanation.company.source },
    notified: value.notified,
  };
}

async function send(
  context: ActionContext<AddTrackingProperties>,
  decision: TrackingDecision,
  order: TrackingOrder,
): Promise<ActionResult> {
  const { properties: props, admin, steps } = context;
  const { plan, explanation, rule, warnings } = decision;
  const base = { plan, explanation, rule: rule.record };
  const extra = { ruleName: rule.record?.name ?? null, warnings };
  if (plan.kind === 'noop') {
    // Our own earlier attempt may have sent it before the process stopped: that is a success,
    // with every fulfillment it made when it fulfilled (they are the ones carrying the number).
    const ours = steps.previous.some((s) => s.key.endsWith(`:${props.tracking_number}`));
    const fulfilledBefore = steps.previous.some((s) => s.name === CREATE_FULFILLMENT.name);
    if (ours && fulfilledBefore)
      return {
        ...base,
        status: 'succeeded',
        returnValue: returnValue('fulfilled', plan.holders, plan.tracking, explanation.notify.notify, extra),
      };
    // Ours: the earlier attempt's update went through, with the notification this run chose.
    return {
      ...base,
      status: ours ? 'succeeded' : 'noop',
      returnValue: returnValue(
        ours ? 'added' : 'already_present',
        [plan.fulfillmentId],
        plan.tracking,
        ours && explanation.notify.notify,
        extra,
      ),
    };
  }
  if (plan.kind === 'update') {
    const result = await steps.run(UPDATE_TRACKING.name, `${plan.fulfillmentId}:${props.tracking_number}`, async () =>
      payloadOrThrow(
        (
          await admin.request(UPDATE_TRACKING, {
            fulfillmentId: plan.fulfillmentId,
            trackingInfoInput: plan.trackingInfoInput,
            notifyCustomer: plan.notifyCustomer,
          })
        ).fulfillmentTrackingInfoUpdate,
        'update the tracking',
      ),
    );
    return {
      ...base,
      status: 'succeeded',
      returnValue: returnValue('added', [result.id], result.trackingInfo, plan.notifyCustomer, extra),
    };
  }
  return { ...base, ...(await fulfil(context, plan, order, extra)) };
}

async function fulfil(
  context: ActionContext<AddTrackingProperties>,
  plan: Extract<TrackingPlan, { kind: 'create' }>,
  order: TrackingOrder,
  extra: ReturnExtra,
): Promise<Omit<ActionResult, 'plan' | 'explanation'>> {
  // Fulfillments an earlier attempt of this run made carry the number already: they are the run's too.
  const number = normaliseTrackingNumber(context.properties.tracking_number);
  const ids: string[] = order.fulfillments
    .filter((f) => f.status !== 'CANCELLED' && f.trackingInfo.some((t) => t.number && normaliseTrackingNumber(t.number) === number))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map((f) => f.id);
  let tracking: TrackingInfo[] = [];
  for (const group of plan.groups) {
    const fulfillment = await context.steps.run(
      CREATE_FULFILLMENT.name,
      `${group.locationId}:${context.properties.tracking_number}`,
      async () =>
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
  return { status: 'succeeded', returnValue: returnValue('fulfilled', ids, tracking, plan.notifyCustomer, extra) };
}

function payloadOrThrow<T extends { id: string; trackingInfo: TrackingInfo[] }>(
  payload: { fulfillment: T | null; userErrors: UserError[] } | null,
  what: string,
): T {
  const errors = payload?.userErrors ?? [];
  if (errors.length > 0 || !payload?.fulfillment) throw mutationRejected(what, errors, 'no fulfillment returned');
  return payload.fulfillment;
}

/** What the return value adds to the tracking: the rule that decided and what the merchant should know. */
interface ReturnExtra {
  ruleName: string | null;
  warnings: string[];
}

function returnValue(
  outcome: 'added' | 'already_present' | 'fulfilled',
  fulfillmentIds: string[],
  tracking: TrackingInfo[],
  notified: boolean,
  extra: ReturnExtra,
) {
  const last = tracking[tracking.length - 1];
  return {
    outcome,
    fulfillmentId: fulfillmentIds[fulfillmentIds.length - 1] ?? null,
    fulfillmentIds,
    trackingNumbers: tracking.map((t) => t.number).filter((n): n is string => !!n),
    trackingCompany: last?.company ?? null,
    trackingUrl: last?.url ?? null,
    notified,
    ruleName: extra.ruleName,
    warnings: extra.warnings,
  };
}
