/** `flowfill db migrate`: apply pending migrations to DATABASE_URL (how a Turso database is set up for the Worker). */
import type { Database } from '../../db/database';
import { CliError, defineCommand, EXIT_OK, oneLine } from '../command';

export const dbMigrateCommand = defineCommand({
  name: 'db migrate',
  summary: 'Apply pending database migrations to DATABASE_URL (a local file, or Turso/sqld in production).',
  usage: '',
  positionals: [],
  options: {},
  details: [
    'Uses DATABASE_URL and DATABASE_AUTH_TOKEN like the server. The Node server migrates its database',
    "on start; for the Worker's database (Turso or sqld), run this before deploying a new version.",
    '',
    'Example:',
    '  DATABASE_URL=libsql://flowfill-example.turso.io DATABASE_AUTH_TOKEN=… npx flowfill db migrate',
  ],
  async run(_input, ctx) {
    // Loaded here, not at the top: they are slow to load and `--help` should not wait for them.
    const { cliConfig, describeDatabase, withDatabase } = await import('../database');
    const { migrateDatabase } = await import('../../db/node');
    const config = cliConfig(ctx.env);
    const where = describeDatabase(config.DATABASE_URL);
    const { before, after } = await withDatabase(config, {}, async (db) => {
      const before = await appliedMigrations(db);
      try {
        await migrateDatabase(db);
      } catch (error) {
        throw new CliError(`cannot apply migrations to ${where}: ${oneLine(error)}`);
      }
      return { before, after: await appliedMigrations(db) };
    });
    const applied = Math.max(0, after - before);
    ctx.out(
      applied > 0
        ? `Applied ${plural(applied, 'migration')} to ${where}; it is up to date (${plural(after, 'migration')} in all).`
        : `${where} is already up to date (${plural(after, 'migration')}).`,
    );
    return EXIT_OK;
  },
});

/** How many migrations drizzle has recorded as applied (0 for a new database). */
async function appliedMigrations(db: Database): Promise<number> {
  const { sql } = await import('drizzle-orm');
  const { isMissingTable } = await import('../database');
  try {
    const row = await db.get<{ n: number }>(sql`select count(*) as n from __drizzle_migrations`);
    return Number(row?.n ?? 0);
  } catch (error) {
    if (isMissingTable(error)) return 0;
    throw error;
  }
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
