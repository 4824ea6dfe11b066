/** `flowfill sandbox history`: a month (or N days) of sandbox runs through the real pipeline, for the Overview and exports. */
import { CliError, defineCommand, EXIT_OK } from '../command';
import { parseLimit } from '../values';

const DEFAULT_DAYS = 30;
const MAX_DAYS = 90;

export const sandboxHistoryCommand = defineCommand({
  name: 'sandbox history',
  summary: 'Sandbox mode: add N days of realistic runs of the sandbox shop, made through the real pipeline against a simulated store.',
  usage: '[--days N]',
  positionals: [],
  options: {
    days: { type: 'string', value: '<N>', description: `How many days, ending yesterday (default ${DEFAULT_DAYS}, at most ${MAX_DAYS}).` },
  },
  details: [
    'Each day places orders of the shapes real shops send (in stock, stock elsewhere, split,',
    'partial, fulfillment orders late, on hold) and sends each order’s Flow steps, signed with the',
    "sandbox's dev secret, through the app in this process. Only in sandbox mode (no SHOPIFY_API_SECRET).",
    '',
    'Example:',
    '  npx flowfill sandbox history --days 30',
  ],
  async run({ options }, ctx) {
    const days = options.days !== undefined ? parseLimit(options.days, MAX_DAYS) : DEFAULT_DAYS;
    // Loaded here, not at the top: they are slow to load and `--help` should not wait for them.
    const { cliConfig, withDatabase } = await import('../database');
    const config = cliConfig(ctx.env);
    if (!config.sandbox)
      throw new CliError(
        'sandbox history writes made-up runs: it only works in sandbox mode (unset SHOPIFY_API_SECRET and SHOPIFY_API_KEY)',
      );
    const { DEV_SECRET_KEY, putSettingOnce, registerShop } = await import('../../db/shops');
    const { SANDBOX_ACCESS_TOKEN, SANDBOX_SHOP } = await import('../../sandbox/seed');
    const { APP_SCOPES } = await import('../../sandbox/simulator/index');
    const { createSandboxHistory } = await import('../../sandbox/history');
    const { createLogger } = await import('../../log');
    const summary = await withDatabase(config, { migrate: true }, async (db) => {
      const now = ctx.now();
      await registerShop(db, { shop: SANDBOX_SHOP, accessToken: SANDBOX_ACCESS_TOKEN, scopes: [...APP_SCOPES], now });
      const secret = await putSettingOnce(db, DEV_SECRET_KEY, `dev_${crypto.randomUUID().replaceAll('-', '')}`, now);
      return createSandboxHistory(db, secret, { days, now, logger: createLogger(() => undefined) });
    });
    const statuses = Object.entries(summary.byStatus)
      .map(([status, n]) => `${n} × ${status}`)
      .join(', ');
    ctx.out(
      `Added ${summary.runs} runs over ${summary.days} days for ${SANDBOX_SHOP} (${statuses}). Open the admin page's Overview to see them.`,
    );
    return EXIT_OK;
  },
});
