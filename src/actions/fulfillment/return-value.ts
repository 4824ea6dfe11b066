/** The return value both fulfillment actions give Flow (their extensions' return_type_ref). */
import { NO_EARLIER_CREATES, type EarlierCreates, type MadeFulfillment } from './earlier-creates';
import type { Snapshot } from './snapshot';

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

/**
 * Builds the return value of the whole run: `fulfillments` and `fulfils` (FO line item id → units)
 * are this attempt's, `earlier` what earlier attempts of the run made (already in the snapshot).
 */
export function returnValue(
  status: FulfillmentOutcome,
  snapshot: Snapshot,
  fulfillments: MadeFulfillment[],
  fulfils: Record<string, number>,
  ruleName: string | null,
  earlier: EarlierCreates = NO_EARLIER_CREATES,
): FulfillmentReturnValue {
  let linesLeft = 0;
  for (const fo of snapshot.fulfillmentOrders) {
    if (fo.status === 'CANCELLED') continue;
    for (const line of fo.lines) if (line.remaining - (fulfils[line.id] ?? 0) > 0) linesLeft++;
  }
  const all = [...earlier.fulfillments, ...fulfillments.filter((f) => !earlier.fulfillments.some((e) => e.id === f.id))];
  const lines = new Set([...earlier.lines, ...Object.keys(fulfils).filter((id) => fulfils[id]! > 0)]);
  const first = all[0];
  return {
    outcome: status,
    locationId: first?.locationId ?? null,
    locationName: first?.locationName ?? null,
    fulfillmentIds: all.map((f) => f.id),
    linesFulfilled: lines.size,
    linesLeft,
    ruleName,
  };
}
