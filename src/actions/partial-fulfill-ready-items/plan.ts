/**
 * The pure planner of "Partially fulfill ready items": each open line is ready by the rule's `ready`
 * (and `ready_quantity`), or by the default: its whole remaining quantity is in stock at its
 * assigned location. Lines are taken in order and share the stock of their item (two lines of one
 * variant draw on the same units, see stock.ts); whatever the rule says, a line never ships more
 * units than are left for it. One fulfillmentCreate per location for the ready lines; the rest
 * stays open.
 */
import { fulfillmentOrderContext, lineContext, orderContext } from '../fulfillment/context';
import type { CreateStep, FulfillmentPlan, PlannerInput } from '../fulfillment/plan';
import type { RuleUsed } from '../rule-choice';
import type { SkippedFulfillmentOrder } from '../fulfillment/status';
import { StockPool } from '../fulfillment/stock';

export type ReadyItemsInput = PlannerInput;

export interface LineExplanation {
  id: string;
  fulfillment_order_id: string;
  location: string;
  sku: string | null;
  title: string;
  quantity: number;
  ready: boolean;
  ready_quantity: number;
  reason: string;
}

export interface ReadyItemsExplanation {
  action: 'partial-fulfill-ready-items';
  order: string;
  rule: RuleUsed;
  notifyCustomer: { value: boolean; source: string };
  lines: LineExplanation[];
  skipped: SkippedFulfillmentOrder[];
  notes: string[];
  /** Why nothing is done, when nothing is ready. */
  outcome?: string;
  mutations: unknown[];
}

/** Plans one create per location for the ready lines; an empty plan (with `outcome`) when nothing is ready. */
export function planReadyItems(input: ReadyItemsInput): { plan: FulfillmentPlan; explanation: ReadyItemsExplanation } {
  const { snapshot, rule, now } = input;
  const order = orderContext(snapshot);
  const lines: LineExplanation[] = [];
  const creates = new Map<string, CreateStep>();
  const fulfils: Record<string, number> = {};
  const pool = new StockPool(input.fulfillable);
  for (const fo of input.fulfillable) {
    const items: { id: string; quantity: number }[] = [];
    const units: { lineItemId: string; quantity: number }[] = [];
    for (const line of fo.lines) {
      if (line.remaining <= 0) continue;
      const ctx = { order, line: lineContext(line, fo, pool), fulfillment_order: fulfillmentOrderContext(fo), now };
      // What the location can still give this line once the order's earlier lines took theirs.
      const free = fo.locationId ? pool.free(line, fo.locationId) : null;
      const cover = Math.max(0, Math.min(line.remaining, free ?? 0));
      const stock = fo.locationId ? pool.describe(line, fo.locationId) : 'no assigned location';
      const ruled = rule?.evaluate('ready', ctx);
      let ready: boolean;
      let reason: string;
      if (ruled !== undefined) {
        ready = ruled;
        reason = `rule "${rule!.name}" ready: ${ruled}`;
      } else {
        ready = cover >= line.remaining;
        reason = `${ready ? 'in stock' : 'not in stock'} at ${fo.locationName}: ${stock}`;
      }
      let quantity = ready ? line.remaining : 0;
      if (ready) {
        const asked = rule?.evaluate('ready_quantity', ctx);
        if (asked !== undefined) {
          quantity = Math.max(0, Math.min(line.remaining, Math.floor(asked)));
          reason += `; ready_quantity ${asked}${quantity !== asked ? ` → ${quantity} (0..${line.remaining}, whole units)` : ''}`;
        }
        if (quantity > cover) {
          // A rule may ship fewer units than it could, never more than the location has left for it.
          reason += `; only ${cover} of ${quantity} can ship from ${fo.locationName} (${stock})`;
          quantity = asked === undefined ? 0 : cover;
          if (asked === undefined) reason += ': a line without ready_quantity ships whole or not at all';
        }
        if (quantity === 0) ready = false;
      }
      lines.push({
        id: line.id,
        fulfillment_order_id: fo.id,
        location: fo.locationName,
        sku: line.sku,
        title: line.title,
        quantity: line.remaining,
        ready,
        ready_quantity: quantity,
        reason,
      });
      if (quantity > 0 && fo.locationId) {
        pool.take(line, fo.locationId, quantity);
        items.push({ id: line.id, quantity });
        units.push({ lineItemId: line.lineItemId, quantity });
        fulfils[line.id] = quantity;
      }
    }
    if (items.length === 0 || !fo.locationId) continue;
    const step = creates.get(fo.locationId) ?? {
      kind: 'create' as const,
      locationId: fo.locationId,
      locationName: fo.locationName,
      fulfillmentOrders: [],
    };
    step.fulfillmentOrders.push({ fulfillmentOrderId: fo.id, lineItems: items, orderLines: units });
    creates.set(fo.locationId, step);
  }
  const explanation: ReadyItemsExplanation = {
    action: 'partial-fulfill-ready-items',
    order: snapshot.order.name,
    rule: input.ruleUsed,
    notifyCustomer: { value: input.notify.notify, source: input.notify.source },
    lines,
    skipped: input.skipped,
    notes: [...snapshot.notes],
    mutations: [],
  };
  if (creates.size === 0) {
    explanation.outcome = `nothing in ${snapshot.order.name} is ready: ${lines.map((l) => `${l.sku ?? l.title}: ${l.reason}`).join('; ')}`;
  }
  return { plan: { steps: [...creates.values()], notifyCustomer: input.notify.notify, fulfils }, explanation };
}
