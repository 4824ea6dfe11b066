/**
 * The snapshot's stock follow-up for big shops. The first read gives each order line's first page
 * of inventory levels; an item stocked at more locations than that page (or not reachable through
 * the order's first lines) is completed here, but only at the locations a planner can use: the
 * fulfillment orders' assigned locations and every location Shopify lists for a move. Each level is
 * asked for by location (`stockAtLocations`, FulfillmentSnapshotStock), so nothing is paged and nothing can be cut short:
 * at each of those locations the item's stock is read, or Shopify says it is not stocked there.
 */
import type { AdminClient } from '../../shopify/client';
import {
  stockAtLocations,
  STOCK_AT_LOCATIONS_MAX,
  type FulfillmentOrderData,
  type InventoryItemData,
  type InventoryLevelData,
  type StockAtLocationsItem,
  type StockAtLocationsVariables,
} from './documents';
import type { MoveTarget } from './snapshot';

/** Requested points one follow-up may use, under Shopify's 1,000-point single-query limit. */
export const FOLLOW_UP_BUDGET = 950;

/** The locations whose stock a planner may read: every fulfillment order's assigned one and the ones Shopify lists for moving it. */
export function stockLocations(
  fulfillmentOrders: readonly FulfillmentOrderData[],
  moveTargets: ReadonlyMap<string, Record<string, MoveTarget>> | null,
): string[] {
  const out = new Set<string>();
  for (const fo of fulfillmentOrders) {
    const assigned = fo.assignedLocation.location?.id;
    if (assigned) out.add(assigned);
    for (const id of Object.keys(moveTargets?.get(fo.id) ?? {})) out.add(id);
  }
  return [...out];
}

/**
 * How many locations each read names: the size that needs the fewest reads for `items` items at
 * `locations` locations, each read's requested cost (an item 1, a level 1 + one per quantity) within the budget.
 */
export function locationGroupSize(items: number, locations: number, perLevel: number): number {
  const largest = Math.min(locations, STOCK_AT_LOCATIONS_MAX, Math.floor((FOLLOW_UP_BUDGET - 1) / perLevel));
  let best = 1;
  let fewest = Infinity;
  for (let size = 1; size <= largest; size++) {
    const perRead = Math.floor(FOLLOW_UP_BUDGET / (1 + size * perLevel));
    const reads = Math.ceil(locations / size) * Math.ceil(items / perRead);
    // Ties: the larger group (fewer, longer documents; the same cost).
    if (reads <= fewest) {
      fewest = reads;
      best = size;
    }
  }
  return best;
}

/**
 * Completes the stock of `items` (with the first page of levels the snapshot read, or just the id)
 * at `locations`: every level of a first page is kept, the others are asked for by location.
 * Items Shopify does not return (deleted, or not readable) are left out: the snapshot notes them.
 */
export async function readStockAt(
  admin: AdminClient,
  items: readonly (InventoryItemData | { id: string })[],
  locations: readonly string[],
  quantities: string[],
): Promise<InventoryItemData[]> {
  // Items with a first page need only the locations it lacks; items without one need them all.
  const paged = items.filter((item) => 'inventoryLevels' in item);
  const bare = items.filter((item) => !('inventoryLevels' in item));
  return [
    ...(paged.length > 0 ? await readGroup(admin, paged, locations, quantities) : []),
    ...(bare.length > 0 ? await readGroup(admin, bare, locations, quantities) : []),
  ];
}

async function readGroup(
  admin: AdminClient,
  items: readonly (InventoryItemData | { id: string })[],
  locations: readonly string[],
  quantities: string[],
): Promise<InventoryItemData[]> {
  const firstPages = new Map(items.map((item) => [item.id, 'inventoryLevels' in item ? item : null]));
  // Locations every item's first page already covers need no read (a typical shop's assigned location, usually).
  const known = locations.filter((location) =>
    [...firstPages.values()].every((item) => item?.inventoryLevels.nodes.some((level) => level.location.id === location)),
  );
  const ask = locations.filter((location) => !known.includes(location));
  /** What the reads returned per item, and how many location groups returned it (all must). */
  const read = new Map<string, { tracked: boolean; levels: InventoryLevelData[]; groups: number }>();

  const ids = [...firstPages.keys()];
  const unread = new Set<string>();
  const perLevel = 1 + quantities.length;
  const groupSize = ask.length > 0 ? locationGroupSize(ids.length, ask.length, perLevel) : 0;
  for (let j = 0; j < ask.length; j += groupSize) {
    const group = ask.slice(j, j + groupSize);
    const perRead = Math.max(1, Math.floor(FOLLOW_UP_BUDGET / (1 + group.length * perLevel)));
    const document = stockAtLocations(group.length);
    for (let i = 0; i < ids.length; i += perRead) {
      const chunk = ids.slice(i, i + perRead);
      const variables: StockAtLocationsVariables = { ids: chunk, quantities };
      group.forEach((location, k) => (variables[`l${k}`] = location));
      const deniedBefore = admin.accessDenied.length;
      const answer = await admin.request(document, variables, { tolerateAccessDenied: true });
      // A denied level reads as null, which would pass for "not stocked": these items count as unread instead.
      if (admin.accessDenied.length > deniedBefore) {
        for (const id of chunk) unread.add(id);
        continue;
      }
      for (const node of answer.nodes) {
        if (!node || !('id' in node) || !node.id) continue;
        const item = node as StockAtLocationsItem;
        const entry = read.get(item.id) ?? { tracked: item.tracked, levels: [], groups: 0 };
        entry.groups++;
        group.forEach((location, k) => {
          const level = item[`l${k}`] as { quantities: InventoryLevelData['quantities'] } | null | undefined;
          if (level) entry.levels.push({ location: { id: location }, quantities: level.quantities });
        });
        read.set(item.id, entry);
      }
    }
  }

  const groups = groupSize > 0 ? Math.ceil(ask.length / groupSize) : 0;
  const out: InventoryItemData[] = [];
  for (const [id, first] of firstPages) {
    const entry = read.get(id) ?? (first && groups === 0 ? { tracked: first.tracked, levels: [], groups: 0 } : undefined);
    // Not returned by every read (deleted, not readable): never completed from a part of its levels.
    if (!entry || entry.groups < groups || unread.has(id)) continue;
    const levels = [...(first?.inventoryLevels.nodes ?? [])];
    for (const level of entry?.levels ?? []) if (!levels.some((l) => l.location.id === level.location.id)) levels.push(level);
    out.push({
      id,
      tracked: first?.tracked ?? entry.tracked,
      inventoryLevels: { nodes: levels, pageInfo: { hasNextPage: false, endCursor: null } },
    });
  }
  return out;
}
