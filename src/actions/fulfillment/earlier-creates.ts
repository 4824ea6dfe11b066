/**
 * What earlier attempts of a run fulfilled. A fulfillmentCreate whose answer was lost (or whose
 * process died) leaves only its ledger step: where and which fulfillment orders. A resumed run
 * reads those fulfillment orders' newest fulfillments back from Shopify, so it answers Flow with
 * the fulfillments the whole run made, as a run without the interruption would have.
 */
import type { RunStep } from '../../db/schema';
import type { AdminClient } from '../../shopify/client';
import { CREATE_FULFILLMENT, RUN_FULFILLMENTS, type RunFulfillmentData } from './documents';
import type { Snapshot } from './snapshot';

export interface MadeFulfillment {
  id: string;
  locationId: string;
  locationName: string;
}

export interface EarlierCreates {
  /** The fulfillments earlier attempts made, in the order they were sent. */
  fulfillments: MadeFulfillment[];
  /** Fulfillment order line items those fulfillments took units of. */
  lines: string[];
  /** The step keys of the creates that went through: this attempt must not send them again. */
  keys: string[];
}

export const NO_EARLIER_CREATES: EarlierCreates = { fulfillments: [], lines: [], keys: [] };

export interface CreateStepKey {
  key: string;
  locationId: string;
  fulfillmentOrderIds: string[];
  /** When the create was first tried (ms), and what it sent by order line item (older runs did not record it). */
  at?: number;
  sent?: Record<string, number>;
}

/**
 * How far Shopify's clock may be behind ours: a fulfillment created more than this before the
 * create step was recorded is not the step's.
 */
const CLOCK_SKEW_MS = 2 * 60 * 1000;

/** The step key of a create: the location and the fulfillment orders it fulfils. */
export function createKey(locationId: string, fulfillmentOrderIds: readonly string[]): string {
  return `${locationId}:${fulfillmentOrderIds.join(',')}`;
}

export function parseCreateKey(key: string): CreateStepKey | null {
  // Both parts are GIDs, which hold ':' themselves: the fulfillment orders start at the first ':gid://'.
  const at = key.indexOf(':gid://');
  if (at <= 0) return null;
  const fulfillmentOrderIds = key
    .slice(at + 1)
    .split(',')
    .filter(Boolean);
  return fulfillmentOrderIds.length ? { key, locationId: key.slice(0, at), fulfillmentOrderIds } : null;
}

/**
 * Earlier create steps that may have gone through, in the order they were sent: done ones, and
 * ones in doubt unless this attempt sent the same create again (it re-plans only what is still
 * open, so a create it repeats had not gone through).
 */
export function earlierCreateSteps(previous: readonly RunStep[], sentNow: ReadonlySet<string>): CreateStepKey[] {
  const states = new Map<string, { seen: Set<RunStep['state']>; at: number; sent?: Record<string, number> }>();
  for (const step of previous) {
    if (step.name !== CREATE_FULFILLMENT.name) continue;
    const entry = states.get(step.key) ?? { seen: new Set(), at: step.at };
    entry.seen.add(step.state);
    entry.at = Math.min(entry.at, step.at);
    entry.sent ??= step.sent;
    states.set(step.key, entry);
  }
  const out: CreateStepKey[] = [];
  for (const [key, { seen, at, sent }] of states) {
    if (!seen.has('done') && (!seen.has('started') || sentNow.has(key))) continue;
    const parsed = parseCreateKey(key);
    if (parsed) out.push({ ...parsed, at, ...(sent ? { sent } : {}) });
  }
  return out;
}

/**
 * Pairs each earlier create with the newest fulfillment of its first fulfillment order at its
 * location (`found`: fulfillment order id → its fulfillments, newest first) that no other create
 * claimed and that this attempt did not make.
 */
export function matchEarlierCreates(
  steps: readonly CreateStepKey[],
  found: ReadonlyMap<string, readonly RunFulfillmentData[]>,
  snapshot: Snapshot,
  madeNow: ReadonlySet<string>,
): EarlierCreates {
  const claimed = new Set(madeNow);
  const keys: string[] = [];
  const fulfillments: MadeFulfillment[] = [];
  const lines = new Set<string>();
  for (const step of steps) {
    const match = (found.get(step.fulfillmentOrderIds[0]!) ?? []).find(
      (f) => f.location?.id === step.locationId && !claimed.has(f.id) && isThisCreate(step, f),
    );
    if (!match) continue;
    claimed.add(match.id);
    keys.push(step.key);
    // The name as the planner would have given it (the snapshot's), else Shopify's.
    const locationName = snapshot.locations.find((l) => l.id === step.locationId)?.name ?? match.location?.name ?? step.locationId;
    fulfillments.push({ id: match.id, locationId: step.locationId, locationName });
    const shipped = new Set(match.fulfillmentLineItems.nodes.filter((l) => (l.quantity ?? 1) > 0).map((l) => l.lineItem.id));
    for (const foId of step.fulfillmentOrderIds) {
      const fo = snapshot.fulfillmentOrders.find((f) => f.id === foId);
      for (const line of fo?.lines ?? []) if (shipped.has(line.lineItemId)) lines.add(line.id);
    }
  }
  return { fulfillments, lines: [...lines], keys };
}

/**
 * Whether fulfillment `f` can be what the create `step` made: not created before the step was
 * tried, and holding exactly the units it sent, by order line item (a fulfillment made before the
 * run, or by someone else, on the same fulfillment order holds other units or is older).
 */
function isThisCreate(step: CreateStepKey, f: RunFulfillmentData): boolean {
  if (step.at !== undefined && Date.parse(f.createdAt) < step.at - CLOCK_SKEW_MS) return false;
  if (!step.sent) return true;
  const units: Record<string, number> = {};
  for (const line of f.fulfillmentLineItems.nodes) units[line.lineItem.id] = (units[line.lineItem.id] ?? 0) + (line.quantity ?? 0);
  const wanted = Object.entries(step.sent).filter(([, n]) => n > 0);
  return wanted.length === Object.keys(units).length && wanted.every(([id, n]) => units[id] === n);
}

/** How many of a fulfillment order's newest fulfillments to look through for the one we made. */
const LOOK_BACK = 5;
const READ_BUDGET = 950;
// Requested cost per fulfillment order (Shopify's documented rules): 3 + LOOK_BACK × (4 + 2 × lines),
// so one fulfillment order's look back stays under the single-query limit up to 92 lines.
const MAX_LINES = Math.floor(((READ_BUDGET - 3) / LOOK_BACK - 4) / 2);

/**
 * Reads back what earlier attempts of this run fulfilled, before this attempt sends anything (so
 * nothing it makes can be mistaken for theirs). No Admin call unless an earlier attempt sent a create.
 */
export async function readEarlierCreates(admin: AdminClient, previous: readonly RunStep[], snapshot: Snapshot): Promise<EarlierCreates> {
  const steps = earlierCreateSteps(previous, new Set());
  if (steps.length === 0) return NO_EARLIER_CREATES;
  const ids = [...new Set(steps.map((s) => s.fulfillmentOrderIds[0]!))];
  // A fulfillment holds at most the lines of the fulfillment orders it fulfils.
  const lineCount = (foIds: string[]) =>
    foIds.reduce((sum, id) => sum + (snapshot.fulfillmentOrders.find((f) => f.id === id)?.lines.length ?? 50), 0);
  const lines = Math.min(MAX_LINES, Math.max(1, ...steps.map((s) => lineCount(s.fulfillmentOrderIds))));
  const perId = 3 + LOOK_BACK * (4 + lines * 2);
  const chunk = Math.max(1, Math.floor(READ_BUDGET / perId));
  const found = new Map<string, RunFulfillmentData[]>();
  for (let i = 0; i < ids.length; i += chunk) {
    const data = await admin.request(RUN_FULFILLMENTS, { ids: ids.slice(i, i + chunk), fulfillments: LOOK_BACK, lines });
    for (const node of data.nodes) if (node && 'id' in node && node.id) found.set(node.id, node.fulfillments.nodes);
  }
  return matchEarlierCreates(steps, found, snapshot, new Set());
}
