/**
 * Rebuilds, in a simulator store, the state a recorded Shopify answer shows: locations, orders,
 * line items, fulfillment orders with their line items, holds and request statuses, and the
 * fulfillments behind fulfilled units, all under the recorded ids. How a state came about is
 * inferred from what it shows (remaining < total: fulfilled units; IN_PROGRESS with nothing
 * fulfilled: reported progress; CLOSED with 0 of 0: closed by a merge or move; CLOSED with units
 * left: a cancelled order or fulfillment order). What the answer can't show (which location is a
 * fulfillment service, whose, what is stocked where) comes from the scenario's options.
 */
import { createFulfillment } from '../../../../src/sandbox/simulator/operations';
import type {
  FulfillmentOrderStatus,
  FulfillmentOrderRequestStatus,
  FulfillmentHoldReason,
  SimStore,
} from '../../../../src/sandbox/simulator/store';
import type { Json } from './tools';

const TYPE = /^gid:\/\/shopify\/(\w+)\/(\d+)/;
const typeOf = (id: unknown) => (typeof id === 'string' ? (TYPE.exec(id)?.[1] ?? null) : null);
const numeric = (id: string) => Number(TYPE.exec(id)?.[2] ?? 0);

interface FoLineSnap {
  id: string;
  totalQuantity: number;
  remainingQuantity: number;
  lineItemId: string | null;
}

interface FoSnap {
  id: string;
  orderId: string | null;
  status?: FulfillmentOrderStatus;
  requestStatus?: FulfillmentOrderRequestStatus;
  fulfillAt?: string | null;
  fulfillBy?: string | null;
  locationId?: string;
  locationName?: string;
  holds?: Json[];
  lines?: FoLineSnap[];
}

interface LineItemSnap {
  id: string;
  orderId: string | null;
  title?: string;
  quantity?: number;
  fulfillableQuantity?: number;
  sku?: string | null;
}

interface FulfillmentSnap {
  id: string;
  orderId: string | null;
  status?: 'SUCCESS' | 'CANCELLED';
  trackingInfo?: Array<{ number: string | null; url: string | null; company: string | null }>;
  lines?: Array<{ id: string | null; quantity: number; lineItemId: string | null }>;
}

interface OrderSnap {
  id: string;
  fields: Record<string, Json>;
}

/** Everything a set of recorded answers shows about orders, merged by id (later answers fill gaps). */
export class Snapshot {
  readonly orders = new Map<string, OrderSnap>();
  readonly fos = new Map<string, FoSnap>();
  readonly lineItems = new Map<string, LineItemSnap>();
  readonly fulfillments = new Map<string, FulfillmentSnap>();
  readonly locations = new Map<string, { id: string; name?: string }>();
  /** Orders whose answer listed their fulfillment orders (so there are no others to guess). */
  readonly listed = new Set<string>();

  /** Adds what `value` shows; `orderId` names the order when the answer doesn't. */
  add(value: Json, orderId: string | null = null): this {
    this.walk(value, orderId);
    return this;
  }

  private walk(value: Json, orderId: string | null): void {
    if (!value || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) this.walk(item, orderId);
      return;
    }
    const type = typeOf(value.id);
    let order = orderId;
    if (type === 'Order') {
      order = value.id;
      const snap: OrderSnap = this.orders.get(value.id) ?? { id: value.id, fields: {} };
      for (const key of ['name', 'email', 'phone', 'note', 'tags', 'closed', 'cancelledAt', 'cancelReason', 'displayFulfillmentStatus'])
        if (key in value) snap.fields[key] = value[key];
      this.orders.set(value.id, snap);
      if (Array.isArray(value.fulfillmentOrders?.nodes)) this.listed.add(value.id);
    } else if (type === 'FulfillmentOrder') {
      const fo: FoSnap = this.fos.get(value.id) ?? { id: value.id, orderId: null };
      fo.orderId = value.order?.id ?? fo.orderId ?? orderId;
      if (value.status) fo.status = value.status;
      if (value.requestStatus) fo.requestStatus = value.requestStatus;
      if ('fulfillAt' in value) fo.fulfillAt = value.fulfillAt;
      if ('fulfillBy' in value) fo.fulfillBy = value.fulfillBy;
      const location = value.assignedLocation;
      if (location?.location?.id) {
        fo.locationId = location.location.id;
        this.locations.set(location.location.id, {
          id: location.location.id,
          name: location.location.name ?? location.name ?? this.locations.get(location.location.id)?.name,
        });
      }
      if (location?.name) fo.locationName = location.name;
      if (Array.isArray(value.fulfillmentHolds)) fo.holds = value.fulfillmentHolds;
      if (Array.isArray(value.lineItems?.nodes)) {
        // A line the answer shows without its order line item gets one of its own (generated id).
        fo.lines = value.lineItems.nodes.map((l: Json) => ({
          id: l.id,
          totalQuantity: l.totalQuantity,
          remainingQuantity: l.remainingQuantity,
          lineItemId: l.lineItem?.id ?? `synthetic:${l.id}`,
        }));
        for (const l of value.lineItems.nodes) if (l.lineItem?.id) this.lineItem(l.lineItem, fo.orderId);
      }
      this.fos.set(value.id, fo);
      if (value.order) this.walk(value.order, null);
      for (const [key, child] of Object.entries(value)) if (key !== 'order' && key !== 'lineItems') this.walk(child, fo.orderId);
      return;
    } else if (type === 'Fulfillment') {
      const f: FulfillmentSnap = this.fulfillments.get(value.id) ?? { id: value.id, orderId: null };
      f.orderId = value.order?.id ?? f.orderId ?? orderId;
      if (value.status) f.status = value.status;
      if (Array.isArray(value.trackingInfo)) f.trackingInfo = value.trackingInfo;
      if (Array.isArray(value.fulfillmentLineItems?.nodes)) {
        f.lines = value.fulfillmentLineItems.nodes.map((l: Json) => ({
          id: l.id ?? null,
          quantity: l.quantity,
          lineItemId: l.lineItem?.id ?? null,
        }));
        for (const l of value.fulfillmentLineItems.nodes) if (l.lineItem?.id) this.lineItem(l.lineItem, f.orderId);
      }
      this.fulfillments.set(value.id, f);
    } else if (type === 'LineItem') {
      this.lineItem(value, orderId);
    } else if (type === 'Location') {
      this.locations.set(value.id, { id: value.id, name: value.name ?? this.locations.get(value.id)?.name });
    }
    for (const child of Object.values(value)) this.walk(child, order);
  }

  private lineItem(value: Json, orderId: string | null): void {
    const snap: LineItemSnap = this.lineItems.get(value.id) ?? { id: value.id, orderId: null };
    snap.orderId ??= orderId;
    if (value.title !== undefined) snap.title = value.title;
    if (typeof value.quantity === 'number') snap.quantity = value.quantity;
    if (typeof value.fulfillableQuantity === 'number') snap.fulfillableQuantity = value.fulfillableQuantity;
    if (value.sku !== undefined) snap.sku = value.sku;
    this.lineItems.set(value.id, snap);
  }
}

export interface BuildOptions {
  /** Locations the answer doesn't name (destinations), or facts it can't show about named ones. */
  locations?: Array<{ id: string; name?: string; ownFulfillmentService?: boolean; fulfillmentService?: boolean; active?: boolean }>;
  /**
   * Order lines are variants of one product stocked at every location (except `unstockedAt`),
   * as the captures' `variantId` lines are; default custom items without inventory (the
   * captures' `sku`-only lines), which go anywhere.
   */
  variantId?: string;
  unstockedAt?: string[];
  /** The order the fulfillment orders belong to when the answer doesn't say. */
  orderId?: string;
  /** Fulfillment orders whose IN_PROGRESS is reported progress even at a fulfillment service. */
  progressReported?: string[];
  /** Where fulfillment orders go whose answer names no location (default a "Shop location"). */
  defaultLocationId?: string;
}

/** Builds the snapshot's state; returns every id it set explicitly (the replay maps those to themselves). */
export function buildState(store: SimStore, snapshot: Snapshot, options: BuildOptions = {}): Set<string> {
  const explicit = new Set<string>();
  const note = (id: string) => {
    explicit.add(id);
    return id;
  };
  const shop = store.defaultShop().domain;

  // Locations: named ones, then those the scenario adds; a fulfillment order naming its location only by name gets one.
  const facts = new Map((options.locations ?? []).map((l) => [l.id, l]));
  const byName = new Map<string, string>();
  const ensureLocation = (id: string, name?: string) => {
    if (store.location(id)) return id;
    const fact = facts.get(id);
    store.addLocation({
      id,
      name: fact?.name ?? name ?? `Location ${numeric(id)}`,
      isActive: fact?.active ?? true,
      isFulfillmentService: fact?.fulfillmentService ?? fact?.ownFulfillmentService ?? false,
      ownFulfillmentService: fact?.ownFulfillmentService ?? false,
    });
    byName.set(store.location(id)!.name, id);
    return note(id);
  };
  for (const l of snapshot.locations.values()) ensureLocation(l.id, l.name);
  for (const l of options.locations ?? []) ensureLocation(l.id, l.name);
  for (const fo of snapshot.fos.values()) {
    if (!fo.locationId && fo.locationName) fo.locationId = byName.get(fo.locationName) ?? store.addLocation({ name: fo.locationName }).id;
    if (!fo.locationId)
      fo.locationId = options.defaultLocationId ?? byName.get('Shop location') ?? store.addLocation({ name: 'Shop location' }).id;
    if (!byName.has(store.location(fo.locationId)?.name ?? '')) byName.set(store.location(fo.locationId)?.name ?? '', fo.locationId);
    if (fo.locationId) ensureLocation(fo.locationId, fo.locationName);
    if (fo.locationId && fo.locationName && store.location(fo.locationId)!.name !== fo.locationName)
      store.updateLocation(fo.locationId, { name: fo.locationName });
  }

  // One product for the variant lines, stocked everywhere but where the scenario says.
  if (options.variantId && !store.variants.has(options.variantId)) {
    const inventory: Record<string, number> = {};
    for (const location of store.locations(shop)) if (!(options.unstockedAt ?? []).includes(location.id)) inventory[location.id] = 100;
    store.addProduct({
      title: 'Captured variant',
      sku: 'CAPTURED-VARIANT',
      variants: [{ id: options.variantId, sku: 'CAPTURED-VARIANT', inventory }],
    });
  }

  const orderIds = new Set<string>(snapshot.orders.keys());
  const orphans = new Set<string>();
  for (const fo of snapshot.fos.values()) {
    // A fulfillment order whose answer doesn't show its order gets one of its own.
    if (!fo.orderId && !options.orderId) {
      fo.orderId = `gid://shopify/Order/${990_000_000_000 + orphans.size + 1}`;
      orphans.add(fo.orderId);
    }
    fo.orderId ??= options.orderId!;
    orderIds.add(fo.orderId);
  }
  const synthetic = new Map<string, string>();
  const lineItemIdOf = (id: string) => {
    if (!id.startsWith('synthetic:')) return id;
    if (!synthetic.has(id)) synthetic.set(id, store.nextId('LineItem'));
    return synthetic.get(id)!;
  };
  for (const fo of snapshot.fos.values()) for (const l of fo.lines ?? []) if (l.lineItemId) l.lineItemId = lineItemIdOf(l.lineItemId);
  for (const orderId of [...orderIds].sort((a, b) => numeric(a) - numeric(b))) {
    const orderSnap = snapshot.orders.get(orderId);
    const fos = [...snapshot.fos.values()].filter((fo) => fo.orderId === orderId).sort((a, b) => numeric(a.id) - numeric(b.id));
    const fulfillments = [...snapshot.fulfillments.values()]
      .filter((f) => f.orderId === orderId)
      .sort((a, b) => numeric(a.id) - numeric(b.id));

    // Line items: the ones named, in id order, ordered quantity at least what the fulfillment orders hold.
    const lineIds = new Set<string>();
    for (const fo of fos) for (const l of fo.lines ?? []) if (l.lineItemId) lineIds.add(l.lineItemId);
    for (const li of snapshot.lineItems.values()) if (li.orderId === orderId) lineIds.add(li.id);
    const lines = [...lineIds].sort((a, b) => numeric(a) - numeric(b));
    const quantity = (lineItemId: string) => {
      const held = fos
        .flatMap((fo) => fo.lines ?? [])
        .filter((l) => l.lineItemId === lineItemId)
        .reduce((sum, l) => sum + l.totalQuantity, 0);
      return Math.max(snapshot.lineItems.get(lineItemId)?.quantity ?? 0, held, 1);
    };
    const order = store.addOrder({
      id: orderId,
      name: orderSnap?.fields.name,
      email: orderSnap?.fields.email,
      phone: orderSnap?.fields.phone,
      note: orderSnap?.fields.note,
      tags: orderSnap?.fields.tags,
      lineItems: lines.map((id) => ({
        id: [...synthetic.values()].includes(id) ? id : note(id),
        title: snapshot.lineItems.get(id)?.title,
        quantity: quantity(id),
        ...(options.variantId ? { variantId: options.variantId } : { sku: snapshot.lineItems.get(id)?.sku ?? undefined }),
      })),
      fulfillmentOrders: 'none',
    });
    if (!orphans.has(orderId)) note(orderId);
    const record = store.ordersById.get(order.id)!;
    if (orderSnap?.fields.cancelledAt)
      Object.assign(record, { cancelledAt: orderSnap.fields.cancelledAt, cancelReason: orderSnap.fields.cancelReason ?? 'OTHER' });
    if (orderSnap?.fields.closed !== undefined) record.closed = orderSnap.fields.closed;

    // Fulfillment orders, open at first so that fulfilled units can be fulfilled through the simulator.
    const lineIndex = (lineItemId: string | null) => (lineItemId ? lines.indexOf(lineItemId) : -1);
    for (const fo of fos) {
      const unitsLeftClosed =
        (fo.status === 'CLOSED' || fo.status === 'CANCELLED') && (fo.lines ?? []).every((l) => l.remainingQuantity === l.totalQuantity);
      if (!fo.locationId) throw new Error(`the recorded answers don't say where ${fo.id} is`);
      store.addFulfillmentOrder(
        order.id,
        {
          id: note(fo.id),
          locationId: fo.locationId,
          lines: (fo.lines ?? []).map((l) => {
            if (lineIndex(l.lineItemId) < 0) throw new Error(`${fo.id}: line ${l.id} names no line item`);
            return { line: lineIndex(l.lineItemId), quantity: l.totalQuantity, id: note(l.id) };
          }),
          status: 'OPEN',
        },
        { commitInventory: !unitsLeftClosed },
      );
    }

    // Fulfillments: recorded ones with their ids and line items where shown, else one per fulfillment order with fulfilled units.
    const unfulfilled = new Map<string, number>();
    for (const fo of fos) for (const l of fo.lines ?? []) unfulfilled.set(l.id, l.totalQuantity - l.remainingQuantity);
    const takeFrom = (lineItemId: string | null, wanted: number) => {
      const groups = new Map<string, Array<{ id: string; quantity: number }>>();
      let left = wanted;
      for (const fo of fos) {
        for (const l of fo.lines ?? []) {
          const budget = unfulfilled.get(l.id) ?? 0;
          if (left === 0 || budget === 0 || (lineItemId !== null && l.lineItemId !== lineItemId)) continue;
          const take = Math.min(budget, left);
          unfulfilled.set(l.id, budget - take);
          left -= take;
          groups.set(fo.id, [...(groups.get(fo.id) ?? []), { id: l.id, quantity: take }]);
        }
      }
      return groups;
    };
    const fulfil = (groups: Map<string, Array<{ id: string; quantity: number }>>, snap?: FulfillmentSnap) => {
      if (groups.size === 0) return;
      const tracking = snap?.trackingInfo ?? [];
      const result = createFulfillment(
        store,
        shop,
        {
          lineItemsByFulfillmentOrder: [...groups].map(([fulfillmentOrderId, items]) => ({
            fulfillmentOrderId,
            fulfillmentOrderLineItems: items,
          })),
          trackingInfo:
            tracking.length > 0
              ? { company: tracking[0]!.company, numbers: tracking.map((t) => t.number ?? ''), urls: tracking.map((t) => t.url ?? '') }
              : null,
        },
        null,
        undefined,
        { fulfillmentId: snap ? store.explicitId('Fulfillment', note(snap.id)) : undefined },
      );
      if (!result.ok) throw new Error(`rebuilding ${snap?.id ?? 'a fulfillment'}: ${JSON.stringify(result)}`);
      const made = result.value;
      for (const l of snap?.lines ?? []) {
        const line = made.lineItems.find((m) => m.lineItemId === l.lineItemId);
        if (l.id && line) line.id = note(store.explicitId('FulfillmentLineItem', l.id));
      }
    };
    for (const snap of fulfillments) {
      if (snap.lines) {
        const groups = new Map<string, Array<{ id: string; quantity: number }>>();
        for (const l of snap.lines)
          for (const [foId, items] of takeFrom(l.lineItemId, l.quantity)) groups.set(foId, [...(groups.get(foId) ?? []), ...items]);
        fulfil(groups, snap);
      } else {
        const fo = fos.find((f) => (f.lines ?? []).some((l) => (unfulfilled.get(l.id) ?? 0) > 0));
        if (!fo) continue;
        const groups = new Map([
          [
            fo.id,
            (fo.lines ?? []).filter((l) => (unfulfilled.get(l.id) ?? 0) > 0).map((l) => ({ id: l.id, quantity: unfulfilled.get(l.id)! })),
          ],
        ]);
        for (const l of fo.lines ?? []) unfulfilled.set(l.id, 0);
        fulfil(groups, snap);
      }
      if (snap.status === 'CANCELLED') store.fulfillment(snap.id)!.status = 'CANCELLED';
    }
    for (const fo of fos) {
      const rest = (fo.lines ?? []).filter((l) => (unfulfilled.get(l.id) ?? 0) > 0);
      if (rest.length > 0) fulfil(new Map([[fo.id, rest.map((l) => ({ id: l.id, quantity: unfulfilled.get(l.id)! }))]]));
    }

    // The recorded status, request status, holds and fulfillAt.
    for (const fo of fos) {
      const record = store.requireFulfillmentOrder(fo.id);
      for (const hold of fo.holds ?? []) {
        store.hold(fo.id, {
          id: note(hold.id),
          reason: (hold.reason ?? 'OTHER') as FulfillmentHoldReason,
          reasonNotes: hold.reasonNotes ?? null,
          handle: hold.handle ?? null,
          heldByRequestingApp: hold.heldByRequestingApp ?? false,
        });
      }
      const location = store.location(record.assignedLocationId)!;
      const nothingFulfilled = record.lineItems.every((l) => l.remainingQuantity === l.totalQuantity);
      const status = fo.status ?? record.status;
      store.updateFulfillmentOrder(fo.id, {
        status,
        requestStatus: fo.requestStatus ?? record.requestStatus,
        ...(fo.fulfillAt !== undefined ? { fulfillAt: fo.fulfillAt } : {}),
        ...(fo.fulfillBy !== undefined ? { fulfillBy: fo.fulfillBy } : {}),
        progressReported:
          status === 'IN_PROGRESS' &&
          nothingFulfilled &&
          (!location.isFulfillmentService || (options.progressReported ?? []).includes(fo.id)),
        closedBy:
          status === 'CLOSED' && record.lineItems.length > 0 && record.lineItems.every((l) => l.totalQuantity === 0) ? 'merge' : null,
      });
    }

    // Units the answer counts as fulfillable but shows in no fulfillment order sit in one it doesn't show.
    for (const lineItemId of snapshot.listed.has(orderId) ? [] : lines) {
      const fulfillable = snapshot.lineItems.get(lineItemId)?.fulfillableQuantity;
      if (fulfillable === undefined) continue;
      const visible = store
        .fulfillmentOrders(order.id)
        .filter((fo) => fo.status === 'OPEN' || fo.status === 'IN_PROGRESS' || fo.status === 'INCOMPLETE')
        .flatMap((fo) => fo.lineItems)
        .filter((l) => l.lineItemId === lineItemId)
        .reduce((sum, l) => sum + l.remainingQuantity, 0);
      const home = fos.find((fo) => (fo.lines ?? []).some((l) => l.lineItemId === lineItemId))?.locationId;
      const held = store
        .fulfillmentOrders(order.id)
        .flatMap((fo) => fo.lineItems)
        .filter((l) => l.lineItemId === lineItemId)
        .reduce((sum, l) => sum + l.totalQuantity, 0);
      const elsewhere = Math.min(fulfillable - visible, store.lineItems.get(lineItemId)!.quantity - held);
      if (elsewhere > 0 && home)
        store.addFulfillmentOrder(order.id, { locationId: home, lines: [{ line: lines.indexOf(lineItemId), quantity: elsewhere }] });
    }
  }
  return explicit;
}
