/**
 * The read of both rule-driven fulfillment actions: the shop's rules, the order's snapshot and
 * what earlier attempts of the run made. Everything they decide from comes from here.
 */
import type { RunStep } from '../../db/schema';
import { ActionError } from '../../errors';
import type { ActionHandle, Rule } from '../../rules/document';
import type { StoredRule } from '../../rules/store';
import { rulesMayRead } from '../../rules/variables';
import type { ActionContext } from '../action';
import { CREATE_FULFILLMENT } from './documents';
import { NO_EARLIER_CREATES, readEarlierCreates, type EarlierCreates } from './earlier-creates';
import { loadSnapshot, type Snapshot, type SnapshotOptions } from './snapshot';

/** What a run of either action read. */
export interface FulfillmentRead {
  /** The shop's rules for the action (enabled or not). */
  rules: StoredRule[];
  snapshot: Snapshot;
  /** What earlier attempts of this run fulfilled, read back from Shopify. */
  earlier: EarlierCreates;
}

type ReadContext = Pick<ActionContext<{ order_id: string }>, 'admin' | 'shop' | 'properties' | 'loadRules'>;

/**
 * Whether any of `rules` may read `line.on_hand` or `line.committed`, the only variables built from
 * those quantities: the built-in defaults and every other variable need `available` alone.
 * All the action's rules count, not just the one chosen later (choosing needs the snapshot).
 */
export function needsOnHandAndCommitted(rules: readonly Rule[]): boolean {
  return rulesMayRead(rules, ['line.on_hand', 'line.committed']);
}

/** Whether any of `rules` may read `line.variant_id` or `line.product_id`, the only variables built from a fulfillment order line's variant (2 points a line to read). */
export function needsVariantIds(rules: readonly Rule[]): boolean {
  return rulesMayRead(rules, ['line.variant_id', 'line.product_id']);
}

/**
 * Reads the rules, then the snapshot (the rules say which inventory quantities it needs), then,
 * when an earlier attempt of the run (`previous`: its steps) sent a fulfillmentCreate, what that
 * made (one query), so this attempt neither repeats it nor takes someone else's fulfillment for it.
 * `moves`: the action may move fulfillment orders, so the snapshot reads where Shopify lets them go.
 */
export async function readRun(
  context: ReadContext,
  action: ActionHandle,
  options: { previous?: readonly RunStep[]; moves?: boolean } = {},
): Promise<FulfillmentRead> {
  const rules = await context.loadRules(action);
  const snapshot = await readOrder(context, {
    onHandAndCommitted: needsOnHandAndCommitted(rules),
    variants: needsVariantIds(rules),
    moves: options.moves === true,
  });
  const previous = options.previous ?? [];
  const earlier = previous.some((s) => s.name === CREATE_FULFILLMENT.name && s.state !== 'failed')
    ? await readEarlierCreates(context.admin, previous, snapshot)
    : NO_EARLIER_CREATES;
  return { rules, snapshot, earlier };
}

/** Reads the snapshot or fails with 422 order_not_found. */
async function readOrder(context: Pick<ReadContext, 'admin' | 'shop' | 'properties'>, options: SnapshotOptions): Promise<Snapshot> {
  const snapshot = await loadSnapshot(context.admin, context.properties.order_id, options);
  if (!snapshot) {
    throw new ActionError(
      'order_not_found',
      `Order ${context.properties.order_id} was not found in ${context.shop}. Check the order reference of the Flow step.`,
    );
  }
  return snapshot;
}
