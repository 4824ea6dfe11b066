/** `flowfill sandbox history`: a month (or N days) of sandbox runs through the real pipeline, for the Overview and exports. */
import type { Config } from '../../config';
import { CliError, defineCommand, EXIT_OK, type CliContext } from '../command';
import { networkReason } from '../network';
import { parseBaseUrl, parseLimit } from '../values';
import { DEFAULT_HISTORY_DAYS, MAX_HISTORY_DAYS } from '../../sandbox/history-days';

/** A month of history takes a few seconds; this is the wait for a slow machine. */
const TIMEOUT_MS = 300_000;

interface Made {
  days: number;
  runs: number;
  byStatus: Record<string, number>;
}

export const sandboxHistoryCommand = defineCommand({
  name: 'sandbox history',
  summary: 'Sandbox mode: add N days of realistic runs of the sandbox shop, made through the real pipeline against a simulated store.',
  usage: '[--days N] [--url BASE]',
  positionals: [],
  options: {
    days: {
      type: 'string',
      value: '<N>',
      description: `How many days, ending today (default ${DEFAULT_HISTORY_DAYS}, at most ${MAX_HISTORY_DAYS}).`,
    },
    url: { type: 'string', value: '<BASE>', description: 'The running sandbox app (default http://localhost:$PORT).' },
  },
  details: [
    'Each day places orders of the shapes real shops send (in stock, stock elsewhere, split,',
    'partial, fulfillment orders late, on hold) and sends each order’s Flow steps, signed with the',
    "sandbox's dev secret, through the app. Only in sandbox mode (no SHOPIFY_API_SECRET).",
    '',
    'With the app running (npm start), the running app makes them against its own simulated store,',
    'so Retry in the attention queue finds their orders. Without it, this command makes them in',
    'its own process against a store of its own, which the app does not have when it starts.',
    '',
    'Example:',
    '  npx flowfill sandbox history --days 30',
  ],
  async run({ options }, ctx) {
    const days = options.days !== undefined ? parseLimit(options.days, MAX_HISTORY_DAYS) : DEFAULT_HISTORY_DAYS;
    // Loaded here, not at the top: they are slow to load and `--help` should not wait for them.
    const { cliConfig } = await import('../database');
    const config = cliConfig(ctx.env);
    if (!config.sandbox)
      throw new CliError(
        'sandbox history writes made-up runs: it only works in sandbox mode (unset SHOPIFY_API_SECRET and SHOPIFY_API_KEY)',
      );
    const base = options.url !== undefined ? parseBaseUrl(options.url) : `http://localhost:${config.PORT}`;
    const { SANDBOX_SHOP } = await import('../../sandbox/seed');
    const statuses = (made: Made) =>
      Object.entries(made.byStatus)
        .map(([status, n]) => `${n} × ${status}`)
        .join(', ');
    const byApp = await historyByApp(ctx, base, days, options.url !== undefined);
    if (byApp) {
      ctx.out(
        `Added ${byApp.runs} runs over ${byApp.days} days for ${SANDBOX_SHOP} (${statuses(byApp)}), made by the app at ${base}. Open the admin page's Overview to see them.`,
      );
      return EXIT_OK;
    }
    const made = await historyHere(config, days, ctx.now());
    ctx.out(
      `Added ${made.runs} runs over ${made.days} days for ${SANDBOX_SHOP} (${statuses(made)}). Open the admin page's Overview to see them.`,
    );
    ctx.err(
      `note: no app answered at ${base}, so the runs were made against this command's own simulated store: the app's store will not have their orders, and Retry on them answers order_not_found. Start the app (npm start) and run this again to have them there.`,
    );
    return EXIT_OK;
  },
});

/** Asks the running app to make the history (POST /api/sandbox/history); null when nothing listens and `required` is false. */
async function historyByApp(ctx: CliContext, base: string, days: number, required: boolean): Promise<Made | null> {
  let response: Response;
  try {
    response = await ctx.fetch(`${base}/api/sandbox/history?days=${days}`, { method: 'POST', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError'))
      throw new CliError(`the app at ${base} did not finish the history within ${TIMEOUT_MS / 1000} s`);
    const reason = networkReason(error);
    if (!required && reason === 'ECONNREFUSED') return null;
    throw new CliError(`cannot reach the flowfill app at ${base}${reason ? ` (${reason})` : ''}: start it with \`npm start\``);
  }
  const body = (await response.json().catch(() => null)) as {
    days?: number;
    runs?: number;
    by_status?: Record<string, number>;
    error?: { message?: string };
  } | null;
  if (!response.ok || typeof body?.runs !== 'number')
    throw new CliError(
      `the app at ${base} did not make the history (HTTP ${response.status}${body?.error?.message ? `: ${body.error.message}` : ''})`,
    );
  return { days: body.days ?? days, runs: body.runs, byStatus: body.by_status ?? {} };
}

/** Makes the history in this process, against a simulated store of its own. */
async function historyHere(config: Config, days: number, now: number): Promise<Made> {
  const { withDatabase } = await import('../database');
  const { DEV_SECRET_KEY, putSettingOnce, registerShop } = await import('../../db/shops');
  const { SANDBOX_ACCESS_TOKEN, SANDBOX_SHOP } = await import('../../sandbox/seed');
  const { APP_SCOPES } = await import('../../sandbox/simulator/index');
  const { createSandboxHistory } = await import('../../sandbox/history');
  const { createLogger } = await import('../../log');
  return withDatabase(config, { migrate: true }, async (db) => {
    await registerShop(db, { shop: SANDBOX_SHOP, accessToken: SANDBOX_ACCESS_TOKEN, scopes: [...APP_SCOPES], now });
    const secret = await putSettingOnce(db, DEV_SECRET_KEY, `dev_${crypto.randomUUID().replaceAll('-', '')}`, now);
    return createSandboxHistory(db, secret, { days, now, logger: createLogger(() => undefined) });
  });
}
