import { describe, expect, it } from 'vitest';
import { Kind, createRuleEngine, describeKinds } from '../../../src/rules/engine';
import type { ActionHandle, ExpressionKey } from '../../../src/rules/document';

const { checkExpression } = createRuleEngine();

const P = '/rules/0';
const check = (value: unknown, key: ExpressionKey = 'eligible', action: ActionHandle = 'fulfill-from-best-location') =>
  checkExpression(value, action, key, `${P}/${key}`);

describe('operators', () => {
  it('accepts every allowed operator and refuses others with a suggestion', () => {
    expect(check({ and: [{ '==': [1, 1] }, { starts_with: [{ var: 'location.name' }, 'W'] }] })).toEqual([]);
    expect(check({ and: [true, { equals: [1, 1] }] })).toEqual([
      { path: `${P}/eligible/and/1/equals`, message: 'unknown operator "equals" (the operators are listed in docs/rules.md)' },
    ]);
    expect(check({ AND: [true] })[0]?.message).toContain('did you mean "and"?');
    expect(check({ startsWith: ['a', 'b'] })[0]?.message).toContain('did you mean "starts_with"?');
  });

  it('refuses log, and names that exist only on Object.prototype', () => {
    expect(check({ log: 1 })).toEqual([
      { path: `${P}/eligible/log`, message: '"log" is not allowed: it writes to the server console; remove it' },
    ]);
    for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
      expect(check(JSON.parse(`{"${name}": [1]}`))[0]?.message).toContain(`unknown operator "${name}"`);
    }
  });

  it('checks the number of arguments', () => {
    expect(check({ '==': [1] })).toEqual([{ path: `${P}/eligible/==`, message: '"==" takes exactly 2 arguments, but has 1' }]);
    expect(check({ substr: ['a'] })[0]?.message).toBe('"substr" takes 2 to 3 arguments, but has 1');
    expect(check({ '+': [] })[0]?.message).toBe('"+" takes at least 1 argument, but has 0');
    expect(check({ '!': true })).toEqual([]); // the unary shorthand is one argument
  });

  it('escapes operator names in JSON pointers', () => {
    expect(check({ and: [{ '/': [1] }] })).toEqual([
      { path: `${P}/eligible/and/0/~1`, message: '"/" takes exactly 2 arguments, but has 1' },
    ]);
  });

  it('refuses objects that are not operations', () => {
    expect(check({})[0]?.message).toContain('an empty object is not an operation');
    expect(check({ '==': [1, 1], var: 'order.name' })[0]?.message).toContain('exactly one key, but this object has 2 ("==", "var")');
  });
});

describe('var paths', () => {
  it('accepts documented variables available to the expression, in every var form', () => {
    expect(check({ var: 'location.name' })).toEqual([]);
    expect(check({ var: ['location.distance_km'] }, 'score')).toEqual([]);
    expect(check({ var: ['location.distance_km', 0] }, 'score')).toEqual([]);
    expect(check({ var: 'fulfillment_order.status' })).toEqual([]);
    expect(check({ var: 'now' })).toEqual([]);
    expect(check({ var: 'order.shipping_address' })).toEqual([]);
  });

  it('suggests the variable meant', () => {
    expect(check({ var: 'order.shiping_address' })).toEqual([
      { path: `${P}/eligible/var`, message: 'unknown variable "order.shiping_address"; did you mean "order.shipping_address"?' },
    ]);
    expect(check({ var: ['location.distance', 0] }, 'score')).toEqual([
      { path: `${P}/score/var/0`, message: 'unknown variable "location.distance"; did you mean "location.distance_km"?' },
    ]);
    expect(check({ var: 'shipping_address.country_code' }, 'when')[0]?.message).toContain(
      'did you mean "order.shipping_address.country_code"?',
    );
    expect(check({ var: 'order.shipping_address.street' })[0]?.message).toBe(
      'unknown variable "order.shipping_address.street"; order.shipping_address has country_code, province_code, city, zip, latitude, longitude',
    );
    expect(check({ var: 'customer' })[0]?.message).toBe('unknown variable "customer"; did you mean "order.customer"?');
    expect(check({ var: 'shopper' })[0]?.message).toBe(
      'unknown variable "shopper"; eligible can read order.*, location.*, fulfillment_order.*, now (see docs/rules.md)',
    );
  });

  it('refuses a variable that exists but not for this expression, saying why', () => {
    expect(check({ '-': [0, { var: 'line.available' }] }, 'score')).toEqual([
      {
        path: `${P}/score/-/1/var`,
        message:
          'line.available is not available in score: score is evaluated once per candidate location and can read order.*, location.*, fulfillment_order.*, now',
      },
    ]);
    expect(check({ var: 'location.name' }, 'allow_split')[0]?.message).toContain('location.name is not available in allow_split');
    expect(check({ var: 'tracking.number' }, 'when')[0]?.message).toBe('tracking.number is only available in add-tracking rules');
    expect(check({ var: 'tracking.number' }, 'when', 'add-tracking')).toEqual([]);
    expect(check({ var: 'tracking.number' }, 'notify_customer', 'add-tracking')).toEqual([]);
    expect(check({ var: 'line.sku' }, 'ready', 'partial-fulfill-ready-items')).toEqual([]);
    expect(check({ var: 'location.name' }, 'ready', 'partial-fulfill-ready-items')[0]?.message).toContain('not available in ready');
  });

  it('refuses __proto__, prototype and constructor anywhere in a path', () => {
    for (const path of ['order.__proto__', 'constructor', 'order.tags.constructor.prototype', '__proto__.polluted']) {
      const segment = path.split('.').find((s) => ['__proto__', 'prototype', 'constructor'].includes(s));
      expect(check({ var: path })).toEqual([{ path: `${P}/eligible/var`, message: `"${segment}" is not allowed in a variable path` }]);
    }
    expect(check({ missing: ['order.__proto__'] })[0]?.message).toBe('"__proto__" is not allowed in a variable path');
  });

  it('allows list positions only after a list variable (order.tags.0)', () => {
    expect(check({ '==': [{ var: 'order.tags.0' }, 'vip'] })).toEqual([]);
    expect(check({ var: 'order.customer.tags.12' })).toEqual([]);
    expect(check({ var: 'order.tags.first' })[0]?.message).toContain(
      'order.tags is a list of strings: read one item by position ("order.tags.0")',
    );
    expect(check({ var: 'order.tags.length' })[0]?.message).toContain('order.tags is a list of strings');
    expect(check({ var: 'order.tags.0.x' })[0]?.message).toContain('order.tags is a list of strings');
    expect(check({ var: 'order.name.0' })[0]?.message).toBe('order.name is a string and has no field "0"');
  });

  it('requires a literal name', () => {
    expect(check({ var: { cat: ['order.', 'name'] } })[0]?.message).toContain('var needs a literal variable name');
    expect(check({ var: '' })[0]?.message).toBe('var needs a variable name, such as "order.name"');
    expect(check({ var: [] })[0]?.message).toBe('var needs a variable name, such as "order.name"');
    expect(check({ var: true })[0]?.message).toBe('var needs a variable name such as "order.name"');
  });

  it('checks missing and missing_some names', () => {
    expect(check({ missing: ['order.email', 'order.shipping_address.zip'] })).toEqual([]);
    expect(check({ missing: [['order.email', 'order.emial']] })).toEqual([
      { path: `${P}/eligible/missing/0/1`, message: 'unknown variable "order.emial"; did you mean "order.email"?' },
    ]);
    expect(check({ missing: 'order.nam' })[0]).toEqual({
      path: `${P}/eligible/missing`,
      message: expect.stringContaining('did you mean "order.name"?'),
    });
    expect(check({ missing: [{ var: 'order.name' }] })[0]?.message).toContain('list variable names literally');
    expect(check({ missing_some: [1, ['order.email', 'line.sku']] })).toEqual([
      { path: `${P}/eligible/missing_some/1/1`, message: expect.stringContaining('line.sku is not available in eligible') },
    ]);
    expect(check({ missing_some: [1, 'order.email'] })[0]?.message).toContain('needs a list of variable names second');
  });
});

describe('lists: inside map/filter/all/some/none var reads the item', () => {
  it('accepts {"var": ""} for the item and positions inside it', () => {
    expect(check({ some: [{ var: 'order.tags' }, { '==': [{ var: '' }, 'vip'] }] })).toEqual([]);
    expect(check({ all: [{ var: 'order.customer.tags' }, { starts_with: [{ var: '' }, 'b2b'] }] })).toEqual([]);
    expect(check({ some: [[['a', 'b']], { '==': [{ var: '0' }, 'a'] }] })).toEqual([]);
    expect(check({ reduce: [{ var: 'order.tags' }, { '+': [{ var: 'accumulator' }, 1] }, 0] }, 'score')).toEqual([]);
    expect(check({ reduce: [{ var: 'order.tags' }, { cat: [{ var: 'accumulator' }, { var: 'current' }] }, ''] })).toEqual([]);
  });

  it('refuses context variables inside, explaining the scope', () => {
    expect(check({ some: [{ var: 'order.tags' }, { '==': [{ var: 'order.name' }, 'x'] }] })).toEqual([
      {
        path: `${P}/eligible/some/1/==/0/var`,
        message:
          'order.name is not visible inside "some": there, var reads the items of order.tags, not the rule\'s context; use {"var": ""} for the current item',
      },
    ]);
    expect(check({ reduce: [{ var: 'order.tags' }, { var: 'item' }, 0] })[0]?.message).toContain(
      'use {"var": "current"} for the item and {"var": "accumulator"} for the running result',
    );
    expect(check({ reduce: [{ var: 'order.tags' }, { var: '' }, 0] })[0]?.message).toContain('inside "reduce", read {"var": "current"}');
    expect(check({ some: [{ var: 'order.tags' }, { var: 'name' }] })[0]?.message).toContain('"name" cannot be read inside "some"');
  });

  it('checks the expressions around the scope in the outer context', () => {
    expect(check({ reduce: [{ var: 'order.tags' }, { var: 'current' }, { var: 'order.nme' }] })[0]?.message).toContain(
      'did you mean "order.name"?',
    );
  });

  it('refuses a first argument that can never be a list', () => {
    expect(check({ some: [{ var: 'order.name' }, true] })[0]?.message).toBe(
      '"some" needs a list first (such as {"var": "order.tags"}), but this gives a string',
    );
  });
});

describe('static result kinds', () => {
  it('score and ready_quantity must be able to give a number', () => {
    expect(check('high', 'score')).toEqual([
      { path: `${P}/score`, message: 'score must give a number, but this expression gives a string' },
    ]);
    expect(check({ var: 'location.name' }, 'score')[0]?.message).toBe('score must give a number, but this expression gives a string');
    expect(check({ '==': [1, 1] }, 'score')[0]?.message).toBe('score must give a number, but this expression gives true/false');
    expect(check({ cat: ['1'] }, 'score')[0]?.message).toContain('gives a string');
    expect(check({ if: [true, 1, 'x'] }, 'score')).toEqual([]); // may be a number: checked when it runs
    expect(check({ var: 'location.distance_km' }, 'score')).toEqual([]);
    expect(check({ '-': [0, { var: 'location.distance_km' }] }, 'score')).toEqual([]);
    expect(check({ var: 'line.quantity' }, 'ready_quantity', 'partial-fulfill-ready-items')).toEqual([]);
    expect(check({ if: [true, 1] }, 'score')).toEqual([]);
    expect(check({ if: [true, 'a'] }, 'score')[0]?.message).toBe('score must give a number, but this expression gives a string or null');
  });

  it('carrier and tracking_url must be able to give a string or null', () => {
    expect(check('Correios', 'carrier', 'add-tracking')).toEqual([]);
    expect(check(null, 'carrier', 'add-tracking')).toEqual([]);
    expect(check({ cat: ['x', { var: 'tracking.number' }] }, 'tracking_url', 'add-tracking')).toEqual([]);
    expect(check({ if: [{ var: 'tracking.url' }, { var: 'tracking.url' }, null] }, 'tracking_url', 'add-tracking')).toEqual([]);
    expect(check(5, 'carrier', 'add-tracking')[0]?.message).toBe(
      'carrier must give a string (or null for none), but this expression gives a number',
    );
    expect(check({ in: ['x', 'xy'] }, 'tracking_url', 'add-tracking')[0]?.message).toContain('gives true/false');
  });

  it('true/false expressions accept any value (truthiness)', () => {
    expect(check('yes', 'eligible')).toEqual([]);
    expect(check(1, 'notify_customer')).toEqual([]);
  });

  it('flowfill operators check their arguments', () => {
    expect(check({ days_since: { var: 'order.total_price' } }, 'score')[0]).toEqual({
      path: `${P}/score/days_since`,
      message: '"days_since" needs an ISO timestamp (a string) here, but this gives a number',
    });
    expect(check({ '>': [{ days_since: { var: 'order.created_at' } }, 3] }, 'when')).toEqual([]);
    expect(check({ starts_with: [{ var: 'order.total_quantity' }, '1'] })[0]?.message).toBe(
      '"starts_with" needs a string here, but this gives a number',
    );
    expect(check({ in: ['1', { var: 'order.total_price' }] })[0]?.message).toBe(
      '"in" needs a string or a list here, but this gives a number',
    );
    expect(check({ in: [1, { var: 'order.tags' }] })).toEqual([]);
  });

  it('describes kinds in words', () => {
    expect(describeKinds(Kind.NUM | Kind.NULL)).toBe('a number or null');
    expect(describeKinds(Kind.ANY)).toBe('any value');
  });
});

describe('limits', () => {
  const nest = (levels: number) => {
    let node: unknown = true;
    for (let i = 0; i < levels; i++) node = { '!': [node] };
    return node;
  };

  it('allows 32 levels of operations; argument lists do not count as a level', () => {
    expect(check(nest(32))).toEqual([]);
    const errors = check(nest(33));
    expect(errors).toEqual([
      {
        path: expect.stringMatching(/^\/rules\/0\/eligible(\/!\/0){32}$/),
        message: expect.stringContaining('nested more than 32 levels deep'),
      },
    ]);
  });

  it('allows 2,000 parts per expression: operations, lists and values all count', () => {
    const parts = (n: number) => ({ and: Array.from({ length: n - 2 }, () => true) }); // the operation, its list, n - 2 values
    expect(check(parts(2000))).toEqual([]);
    expect(check(parts(2001))).toEqual([{ path: `${P}/eligible`, message: expect.stringContaining('more than 2,000 parts') }]);
  });
});
