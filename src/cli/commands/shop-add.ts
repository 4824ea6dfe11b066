/** `flowfill shop add`: register a shop with an Admin API token, stored like an OAuth offline session. */
import { ArgumentError, defineCommand, EXIT_OK } from '../command';
import { readAppScopes } from '../project';
import { parseScopes, parseShopDomain } from '../values';

export const shopAddCommand = defineCommand({
  name: 'shop add',
  summary: "Register a shop with an Admin API access token (a custom app's token), stored like an OAuth offline session.",
  usage: '<shop.myshopify.com> --token <admin-api-token> [--scopes a,b,c]',
  positionals: ['<shop.myshopify.com>'],
  options: {
    token: {
      type: 'string',
      required: true,
      value: '<admin-api-token>',
      description: 'The Admin API access token (shpat_…); "-" reads it from stdin, keeping it out of shell history.',
    },
    scopes: {
      type: 'string',
      value: '<a,b,c>',
      description: "Scopes the token was granted (default: the app's [access_scopes] in shopify.app.toml).",
    },
  },
  details: [
    'Applies pending migrations to DATABASE_URL first. Registering a shop again replaces its token and scopes.',
    'The token is stored in the session table and never printed.',
    '',
    'Example:',
    '  npx flowfill shop add example.myshopify.com --token - < token.txt',
  ],
  async run({ positionals, options }, ctx) {
    const shop = parseShopDomain(positionals[0] ?? '');
    const token = (options.token === '-' ? await ctx.readStdin() : options.token).trim();
    if (token) ctx.addSecret(token);
    if (!token) throw new ArgumentError(options.token === '-' ? 'stdin held no token' : '--token is empty');
    if (/\s/.test(token)) throw new ArgumentError('--token must be a single word (an Admin API access token like shpat_…)');
    const scopes = options.scopes !== undefined ? parseScopes(options.scopes) : await readAppScopes();
    // Loaded here, not at the top: they are slow to load and `--help` should not wait for them.
    const { cliConfig, describeDatabase, withDatabase } = await import('../database');
    const { getShopAccess, registerShop } = await import('../../db/shops');
    const config = cliConfig(ctx.env);

    const existed = await withDatabase(config, { migrate: true }, async (db) => {
      const before = await getShopAccess(db, shop);
      await registerShop(db, { shop, accessToken: token, scopes, now: ctx.now() });
      return before !== null;
    });

    ctx.out(
      `${existed ? 'Updated' : 'Registered'} ${shop} in ${describeDatabase(config.DATABASE_URL)}: offline Admin API token stored (not shown).`,
    );
    ctx.out(`Scopes: ${scopes.join(', ')}`);
    return EXIT_OK;
  },
});
