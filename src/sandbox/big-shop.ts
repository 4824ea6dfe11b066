/**
 * Big-shop shapes for the bench and the tests: the sandbox shop grown to `locations` locations
 * (its four, one retail store that does not fulfil online orders and one inactive outlet among
 * them, plus depots spread over the US), and orders of `lines` distinct items stocked at every
 * one of them by default: the worst case for the snapshot, where every line has a level at every location.
 */
import { SANDBOX_LOCATIONS as L } from './seed';
import type { Simulator } from './simulator/index';

/** The sandbox's own locations, which every big shop keeps. */
const SANDBOX_LOCATION_COUNT = Object.keys(L).length;

export interface BigShop {
  /** Every location id of the shop, the sandbox's first. */
  locationIds: string[];
  /** The depots added to the sandbox's locations, nearest to New York first. */
  depotIds: string[];
}

/** Where an order of a big shop ships: Manhattan, nearest to the Newark warehouse it is assigned to. */
export const BIG_SHOP_SHIPPING = {
  countryCode: 'US',
  provinceCode: 'NY',
  city: 'New York',
  zip: '10001',
  latitude: 40.7506,
  longitude: -73.9972,
} as const;

/** Adds depots until the sandbox shop (or `shop`, grown before) has `locations` locations. */
export function growShop(sim: Simulator, locations: number, shop?: BigShop): BigShop {
  const depots = [...(shop?.depotIds ?? [])];
  for (let i = depots.length; i < locations - SANDBOX_LOCATION_COUNT; i++) {
    // Westward from Pennsylvania, each further from New York than the last and than Newark.
    const location = sim.store.addLocation({
      name: `Depot ${String(i + 1).padStart(3, '0')}`,
      address: {
        countryCode: 'US',
        provinceCode: 'PA',
        city: 'Allentown',
        zip: '18101',
        latitude: 40.6 - i * 0.05,
        longitude: -75.5 - i * 0.4,
      },
    });
    depots.push(location.id);
  }
  return { locationIds: [...Object.values(L), ...depots], depotIds: depots };
}

let productCounter = 0;

export interface BigOrderOptions {
  lines: number;
  /** Units per line (default 1). */
  quantity?: number;
  /** Units of each item available at every location (default enough for any number of runs). */
  stock?: number;
  /** Units of each item at Newark, the assigned location (default `stock`; 0 makes the run move). */
  assignedStock?: number;
  /** Units of line `line`'s item at `location`, overriding the two above; null: not stocked there (no level). */
  stockOf?: (location: string, line: number) => number | null;
}

/** Adds an order of `lines` new items, each stocked at every location of `shop`, assigned to Newark. */
export function addBigOrder(sim: Simulator, shop: BigShop, options: BigOrderOptions): { orderId: string; skus: string[] } {
  const stock = options.stock ?? 1_000_000;
  const skus: string[] = [];
  for (let i = 0; i < options.lines; i++) {
    const sku = `BIG-${++productCounter}`;
    const inventory: Record<string, number> = {};
    for (const id of shop.locationIds) {
      const units = options.stockOf ? options.stockOf(id, i) : id === L.newark ? (options.assignedStock ?? stock) : stock;
      if (units !== null) inventory[id] = units;
    }
    sim.store.addProduct({ title: `Big shop item ${productCounter}`, sku, inventory });
    skus.push(sku);
  }
  const order = sim.store.addOrder({
    shippingAddress: { ...BIG_SHOP_SHIPPING },
    lineItems: skus.map((sku) => ({ sku, quantity: options.quantity ?? 1 })),
    locationId: L.newark,
  });
  return { orderId: order.id, skus };
}
