/** `flowfill runs`: a shop's run ledger, newest first, as a table or as JSON. */
import { CliError, defineCommand, EXIT_OK } from '../command';
import { formatRunsTable } from '../format-runs';
import { parseLimit, parseShopDomain, parseStatuses } from '../values';

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 1000;

export const runsCommand = defineCommand({
  name: 'runs',
  summary: "Show a shop's run ledger, newest first: outcome, errors, and each run's Admin API calls and their cost.",
  usage: '--shop <shop> [--limit N] [--status s] [--json]',
  positionals: [],
  options: {
    shop: { type: 'string', required: true, value: '<shop>', description: 'The shop, e.g. example.myshopify.com.' },
    limit: { type: 'string', value: '<N>', description: `How many runs (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT}).` },
    status: {
      type: 'string',
      value: '<s>',
      description: 'Only runs with this status: succeeded, noop, failed, pending, running (comma-separate several).',
    },
    json: { type: 'boolean', description: 'Print the full rows as JSON (with explanation, plan, steps and Admin API calls).' },
  },
  details: ['Example:', '  npx flowfill runs --shop example.myshopify.com --status failed,pending'],
  async run({ options }, ctx) {
    const shop = parseShopDomain(options.shop);
    const limit = options.limit !== undefined ? parseLimit(options.limit, MAX_LIMIT) : DEFAULT_LIMIT;
    // Loaded here, not at the top: they are slow to load and `--help` should not wait for them.
    const { RUN_STATUSES } = await import('../../db/schema');
    const status = options.status !== undefined ? parseStatuses(options.status, RUN_STATUSES) : undefined;
    const { cliConfig, describeDatabase, isMissingFile, withDatabase } = await import('../database');
    const { listRuns } = await import('../../db/ledger');
    const { getShopAccess } = await import('../../db/shops');
    const config = cliConfig(ctx.env);
    if (isMissingFile(config.DATABASE_URL)) {
      throw new CliError(
        `no database at ${describeDatabase(config.DATABASE_URL, { absolute: true })} yet: start the server once with \`npm start\`, or run \`npx flowfill db migrate\``,
      );
    }

    const { rows, known } = await withDatabase(config, {}, async (db) => {
      const rows = await listRuns(db, shop, { limit, ...(status ? { status } : {}) });
      const known = rows.length > 0 || (await getShopAccess(db, shop)) !== null;
      return { rows, known };
    });

    if (options.json) {
      ctx.out(JSON.stringify(rows, null, 2));
      return EXIT_OK;
    }
    if (rows.length === 0) {
      const filter = status ? ` with status ${status.join(' or ')}` : '';
      const hint = known ? '' : ` (${shop} is not registered here: \`npx flowfill shop add\` registers it)`;
      ctx.out(`No runs${filter} for ${shop} yet${hint}.`);
      return EXIT_OK;
    }
    const more = rows.length === limit ? '; --limit N shows more' : '';
    ctx.out(`Runs for ${shop}, newest first (${rows.length} shown${more}):`);
    ctx.out('');
    ctx.out(formatRunsTable(rows));
    return EXIT_OK;
  },
});
