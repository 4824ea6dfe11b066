/**
 * The statement-caching embedded client answers exactly like @libsql/client's own file driver
 * (rows, columns, counts, errors), so drizzle and the session storage see no difference.
 */
import { createClient, LibsqlBatchError, LibsqlError, type Client, type ResultSet } from '@libsql/client';
import Database from 'libsql';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmbeddedClient } from '../../src/db/embedded-client';

let dir: string;
let clients: Client[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'flowfill-client-'));
  clients = [];
});
afterEach(() => {
  for (const client of clients) client.close();
  rmSync(dir, { recursive: true, force: true });
});

function open(name: string, kind: 'embedded' | 'upstream', timeout = 5000): Client {
  const path = join(dir, name);
  const client = kind === 'embedded' ? createEmbeddedClient(path, { timeout }) : createClient({ url: `file:${path}`, timeout });
  clients.push(client);
  return client;
}

/** What a caller can observe of a result set: rows by index and by name, keys, counts. */
function observable(result: ResultSet) {
  return {
    columns: result.columns,
    columnTypes: result.columnTypes,
    rows: result.rows.map((row) => ({
      length: row.length,
      byIndex: Array.prototype.slice.call(row),
      keys: Object.keys(row),
      byName: { ...row },
    })),
    rowsAffected: result.rowsAffected,
    lastInsertRowid: result.lastInsertRowid,
    json: JSON.stringify(result),
  };
}

const SCRIPT: Array<string | { sql: string; args: unknown[] | Record<string, unknown> }> = [
  'create table t (id integer primary key, name text unique, n integer, data blob, flag integer)',
  { sql: 'insert into t (name, n, data, flag) values (?, ?, ?, ?)', args: ['a', 1, new Uint8Array([1, 2, 3]), true] },
  { sql: 'insert into t (name, n, data, flag) values (:name, :n, null, :flag) returning *', args: { name: 'b', n: 2.5, flag: false } },
  { sql: 'update t set n = n + 1 where n < ?', args: [10] },
  'select id, name, n, data, flag, name as name from t order by id',
  { sql: 'select count(*) as c from t where name = ?', args: ['zz'] },
  'delete from t where id = 1',
];

describe('embedded client', () => {
  it('returns the same rows, columns and counts as the upstream file driver', async () => {
    const embedded = open('a.db', 'embedded');
    const upstream = open('b.db', 'upstream');
    for (const statement of SCRIPT) {
      const [mine, theirs] = [await embedded.execute(statement as never), await upstream.execute(statement as never)];
      expect(observable(mine)).toEqual(observable(theirs));
    }
  });

  it('sees a column added after a statement was cached', async () => {
    const client = open('a.db', 'embedded');
    await client.execute('create table t (a integer)');
    await client.execute('insert into t values (1)');
    expect((await client.execute('select * from t')).columns).toEqual(['a']);
    await client.execute('alter table t add column b text');
    expect((await client.execute('select * from t')).columns).toEqual(['a', 'b']);
  });

  it('reports SQLite errors as LibsqlError with the base and extended code', async () => {
    const client = open('a.db', 'embedded');
    await client.execute('create table t (name text unique)');
    await client.execute("insert into t values ('x')");
    const error = await client.execute("insert into t values ('x')").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LibsqlError);
    expect(error).toMatchObject({ code: 'SQLITE_CONSTRAINT', extendedCode: 'SQLITE_CONSTRAINT_UNIQUE' });
    await expect(client.execute('select nope from t')).rejects.toMatchObject({ code: 'SQLITE_ERROR' });
  });

  it('answers SQLITE_BUSY when another connection holds the write lock past the timeout', async () => {
    const client = open('a.db', 'embedded', 100);
    await client.execute('create table t (a integer)');
    const other = new Database(join(dir, 'a.db'));
    other.exec('BEGIN IMMEDIATE');
    try {
      await expect(client.execute('insert into t values (1)')).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    await client.execute('insert into t values (1)');
  });

  it("waits for another connection's write lock without blocking the event loop, then runs the statement or batch once", async () => {
    const client = open('a.db', 'embedded', 5000);
    await client.execute('create table t (a integer)');
    const other = new Database(join(dir, 'a.db'));
    other.exec('BEGIN IMMEDIATE');
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    try {
      const insert = client.execute('insert into t values (1)');
      const batch = client.batch(['insert into t values (2)', 'insert into t values (3)'], 'write');
      await new Promise((r) => setTimeout(r, 200));
      // SQLite's busy handler would have slept inside the native call, and no timer would have run.
      expect(ticks).toBeGreaterThanOrEqual(5);
      other.exec('COMMIT');
      await insert;
      await batch;
    } finally {
      clearInterval(ticker);
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
    }
    expect((await client.execute('select a from t order by a')).rows.map((r) => r.a)).toEqual([1, 2, 3]);
  });

  it('runs a batch atomically and names the failing statement', async () => {
    const client = open('a.db', 'embedded');
    await client.execute('create table t (a integer unique)');
    const error = await client
      .batch(['insert into t values (1)', 'insert into t values (2)', 'insert into t values (1)'], 'write')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LibsqlBatchError);
    expect(error).toMatchObject({ statementIndex: 2, code: 'SQLITE_CONSTRAINT' });
    expect((await client.execute('select count(*) as c from t')).rows[0]!.c).toBe(0);
    const results = await client.batch([{ sql: 'insert into t values (?)', args: [5] }, ['select a from t', []]]);
    expect(results[1]!.rows.map((r) => r.a)).toEqual([5]);
  });

  it('keeps an interactive transaction on its own connection until commit or rollback', async () => {
    const client = open('a.db', 'embedded');
    await client.execute('create table t (a integer)');
    const tx = await client.transaction('write');
    await tx.execute('insert into t values (1)');
    expect((await tx.execute('select count(*) as c from t')).rows[0]!.c).toBe(1);
    await tx.rollback();
    expect(tx.closed).toBe(true);
    expect((await client.execute('select count(*) as c from t')).rows[0]!.c).toBe(0);
    const tx2 = await client.transaction('write');
    await tx2.batch(['insert into t values (2)', 'insert into t values (3)']);
    await tx2.commit();
    expect((await client.execute('select sum(a) as s from t')).rows[0]!.s).toBe(5);
  });

  it('refuses values it cannot represent and calls on a closed client', async () => {
    const client = open('a.db', 'embedded');
    await expect(client.execute('select ? as x', [Number.NaN])).rejects.toThrow(RangeError);
    await expect(client.execute('select 9007199254740993 as x')).rejects.toThrow(/safely represented/);
    expect((await client.execute('select ? as x', [new Date(5)])).rows[0]!.x).toBe(5);
    client.close();
    expect(client.closed).toBe(true);
    await expect(client.execute('select 1')).rejects.toMatchObject({ code: 'CLIENT_CLOSED' });
  });
});

describe('openDatabase fileDriver', () => {
  it("'library' opens a file with @libsql/client's own driver and the same settings (the benchmark's comparison)", async () => {
    const { openDatabase, migrateDatabase } = await import('../../src/db/node');
    const opened = await openDatabase(`file:${join(dir, 'library.db')}`, undefined, { fileDriver: 'library' });
    try {
      await migrateDatabase(opened.db);
      expect((await opened.client.execute('PRAGMA journal_mode')).rows[0]?.[0]).toBe('wal');
      expect((await opened.client.execute('SELECT count(*) FROM runs')).rows[0]?.[0]).toBe(0);
    } finally {
      await opened.close();
    }
  });
});
