/**
 * The pure planner of "Partially fulfill ready items": each open line is ready by the rule's `ready`
 * (and `ready_quantity`), or by the default: in stock at its assigned location (this order's units
 * already committed there), and always when it needs no shipping. One fulfillmentCreate per
 * location for the ready lines; the rest stays open.
 */
import { fulfillmentOrderContext, lineContext, lineStockAt, orderContext } from '../fulfillment/context';
import type { CreateStep, FulfillmentPlan, PlannerInput, RuleUsed } from '../fulfillment/plan';
import type { SkippedFulfillmentOrder } from '../fulfillment/status';

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
  for (const fo of input.fulfillable) {
    const items: { id: string; quantity: number }[] = [];
    for (const line of fo.lines) {
      if (line.remaining <= 0) continue;
      const ctx = { order, line: lineContext(line, fo), fulfillment_order: fulfillmentOrderContext(fo), now };
      const ruled = rule?.evaluate('ready', ctx);
      let ready: boolean;
      let reason: string;
      if (ruled !== undefined) {
        ready = ruled;
        reason = `rule "${rule!.name}" ready: ${ruled}`;
      } else if (!line.requiresShipping) {
        ready = true;
        reason = 'needs no shipping: always ready';
      } else {
        const stock = fo.locationId ? lineStockAt(line, fo, fo.locationId) : { inStock: false, reason: 'no assigned location' };
        ready = stock.inStock;
        reason = `${ready ? 'in stock' : 'not in stock'} at ${fo.locationName}: ${stock.reason}`;
      }
      let quantity = ready ? line.remaining : 0;
      if (ready) {
        const asked = rule?.evaluate('ready_quantity', ctx);
        if (asked !== undefined) {
          quantity = Math.max(0, Math.min(line.remaining, Math.floor(asked)));
          reason += `; ready_quantity ${asked}${quantity !== asked ? ` → ${quantity} (0..${line.remaining}, whole units)` : ''}`;
          if (quantity === 0) ready = false;
        }
      }
      lines.push({ id: line.id, fulfillment_order_id: fo.id, location: fo.locationName, sku: line.sku, title: line.title, quantity: line.remaining, ready, ready_quantity: quantity, reason });
      if (quantity > 0) {
        items.push({ id: line.id, quantity });
        fulfils[line.id] = quantity;
      }
    }
    if (items.length === 0 || !fo.locationId) continue;
    const step = creates.get(fo.locationId) ?? { kind: 'create' as const, locationId: fo.locationId, locationName: fo.locationName, fulfillmentOrders: [] };
    step.fulfillmentOrders.push({ fulfillmentOrderId: fo.id, lineItems: items });
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
