/**
 * The executor: sends a plan's moves and creates in order through the step recorder (so the run
 * ledger knows each one), maps partial moves to the new fulfillment orders they return, and
 * turns Shopify's user errors into a 422 naming what was refused.
 */
import { ActionError } from '../../errors';
import type { RunStep } from '../../db/schema';
import type { AdminClient } from '../../shopify/client';
import type { StepRecorder } from '../action';
import { CREATE_FULFILLMENT, MOVE_FULFILLMENT_ORDER } from './documents';
import type { FulfillmentPlan } from './plan';
import { createKey, type MadeFulfillment } from './resume';
import type { Snapshot } from './snapshot';

export interface ExecutedMutation {
  mutation: 'fulfillmentOrderMove' | 'fulfillmentCreate';
  fulfillmentOrderIds: string[];
  locationId: string;
  locationName: string;
  result: string;
}

export interface Execution {
  fulfillments: MadeFulfillment[];
  /** The step keys of the creates this attempt sent (a resumed run tells them from earlier ones). */
  createKeys: string[];
  mutations: ExecutedMutation[];
}

const MOVE_STEP = MOVE_FULFILLMENT_ORDER.name;

/** The step key of a move: the fulfillment order and where it goes (read back by pinnedMoves). */
function moveKey(fulfillmentOrderId: string, locationId: string, lines?: { id: string }[]): string {
  return `${fulfillmentOrderId}>${locationId}${lines ? `|${lines.map((l) => l.id).join(',')}` : ''}`;
}

/**
 * Fulfillment orders an earlier attempt of this run moved (or may have moved) and that are now at
 * the location it moved them to: the planner keeps them there instead of deciding again.
 */
export function pinnedMoves(previous: readonly RunStep[], snapshot: Snapshot): Record<string, string> {
  const pinned: Record<string, string> = {};
  for (const step of previous) {
    if (step.name !== MOVE_STEP || step.state === 'failed') continue;
    // Whole moves only: a partial move's lines went to a new fulfillment order.
    const match = /^([^>]+)>([^|]+)$/.exec(step.key);
    if (!match) continue;
    const [, foId, locationId] = match;
    const fo = snapshot.fulfillmentOrders.find((f) => f.id === foId);
    if (fo && fo.locationId === locationId) pinned[foId!] = locationId!;
  }
  return pinned;
}

/** Whether an earlier attempt of this run sent a fulfillmentCreate (its outcome may be unknown). */
export function createdBefore(previous: readonly RunStep[]): boolean {
  return previous.some((s) => s.name === CREATE_FULFILLMENT.name && s.state !== 'failed');
}

/** Runs the plan's steps in order. Throws ActionError (422) when Shopify refuses one. */
export async function executePlan(admin: AdminClient, steps: StepRecorder, plan: FulfillmentPlan): Promise<Execution> {
  const mutations: ExecutedMutation[] = [];
  const fulfillments: Execution['fulfillments'] = [];
  const createKeys: string[] = [];
  const moved: (string | null)[] = [];
  for (const step of plan.steps) {
    if (step.kind === 'move') {
      const payload = await steps.run(MOVE_STEP, moveKey(step.fulfillmentOrderId, step.toLocationId, step.lineItems), async () => {
        const data = await admin.request(MOVE_FULFILLMENT_ORDER, {
          id: step.fulfillmentOrderId,
          newLocationId: step.toLocationId,
          ...(step.lineItems ? { fulfillmentOrderLineItems: step.lineItems } : {}),
        });
        const result = data.fulfillmentOrderMove;
        const errors = result?.userErrors ?? [];
        if (errors.length > 0 || !result?.movedFulfillmentOrder) {
          throw new ActionError(
            'shopify_rejected',
            `Shopify refused to move fulfillment order ${step.fulfillmentOrderId} to ${step.toLocationName}: ${errors.map((e) => e.message).join('; ') || 'no fulfillment order returned'}`,
            422,
            { userErrors: errors, mutations },
          );
        }
        return result.movedFulfillmentOrder;
      });
      moved.push(payload.id);
      mutations.push({
        mutation: 'fulfillmentOrderMove',
        fulfillmentOrderIds: [step.fulfillmentOrderId],
        locationId: step.toLocationId,
        locationName: step.toLocationName,
        result: payload.id === step.fulfillmentOrderId ? `moved whole to ${step.toLocationName}` : `moved ${step.lineItems?.length ?? 0} line(s) to ${step.toLocationName} as ${payload.id}`,
      });
      continue;
    }
    const groups = step.fulfillmentOrders.map((item) => ({
      fulfillmentOrderId: item.fromMove !== undefined ? (moved[item.fromMove] ?? item.fulfillmentOrderId) : item.fulfillmentOrderId,
      ...(item.lineItems ? { fulfillmentOrderLineItems: item.lineItems } : {}),
    }));
    const ids = groups.map((g) => g.fulfillmentOrderId);
    const key = createKey(step.locationId, ids);
    createKeys.push(key);
    const fulfillment = await steps.run(CREATE_FULFILLMENT.name, key, async () => {
      const data = await admin.request(CREATE_FULFILLMENT, { fulfillment: { lineItemsByFulfillmentOrder: groups, notifyCustomer: plan.notifyCustomer } });
      const result = data.fulfillmentCreate;
      const errors = result?.userErrors ?? [];
      if (errors.length > 0 || !result?.fulfillment) {
        throw new ActionError(
          'shopify_rejected',
          `Shopify refused to fulfill at ${step.locationName}: ${errors.map((e) => e.message).join('; ') || 'no fulfillment returned'}`,
          422,
          { userErrors: errors, mutations },
        );
      }
      return result.fulfillment;
    });
    fulfillments.push({ id: fulfillment.id, locationId: step.locationId, locationName: step.locationName });
    mutations.push({ mutation: 'fulfillmentCreate', fulfillmentOrderIds: ids, locationId: step.locationId, locationName: step.locationName, result: `created ${fulfillment.id}` });
  }
  return { fulfillments, createKeys, mutations };
}
