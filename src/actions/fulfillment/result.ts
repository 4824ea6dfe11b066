/** The return value both fulfillment actions give Flow (their extensions' return_type_ref), and the shared read step. */
import { ActionError } from '../../errors';
import type { ActionContext } from '../action';
import type { Snapshot } from './snapshot';
import { loadSnapshot } from './snapshot';

export type FulfillmentOutcome = 'fulfilled' | 'partially_fulfilled' | 'nothing_ready' | 'already_fulfilled' | 'nothing_to_fulfill';

/** Exactly what Flow receives as `return_value`. */
export interface FulfillmentReturnValue {
  /** Named like add-tracking's: what the step did. */
  outcome: FulfillmentOutcome;
  /** Where the (first) fulfillment was made; null when nothing was fulfilled. */
  locationId: string | null;
  locationName: string | null;
  fulfillmentIds: string[];
  /** Fulfillment order line items fulfilled (wholly or partly) by this run. */
  linesFulfilled: number;
  /** Fulfillment order line items of the order with units still unfulfilled after this run. */
  linesLeft: number;
  /** The rule used; null for the built-in default. */
  ruleName: string | null;
}

/** Builds the return value; `fulfils` maps FO line item id → units fulfilled by this run. */
export function returnValue(
  status: FulfillmentOutcome,
  snapshot: Snapshot,
  fulfillments: { id: string; locationId: string; locationName: string }[],
  fulfils: Record<string, number>,
  ruleName: string | null,
): FulfillmentReturnValue {
  let linesLeft = 0;
  for (const fo of snapshot.fulfillmentOrders) {
    if (fo.status === 'CANCELLED') continue;
    for (const line of fo.lines) if (line.remaining - (fulfils[line.id] ?? 0) > 0) linesLeft++;
  }
  const first = fulfillments[0];
  return {
    outcome: status,
    locationId: first?.locationId ?? null,
    locationName: first?.locationName ?? null,
    fulfillmentIds: fulfillments.map((f) => f.id),
    linesFulfilled: Object.values(fulfils).filter((n) => n > 0).length,
    linesLeft,
    ruleName,
  };
}

/** Reads the snapshot or fails with 422 order_not_found. */
export async function readOrder(context: Pick<ActionContext<{ order_id: string }>, 'admin' | 'shop' | 'properties'>): Promise<Snapshot> {
  const snapshot = await loadSnapshot(context.admin, context.properties.order_id);
  if (!snapshot) {
    throw new ActionError('order_not_found', `Order ${context.properties.order_id} was not found in ${context.shop}. Check the order reference of the Flow step.`);
  }
  return snapshot;
}
