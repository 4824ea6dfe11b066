/**
 * The stock a plan may ship, per inventory item and location. Shopify counts stock per item, not
 * per line: two lines of one variant, or two fulfillment orders of one order, draw on the same
 * units. What this order may use at a location is Shopify's `available` (which already excludes
 * every committed unit) plus the units this order itself commits there in the fulfillment orders
 * the action may fulfil; units committed by fulfillment orders it leaves alone (held, pickup,
 * scheduled) stay theirs. Lines take from that pool in the order they are planned.
 */
import type { SnapshotFulfillmentOrder, SnapshotLine } from './snapshot';

/** Whether a line's stock is counted at all: custom items and untracked items are always covered. */
export function isCounted(line: SnapshotLine): line is SnapshotLine & { inventoryItemId: string } {
  return !!line.inventoryItemId && line.tracked;
}

const key = (item: string, location: string) => `${item}|${location}`;

/** What a location can give a set of lines, line by line and in total. */
export interface Coverage {
  /** Every line's quantity is covered. */
  all: boolean;
  /** Lines covered, taking them in order (a line not covered takes nothing). */
  lines: number;
  /** Units of these lines the location can give (each item capped at what the lines need). */
  units: number;
  /** Per line, in the order given. */
  perLine: { line: SnapshotLine; quantity: number; covered: boolean; reason: string }[];
}

/** The shared stock of one plan. */
export class StockPool {
  /** Units this order commits at (item, location) in the fulfillment orders the action may fulfil. */
  private readonly own = new Map<string, number>();
  /** Units the plan has taken so far at (item, location). */
  private readonly taken = new Map<string, number>();

  constructor(fulfillable: readonly SnapshotFulfillmentOrder[]) {
    for (const fo of fulfillable) {
      if (!fo.locationId) continue;
      for (const line of fo.lines) {
        if (!isCounted(line) || line.remaining <= 0) continue;
        const k = key(line.inventoryItemId, fo.locationId);
        this.own.set(k, (this.own.get(k) ?? 0) + line.remaining);
      }
    }
  }

  /** Units of the line's item still free for this plan at `location`: Infinity when not counted, null when not stocked there. */
  free(line: SnapshotLine, location: string): number | null {
    if (!isCounted(line)) return Infinity;
    const level = line.levels[location];
    if (!level) return null;
    const k = key(line.inventoryItemId, location);
    return level.available + (this.own.get(k) ?? 0) - (this.taken.get(k) ?? 0);
  }

  /** How `lines` (with their quantities, default remaining) would be covered at `location`, without taking anything. */
  cover(lines: readonly { line: SnapshotLine; quantity?: number }[], location: string): Coverage {
    const demand = new Map<string, number>();
    const asked = new Map<string, { need: number; free: number }>();
    const perLine: Coverage['perLine'] = [];
    let covered = 0;
    for (const { line, quantity = line.remaining } of lines) {
      const free = this.free(line, location);
      if (free === Infinity) {
        perLine.push({
          line,
          quantity,
          covered: true,
          reason: line.inventoryItemId ? 'inventory not tracked: always in stock' : 'custom item without inventory: always in stock',
        });
        covered++;
        continue;
      }
      if (free === null) {
        perLine.push({ line, quantity, covered: false, reason: 'not stocked at this location' });
        continue;
      }
      const item = line.inventoryItemId!;
      const before = demand.get(item) ?? 0;
      const ok = free - before >= quantity;
      if (ok) demand.set(item, before + quantity);
      const total = asked.get(item) ?? { need: 0, free };
      total.need += quantity;
      asked.set(item, total);
      perLine.push({ line, quantity, covered: ok, reason: this.describe(line, location, quantity, before) });
      if (ok) covered++;
    }
    let units = 0;
    for (const entry of perLine) if (entry.covered && !isCounted(entry.line)) units += entry.quantity;
    for (const { need, free } of asked.values()) units += Math.max(0, Math.min(need, free));
    return { all: covered === perLine.length, lines: covered, units, perLine };
  }

  /** Takes `quantity` of the line's item at `location` for the plan. */
  take(line: SnapshotLine, location: string, quantity: number): void {
    if (!isCounted(line)) return;
    const k = key(line.inventoryItemId, location);
    this.taken.set(k, (this.taken.get(k) ?? 0) + quantity);
  }

  /**
   * "5 here for this order (2 available + 3 it commits here), 6 needed with the order's other
   * lines of this item (short by 1)": the numbers behind a line's coverage.
   */
  describe(line: SnapshotLine, location: string, quantity = line.remaining, before = 0): string {
    const free = this.free(line, location);
    if (free === Infinity) return 'always in stock';
    if (free === null) return 'not stocked at this location';
    const level = line.levels[location]!;
    const k = key(line.inventoryItemId!, location);
    const own = this.own.get(k) ?? 0;
    const taken = this.taken.get(k) ?? 0;
    const parts = [`${level.available} available`];
    if (own > 0) parts.push(`${own} this order commits here`);
    const pool = own > 0 || taken > 0 ? `${free + taken} usable (${parts.join(' + ')})` : `${level.available} available`;
    const others = taken + before;
    const need =
      others > 0 ? `${quantity} needed, ${others} already planned for the order's other lines of this item` : `${quantity} needed`;
    const short = quantity + others - (free + taken);
    return `${pool}, ${need}${short > 0 ? `: short by ${short}` : ''}`;
  }
}
