/**
 * The pure planner of "Fulfill from best location": for each fulfillable fulfillment order, every
 * active location that fulfils online orders is a candidate; the rule's `eligible` and `score` (or
 * the built-in default: eligible when everything is in stock, nearest first, the assigned location
 * winning ties) pick the winner. Whole moves, then one fulfillmentCreate per location; with
 * `allow_split`, line by line when no single location qualifies.
 */
import { ActionError } from '../../errors';
import type { CompiledRule } from '../../rules/evaluate';
import type { OrderContext } from '../../rules/context';
import { fulfillmentOrderContext, lineStockAt, locationContext, orderContext } from '../fulfillment/context';
import type { CreateStep, FulfillmentPlan, FulfillmentStep, MoveStep, PlannerInput, RuleUsed } from '../fulfillment/plan';
import type { Snapshot, SnapshotFulfillmentOrder, SnapshotLine, SnapshotLocation } from '../fulfillment/snapshot';
import type { SkippedFulfillmentOrder } from '../fulfillment/status';

export interface BestLocationInput extends PlannerInput {
  /** Fulfillment orders an earlier attempt of this run already moved, and that are still where it moved them. */
  pinned?: Readonly<Record<string, string>>;
}

export interface CandidateExplanation {
  id: string;
  name: string;
  eligible: boolean;
  score: number | null;
  distance_km: number | null;
  is_assigned: boolean;
  lines_in_stock: number;
  reason: string;
}

export interface FulfillmentOrderDecision {
  id: string;
  assigned: { id: string | null; name: string };
  decision: 'keep' | 'move' | 'split';
  location: { id: string; name: string } | null;
  reason: string;
  candidates: CandidateExplanation[];
  /** Locations that are not candidates, and why. */
  excluded: { id: string; name: string; reason: string }[];
  /** Split only: where each line goes. */
  lines?: { id: string; sku: string | null; title: string; quantity: number; location: { id: string; name: string }; reason: string }[];
}

export interface BestLocationExplanation {
  action: 'fulfill-from-best-location';
  order: string;
  rule: RuleUsed;
  allowSplit: boolean;
  notifyCustomer: { value: boolean; source: string };
  fulfillmentOrders: FulfillmentOrderDecision[];
  skipped: SkippedFulfillmentOrder[];
  notes: string[];
  /** Filled in by the executor with what was sent. */
  mutations: unknown[];
}

interface Scored {
  location: SnapshotLocation;
  eligible: boolean;
  score: number | null;
  distance: number | null;
  assigned: boolean;
  linesInStock: number;
  reason: string;
}

/** Plans the moves and creates, or throws 422 `no_eligible_location` listing every candidate and why. */
export function planBestLocation(input: BestLocationInput): { plan: FulfillmentPlan; explanation: BestLocationExplanation } {
  const { snapshot, rule, now } = input;
  const order = orderContext(snapshot);
  const allowSplit = rule?.evaluate('allow_split', { order, now }) ?? false;
  const explanation: BestLocationExplanation = {
    action: 'fulfill-from-best-location',
    order: snapshot.order.name,
    rule: input.ruleUsed,
    allowSplit,
    notifyCustomer: { value: input.notify.notify, source: input.notify.source },
    fulfillmentOrders: [],
    skipped: input.skipped,
    notes: [...snapshot.notes],
    mutations: [],
  };
  if (!snapshot.order.shippingAddress || snapshot.order.shippingAddress.latitude == null) {
    explanation.notes.push('The shipping address has no coordinates (not geocoded, or redacted without protected customer data access): distance_km is null and the default ranking falls back to the assigned location, then name.');
  }
  const candidates = snapshot.locations.filter((l) => l.isActive && l.fulfillsOnlineOrders);
  const excluded = snapshot.locations
    .filter((l) => !l.isActive || !l.fulfillsOnlineOrders)
    .map((l) => ({ id: l.id, name: l.name, reason: !l.isActive ? 'inactive' : 'does not fulfill online orders' }));

  const moves: MoveStep[] = [];
  const creates = new Map<string, CreateStep>();
  const fulfils: Record<string, number> = {};
  const addCreate = (location: { id: string; name: string }, item: CreateStep['fulfillmentOrders'][number]) => {
    const step = creates.get(location.id) ?? { kind: 'create' as const, locationId: location.id, locationName: location.name, fulfillmentOrders: [] };
    step.fulfillmentOrders.push(item);
    creates.set(location.id, step);
  };
  const failures: string[] = [];

  for (const fo of input.fulfillable) {
    const open = fo.lines.filter((l) => l.remaining > 0);
    for (const line of open) fulfils[line.id] = line.remaining;
    const base = { id: fo.id, assigned: { id: fo.locationId, name: fo.locationName }, excluded };
    const pinned = input.pinned?.[fo.id];
    if (pinned && pinned === fo.locationId) {
      explanation.fulfillmentOrders.push({ ...base, decision: 'keep', location: { id: pinned, name: fo.locationName }, reason: 'an earlier attempt of this run moved it here; fulfilling it here without moving it again', candidates: [] });
      addCreate({ id: pinned, name: fo.locationName }, { fulfillmentOrderId: fo.id });
      continue;
    }
    const scored = candidates.map((location) => scoreLocation(snapshot, order, now, rule, fo, location, open)).sort(compareScored);
    const explained = scored.map(toExplanation);
    const winner = scored.find((s) => s.eligible);
    if (winner) {
      const location = { id: winner.location.id, name: winner.location.name };
      if (winner.assigned) {
        explanation.fulfillmentOrders.push({ ...base, decision: 'keep', location, reason: `${location.name} (already assigned) is the best eligible location`, candidates: explained });
      } else {
        moves.push({ kind: 'move', fulfillmentOrderId: fo.id, fromLocationId: fo.locationId, toLocationId: location.id, toLocationName: location.name });
        explanation.fulfillmentOrders.push({ ...base, decision: 'move', location, reason: `${location.name} is the best eligible location; moving from ${fo.locationName}`, candidates: explained });
      }
      addCreate(location, { fulfillmentOrderId: fo.id });
      continue;
    }
    if (allowSplit) {
      const split = splitLines(snapshot, order, now, rule, fo, open, candidates);
      if (split.ok) {
        const lines: NonNullable<FulfillmentOrderDecision['lines']> = [];
        const groups = new Map<string, { location: SnapshotLocation; lines: SnapshotLine[] }>();
        for (const { line, best } of split.lines) {
          const group = groups.get(best.location.id) ?? { location: best.location, lines: [] };
          group.lines.push(line);
          groups.set(best.location.id, group);
          lines.push({ id: line.id, sku: line.sku, title: line.title, quantity: line.remaining, location: { id: best.location.id, name: best.location.name }, reason: best.reason });
        }
        for (const group of groups.values()) {
          const location = { id: group.location.id, name: group.location.name };
          if (group.location.id === fo.locationId) {
            addCreate(location, { fulfillmentOrderId: fo.id });
            continue;
          }
          // A group holding every open line is a whole move (Shopify keeps the id).
          const whole = group.lines.length === open.length;
          moves.push({
            kind: 'move',
            fulfillmentOrderId: fo.id,
            fromLocationId: fo.locationId,
            toLocationId: location.id,
            toLocationName: location.name,
            ...(whole ? {} : { lineItems: group.lines.map((l) => ({ id: l.id, quantity: l.remaining })) }),
          });
          addCreate(location, whole ? { fulfillmentOrderId: fo.id } : { fulfillmentOrderId: fo.id, fromMove: moves.length - 1 });
        }
        explanation.fulfillmentOrders.push({
          ...base,
          decision: 'split',
          location: null,
          reason: `no single location qualifies; allow_split sends each line to its best eligible location (${[...groups.values()].map((g) => g.location.name).join(', ')})`,
          candidates: explained,
          lines,
        });
        continue;
      }
      failures.push(`${fo.locationName} fulfillment order ${fo.id}: no single location qualifies, and with allow_split ${split.reason}`);
      explanation.fulfillmentOrders.push({ ...base, decision: 'keep', location: null, reason: 'no eligible location', candidates: explained });
      continue;
    }
    failures.push(`fulfillment order ${fo.id} (at ${fo.locationName}): ${explained.length ? explained.map((c) => `${c.name}: ${c.reason}`).join('; ') : 'the shop has no active location that fulfills online orders'}`);
    explanation.fulfillmentOrders.push({ ...base, decision: 'keep', location: null, reason: 'no eligible location', candidates: explained });
  }

  if (failures.length > 0) {
    throw new ActionError(
      'no_eligible_location',
      `No eligible location for order ${snapshot.order.name}. ${failures.join('. ')}.${allowSplit ? '' : ' (Splitting across locations is off: a rule with allow_split can send each line to its own location.)'}`,
      422,
      explanation,
    );
  }
  // Moves first (a partial move gives the ids the creates use), then one create per location.
  const steps: FulfillmentStep[] = [...moves, ...creates.values()];
  return { plan: { steps, notifyCustomer: input.notify.notify, fulfils }, explanation };
}

function scoreLocation(
  snapshot: Snapshot,
  order: OrderContext,
  now: string,
  rule: CompiledRule | null,
  fo: SnapshotFulfillmentOrder,
  location: SnapshotLocation,
  lines: SnapshotLine[],
): Scored {
  const ctx = { order, location: locationContext(snapshot, location, fo, lines), fulfillment_order: fulfillmentOrderContext(fo), now };
  const ruleEligible = rule?.evaluate('eligible', ctx);
  const eligible = ruleEligible ?? ctx.location.all_in_stock;
  const ruleScore = rule?.evaluate('score', ctx);
  const short = lines.map((l) => ({ line: l, stock: lineStockAt(l, fo, location.id) })).filter((s) => !s.stock.inStock);
  const stock = short.length === 0 ? `all ${lines.length} line(s) in stock` : `out of stock: ${short.map((s) => `${s.line.sku ?? s.line.title} (${s.stock.reason})`).join(', ')}`;
  const distance = ctx.location.distance_km;
  const why = ruleEligible === undefined ? (eligible ? stock : stock) : `rule eligible: ${eligible}; ${stock}`;
  const scoreText = ruleScore === undefined ? (distance === null ? 'distance unknown' : `${distance} km away`) : `score ${ruleScore}`;
  return {
    location,
    eligible,
    score: ruleScore ?? null,
    distance,
    assigned: ctx.location.is_assigned,
    linesInStock: ctx.location.lines_in_stock,
    reason: `${eligible ? 'eligible' : 'not eligible'}: ${why}; ${scoreText}${ctx.location.is_assigned ? '; assigned' : ''}`,
  };
}

/** Highest score first (rule), else nearest first (unknown distance last); ties: the assigned location, then name. */
function compareScored(a: Scored, b: Scored): number {
  if (a.eligible !== b.eligible) return a.eligible ? -1 : 1;
  if (a.score !== null || b.score !== null) {
    const diff = (b.score ?? -Infinity) - (a.score ?? -Infinity);
    if (diff !== 0 && !Number.isNaN(diff)) return diff;
  } else if (a.distance !== b.distance) {
    if (a.distance === null) return 1;
    if (b.distance === null) return -1;
    return a.distance - b.distance;
  }
  if (a.assigned !== b.assigned) return a.assigned ? -1 : 1;
  return a.location.name.localeCompare(b.location.name);
}

function toExplanation(s: Scored): CandidateExplanation {
  return { id: s.location.id, name: s.location.name, eligible: s.eligible, score: s.score, distance_km: s.distance, is_assigned: s.assigned, lines_in_stock: s.linesInStock, reason: s.reason };
}

function splitLines(
  snapshot: Snapshot,
  order: OrderContext,
  now: string,
  rule: CompiledRule | null,
  fo: SnapshotFulfillmentOrder,
  open: SnapshotLine[],
  candidates: SnapshotLocation[],
): { ok: true; lines: { line: SnapshotLine; best: Scored }[] } | { ok: false; reason: string } {
  const out: { line: SnapshotLine; best: Scored }[] = [];
  const failed: string[] = [];
  for (const line of open) {
    // Each line is placed on its own: the location context sees only that line.
    const best = candidates.map((location) => scoreLocation(snapshot, order, now, rule, fo, location, [line])).sort(compareScored)[0];
    if (best?.eligible) out.push({ line, best });
    else failed.push(line.sku ?? line.title);
  }
  if (failed.length > 0) return { ok: false, reason: `no location is eligible for ${failed.join(', ')}` };
  return { ok: true, lines: out };
}
