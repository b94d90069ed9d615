import {
  type ActivityBatch,
  type ActivityIncrement,
  type ActivityTotalsQuery,
  type GuildkitStore,
  type GuildSettings,
  type GuildSettingsUpdate,
  type JobListing,
  type JobListingPatch,
  type LogRecord,
  type MemberActivityTotal,
  type PruneLogsQuery,
  type RecentLogsQuery,
  type ReportPostKey,
  type SessionCheckpoint,
  StoreClosedError,
  StoreConflictError,
  type StoredLogRecord,
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
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { claimBatch, deleteCheckpoints, writeCheckpoints, writeIncrements } from './activity-writes.ts';
import { callFailure, describeLocation } from './errors.ts';
import { ROWS_PER_STATEMENT, writeLogRecords } from './log-writes.ts';
import { migrate } from './open-database.ts';
import { listingToRow, patchToRow, rowToListing, rowToLogRecord } from './rows.ts';
import type { PostgresSchema } from './schema.ts';
import { writeSettingsChange } from './settings-writes.ts';
import { type PostgresStoreOptions, resolveOptions } from './store-options.ts';

/**
 * Every guildkit storage port on PostgreSQL (kysely + pg): for bots that run as several
 * processes or shards on one database. Opening creates or upgrades the schema in one
 * transaction, under an advisory lock, so concurrent openers are safe.
 *
 * @example Opening, writing and closing
 * ```ts
 * import { PostgresStore } from '@guildkit/postgres-store';
 *
 * const store = await PostgresStore.open({ connectionString: process.env.DATABASE_URL });
 * await store.addActivity([{ guildId: '1', userId: '2', day: '2026-11-25', ms: 60_000 }]);
 * await store.close();
 * ```
 */
export class PostgresStore implements GuildkitStore {
  readonly #db: Kysely<PostgresSchema>;
  readonly #root: Kysely<PostgresSchema>;
  readonly #location: string;
  readonly #schema: string;
  readonly #ownsPool: boolean;
  #closed = false;

  private constructor(root: Kysely<PostgresSchema>, schema: string, location: string, ownsPool: boolean) {
    this.#root = root;
    this.#db = root.withSchema(schema);
    this.#schema = schema;
    this.#location = location;
    this.#ownsPool = ownsPool;
  }

  /**
   * Connects, then creates or upgrades the schema.
   *
   * @throws {@link @guildkit/core!StoreUnavailableError} when the server cannot be reached
   * @throws {@link @guildkit/core!StoreOpenError} when it refuses the login or the upgrade fails; nothing is half-done
   * @throws {@link @guildkit/core!SchemaVersionError} when a newer guildkit wrote the schema
   * @throws `TypeError` when an option is malformed
   */
  public static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const { connectionString, givenPool, schema, poolSize, connectTimeoutMs, ifMissing } = resolveOptions(options);
    const location = describeLocation(givenPool === undefined ? connectionString : undefined);
    const pool =
      givenPool ??
      new pg.Pool({
        connectionString,
        max: poolSize,
        connectionTimeoutMillis: connectTimeoutMs,
      });
    // A connection dropped by the server emits 'error' on the pool when idle and on the client
    // when checked out (kysely adds no listener there); unheard, either would crash the process.
    // The call in flight rejects and the next call reports the outage, so both are only silenced.
    if (!guardedPools.has(pool)) {
      guardedPools.add(pool);
      pool.on('error', ignore);
      pool.on('connect', (client) => client.on('error', ignore));
    }
    try {
      const root = await migrate(pool, schema, location, ifMissing);
      return new PostgresStore(root, schema, location, givenPool === undefined);
    } catch (error) {
      if (givenPool === undefined) await pool.end().catch(() => {});
      throw error;
    }
  }

  public async addActivity(increments: readonly ActivityIncrement[]): Promise<void> {
    this.#assertOpen();
    const rows = prepareActivityIncrements(increments);
    await this.#write((db) => writeIncrements(db, this.#schema, rows), Math.min(rows.length, 1));
  }

  public async recordActivity(batch: ActivityBatch): Promise<void> {
    this.#assertOpen();
    const { id, increments, removeCheckpoints, saveCheckpoints } = prepareActivityBatch(batch);
    await this.#write(async (db) => {
      if (id !== undefined && !(await claimBatch(db, this.#schema, id, Date.now()))) return; // recorded already
      await writeIncrements(db, this.#schema, increments);
      await deleteCheckpoints(db, this.#schema, removeCheckpoints);
      await writeCheckpoints(db, this.#schema, saveCheckpoints);
    }, Number.POSITIVE_INFINITY);
  }

  public async readActivityTotals(query: ActivityTotalsQuery): Promise<MemberActivityTotal[]> {
    this.#assertOpen();
    const { guildId, startDay, endDay, userIds } = prepareActivityTotalsQuery(query);
    if (userIds?.length === 0) return [];
    let select = this.#db
      .selectFrom('activity_daily')
      .select(['user_id', sql<string>`sum(ms)`.as('ms')])
      .where('guild_id', '=', guildId)
      .where('day', '>=', startDay)
      .where('day', '<', endDay);
    if (userIds !== undefined) select = select.where(sql<boolean>`user_id = any(${userIds}::text[])`);
    const rows = await this.#call(() =>
      select.groupBy('user_id').having(sql`sum(ms)`, '>', 0).orderBy(sql`sum(ms)`, 'desc').orderBy('user_id').execute(),
    );
    return rows.map((row) => ({ userId: row.user_id, ms: Number(row.ms) }));
  }

  public async listSessionCheckpoints(guildId?: string): Promise<SessionCheckpoint[]> {
    this.#assertOpen();
    assertOptionalGuildId(guildId);
    let select = this.#db.selectFrom('session_checkpoints').selectAll().orderBy('guild_id').orderBy('user_id');
    if (guildId !== undefined) select = select.where('guild_id', '=', guildId);
    const rows = await this.#call(() => select.execute());
    return rows.map((row) => ({
      guildId: row.guild_id,
      userId: row.user_id,
      channelId: row.channel_id,
      startedAt: Number(row.started_at),
      checkpointAt: Number(row.checkpoint_at),
    }));
  }

  public async saveJobListing(listing: JobListing): Promise<void> {
    this.#assertOpen();
    const row = listingToRow(prepareJobListing(listing));
    try {
      await this.#call(() => this.#db.insertInto('job_listings').values(row).execute());
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
      const key = error.key === 'job_listings_pk' ? `postId ${row.post_id}` : `voiceChannelId ${row.voice_channel_id}`;
      throw new StoreConflictError(key, `A job listing with ${key} already exists.`, { cause: error });
    }
  }

  public async getJobListingByPost(postId: string): Promise<JobListing | undefined> {
    this.#assertOpen();
    assertSnowflake(postId, 'postId');
    const row = await this.#call(() =>
      this.#db.selectFrom('job_listings').selectAll().where('post_id', '=', postId).executeTakeFirst(),
    );
    return row === undefined ? undefined : rowToListing(row);
  }

  public async updateJobListing(postId: string, patch: JobListingPatch): Promise<JobListing | undefined> {
    this.#assertOpen();
    assertSnowflake(postId, 'postId');
    const changes = patchToRow(prepareJobListingPatch(patch));
    if (Object.keys(changes).length === 0) return this.getJobListingByPost(postId);
    const row = await this.#call(() =>
      this.#db.updateTable('job_listings').set(changes).where('post_id', '=', postId).returningAll().executeTakeFirst(),
    );
    return row === undefined ? undefined : rowToListing(row);
  }

  public async claimReportPost(key: ReportPostKey, claimedAt: number): Promise<boolean> {
    this.#assertOpen();
    const { guildId, kind, periodStart } = prepareReportPostKey(key);
    assertEpochMs(claimedAt, 'claimedAt');
    const row = { guild_id: guildId, kind, period_start: periodStart, claimed_at: claimedAt };
    const result = await this.#call(() =>
      this.#db
        .insertInto('report_posts')
        .values(row)
        .onConflict((conflict) => conflict.doNothing())
        .executeTakeFirst(),
    );
    return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
  }

  public async releaseReportPost(key: ReportPostKey): Promise<void> {
    this.#assertOpen();
    const { guildId, kind, periodStart } = prepareReportPostKey(key);
    await this.#call(() =>
      this.#db
        .deleteFrom('report_posts')
        .where('guild_id', '=', guildId)
        .where('kind', '=', kind)
        .where('period_start', '=', periodStart)
        .execute(),
    );
  }

  public async readGuildSettings(guildId: string): Promise<GuildSettings> {
    this.#assertOpen();
    assertSnowflake(guildId, 'guildId');
    const row = await this.#call(() =>
      this.#db.selectFrom('guild_settings').select('settings').where('guild_id', '=', guildId).executeTakeFirst(),
    );
    return parseGuildSettings(row?.settings);
  }

  public async updateGuildSettings(
    guildId: string,
    update: GuildSettingsUpdate,
    updatedAt: number,
  ): Promise<GuildSettings> {
    this.#assertOpen();
    const change = prepareGuildSettingsChange(guildId, update, updatedAt);
    return this.#call(() => writeSettingsChange(this.#db, change));
  }

  public async listOpenJobListings(guildId?: string): Promise<JobListing[]> {
    this.#assertOpen();
    assertOptionalGuildId(guildId);
    let select = this.#db
      .selectFrom('job_listings')
      .selectAll()
      .where('status', '=', 'open')
      .orderBy('created_at')
      .orderBy('post_id');
    if (guildId !== undefined) select = select.where('guild_id', '=', guildId);
    return (await this.#call(() => select.execute())).map(rowToListing);
  }

  public async appendLogs(records: readonly LogRecord[]): Promise<void> {
    this.#assertOpen();
    const rows = prepareLogRecords(records);
    await this.#write((db) => writeLogRecords(db, this.#schema, rows), rows.length);
  }

  public async pruneLogs(query: PruneLogsQuery): Promise<number> {
    this.#assertOpen();
    const { before, limit } = preparePruneLogsQuery(query);
    const oldest = this.#db
      .selectFrom('log_records')
      .select('id')
      .where('at', '<', String(before)) // bigint, typed as text by kysely here; PostgreSQL casts it
      .orderBy('at')
      .orderBy('id')
      .limit(limit);
    const result = await this.#call(() =>
      this.#db.deleteFrom('log_records').where('id', 'in', oldest).executeTakeFirst(),
    );
    return Number(result.numDeletedRows);
  }

  public async readRecentLogs(query?: RecentLogsQuery): Promise<StoredLogRecord[]> {
    this.#assertOpen();
    const { limit, minLevelValue, source } = prepareRecentLogsQuery(query);
    let select = this.#db
      .selectFrom('log_records')
      .select(['at', 'level', 'source', 'message', 'fields'])
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit);
    if (minLevelValue !== undefined) select = select.where('level_value', '>=', minLevelValue);
    if (source !== undefined) select = select.where('source', '=', source);
    return (await this.#call(() => select.execute())).map(rowToLogRecord);
  }

  /**
   * Ends the pool the store made, after the calls in progress; a pool handed in stays open and
   * its owner ends it.
   */
  public async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsPool) await this.#root.destroy();
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreClosedError('PostgresStore');
  }

  async #call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw callFailure(error, this.#location);
    }
  }

  /**
   * Runs a write of `rows` rows: as it is when it is one statement, in one transaction when it
   * spans several (pass Infinity to always use one).
   */
  async #write(work: (db: Kysely<PostgresSchema>) => Promise<void>, rows: number): Promise<void> {
    if (rows === 0) return;
    await this.#call(() => (rows <= ROWS_PER_STATEMENT ? work(this.#db) : this.#db.transaction().execute(work)));
  }
}

function ignore(): void {}

const guardedPools = new WeakSet<pg.Pool>();
