import {
  type ActivityBatch,
  type ActivityIncrement,
  type ActivityTotalsQuery,
  type GuildkitStore,
  type GuildSettings,
  type GuildSettingsUpdate,
  type JobListing,
  type JobListingPatch,
  LOG_LEVEL_VALUES,
  type LogRecord,
  type MemberActivityTotal,
  type PruneLogsQuery,
  type RecentLogsQuery,
  type ReportPostKey,
  type SessionCheckpoint,
  StoreClosedError,
  StoreConflictError,
  type StoredLogRecord,
  StoreError,
  StoreUnavailableError,
} from '@guildkit/core';
import {
  assertEpochMs,
  assertOptionalGuildId,
  assertSnowflake,
  parseGuildSettings,
  prepareActivityBatch,
  prepareActivityIncrements,
  prepareActivityTotalsQuery,
  prepareGuildSettingsChange,
  prepareJobListing,
  prepareJobListingPatch,
  prepareLogRecords,
  preparePruneLogsQuery,
  prepareRecentLogsQuery,
  prepareReportPostKey,
} from '@guildkit/core/store-kit';
import type Database from 'better-sqlite3';
import type { CompiledQuery, Kysely } from 'kysely';
import { sql } from 'kysely';
import { LRUCache } from 'lru-cache';
import { isBusy, LockQueue, retryWhileBusy } from './lock-waits.ts';
import { LogWriter } from './log-writer.ts';
import { assertSameFile, type FileIdentity, type OpenDatabase, openDatabase } from './open-database.ts';
import { ReaderThreads } from './reader-threads.ts';
import {
  addIncrement,
  appendLog,
  type RowStatement,
  removeCheckpoint,
  runRows,
  saveCheckpoint,
} from './row-statements.ts';
import { listingToRow, patchToRow, rowToListing, rowToLogRecord } from './rows.ts';
import type { SqliteSchema } from './schema.ts';
import { writeSettingsChange } from './settings-rows.ts';
import { resolveOptions, type SqliteStoreOptions } from './store-options.ts';

/** Up to this many members, totals are read through the member index on the main connection, not a reader thread. */
const FEW_MEMBERS = 64;

/** The level from which records are in the partial index `log_records_warnings_at` (migrations 0005 and 0006). */
const WARNINGS = LOG_LEVEL_VALUES.warn;

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
export class SqliteStore implements GuildkitStore {
  readonly #sqlite: Database.Database;
  readonly #kysely: Kysely<SqliteSchema>;
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
  #closed = false;

  private constructor(
    opened: OpenDatabase,
    threads: { readonly readers: ReaderThreads | undefined; readonly logWriter: LogWriter | undefined },
    busyTimeoutMs: number,
  ) {
    this.#sqlite = opened.sqlite;
    this.#kysely = opened.kysely;
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

  public async addActivity(increments: readonly ActivityIncrement[]): Promise<void> {
    this.#assertOpen();
    const rows = prepareActivityIncrements(increments);
    return this.#write(() => this.#runRows(addIncrement, rows));
  }

  public async recordActivity(batch: ActivityBatch): Promise<void> {
    this.#assertOpen();
    const { increments, removeCheckpoints, saveCheckpoints } = prepareActivityBatch(batch);
    return this.#write(() => {
      this.#runRows(addIncrement, increments);
      this.#runRows(removeCheckpoint, removeCheckpoints);
      this.#runRows(saveCheckpoint, saveCheckpoints);
    });
  }

  public async readActivityTotals(query: ActivityTotalsQuery): Promise<MemberActivityTotal[]> {
    this.#assertOpen();
    const { guildId, startDay, endDay, userIds } = prepareActivityTotalsQuery(query);
    if (userIds?.length === 0) return [];
    if (userIds !== undefined && userIds.length <= FEW_MEMBERS) {
      // A few members (`/activity`): their own rows, through the member index, on the main connection,
      // in well under a millisecond. The range scan below reads every member's rows of the period.
      const few = sql<MemberActivityTotal>`select user_id as "userId", sum(ms) as ms
        from activity_daily indexed by activity_daily_member
        where guild_id = ${guildId} and user_id in (select value from json_each(${JSON.stringify(userIds)}))
          and day >= ${startDay} and day < ${endDay}
        group by user_id having sum(ms) > 0 order by ms desc, user_id`;
      return this.#read({ execute: async () => (await few.execute(this.#kysely)).rows });
    }
    let select = this.#kysely
      .selectFrom('activity_daily')
      // Named as the port names them, so that rows come back as they are returned: no copy per member.
      .select((eb) => [eb.ref('user_id').as('userId'), eb.fn.sum<number>('ms').as('ms')])
      .where('guild_id', '=', guildId)
      .where('day', '>=', startDay)
      .where('day', '<', endDay);
    if (userIds !== undefined) {
      // One parameter however many members: a JSON array unpacked by SQLite.
      select = select.where(sql<boolean>`user_id in (select value from json_each(${JSON.stringify(userIds)}))`);
    }
    const totals = select
      // `+user_id`: group after a range scan of the primary key. Grouping by the plain column lets
      // SQLite (once it has statistics) walk the member index instead: the guild's every row, 10x slower.
      .groupBy(sql`+user_id`)
      .having((eb) => eb.fn.sum('ms'), '>', 0)
      .orderBy('ms', 'desc')
      .orderBy('user_id');
    // A month of a large guild is a few hundred thousand rows: read on a reader thread when there is one.
    const readers = this.#readers;
    return this.#read(readers === undefined ? totals : { execute: () => readers.all(totals.compile()) });
  }

  public async listSessionCheckpoints(guildId?: string): Promise<SessionCheckpoint[]> {
    this.#assertOpen();
    assertOptionalGuildId(guildId);
    let select = this.#kysely.selectFrom('session_checkpoints').selectAll().orderBy('guild_id').orderBy('user_id');
    if (guildId !== undefined) select = select.where('guild_id', '=', guildId);
    const rows = await this.#read(select);
    return rows.map((row) => ({
      guildId: row.guild_id,
      userId: row.user_id,
      channelId: row.channel_id,
      startedAt: row.started_at,
      checkpointAt: row.checkpoint_at,
    }));
  }

  public async saveJobListing(listing: JobListing): Promise<void> {
    this.#assertOpen();
    const row = listingToRow(prepareJobListing(listing));
    const taken = this.#kysely
      .selectFrom('job_listings')
      .select(['post_id', 'voice_channel_id'])
      .where((eb) => eb.or([eb('post_id', '=', row.post_id), eb('voice_channel_id', '=', row.voice_channel_id)]))
      .compile();
    const insert = this.#kysely.insertInto('job_listings').values(row).compile();
    return this.#write(() => {
      const existing = this.#statement(taken.sql).get(taken.parameters) as { post_id: string } | undefined;
      if (existing !== undefined) {
        const key =
          existing.post_id === row.post_id ? `postId ${row.post_id}` : `voiceChannelId ${row.voice_channel_id}`;
        throw new StoreConflictError(key, `A job listing with ${key} already exists.`);
      }
      this.#run(insert);
    });
  }

  public async getJobListingByPost(postId: string): Promise<JobListing | undefined> {
    this.#assertOpen();
    assertSnowflake(postId, 'postId');
    const rows = await this.#read(this.#kysely.selectFrom('job_listings').selectAll().where('post_id', '=', postId));
    return rows[0] === undefined ? undefined : rowToListing(rows[0]);
  }

  public async updateJobListing(postId: string, patch: JobListingPatch): Promise<JobListing | undefined> {
    this.#assertOpen();
    assertSnowflake(postId, 'postId');
    const changes = patchToRow(prepareJobListingPatch(patch));
    if (Object.keys(changes).length > 0) {
      const update = this.#kysely.updateTable('job_listings').set(changes).where('post_id', '=', postId).compile();
      await this.#write(() => this.#run(update));
    }
    return this.getJobListingByPost(postId);
  }

  public async listOpenJobListings(guildId?: string): Promise<JobListing[]> {
    this.#assertOpen();
    assertOptionalGuildId(guildId);
    let select = this.#kysely
      .selectFrom('job_listings')
      .selectAll()
      .where('status', '=', 'open')
      .orderBy('created_at')
      .orderBy('post_id');
    if (guildId !== undefined) select = select.where('guild_id', '=', guildId);
    return (await this.#read(select)).map(rowToListing);
  }

  public async claimReportPost(key: ReportPostKey, claimedAt: number): Promise<boolean> {
    this.#assertOpen();
    const { guildId, kind, periodStart } = prepareReportPostKey(key);
    assertEpochMs(claimedAt, 'claimedAt');
    const claim = 'insert into report_posts values (?, ?, ?, ?) on conflict do nothing';
    return this.#write(() => this.#statement(claim).run(guildId, kind, periodStart, claimedAt).changes === 1);
  }

  public async releaseReportPost(key: ReportPostKey): Promise<void> {
    this.#assertOpen();
    const { guildId, kind, periodStart } = prepareReportPostKey(key);
    const release = 'delete from report_posts where guild_id = ? and kind = ? and period_start = ?';
    await this.#write(() => this.#statement(release).run(guildId, kind, periodStart));
  }

  public async readGuildSettings(guildId: string): Promise<GuildSettings> {
    this.#assertOpen();
    assertSnowflake(guildId, 'guildId');
    const select = this.#kysely.selectFrom('guild_settings').select('settings').where('guild_id', '=', guildId);
    return parseGuildSettings((await this.#read(select))[0]?.settings);
  }

  public async updateGuildSettings(
    guildId: string,
    update: GuildSettingsUpdate,
    updatedAt: number,
  ): Promise<GuildSettings> {
    this.#assertOpen();
    const change = prepareGuildSettingsChange(guildId, update, updatedAt);
    return this.#write(() => writeSettingsChange((text) => this.#statement(text), change));
  }

  public async appendLogs(records: readonly LogRecord[]): Promise<void> {
    this.#assertOpen();
    const rows = prepareLogRecords(records);
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

  public async pruneLogs(query: PruneLogsQuery): Promise<number> {
    this.#assertOpen();
    const { before, limit } = preparePruneLogsQuery(query);
    // The oldest first, through the index on (at): one short transaction a batch.
    const prune =
      'delete from log_records where id in (select id from log_records where at < ? order by at, id limit ?)';
    return this.#write(() => this.#statement(prune).run(before, limit).changes);
  }

  public async readRecentLogs(query?: RecentLogsQuery): Promise<StoredLogRecord[]> {
    this.#assertOpen();
    const { limit, minLevelValue, source } = prepareRecentLogsQuery(query);
    let select = this.#kysely
      .selectFrom('log_records')
      .select(['at', 'level_value', 'source', 'message', 'fields'])
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit);
    if (minLevelValue !== undefined) {
      select = select.where('level_value', '>=', minLevelValue);
      // SQLite uses a partial index only for a query that holds the index's own condition, word
      // for word: for warnings and above, it is added, so that they come from that index.
      if (minLevelValue >= WARNINGS) select = select.where('level_value', '>=', sql.lit(WARNINGS));
    }
    if (source !== undefined) select = select.where('source', '=', source);
    return (await this.#read(select)).map(rowToLogRecord);
  }

  /**
   * Closes the database file, once the writes waiting for a lock and the reads under way on reader
   * threads have ended.
   */
  public async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#writes.settled();
    await Promise.all([this.#readers?.close(), this.#logWriter?.close()]);
    this.#statements.clear();
    this.#rowStatements.clear();
    await this.#kysely.destroy();
  }

  /**
   * @internal Copies the database to a new file with SQLite's online backup API, `pagesPerStep`
   * pages a turn of the event loop; writes go on meanwhile. `progress` throws to stop it. Use `backupSqliteStore`.
   */
  public async copyTo(filename: string, pagesPerStep: number, progress: () => void): Promise<{ totalPages: number }> {
    this.#assertOpen();
    // SQLite starts a backup again when another connection writes to the file, as the log writer
    // thread would every second or so: until the copy is done, records go through this connection,
    // whose writes the backup takes in as it goes.
    this.#copies += 1;
    try {
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

  #assertOpen(): void {
    if (this.#closed) throw new StoreClosedError('SqliteStore');
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

  #run(query: CompiledQuery): number {
    return this.#statement(query.sql).run(query.parameters).changes;
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
