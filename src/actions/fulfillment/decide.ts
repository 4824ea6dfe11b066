/**
 * What both rule-driven fulfillment actions decide before their own planner, from what they read
 * and nothing else (pure): the rule, which fulfillment orders are fulfillable, and notify.
 */
import type { ActionHandle } from '../../rules/document';
import { chooseNotify, chooseRule, type ChosenRule } from '../rule-choice';
import { isRefusal, type Refusal } from '../refusal';
import { orderContext } from './context';
import type { FulfillmentRead } from './read';
import { fulfillmentStatus, type FulfillmentStatus } from './status';

/** The shared decision: `status` done (nothing to plan, `notify` null) or ready for the planner. */
export interface Decided {
  rule: ChosenRule;
  status: FulfillmentStatus;
  notify: { notify: boolean; source: string } | null;
  /** The run's time (ISO), as the rules saw it. */
  now: string;
}

/**
 * The rule is chosen before the status because it says which delivery methods the run handles; a
 * cancelled order, a hold or a schedule is a refusal or a wait.
 */
export function decideRun(
  read: FulfillmentRead,
  action: ActionHandle,
  input: { properties: { rule?: string; notify_customer?: boolean }; shop: string; now: string },
): Decided | Refusal {
  const { snapshot, earlier, rules } = read;
  const { now } = input;
  const order = orderContext(snapshot);
  const rule = chooseRule(rules, action, { order, now }, input.properties.rule, input.shop);
  const deliveryMethods = rule.compiled?.deliveryMethods;
  const resumingCreate = earlier.fulfillments.length > 0;
  const status = fulfillmentStatus(snapshot, { resumingCreate, now, ...(deliveryMethods ? { deliveryMethods } : {}) });
  if (isRefusal(status)) return status;
  const notify = status.kind === 'done' ? null : chooseNotify(input.properties.notify_customer, rule.compiled, { order, now });
  return { rule, status, notify, now };
}

/** The inputs of `decideRun` besides what was read: the step's properties, the shop and the run's time. */
export function decisionInput<P extends { rule?: string; notify_customer?: boolean }>(context: {
  properties: P;
  shop: string;
  clock: { now(): number };
}): { properties: P; shop: string; now: string } {
  return { properties: context.properties, shop: context.shop, now: new Date(context.clock.now()).toISOString() };
}
