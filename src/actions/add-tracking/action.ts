/** "Add tracking": read the order, choose the rule, the company and the URL, plan the tracking list, send one mutation per step. */
import { EXPRESSION_KEYS, type Rule } from '../../rules/document';
import { mayRead, variablesRead } from '../../rules/variables';
import type { TrackingContext } from '../../rules/context';
import type { UserError } from '../../shopify/document';
import { mutationRejected } from '../../shopify/errors';
import type { ActionContext, ActionDefinition, ActionResult, StepRecorder } from '../action';
import { orderContextOf } from '../order';
import { chooseRule, type ChosenRule } from '../rule-choice';
import { detectCarrier, type CarrierDetection } from './carrier';
import { chooseTracking, stepOrDetected, type TrackingChoice } from './choice';
import { CREATE_FULFILLMENT, FULFILLMENT_ORIGIN, UPDATE_TRACKING, type TrackingInfo } from './documents';
import { locateTarget, normaliseNumber, originCountry, planTracking, type Target, type TrackingPlan } from './plan';
import { addTrackingProperties, type AddTrackingProperties } from './properties';
import { readTrackingOrder, type TrackingOrder } from './read';

export const HANDLE = 'add-tracking';

/** Whether any of the shop's add-tracking rules may read the order's line figures (only then are the lines read). */
function needsLineCounts(rules: readonly Rule[]): boolean {
  return rules.some((rule) =>
    EXPRESSION_KEYS.some((key) => {
      if (rule[key] === undefined) return false;
      const read = variablesRead(rule[key]);
      return mayRead(read, 'order.line_count') || mayRead(read, 'order.total_quantity');
    }),
  );
}

export interface TrackingExplanation {
  order: string;
  target: string;
  rule: ChosenRule['used'];
  ruleSelection: ChosenRule['selection'];
  company: TrackingChoice['company'];
  url: TrackingChoice['url'];
  notify: TrackingChoice['notify'];
  companyConflict: TrackingChoice['conflict'];
  notes: string[];
  warnings: string[];
}

/**
 * Read and decide: the rules, the order, where the number goes, the carrier detected for it (with
 * the country it leaves from), the rule that applies, then the pure planner.
 */
async function decide(context: Omit<ActionContext<AddTrackingProperties>, 'steps'>, previous: StepRecorder['previous']) {
  const { properties: props } = context;
  const rules = await context.loadRules('add-tracking');
  const fulfillIfNeeded = props.fulfill_if_needed ?? false;
  const order = await readTrackingOrder(context.admin, context.shop, props.order_id, {
    fulfillmentOrders: fulfillIfNeeded,
    lineCounts: needsLineCounts(rules),
  });
  const target = locateTarget({
    order,
    trackingNumber: props.tracking_number,
    fulfillIfNeeded,
    resumingCreate: previous.some((s) => s.name === CREATE_FULFILLMENT.name),
    now: context.clock.now(),
  });
  const detection = await detect(context, props.tracking_number, target, order);
  const tracking: TrackingContext = {
    number: props.tracking_number,
    company: stepOrDetected(props, detection),
    url: props.tracking_url ?? null,
  };
  const data = { order: orderContextOf(order.facts), tracking, now: new Date(context.clock.now()).toISOString() };
  const rule = chooseRule(rules, 'add-tracking', data, props.rule, context.shop);
  const choice = chooseTracking(props, rule, data, detection);
  const { plan, notes, warnings } = planTracking(target, props.tracking_number, choice);
  const explanation: TrackingExplanation = {
    order: order.name,
    target: describeTarget(target),
    rule: rule.used,
    ruleSelection: rule.selection,
    company: choice.company,
    url: choice.url,
    notify: choice.notify,
    companyConflict: choice.conflict,
    notes,
    warnings,
  };
  return { plan, explanation, order, rule, warnings };
}

/**
 * Detection from the number's format, with the country the parcel leaves from. For an existing
 * fulfillment that country is read (one small query) only when a format fits but the country
 * must decide (two carriers' formats, or a plain one a carrier uses only in some countries), so
 * the common case stays one read.
 */
async function detect(
  context: Omit<ActionContext<AddTrackingProperties>, 'steps'>,
  number: string,
  target: Target,
  order: TrackingOrder,
): Promise<CarrierDetection> {
  const destinationCountry = order.facts.shippingAddress?.countryCode ?? null;
  const first = detectCarrier(number, { originCountry: originCountry(target), destinationCountry });
  // The step's own company wins over detection: no read for a carrier that will not be used.
  if (context.properties.tracking_company || first.company !== null || first.candidates.length === 0 || target.kind !== 'update')
    return first;
  const origin =
    (await context.admin.request(FULFILLMENT_ORIGIN, { id: target.fulfillment.id })).fulfillment?.location?.address.countryCode ?? null;
  return origin ? detectCarrier(number, { originCountry: origin, destinationCountry }) : first;
}

function describeTarget(target: Target): string {
  if (target.kind === 'noop') return `${target.holder.name} already has this tracking number; nothing to do`;
  if (target.kind === 'update') return `add to ${target.fulfillment.name}, the most recent fulfillment that is not cancelled`;
  return `fulfill ${target.groups.reduce((n, g) => n + g.fulfillmentOrderIds.length, 0)} open fulfillment order(s) at ${target.groups.map((g) => g.locationName).join(', ')} with this tracking`;
}

async function run(context: ActionContext<AddTrackingProperties>): Promise<ActionResult> {
  const { properties: props, admin, steps } = context;
  const { plan, explanation, order, rule, warnings } = await decide(context, steps.previous);
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
  const number = normaliseNumber(context.properties.tracking_number);
  const ids: string[] = order.fulfillments
    .filter((f) => f.status !== 'CANCELLED' && f.trackingInfo.some((t) => t.number && normaliseNumber(t.number) === number))
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

export const addTracking: ActionDefinition<AddTrackingProperties> = {
  handle: HANDLE,
  properties: addTrackingProperties,
  // fulfillmentTrackingInfoUpdate replaces the whole list: two runs at once would lose a number.
  onePerOrder: true,
  run,
  simulate: async (context) => {
    const { plan, explanation } = await decide(context, []);
    return { plan, explanation };
  },
};
