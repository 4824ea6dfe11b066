/** The CLI's view of configuration and the database: same DATABASE_URL as the server, friendly failures. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig, type Config } from '../config';
import type { Database } from '../db/database';
import { CliError, oneLine } from './command';

/** Loads the configuration like the server does; a bad variable becomes one line naming it. */
export function cliConfig(env: Record<string, string | undefined>): Config {
  try {
    return loadConfig(env);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CliError(
      message
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean)
        .join(' ')
        .replace(/^Invalid configuration: /, 'invalid configuration: '),
    );
  }
}

/**
 * The database location for messages: the file path (absolute with `absolute`, since `npx` runs in
 * the current directory while `npm start` runs at the project root), or the remote host without credentials.
 */
export function describeDatabase(url: string, options: { absolute?: boolean } = {}): string {
  const file = localFile(url);
  if (file !== null) return options.absolute ? resolve(file) : file;
  if (url.startsWith('file:')) return url;
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return 'the configured database';
  }
}

/** The path of a `file:` database (relative paths are relative to the working directory, as for the server); null otherwise. */
export function localFile(url: string): string | null {
  if (!url.startsWith('file:')) return null;
  const path = decodeURIComponent(url.slice('file:'.length).split('?')[0] ?? '');
  return path && path !== ':memory:' ? path.replace(/^\/\/(?=\/)/, '') : null;
}

/** True when DATABASE_URL names a local file that does not exist yet. */
export function isMissingFile(url: string): boolean {
  const file = localFile(url);
  return file !== null && !existsSync(file);
}

/** The database exists but was never migrated. */
export class MissingTablesError extends CliError {
  constructor(where: string) {
    super(
      `the database ${where} has no flowfill tables yet: run \`npx flowfill db migrate\` (or start the server once with \`npm start\`)`,
    );
  }
}

export interface DatabaseOptions {
  /** Apply pending migrations first (commands that write: `shop add`, `db migrate`). */
  migrate?: boolean;
}

/**
 * Opens DATABASE_URL, runs `fn`, and closes it. A database without flowfill's tables is
 * reported as "run `flowfill db migrate`" rather than as an SQL error.
 */
export async function withDatabase<T>(config: Config, options: DatabaseOptions, fn: (db: Database) => Promise<T>): Promise<T> {
  const where = describeDatabase(config.DATABASE_URL);
  // libSQL and drizzle load only when a command really opens the database.
  const { migrateDatabase, openDatabase } = await import('../db/node');
  let opened: Awaited<ReturnType<typeof openDatabase>>;
  try {
    opened = await openDatabase(config.DATABASE_URL, config.DATABASE_AUTH_TOKEN);
  } catch (error) {
    throw new CliError(`cannot open the database ${where}: ${oneLine(error)}`);
  }
  try {
    if (options.migrate) {
      try {
        await migrateDatabase(opened.db);
      } catch (error) {
        throw new CliError(`cannot apply migrations to ${where}: ${oneLine(error)}`);
      }
    }
    return await fn(opened.db);
  } catch (error) {
    if (isMissingTable(error)) throw new MissingTablesError(where);
    throw error;
  } finally {
    await opened.close();
  }
}

/** True for libSQL's "no such table" (drizzle wraps it in a query error whose cause holds it). */
export function isMissingTable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (current instanceof Error && /no such table/i.test(current.message)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
