import {
  type ActivityTotalsQuery,
  type GuildSettings,
  type MemberActivityTotal,
  StoreError,
  StoreUnavailableError,
} from '@guildkit/core';
import type { GuildSettingsChange, PreparedLogRecord } from '@guildkit/core/store-kit';
import { KyselyStore, type RowWrite } from '@guildkit/kysely-store';
import type Database from 'better-sqlite3';
import type { Compilable, RawBuilder } from 'kysely';
import { sql } from 'kysely';
import { LRUCache } from 'lru-cache';
import { isBusy, LockQueue, retryWhileBusy } from './lock-waits.ts';
import { LogWriter } from './log-writer.ts';
import { assertSameFile, type FileIdentity, type OpenDatabase, openDatabase } from './open-database.ts';
import { ReaderThreads } from './reader-threads.ts';
import { appendLog, type RowStatement, rowStatementOf, runRows } from './row-statements.ts';
import { writeSettingsChange } from './settings-rows.ts';
import { resolveOptions, type SqliteStoreOptions } from './store-options.ts';

/** Up to this many members, totals are read through the member index on the main connection, not a reader thread. */
const FEW_MEMBERS = 64;

/**
 * Every guildkit storage port on one SQLite file (kysely + better-sqlite3): the embedded default
 * for one bot process. Opening creates or upgrades the schema. Each batch is one transaction,
 * run synchronously, so concurrent batches never interleave.
 *
 * @example Opening, writing and closing
 * ```ts
 * import { SqliteStore } from '@guildkit/sqlite-store';
 *
 * const store = await SqliteStore.open({ filename: './guildkit.db' });
 * await store.addActivity([{ guildId: '1', userId: '2', day: '2026-11-25', ms: 60_000 }]);
 * await store.close();
 * ```
 */
export class SqliteStore extends KyselyStore {
  readonly #sqlite: Database.Database;
  /** Statements compiled by kysely, whose texts vary with the fields given: the most used are kept. */
  readonly #statements = new LRUCache<string, Database.Statement>({ max: 64 });
  /** The bulk writes' statements, a fixed set (each insert in 7 sizes): always kept. */
  readonly #rowStatements = new Map<string, Database.Statement>();
  readonly #readers: ReaderThreads | undefined;
  /** Appends log records on a thread of its own, when there is one. */
  readonly #logWriter: LogWriter | undefined;
  /** Backups under way: while one runs, log records are appended on this connection (see copyTo). */
  #copies = 0;
  /** The file opened: when the path names another file, or none, this database is gone. */
  readonly #file: FileIdentity | undefined;
  readonly #busyTimeoutMs: number;
  /** Writes, in order, waiting on timers while another process holds the lock. */
  readonly #writes: LockQueue;
  private constructor(
    opened: OpenDatabase,
    threads: { readonly readers: ReaderThreads | undefined; readonly logWriter: LogWriter | undefined },
    busyTimeoutMs: number,
  ) {
    super(opened.kysely, 'SqliteStore');
    this.#sqlite = opened.sqlite;
    this.#file = opened.file;
    this.#readers = threads.readers;
    this.#logWriter = threads.logWriter;
    this.#busyTimeoutMs = busyTimeoutMs;
    this.#writes = new LockQueue(busyTimeoutMs);
  }

  /**
   * Opens (creating if needed) and upgrades a database.
   *
   * @throws {@link @guildkit/core!StoreOpenError} when the file cannot be opened or upgraded; nothing is half-done
   * @throws {@link @guildkit/core!SchemaVersionError} when a newer guildkit wrote the database
   * @throws `TypeError` when an option is malformed
   */
  public static async open(options: SqliteStoreOptions): Promise<SqliteStore> {
    const resolved = resolveOptions(options);
    const opened = await openDatabase(resolved);
    // Other connections share the data only through a file, and only WAL lets them read during writes.
    // A file on disk, not an in-memory database (':memory:', or a file: URI in memory mode).
    const shared = opened.file !== undefined && resolved.journalMode === 'wal';
    const idleMs = resolved.threadIdleMs;
    const readers =
      shared && resolved.readerThreads > 0
        ? new ReaderThreads({ ...resolved, threads: resolved.readerThreads, idleMs })
        : undefined;
    const logWriter = shared && resolved.logWriterThread ? new LogWriter({ ...resolved, idleMs }) : undefined;
    return new SqliteStore(opened, { readers, logWriter }, resolved.busyTimeoutMs);
  }

  protected override async sumActivity(query: ActivityTotalsQuery): Promise<MemberActivityTotal[]> {
    const { guildId, startDay, endDay, userIds, rankBy } = query;
    const [first, second] = rankBy === 'messages' ? ['messages', 'ms'] : ['ms', 'messages'];
    if (userIds !== undefined && userIds.length <= FEW_MEMBERS) {
      // A few members (`/activity`): their own rows, through the member index, on the main connection,
      // in well under a millisecond. The range scan below reads every member's rows of the period.
      const few = sql<MemberActivityTotal>`select user_id as "userId", sum(ms) as ms, sum(messages) as messages
        from activity_daily indexed by activity_daily_member
        where guild_id = ${guildId} and ${this.inList('user_id', userIds)}
          and day >= ${startDay} and day < ${endDay}
        group by user_id having sum(ms) > 0 or sum(messages) > 0
        order by ${sql.ref(first)} desc, ${sql.ref(second)} desc, user_id`;
      return this.read({ execute: async () => (await few.execute(this.db)).rows });
    }
    let select = this.db
      .selectFrom('activity_daily')
      // Named as the port names them, so that rows come back as they are returned: no copy per member.
      .select((eb) => [
        eb.ref('user_id').as('userId'),
        eb.fn.sum<number>('ms').as('ms'),
        eb.fn.sum<number>('messages').as('messages'),
      ])
      .where('guild_id', '=', guildId)
      .where('day', '>=', startDay)
      .where('day', '<', endDay);
    if (userIds !== undefined) select = select.where(this.inList('user_id', userIds));
    const totals = select
      // `+user_id`: group after a range scan of the primary key. Grouping by the plain column lets
      // SQLite (once it has statistics) walk the member index instead: the guild's every row, 10x slower.
      .groupBy(sql`+user_id`)
      .having((eb) => eb.or([eb(eb.fn.sum('ms'), '>', 0), eb(eb.fn.sum('messages'), '>', 0)]))
      .orderBy(sql.ref(first), 'desc')
      .orderBy(sql.ref(second), 'desc')
      .orderBy('user_id');
    // A month of a large guild is a few hundred thousand rows: read on a reader thread when there is one.
    const readers = this.#readers;
    return this.read(readers === undefined ? totals : { execute: () => readers.all(totals.compile()) });
  }

  protected async read<Row>(query: { execute(): Promise<Row[]> }): Promise<Row[]> {
    try {
      assertSameFile(this.#sqlite.name, this.#file);
      return await retryWhileBusy(() => query.execute(), this.#busyTimeoutMs);
    } catch (error) {
      throw translate(error, this.#sqlite.name, this.#busyTimeoutMs);
    }
  }

  protected changes(queries: readonly Compilable[]): Promise<number[]> {
    const compiled = queries.map((query) => query.compile());
    return this.#write(() => compiled.map(({ sql, parameters }) => this.#statement(sql).run(parameters).changes));
  }

  /** One immediate transaction. The batch id is not needed: an embedded write never ends in doubt. */
  protected writeRows(writes: readonly RowWrite[]): Promise<void> {
    return this.#write(() => {
      for (const { statement, rows } of writes) this.#runRows(rowStatementOf(statement), rows);
    });
  }

  protected async writeLogs(rows: readonly PreparedLogRecord[]): Promise<void> {
    const writer = this.#logWriter;
    if (writer === undefined || this.#copies > 0) return this.#write(() => this.#runRows(appendLog, rows));
    try {
      // In turn with this connection's writes: the two never wait for each other's lock.
      await this.#writes.runElsewhere(() => {
        assertSameFile(this.#sqlite.name, this.#file);
        return writer.write(rows);
      });
    } catch (error) {
      throw translate(error, this.#sqlite.name, this.#busyTimeoutMs);
    }
  }

  protected writeSettings(change: GuildSettingsChange): Promise<GuildSettings> {
    return this.#write(() => writeSettingsChange((text) => this.#statement(text), change));
  }

  /** SQLite has no list type: tags are JSON text. */
  protected encodeTags(tags: readonly string[]): string {
    return JSON.stringify(tags);
  }

  /** One parameter however many values: a JSON array unpacked by SQLite. */
  protected inList(column: string, values: readonly string[]): RawBuilder<boolean> {
    return sql<boolean>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(values)}))`;
  }

  /**
   * Closes the database file, once the writes waiting for a lock and the reads under way on reader
   * threads have ended.
   */
  protected async closeDatabase(): Promise<void> {
    await this.#writes.settled();
    await Promise.all([this.#readers?.close(), this.#logWriter?.close()]);
    this.#statements.clear();
    this.#rowStatements.clear();
    await this.db.destroy();
  }

  /**
   * @internal Copies the database to a new file with SQLite's online backup API, `pagesPerStep`
   * pages a turn of the event loop; writes go on meanwhile. `progress` throws to stop it. Use `backupSqliteStore`.
   */
  public async copyTo(filename: string, pagesPerStep: number, progress: () => void): Promise<{ totalPages: number }> {
    this.assertOpen();
    // SQLite starts a backup again when another connection writes to the file, as the log writer
    // thread would every second or so: until the copy is done, records go through this connection,
    // whose writes the backup takes in as it goes.
    this.#copies += 1;
    try {
      // Records handed to the thread before are committed first (they are in this store's queue of
      // writes): one landing after the copy began would start it again.
      await this.#writes.run(() => undefined);
      return await this.#sqlite.backup(filename, {
        progress: () => {
          progress();
          return pagesPerStep;
        },
      });
    } finally {
      this.#copies -= 1;
    }
  }

  /**
   * Runs `work` as one immediate transaction. On the usual path it runs at once, synchronously: no
   * other code runs until it ends. When another process holds the lock, it is tried again on
   * timers (the event loop goes on) for up to busyTimeoutMs, and the writes made meanwhile wait
   * behind it, in order.
   */
  #write<T>(work: () => T): Promise<T> {
    return this.#writes
      .run(() => {
        assertSameFile(this.#sqlite.name, this.#file);
        return this.#sqlite.transaction(work).immediate();
      })
      .catch((error: unknown) => {
        throw translate(error, this.#sqlite.name, this.#busyTimeoutMs);
      });
  }

  async #read<Row>(query: { execute(): Promise<Row[]> }): Promise<Row[]> {
    try {
      assertSameFile(this.#sqlite.name, this.#file);
      return await retryWhileBusy(() => query.execute(), this.#busyTimeoutMs);
    } catch (error) {
      throw translate(error, this.#sqlite.name, this.#busyTimeoutMs);
    }
  }

  /** Runs a prepared statement over the rows, many rows a call where it can; call it inside #write. */
  #runRows<Row>(statement: RowStatement<Row>, rows: readonly Row[]): void {
    runRows((sql) => this.#statement(sql, this.#rowStatements), statement, rows);
  }

  #statement(text: string, cache: StatementCache = this.#statements): Database.Statement {
    let statement = cache.get(text);
    if (statement === undefined) {
      statement = this.#sqlite.prepare(text);
      cache.set(text, statement);
    }
    return statement;
  }
}

/** Prepared statements by their text: an LRUCache or a Map. */
interface StatementCache {
  get(text: string): Database.Statement | undefined;
  set(text: string, statement: Database.Statement): unknown;
}

function translate(error: unknown, location: string, busyTimeoutMs: number): unknown {
  if (error instanceof StoreError || error instanceof TypeError) return error;
  if (isBusy(error)) {
    return new StoreUnavailableError(
      location,
      `The SQLite database at "${location}" stayed locked by another connection for busyTimeoutMs ` +
        `(${busyTimeoutMs} ms); nothing was written. Try again.`,
      { cause: error },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new StoreError(`The SQLite database at "${location}" failed: ${message}`, { cause: error });
}
