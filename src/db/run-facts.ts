/**
 * The analytics facts of a finished run, as the actions give them and the ledger keeps them: the
 * fact columns of `runs` and one `run_locations` row per location and role. No personal data:
 * no address, only a rounded distance; redaction clears them with the run's other details.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from './database';
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

/** Writes the run's location rows (after its outcome was written by the attempt that held it). */
export async function saveRunLocations(
  db: Database,
  run: { id: number; shop: string; handle: string },
  facts: RunFacts,
  at: number,
  leadTimeMs: number | null,
): Promise<void> {
  if (facts.locations.length === 0) return;
  await db.insert(runLocations).values(
    facts.locations.map((l) => ({
      runId: run.id,
      shop: run.shop,
      handle: run.handle,
      at,
      locationId: l.id,
      locationName: l.name,
      role: l.role,
      units: l.units,
      distanceKm: l.distanceKm,
      leadTimeMs: l.role === 'shipped' ? leadTimeMs : null,
    })),
  );
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
