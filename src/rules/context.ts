/**
 * The evaluation context: the one source of truth for the variables a rule's expressions may read.
 * Validation (`var` paths), docs/rules.md and the admin page's hints are all generated from it;
 * whoever builds contexts from an order snapshot must produce exactly these shapes (the TypeScript
 * interfaces below), as plain objects: `var` reads own properties only.
 */
import type { ActionHandle, ExpressionKey } from './document';

export type ContextRoot = 'order' | 'location' | 'line' | 'fulfillment_order' | 'tracking' | 'now';

/** `timestamp` is an ISO 8601 string such as `2026-03-01T14:30:00Z`; `string[]` is a list of strings. */
export type VariableType = 'string' | 'number' | 'boolean' | 'timestamp' | 'string[]' | 'object';

export interface ContextVariable {
  /** Dotted path as written in `{"var": "order.shipping_address.country_code"}`. */
  path: string;
  type: VariableType;
  /** Whether the value may be null (for objects: the whole object may be null). */
  nullable: boolean;
  description: string;
  /** A realistic value, used by the docs and as the sample context. */
  example: unknown;
}

export interface ContextRootInfo {
  root: ContextRoot;
  description: string;
}

export const CONTEXT_ROOTS: readonly ContextRootInfo[] = [
  { root: 'order', description: 'The order the Flow step runs for.' },
  { root: 'location', description: 'One candidate location; `eligible` and `score` run once per location.' },
  { root: 'line', description: 'One fulfillment order line item; `ready` and `ready_quantity` run once per line.' },
  {
    root: 'fulfillment_order',
    description: 'The fulfillment order being placed (with `location`) or the one the line belongs to (with `line`).',
  },
  { root: 'tracking', description: 'The tracking details the Flow step passed (add-tracking only).' },
  { root: 'now', description: 'The time of the run.' },
];

function v(path: string, type: VariableType, nullable: boolean, description: string, example: unknown): ContextVariable {
  return { path, type, nullable, description, example };
}

/** Every variable, parents (objects) before their fields. */
export const CONTEXT_VARIABLES: readonly ContextVariable[] = [
  v('order', 'object', false, 'The order.', undefined),
  v('order.id', 'string', false, 'Order GID, e.g. gid://shopify/Order/1001.', 'gid://shopify/Order/1001'),
  v('order.name', 'string', false, 'Order name as shown in the admin, e.g. #1001.', '#1001'),
  v('order.tags', 'string[]', false, 'Order tags, as entered (case preserved).', ['vip', 'gift']),
  v('order.total_price', 'number', false, 'Order total in `order.currency` (a number, not a string).', 149.9),
  v('order.currency', 'string', false, 'ISO 4217 currency code of the order total.', 'BRL'),
  v('order.created_at', 'timestamp', false, 'When the order was placed.', '2026-03-01T14:30:00Z'),
  v('order.email', 'string', true, "Customer's email on the order; null when none was given.", 'ana@example.com'),
  v('order.shipping_address', 'object', true, 'Shipping address; null for orders that are not shipped.', undefined),
  v('order.shipping_address.country_code', 'string', true, 'ISO 3166-1 alpha-2 country code, e.g. US, BR.', 'BR'),
  v('order.shipping_address.province_code', 'string', true, 'Province/state code, e.g. NY, SP.', 'SP'),
  v('order.shipping_address.city', 'string', true, 'City, as entered.', 'São Paulo'),
  v('order.shipping_address.zip', 'string', true, 'Postal code, as entered.', '01310-100'),
  v('order.shipping_address.latitude', 'number', true, 'Latitude in degrees; null when Shopify has not geocoded it.', -23.5614),
  v('order.shipping_address.longitude', 'number', true, 'Longitude in degrees; null when not geocoded.', -46.6559),
  v('order.customer', 'object', true, 'The customer; null for orders without one.', undefined),
  v('order.customer.id', 'string', false, 'Customer GID.', 'gid://shopify/Customer/501'),
  v('order.customer.tags', 'string[]', false, 'Customer tags.', ['returning']),
  v('order.line_count', 'number', false, 'Number of line items on the order.', 2),
  v('order.total_quantity', 'number', false, 'Total units ordered across all line items.', 3),

  v('location', 'object', false, 'The candidate location.', undefined),
  v('location.id', 'string', false, 'Location GID.', 'gid://shopify/Location/11'),
  v('location.name', 'string', false, 'Location name as set in the admin.', 'São Paulo Warehouse'),
  v('location.country_code', 'string', true, "Location's country code.", 'BR'),
  v('location.province_code', 'string', true, "Location's province/state code.", 'SP'),
  v('location.city', 'string', true, "Location's city.", 'São Paulo'),
  v('location.zip', 'string', true, "Location's postal code.", '04538-132'),
  v('location.latitude', 'number', true, "Location's latitude; null when unknown.", -23.5868),
  v('location.longitude', 'number', true, "Location's longitude; null when unknown.", -46.6819),
  v('location.is_active', 'boolean', false, 'Whether the location is active.', true),
  v('location.fulfills_online_orders', 'boolean', false, 'Whether the location fulfills online orders.', true),
  v('location.is_assigned', 'boolean', false, 'Whether Shopify currently assigns the fulfillment order to this location.', false),
  v(
    'location.distance_km',
    'number',
    true,
    'Great-circle distance from the shipping address to the location, in km; null when either has no coordinates.',
    3.7,
  ),
  v(
    'location.all_in_stock',
    'boolean',
    false,
    "Whether the location has every line's remaining quantity, counting stock per item: lines of one variant, and the fulfillment orders this run already placed here, share the same units (Shopify's available plus what this order itself commits here).",
    true,
  ),
  v(
    'location.lines_in_stock',
    'number',
    false,
    'How many lines the location covers, taking them in order (lines of one item share its units).',
    2,
  ),
  v(
    'location.units_in_stock',
    'number',
    false,
    'Units of these lines the location has for this order (per item, capped at what the lines need).',
    3,
  ),

  v('line', 'object', false, 'The fulfillment order line item.', undefined),
  v('line.id', 'string', false, 'Fulfillment order line item GID.', 'gid://shopify/FulfillmentOrderLineItem/71'),
  v('line.sku', 'string', true, 'Variant SKU; null when the variant has none.', 'TSHIRT-M-BLUE'),
  v('line.title', 'string', false, 'Product title of the line.', 'Blue T-shirt'),
  v('line.vendor', 'string', true, 'Product vendor.', 'Acme'),
  v('line.quantity', 'number', false, 'Units of this line still to fulfill (remaining quantity).', 2),
  v('line.requires_shipping', 'boolean', false, 'Whether the item is physical and needs shipping.', true),
  v('line.tracked', 'boolean', false, 'Whether Shopify tracks inventory for the item.', true),
  v(
    'line.available',
    'number',
    true,
    "Units left at the assigned location once this line ships: Shopify's available (which already excludes committed units) plus this order's own committed units there, minus this line and the order's earlier lines of the same item that are ready. 0 or more: the line is covered; for a line alone it equals Shopify's available. Null without an inventory level there.",
    5,
  ),
  v('line.on_hand', 'number', true, 'On-hand units at the assigned location; null without an inventory level there.', 9),
  v('line.committed', 'number', true, 'Committed units at the assigned location; null without an inventory level there.', 4),
  v('line.variant_id', 'string', true, 'Variant GID; null for custom items.', 'gid://shopify/ProductVariant/301'),
  v('line.product_id', 'string', true, 'Product GID; null for custom items.', 'gid://shopify/Product/201'),

  v('fulfillment_order', 'object', false, 'The fulfillment order.', undefined),
  v('fulfillment_order.id', 'string', false, 'Fulfillment order GID.', 'gid://shopify/FulfillmentOrder/41'),
  v('fulfillment_order.status', 'string', false, 'Status, e.g. OPEN, IN_PROGRESS, ON_HOLD.', 'OPEN'),
  v('fulfillment_order.assigned_location_id', 'string', false, 'GID of the location it is assigned to.', 'gid://shopify/Location/12'),
  v(
    'fulfillment_order.delivery_method',
    'string',
    true,
    "Delivery method type: SHIPPING, LOCAL, PICK_UP, PICKUP_POINT, RETAIL, NONE; null when unknown. Only SHIPPING fulfillment orders reach a rule unless the rule's delivery_methods lists others.",
    'SHIPPING',
  ),

  v('tracking', 'object', false, 'The tracking details of the Flow step.', undefined),
  v('tracking.number', 'string', false, 'The tracking number passed to the step.', 'RA123456785BR'),
  v('tracking.company', 'string', true, 'The tracking company passed to the step (or detected from the number); null if neither.', null),
  v('tracking.url', 'string', true, 'The tracking URL passed to the step; null if none.', null),

  v('now', 'timestamp', false, 'The time of the run (use it, not the wall clock, in date conditions).', '2026-03-04T09:00:00Z'),
];

const BY_PATH: ReadonlyMap<string, ContextVariable> = new Map(CONTEXT_VARIABLES.map((variable) => [variable.path, variable]));

/** The variable with this exact path, if documented. */
export function findVariable(path: string): ContextVariable | undefined {
  return BY_PATH.get(path);
}

/** The root a path starts with (`order` for `order.tags`). */
export function rootOf(path: string): string {
  const dot = path.indexOf('.');
  return dot === -1 ? path : path.slice(0, dot);
}

/** Which roots each expression may read, apart from `tracking` (see rootsFor). */
const EXPRESSION_ROOTS: Readonly<Record<ExpressionKey, readonly ContextRoot[]>> = {
  when: ['order', 'now'],
  eligible: ['order', 'location', 'fulfillment_order', 'now'],
  score: ['order', 'location', 'fulfillment_order', 'now'],
  allow_split: ['order', 'now'],
  ready: ['order', 'line', 'fulfillment_order', 'now'],
  ready_quantity: ['order', 'line', 'fulfillment_order', 'now'],
  carrier: ['order', 'tracking', 'now'],
  tracking_url: ['order', 'tracking', 'now'],
  notify_customer: ['order', 'now'],
};

/** How often each expression is evaluated, for messages and docs. */
export const EXPRESSION_SCOPE: Readonly<Record<ExpressionKey, string>> = {
  when: 'once per run, to choose the rule',
  eligible: 'once per candidate location',
  score: 'once per candidate location',
  allow_split: 'once per run',
  ready: 'once per fulfillment order line item',
  ready_quantity: 'once per fulfillment order line item',
  carrier: 'once per run',
  tracking_url: 'once per run',
  notify_customer: 'once per run',
};

/**
 * The roots an expression of this action may read. `when` and `notify_customer` also see `tracking`
 * in add-tracking rules; `action` undefined means "not known" (a rule whose action is invalid) and
 * is permissive so the expression's other problems still get reported.
 */
export function rootsFor(action: ActionHandle | undefined, expression: ExpressionKey): readonly ContextRoot[] {
  const roots = EXPRESSION_ROOTS[expression];
  const seesTracking = action === 'add-tracking' || action === undefined;
  if (seesTracking && (expression === 'when' || expression === 'notify_customer')) {
    return [...roots.filter((root) => root !== 'now'), 'tracking', 'now'];
  }
  return roots;
}

/** The variables an expression of this action may read (admin page hints, "did you mean" candidates). */
export function variablesFor(action: ActionHandle | undefined, expression: ExpressionKey): ContextVariable[] {
  const roots = new Set<string>(rootsFor(action, expression));
  return CONTEXT_VARIABLES.filter((variable) => roots.has(rootOf(variable.path)));
}

/** Where each root may be used, as a human list ("eligible, score"), for the docs. */
export function expressionsUsing(root: ContextRoot): string[] {
  const out: string[] = [];
  for (const key of Object.keys(EXPRESSION_ROOTS) as ExpressionKey[]) {
    if (EXPRESSION_ROOTS[key].includes(root)) out.push(key);
  }
  if (root === 'tracking') out.push('when and notify_customer of add-tracking rules');
  return out;
}

// ---- The shapes a context builder produces (checked against CONTEXT_VARIABLES in the tests) ----

export interface AddressContext {
  country_code: string | null;
  province_code: string | null;
  city: string | null;
  zip: string | null;
  latitude: number | null;
  longitude: number | null;
}

export interface OrderContext {
  id: string;
  name: string;
  tags: string[];
  total_price: number;
  currency: string;
  created_at: string;
  email: string | null;
  shipping_address: AddressContext | null;
  customer: { id: string; tags: string[] } | null;
  line_count: number;
  total_quantity: number;
}

export interface LocationContext {
  id: string;
  name: string;
  country_code: string | null;
  province_code: string | null;
  city: string | null;
  zip: string | null;
  latitude: number | null;
  longitude: number | null;
  is_active: boolean;
  fulfills_online_orders: boolean;
  is_assigned: boolean;
  distance_km: number | null;
  all_in_stock: boolean;
  lines_in_stock: number;
  units_in_stock: number;
}

export interface LineContext {
  id: string;
  sku: string | null;
  title: string;
  vendor: string | null;
  quantity: number;
  requires_shipping: boolean;
  tracked: boolean;
  available: number | null;
  on_hand: number | null;
  committed: number | null;
  variant_id: string | null;
  product_id: string | null;
}

export interface FulfillmentOrderContext {
  id: string;
  status: string;
  assigned_location_id: string;
  delivery_method: string | null;
}

export interface TrackingContext {
  number: string;
  company: string | null;
  url: string | null;
}

/** The data an expression is evaluated against; which optional roots are present depends on the expression. */
export interface EvaluationContext {
  order: OrderContext;
  now: string;
  location?: LocationContext;
  line?: LineContext;
  fulfillment_order?: FulfillmentOrderContext;
  tracking?: TrackingContext;
}

/** A complete context built from the variables' examples (docs, tests). */
export function sampleContext(): Required<EvaluationContext> {
  const root: Record<string, unknown> = {};
  for (const variable of CONTEXT_VARIABLES) {
    const segments = variable.path.split('.');
    let target = root;
    for (const segment of segments.slice(0, -1)) target = target[segment] as Record<string, unknown>;
    const last = segments[segments.length - 1] as string;
    target[last] = variable.type === 'object' ? {} : structuredClone(variable.example);
  }
  return root as unknown as Required<EvaluationContext>;
}
