/**
 * What both rule-driven fulfillment actions decide before their own planner, from what they read
 * and nothing else (pure): the rule, which fulfillment orders are fulfillable, and notify.
 */
import type { ActionHandle } from '../../rules/document';
import { chooseNotify, chooseRule, type ChosenRule } from '../rule-choice';
import { isRefusal, type Refusal } from '../refusal';
import { orderContext } from './context';
import type { PlannerInput } from './plan';
import type { FulfillmentRead } from './read';
import { fulfillmentStatus, type FulfillmentStatus } from './status';

/** The shared decision: `status` done (nothing to plan, `notify` null) or ready for the planner. */
interface Decided {
  rule: ChosenRule;
  status: FulfillmentStatus;
  notify: { notify: boolean; source: string } | null;
  /** The run's time (ISO), as the rules saw it. */
  now: string;
}

/** A decided run: `done` when there is nothing to plan (and `planned` null), else the planner's plan. */
export interface Decision<Planned> extends Pick<FulfillmentRead, 'snapshot' | 'earlier'> {
  rule: ChosenRule;
  done: Extract<FulfillmentStatus, { kind: 'done' }> | null;
  planned: Planned | null;
}

/**
 * The shared decision, then the action's own pure `planner` over the fulfillable fulfillment
 * orders; a refusal or wait from either is the answer.
 */
export function decideFulfillment<Planned extends object>(
  read: FulfillmentRead,
  action: ActionHandle,
  input: DecisionInput,
  planner: (input: PlannerInput) => Planned | Refusal,
): Decision<Planned> | Refusal {
  const { snapshot, earlier } = read;
  const decided = decideRun(read, action, input);
  if (isRefusal(decided)) return decided;
  const { rule, status, notify, now } = decided;
  if (status.kind === 'done') return { snapshot, earlier, rule, done: status, planned: null };
  const planned = planner({
    snapshot,
    fulfillable: status.fulfillable,
    skipped: status.skipped,
    rule: rule.compiled,
    ruleUsed: rule.used,
    notify: notify!,
    now,
  });
  if (isRefusal(planned)) return planned;
  return { snapshot, earlier, rule, done: null, planned };
}

/** What the decision needs besides what was read: the step's properties, the shop and the run's time (ISO). */
export interface DecisionInput {
  properties: { rule?: string; notify_customer?: boolean };
  shop: string;
  now: string;
}

/**
 * The rule is chosen before the status because it says which delivery methods the run handles; a
 * cancelled order, a hold or a schedule is a refusal or a wait.
 */
function decideRun(read: FulfillmentRead, action: ActionHandle, input: DecisionInput): Decided | Refusal {
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

/** The decision's input from an action's context (the run's time read once, here). */
export function decisionInput(context: { properties: DecisionInput['properties']; shop: string; clock: { now(): number } }): DecisionInput {
  return { properties: context.properties, shop: context.shop, now: new Date(context.clock.now()).toISOString() };
}
