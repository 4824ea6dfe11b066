/**
 * What analytics keep of a fulfillment run (pure): the parcels it made, where from and how far
 * from the destination, what it moved, what it left open. No address is kept, only the distance.
 */
import type { RunFactLocation, RunFacts } from '../action';
import { haversineKm } from './context';
import type { EarlierCreates } from './earlier-creates';
import type { FulfillmentPlan } from './plan';
import type { FulfillmentReturnValue } from './return-value';
import type { Snapshot } from './snapshot';

/**
 * The facts of a run whose return value is `value`: `plan` is what this attempt planned (null when
 * nothing was planned), `earlier` what earlier attempts made. Units and distances come from the
 * plan's creates at the locations the run's fulfillments were made at.
 */
export function fulfillmentFacts(
  snapshot: Snapshot,
  value: FulfillmentReturnValue,
  plan: FulfillmentPlan | null,
  earlier: EarlierCreates,
): RunFacts {
  const locations: RunFactLocation[] = [];
  const madeAt = new Map<string, number>();
  const names = new Map<string, string>();
  for (const f of earlier.fulfillments) names.set(f.locationId, f.locationName);
  for (const step of plan?.steps ?? []) {
    if (step.kind === 'create') {
      const units = step.fulfillmentOrders.reduce((n, fo) => n + fo.orderLines.reduce((m, l) => m + l.quantity, 0), 0);
      madeAt.set(step.locationId, (madeAt.get(step.locationId) ?? 0) + units);
      names.set(step.locationId, step.locationName);
    } else {
      const fo = snapshot.fulfillmentOrders.find((f) => f.id === step.fulfillmentOrderId);
      const units = step.lineItems
        ? step.lineItems.reduce((n, l) => n + l.quantity, 0)
        : (fo?.lines.reduce((n, l) => n + l.remaining, 0) ?? 0);
      if (step.fromLocationId)
        locations.push({
          id: step.fromLocationId,
          name: fo?.locationName ?? snapshot.locations.find((l) => l.id === step.fromLocationId)?.name ?? step.fromLocationId,
          role: 'moved_out',
          units,
          distanceKm: null,
        });
      locations.push({ id: step.toLocationId, name: step.toLocationName, role: 'moved_in', units, distanceKm: null });
    }
  }
  // Only where fulfillments were really made (a failed create made none; an earlier attempt's did).
  const shippedFrom = new Set([...earlier.fulfillments.map((f) => f.locationId), ...(plan ? [...madeAt.keys()] : [])]);
  if (value.fulfillmentIds.length === 0) shippedFrom.clear();
  let units = 0;
  for (const id of shippedFrom) {
    const location = snapshot.locations.find((l) => l.id === id);
    const distance = haversineKm(snapshot.order.shippingAddress, location ?? null);
    const shipped = madeAt.get(id) ?? null;
    if (shipped !== null) units += shipped;
    locations.push({
      id,
      name: names.get(id) ?? location?.name ?? id,
      role: 'shipped',
      units: shipped,
      distanceKm: distance === null ? null : Math.round(distance),
    });
  }
  return {
    orderCreatedAt: snapshot.order.createdAt,
    fulfillments: value.fulfillmentIds.length,
    units: value.fulfillmentIds.length > 0 ? units : 0,
    moves: plan?.steps.filter((s) => s.kind === 'move').length ?? 0,
    linesLeft: value.linesLeft,
    locations,
    tracking: null,
    notified: value.fulfillmentIds.length > 0 ? (plan?.notifyCustomer ?? null) : null,
  };
}
