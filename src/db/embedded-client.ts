/**
 * A @libsql/client `Client` for an embedded database file that keeps its prepared statements.
 *
 * @libsql/client's file driver prepares every statement again on each call and asks the native
 * statement for its columns twice; on the ledger's 30-column rows that was most of each query's
 * cost (profiled: `prepare`, `columns` and `raw` were ~10 % of a Flow request's CPU). This client
 * keeps one connection and a bounded cache of prepared statements with their column names, and
 * otherwise behaves like the upstream driver: the same row shape (indexes and column names), the
 * same LibsqlError codes (SQLITE_BUSY stays recognisable), batches in one transaction, and
 * interactive transactions on a connection of their own.
 *
 * A write waits for another connection's write lock without blocking the event loop. SQLite's
 * busy handler sleeps inside the (synchronous) native call, 1, 2, 5 … ms at a time, and the
 * whole process sleeps with it: with several server processes on one file (FLOWFILL_WORKERS)
 * that was ~0.7 sleeps per add-tracking request with two workers (strace; none with one). So the
 * client's connection has no busy handler, and a write statement, or a batch that writes, first
 * takes the lock with `BEGIN IMMEDIATE`; when another process holds it, the client yields to the
 * event loop (other requests run) and tries again, up to `timeout`, then runs the statements and
 * commits in one synchronous go. Only BEGIN is retried: a statement that SQLite answered
 * SQLITE_BUSY is left half-run (libSQL cannot reset it), and the connection's next statements
 * would be lost with it. Reads in WAL mode do not wait for writers; the one that still meets
 * SQLITE_BUSY (another connection recovering the WAL index) gets a fresh connection and is retried.
 */
import {
  LibsqlBatchError,
  LibsqlError,
  type Client,
  type InArgs,
  type InStatement,
  type InValue,
  type ResultSet,
  type Row,
  type Transaction,
  type TransactionMode,
} from '@libsql/client';
import Database from 'libsql';

type Native = InstanceType<typeof Database>;
type NativeStatement = ReturnType<Native['prepare']>;

interface Prepared {
  statement: NativeStatement;
  /** Column names of a statement that returns rows; null for one that does not. */
  columns: string[] | null;
  columnTypes: string[];
}

/** Statements kept per connection; the app uses a few dozen distinct ones. */
const CACHE_LIMIT = 256;
/** Only data statements are cached: DDL and PRAGMAs change what cached statements would see. */
const CACHEABLE = /^\s*(select|insert|update|delete|with|replace)\b/i;
/** Statements that need the write lock (taken first, see above). */
const WRITES = /^\s*(insert|update|delete|replace)\b/i;

export interface EmbeddedClientOptions {
  /** ms a statement waits for another connection's lock before SQLITE_BUSY. */
  timeout?: number;
  /** PRAGMAs run on every connection the client opens (e.g. `synchronous = NORMAL`). */
  pragmas?: string[];
}

/** Opens `path` (a file, not `:memory:`) as a libSQL client with a prepared-statement cache. */
export function createEmbeddedClient(path: string, options: EmbeddedClientOptions = {}): Client {
  // `wait`: whether the connection keeps SQLite's own (blocking) busy wait once open. The PRAGMAs
  // at open (the journal mode) always wait the configured time, once per connection.
  const open = (wait: boolean) => {
    const db = new Database(path, { timeout: options.timeout } as ConstructorParameters<typeof Database>[1]);
    try {
      for (const pragma of options.pragmas ?? []) db.exec(`PRAGMA ${pragma}`);
      if (!wait) db.exec('PRAGMA busy_timeout = 0');
    } catch (error) {
      db.close();
      throw toLibsqlError(error);
    }
    return new Connection(db);
  };
  return new EmbeddedClient(open, options.timeout ?? 0);
}

function isBusy(error: unknown): boolean {
  return error instanceof LibsqlError && error.code === 'SQLITE_BUSY';
}

const busyError = () => new LibsqlError('SQLITE_BUSY: database is locked', 'SQLITE_BUSY', 'SQLITE_BUSY', 5);

/** Yields to the event loop before try `attempt` + 1: at once for the first few (a write holds the lock for microseconds), then 1, 2 … 10 ms. */
function pause(attempt: number): Promise<void> {
  return attempt < 4
    ? new Promise((resolve) => setImmediate(resolve))
    : new Promise((resolve) => setTimeout(resolve, Math.min(10, attempt - 3)));
}

class Connection {
  private readonly cache = new Map<string, Prepared>();
  constructor(readonly db: Native) {}

  /** BEGIN IMMEDIATE on a connection without a busy wait: false when another connection holds the write lock. */
  tryBeginImmediate(): boolean {
    try {
      // exec, not a prepared statement: a failed exec leaves nothing half-run on the connection.
      this.control('BEGIN IMMEDIATE');
      return true;
    } catch (error) {
      if (isBusy(error)) return false;
      throw error;
    }
  }

  /** Drops the cached statements (after another connection changed the schema). */
  forget(): void {
    this.cache.clear();
  }

  /** Runs `body` inside the transaction tryBeginImmediate opened: committed, or rolled back when it throws. */
  inTransaction<T>(body: () => T): T {
    try {
      const result = body();
      this.control('COMMIT');
      return result;
    } finally {
      if (this.db.open && this.db.inTransaction) this.control('ROLLBACK');
    }
  }

  /** A transaction-control statement or PRAGMA, run with exec (never cached, and no cache flush). */
  control(sql: string): void {
    try {
      this.db.exec(sql);
    } catch (error) {
      throw toLibsqlError(error);
    }
  }

  execute(stmt: InStatement): ResultSet {
    const sql = typeof stmt === 'string' ? stmt : stmt.sql;
    const args = typeof stmt === 'string' ? [] : toSqlArgs(stmt.args ?? []);
    try {
      const prepared = this.prepare(sql);
      if (prepared.columns) {
        const columns = prepared.columns;
        const rows = (prepared.statement.all(args) as unknown[][]).map((values) => toRow(values, columns));
        return resultSet(columns, prepared.columnTypes, rows, 0, undefined);
      }
      const info = prepared.statement.run(args) as { changes: number; lastInsertRowid: number | bigint };
      return resultSet([], [], [], info.changes, BigInt(info.lastInsertRowid));
    } catch (error) {
      throw toLibsqlError(error);
    }
  }

  /** Runs `stmts` in order; a failure names the statement (LibsqlBatchError). */
  executeAll(stmts: InStatement[]): ResultSet[] {
    return stmts.map((stmt, index) => {
      try {
        return this.execute(stmt);
      } catch (error) {
        throw batchError(error, index);
      }
    });
  }

  /** BEGIN … COMMIT around `stmts`; rolled back on the first failure. */
  batch(stmts: InStatement[], begin: string): ResultSet[] {
    this.control(begin);
    return this.inTransaction(() => this.executeAll(stmts));
  }

  executeMultiple(sql: string): void {
    this.cache.clear();
    try {
      this.db.exec(sql);
    } catch (error) {
      throw toLibsqlError(error);
    }
  }

  close(): void {
    this.cache.clear();
    if (this.db.open) this.db.close();
  }

  private prepare(sql: string): Prepared {
    const cached = this.cache.get(sql);
    if (cached) return cached;
    const statement = this.db.prepare(sql);
    statement.safeIntegers(true);
    let prepared: Prepared;
    if ((statement as unknown as { reader: boolean }).reader) {
      statement.raw(true);
      const described = statement.columns() as { name: string; type: string | null }[];
      prepared = { statement, columns: described.map((c) => c.name), columnTypes: described.map((c) => c.type ?? '') };
    } else {
      prepared = { statement, columns: null, columnTypes: [] };
    }
    if (!CACHEABLE.test(sql)) {
      // A schema change or pragma: statements prepared before it may describe stale columns.
      this.cache.clear();
      return prepared;
    }
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(sql, prepared);
    return prepared;
  }
}

class EmbeddedClient implements Client {
  closed = false;
  readonly protocol = 'file';
  private connection: Connection;

  constructor(
    private readonly open: (wait: boolean) => Connection,
    private readonly timeout: number,
  ) {
    this.connection = open(false);
  }

  async execute(stmtOrSql: InStatement, args?: InArgs): Promise<ResultSet> {
    const stmt = typeof stmtOrSql === 'string' ? { sql: stmtOrSql, args: args ?? [] } : stmtOrSql;
    if (!WRITES.test(stmt.sql)) return this.reading(() => this.live().execute(stmt));
    return this.withWriteLock((connection) => connection.execute(stmt));
  }

  async batch(stmts: Array<InStatement | [string, InArgs?]>, mode: TransactionMode = 'deferred'): Promise<ResultSet[]> {
    const normalized = stmts.map((s) => (Array.isArray(s) ? { sql: s[0], args: s[1] ?? [] } : s));
    // A read-only batch never waits for the write lock; one that writes takes it before its first statement.
    if (mode === 'read' || (mode !== 'write' && !normalized.some((s) => WRITES.test(typeof s === 'string' ? s : s.sql))))
      return this.reading(() => this.live().batch(normalized, begin(mode)));
    return this.withWriteLock((connection) => connection.executeAll(normalized));
  }

  /**
   * Runs a read (a statement or a read-only batch); on SQLITE_BUSY, which leaves the failed
   * statement half-run, replaces the connection and runs it again, up to `timeout`.
   */
  private async reading<T>(read: () => T): Promise<T> {
    const deadline = performance.now() + this.timeout;
    for (let attempt = 0; ; attempt++) {
      try {
        return read();
      } catch (error) {
        if (!isBusy(error) || this.closed) throw error;
        this.reconnect();
        if (performance.now() >= deadline) throw error;
      }
      await pause(attempt);
    }
  }

  /**
   * Runs `body` inside BEGIN IMMEDIATE … COMMIT once no other connection holds the write lock
   * (SQLITE_BUSY after `timeout`). The body runs in the same synchronous stretch as the BEGIN that
   * succeeded: an await between them would let this connection's other callers into the transaction.
   */
  private async withWriteLock<T>(body: (connection: Connection) => T): Promise<T> {
    const deadline = performance.now() + this.timeout;
    for (let attempt = 0; ; attempt++) {
      const connection = this.live();
      if (connection.tryBeginImmediate()) return connection.inTransaction(() => body(connection));
      if (performance.now() >= deadline) throw busyError();
      await pause(attempt);
    }
  }

  /** On a connection of its own that waits for locks (migrations run at start, before any traffic). */
  async migrate(stmts: InStatement[]): Promise<ResultSet[]> {
    const main = this.live();
    const connection = this.open(true);
    try {
      connection.execute('PRAGMA foreign_keys=off');
      return connection.batch(stmts, begin('deferred'));
    } finally {
      connection.close();
      main.forget();
    }
  }

  /**
   * An interactive transaction gets its own connection, so the client's other calls are not inside
   * it. Its statements come one by one from the caller and cannot be replayed here, so that
   * connection keeps SQLite's blocking busy wait (admin edits, not the Flow path).
   */
  async transaction(mode: TransactionMode = 'write'): Promise<Transaction> {
    this.live();
    const connection = this.open(true);
    try {
      connection.execute(begin(mode));
    } catch (error) {
      connection.close();
      throw error;
    }
    return new EmbeddedTransaction(connection);
  }

  async executeMultiple(sql: string): Promise<void> {
    // Several statements that are not one transaction: a retry could repeat the ones that ran, so
    // this waits like SQLite would (blocking; scripts only, not the Flow path).
    const connection = this.live();
    connection.control(`PRAGMA busy_timeout = ${Math.floor(this.timeout)}`);
    try {
      connection.executeMultiple(sql);
    } finally {
      connection.control('PRAGMA busy_timeout = 0');
    }
  }

  async sync(): Promise<undefined> {
    throw new LibsqlError('An embedded file database without a sync URL has nothing to sync.', 'SYNC_NOT_SUPPORTED');
  }

  reconnect(): void {
    this.connection.close();
    this.connection = this.open(false);
    this.closed = false;
  }

  close(): void {
    this.closed = true;
    this.connection.close();
  }

  private live(): Connection {
    if (this.closed) throw new LibsqlError('The client is closed', 'CLIENT_CLOSED');
    return this.connection;
  }
}

class EmbeddedTransaction implements Transaction {
  private connection: Connection | null;

  constructor(connection: Connection) {
    this.connection = connection;
  }

  get closed(): boolean {
    return this.connection === null || !this.connection.db.open || !this.connection.db.inTransaction;
  }

  async execute(stmt: InStatement): Promise<ResultSet> {
    return this.live().execute(stmt);
  }

  async batch(stmts: InStatement[]): Promise<ResultSet[]> {
    return this.live().executeAll(stmts);
  }

  async executeMultiple(sql: string): Promise<void> {
    this.live().executeMultiple(sql);
  }

  async commit(): Promise<void> {
    try {
      this.live().execute('COMMIT');
    } finally {
      this.settle();
    }
  }

  async rollback(): Promise<void> {
    this.close();
  }

  close(): void {
    const connection = this.connection;
    if (!connection) return;
    try {
      if (connection.db.open && connection.db.inTransaction) connection.execute('ROLLBACK');
    } finally {
      this.settle();
    }
  }

  private settle(): void {
    this.connection?.close();
    this.connection = null;
  }

  private live(): Connection {
    if (this.closed) throw new LibsqlError('The transaction is closed', 'TRANSACTION_CLOSED');
    return this.connection!;
  }
}

function begin(mode: TransactionMode): string {
  return mode === 'write' ? 'BEGIN IMMEDIATE' : mode === 'read' ? 'BEGIN TRANSACTION READONLY' : 'BEGIN DEFERRED';
}

/** A row as @libsql/client builds it: values by index (not enumerable) and by column name. */
function toRow(values: unknown[], columns: string[]): Row {
  const row: Record<string | number, unknown> = {};
  Object.defineProperty(row, 'length', { value: values.length });
  for (let i = 0; i < values.length; i++) {
    const value = fromSql(values[i]);
    Object.defineProperty(row, i, { value });
    const column = columns[i]!;
    if (!Object.hasOwn(row, column)) row[column] = value;
  }
  return row as unknown as Row;
}

function resultSet(
  columns: string[],
  columnTypes: string[],
  rows: Row[],
  rowsAffected: number,
  lastInsertRowid: bigint | undefined,
): ResultSet {
  return {
    columns,
    columnTypes,
    rows,
    rowsAffected,
    lastInsertRowid,
    toJSON: () => ({
      columns,
      columnTypes,
      rows: rows.map((row) => Array.prototype.map.call(row, jsonValue)),
      rowsAffected,
      lastInsertRowid: lastInsertRowid === undefined ? null : String(lastInsertRowid),
    }),
  };
}

function jsonValue(value: unknown): unknown {
  return typeof value === 'bigint' ? String(value) : value instanceof ArrayBuffer ? Buffer.from(value).toString('base64') : value;
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Integers come back as numbers (the upstream default intMode), refusing ones a number cannot hold. */
function fromSql(value: unknown): unknown {
  if (typeof value === 'bigint') {
    if (value < MIN_SAFE || value > MAX_SAFE)
      throw new RangeError('Received integer which cannot be safely represented as a JavaScript number');
    return Number(value);
  }
  if (value instanceof Uint8Array) return value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength);
  return value;
}

function toSqlArgs(args: InArgs): unknown[] | Record<string, unknown> {
  if (Array.isArray(args)) return args.map(toSql);
  const named: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args)) named[/^[@$:]/.test(name) ? name.slice(1) : name] = toSql(value);
  return named;
}

function toSql(value: InValue): unknown {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError('Only finite numbers (not Infinity or NaN) can be passed as arguments');
    return value;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (value instanceof Date) return value.valueOf();
  if (value === undefined) throw new TypeError('undefined cannot be passed as argument to the database');
  return value;
}

/** SQLite's error as LibsqlError: base code (SQLITE_BUSY) and extended code, like the upstream driver. */
function toLibsqlError(error: unknown): unknown {
  if (error instanceof LibsqlError || !(error instanceof Error)) return error;
  const extended = (error as { code?: unknown }).code;
  if (typeof extended !== 'string' || !extended.startsWith('SQLITE_')) return error;
  const base = extended.split('_').slice(0, 2).join('_');
  return new LibsqlError(error.message, base, extended, (error as { rawCode?: number }).rawCode, error);
}

function batchError(error: unknown, index: number): unknown {
  if (error instanceof LibsqlBatchError || !(error instanceof LibsqlError)) return error;
  return new LibsqlBatchError(
    error.message,
    index,
    error.code,
    error.extendedCode,
    error.rawCode,
    error.cause instanceof Error ? error.cause : undefined,
  );
}
