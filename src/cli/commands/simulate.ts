/** `flowfill simulate`: a dry run of an action on one order: the plan and its explanation, nothing changed. */
import type { SimulateAnswer } from '../../dry-run/simulate';
import type { Config } from '../../config';
import { ArgumentError, CliError, defineCommand, EXIT_FAILURE, EXIT_OK, type CliContext } from '../command';
import { parseBaseUrl, parseHandle, parseOrderReference, parseProps, parseShopDomain } from '../values';

/** No Flow deadline here: a dry run from a terminal may wait out throttling for longer. */
const ADMIN_BUDGET_MS = 30_000;
const TIMEOUT_MS = 60_000;

export const simulateCommand = defineCommand({
  name: 'simulate',
  summary: 'Dry run: show what an action would do to an order and why (plan and explanation), without changing anything.',
  usage: '<handle> --shop <shop> --order <#name|id> [--prop k=v]... [--url BASE] [--json]',
  positionals: ['<handle>'],
  options: {
    shop: { type: 'string', required: true, value: '<shop>', description: 'The shop, e.g. example.myshopify.com.' },
    order: {
      type: 'string',
      required: true,
      value: '<#name|id>',
      description: 'The order: its name as in the Shopify admin (#1001, looked up first), or its id (gid://shopify/Order/123 or 123).',
    },
    prop: {
      type: 'string',
      multiple: true,
      value: '<key=value>',
      description: 'Another step property, as Flow would send it (e.g. rule=us-east, tracking_number=1Z...).',
    },
    url: { type: 'string', value: '<BASE>', description: 'Sandbox mode only: the running server (default http://localhost:$PORT).' },
    json: { type: 'boolean', description: 'Print the whole answer as JSON.' },
  },
  details: [
    'Reads the order, the shop’s rules and what the action needs from the Admin API, runs the',
    'planner, and prints the mutations it would send with the explanation. Nothing is mutated',
    '(the Admin client refuses mutations) and nothing is written to the run ledger.',
    '',
    'With SHOPIFY_API_SECRET set, the CLI calls the Admin API itself with the shop’s stored token',
    '(`flowfill shop add`), at SHOPIFY_ADMIN_API_ORIGIN when set.',
    'In sandbox mode (no SHOPIFY_API_SECRET) the simulated store lives inside the running server,',
    'so the CLI asks that server (POST /api/simulate on --url): the dry run sees what `flow send`',
    'already changed. Start it with `npm start` first.',
    '',
    'An order given as #1001 is found by its name first (an order’s number is not its id); a bare',
    'number is read as the order id, as Flow sends it.',
    '',
    'Exit status: 0 when there is a plan, or when Flow would be told to come back later (202);',
    '1 when the action would fail (e.g. 422) or the request is refused.',
    '',
    'Example:',
    "  npx flowfill simulate fulfill-from-best-location --shop sandbox.myshopify.com --order '#1003'",
  ],
  async run({ positionals, options }, ctx) {
    const handle = parseHandle(positionals[0] ?? '');
    const shop = parseShopDomain(options.shop);
    // "#1001" is a name (looked up by the dry run); anything else must be an id, as for `flow send`.
    const orderName = options.order.trim().startsWith('#') ? parseOrderName(options.order) : undefined;
    const orderId = orderName === undefined ? parseOrderReference(options.order) : undefined;
    const order = orderName !== undefined ? { order_name: orderName } : { order_id: orderId };
    const properties = parseProps(options.prop, { order_id: '--order' });
    const { cliConfig } = await import('../database');
    const config = cliConfig(ctx.env);

    let answer: SimulateAnswer;
    let where: string;
    if (config.sandbox) {
      const base = options.url !== undefined ? parseBaseUrl(options.url) : `http://localhost:${config.PORT}`;
      where = `the sandbox server at ${base}`;
      answer = await viaServer(ctx, base, { handle, ...order, properties });
      const served = (answer.body as { shop?: unknown }).shop;
      if (answer.status === 200 && served !== shop) {
        throw new CliError(`the sandbox server simulates its own shop ${String(served)}, not ${shop}: run with --shop ${String(served)}`);
      }
    } else {
      if (options.url !== undefined) {
        throw new ArgumentError('--url is for sandbox mode only: with SHOPIFY_API_SECRET set the CLI calls the Admin API itself');
      }
      where = config.SHOPIFY_ADMIN_API_ORIGIN ? `the Admin API at ${config.SHOPIFY_ADMIN_API_ORIGIN}` : `the Admin API of ${shop}`;
      answer = await inProcess(ctx, config, { shop, handle, ...(orderName !== undefined ? { orderName } : { orderId }), properties });
    }

    if (options.json) {
      ctx.out(JSON.stringify({ status: answer.status, ...(answer.body as object) }, null, 2));
    } else {
      print(ctx, answer, { handle, shop, where, byName: orderName !== undefined });
    }
    return answer.status === 200 || answer.status === 409 ? EXIT_OK : EXIT_FAILURE;
  },
});

/** `--order '#1001'`: the order's name, checked here so a typo fails before any request. */
function parseOrderName(input: string): string {
  const name = input.trim();
  if (!/^#\s*[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)) {
    throw new ArgumentError(`${JSON.stringify(input)} is not an order name: give it as shown in the Shopify admin, e.g. #1001`);
  }
  return name.replace(/^#\s*/, '#');
}

/** Real mode: the shop's stored token, this process's fetch, the same dry run as the server's. */
async function inProcess(
  ctx: CliContext,
  config: Config,
  request: { shop: string; handle: string; orderId?: string | number; orderName?: string; properties: Record<string, string> },
): Promise<SimulateAnswer> {
  const { withDatabase } = await import('../database');
  const { simulateRun } = await import('../../dry-run/simulate');
  const { createAdminClientFactory } = await import('../../shopify/client');
  const { systemClock } = await import('../../clock');
  const { silentLogger } = await import('../../log');
  const adminClients = createAdminClientFactory({
    apiVersion: config.SHOPIFY_API_VERSION,
    ...(config.SHOPIFY_ADMIN_API_ORIGIN ? { origin: config.SHOPIFY_ADMIN_API_ORIGIN } : {}),
    fetch: ctx.fetch,
    clock: systemClock,
  });
  return withDatabase(config, {}, (db) =>
    simulateRun({ db, adminClients, clock: systemClock, logger: silentLogger, adminBudgetMs: ADMIN_BUDGET_MS }, { ...request }),
  );
}

/** Sandbox mode: POST /api/simulate on the local server (a local request acts as its sandbox shop). */
async function viaServer(ctx: CliContext, base: string, body: Record<string, unknown>): Promise<SimulateAnswer> {
  const url = `${base}/api/simulate`;
  let response: Response;
  try {
    response = await ctx.fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const reason = (error as { cause?: { code?: string } }).cause?.code ?? (error instanceof Error ? error.name : '');
    throw new CliError(
      `cannot reach the flowfill server at ${base}${reason ? ` (${reason})` : ''}: in sandbox mode the simulated store lives in the server, so start it with \`npm start\` (or point --url at it)`,
    );
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CliError(`${url} answered HTTP ${response.status} with a body that is not JSON; is a flowfill server listening there?`);
  }
  return { status: response.status as SimulateAnswer['status'], body: json };
}

function print(ctx: CliContext, answer: SimulateAnswer, info: { handle: string; shop: string; where: string; byName: boolean }): void {
  const body = answer.body as {
    order_id?: string;
    order_name?: string | null;
    plan?: unknown;
    explanation?: unknown;
    error?: { code?: string; reason?: string; message?: string };
  };
  if (answer.status === 200) {
    const order = info.byName && body.order_name ? `${body.order_name} (${body.order_id})` : body.order_id;
    ctx.out(`Dry run of ${info.handle} for order ${order} in ${info.shop}, read from ${info.where}. Nothing was changed.`);
    ctx.out('');
    ctx.out('Plan:');
    ctx.out(JSON.stringify(body.plan ?? null, null, 2));
    ctx.out('');
    ctx.out('Explanation:');
    ctx.out(JSON.stringify(body.explanation ?? null, null, 2));
    return;
  }
  const error = body.error ?? {};
  if (answer.status === 409) {
    ctx.out(`Not ready: Flow would get 202 (${error.reason ?? 'pending'}) and re-send the step later.`);
    ctx.out(error.message ?? '');
    return;
  }
  ctx.out(`The action would fail: HTTP ${answer.status} ${error.code ?? ''}`.trimEnd());
  ctx.out(error.message ?? JSON.stringify(answer.body));
}
