/**
 * Worked example documents, one per action, and the scenario data they are shown against. The
 * docs (docs/rules.md) print them with their results, the tests validate and evaluate them, and
 * the benchmark runs them: so the examples a merchant copies are known to work.
 */
import { sampleContext, type EvaluationContext, type LineContext, type LocationContext, type OrderContext } from '../context';
import type { ActionHandle } from '../document';

export interface WorkedExample {
  action: ActionHandle;
  title: string;
  /** Markdown paragraphs explaining the rules. */
  explanation: string[];
  /** A complete rule document, as a merchant would import it. */
  document: { rules: Array<Record<string, unknown>> };
}

export const WORKED_EXAMPLES: readonly WorkedExample[] = [
  {
    action: 'add-tracking',
    title: 'Brazil → Correios tracking with a tracking URL',
    explanation: [
      'Orders shipped to Brazil with a Correios number (international S10 numbers such as `RA123456785BR` end in `BR`) get the carrier "Correios" and a link to Correios\' tracking page built from the number. The customer is notified.',
      'Any other order matches no rule, so the action uses its built-in default: the carrier detected from the tracking number, and the URL the step passed, if any.',
    ],
    document: {
      rules: [
        {
          name: 'brazil-correios',
          action: 'add-tracking',
          priority: 10,
          when: {
            and: [
              { '==': [{ var: 'order.shipping_address.country_code' }, 'BR'] },
              { ends_with: [{ upper: { var: 'tracking.number' } }, 'BR'] },
            ],
          },
          carrier: 'Correios',
          tracking_url: {
            cat: ['https://rastreamento.correios.com.br/app/index.php?objeto=', { upper: { var: 'tracking.number' } }],
          },
          notify_customer: true,
        },
      ],
    },
  },
  {
    action: 'fulfill-from-best-location',
    title: 'Nearest in-stock warehouse, never the outlet',
    explanation: [
      'A location is eligible when it is active, fulfills online orders, has every line in stock and is not an outlet (its name does not contain "Outlet"). The highest score wins, so the score is the negative distance: the nearest eligible location wins.',
      '`location.distance_km` is null when the address or the location has no coordinates; the `if` ranks such locations last instead of treating null as 0 km (in json-logic, `{"-": [0, null]}` is 0, which would make them win).',
    ],
    document: {
      rules: [
        {
          name: 'nearest-in-stock-warehouse',
          action: 'fulfill-from-best-location',
          priority: 10,
          eligible: {
            and: [
              { var: 'location.is_active' },
              { var: 'location.fulfills_online_orders' },
              { var: 'location.all_in_stock' },
              { '!': { in: ['Outlet', { var: 'location.name' }] } },
            ],
          },
          score: {
            if: [{ '===': [{ var: 'location.distance_km' }, null] }, -100000, { '-': [0, { var: 'location.distance_km' }] }],
          },
          notify_customer: true,
        },
      ],
    },
  },
  {
    action: 'partial-fulfill-ready-items',
    title: 'Ship only in-stock lines (wholesale customers: every unit on hand)',
    explanation: [
      '`ship-in-stock-lines` ships a line when Shopify does not track its inventory, or when the assigned location covers all of it: `line.available` is what stays there once the line ships (lines of one variant share the units), so `available >= 0` means every remaining unit is there. A line without an inventory level at the location has `available` null, and `null >= 0` is true in json-logic, so the rule checks for null first. Whatever a rule says, flowfill never ships more units than the location has left for the line.',
      '`wholesale-ship-what-is-there` comes first (priority 5) for customers tagged "wholesale": any line with at least one unit on hand is ready, and `ready_quantity` ships the units that are there (remaining quantity plus available, capped at the remaining quantity). Its `if` chain gives 0 when `available` is null: `{"+": [null, 2]}` is NaN, and a `ready_quantity` that is not a finite number fails the run.',
    ],
    document: {
      rules: [
        {
          name: 'wholesale-ship-what-is-there',
          action: 'partial-fulfill-ready-items',
          priority: 5,
          when: { in: ['wholesale', { lower: { var: 'order.customer.tags' } }] },
          ready: {
            or: [{ '!': { var: 'line.tracked' } }, { '>': [{ '+': [{ var: 'line.available' }, { var: 'line.quantity' }] }, 0] }],
          },
          ready_quantity: {
            if: [
              { '!': { var: 'line.tracked' } },
              { var: 'line.quantity' },
              { '===': [{ var: 'line.available' }, null] },
              0,
              { max: [0, { min: [{ var: 'line.quantity' }, { '+': [{ var: 'line.available' }, { var: 'line.quantity' }] }] }] },
            ],
          },
        },
        {
          name: 'ship-in-stock-lines',
          action: 'partial-fulfill-ready-items',
          priority: 10,
          ready: {
            or: [
              { '!': { var: 'line.tracked' } },
              {
                and: [{ '!==': [{ var: 'line.available' }, null] }, { '>=': [{ var: 'line.available' }, 0] }],
              },
            ],
          },
        },
      ],
    },
  },
];

/** The short document that shows the format at the top of docs/rules.md. */
export const FORMAT_EXAMPLE = {
  rules: [
    {
      name: 'us-orders-prefer-newark',
      action: 'fulfill-from-best-location',
      priority: 10,
      enabled: true,
      when: { '==': [{ var: 'order.shipping_address.country_code' }, 'US'] },
      eligible: { and: [{ var: 'location.all_in_stock' }, { var: 'location.fulfills_online_orders' }] },
      score: { if: [{ '==': [{ var: 'location.city' }, 'Newark'] }, 100, 0] },
      notify_customer: true,
    },
  ],
};

/** The worked example for an action. */
export function workedExample(action: ActionHandle): WorkedExample {
  return WORKED_EXAMPLES.find((example) => example.action === action) as WorkedExample;
}

// ---- Scenario data (docs tables, tests, benchmark) ----

const BASE = sampleContext();

/** The sample order with some fields replaced. */
export function exampleOrder(overrides: Partial<OrderContext> = {}): OrderContext {
  return { ...structuredClone(BASE.order), ...overrides };
}

/** A context for the given roots, with the sample `now`. */
export function exampleContext(parts: Partial<EvaluationContext> & { order: OrderContext }): EvaluationContext {
  return { now: BASE.now, ...parts };
}

const CITIES: Array<[string, string, number, number]> = [
  ['São Paulo', 'SP', -23.5868, -46.6819],
  ['Rio de Janeiro', 'RJ', -22.9068, -43.1729],
  ['Curitiba', 'PR', -25.4284, -49.2733],
  ['Belo Horizonte', 'MG', -19.9167, -43.9345],
  ['Porto Alegre', 'RS', -30.0346, -51.2177],
];

/**
 * `count` candidate locations with varied stock, distance and status: deterministic, so the
 * benchmark and the docs are reproducible. Every fifth is an outlet; a few lack coordinates.
 */
export function exampleLocations(count: number): LocationContext[] {
  return Array.from({ length: count }, (_, i) => {
    const [city, province, latitude, longitude] = CITIES[i % CITIES.length] as [string, string, number, number];
    const outlet = i % 5 === 4;
    const noCoordinates = i % 7 === 6;
    return {
      id: `gid://shopify/Location/${11 + i}`,
      name: outlet ? `${city} Outlet` : `${city} Warehouse ${Math.floor(i / CITIES.length) + 1}`,
      country_code: 'BR',
      province_code: province,
      city,
      zip: `0${1000 + i * 37}-000`,
      latitude: noCoordinates ? null : latitude,
      longitude: noCoordinates ? null : longitude,
      is_active: i % 9 !== 8,
      fulfills_online_orders: i % 11 !== 10,
      is_assigned: i === 1,
      distance_km: noCoordinates ? null : Math.round((3.7 + i * 41.3) * 10) / 10,
      all_in_stock: i % 3 !== 2,
      lines_in_stock: i % 3 !== 2 ? 2 : 1,
      units_in_stock: i % 3 !== 2 ? 3 : 1,
    };
  });
}

/** `count` fulfillment order lines: tracked and untracked, in stock, short and without an inventory level. */
export function exampleLines(count: number): LineContext[] {
  return Array.from({ length: count }, (_, i) => {
    const tracked = i % 4 !== 3;
    const available = !tracked ? null : i % 5 === 4 ? null : ([5, 0, -1, -3][i % 4] ?? 0);
    return {
      id: `gid://shopify/FulfillmentOrderLineItem/${71 + i}`,
      sku: `SKU-${100 + i}`,
      title: `Product ${i + 1}`,
      vendor: i % 2 === 0 ? 'Acme' : null,
      quantity: 1 + (i % 3),
      requires_shipping: true,
      tracked,
      available,
      on_hand: available === null ? null : available + 4,
      committed: available === null ? null : 4,
      variant_id: `gid://shopify/ProductVariant/${301 + i}`,
      product_id: `gid://shopify/Product/${201 + i}`,
    };
  });
}
