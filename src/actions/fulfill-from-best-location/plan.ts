/**
 * The pure planner of "Fulfill from best location": for each fulfillable fulfillment order the
 * candidates are its assigned location and the active, online-fulfilling, merchant-managed
 * locations Shopify lists as places it may move to (`locationsForMove`); a fulfillment order that
 * is not shipped (pickup, local delivery, when a rule opts in) or that Shopify will not move stays
 * where it is. The rule's `eligible` and `score` (or the built-in default: nearest first, the
 * assigned location winning ties) pick the winner, and a location is eligible only when it has the
 * units: stock is shared by every line and fulfillment order the plan ships from it (stock.ts).
 * Whole moves, then one fulfillmentCreate per location; with `allow_split`, line by line when no
 * single location qualifies.
 */
import type { CompiledRule } from '../../rules/engine';
import type { OrderContext } from '../../rules/context';
import { fulfillmentOrderContext, locationContext, orderContext } from '../fulfillment/context';
import type { CreateStep, FulfillmentPlan, FulfillmentStep, MoveStep, PlannerInput } from '../fulfillment/plan';
import { refuse, type Refusal } from '../refusal';
import type { RuleUsed } from '../rule-choice';
import type { Snapshot, SnapshotFulfillmentOrder, SnapshotLine, SnapshotLocation } from '../fulfillment/snapshot';
import type { SkippedFulfillmentOrder } from '../fulfillment/status';
import { StockPool, type Coverage } from '../fulfillment/stock';

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

/** How a fulfillment order may reach a candidate location. */
type Reach =
  | { kind: 'assigned' }
  /** Shopify lists it as movable: a whole move works. */
  | { kind: 'movable' }
  /** Listed, but not movable whole because it does not stock some lines: those lines may not go there, the others may (a partial move). */
  | { kind: 'partial'; message: string };

interface Candidate {
  location: SnapshotLocation;
  reach: Reach;
}

/** Locations a fulfillment order may not move to, with why (fulfillment order id → location id → reason). */
type Bans = Map<string, Map<string, string>>;

/**
 * Plans the moves and creates, or refuses (422 `no_eligible_location`) listing every candidate and why.
 *
 * A move into a location that holds another fulfillment order of the order may make Shopify
 * close that one and recreate its lines in a new fulfillment order (schema description of
 * fulfillmentOrderMove). That is handled when the other one is fulfilled there by the same plan
 * (the executor reads them back); it is not when the other one is left alone (held, pickup, a
 * 3PL's) or moves away itself. Such a move is banned and the plan made again without it, until
 * no move conflicts (each round bans at least one, so this ends).
 */
export function planBestLocation(input: BestLocationInput): { plan: FulfillmentPlan; explanation: BestLocationExplanation } | Refusal {
  const bans: Bans = new Map();
  for (;;) {
    const attempt = planOnce(input, bans);
    const conflicts = conflictingMoves(input, attempt.plan);
    if (conflicts.length === 0) {
      if (attempt.failure) return attempt.failure;
      return { plan: attempt.plan, explanation: attempt.explanation };
    }
    for (const { fulfillmentOrderId, locationId, reason } of conflicts) {
      const own = bans.get(fulfillmentOrderId) ?? new Map<string, string>();
      own.set(locationId, reason);
      bans.set(fulfillmentOrderId, own);
    }
  }
}

/** Moves of `plan` into a location whose other open fulfillment orders the plan does not simply fulfil there. */
function conflictingMoves(
  input: BestLocationInput,
  plan: FulfillmentPlan,
): { fulfillmentOrderId: string; locationId: string; reason: string }[] {
  const moving = new Set(plan.steps.filter((s): s is MoveStep => s.kind === 'move').map((s) => s.fulfillmentOrderId));
  const kept = new Set(
    plan.steps.flatMap((s) =>
      s.kind === 'create' ? s.fulfillmentOrders.filter((i) => !('fromMove' in i)).map((i) => i.fulfillmentOrderId) : [],
    ),
  );
  const out: { fulfillmentOrderId: string; locationId: string; reason: string }[] = [];
  for (const step of plan.steps) {
    if (step.kind !== 'move') continue;
    const others = input.snapshot.fulfillmentOrders.filter(
      (g) =>
        g.id !== step.fulfillmentOrderId &&
        g.locationId === step.toLocationId &&
        g.status !== 'CLOSED' &&
        g.status !== 'CANCELLED' &&
        g.lines.some((l) => l.remaining > 0),
    );
    const blocking = others.find((g) => !kept.has(g.id) || moving.has(g.id));
    if (!blocking) continue;
    // Worded for every plan tried: a later plan without this move may keep `blocking` there after all.
    const why = moving.has(blocking.id) ? 'left it in a plan that moved this one in' : 'stays there unfulfilled by this run';
    out.push({
      fulfillmentOrderId: step.fulfillmentOrderId,
      locationId: step.toLocationId,
      reason: `another fulfillment order of this order there (${blocking.id}) ${why}; a move in could make Shopify recreate it`,
    });
  }
  return out;
}

interface Attempt {
  plan: FulfillmentPlan;
  explanation: BestLocationExplanation;
  /** Set when some fulfillment order has no eligible location (the answer once no move conflicts). */
  failure: Refusal | null;
}

function planOnce(input: BestLocationInput, bans: Bans): Attempt {
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
    explanation.notes.push(
      'The shipping address has no coordinates (not geocoded, or redacted without protected customer data access): distance_km is null and the default ranking falls back to the assigned location, then name.',
    );
  }
  const pool = new StockPool(input.fulfillable);
  const moves: MoveStep[] = [];
  const creates = new Map<string, CreateStep>();
  const fulfils: Record<string, number> = {};
  const addCreate = (location: { id: string; name: string }, item: CreateStep['fulfillmentOrders'][number]) => {
    const step = creates.get(location.id) ?? {
      kind: 'create' as const,
      locationId: location.id,
      locationName: location.name,
      fulfillmentOrders: [],
    };
    step.fulfillmentOrders.push(item);
    creates.set(location.id, step);
  };
  const keepHere = (fo: SnapshotFulfillmentOrder, location: { id: string; name: string }, lines: SnapshotLine[]) => {
    for (const line of lines) pool.take(line, location.id, line.remaining);
    addCreate(location, {
      fulfillmentOrderId: fo.id,
      lineItems: lines.map((l) => ({ id: l.id, quantity: l.remaining })),
      orderLines: orderLines(lines),
    });
  };
  const moveTo = (fo: SnapshotFulfillmentOrder, location: { id: string; name: string }, lines: SnapshotLine[], whole: boolean) => {
    for (const line of lines) pool.take(line, location.id, line.remaining);
    moves.push({
      kind: 'move',
      fulfillmentOrderId: fo.id,
      fromLocationId: fo.locationId,
      toLocationId: location.id,
      toLocationName: location.name,
      ...(whole ? {} : { lineItems: lines.map((l) => ({ id: l.id, quantity: l.remaining })) }),
    });
    // Whatever the move returns (same id or a new fulfillment order) is what gets fulfilled.
    addCreate(location, { fulfillmentOrderId: fo.id, fromMove: moves.length - 1, orderLines: orderLines(lines) });
  };
  const failures: string[] = [];

  for (const fo of input.fulfillable) {
    const open = fo.lines.filter((l) => l.remaining > 0);
    for (const line of open) fulfils[line.id] = line.remaining;
    const { candidates, excluded } = placesFor(snapshot, fo, bans.get(fo.id));
    const base = { id: fo.id, assigned: { id: fo.locationId, name: fo.locationName }, excluded };
    const pinned = input.pinned?.[fo.id];
    // Kept where an earlier attempt moved it, unless the stock there is gone since: then decided again.
    if (
      pinned &&
      pinned === fo.locationId &&
      pool.cover(
        open.map((line) => ({ line })),
        pinned,
      ).all
    ) {
      explanation.fulfillmentOrders.push({
        ...base,
        decision: 'keep',
        location: { id: pinned, name: fo.locationName },
        reason: 'an earlier attempt of this run moved it here; fulfilling it here without moving it again',
        candidates: [],
      });
      keepHere(fo, { id: pinned, name: fo.locationName }, open);
      continue;
    }
    const scored = candidates.map((c) => scoreLocation(snapshot, order, now, rule, fo, c, open, pool, false)).sort(compareScored);
    const explained = scored.map(toExplanation);
    const winner = scored.find((s) => s.eligible);
    if (winner) {
      const location = { id: winner.location.id, name: winner.location.name };
      if (winner.assigned) {
        explanation.fulfillmentOrders.push({
          ...base,
          decision: 'keep',
          location,
          reason: `${location.name} (already assigned) is the best eligible location`,
          candidates: explained,
        });
        keepHere(fo, location, open);
      } else {
        explanation.fulfillmentOrders.push({
          ...base,
          decision: 'move',
          location,
          reason: `${location.name} is the best eligible location; moving from ${fo.locationName}`,
          candidates: explained,
        });
        moveTo(fo, location, open, true);
      }
      continue;
    }
    if (allowSplit) {
      const split = splitLines(snapshot, order, now, rule, fo, open, candidates, pool);
      if (split.ok) {
        const lines: NonNullable<FulfillmentOrderDecision['lines']> = [];
        const groups = new Map<string, { candidate: Candidate; lines: SnapshotLine[] }>();
        for (const { line, best, candidate } of split.lines) {
          const group = groups.get(best.location.id) ?? { candidate, lines: [] };
          group.lines.push(line);
          groups.set(best.location.id, group);
          lines.push({
            id: line.id,
            sku: line.sku,
            title: line.title,
            quantity: line.remaining,
            location: { id: best.location.id, name: best.location.name },
            reason: best.reason,
          });
        }
        for (const group of groups.values()) {
          const location = { id: group.candidate.location.id, name: group.candidate.location.name };
          if (group.candidate.reach.kind === 'assigned') keepHere(fo, location, group.lines);
          // A group holding every open line is a whole move (Shopify keeps the id when it can).
          else moveTo(fo, location, group.lines, group.lines.length === open.length);
        }
        explanation.fulfillmentOrders.push({
          ...base,
          decision: 'split',
          location: null,
          reason: `no single location qualifies; allow_split sends each line to its best eligible location (${[...groups.values()].map((g) => g.candidate.location.name).join(', ')})`,
          candidates: explained,
          lines,
        });
        continue;
      }
      failures.push(`${fo.locationName} fulfillment order ${fo.id}: no single location qualifies, and with allow_split ${split.reason}`);
      explanation.fulfillmentOrders.push({
        ...base,
        decision: 'keep',
        location: null,
        reason: 'no eligible location',
        candidates: explained,
      });
      continue;
    }
    const tried = explained.map((c) => `${c.name}: ${c.reason}`).join('; ');
    failures.push(
      `fulfillment order ${fo.id} (at ${fo.locationName}): ${tried || 'no candidate location'}${excludedText(excluded, tried ? '' : 'the shop has no active location that fulfills online orders')}`,
    );
    explanation.fulfillmentOrders.push({
      ...base,
      decision: 'keep',
      location: null,
      reason: 'no eligible location',
      candidates: explained,
    });
  }

  const failure =
    failures.length > 0
      ? refuse(
          'no_eligible_location',
          `No eligible location for order ${snapshot.order.name}. ${failures.join('. ')}.${allowSplit ? '' : ' (Splitting across locations is off: a rule with allow_split can send each line to its own location.)'}`,
          explanation,
        )
      : null;
  // Moves first (a move gives the fulfillment order the creates use), then one create per location.
  const steps: FulfillmentStep[] = [...moves, ...creates.values()];
  return { plan: { steps, notifyCustomer: input.notify.notify, fulfils }, explanation, failure };
}

/** The locations that were not candidates and why, for a failure message (the first few; all are in the explanation). */
function excludedText(excluded: readonly { name: string; reason: string }[], none: string): string {
  if (excluded.length === 0) return none ? `; ${none}` : '';
  const shown = excluded.slice(0, 8).map((e) => `${e.name}: ${e.reason}`);
  return `; not candidates: ${shown.join('; ')}${excluded.length > shown.length ? `; and ${excluded.length - shown.length} more (see the run's explanation)` : ''}`;
}

/** The units of each order line item in `lines` (what a create must find on a moved fulfillment order). */
function orderLines(lines: SnapshotLine[]): { lineItemId: string; quantity: number }[] {
  const units = new Map<string, number>();
  for (const line of lines) units.set(line.lineItemId, (units.get(line.lineItemId) ?? 0) + line.remaining);
  return [...units].map(([lineItemId, quantity]) => ({ lineItemId, quantity }));
}

/** Why a location is never a candidate, whatever the fulfillment order. */
function unusable(location: SnapshotLocation, shipping: boolean): string | null {
  if (!location.isActive) return 'inactive';
  if (location.isFulfillmentService) return "another app's fulfillment service: flowfill never fulfils there";
  if (shipping && !location.fulfillsOnlineOrders) return 'does not fulfill online orders';
  return null;
}

/**
 * The candidate locations of one fulfillment order and why the others are not: its assigned
 * location, and for a shipping order that Shopify lets move, the locations `locationsForMove` lists.
 */
function placesFor(
  snapshot: Snapshot,
  fo: SnapshotFulfillmentOrder,
  banned: ReadonlyMap<string, string> = new Map(),
): { candidates: Candidate[]; excluded: { id: string; name: string; reason: string }[] } {
  const shipping = fo.deliveryMethod === 'SHIPPING';
  const canMove = fo.supportedActions.includes('MOVE');
  const candidates: Candidate[] = [];
  const excluded: { id: string; name: string; reason: string }[] = [];
  for (const location of snapshot.locations) {
    const exclude = (reason: string) => excluded.push({ id: location.id, name: location.name, reason });
    const never = unusable(location, shipping);
    if (never) {
      exclude(never);
      continue;
    }
    if (location.id === fo.locationId) {
      candidates.push({ location, reach: { kind: 'assigned' } });
      continue;
    }
    if (!shipping) {
      exclude(`a ${fo.deliveryMethod ?? 'non-shipping'} fulfillment order stays at ${fo.locationName}, the location the customer chose`);
      continue;
    }
    const ban = banned.get(location.id);
    if (ban) {
      exclude(`not moved here: ${ban}`);
      continue;
    }
    const target = fo.moveTargets?.[location.id];
    if (!canMove) {
      exclude(
        `Shopify does not allow moving this fulfillment order${target?.message ? `: ${target.message}` : ` (status ${fo.status}; supported actions: ${fo.supportedActions.join(', ') || 'none'})`}`,
      );
      continue;
    }
    if (!target) {
      exclude('Shopify does not list it among the locations this fulfillment order can move to');
      continue;
    }
    if (target.movable) {
      candidates.push({ location, reach: { kind: 'movable' } });
      continue;
    }
    // Not movable whole: usable for a partial move only when what it lacks explains that (some open line not stocked there).
    const unstocked = fo.lines.filter((l) => l.remaining > 0 && l.inventoryItemId && !l.levels[location.id]);
    if (unstocked.length > 0)
      candidates.push({ location, reach: { kind: 'partial', message: target.message ?? 'some items are not stocked there' } });
    else exclude(`Shopify will not move this fulfillment order here: ${target.message ?? 'no reason given'}`);
  }
  return { candidates, excluded };
}

function scoreLocation(
  snapshot: Snapshot,
  order: OrderContext,
  now: string,
  rule: CompiledRule | null,
  fo: SnapshotFulfillmentOrder,
  candidate: Candidate,
  lines: SnapshotLine[],
  pool: StockPool,
  partialAllowed: boolean,
): Scored {
  const { location, reach } = candidate;
  const coverage: Coverage = pool.cover(
    lines.map((line) => ({ line })),
    location.id,
  );
  const ctx = { order, location: locationContext(snapshot, location, fo, coverage), fulfillment_order: fulfillmentOrderContext(fo), now };
  const ruleEligible = rule?.evaluate('eligible', ctx);
  const ruleScore = rule?.evaluate('score', ctx);
  const short = coverage.perLine.filter((c) => !c.covered);
  const stock =
    short.length === 0
      ? `all ${lines.length} line(s) in stock`
      : `out of stock: ${short.map((c) => `${c.line.sku ?? c.line.title} (${c.reason})`).join(', ')}`;
  const reachable = reach.kind !== 'partial' || partialAllowed;
  const eligible = (ruleEligible ?? true) && coverage.all && reachable;
  const why: string[] = [];
  if (ruleEligible !== undefined) why.push(`rule eligible: ${ruleEligible}`);
  why.push(stock);
  if (ruleEligible === true && !coverage.all) why.push('flowfill never ships units a location does not have');
  if (!reachable && coverage.all)
    why.push(`Shopify will not move the whole fulfillment order here: ${(reach as { message: string }).message}`);
  const distance = ctx.location.distance_km;
  const scoreText = ruleScore === undefined ? (distance === null ? 'distance unknown' : `${distance} km away`) : `score ${ruleScore}`;
  return {
    location,
    eligible,
    score: ruleScore ?? null,
    distance,
    assigned: ctx.location.is_assigned,
    linesInStock: ctx.location.lines_in_stock,
    reason: `${eligible ? 'eligible' : 'not eligible'}: ${why.join('; ')}; ${scoreText}${ctx.location.is_assigned ? '; assigned' : ''}`,
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
  return {
    id: s.location.id,
    name: s.location.name,
    eligible: s.eligible,
    score: s.score,
    distance_km: s.distance,
    is_assigned: s.assigned,
    lines_in_stock: s.linesInStock,
    reason: s.reason,
  };
}

/**
 * Places each line on its own at its best eligible location, taking its units from the pool as it
 * goes (so lines of one item share the stock). A location Shopify lists as not movable whole can
 * take the lines it stocks (a partial move).
 */
function splitLines(
  snapshot: Snapshot,
  order: OrderContext,
  now: string,
  rule: CompiledRule | null,
  fo: SnapshotFulfillmentOrder,
  open: SnapshotLine[],
  candidates: Candidate[],
  pool: StockPool,
): { ok: true; lines: { line: SnapshotLine; best: Scored; candidate: Candidate }[] } | { ok: false; reason: string } {
  const out: { line: SnapshotLine; best: Scored; candidate: Candidate }[] = [];
  const failed: string[] = [];
  const taken: { line: SnapshotLine; location: string }[] = [];
  for (const line of open) {
    // Each line is placed on its own: the location context sees only that line.
    const usable = candidates.filter((c) => c.reach.kind !== 'partial' || !line.inventoryItemId || !!line.levels[c.location.id]);
    const best = usable
      .map((candidate) => ({ candidate, scored: scoreLocation(snapshot, order, now, rule, fo, candidate, [line], pool, true) }))
      .sort((a, b) => compareScored(a.scored, b.scored))[0];
    if (best?.scored.eligible) {
      out.push({ line, best: best.scored, candidate: best.candidate });
      pool.take(line, best.candidate.location.id, line.remaining);
      taken.push({ line, location: best.candidate.location.id });
    } else failed.push(line.sku ?? line.title);
  }
  // The plan takes the units again when it commits to the split (keepHere/moveTo).
  for (const { line, location } of taken) pool.take(line, location, -line.remaining);
  if (failed.length > 0) return { ok: false, reason: `no location is eligible for ${failed.join(', ')}` };
  const first = out[0]?.candidate;
  if (first && first.reach.kind === 'partial' && out.every((o) => o.candidate === first)) {
    return {
      ok: false,
      reason: `every line would go to ${first.location.name}, where Shopify will not move the whole fulfillment order (${first.reach.message})`,
    };
  }
  return { ok: true, lines: out };
}
