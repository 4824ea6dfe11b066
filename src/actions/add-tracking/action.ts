/** "Add tracking": read the order, decide the rule, company, URL and tracking list, send one mutation per step. */
import type { ActionContext, ActionDefinition, ActionResult } from '../action';
import { orRefuse } from '../refusal';
import { decideTracking } from './decide';
import { addTrackingProperties, type AddTrackingProperties } from './properties';
import { readTracking } from './read';
import { writeTracking } from './write';

export const HANDLE = 'add-tracking';

/** The inputs of the decision besides what was read. */
function decisionInput(context: Omit<ActionContext<AddTrackingProperties>, 'steps'>) {
  return { properties: context.properties, shop: context.shop, now: context.clock.now() };
}

/** Read → decide → write. */
async function run(context: ActionContext<AddTrackingProperties>): Promise<ActionResult> {
  const { previous } = context.steps;
  const read = await readTracking(context, previous);
  const decision = orRefuse(decideTracking(read, decisionInput(context)));
  return writeTracking(context, decision, read.order);
}

export const addTracking: ActionDefinition<AddTrackingProperties> = {
  handle: HANDLE,
  properties: addTrackingProperties,
  // fulfillmentTrackingInfoUpdate replaces the whole list: two runs at once would lose a number.
  onePerOrder: true,
  run,
  simulate: async (context) => {
    const { plan, explanation } = orRefuse(decideTracking(await readTracking(context, []), decisionInput(context)));
    return { plan, explanation };
  },
};
