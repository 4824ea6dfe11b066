/**
 * The analytics facts of a finished run, as the actions give them and the ledger keeps them: the
 * fact columns of `runs` and one `run_locations` row per location and role. No personal data:
 * no address, only a rounded distance; redaction clears them with the run's other details.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { BatchStatement } from './batch';
import type { Database } from './database';
import { heldCondition } from './ledger';
import { runLocations } from './schema';

/** What analytics keep of a finished run: figures and location ids, no personal data (no address, only a distance). */
export interface RunFacts {
  /** When the order was placed (ISO), as the run read it. */
  orderCreatedAt: string | null;
  /** Fulfillments the whole run made (all attempts), and the units in them (null: not known). */
  fulfillments: number;
  units: number | null;
  /** Fulfillment orders (or parts) moved to another location. */
  moves: number;
  /** Fulfillment order lines with units left after the run (null: the action does not count them). */
  linesLeft: number | null;
  locations: RunFactLocation[];
  /** Add tracking: the company sent and its source. */
  tracking: { company: string | null; source: 'property' | 'rule' | 'detected' | 'none' } | null;
  notified: boolean | null;
}

/** A location a run shipped from (with the distance to the destination, km, rounded) or moved units out of / into. */
export interface RunFactLocation {
  id: string;
  name: string;
  role: 'shipped' | 'moved_out' | 'moved_in';
  units: number | null;
  distanceKm: number | null;
}

/** The fact columns of a run that finished at `finishedAt` (and waited since `pendingSince`, if it did). */
export function factColumns(facts: RunFacts | null | undefined, finishedAt: number, pendingSince: number | null) {
  const pendingMs = pendingSince === null ? null : finishedAt - pendingSince;
  if (!facts) return { pendingMs };
  const orderCreatedAt = facts.orderCreatedAt ? Date.parse(facts.orderCreatedAt) : NaN;
  const fulfilledAt = facts.fulfillments > 0 ? finishedAt : null;
  const created = Number.isFinite(orderCreatedAt) ? orderCreatedAt : null;
  return {
    orderCreatedAt: created,
    fulfilledAt,
    leadTimeMs: fulfilledAt !== null && created !== null ? Math.max(0, fulfilledAt - created) : null,
    fulfillmentCount: facts.fulfillments,
    unitsFulfilled: facts.units,
    moveCount: facts.moves,
    linesLeft: facts.linesLeft,
    trackingCompany: facts.tracking?.company ?? null,
    trackingSource: facts.tracking?.source ?? null,
    notified: facts.notified,
    pendingMs,
  };
}

/**
 * The statements that write the run's location rows, to send in the batch of its outcome: each
 * inserts only while `attempt` still holds the run (the outcome's own fence), so a stale attempt,
 * whose outcome write changes nothing, adds no rows either.
 */
export function runLocationInserts(
  run: { id: number; attempts: number; shop: string; handle: string },
  facts: RunFacts,
  at: number,
  leadTimeMs: number | null,
): BatchStatement[] {
  const fence = heldCondition(run);
  return facts.locations.map((l) => ({
    sql: `insert into run_locations (run_id, shop, handle, at, location_id, location_name, role, units, distance_km, lead_time_ms) select ?, ?, ?, ?, ?, ?, ?, ?, ?, ? where ${fence.sql}`,
    args: [
      run.id,
      run.shop,
      run.handle,
      at,
      l.id,
      l.name,
      l.role,
      l.units,
      l.distanceKm,
      l.role === 'shipped' ? leadTimeMs : null,
      ...fence.args,
    ],
    read: () => undefined,
  }));
}

/** The analytics columns a redaction clears, like the run's other details (the row stays, with its status, for counts). */
export const REDACTED_FACTS = {
  orderCreatedAt: null,
  fulfilledAt: null,
  leadTimeMs: null,
  fulfillmentCount: null,
  unitsFulfilled: null,
  moveCount: null,
  linesLeft: null,
  trackingCompany: null,
  trackingSource: null,
  notified: null,
  pendingSince: null,
  pendingReason: null,
  pendingMs: null,
} as const;

/** Deletes the location rows of these runs of a shop (redaction). */
export function deleteRunLocations(db: Database, shop: string, runIds: readonly number[]) {
  return db.delete(runLocations).where(and(eq(runLocations.shop, shop), inArray(runLocations.runId, [...runIds])));
}

/** Deletes every location row of a shop (shop/redact). */
export function deleteShopRunLocations(db: Database, shop: string) {
  return db.delete(runLocations).where(eq(runLocations.shop, shop));
}
