/** `flowfill rules import`: validate a rule document, then make it the shop's whole rule set (new versions where changed). */
import type { ImportSummary } from '../../rules/store';
import { CliError, defineCommand, EXIT_FAILURE, EXIT_OK } from '../command';
import { parseShopDomain } from '../values';
import { checkRuleFile, plural } from './rules-validate';

export const rulesImportCommand = defineCommand({
  name: 'rules import',
  summary:
    "Validate a rule document, then replace the shop's rules with it in one transaction: changed rules get a new version, removed ones are retired.",
  usage: '<file> --shop <shop>',
  positionals: ['<file>'],
  options: {
    shop: { type: 'string', required: true, value: '<shop>', description: 'The shop, e.g. example.myshopify.com.' },
  },
  details: [
    'An invalid document changes nothing: each error is printed with its JSON path, and the exit code is 1.',
    'Rules identical to their current version (after defaults) keep it; removed rules stay in the',
    'history, and re-adding one continues its version numbers. Applies pending migrations first.',
    '',
    'Example:',
    '  npx flowfill rules export --shop example.myshopify.com > rules.json',
    '  # edit rules.json, then:',
    '  npx flowfill rules import rules.json --shop example.myshopify.com',
  ],
  async run({ positionals, options }, ctx) {
    const file = positionals[0] ?? '';
    const shop = parseShopDomain(options.shop);
    const checked = await checkRuleFile(file, ctx);
    if (!checked.ok) {
      ctx.err(`flowfill: ${file} is not a valid rule document (${plural(checked.errors, 'error')}); nothing was imported`);
      return EXIT_FAILURE;
    }
    // Loaded here, not at the top: they are slow to load and `--help` should not wait for them.
    const { cliConfig, describeDatabase, withDatabase } = await import('../database');
    const { importRules } = await import('../../rules/store');
    const { getShopAccess } = await import('../../db/shops');
    const config = cliConfig(ctx.env);

    const { result, registered } = await withDatabase(config, { migrate: true }, async (db) => ({
      result: await importRules(db, shop, checked.text, ctx.now()),
      registered: (await getShopAccess(db, shop))?.installed === true,
    }));
    // Validated above with the same validator; this only happens if the two ever disagree.
    if (!result.ok)
      throw new CliError(
        `${file} was refused by the import: ${result.reason === 'invalid' ? (result.errors[0]?.message ?? 'invalid') : 'the rules changed meanwhile'}`,
      );

    ctx.out(`Imported ${file} into ${shop} (${describeDatabase(config.DATABASE_URL)}): ${describeCounts(result.summary)}.`);
    for (const line of summaryLines(result.summary)) ctx.out(line);
    if (!registered) {
      ctx.err(
        `note: ${shop} is not installed here yet, so Flow calls for it get 404 until it installs the app or \`npx flowfill shop add\` registers it`,
      );
    }
    return EXIT_OK;
  },
});

/** "1 added, 2 changed, 3 unchanged, 1 retired" (zero counts left out; "no rules" for an empty set). */
export function describeCounts(summary: ImportSummary): string {
  const parts = (['added', 'changed', 'unchanged', 'retired'] as const)
    .filter((kind) => summary[kind].length > 0)
    .map((kind) => `${summary[kind].length} ${kind}`);
  return parts.length > 0 ? parts.join(', ') : 'no rules';
}

/** One line per rule: what happened to it and its version now. */
export function summaryLines(summary: ImportSummary): string[] {
  const rows: [string, string, string][] = [
    ...summary.added.map((r): [string, string, string] => [
      'added',
      r.name,
      r.previousVersion !== undefined ? `v${r.version} (restored; was retired at v${r.previousVersion})` : `v${r.version}`,
    ]),
    ...summary.changed.map((r): [string, string, string] => ['changed', r.name, `v${r.version} (was v${r.previousVersion})`]),
    ...summary.unchanged.map((r): [string, string, string] => ['unchanged', r.name, `v${r.version}`]),
    ...summary.retired.map((r): [string, string, string] => ['retired', r.name, `v${r.version} (kept in history)`]),
  ];
  const kindWidth = Math.max(0, ...rows.map(([kind]) => kind.length));
  const nameWidth = Math.max(0, ...rows.map(([, name]) => name.length));
  return rows.map(([kind, name, version]) => `  ${kind.padEnd(kindWidth)}  ${name.padEnd(nameWidth)}  ${version}`);
}
