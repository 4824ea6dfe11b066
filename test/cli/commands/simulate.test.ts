// `flowfill simulate`: in-process against the Admin API (SHOPIFY_API_SECRET set, simulator served over
// HTTP as SHOPIFY_ADMIN_API_ORIGIN), and in sandbox mode through a running server's POST /api/simulate.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '../../../src/db/node';
import { registerShop } from '../../../src/db/shops';
import { WORKED_EXAMPLES } from '../../../src/rules/docs/examples';
import { importRules } from '../../../src/rules/store';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_SHOP, seedSandbox } from '../../../src/sandbox/seed';
import { APP_SCOPES, createSimulator, serveSimulator, type ServedSimulator, type Simulator } from '../../../src/sandbox/simulator/index';
import { createHarness, type Harness } from '../../helpers/harness';
import { runMain, tempDatabase } from '../run-cli';

const UPS = '1Z999AA10123456784';
const isMutation = (sim: Simulator) => (c: Simulator['calls'][number]) =>
  c.rootFields.some((f) => !!sim.schema.getMutationType()!.getFields()[f]);

describe('flowfill simulate (SHOPIFY_API_SECRET set: calls the Admin API itself)', () => {
  const database = tempDatabase();
  let sim: Simulator;
  let served: ServedSimulator;
  let env: Record<string, string>;

  beforeAll(async () => {
    sim = createSimulator();
    seedSandbox(sim);
    served = await serveSimulator(sim);
    const opened = await openDatabase(database.url);
    await migrateDatabase(opened.db);
    await registerShop(opened.db, { shop: SANDBOX_SHOP, accessToken: SANDBOX_ACCESS_TOKEN, scopes: [...APP_SCOPES], now: Date.now() });
    opened.close();
    env = { SHOPIFY_API_SECRET: 'secret-for-cli-tests', DATABASE_URL: database.url, SHOPIFY_ADMIN_API_ORIGIN: served.url };
  });
  afterAll(async () => {
    await served.close();
    database.cleanup();
  });
  beforeEach(() => sim.resetCalls());

  it('prints the plan and explanation and sends no mutation', async () => {
    const result = await runMain(
      [
        'simulate',
        'add-tracking',
        '--shop',
        SANDBOX_SHOP,
        '--order',
        '1002',
        '--prop',
        `tracking_number=${UPS}`,
        '--prop',
        'fulfill_if_needed=true',
      ],
      env,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Dry run of add-tracking for order gid://shopify/Order/1002 in ${SANDBOX_SHOP}`);
    expect(result.stdout).toContain('Nothing was changed.');
    expect(result.stdout).toMatch(/Plan:\n\{\n\s+"kind": "create"/);
    expect(result.stdout).toContain('Explanation:');
    expect(sim.calls.length).toBeGreaterThan(0);
    expect(sim.calls.filter(isMutation(sim))).toEqual([]);
    expect(sim.store.fulfillments('gid://shopify/Order/1002')).toEqual([]);
  });

  it('--json prints the whole answer', async () => {
    const result = await runMain(
      [
        'simulate',
        'add-tracking',
        '--shop',
        SANDBOX_SHOP,
        '--order',
        'gid://shopify/Order/1001',
        '--prop',
        `tracking_number=${UPS}`,
        '--json',
      ],
      env,
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      status: 200,
      shop: SANDBOX_SHOP,
      handle: 'add-tracking',
      plan: { kind: 'update' },
      explanation: { order: '#1001' },
    });
    expect(sim.calls.filter(isMutation(sim))).toEqual([]);
  });

  it('exits 1 and says why when the action would fail; 0 when Flow would be told to come back', async () => {
    const failed = await runMain(
      ['simulate', 'add-tracking', '--shop', SANDBOX_SHOP, '--order', '1002', '--prop', `tracking_number=${UPS}`],
      env,
    );
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('The action would fail: HTTP 422 no_fulfillment');
    const pending = await runMain(
      [
        'simulate',
        'add-tracking',
        '--shop',
        SANDBOX_SHOP,
        '--order',
        '1007',
        '--prop',
        `tracking_number=${UPS}`,
        '--prop',
        'fulfill_if_needed=true',
      ],
      env,
    );
    expect(pending.code).toBe(0);
    expect(pending.stdout).toContain('Flow would get 202 (fulfillment_orders_not_ready)');
    const invalid = await runMain(['simulate', 'add-tracking', '--shop', SANDBOX_SHOP, '--order', '1001'], env);
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toContain('properties.tracking_number');
    expect(sim.calls.filter(isMutation(sim))).toEqual([]);
  });

  it('--order #2001 finds the order by its name first, whatever its id', async () => {
    const order = sim.store.addOrder({
      shop: SANDBOX_SHOP,
      id: 987654321,
      name: '#2001',
      lineItems: [{ sku: 'TEE-M', quantity: 1, price: '25.00' }],
    });
    const result = await runMain(['simulate', 'fulfill-from-best-location', '--shop', SANDBOX_SHOP, '--order', '#2001'], env);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Dry run of fulfill-from-best-location for order #2001 (${order.id}) in ${SANDBOX_SHOP}`);
    expect(sim.calls[0]!.operationName).toBe('OrderByName');
    expect(sim.calls.filter(isMutation(sim))).toEqual([]);

    const missing = await runMain(['simulate', 'fulfill-from-best-location', '--shop', SANDBOX_SHOP, '--order', '#2999'], env);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain('HTTP 404 order_not_found');
    expect(missing.stdout).toContain(`No order #2999 in ${SANDBOX_SHOP}.`);
    const bad = await runMain(['simulate', 'fulfill-from-best-location', '--shop', SANDBOX_SHOP, '--order', '#no such'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('is not an order name');
  });

  it('shows which add-tracking rule applies and the carrier, URL and notification it chose', async () => {
    const opened = await openDatabase(database.url);
    const example = WORKED_EXAMPLES.find((e) => e.action === 'add-tracking')!;
    // The worked example's rule, forced by the step (order #1001 ships to the US, so its when is false).
    expect((await importRules(opened.db, SANDBOX_SHOP, example.document, Date.now())).ok).toBe(true);
    opened.close();
    const result = await runMain(
      [
        'simulate',
        'add-tracking',
        '--shop',
        SANDBOX_SHOP,
        '--order',
        '1001',
        '--prop',
        'tracking_number=RA123456785BR',
        '--prop',
        'rule=brazil-correios',
        '--json',
      ],
      env,
    );
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      plan: {
        kind: 'update',
        trackingInfoInput: { company: 'Correios', urls: ['https://rastreamento.correios.com.br/app/index.php?objeto=RA123456785BR'] },
        notifyCustomer: true,
      },
      explanation: {
        rule: { name: 'brazil-correios', version: 1 },
        company: { company: 'Correios', source: 'rule' },
        notify: { notify: true },
      },
    });
    expect(sim.calls.filter(isMutation(sim))).toEqual([]);
  });

  it('refuses a shop that is not registered, and --url outside sandbox mode', async () => {
    const unknown = await runMain(
      ['simulate', 'add-tracking', '--shop', 'nobody.myshopify.com', '--order', '1001', '--prop', `tracking_number=${UPS}`],
      env,
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toContain('shop_not_installed');
    const url = await runMain(['simulate', 'add-tracking', '--shop', SANDBOX_SHOP, '--order', '1001', '--url', 'http://localhost:1'], env);
    expect(url.code).toBe(2);
    expect(url.stderr).toContain('--url is for sandbox mode only');
  });
});

describe('flowfill simulate (sandbox mode: through the running server)', () => {
  let h: Harness;
  let server: ServedSimulator;
  beforeEach(async () => {
    h = await createHarness({ sandboxShop: SANDBOX_SHOP });
    server = await serveSimulator({ fetch: async (request) => h.app.fetch(request) });
  });
  afterEach(async () => {
    await server.close();
    await h.close();
  });

  it("dry-runs against the server's simulated store, which sees what flow send changed", async () => {
    // Fulfil #1002 through Flow first; the dry run must see the fulfillment that created.
    expect((await h.addTracking({ order_id: 1002, tracking_number: UPS, fulfill_if_needed: true })).status).toBe(200);
    h.sim.resetCalls();
    const result = await runMain(
      ['simulate', 'add-tracking', '--shop', SANDBOX_SHOP, '--order', '1002', '--prop', `tracking_number=${UPS}`, '--url', server.url],
      {},
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('read from the sandbox server at');
    expect(result.stdout).toMatch(/"kind": "noop"/);
    expect(h.sim.calls.filter(isMutation(h.sim))).toEqual([]);
  });

  it('sends --order #2001 to the server as order_name, which looks it up', async () => {
    h.sim.store.addOrder({ shop: SANDBOX_SHOP, id: 987654321, name: '#2001', lineItems: [{ sku: 'TEE-M', quantity: 1, price: '25.00' }] });
    const result = await runMain(
      ['simulate', 'fulfill-from-best-location', '--shop', SANDBOX_SHOP, '--order', '#2001', '--url', server.url, '--json'],
      {},
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 200, order_id: 'gid://shopify/Order/987654321', order_name: '#2001' });
    expect(h.sim.calls.map((c) => c.operationName)).toContain('OrderByName');
    expect(h.sim.calls.filter(isMutation(h.sim))).toEqual([]);
  });

  it('refuses another shop than the sandbox one, and explains an unreachable server', async () => {
    const other = await runMain(
      [
        'simulate',
        'add-tracking',
        '--shop',
        'other.myshopify.com',
        '--order',
        '1001',
        '--prop',
        `tracking_number=${UPS}`,
        '--url',
        server.url,
      ],
      {},
    );
    expect(other.code).toBe(1);
    expect(other.stderr).toContain(`simulates its own shop ${SANDBOX_SHOP}`);
    const down = await runMain(
      [
        'simulate',
        'add-tracking',
        '--shop',
        SANDBOX_SHOP,
        '--order',
        '1001',
        '--prop',
        `tracking_number=${UPS}`,
        '--url',
        'http://127.0.0.1:1',
      ],
      {},
    );
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('start it with `npm start`');
  });
});
