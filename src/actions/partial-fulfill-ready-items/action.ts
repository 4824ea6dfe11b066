/** "Partially fulfill ready items": read the snapshot, decide which lines are ready, fulfil them where they are. */
import type { RunStep } from '../../db/schema';
import type { ActionContext, ActionDefinition, ActionResult } from '../action';
import { decideFulfillment, decisionInput, type DecisionInput } from '../fulfillment/decide';
import { fulfillmentFacts } from '../fulfillment/facts';
import { executedValue, simulation, unplannedRun } from '../fulfillment/finish';
import { readRun, type FulfillmentRead } from '../fulfillment/read';
import { returnValue, type FulfillmentReturnValue } from '../fulfillment/return-value';
import type { Snapshot } from '../fulfillment/snapshot';
import type { SkippedFulfillmentOrder } from '../fulfillment/status';
import { executePlan } from '../fulfillment/write';
import { orRefuse } from '../refusal';
import { planReadyItems, type LineExplanation } from './plan';
import { partialFulfillReadyItemsProperties, type PartialFulfillReadyItemsProperties } from './properties';

export const HANDLE = 'partial-fulfill-ready-items';

/** Read: the rules, the snapshot, what earlier attempts made. */
function read(context: Omit<ActionContext<PartialFulfillReadyItemsProperties>, 'steps'>, previous: readonly RunStep[]) {
  return readRun(context, HANDLE, { previous });
}

/** Decide (pure): the rule and status, then the planner; a refusal or wait when nothing may be planned. */
function decide(read: FulfillmentRead, input: DecisionInput) {
  return decideFulfillment(read, HANDLE, input, planReadyItems);
}

/** Read → decide → write (one create per location), then the return value. */
async function run(context: ActionContext<PartialFulfillReadyItemsProperties>): Promise<ActionResult> {
  const { previous } = context.steps;
  const { snapshot, earlier, rule, done, planned } = orRefuse(decide(await read(context, previous), decisionInput(context)));
  const ruleName = rule.record?.name ?? null;
  // Our own earlier attempt may have fulfilled what was ready: answered with what it made.
  if (done || !planned)
    return unplannedRun(HANDLE, earlier, snapshot, rule, done, (value) => fulfilled(snapshot, [], done?.skipped ?? [], value));
  const { plan, explanation } = planned;
  if (plan.steps.length === 0 && earlier.fulfillments.length === 0) {
    const value = returnValue('nothing_ready', snapshot, [], {}, ruleName);
    return {
      status: 'noop',
      returnValue: { ...value },
      plan,
      explanation,
      rule: rule.record,
      attention: { reason: explanation.outcome ?? 'nothing ready' },
      facts: fulfillmentFacts(snapshot, value, null, earlier),
    };
  }
  // With no steps, a resumed run whose earlier create went through: the rest is simply not ready.
  const execution = await executePlan(context.admin, context.steps, plan, new Set(earlier.keys));
  explanation.mutations = execution.mutations;
  const value = executedValue(snapshot, execution, plan.fulfils, ruleName, earlier);
  const facts = fulfillmentFacts(snapshot, value, plan, earlier);
  return { ...fulfilled(snapshot, explanation.lines, explanation.skipped, value), plan, explanation, rule: rule.record, facts };
}

/**
 * A run that fulfilled: partial when lines are left. Attention when lines it could have shipped
 * were not ready, or fulfillment orders are blocked (held); not for those left to others by design
 * (pickup, a 3PL, a later schedule).
 */
function fulfilled(
  snapshot: Snapshot,
  lines: readonly LineExplanation[],
  skipped: readonly SkippedFulfillmentOrder[],
  value: FulfillmentReturnValue,
): Pick<ActionResult, 'status' | 'returnValue' | 'attention'> {
  if (value.linesLeft > 0) value.outcome = 'partially_fulfilled';
  const left = lines.filter((l) => l.ready_quantity < l.quantity);
  const blocked = skipped.filter((s) => s.kind === 'blocked');
  const reasons = [
    ...left.map((l) => `${l.sku ?? l.title} (${l.quantity - l.ready_quantity} of ${l.quantity})`),
    ...blocked.map((s) => `${s.location}: ${s.reason}`),
  ];
  return {
    status: 'succeeded',
    returnValue: { ...value },
    attention:
      value.linesLeft > 0 && reasons.length > 0
        ? { reason: `${value.linesLeft} line(s) of ${snapshot.order.name} left unfulfilled: ${reasons.join(', ')}` }
        : null,
  };
}

export const partialFulfillReadyItems: ActionDefinition<PartialFulfillReadyItemsProperties> = {
  handle: HANDLE,
  properties: partialFulfillReadyItemsProperties,
  run,
  simulate: async (context) => simulation(HANDLE, orRefuse(decide(await read(context, []), decisionInput(context)))),
};
