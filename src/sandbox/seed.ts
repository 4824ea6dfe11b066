/**
 * The sandbox shop: a realistic small merchant with four locations, stocked products and orders
 * #1001–#1007 in every state the Flow actions meet (fulfilled without tracking, unfulfilled, stock
 * elsewhere, partly fulfilled, on hold, tracked, fulfillment orders not created yet).
 */
import { gid } from './simulator/gid';
import { APP_SCOPES, type Simulator } from './simulator/index';

export const SANDBOX_SHOP = 'sandbox.myshopify.com';
export const SANDBOX_ACCESS_TOKEN = 'sandbox-admin-token';

export const SANDBOX_LOCATIONS = {
  /** Main warehouse, fulfils online orders. */
  newark: gid('Location', 101),
  /** West-coast warehouse, fulfils online orders. */
  losAngeles: gid('Location', 102),
  /** Retail store: active but does not fulfil online orders. */
  toronto: gid('Location', 103),
  /** Closed outlet: inactive. */
  chicago: gid('Location', 104),
} as const;

export const SANDBOX_ORDERS = {
  /** Fulfilled from Newark, one fulfillment without tracking (the README adds 1Z999AA10123456784). */
  fulfilledNoTracking: gid('Order', 1001),
  /** Unfulfilled, assigned to Newark, everything in stock there. */
  unfulfilledInStock: gid('Order', 1002),
  /** Unfulfilled, assigned to Newark, but the item is only in stock in Los Angeles. */
  stockElsewhere: gid('Order', 1003),
  /** Partly fulfilled: the tees shipped, the beanie is still open. */
  partiallyFulfilled: gid('Order', 1004),
  /** On a post-purchase hold that lifts by itself after a few minutes. */
  onHold: gid('Order', 1005),
  /** Fulfilled with Correios tracking already on it. */
  tracked: gid('Order', 1006),
  /** Just created: its fulfillment orders appear a little later. */
  noFulfillmentOrdersYet: gid('Order', 1007),
} as const;

export interface SeedOptions {
  /** When #1005's post-purchase hold lifts, in ms from now (default 5 minutes). */
  holdReleaseAfterMs?: number;
  /** When #1007's fulfillment orders appear, in ms from now (default 2 minutes). */
  fulfillmentOrdersAfterMs?: number;
}

/** Creates the sandbox shop, its locations, products, stock and orders in the simulator. */
export function seedSandbox(sim: Simulator, options: SeedOptions = {}): void {
  const { store } = sim;
  const now = store.now();
  const daysAgo = (days: number, hours = 0) => new Date(now - days * 86_400_000 - hours * 3_600_000);
  store.addShop({
    domain: SANDBOX_SHOP,
    accessToken: SANDBOX_ACCESS_TOKEN,
    scopes: APP_SCOPES,
    name: 'Sandbox Outfitters',
    email: 'owner@sandbox-outfitters.example',
    currencyCode: 'USD',
  });

  const L = SANDBOX_LOCATIONS;
  store.addLocation({
    id: L.newark,
    name: 'Newark Warehouse',
    address: {
      address1: '200 Doremus Ave',
      city: 'Newark',
      province: 'New Jersey',
      provinceCode: 'NJ',
      country: 'United States',
      countryCode: 'US',
      zip: '07105',
      latitude: 40.7247,
      longitude: -74.1391,
    },
  });
  store.addLocation({
    id: L.losAngeles,
    name: 'Los Angeles Warehouse',
    address: {
      address1: '1800 E 7th St',
      city: 'Los Angeles',
      province: 'California',
      provinceCode: 'CA',
      country: 'United States',
      countryCode: 'US',
      zip: '90021',
      latitude: 34.0335,
      longitude: -118.2359,
    },
  });
  store.addLocation({
    id: L.toronto,
    name: 'Toronto Store',
    fulfillsOnlineOrders: false,
    address: {
      address1: '220 Queen St W',
      city: 'Toronto',
      province: 'Ontario',
      provinceCode: 'ON',
      country: 'Canada',
      countryCode: 'CA',
      zip: 'M5V 1Z7',
      latitude: 43.6505,
      longitude: -79.3883,
    },
  });
  store.addLocation({
    id: L.chicago,
    name: 'Chicago Outlet',
    isActive: false,
    address: {
      address1: '700 W Lake St',
      city: 'Chicago',
      province: 'Illinois',
      provinceCode: 'IL',
      country: 'United States',
      countryCode: 'US',
      zip: '60661',
      latitude: 41.8857,
      longitude: -87.6445,
    },
  });

  store.addProduct({
    title: 'Classic Tee',
    productType: 'Apparel',
    vendor: 'Sandbox Outfitters',
    tags: ['cotton', 'summer'],
    variants: [
      { sku: 'TEE-S', title: 'Small', inventory: { [L.newark]: 20, [L.losAngeles]: 5, [L.toronto]: 3, [L.chicago]: 10 } },
      { sku: 'TEE-M', title: 'Medium', inventory: { [L.newark]: 15, [L.losAngeles]: 8, [L.toronto]: 3, [L.chicago]: 10 } },
      { sku: 'TEE-L', title: 'Large', inventory: { [L.newark]: 0, [L.losAngeles]: 12, [L.toronto]: 3, [L.chicago]: 10 } },
    ],
  });
  store.addProduct({
    title: 'Canvas Tote',
    productType: 'Bags',
    vendor: 'Harbor Goods',
    tags: ['eco'],
    sku: 'TOTE-NAT',
    inventory: { [L.newark]: 0, [L.losAngeles]: 25 },
  });
  store.addProduct({
    title: 'Enamel Mug',
    productType: 'Homeware',
    vendor: 'Harbor Goods',
    tags: ['kitchen'],
    sku: 'MUG-BLK',
    inventory: { [L.newark]: 40, [L.losAngeles]: 10, [L.toronto]: 6 },
  });
  store.addProduct({
    title: 'Wool Beanie',
    productType: 'Accessories',
    vendor: 'Sandbox Outfitters',
    tags: ['winter'],
    sku: 'BEANIE-GRY',
    inventory: { [L.newark]: 7, [L.losAngeles]: 0 },
  });
  store.addProduct({
    title: 'Sticker Pack',
    productType: 'Accessories',
    vendor: 'Sandbox Outfitters',
    tags: [],
    sku: 'STICKERS',
    tracked: false,
    inventory: { [L.newark]: 0, [L.losAngeles]: 0 },
  });

  const O = SANDBOX_ORDERS;
  store.addOrder({
    id: O.fulfilledNoTracking,
    createdAt: daysAgo(3),
    email: 'ava.thompson@example.com',
    tags: ['first-order'],
    customer: { firstName: 'Ava', lastName: 'Thompson', tags: ['newsletter'] },
    shippingAddress: {
      firstName: 'Ava',
      lastName: 'Thompson',
      address1: '315 Atlantic Ave',
      city: 'Brooklyn',
      province: 'New York',
      provinceCode: 'NY',
      country: 'United States',
      countryCode: 'US',
      zip: '11201',
      latitude: 40.6879,
      longitude: -73.9879,
    },
    lineItems: [
      { sku: 'TEE-M', quantity: 1, price: '25.00' },
      { sku: 'MUG-BLK', quantity: 1, price: '14.00' },
    ],
    locationId: L.newark,
  });
  store.fulfill(O.fulfilledNoTracking);

  store.addOrder({
    id: O.unfulfilledInStock,
    createdAt: daysAgo(1, 5),
    email: 'liam.tremblay@example.com',
    customer: { firstName: 'Liam', lastName: 'Tremblay', tags: ['wholesale'] },
    shippingAddress: {
      firstName: 'Liam',
      lastName: 'Tremblay',
      address1: '1250 Rue Sainte-Catherine O',
      city: 'Montréal',
      province: 'Quebec',
      provinceCode: 'QC',
      country: 'Canada',
      countryCode: 'CA',
      zip: 'H3G 1P1',
      latitude: 45.4991,
      longitude: -73.5737,
    },
    lineItems: [
      { sku: 'MUG-BLK', quantity: 2, price: '14.00' },
      { sku: 'STICKERS', quantity: 1, price: '5.00' },
    ],
    locationId: L.newark,
  });

  store.addOrder({
    id: O.stockElsewhere,
    createdAt: daysAgo(1, 2),
    email: 'sofia.ramirez@example.com',
    tags: ['priority'],
    customer: { firstName: 'Sofia', lastName: 'Ramirez', tags: ['vip'] },
    shippingAddress: {
      firstName: 'Sofia',
      lastName: 'Ramirez',
      address1: '1050 Garnet Ave',
      city: 'San Diego',
      province: 'California',
      provinceCode: 'CA',
      country: 'United States',
      countryCode: 'US',
      zip: '92109',
      latitude: 32.7977,
      longitude: -117.2529,
    },
    lineItems: [{ sku: 'TOTE-NAT', quantity: 1, price: '32.00' }],
    locationId: L.newark,
  });

  store.addOrder({
    id: O.partiallyFulfilled,
    createdAt: daysAgo(2),
    email: 'joao.silva@example.com',
    customer: { firstName: 'João', lastName: 'Silva', tags: [] },
    shippingAddress: {
      firstName: 'João',
      lastName: 'Silva',
      address1: 'Av. Atlântica 1702',
      city: 'Rio de Janeiro',
      province: 'Rio de Janeiro',
      provinceCode: 'RJ',
      country: 'Brazil',
      countryCode: 'BR',
      zip: '22021-001',
      latitude: -22.9707,
      longitude: -43.1824,
    },
    lineItems: [
      { sku: 'TEE-S', quantity: 2, price: '25.00' },
      { sku: 'BEANIE-GRY', quantity: 1, price: '22.00' },
    ],
    locationId: L.newark,
  });
  store.fulfill(O.partiallyFulfilled, { lines: [{ sku: 'TEE-S' }] });

  store.addOrder({
    id: O.onHold,
    createdAt: new Date(now - 60_000),
    email: 'mariana.costa@example.com',
    customer: { firstName: 'Mariana', lastName: 'Costa', tags: ['newsletter'] },
    shippingAddress: {
      firstName: 'Mariana',
      lastName: 'Costa',
      address1: 'Av. Paulista 1578',
      city: 'São Paulo',
      province: 'São Paulo',
      provinceCode: 'SP',
      country: 'Brazil',
      countryCode: 'BR',
      zip: '01310-200',
      latitude: -23.5614,
      longitude: -46.6559,
    },
    lineItems: [{ sku: 'MUG-BLK', quantity: 1, price: '14.00' }],
    locationId: L.newark,
    hold: {
      reason: 'ONLINE_STORE_POST_PURCHASE_CROSS_SELL',
      reasonNotes: null,
      releaseAt: now + (options.holdReleaseAfterMs ?? 5 * 60_000),
    },
  });

  store.addOrder({
    id: O.tracked,
    createdAt: daysAgo(4),
    email: 'lucas.oliveira@example.com',
    customer: { firstName: 'Lucas', lastName: 'Oliveira', tags: ['vip'] },
    shippingAddress: {
      firstName: 'Lucas',
      lastName: 'Oliveira',
      address1: 'R. XV de Novembro 700',
      city: 'Curitiba',
      province: 'Paraná',
      provinceCode: 'PR',
      country: 'Brazil',
      countryCode: 'BR',
      zip: '80020-310',
      latitude: -25.4296,
      longitude: -49.2713,
    },
    lineItems: [{ sku: 'TEE-L', quantity: 1, price: '25.00' }],
    locationId: L.losAngeles,
  });
  store.fulfill(O.tracked, { trackingInfo: { company: 'Correios', number: 'RA123456785BR' } });

  store.addOrder({
    id: O.noFulfillmentOrdersYet,
    createdAt: new Date(now - 5_000),
    email: 'noah.williams@example.com',
    customer: { firstName: 'Noah', lastName: 'Williams', tags: [] },
    shippingAddress: {
      firstName: 'Noah',
      lastName: 'Williams',
      address1: '600 Congress Ave',
      city: 'Austin',
      province: 'Texas',
      provinceCode: 'TX',
      country: 'United States',
      countryCode: 'US',
      zip: '78701',
      latitude: 30.2686,
      longitude: -97.743,
    },
    lineItems: [{ sku: 'TEE-S', quantity: 1, price: '25.00' }],
    locationId: L.newark,
    fulfillmentOrdersReadyAt: now + (options.fulfillmentOrdersAfterMs ?? 2 * 60_000),
  });
}
