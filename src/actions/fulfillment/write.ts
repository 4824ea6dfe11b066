/**
 * The executor: sends a plan's moves and creates in order through the step recorder (so the run
 * ledger knows each one), fulfils after every move the fulfillment order the move returned (same
 * id or a new one with new line item ids), and turns Shopify's user errors into a 422 naming what
 * was refused.
 */
import { ActionError } from '../../errors';
import type { RunStep } from '../../db/schema';
import type { AdminClient } from '../../shopify/client';
import { mutationRejected } from '../../shopify/errors';
import type { ExpectedStep, StepRecorder } from '../action';
import { CREATE_FULFILLMENT, MOVE_FULFILLMENT_ORDER, REFRESH_FULFILLMENT_ORDERS, type MovedFulfillmentOrder } from './documents';
import type { CreateStep, FulfillmentPlan, FulfillmentStep, MoveStep, OrderLineQuantity } from './plan';
import { createKey, type MadeFulfillment } from './earlier-creates';
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
  /** Creates of the plan not sent because an earlier attempt of the run made them (their fulfillment order line items). */
  madeBefore: string[];
  mutations: ExecutedMutation[];
}

const MOVE_STEP = MOVE_FULFILLMENT_ORDER.name;
/** Line items read back from a move's answer (a snapshot fulfillment order has at most 50). */
const MOVED_LINES = 50;

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

/**
 * Runs the plan's steps in order. Throws RejectedError (422 `shopify_rejected`) when Shopify refuses one. `landed`:
 * step keys of creates an earlier attempt of this run made (read back from Shopify): not sent again.
 */
export async function executePlan(
  admin: AdminClient,
  steps: StepRecorder,
  plan: FulfillmentPlan,
  landed: ReadonlySet<string> = new Set(),
): Promise<Execution> {
  const madeBefore: string[] = [];
  const mutations: ExecutedMutation[] = [];
  const fulfillments: Execution['fulfillments'] = [];
  const moved: MovedFulfillmentOrder[] = [];
  /** Move step index → whether Shopify answered with a new fulfillment order (not the one sent). */
  const recreated: boolean[] = [];
  for (const [index, step] of plan.steps.entries()) {
    if (step.kind === 'move') {
      const next = expectedCreate(step, plan.steps[index + 1], moved.length, landed);
      const payload = await steps.run(
        MOVE_STEP,
        moveKey(step.fulfillmentOrderId, step.toLocationId, step.lineItems),
        async () => {
          const data = await admin.request(MOVE_FULFILLMENT_ORDER, {
            id: step.fulfillmentOrderId,
            newLocationId: step.toLocationId,
            placedLines: MOVED_LINES,
            ...(step.lineItems ? { fulfillmentOrderLineItems: step.lineItems } : {}),
          });
          const result = data.fulfillmentOrderMove;
          const errors = result?.userErrors ?? [];
          if (
            errors.length > 0 ||
            !result?.movedFulfillmentOrder ||
            result.movedFulfillmentOrder.assignedLocation.location?.id !== step.toLocationId
          ) {
            throw mutationRejected(
              `move fulfillment order ${step.fulfillmentOrderId} to ${step.toLocationName}`,
              errors,
              result?.movedFulfillmentOrder ? 'the moved fulfillment order is not at that location' : 'no fulfillment order returned',
              { mutations },
            );
          }
          return result.movedFulfillmentOrder;
        },
        undefined,
        next,
      );
      moved.push(payload);
      recreated.push(payload.id !== step.fulfillmentOrderId);
      mutations.push({
        mutation: 'fulfillmentOrderMove',
        fulfillmentOrderIds: [step.fulfillmentOrderId],
        locationId: step.toLocationId,
        locationName: step.toLocationName,
        result:
          payload.id === step.fulfillmentOrderId
            ? `moved whole to ${step.toLocationName}`
            : `moved ${step.lineItems ? `${step.lineItems.length} line(s)` : 'its open lines'} to ${step.toLocationName} as ${payload.id}`,
      });
      continue;
    }
    // A move that made a new fulfillment order here may have closed the others planned here and
    // recreated their lines in it: read their state back and fulfil what is there now.
    const merged =
      step.fulfillmentOrders.length > 1 && step.fulfillmentOrders.some((item) => 'fromMove' in item && recreated[item.fromMove]);
    const groups = merged
      ? await groupsAfterMoves(admin, step, moved)
      : step.fulfillmentOrders.map((item) => createGroup(item, moved, step.locationName));
    const ids = groups.map((g) => g.fulfillmentOrderId);
    const key = createKey(step.locationId, ids);
    if (landed.has(key)) {
      // An earlier attempt's create here went through (its answer was lost): re-planning the same
      // fulfillment orders must not ship them again, whatever is still open on them.
      for (const item of step.fulfillmentOrders) if ('lineItems' in item) madeBefore.push(...item.lineItems.map((l) => l.id));
      mutations.push({
        mutation: 'fulfillmentCreate',
        fulfillmentOrderIds: ids,
        locationId: step.locationId,
        locationName: step.locationName,
        result: 'made by an earlier attempt of this run',
      });
      continue;
    }
    const sent = Object.fromEntries(unitsByOrderLine(step));
    const fulfillment = await steps.run(
      CREATE_FULFILLMENT.name,
      key,
      async () => {
        const data = await admin.request(CREATE_FULFILLMENT, {
          fulfillment: { lineItemsByFulfillmentOrder: groups, notifyCustomer: plan.notifyCustomer },
        });
        const result = data.fulfillmentCreate;
        const errors = result?.userErrors ?? [];
        if (errors.length > 0 || !result?.fulfillment) {
          throw mutationRejected(`fulfill at ${step.locationName}`, errors, 'no fulfillment returned', { mutations });
        }
        return result.fulfillment;
      },
      { sent },
    );
    fulfillments.push({ id: fulfillment.id, locationId: step.locationId, locationName: step.locationName });
    mutations.push({
      mutation: 'fulfillmentCreate',
      fulfillmentOrderIds: ids,
      locationId: step.locationId,
      locationName: step.locationName,
      result: `created ${fulfillment.id}`,
    });
  }
  return { fulfillments, madeBefore, mutations };
}

/**
 * The create step expected right after a whole move, when the plan fulfils just what that move
 * sends there: Shopify keeps an untouched fulfillment order's id when it moves whole, so the
 * create's key is known before the move and its step can be recorded with the move's (one
 * database round trip fewer). If the move answers with a new fulfillment order, the create gets
 * its own write as before. Null when nothing can be foretold.
 */
function expectedCreate(
  move: MoveStep,
  following: FulfillmentStep | undefined,
  moveIndex: number,
  landed: ReadonlySet<string>,
): ExpectedStep | undefined {
  if (move.lineItems || following?.kind !== 'create' || following.fulfillmentOrders.length !== 1) return undefined;
  const item = following.fulfillmentOrders[0]!;
  if (!('fromMove' in item) || item.fromMove !== moveIndex || item.fulfillmentOrderId !== move.fulfillmentOrderId) return undefined;
  const key = createKey(following.locationId, [move.fulfillmentOrderId]);
  if (landed.has(key)) return undefined;
  return { name: CREATE_FULFILLMENT.name, key, detail: { sent: Object.fromEntries(unitsByOrderLine(following)) } };
}

/** A create's planned units by order line item, over all its fulfillment orders. */
function unitsByOrderLine(step: CreateStep): Map<string, number> {
  const units = new Map<string, number>();
  for (const item of step.fulfillmentOrders)
    for (const line of item.orderLines) units.set(line.lineItemId, (units.get(line.lineItemId) ?? 0) + line.quantity);
  return units;
}

/**
 * The create's groups from the current state of the fulfillment orders planned at this location
 * (the kept ones, and what each move returned), the planned units found by order line. One
 * extra read, only when a move into a location that already had others returned a new one.
 */
async function groupsAfterMoves(admin: AdminClient, step: CreateStep, moved: readonly MovedFulfillmentOrder[]) {
  const ids = [...new Set(step.fulfillmentOrders.map((item) => ('fromMove' in item ? moved[item.fromMove]!.id : item.fulfillmentOrderId)))];
  // One recreated fulfillment order may hold every planned line here: read that many of each.
  const placedLines = Math.min(
    250,
    Math.max(
      1,
      step.fulfillmentOrders.reduce((n, item) => n + item.orderLines.length, 0),
    ),
  );
  const chunk = Math.max(1, Math.floor(950 / (6 + 2 * placedLines)));
  const current: MovedFulfillmentOrder[] = [];
  for (let i = 0; i < ids.length; i += chunk) {
    const data = await admin.request(REFRESH_FULFILLMENT_ORDERS, { ids: ids.slice(i, i + chunk), placedLines });
    for (const n of data.nodes) {
      if (
        !n ||
        !('id' in n) ||
        !n.id ||
        n.assignedLocation.location?.id !== step.locationId ||
        n.status === 'CLOSED' ||
        n.status === 'CANCELLED'
      )
        continue;
      if (n.lineItems.pageInfo.hasNextPage) {
        throw new ActionError(
          'order_too_large',
          `After the moves to ${step.locationName}, fulfillment order ${n.id} holds more than ${placedLines} line items; nothing was fulfilled there. Fulfill it in the Shopify admin.`,
          422,
        );
      }
      current.push(n as MovedFulfillmentOrder);
    }
  }
  // Take the planned units of each order line from the fulfillment orders in turn.
  const left = unitsByOrderLine(step);
  const groups: { fulfillmentOrderId: string; fulfillmentOrderLineItems: { id: string; quantity: number }[] }[] = [];
  for (const fo of current) {
    const want = [...left].filter(([, quantity]) => quantity > 0).map(([lineItemId, quantity]) => ({ lineItemId, quantity }));
    const lines = takeFrom(want, fo);
    for (const line of lines.taken) left.set(line.lineItemId, left.get(line.lineItemId)! - line.quantity);
    if (lines.items.length > 0) groups.push({ fulfillmentOrderId: fo.id, fulfillmentOrderLineItems: lines.items });
  }
  const missing = [...left].filter(([, quantity]) => quantity > 0);
  if (missing.length > 0) {
    throw new ActionError(
      'move_mismatch',
      `After the moves to ${step.locationName}, Shopify's fulfillment orders there lack ${missing.map(([id, n]) => `${n} unit(s) of order line ${id}`).join(', ')}; nothing was fulfilled at ${step.locationName}. Check the order in the Shopify admin.`,
      422,
    );
  }
  return groups;
}

/** Up to the wanted units of each order line from one fulfillment order's line items. */
function takeFrom(wanted: readonly OrderLineQuantity[], fo: MovedFulfillmentOrder) {
  const items: { id: string; quantity: number }[] = [];
  const taken: OrderLineQuantity[] = [];
  for (const { lineItemId, quantity } of wanted) {
    let left = quantity;
    for (const line of fo.lineItems.nodes) {
      if (left === 0) break;
      if (line.lineItem.id !== lineItemId || line.remainingQuantity <= 0) continue;
      const take = Math.min(left, line.remainingQuantity);
      items.push({ id: line.id, quantity: take });
      taken.push({ lineItemId, quantity: take });
      left -= take;
    }
  }
  return { items, taken };
}

/** One fulfillment order of a create: as planned, or what a move returned with the planned units found on its new line items. */
function createGroup(item: CreateStep['fulfillmentOrders'][number], moved: readonly MovedFulfillmentOrder[], locationName: string) {
  if (!('fromMove' in item)) return { fulfillmentOrderId: item.fulfillmentOrderId, fulfillmentOrderLineItems: item.lineItems };
  const target = moved[item.fromMove];
  if (!target) throw new Error(`create refers to move ${item.fromMove}, which was not sent`);
  return {
    fulfillmentOrderId: target.id,
    fulfillmentOrderLineItems: onMovedLines(item.orderLines, target, item.fulfillmentOrderId, locationName),
  };
}

/**
 * The planned units of each order line on the moved fulfillment order's line items. Never more:
 * a fulfillment order Shopify recreated at a location may hold other lines too. Fails (nothing
 * fulfilled there) when the move did not bring what was planned.
 */
function onMovedLines(
  wanted: readonly OrderLineQuantity[],
  moved: MovedFulfillmentOrder,
  source: string,
  locationName: string,
): { id: string; quantity: number }[] {
  const { items, taken } = takeFrom(wanted, moved);
  for (const { lineItemId, quantity } of wanted) {
    const got = taken.filter((t) => t.lineItemId === lineItemId).reduce((n, t) => n + t.quantity, 0);
    if (got < quantity) {
      throw new ActionError(
        'move_mismatch',
        `Shopify moved fulfillment order ${source} to ${locationName} as ${moved.id}, but that fulfillment order lacks ${quantity - got} unit(s) of order line ${lineItemId}; nothing was fulfilled at ${locationName}. Check the order in the Shopify admin.`,
        422,
      );
    }
  }
  return items;
}
