/** `flowfill rules export`: print the shop's rule document in canonical form (what `rules import` reads). */
import { CliError, defineCommand, EXIT_OK } from '../command';
import { parseShopDomain } from '../values';

export const rulesExportCommand = defineCommand({
  name: 'rules export',
  summary: "Print the shop's rule document as JSON (canonical: defaults filled in, fixed key and rule order), ready for `rules import`.",
  usage: '--shop <shop>',
  positionals: [],
  options: {
    shop: { type: 'string', required: true, value: '<shop>', description: 'The shop, e.g. example.myshopify.com.' },
  },
  details: [
    'Only active rules are exported (retired ones stay in the history). Exporting, importing the',
    'result and exporting again gives the same text, so the file can live in git.',
    '',
    'Example:',
    '  npx flowfill rules export --shop example.myshopify.com > rules.json',
  ],
  async run({ options }, ctx) {
    const shop = parseShopDomain(options.shop);
    // Loaded here, not at the top: they are slow to load and `--help` should not wait for them.
    const { cliConfig, describeDatabase, isMissingFile, withDatabase } = await import('../database');
    const { exportRules } = await import('../../rules/store');
    const config = cliConfig(ctx.env);
    if (isMissingFile(config.DATABASE_URL)) {
      throw new CliError(
        `no database at ${describeDatabase(config.DATABASE_URL, { absolute: true })} yet: start the server once with \`npm start\`, or run \`npx flowfill db migrate\``,
      );
    }
    const document = await withDatabase(config, {}, (db) => exportRules(db, shop));
    ctx.out(JSON.stringify(document, null, 2));
    if (document.rules.length === 0)
      ctx.err(`note: ${shop} has no rules yet (\`npx flowfill rules import <file> --shop ${shop}\` adds some)`);
    return EXIT_OK;
  },
});
