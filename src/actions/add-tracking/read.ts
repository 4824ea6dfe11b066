/**
 * The read of "Add tracking": the shop's rules, the order with all its fulfillments (and, when
 * needed, all its fulfillment orders and line quantities), and the country a fulfillment left
 * from when the number's format needs it to name the carrier.
 */
import type { RunStep } from '../../db/schema';
import { ActionError } from '../../errors';
import type { Rule } from '../../rules/document';
import type { StoredRule } from '../../rules/store';
import { rulesMayRead } from '../../rules/variables';
import type { AdminClient } from '../../shopify/client';
import type { ActionContext } from '../action';
import { orderFacts, type OrderFacts } from '../order';
import { isRefusal, type Refusal } from '../refusal';
import { firstDetection } from './decide';
import { locateTarget, type Target } from './plan';
import {
  CREATE_FULFILLMENT,
  FULFILLMENT_ORIGIN,
  FULFILLMENT_ORDERS_MAX,
  FULFILLMENTS_FIRST_READ,
  FULFILLMENTS_MAX,
  ORDER_FULFILLMENT_ORDERS,
  ORDER_FULFILLMENTS,
  ORDER_LINE_QUANTITIES,
  ORDER_TRACKING,
  type OrderTrackingData,
} from './documents';
import type { AddTrackingProperties } from './properties';

export type TrackingOrder = Omit<NonNullable<OrderTrackingData['order']>, 'lineItems'> & {
  /** The order as rules see it (line figures are 0 when no rule may read them: they were not read). */
  facts: OrderFacts;
};

/** What a run read. */
export interface TrackingRead {
  /** The shop's add-tracking rules (enabled or not). */
  rules: StoredRule[];
  order: TrackingOrder;
  /** Where the number goes (locateTarget), or why nowhere: it decides what else is read. */
  target: Target | Refusal;
  /** The country the fulfillment the number goes on left from; null when not needed (or Shopify has none). */
  origin: string | null;
}

/** Whether any of the shop's add-tracking rules may read the order's line figures (only then are the lines read). */
function needsLineCounts(rules: readonly Rule[]): boolean {
  return rulesMayRead(rules, ['order.line_count', 'order.total_quantity']);
}

/**
 * The rules, then the order (the rules say whether its line figures are read), then, for an
 * existing fulfillment, its origin country (one small query) only when a format fits the number
 * but the country must decide (two carriers' formats, or one a carrier uses only in some
 * countries) and the step names no company: the common case stays one read.
 */
export async function readTracking(
  context: Pick<ActionContext<AddTrackingProperties>, 'admin' | 'shop' | 'properties' | 'clock' | 'loadRules'>,
  previous: readonly RunStep[],
): Promise<TrackingRead> {
  const { properties: props } = context;
  const rules = await context.loadRules('add-tracking');
  const order = await readTrackingOrder(context.admin, context.shop, props.order_id, {
    fulfillmentOrders: props.fulfill_if_needed ?? false,
    lineCounts: needsLineCounts(rules),
  });
  // Where the number goes decides whose origin country matters.
  const target = locateTarget({
    order,
    trackingNumber: props.tracking_number,
    fulfillIfNeeded: props.fulfill_if_needed ?? false,
    resumingCreate: previous.some((s) => s.name === CREATE_FULFILLMENT.name),
    now: context.clock.now(),
  });
  if (isRefusal(target) || target.kind !== 'update' || props.tracking_company) return { rules, order, target, origin: null };
  const first = firstDetection(props.tracking_number, target, order);
  if (first.company !== null || first.candidates.length === 0) return { rules, order, target, origin: null };
  const origin = (await context.admin.request(FULFILLMENT_ORIGIN, { id: target.fulfillment.id })).fulfillment?.location?.address
    .countryCode;
  return { rules, order, target, origin: origin ?? null };
}

/** The most line items read for the rules' line figures; past it the run fails with 422 `order_too_large`. */
const LINE_ITEMS_MAX = 5000;

/**
 * One query; a second for the rest of the fulfillments when the first came back full; and, only
 * when they are used, the rest of the fulfillment orders (fulfil-if-needed) and line items (a rule
 * reading `order.line_count`/`order.total_quantity`). Fails with 422 rather than decide on a cut list.
 */
export async function readTrackingOrder(
  admin: AdminClient,
  shop: string,
  orderId: string,
  needs: { fulfillmentOrders: boolean; lineCounts: boolean },
): Promise<TrackingOrder> {
  const data = await admin.request(ORDER_TRACKING, { id: orderId, lineCounts: needs.lineCounts });
  if (!data.order) {
    throw new ActionError('order_not_found', `Order ${orderId} was not found in ${shop}. Check the order reference of the Flow step.`);
  }
  const { lineItems, ...order } = data.order;
  let fulfillments = order.fulfillments;
  if (fulfillments.length >= FULFILLMENTS_FIRST_READ) {
    fulfillments = (await admin.request(ORDER_FULFILLMENTS, { id: orderId })).order?.fulfillments ?? fulfillments;
    if (fulfillments.length >= FULFILLMENTS_MAX) {
      // Shopify gives no more at once and cannot page this list: the newest may be among the rest.
      throw new ActionError(
        'order_too_large',
        `Order ${order.name} has ${FULFILLMENTS_MAX} or more fulfillments; flowfill reads at most ${FULFILLMENTS_MAX} and could not tell which is the most recent. Add this tracking number in the Shopify admin.`,
      );
    }
  }
  let fulfillmentOrders = order.fulfillmentOrders;
  if (needs.fulfillmentOrders && fulfillmentOrders.pageInfo.hasNextPage) {
    const nodes = [...fulfillmentOrders.nodes];
    let after = fulfillmentOrders.pageInfo.endCursor;
    while (after) {
      if (nodes.length >= FULFILLMENT_ORDERS_MAX) {
        throw new ActionError(
          'order_too_large',
          `Order ${order.name} has more than ${FULFILLMENT_ORDERS_MAX} fulfillment orders; flowfill reads at most ${FULFILLMENT_ORDERS_MAX} and will not fulfil part of them. Nothing was changed.`,
        );
      }
      const page = (await admin.request(ORDER_FULFILLMENT_ORDERS, { id: orderId, after })).order?.fulfillmentOrders;
      if (!page) break;
      nodes.push(...page.nodes);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    }
    fulfillmentOrders = { nodes, pageInfo: { hasNextPage: false, endCursor: null } };
  }
  const quantities = lineItems ? await allQuantities(admin, orderId, order.name, lineItems) : [];
  const lines = { lineCount: quantities.length, totalQuantity: quantities.reduce((sum, q) => sum + q, 0) };
  return { ...order, fulfillments, fulfillmentOrders, facts: orderFacts(order, lines) };
}

async function allQuantities(
  admin: AdminClient,
  orderId: string,
  orderName: string,
  first: NonNullable<NonNullable<OrderTrackingData['order']>['lineItems']>,
): Promise<number[]> {
  const quantities = first.nodes.map((n) => n.quantity);
  let after = first.pageInfo.hasNextPage ? first.pageInfo.endCursor : null;
  while (after) {
    if (quantities.length >= LINE_ITEMS_MAX) {
      throw new ActionError(
        'order_too_large',
        `Order ${orderName} has more than ${LINE_ITEMS_MAX} line items; a rule reads the order's line count, which flowfill will not guess. Nothing was changed.`,
      );
    }
    const page = (await admin.request(ORDER_LINE_QUANTITIES, { id: orderId, after })).order?.lineItems;
    if (!page) break;
    quantities.push(...page.nodes.map((n) => n.quantity));
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  }
  return quantities;
}
