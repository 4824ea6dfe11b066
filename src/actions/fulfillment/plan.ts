/** What both fulfillment planners produce: ordered steps for the executor, and shared pieces of the explanation. */
import { EXPRESSION_KEYS, type ActionHandle, type Rule } from '../../rules/document';
import type { CompiledRule } from '../../rules/engine';
import { mayRead, variablesRead } from '../../rules/variables';
import type { RunStep } from '../../db/schema';
import type { ActionContext } from '../action';
import { chooseNotify, chooseRule, type RuleUsed } from '../rule-choice';
import { CREATE_FULFILLMENT } from './documents';
import { orderContext } from './context';
import { NO_EARLIER_CREATES, readEarlierCreates } from './resume';
import { readOrder } from './result';
import { needsVariantIds } from './rule-reads';
import type { Snapshot, SnapshotFulfillmentOrder } from './snapshot';
import { fulfillmentStatus, type SkippedFulfillmentOrder } from './status';

/** Move a fulfillment order (or some of its lines) to another location. */
export interface MoveStep {
  kind: 'move';
  fulfillmentOrderId: string;
  fromLocationId: string | null;
  toLocationId: string;
  toLocationName: string;
  /** Partial move (split): these lines and quantities; absent: the whole fulfillment order, which keeps its id. */
  lineItems?: { id: string; quantity: number }[];
}

/** Units of one order line item, to be found on a fulfillment order a move returned (its line item ids are new). */
export interface OrderLineQuantity {
  lineItemId: string;
  quantity: number;
}

/** One fulfillmentCreate at one location, always with explicit quantities. */
export interface CreateStep {
  kind: 'create';
  locationId: string;
  locationName: string;
  fulfillmentOrders: (
    | {
        /** A fulfillment order already at this location, and its line items to fulfil. */
        fulfillmentOrderId: string;
        lineItems: { id: string; quantity: number }[];
        /** The same units by order line (a move into this location may make Shopify recreate the fulfillment order; a re-send recognises the fulfillment by them). */
        orderLines: OrderLineQuantity[];
      }
    | {
        /** The snapshot's fulfillment order that move step `fromMove` moved here: the create fulfils what that move returned. */
        fulfillmentOrderId: string;
        fromMove: number;
        orderLines: OrderLineQuantity[];
      }
  )[];
}

export type FulfillmentStep = MoveStep | CreateStep;

export interface FulfillmentPlan {
  steps: FulfillmentStep[];
  notifyCustomer: boolean;
  /** FO line items that the plan fulfils (id → units), to count lines fulfilled and left. */
  fulfils: Record<string, number>;
}

/** What both planners decide from: the snapshot, its fulfillable/skipped split, the rule, notify, the time. */
export interface PlannerInput {
  snapshot: Snapshot;
  fulfillable: SnapshotFulfillmentOrder[];
  skipped: SkippedFulfillmentOrder[];
  rule: CompiledRule | null;
  ruleUsed: RuleUsed;
  notify: { notify: boolean; source: string };
  now: string;
}

const CREATE_STEP = CREATE_FULFILLMENT.name;

/**
 * Whether any of `rules` may read `line.on_hand` or `line.committed`, the only variables built from
 * those quantities: the built-in defaults and every other variable need `available` alone.
 * All the action's rules count, not just the one chosen later (choosing needs the snapshot).
 */
export function needsOnHandAndCommitted(rules: readonly Rule[]): boolean {
  return rules.some((rule) =>
    EXPRESSION_KEYS.some((key) => {
      if (rule[key] === undefined) return false;
      const read = variablesRead(rule[key]);
      return mayRead(read, 'line.on_hand') || mayRead(read, 'line.committed');
    }),
  );
}

/**
 * What both rule-driven actions read and choose before planning: snapshot, what earlier attempts
 * of the run fulfilled, rule, status, notify. The rules are loaded first: they decide which
 * inventory quantities the snapshot reads; the rule is chosen before the status because it says
 * which delivery methods the run handles. `previous`: the run's earlier steps; when one sent a
 * fulfillmentCreate, what it made is read back first (one query), so this attempt neither
 * repeats it nor takes someone else's fulfillment for it. `moves`: the action may move
 * fulfillment orders, so the snapshot reads where Shopify lets them go.
 */
export async function prepare(
  context: Pick<
    ActionContext<{ order_id: string; rule?: string; notify_customer?: boolean }>,
    'admin' | 'shop' | 'properties' | 'clock' | 'loadRules'
  >,
  action: ActionHandle,
  options: { previous?: readonly RunStep[]; moves?: boolean } = {},
) {
  const rules = await context.loadRules(action);
  const snapshot = await readOrder(context, {
    onHandAndCommitted: needsOnHandAndCommitted(rules),
    variants: needsVariantIds(rules),
    moves: options.moves === true,
  });
  const previous = options.previous ?? [];
  const earlier = previous.some((s) => s.name === CREATE_STEP && s.state !== 'failed')
    ? await readEarlierCreates(context.admin, previous, snapshot)
    : NO_EARLIER_CREATES;
  const now = new Date(context.clock.now()).toISOString();
  const order = orderContext(snapshot);
  const rule = chooseRule(rules, action, { order, now }, context.properties.rule, context.shop);
  const deliveryMethods = rule.compiled?.deliveryMethods;
  const resumingCreate = earlier.fulfillments.length > 0;
  const status = fulfillmentStatus(snapshot, { resumingCreate, now, ...(deliveryMethods ? { deliveryMethods } : {}) });
  const notify = status.kind === 'done' ? null : chooseNotify(context.properties.notify_customer, rule.compiled, { order, now });
  return { snapshot, earlier, status, now, rule, notify };
}
