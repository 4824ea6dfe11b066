/** "Fulfill from best location": read the snapshot, choose each fulfillment order's location, move if needed, fulfil. */
import type { RunStep } from '../../db/schema';
import type { ActionContext, ActionDefinition, ActionResult } from '../action';
import { decideFulfillment, decisionInput, type DecisionInput } from '../fulfillment/decide';
import { fulfillmentFacts } from '../fulfillment/facts';
import { executedValue, simulation, unplannedRun } from '../fulfillment/finish';
import { readRun, type FulfillmentRead } from '../fulfillment/read';
import type { FulfillmentReturnValue } from '../fulfillment/return-value';
import type { Snapshot } from '../fulfillment/snapshot';
import { isOpen, type SkippedFulfillmentOrder } from '../fulfillment/status';
import { executePlan, pinnedMoves } from '../fulfillment/write';
import { orRefuse } from '../refusal';
import { planBestLocation } from './plan';
import { fulfillFromBestLocationProperties, type FulfillFromBestLocationProperties } from './properties';

export const HANDLE = 'fulfill-from-best-location';

/** Read: the rules, the snapshot with where each fulfillment order may move, what earlier attempts made. */
function read(context: Omit<ActionContext<FulfillFromBestLocationProperties>, 'steps'>, previous: readonly RunStep[]) {
  return readRun(context, HANDLE, { previous, moves: true });
}

/** Decide (pure): the rule and status, then the planner; a refusal or wait when nothing may be planned. */
function decide(read: FulfillmentRead, input: DecisionInput, previous: readonly RunStep[]) {
  return decideFulfillment(read, HANDLE, input, (planner) =>
    planBestLocation({ ...planner, pinned: pinnedMoves(previous, read.snapshot) }),
  );
}

/** Read → decide → write (the moves and creates), then the return value. */
async function run(context: ActionContext<FulfillFromBestLocationProperties>): Promise<ActionResult> {
  const { previous } = context.steps;
  const { snapshot, earlier, rule, done, planned } = orRefuse(decide(await read(context, previous), decisionInput(context), previous));
  if (done || !planned)
    return unplannedRun(HANDLE, earlier, snapshot, rule, done, (value) => fulfilled(snapshot, done?.skipped ?? [], value));
  const { plan, explanation } = planned;
  const execution = await executePlan(context.admin, context.steps, plan, new Set(earlier.keys));
  explanation.mutations = execution.mutations;
  const value = executedValue(snapshot, execution, plan.fulfils, rule.record?.name ?? null, earlier);
  const facts = fulfillmentFacts(snapshot, value, plan, earlier);
  return { ...fulfilled(snapshot, explanation.skipped, value), plan, explanation, rule: rule.record, facts };
}

/**
 * A run that fulfilled: partial when some fulfillment orders were left with something to fulfil;
 * attention when some of them are blocked (held, a state Shopify does not let this app fulfil).
 * Those left to others by design (pickup, a 3PL, a later schedule) need no person.
 */
function fulfilled(
  snapshot: Snapshot,
  skipped: readonly SkippedFulfillmentOrder[],
  value: FulfillmentReturnValue,
): Pick<ActionResult, 'status' | 'returnValue' | 'attention'> {
  const left = skipped.filter(isOpen);
  if (left.length > 0) value.outcome = 'partially_fulfilled';
  const blocked = left.filter((s) => s.kind === 'blocked');
  return {
    status: 'succeeded',
    returnValue: { ...value },
    attention:
      blocked.length > 0
        ? {
            reason: `${value.linesLeft} line(s) of ${snapshot.order.name} left unfulfilled: ${blocked.map((s) => `${s.location}: ${s.reason}`).join('; ')}`,
          }
        : null,
  };
}

export const fulfillFromBestLocation: ActionDefinition<FulfillFromBestLocationProperties> = {
  handle: HANDLE,
  properties: fulfillFromBestLocationProperties,
  run,
  simulate: async (context) => simulation(HANDLE, orRefuse(decide(await read(context, []), decisionInput(context), []))),
};
