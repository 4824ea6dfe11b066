/** "Partially fulfill ready items": read the snapshot, decide which lines are ready, fulfil them where they are. */
import type { RunStep } from '../../db/schema';
import type { ActionContext, ActionDefinition, ActionResult } from '../action';
import { createdBefore, executePlan } from '../fulfillment/execute';
import { prepare } from '../fulfillment/plan';
import { returnValue } from '../fulfillment/result';
import { planReadyItems } from './plan';
import { partialFulfillReadyItemsProperties, type PartialFulfillReadyItemsProperties } from './properties';

export const HANDLE = 'partial-fulfill-ready-items';

type ReadContext = Omit<ActionContext<PartialFulfillReadyItemsProperties>, 'steps'>;

/** Read and decide: the snapshot, the status checks, the rule, then the pure planner. */
async function decide(context: ReadContext) {
  const { snapshot, status, now, rule, notify } = await prepare(context, HANDLE);
  if (status.kind === 'done') return { snapshot, rule, done: status, planned: null };
  const planned = planReadyItems({ snapshot, fulfillable: status.fulfillable, skipped: status.skipped, rule: rule.compiled, ruleUsed: rule.used, notify: notify!, now });
  return { snapshot, rule, done: null, planned };
}

async function run(context: ActionContext<PartialFulfillReadyItemsProperties>): Promise<ActionResult> {
  const { snapshot, rule, done, planned } = await decide(context);
  const ruleName = rule.record?.name ?? null;
  const previous: readonly RunStep[] = context.steps.previous;
  if (done || !planned) {
    const ours = createdBefore(previous);
    const outcome = ours ? 'fulfilled' : done?.reason.startsWith('everything') ? 'already_fulfilled' : 'nothing_to_fulfill';
    return {
      status: ours ? 'succeeded' : 'noop',
      returnValue: { ...returnValue(outcome, snapshot, [], {}, ruleName) },
      plan: { steps: [] },
      explanation: { action: HANDLE, order: snapshot.order.name, rule: rule.used, outcome: done?.reason, skipped: done?.skipped ?? [], notes: snapshot.notes, mutations: [] },
      rule: rule.record,
      attention: outcome === 'nothing_to_fulfill' ? { reason: done?.reason ?? 'nothing to fulfill' } : null,
    };
  }
  const { plan, explanation } = planned;
  if (plan.steps.length === 0) {
    // A resumed run whose create went through but whose answer was lost: the rest is simply not ready.
    const ours = createdBefore(previous);
    const value = returnValue(ours ? 'partially_fulfilled' : 'nothing_ready', snapshot, [], {}, ruleName);
    return { status: ours ? 'succeeded' : 'noop', returnValue: { ...value }, plan, explanation, rule: rule.record, attention: { reason: explanation.outcome ?? 'nothing ready' } };
  }
  const execution = await executePlan(context.admin, context.steps, plan);
  explanation.mutations = execution.mutations;
  const value = returnValue('fulfilled', snapshot, execution.fulfillments, plan.fulfils, ruleName);
  if (value.linesLeft > 0) value.outcome = 'partially_fulfilled';
  const left = explanation.lines.filter((l) => l.ready_quantity < l.quantity);
  return {
    status: 'succeeded',
    returnValue: { ...value },
    plan,
    explanation,
    rule: rule.record,
    attention:
      value.linesLeft > 0
        ? { reason: `${value.linesLeft} line(s) of ${snapshot.order.name} left unfulfilled${left.length ? `: ${left.map((l) => `${l.sku ?? l.title} (${l.quantity - l.ready_quantity} of ${l.quantity})`).join(', ')}` : ''}` }
        : null,
  };
}

export const partialFulfillReadyItems: ActionDefinition<PartialFulfillReadyItemsProperties> = {
  handle: HANDLE,
  properties: partialFulfillReadyItemsProperties,
  run,
  simulate: async (context) => {
    const { snapshot, rule, done, planned } = await decide(context);
    if (!planned) return { plan: { steps: [] }, explanation: { action: HANDLE, order: snapshot.order.name, rule: rule.used, outcome: done?.reason, skipped: done?.skipped ?? [], notes: snapshot.notes } };
    return { plan: planned.plan, explanation: planned.explanation };
  },
};
