/**
 * One example per operator, shown in docs/rules.md's operator table; the tests evaluate each one
 * and compare the result, so the page cannot show a result the engine does not give.
 */

/** An expression, the context it is applied to, and what it gives. */
export interface OperatorExample {
  logic: unknown;
  data?: unknown;
  result: unknown;
}

/** Examples by operator name, in the order the docs list the operators. */
const EXAMPLES: Readonly<Record<string, OperatorExample>> = {
  var: {
    logic: { var: ['order.shipping_address.country_code', 'US'] },
    data: { order: { shipping_address: { country_code: 'BR' } } },
    result: 'BR',
  },
  missing: {
    logic: { missing: ['order.email', 'order.shipping_address.zip'] },
    data: { order: { email: null, shipping_address: { zip: '01310-100' } } },
    result: ['order.email'],
  },
  missing_some: {
    logic: { missing_some: [1, ['order.email', 'order.customer.id']] },
    data: { order: { email: null, customer: { id: 'gid://shopify/Customer/501' } } },
    result: [],
  },
  if: {
    logic: { if: [{ '>': [{ var: 'order.total_price' }, 500] }, 'high', 'normal'] },
    data: { order: { total_price: 620 } },
    result: 'high',
  },
  '?:': {
    logic: { '?:': [{ var: 'location.is_assigned' }, 10, 0] },
    data: { location: { is_assigned: true } },
    result: 10,
  },
  and: {
    logic: { and: [{ var: 'location.is_active' }, { var: 'location.all_in_stock' }] },
    data: { location: { is_active: true, all_in_stock: false } },
    result: false,
  },
  or: {
    logic: { or: [{ var: 'order.email' }, 'no email'] },
    data: { order: { email: null } },
    result: 'no email',
  },
  '!': {
    logic: { '!': { in: ['Outlet', { var: 'location.name' }] } },
    data: { location: { name: 'Outlet Store' } },
    result: false,
  },
  '!!': {
    logic: { '!!': { var: 'order.tags' } },
    data: { order: { tags: [] } },
    result: false,
  },
  '==': {
    logic: { '==': [{ var: 'order.shipping_address.country_code' }, 'BR'] },
    data: { order: { shipping_address: { country_code: 'BR' } } },
    result: true,
  },
  '===': {
    logic: { '===': [{ var: 'order.line_count' }, 1] },
    data: { order: { line_count: 1 } },
    result: true,
  },
  '!=': {
    logic: { '!=': [{ var: 'fulfillment_order.status' }, 'ON_HOLD'] },
    data: { fulfillment_order: { status: 'OPEN' } },
    result: true,
  },
  '!==': {
    logic: { '!==': [{ var: 'order.currency' }, 'USD'] },
    data: { order: { currency: 'BRL' } },
    result: true,
  },
  '>': {
    logic: { '>': [{ var: 'order.total_price' }, 100] },
    data: { order: { total_price: 149.9 } },
    result: true,
  },
  '>=': {
    logic: { '>=': [{ var: 'line.available' }, 0] },
    data: { line: { available: 0 } },
    result: true,
  },
  '<': {
    logic: { '<': [0, { var: 'location.distance_km' }, 50] },
    data: { location: { distance_km: 12.5 } },
    result: true,
  },
  '<=': {
    logic: { '<=': [1, { var: 'order.total_quantity' }, 5] },
    data: { order: { total_quantity: 5 } },
    result: true,
  },
  in: {
    logic: { in: ['vip', { var: 'order.tags' }] },
    data: { order: { tags: ['vip', 'gift'] } },
    result: true,
  },
  '+': {
    logic: { '+': [{ var: 'line.available' }, { var: 'line.quantity' }] },
    data: { line: { available: -1, quantity: 3 } },
    result: 2,
  },
  '-': {
    logic: { '-': [0, { var: 'location.distance_km' }] },
    data: { location: { distance_km: 12.5 } },
    result: -12.5,
  },
  '*': {
    logic: { '*': [{ var: 'location.units_in_stock' }, 10] },
    data: { location: { units_in_stock: 3 } },
    result: 30,
  },
  '/': {
    logic: { '/': [{ var: 'location.lines_in_stock' }, { var: 'order.line_count' }] },
    data: { location: { lines_in_stock: 1 }, order: { line_count: 4 } },
    result: 0.25,
  },
  '%': {
    logic: { '%': [{ var: 'order.total_quantity' }, 2] },
    data: { order: { total_quantity: 5 } },
    result: 1,
  },
  min: {
    logic: { min: [{ var: 'line.quantity' }, { var: 'line.on_hand' }] },
    data: { line: { quantity: 3, on_hand: 2 } },
    result: 2,
  },
  max: {
    logic: { max: [0, { var: 'line.available' }] },
    data: { line: { available: -2 } },
    result: 0,
  },
  cat: {
    logic: { cat: ['https://t.example/', { var: 'tracking.number' }] },
    data: { tracking: { number: 'RA123456785BR' } },
    result: 'https://t.example/RA123456785BR',
  },
  substr: {
    logic: { substr: [{ var: 'tracking.number' }, -2] },
    data: { tracking: { number: 'RA123456785BR' } },
    result: 'BR',
  },
  merge: {
    logic: { merge: [{ var: 'order.tags' }, { var: 'order.customer.tags' }] },
    data: { order: { tags: ['gift'], customer: { tags: ['wholesale'] } } },
    result: ['gift', 'wholesale'],
  },
  map: {
    logic: { map: [{ var: 'order.tags' }, { lower: { var: '' } }] },
    data: { order: { tags: ['VIP', 'Gift'] } },
    result: ['vip', 'gift'],
  },
  filter: {
    logic: { filter: [{ var: 'order.tags' }, { starts_with: [{ var: '' }, 'ship:'] }] },
    data: { order: { tags: ['ship:express', 'gift'] } },
    result: ['ship:express'],
  },
  reduce: {
    logic: {
      reduce: [{ var: 'order.tags' }, { '+': [{ var: 'accumulator' }, { if: [{ starts_with: [{ var: 'current' }, 'b2b'] }, 1, 0] }] }, 0],
    },
    data: { order: { tags: ['b2b', 'b2b-net30', 'gift'] } },
    result: 2,
  },
  all: {
    logic: { all: [{ var: 'order.tags' }, { starts_with: [{ var: '' }, 'b2b'] }] },
    data: { order: { tags: ['b2b', 'b2b-net30'] } },
    result: true,
  },
  some: {
    logic: { some: [{ var: 'order.customer.tags' }, { '==': [{ lower: { var: '' } }, 'vip'] }] },
    data: { order: { customer: { tags: ['VIP'] } } },
    result: true,
  },
  none: {
    logic: { none: [{ var: 'order.tags' }, { '==': [{ var: '' }, 'hold'] }] },
    data: { order: { tags: ['gift'] } },
    result: true,
  },
  days_since: {
    logic: { '>': [{ days_since: { var: 'order.created_at' } }, 2] },
    data: { order: { created_at: '2026-03-01T09:00:00Z' }, now: '2026-03-04T09:00:00Z' },
    result: true,
  },
  hours_since: {
    logic: { hours_since: { var: 'order.created_at' } },
    data: { order: { created_at: '2026-03-04T06:30:00Z' }, now: '2026-03-04T09:00:00Z' },
    result: 2.5,
  },
  before: {
    logic: { before: [{ var: 'order.created_at' }, '2026-03-02T00:00:00-03:00'] },
    data: { order: { created_at: '2026-03-01T14:30:00Z' } },
    result: true,
  },
  after: {
    logic: { after: [{ var: 'now' }, '2026-12-24'] },
    data: { now: '2026-03-04T09:00:00Z' },
    result: false,
  },
  starts_with: {
    logic: { starts_with: [{ var: 'order.shipping_address.zip' }, '013'] },
    data: { order: { shipping_address: { zip: '01310-100' } } },
    result: true,
  },
  ends_with: {
    logic: { ends_with: [{ var: 'tracking.number' }, 'BR'] },
    data: { tracking: { number: 'RA123456785BR' } },
    result: true,
  },
  contains: {
    logic: { contains: [{ lower: { var: 'location.name' } }, 'outlet'] },
    data: { location: { name: 'Rio Outlet' } },
    result: true,
  },
  lower: {
    logic: { in: ['vip', { lower: { var: 'order.tags' } }] },
    data: { order: { tags: ['VIP'] } },
    result: true,
  },
  upper: {
    logic: { upper: { var: 'order.shipping_address.province_code' } },
    data: { order: { shipping_address: { province_code: 'sp' } } },
    result: 'SP',
  },
};

/** The example of an operator; throws for an operator without one, so a new operator cannot go undocumented. */
export function operatorExample(name: string): OperatorExample {
  if (!Object.hasOwn(EXAMPLES, name)) throw new Error(`operator "${name}" has no example in operator-examples.ts`);
  return EXAMPLES[name] as OperatorExample;
}
