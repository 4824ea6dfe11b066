/** A migrated embedded libSQL file in a fresh temporary directory, for tests at the SQL level. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../../src/db/database';
import { migrateDatabase, openDatabase } from '../../src/db/node';

export interface TempDatabase {
  /** The temporary directory (other files of the test may go there too). */
  dir: string;
  db: Database;
  /** Closes the database and removes the directory. */
  close(): Promise<void>;
}

/** Opens and migrates `<prefix>.db` in a new temporary directory named after `prefix`. */
export async function openTempDatabase(prefix: string): Promise<TempDatabase> {
  const dir = mkdtempSync(join(tmpdir(), `flowfill-${prefix}-`));
  const opened = await openDatabase(`file:${join(dir, `${prefix}.db`)}`);
  await migrateDatabase(opened.db);
  return {
    dir,
    db: opened.db,
    close: async () => {
      await opened.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
