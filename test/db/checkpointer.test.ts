/** WAL checkpoints from the worker thread: the database file receives the pages without any commit doing it. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../src/db/node';

let dir: string;
let opened: OpenedDatabase | undefined;
afterEach(async () => {
  await opened?.close();
  opened = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function writeRows(db: OpenedDatabase['db'], count: number): Promise<void> {
  await db.run(sql`create table if not exists filler (id integer primary key, body text)`);
  for (let i = 0; i < count; i++) await db.run(sql`insert into filler (body) values (${'x'.repeat(1000)})`);
}

async function eventually(check: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

describe('background WAL checkpoint', () => {
  it('copies committed pages into the database file from its own thread', async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowfill-ckpt-'));
    const file = join(dir, 'app.db');
    opened = await openDatabase(`file:${file}`, undefined, { backgroundCheckpoint: true });
    // 300 rows of 1 KB: ~80 WAL pages, far below the connections' own fallback threshold, so only
    // the worker can have moved them.
    await writeRows(opened.db, 300);
    expect(await eventually(() => statSync(file).size > 250_000)).toBe(true);
  });

  it('closing resolves once the thread has made its last checkpoint', async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowfill-ckpt-'));
    const file = join(dir, 'app.db');
    const database = await openDatabase(`file:${file}`, undefined, { backgroundCheckpoint: true });
    await writeRows(database.db, 50);
    await database.close();
    expect(statSync(file).size).toBeGreaterThan(40_000);
  });

  it('a process whose only remaining work is closing waits for it (no unfinished close at exit)', () => {
    dir = mkdtempSync(join(tmpdir(), 'flowfill-ckpt-'));
    const script = join(import.meta.dirname, '../fixtures/close-database.ts');
    const output = execFileSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: 20_000 });
    expect(output.trim()).toBe('closed');
  });

  it('without it, the same writes stay in the WAL (below SQLite’s automatic threshold)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'flowfill-ckpt-'));
    const file = join(dir, 'app.db');
    opened = await openDatabase(`file:${file}`);
    await writeRows(opened.db, 300);
    await new Promise((r) => setTimeout(r, 600));
    expect(statSync(file).size).toBeLessThan(250_000);
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(250_000);
  });
});
