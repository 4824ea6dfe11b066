/** What both fulfillment planners produce: ordered steps for the executor, and shared pieces of the explanation. */
import type { CompiledRule } from '../../rules/engine';
import type { RuleUsed } from '../rule-choice';
import type { Snapshot, SnapshotFulfillmentOrder } from './snapshot';
import type { SkippedFulfillmentOrder } from './status';

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
