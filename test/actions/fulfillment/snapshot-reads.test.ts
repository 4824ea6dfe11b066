/**
 * What the snapshot reads for big shops and for the rules: a fulfillment order line's variant and
 * product only when a rule may read `line.variant_id` / `line.product_id`; stock past the first
 * read's page completed at the locations a planner uses, and an item some read did not return
 * counted as unread rather than as stocked by halves.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { InventoryItemData } from '../../../src/actions/fulfillment/documents';
import { needsVariantIds } from '../../../src/actions/fulfillment/read';
import { rulesMayRead } from '../../../src/rules/variables';
import { readStockAt } from '../../../src/actions/fulfillment/stock-read';
import type { Rule } from '../../../src/rules/document';
import { importRules } from '../../../src/rules/store';
import { SANDBOX_LOCATIONS as L } from '../../../src/sandbox/seed';
import type { AdminClient } from '../../../src/shopify/client';
import { createHarness, SHOP, type Harness } from '../../helpers/harness';

const READY = 'partial-fulfill-ready-items';
const rule = (over: Partial<Rule>): Rule => ({ name: 'r', action: READY, priority: 100, enabled: true, ...over });

describe('needsVariantIds', () => {
  it('is false for no rules and rules reading other line variables', () => {
    expect(needsVariantIds([])).toBe(false);
    expect(needsVariantIds([rule({ ready: { '>=': [{ var: 'line.available' }, 0] } })])).toBe(false);
    expect(rulesMayRead([rule({ ready: { var: 'line.sku' } })], ['line.variant_id'])).toBe(false);
  });

  it('is true for line.variant_id, line.product_id, the whole line or a computed name', () => {
    expect(needsVariantIds([rule({ ready: { '==': [{ var: 'line.product_id' }, 'gid://shopify/Product/1'] } })])).toBe(true);
    expect(needsVariantIds([rule({ when: { var: 'line.variant_id' } })])).toBe(true);
    expect(needsVariantIds([rule({ ready: { missing: ['line'] } })])).toBe(true);
    expect(needsVariantIds([rule({ ready: { var: { cat: ['line.', 'product_id'] } } })])).toBe(true);
  });
});

describe('a rule reading line.product_id', () => {
  let h: Harness;
  afterEach(async () => h?.close());

  it('gets the variants read and ships only that product', async () => {
    h = await createHarness();
    const { store } = h.sim;
    const { product } = store.addProduct({ title: 'Chosen', sku: 'CHOSEN', inventory: { [L.newark]: 5 } });
    store.addProduct({ title: 'Other', sku: 'OTHER', inventory: { [L.newark]: 5 } });
    const order = store.addOrder({
      lineItems: [
        { sku: 'CHOSEN', quantity: 1 },
        { sku: 'OTHER', quantity: 1 },
      ],
      locationId: L.newark,
    });
    const imported = await importRules(
      h.db,
      SHOP,
      { rules: [{ name: 'only-chosen', action: READY, ready: { '==': [{ var: 'line.product_id' }, product.id] } }] },
      Date.now(),
    );
    expect(imported.ok).toBe(true);
    const res = await h.post(`/flow/actions/${READY}`, h.flowBody(READY, { order_id: order.id }));
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.return_value).toMatchObject({ outcome: 'partially_fulfilled', linesFulfilled: 1, linesLeft: 1 });
    const snapshot = h.sim.calls.find((c) => c.operationName === 'FulfillmentSnapshot')!;
    expect(snapshot.variables.variants).toBe(true);
    const [fulfillment] = store.fulfillments(order.id);
    expect(fulfillment!.lineItems).toHaveLength(1);
  });
});

describe('readStockAt', () => {
  const level = (location: string, available: number) => ({
    location: { id: location },
    quantities: [{ name: 'available', quantity: available }],
  });
  const firstPage = (id: string, locations: string[]): InventoryItemData => ({
    id,
    tracked: true,
    inventoryLevels: { nodes: locations.map((l) => level(l, 1)), pageInfo: { hasNextPage: true, endCursor: 'c' } },
  });
  /** An Admin client answering each stock read with `answer(ids, locations)`. */
  function admin(
    answer: (ids: string[], locations: string[]) => unknown[],
    denied = false,
  ): AdminClient & { sent: Record<string, unknown>[] } {
    const sent: Record<string, unknown>[] = [];
    const accessDenied: AdminClient['accessDenied'][number][] = [];
    return {
      sent,
      calls: [],
      accessDenied,
      async request(_document: unknown, variables: unknown) {
        const v = variables as Record<string, unknown>;
        sent.push(v);
        if (denied) accessDenied.push({ field: 'inventoryLevel', scope: 'read_inventory', message: 'denied' });
        const locations = Object.keys(v)
          .filter((k) => /^l\d+$/.test(k))
          .map((k) => v[k] as string);
        return { nodes: answer(v.ids as string[], locations) } as never;
      },
    };
  }
  const everywhere = (ids: string[], locations: string[]) =>
    ids.map((id) => ({
      id,
      tracked: true,
      ...Object.fromEntries(locations.map((_, k) => [`l${k}`, { quantities: [{ name: 'available', quantity: 7 }] }])),
    }));

  it('keeps the first page and asks only for the locations it lacks', async () => {
    const client = admin(everywhere);
    const out = await readStockAt(client, [firstPage('I1', ['A', 'B']), firstPage('I2', ['A', 'B'])], ['A', 'C', 'D'], ['available']);
    expect(client.sent).toHaveLength(1);
    expect(client.sent[0]).toMatchObject({ ids: ['I1', 'I2'], l0: 'C', l1: 'D' });
    expect(client.sent[0]!.l2).toBeUndefined();
    expect(out.map((i) => i.inventoryLevels.nodes.map((l) => l.location.id))).toEqual([
      ['A', 'B', 'C', 'D'],
      ['A', 'B', 'C', 'D'],
    ]);
    expect(out.every((i) => !i.inventoryLevels.pageInfo.hasNextPage)).toBe(true);
  });

  it('reads no level where Shopify answers null (not stocked) and leaves out an item it did not return', async () => {
    const client = admin((ids) => ids.map((id) => (id === 'GONE' ? null : { id, tracked: false, l0: null })));
    const out = await readStockAt(client, [{ id: 'BARE' }, { id: 'GONE' }], ['A'], ['available']);
    expect(out).toEqual([
      { id: 'BARE', tracked: false, inventoryLevels: { nodes: [], pageInfo: { hasNextPage: false, endCursor: null } } },
    ]);
  });

  it('counts items as unread when a level was denied, never as not stocked', async () => {
    const client = admin(everywhere, true);
    const out = await readStockAt(client, [firstPage('I1', ['A'])], ['A', 'B'], ['available']);
    expect(out).toEqual([]);
  });
});
