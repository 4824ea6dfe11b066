import { describe, expect, it } from 'vitest';
import {
  CONTEXT_ROOTS,
  CONTEXT_VARIABLES,
  findVariable,
  rootsFor,
  sampleContext,
  variablesFor,
  type EvaluationContext,
} from '../../src/rules/context';
import { ACTION_HANDLES, expressionKeysFor } from '../../src/rules/document';

/** Every leaf path of a plain object (lists are leaves). */
function leafPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([key, item]) => leafPaths(item, prefix ? `${prefix}.${key}` : key));
}

describe('the context schema', () => {
  it('documents every variable of docs/rules.md once, with a type and a description', () => {
    const paths = CONTEXT_VARIABLES.map((v) => v.path);
    expect(new Set(paths).size).toBe(paths.length);
    for (const variable of CONTEXT_VARIABLES) expect(variable.description.length).toBeGreaterThan(5);
    const design = {
      order: 'id name tags total_price currency created_at email shipping_address customer line_count total_quantity',
      'order.shipping_address': 'country_code province_code city zip latitude longitude',
      'order.customer': 'id tags',
      location:
        'id name country_code province_code city zip latitude longitude is_active fulfills_online_orders is_assigned distance_km all_in_stock lines_in_stock units_in_stock',
      line: 'id sku title vendor quantity requires_shipping tracked available on_hand committed variant_id product_id',
      fulfillment_order: 'id status assigned_location_id delivery_method',
      tracking: 'number company url',
    };
    for (const [parent, fields] of Object.entries(design)) {
      const documented = CONTEXT_VARIABLES.filter((v) => v.path.startsWith(`${parent}.`) && !v.path.slice(parent.length + 1).includes('.'));
      expect(documented.map((v) => v.path.slice(parent.length + 1))).toEqual(fields.split(' '));
    }
    expect(findVariable('now')?.type).toBe('timestamp');
    expect(CONTEXT_ROOTS.map((r) => r.root)).toEqual(['order', 'location', 'line', 'fulfillment_order', 'tracking', 'now']);
  });

  it('matches the TypeScript shapes a context builder produces', () => {
    const sample: Required<EvaluationContext> = sampleContext();
    const fromSchema = CONTEXT_VARIABLES.filter((v) => v.type !== 'object').map((v) => v.path);
    expect(leafPaths(sample).sort()).toEqual(fromSchema.sort());
    for (const variable of CONTEXT_VARIABLES.filter((v) => v.type !== 'object')) {
      const value = variable.path.split('.').reduce<any>((node, key) => node[key], sample);
      const kind = variable.type === 'string[]' ? 'object' : variable.type === 'timestamp' ? 'string' : variable.type;
      if (value !== null || !variable.nullable) expect([variable.path, typeof value]).toEqual([variable.path, kind]);
    }
  });

  it('gives each expression the roots the issue lists', () => {
    const expected: Record<string, string> = {
      when: 'order now',
      eligible: 'order location fulfillment_order now',
      score: 'order location fulfillment_order now',
      allow_split: 'order now',
      ready: 'order line fulfillment_order now',
      ready_quantity: 'order line fulfillment_order now',
      carrier: 'order tracking now',
      tracking_url: 'order tracking now',
      notify_customer: 'order now',
    };
    for (const action of ACTION_HANDLES) {
      for (const key of expressionKeysFor(action)) {
        const roots = [...rootsFor(action, key)].sort();
        const tracking = action === 'add-tracking' && (key === 'when' || key === 'notify_customer') ? ['tracking'] : [];
        expect([action, key, roots]).toEqual([action, key, [...(expected[key] ?? '').split(' '), ...tracking].sort()]);
      }
    }
  });

  it('lists the variables an expression may read, for the admin page hints', () => {
    const hints = variablesFor('fulfill-from-best-location', 'score').map((v) => v.path);
    expect(hints).toContain('location.distance_km');
    expect(hints).toContain('order.shipping_address.country_code');
    expect(hints).not.toContain('line.available');
    expect(hints).not.toContain('tracking.number');
    expect(variablesFor('add-tracking', 'when').map((v) => v.path)).toContain('tracking.number');
  });
});
