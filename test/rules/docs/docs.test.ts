import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONTEXT_VARIABLES } from '../../../src/rules/context';
import { renderRulesDoc } from '../../../src/rules/docs/render';
import type { Rule } from '../../../src/rules/document';
import { createRuleEngine } from '../../../src/rules/engine';
import {
  FORMAT_EXAMPLE,
  WORKED_EXAMPLES,
  exampleContext,
  exampleLines,
  exampleLocations,
  exampleOrder,
  workedExample,
} from '../../../src/rules/docs/examples';
import { OPERATORS } from '../../../src/rules/engine/operators';
import { validateRuleDocument } from '../../../src/rules/validate';

const { compileRule, selectRule } = createRuleEngine();

const DOC = resolve(dirname(fileURLToPath(import.meta.url)), '../../../docs/rules.md');

function validated(document: unknown): Array<Rule & { version: number }> {
  const result = validateRuleDocument(JSON.stringify(document));
  if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
  return result.document.rules.map((rule) => ({ ...rule, version: 1 }));
}

describe('docs/rules.md', () => {
  it('is up to date with the generator (run `npm run docs:rules`)', () => {
    expect(readFileSync(DOC, 'utf8'), 'docs/rules.md is out of date: run npm run docs:rules').toBe(renderRulesDoc());
  });

  it('documents every variable and every operator', () => {
    const doc = renderRulesDoc();
    for (const variable of CONTEXT_VARIABLES.filter((v) => v.path.includes('.') || v.path === 'now'))
      expect(doc).toContain(`| \`${variable.path}\` |`);
    for (const info of OPERATORS) expect(doc).toContain(`| \`${info.name}\``);
    expect(doc).not.toContain('`log`  |');
  });
});

describe('the worked examples', () => {
  it('are valid documents, one per action', () => {
    expect(WORKED_EXAMPLES.map((e) => e.action).sort()).toEqual([
      'add-tracking',
      'fulfill-from-best-location',
      'partial-fulfill-ready-items',
    ]);
    for (const example of WORKED_EXAMPLES) {
      const rules = validated(example.document);
      expect(rules.every((rule) => rule.action === example.action)).toBe(true);
      for (const rule of rules) compileRule(rule);
    }
    validated(FORMAT_EXAMPLE);
  });

  it('Brazil → Correios: carrier and tracking URL for Brazilian orders only', () => {
    const rules = validated(workedExample('add-tracking').document);
    const brazil = exampleContext({ order: exampleOrder(), tracking: { number: 'ra123456785br', company: null, url: null } });
    const selection = selectRule(rules, 'add-tracking', brazil);
    expect(selection?.rule.name).toBe('brazil-correios');
    expect(selection?.compiled.evaluate('carrier', brazil)).toBe('Correios');
    expect(selection?.compiled.evaluate('tracking_url', brazil)).toBe(
      'https://rastreamento.correios.com.br/app/index.php?objeto=RA123456785BR',
    );
    expect(selection?.compiled.evaluate('notify_customer', brazil)).toBe(true);
    const us = exampleOrder({
      shipping_address: { country_code: 'US', province_code: 'NY', city: 'New York', zip: '10001', latitude: null, longitude: null },
    });
    expect(
      selectRule(rules, 'add-tracking', exampleContext({ order: us, tracking: { number: 'RA123456785BR', company: null, url: null } })),
    ).toBeNull();
    const ups = exampleContext({ order: exampleOrder(), tracking: { number: '1Z999AA10123456784', company: 'UPS', url: null } });
    expect(selectRule(rules, 'add-tracking', ups)).toBeNull();
  });

  it('nearest in-stock warehouse: never an outlet, never a location short of stock, unknown distance last', () => {
    const [rule] = validated(workedExample('fulfill-from-best-location').document);
    const compiled = compileRule(rule as Rule);
    const order = exampleOrder();
    const ranked = exampleLocations(20)
      .map((location) => ({ location, context: exampleContext({ order, location }) }))
      .filter(({ context }) => compiled.evaluate('eligible', context))
      .map(({ location, context }) => ({ location, score: compiled.evaluate('score', context) as number }))
      .sort((a, b) => b.score - a.score);
    expect(ranked[0]?.location.name).toBe('São Paulo Warehouse 1');
    for (const { location } of ranked) {
      expect(location.name).not.toContain('Outlet');
      expect(location.all_in_stock && location.is_active && location.fulfills_online_orders).toBe(true);
    }
    expect(ranked.at(-1)?.location.distance_km).toBeNull();
  });

  it('ship only in-stock lines; wholesale customers ship what is there', () => {
    const rules = validated(workedExample('partial-fulfill-ready-items').document);
    const lines = exampleLines(5); // available: 5, 0, -1, untracked, null
    const run = (tags: string[]) => {
      const order = exampleOrder({ customer: { id: 'gid://shopify/Customer/9', tags } });
      const selection = selectRule(rules, 'partial-fulfill-ready-items', exampleContext({ order }));
      const shipped = lines.map((line) => {
        const context = exampleContext({ order, line });
        return selection?.compiled.evaluate('ready', context)
          ? (selection.compiled.evaluate('ready_quantity', context) ?? line.quantity)
          : 0;
      });
      return { rule: selection?.rule.name, shipped };
    };
    expect(run([])).toEqual({ rule: 'ship-in-stock-lines', shipped: [1, 2, 0, 1, 0] });
    expect(run(['Wholesale'])).toEqual({ rule: 'wholesale-ship-what-is-there', shipped: [1, 2, 2, 1, 0] });
  });
});
