/** "Fulfill from best location": read the snapshot, choose each fulfillment order's location, move if needed, fulfil. */
import type { RunStep } from '../../db/schema';
import type { ActionContext, ActionDefinition, ActionResult } from '../action';
import { createdBefore, executePlan, pinnedMoves } from '../fulfillment/execute';
import { prepare } from '../fulfillment/plan';
import { returnValue } from '../fulfillment/result';
import { planBestLocation } from './plan';
import { fulfillFromBestLocationProperties, type FulfillFromBestLocationProperties } from './properties';

export const HANDLE = 'fulfill-from-best-location';

type ReadContext = Omit<ActionContext<FulfillFromBestLocationProperties>, 'steps'>;

/** Read and decide: the snapshot, the status checks, the rule, then the pure planner. */
async function decide(context: ReadContext, previous: readonly RunStep[]) {
  const { snapshot, status, now, rule, notify } = await prepare(context, HANDLE);
  if (status.kind === 'done') return { snapshot, rule, done: status, planned: null };
  const planned = planBestLocation({
    snapshot,
    fulfillable: status.fulfillable,
    skipped: status.skipped,
    rule: rule.compiled,
    ruleUsed: rule.used,
    notify: notify!,
    now,
    pinned: pinnedMoves(previous, snapshot),
  });
  return { snapshot, rule, done: null, planned };
}

async function run(context: ActionContext<FulfillFromBestLocationProperties>): Promise<ActionResult> {
  const { snapshot, rule, done, planned } = await decide(context, context.steps.previous);
  const ruleName = rule.record?.name ?? null;
  if (done || !planned) {
    // Our own earlier attempt may have fulfilled it before its answer was lost: that is a success.
    const ours = createdBefore(context.steps.previous);
    const explanation = { action: HANDLE, order: snapshot.order.name, rule: rule.used, outcome: done?.reason, skipped: done?.skipped ?? [], notes: snapshot.notes, mutations: [] };
    const outcome = ours ? 'fulfilled' : done?.reason.startsWith('everything') ? 'already_fulfilled' : 'nothing_to_fulfill';
    return {
      status: ours ? 'succeeded' : 'noop',
      returnValue: { ...returnValue(outcome, snapshot, [], {}, ruleName) },
      plan: { steps: [] },
      explanation,
      rule: rule.record,
      attention: outcome === 'nothing_to_fulfill' ? { reason: done?.reason ?? 'nothing to fulfill' } : null,
    };
  }
  const { plan, explanation } = planned;
  const execution = await executePlan(context.admin, context.steps, plan);
  explanation.mutations = execution.mutations;
  const value = returnValue(planned.explanation.skipped.some((s) => s.reason !== 'nothing left to fulfill' && s.reason !== 'cancelled') ? 'partially_fulfilled' : 'fulfilled', snapshot, execution.fulfillments, plan.fulfils, ruleName);
  return {
    status: 'succeeded',
    returnValue: { ...value },
    plan,
    explanation,
    rule: rule.record,
    attention: value.linesLeft > 0 ? { reason: `${value.linesLeft} line(s) of ${snapshot.order.name} left unfulfilled: ${explanation.skipped.map((s) => `${s.location}: ${s.reason}`).join('; ')}` } : null,
  };
}

export const fulfillFromBestLocation: ActionDefinition<FulfillFromBestLocationProperties> = {
  handle: HANDLE,
  properties: fulfillFromBestLocationProperties,
  run,
  simulate: async (context) => {
    const { snapshot, rule, done, planned } = await decide(context, []);
    if (!planned) return { plan: { steps: [] }, explanation: { action: HANDLE, order: snapshot.order.name, rule: rule.used, outcome: done?.reason, skipped: done?.skipped ?? [], notes: snapshot.notes } };
    return { plan: planned.plan, explanation: planned.explanation };
  },
};
