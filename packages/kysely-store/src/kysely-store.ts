import {
  type ActivityBatch,
  type ActivityBreakdownQuery,
  type ActivityIncrement,
  type ActivitySummary,
  type ActivityTotalsQuery,
  type ChannelActivityTotal,
  type ForgottenMemberData,
  type GuildkitStore,
  type GuildSettings,
  type GuildSettingsUpdate,
  type HourActivityTotal,
  type JobListing,
  type JobListingPatch,
  LOG_LEVEL_VALUES,
  type LogRecord,
  type MemberActivityTotal,
  type MemberData,
  type MemberKey,
  type PendingRoleChange,
  type PruneActivityQuery,
  type PruneLogsQuery,
  type RecentLogsQuery,
  type ReportPost,
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
  type GuildSettingsChange,
  type JobListingCodecs,
  jobListingToColumns,
  type PreparedLogRecord,
  parseGuildSettings,
  prepareActivityBatch,
  prepareActivityIncrements,
  prepareActivityTotalsQuery,
  prepareBreakdownQuery,
  prepareGuildSettingsChange,
  prepareJobListing,
  prepareJobListingPatch,
  prepareListQuery,
  prepareLogRecords,
  prepareMemberKey,
  preparePruneActivityQuery,
  preparePruneLogsQuery,
  prepareRecentLogsQuery,
  prepareReportPostKey,
  prepareRoleChanges,
  prepareRoleCompletion,
} from '@guildkit/core/store-kit';
import { type Compilable, type Insertable, type Kysely, type RawBuilder, sql } from 'kysely';
import {
  channelTotalsQuery,
  dayTotalsQuery,
  forgetMemberStatements,
  hourTotalsQuery,
  memberDataQueries,
  pruneActivityStatements,
  rangeTotalsQuery,
} from './detail-queries.ts';
import {
  ADD_DAILY_TOTALS,
  ADD_GUILD_CHANNELS,
  ADD_GUILD_HOURS,
  ADD_MEMBER_SLICES,
  COMPLETE_ROLE_CHANGES,
  REMOVE_CHECKPOINTS,
  type RowWrite,
  rowWrite,
  SAVE_CHECKPOINTS,
  SAVE_ROLE_CHANGES,
} from './row-writes.ts';
import { dayText, listingCodecs, rowToCheckpoint, rowToHour, rowToListing, rowToLogRecord } from './rows.ts';
import type { JobListingTable, KyselyStoreTables } from './tables.ts';

/** The level from which a store may keep records in a partial index (SQLite's `log_records_warnings_at`). */
const WARNINGS = LOG_LEVEL_VALUES.warn;

/**
 * Every guildkit storage port on kysely, written once for every SQL database: the checks of the
 * input, the queries, and the reading of rows. A dialect extends it with only what truly differs
 * (kysely's own `DialectAdapterBase` is the model): how it runs a query and reports its failures,
 * how it writes many rows in one transaction, how it appends log records, how it takes a guild's
 * settings under a lock, and how it closes. `SqliteStore` and `PostgresStore` are built on it.
 *
 * @example Both SQL stores are KyselyStores
 * ```ts
 * import { KyselyStore } from '@guildkit/kysely-store';
 * import { SqliteStore } from '@guildkit/sqlite-store';
 *
 * const store = await SqliteStore.open({ filename: './guildkit.db' });
 * store instanceof KyselyStore; // true: the ports are KyselyStore's, the SQLite parts SqliteStore's
 * ```
 */
export abstract class KyselyStore implements GuildkitStore {
  /** The query builder on the shared tables; a dialect's own tables are added with `withTables`. */
  protected readonly db: Kysely<KyselyStoreTables>;
  readonly #name: string;
  readonly #codecs: JobListingCodecs;
  #closed = false;

  /**
   * @param db - kysely on the store's database (and schema)
   * @param name - the store's class name, for errors after `close()`
   */
  protected constructor(db: Kysely<KyselyStoreTables>, name: string) {
    this.db = db;
    this.#name = name;
    this.#codecs = listingCodecs((tags) => this.encodeTags(tags));
  }

  // --- What each dialect does its own way ---

  /**
   * Runs a read and returns its rows, turning the driver's failures into guildkit's store errors.
   *
   * @param query - a kysely query (or anything with `execute()`)
   */
  protected abstract read<Row>(query: { execute(): Promise<Row[]> }): Promise<Row[]>;

  /**
   * Runs inserts, updates and deletes in order, in one transaction (a single one may run without),
   * and returns how many rows each changed.
   *
   * @param queries - kysely queries, at least one
   */
  protected abstract changes(queries: readonly Compilable[]): Promise<number[]>;

  /**
   * Runs bulk writes, in order, in one transaction: all land or none.
   *
   * @param writes - the statements and their rows; a write without rows does nothing
   * @param batchId - when given, a batch with this id already recorded is not written again ({@link ActivityBatch.id})
   */
  protected abstract writeRows(writes: readonly RowWrite[], batchId?: string): Promise<void>;

  /**
   * Appends checked log records.
   *
   * @param records - at least one
   */
  protected abstract writeLogs(records: readonly PreparedLogRecord[]): Promise<void>;

  /**
   * Reads a guild's settings row, applies the change (`applyGuildSettingsUpdate`) and writes it
   * back, with no other writer of that guild's row in between, and returns the settings after it.
   *
   * @param change - a checked change
   */
  protected abstract writeSettings(change: GuildSettingsChange): Promise<GuildSettings>;

  /**
   * A job listing's tags as the `tags` column holds them (JSON text, or a list).
   *
   * @param tags - the listing's tags
   */
  protected abstract encodeTags(tags: readonly string[]): string | string[];

  /**
   * A condition that `column` is one of `values`, passed as one parameter however many there are
   * (a JSON array on SQLite, an array on PostgreSQL).
   *
   * @param column - a column of the query's table
   * @param values - the values, at least one
   */
  protected abstract inList(column: string, values: readonly string[]): RawBuilder<boolean>;

  /** Closes the connections, once the calls under way have ended. */
  protected abstract closeDatabase(): Promise<void>;

  /**
   * Sums each member's time over a range of days; a dialect with a faster plan overrides it.
   *
   * @param query - checked, with at least one member when `userIds` is given
   */
  /**
   * Whether {@link KyselyStore.readActivitySummary} groups a range's members before counting them,
   * rather than `count(distinct …)`: what is faster depends on the database (PostgreSQL: grouping).
   */
  protected readonly groupsBeforeCounting: boolean = false;

  protected async sumActivity(query: ActivityTotalsQuery): Promise<MemberActivityTotal[]> {
    const { guildId, startDay, endDay, userIds, rankBy } = query;
    let select = this.db
      .selectFrom('activity_daily')
      .select(['user_id', sql<number | string>`sum(ms)`.as('ms'), sql<number | string>`sum(messages)`.as('messages')])
      .where('guild_id', '=', guildId)
      .where('day', '>=', startDay)
      .where('day', '<', endDay);
    if (userIds !== undefined) select = select.where(this.inList('user_id', userIds));
    const [first, second] =
      rankBy === 'messages' ? [sql`sum(messages)`, sql`sum(ms)`] : [sql`sum(ms)`, sql`sum(messages)`];
    const rows = await this.read(
      select
        .groupBy('user_id')
        .having((eb) => eb.or([eb(sql`sum(ms)`, '>', 0), eb(sql`sum(messages)`, '>', 0)]))
        .orderBy(first, 'desc')
        .orderBy(second, 'desc')
        .orderBy('user_id'),
    );
    return rows.map((row) => ({ userId: row.user_id, ms: Number(row.ms), messages: Number(row.messages) }));
  }

  // --- The ports ---

  public async addActivity(increments: readonly ActivityIncrement[]): Promise<void> {
    this.assertOpen();
    const rows = prepareActivityIncrements(increments);
    if (rows.length > 0) await this.writeRows([rowWrite(ADD_DAILY_TOTALS, rows)]);
  }

  public async recordActivity(batch: ActivityBatch): Promise<void> {
    this.assertOpen();
    const { id, increments, details, removeCheckpoints, saveCheckpoints } = prepareActivityBatch(batch);
    const writes = [
      rowWrite(ADD_DAILY_TOTALS, increments),
      rowWrite(ADD_MEMBER_SLICES, details.memberSlices),
      rowWrite(ADD_GUILD_CHANNELS, details.guildChannels),
      rowWrite(ADD_GUILD_HOURS, details.guildHours),
      rowWrite(REMOVE_CHECKPOINTS, removeCheckpoints),
      rowWrite(SAVE_CHECKPOINTS, saveCheckpoints),
    ];
    if (writes.every((write) => write.rows.length === 0)) return;
    await this.writeRows(writes, id);
  }

  public async readActivityTotals(query: ActivityTotalsQuery): Promise<MemberActivityTotal[]> {
    this.assertOpen();
    const prepared = prepareActivityTotalsQuery(query);
    if (prepared.userIds?.length === 0) return [];
    return this.sumActivity(prepared);
  }

  public async listSessionCheckpoints(guildId?: string): Promise<SessionCheckpoint[]> {
    this.assertOpen();
    assertOptionalGuildId(guildId);
    let select = this.db.selectFrom('session_checkpoints').selectAll().orderBy('guild_id').orderBy('user_id');
    if (guildId !== undefined) select = select.where('guild_id', '=', guildId);
    return (await this.read(select)).map(rowToCheckpoint);
  }

  public async saveJobListing(listing: JobListing): Promise<void> {
    this.assertOpen();
    const row = this.#listingRow(prepareJobListing(listing));
    const insert = this.db
      .insertInto('job_listings')
      .values(row)
      .onConflict((conflict) => conflict.doNothing());
    if ((await this.#change(insert)) === 1) return;
    // Nothing inserted: a listing holds the post or the voice channel already. Which one, for the message.
    const taken = await this.read(
      this.db.selectFrom('job_listings').select('post_id').where('post_id', '=', row.post_id).limit(1),
    );
    const key = taken.length > 0 ? `postId ${row.post_id}` : `voiceChannelId ${row.voice_channel_id}`;
    throw new StoreConflictError(key, `A job listing with ${key} already exists.`);
  }

  public async getJobListingByPost(postId: string): Promise<JobListing | undefined> {
    this.assertOpen();
    assertSnowflake(postId, 'postId');
    const [row] = await this.read(this.db.selectFrom('job_listings').selectAll().where('post_id', '=', postId));
    return row === undefined ? undefined : rowToListing(row, this.#codecs);
  }

  public async updateJobListing(postId: string, patch: JobListingPatch): Promise<JobListing | undefined> {
    this.assertOpen();
    assertSnowflake(postId, 'postId');
    const changes = jobListingToColumns(prepareJobListingPatch(patch), this.#codecs);
    if (Object.keys(changes).length > 0) {
      await this.#change(this.db.updateTable('job_listings').set(changes).where('post_id', '=', postId));
    }
    return this.getJobListingByPost(postId);
  }

  public async listOpenJobListings(guildId?: string): Promise<JobListing[]> {
    this.assertOpen();
    assertOptionalGuildId(guildId);
    let select = this.db
      .selectFrom('job_listings')
      .selectAll()
      .where('status', '=', 'open')
      .orderBy('created_at')
      .orderBy('post_id');
    if (guildId !== undefined) select = select.where('guild_id', '=', guildId);
    return (await this.read(select)).map((row) => rowToListing(row, this.#codecs));
  }

  public async listClosedJobListings(guildId: string, limit?: number): Promise<JobListing[]> {
    this.assertOpen();
    const query = prepareListQuery(guildId, limit, 20);
    const select = this.db
      .selectFrom('job_listings')
      .selectAll()
      .where('guild_id', '=', query.guildId)
      .where('status', '=', 'closed')
      .orderBy('closed_at', 'desc')
      .orderBy('post_id', 'desc')
      .limit(query.limit);
    return (await this.read(select)).map((row) => rowToListing(row, this.#codecs));
  }

  public async listReportPosts(guildId: string, limit?: number): Promise<ReportPost[]> {
    this.assertOpen();
    const query = prepareListQuery(guildId, limit, 100);
    const select = this.db
      .selectFrom('report_posts')
      .selectAll()
      .where('guild_id', '=', query.guildId)
      .orderBy('period_start', 'desc')
      .orderBy('kind')
      .limit(query.limit);
    return (await this.read(select)).map((row) => ({
      guildId: row.guild_id,
      kind: row.kind as ReportPost['kind'],
      periodStart: dayText(row.period_start),
      claimedAt: Number(row.claimed_at),
    }));
  }

  public async claimReportPost(key: ReportPostKey, claimedAt: number): Promise<boolean> {
    this.assertOpen();
    const { guildId, kind, periodStart } = prepareReportPostKey(key);
    assertEpochMs(claimedAt, 'claimedAt');
    const claim = this.db
      .insertInto('report_posts')
      .values({ guild_id: guildId, kind, period_start: periodStart, claimed_at: claimedAt })
      .onConflict((conflict) => conflict.doNothing());
    return (await this.#change(claim)) === 1;
  }

  public async releaseReportPost(key: ReportPostKey): Promise<void> {
    this.assertOpen();
    const { guildId, kind, periodStart } = prepareReportPostKey(key);
    await this.#change(
      this.db
        .deleteFrom('report_posts')
        .where('guild_id', '=', guildId)
        .where('kind', '=', kind)
        .where('period_start', '=', periodStart),
    );
  }

  public async readGuildSettings(guildId: string): Promise<GuildSettings> {
    this.assertOpen();
    assertSnowflake(guildId, 'guildId');
    const select = this.db.selectFrom('guild_settings').select('settings').where('guild_id', '=', guildId);
    return parseGuildSettings((await this.read(select))[0]?.settings);
  }

  public async updateGuildSettings(
    guildId: string,
    update: GuildSettingsUpdate,
    updatedAt: number,
  ): Promise<GuildSettings> {
    this.assertOpen();
    return this.writeSettings(prepareGuildSettingsChange(guildId, update, updatedAt));
  }

  public async appendLogs(records: readonly LogRecord[]): Promise<void> {
    this.assertOpen();
    const rows = prepareLogRecords(records);
    if (rows.length > 0) await this.writeLogs(rows);
  }

  public async pruneLogs(query: PruneLogsQuery): Promise<number> {
    this.assertOpen();
    const { before, limit } = preparePruneLogsQuery(query);
    // The oldest first, through the index on (at): one short transaction a batch.
    const oldest = this.db
      .selectFrom('log_records')
      .select('id')
      .where('at', '<', before)
      .orderBy('at')
      .orderBy('id')
      .limit(limit);
    return this.#change(this.db.deleteFrom('log_records').where('id', 'in', oldest));
  }

  public async readRecentLogs(query?: RecentLogsQuery): Promise<StoredLogRecord[]> {
    this.assertOpen();
    const { limit, minLevelValue, source } = prepareRecentLogsQuery(query);
    let select = this.db
      .selectFrom('log_records')
      .select(['at', 'level_value', 'source', 'message', 'fields'])
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit);
    if (minLevelValue !== undefined) {
      select = select.where('level_value', '>=', minLevelValue);
      // SQLite uses a partial index only for a query that holds the index's own condition, word
      // for word: for warnings and above it is added, so that they come from that index. Elsewhere
      // it is a condition that changes nothing.
      if (minLevelValue >= WARNINGS) select = select.where('level_value', '>=', sql.lit(WARNINGS));
    }
    if (source !== undefined) select = select.where('source', '=', source);
    return (await this.read(select)).map(rowToLogRecord);
  }

  public async readChannelTotals(
    query: ActivityBreakdownQuery & { readonly limit?: number },
  ): Promise<ChannelActivityTotal[]> {
    this.assertOpen();
    const rows = await this.read(channelTotalsQuery(this.db, prepareBreakdownQuery(query)));
    return rows.map((row) => ({ channelId: row.channel_id, ms: Number(row.ms), messages: Number(row.messages) }));
  }

  public async readActivitySummary(query: ActivityBreakdownQuery): Promise<ActivitySummary> {
    this.assertOpen();
    const prepared = prepareBreakdownQuery(query);
    const [rows, [range]] = await Promise.all([
      this.read(dayTotalsQuery(this.db, prepared)),
      this.read(rangeTotalsQuery(this.db, prepared, this.groupsBeforeCounting)),
    ]);
    return {
      members: Number(range?.members ?? 0),
      ms: Number(range?.ms ?? 0),
      messages: Number(range?.messages ?? 0),
      days: rows.map((row) => ({
        day: dayText(row.day),
        members: Number(row.members),
        ms: Number(row.ms),
        messages: Number(row.messages),
      })),
    };
  }

  public async readHourTotals(query: ActivityBreakdownQuery): Promise<HourActivityTotal[]> {
    this.assertOpen();
    return (await this.read(hourTotalsQuery(this.db, prepareBreakdownQuery(query)))).map(rowToHour);
  }

  public async readMemberData(member: MemberKey): Promise<MemberData> {
    this.assertOpen();
    const { guildId, userId } = prepareMemberKey(member);
    const queries = memberDataQueries(this.db, { guildId, userId });
    const [days, channels, hours, checkpoints, jobListings, logs] = await Promise.all([
      this.read(queries.days),
      this.read(queries.channels),
      this.read(queries.hours),
      this.read(queries.checkpoints),
      this.read(queries.jobListings),
      this.read(queries.logs),
    ]);
    const checkpoint = checkpoints[0];
    return {
      guildId,
      userId,
      days: days.map((row) => ({ day: dayText(row.day), ms: Number(row.ms), messages: Number(row.messages) })),
      channels: channels.map((row) => ({
        day: dayText(row.day),
        channelId: row.channel_id,
        ms: Number(row.ms),
        messages: Number(row.messages),
      })),
      hours: hours.map(rowToHour),
      checkpoint: checkpoint === undefined ? undefined : rowToCheckpoint(checkpoint),
      jobListings: jobListings.map((row) => rowToListing(row, this.#codecs)),
      logs: logs.map(rowToLogRecord),
    };
  }

  public async forgetMember(member: MemberKey): Promise<ForgottenMemberData> {
    this.assertOpen();
    const counts = await this.changes(forgetMemberStatements(this.db, prepareMemberKey(member)));
    const [, , details = 0, days = 0, checkpoints = 0, jobListings = 0, logs = 0] = counts;
    return { days, details, checkpoints, jobListings, logs };
  }

  public async pruneActivity(query: PruneActivityQuery): Promise<number> {
    this.assertOpen();
    const counts = await this.changes(pruneActivityStatements(this.db, preparePruneActivityQuery(query)));
    return counts.reduce((sum, count) => sum + count, 0);
  }

  public async saveRoleChanges(changes: readonly PendingRoleChange[]): Promise<void> {
    this.assertOpen();
    const rows = prepareRoleChanges(changes);
    if (rows.length > 0) await this.writeRows([rowWrite(SAVE_ROLE_CHANGES, rows)]);
  }

  public async listPendingRoleChanges(guildId?: string): Promise<PendingRoleChange[]> {
    this.assertOpen();
    assertOptionalGuildId(guildId);
    let select = this.db
      .selectFrom('role_changes')
      .selectAll()
      .orderBy('created_at')
      .orderBy('run_id')
      .orderBy('position');
    if (guildId !== undefined) select = select.where('guild_id', '=', guildId);
    return (await this.read(select)).map((row) => ({
      runId: row.run_id,
      index: Number(row.position),
      guildId: row.guild_id,
      userId: row.user_id,
      roleId: row.role_id,
      action: row.action,
      createdAt: Number(row.created_at),
    }));
  }

  public async completeRoleChanges(runId: string, indexes: readonly number[]): Promise<void> {
    this.assertOpen();
    const prepared = prepareRoleCompletion(runId, indexes);
    const keys = prepared.indexes.map((index) => ({ runId: prepared.runId, index }));
    if (keys.length > 0) await this.writeRows([rowWrite(COMPLETE_ROLE_CHANGES, keys)]);
  }

  /** Closes the store: calls after it throw `StoreClosedError`. Calling it again does nothing. */
  public async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.closeDatabase();
  }

  /** Throws `StoreClosedError` once the store is closed; a dialect's own methods call it first. */
  protected assertOpen(): void {
    if (this.#closed) throw new StoreClosedError(this.#name);
  }

  async #change(query: Compilable): Promise<number> {
    const [changed = 0] = await this.changes([query]);
    return changed;
  }

  #listingRow(listing: JobListing): Insertable<JobListingTable> {
    return jobListingToColumns(listing, this.#codecs) as unknown as Insertable<JobListingTable>;
  }
}
