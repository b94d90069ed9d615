import { StoreClosedError, StoreConflictError } from '../errors.ts';
import type {
  ActivityBatch,
  ActivityBreakdownQuery,
  ActivityIncrement,
  ActivitySummary,
  ActivityTotalsQuery,
  ChannelActivityTotal,
  HourActivityTotal,
  MemberActivityTotal,
  MemberKey,
  SessionCheckpoint,
} from '../storage/activity-store.ts';
import type { GuildkitStore } from '../storage/guildkit-store.ts';
import type { JobListing, JobListingPatch } from '../storage/job-board-store.ts';
import type { LogRecord, PruneLogsQuery, RecentLogsQuery, StoredLogRecord } from '../storage/log-store.ts';
import type { ForgottenMemberData, MemberData, PruneActivityQuery } from '../storage/member-data-store.ts';
import {
  assertOptionalGuildId,
  compareMemberTotals,
  prepareActivityBatch,
  prepareActivityIncrements,
  prepareActivityTotalsQuery,
} from '../storage/prepare-activity.ts';
import {
  prepareBreakdownQuery,
  prepareMemberKey,
  preparePruneActivityQuery,
  prepareRoleChanges,
  prepareRoleCompletion,
} from '../storage/prepare-activity-details.ts';
import { prepareJobListing, prepareJobListingPatch } from '../storage/prepare-job-listing.ts';
import {
  parseLogFields,
  prepareLogRecords,
  preparePruneLogsQuery,
  prepareRecentLogsQuery,
} from '../storage/prepare-logs.ts';
import {
  prepareListQuery,
  prepareReportPostKey,
  type ReportPost,
  type ReportPostKey,
} from '../storage/report-store.ts';
import type { PendingRoleChange } from '../storage/role-run-store.ts';
import {
  applyGuildSettingsUpdate,
  type GuildSettings,
  type GuildSettingsUpdate,
  parseGuildSettings,
  prepareGuildSettingsChange,
} from '../storage/settings-store.ts';
import { assertEpochMs, assertNonNegativeInteger, assertSnowflake, compareText } from '../validation.ts';
import { MemoryDatabase } from './memory-database.ts';
import {
  activitySummary,
  addDetails,
  channelTotals,
  forgetMember,
  getOrCreate,
  hourTotals,
  memberData,
  pruneActivity,
} from './memory-details.ts';

/**
 * Options of {@link @guildkit/core!MemoryStore}; all optional.
 *
 * @example Keeping fewer log records
 * ```ts
 * const options: MemoryStoreOptions = { maxLogRecords: 1_000 };
 * ```
 */
export interface MemoryStoreOptions {
  /**
   * The data to use; share one between stores to have them see each other's writes.
   * @defaultValue a new, empty {@link @guildkit/core!MemoryDatabase}
   */
  readonly database?: MemoryDatabase;
  /**
   * How many log records to keep; past it the oldest are dropped. `0` keeps none.
   * @defaultValue 10_000
   */
  readonly maxLogRecords?: number;
}

const DEFAULTS = {
  maxLogRecords: 10_000,
} as const satisfies Partial<MemoryStoreOptions>;

/**
 * Every guildkit storage port kept in memory: for tests, demos and bots that need no history
 * across restarts. It checks its input with the same functions as the SQL stores and passes the same
 * conformance suite.
 *
 * @example Recording and reading a minute of activity
 * ```ts
 * import { MemoryStore } from '@guildkit/core';
 *
 * const store = new MemoryStore();
 * await store.addActivity([{ guildId: '1', userId: '2', day: '2026-11-25', ms: 60_000 }]);
 * await store.readActivityTotals({ guildId: '1', startDay: '2026-11-25', endDay: '2026-11-26' });
 * // [{ userId: '2', ms: 60000 }]
 * ```
 */
export class MemoryStore implements GuildkitStore {
  readonly #database: MemoryDatabase;
  readonly #maxLogRecords: number;
  #closed = false;

  public constructor(options: MemoryStoreOptions = {}) {
    const maxLogRecords = options.maxLogRecords ?? DEFAULTS.maxLogRecords;
    assertNonNegativeInteger(maxLogRecords, 'MemoryStoreOptions.maxLogRecords');
    if (options.database !== undefined && !(options.database instanceof MemoryDatabase)) {
      throw new TypeError('MemoryStoreOptions.database must be a MemoryDatabase');
    }
    this.#database = options.database ?? new MemoryDatabase();
    this.#maxLogRecords = maxLogRecords;
  }

  public async addActivity(increments: readonly ActivityIncrement[]): Promise<void> {
    this.#assertOpen();
    this.#add(prepareActivityIncrements(increments));
  }

  public async recordActivity(batch: ActivityBatch): Promise<void> {
    this.#assertOpen();
    // Everything is checked before anything changes: all of the batch or none of it.
    const { increments, details, removeCheckpoints, saveCheckpoints } = prepareActivityBatch(batch);
    this.#add(increments);
    addDetails(this.#database, details);
    this.#remove(removeCheckpoints);
    this.#save(saveCheckpoints);
  }

  public async readActivityTotals(query: ActivityTotalsQuery): Promise<MemberActivityTotal[]> {
    this.#assertOpen();
    const { guildId, startDay, endDay, userIds, rankBy = 'voice' } = prepareActivityTotalsQuery(query);
    const wanted = userIds === undefined ? undefined : new Set(userIds);
    const totals = new Map<string, { userId: string; ms: number; messages: number }>();
    for (const [day, users] of this.#database.activity.get(guildId) ?? []) {
      if (day < startDay || day >= endDay) continue;
      for (const [userId, { ms, messages }] of users) {
        if (wanted !== undefined && !wanted.has(userId)) continue;
        const total = getOrCreate(totals, userId, () => ({ userId, ms: 0, messages: 0 }));
        total.ms += ms;
        total.messages += messages;
      }
    }
    return [...totals.values()]
      .filter((total) => total.ms > 0 || total.messages > 0)
      .sort((a, b) => compareMemberTotals(a, b, rankBy));
  }

  public async readChannelTotals(
    query: ActivityBreakdownQuery & { readonly limit?: number },
  ): Promise<ChannelActivityTotal[]> {
    this.#assertOpen();
    return channelTotals(this.#database, prepareBreakdownQuery(query));
  }

  public async readActivitySummary(query: ActivityBreakdownQuery): Promise<ActivitySummary> {
    this.#assertOpen();
    return activitySummary(this.#database, prepareBreakdownQuery(query));
  }

  public async readHourTotals(query: ActivityBreakdownQuery): Promise<HourActivityTotal[]> {
    this.#assertOpen();
    return hourTotals(this.#database, prepareBreakdownQuery(query));
  }

  public async readMemberData(member: MemberKey): Promise<MemberData> {
    this.#assertOpen();
    return memberData(this.#database, prepareMemberKey(member));
  }

  public async forgetMember(member: MemberKey): Promise<ForgottenMemberData> {
    this.#assertOpen();
    return forgetMember(this.#database, prepareMemberKey(member));
  }

  public async saveRoleChanges(changes: readonly PendingRoleChange[]): Promise<void> {
    this.#assertOpen();
    const { roleChanges } = this.#database;
    for (const change of prepareRoleChanges(changes)) {
      const key = `${change.runId}\u0000${change.index}`;
      if (!roleChanges.has(key)) roleChanges.set(key, change);
    }
  }

  public async listPendingRoleChanges(guildId?: string): Promise<PendingRoleChange[]> {
    this.#assertOpen();
    assertOptionalGuildId(guildId);
    return [...this.#database.roleChanges.values()]
      .filter((change) => guildId === undefined || change.guildId === guildId)
      .sort((a, b) => a.createdAt - b.createdAt || compareText(a.runId, b.runId) || a.index - b.index)
      .map((change) => ({ ...change }));
  }

  public async completeRoleChanges(runId: string, indexes: readonly number[]): Promise<void> {
    this.#assertOpen();
    const prepared = prepareRoleCompletion(runId, indexes);
    for (const index of prepared.indexes) this.#database.roleChanges.delete(`${prepared.runId}\u0000${index}`);
  }

  public async pruneActivity(query: PruneActivityQuery): Promise<number> {
    this.#assertOpen();
    return pruneActivity(this.#database, preparePruneActivityQuery(query));
  }

  public async listSessionCheckpoints(guildId?: string): Promise<SessionCheckpoint[]> {
    this.#assertOpen();
    assertOptionalGuildId(guildId);
    return [...this.#database.checkpoints.values()]
      .filter((checkpoint) => guildId === undefined || checkpoint.guildId === guildId)
      .sort((a, b) => compareText(a.guildId, b.guildId) || compareText(a.userId, b.userId))
      .map((checkpoint) => ({ ...checkpoint }));
  }

  public async saveJobListing(listing: JobListing): Promise<void> {
    this.#assertOpen();
    const row = prepareJobListing(listing);
    const { listings, listingsByVoiceChannel } = this.#database;
    if (listings.has(row.postId)) {
      throw new StoreConflictError(`postId ${row.postId}`, `A job listing for post ${row.postId} already exists.`);
    }
    if (listingsByVoiceChannel.has(row.voiceChannelId)) {
      throw new StoreConflictError(
        `voiceChannelId ${row.voiceChannelId}`,
        `A job listing for voice channel ${row.voiceChannelId} already exists.`,
      );
    }
    listings.set(row.postId, row);
    listingsByVoiceChannel.set(row.voiceChannelId, row.postId);
  }

  public async getJobListingByPost(postId: string): Promise<JobListing | undefined> {
    this.#assertOpen();
    assertSnowflake(postId, 'postId');
    return this.#copyListing(postId);
  }

  public async updateJobListing(postId: string, patch: JobListingPatch): Promise<JobListing | undefined> {
    this.#assertOpen();
    assertSnowflake(postId, 'postId');
    const changes = prepareJobListingPatch(patch);
    const current = this.#database.listings.get(postId);
    if (current === undefined) return undefined;
    this.#database.listings.set(postId, { ...current, ...changes });
    return this.#copyListing(postId);
  }

  public async listOpenJobListings(guildId?: string): Promise<JobListing[]> {
    this.#assertOpen();
    assertOptionalGuildId(guildId);
    return [...this.#database.listings.values()]
      .filter((listing) => listing.status === 'open' && (guildId === undefined || listing.guildId === guildId))
      .sort((a, b) => a.createdAt - b.createdAt || compareText(a.postId, b.postId))
      .map((listing) => ({ ...listing, tags: [...listing.tags] }));
  }

  public async listClosedJobListings(guildId: string, limit?: number): Promise<JobListing[]> {
    this.#assertOpen();
    const query = prepareListQuery(guildId, limit, 20);
    return [...this.#database.listings.values()]
      .filter((listing) => listing.status === 'closed' && listing.guildId === query.guildId)
      .sort((a, b) => (b.closedAt ?? 0) - (a.closedAt ?? 0) || compareText(b.postId, a.postId))
      .slice(0, query.limit)
      .map((listing) => ({ ...listing, tags: [...listing.tags] }));
  }

  public async claimReportPost(key: ReportPostKey, claimedAt: number): Promise<boolean> {
    this.#assertOpen();
    const { guildId, kind, periodStart } = prepareReportPostKey(key);
    assertEpochMs(claimedAt, 'claimedAt');
    const posts = this.#database.reportPosts;
    const id = `${guildId}:${kind}:${periodStart}`;
    if (posts.has(id)) return false;
    posts.set(id, { guildId, kind, periodStart, claimedAt });
    return true;
  }

  public async listReportPosts(guildId: string, limit?: number): Promise<ReportPost[]> {
    this.#assertOpen();
    const query = prepareListQuery(guildId, limit, 100);
    return [...this.#database.reportPosts.values()]
      .filter((post) => post.guildId === query.guildId)
      .sort((a, b) => compareText(b.periodStart, a.periodStart) || compareText(a.kind, b.kind))
      .slice(0, query.limit)
      .map((post) => ({ ...post }));
  }

  public async releaseReportPost(key: ReportPostKey): Promise<void> {
    this.#assertOpen();
    const { guildId, kind, periodStart } = prepareReportPostKey(key);
    this.#database.reportPosts.delete(`${guildId}:${kind}:${periodStart}`);
  }

  public async readGuildSettings(guildId: string): Promise<GuildSettings> {
    this.#assertOpen();
    assertSnowflake(guildId, 'guildId');
    return parseGuildSettings(this.#database.settings.get(guildId));
  }

  public async updateGuildSettings(
    guildId: string,
    update: GuildSettingsUpdate,
    updatedAt: number,
  ): Promise<GuildSettings> {
    this.#assertOpen();
    const prepared = prepareGuildSettingsChange(guildId, update, updatedAt).update;
    const { document, settings } = applyGuildSettingsUpdate(this.#database.settings.get(guildId), prepared);
    this.#database.settings.set(guildId, document);
    return settings;
  }

  public async appendLogs(records: readonly LogRecord[]): Promise<void> {
    this.#assertOpen();
    const logs = this.#database.logs;
    for (const record of prepareLogRecords(records)) logs.push(record);
    if (logs.length > this.#maxLogRecords) logs.splice(0, logs.length - this.#maxLogRecords);
  }

  public async pruneLogs(query: PruneLogsQuery): Promise<number> {
    this.#assertOpen();
    const { before, limit } = preparePruneLogsQuery(query);
    const logs = this.#database.logs;
    // The oldest first: by time, then by order of appending.
    const doomed = new Set(
      logs
        .map((record, index) => ({ at: record.at, index }))
        .filter((entry) => entry.at < before)
        .sort((a, b) => a.at - b.at || a.index - b.index)
        .slice(0, limit)
        .map((entry) => entry.index),
    );
    if (doomed.size === 0) return 0;
    const kept = logs.filter((_, index) => !doomed.has(index));
    logs.splice(0, logs.length, ...kept);
    return doomed.size;
  }

  public async readRecentLogs(query?: RecentLogsQuery): Promise<StoredLogRecord[]> {
    this.#assertOpen();
    const { limit, minLevelValue, source } = prepareRecentLogsQuery(query);
    const logs = this.#database.logs;
    // Newest first by time, then by order of appending: walk the indexes from the end.
    return logs
      .map((_, index) => logs.length - 1 - index)
      .filter((index) => {
        const record = logs[index] as (typeof logs)[number];
        return (
          (minLevelValue === undefined || record.levelValue >= minLevelValue) &&
          (source === undefined || record.source === source)
        );
      })
      .sort((a, b) => (logs[b]?.at ?? 0) - (logs[a]?.at ?? 0) || b - a)
      .slice(0, limit)
      .map((index) => {
        const { at, level, source: recordSource, message, fieldsJson } = logs[index] as (typeof logs)[number];
        return {
          at,
          level,
          source: recordSource,
          message,
          fields: parseLogFields(fieldsJson),
        };
      });
  }

  public async close(): Promise<void> {
    this.#closed = true;
  }

  #add(increments: readonly ActivityIncrement[]): void {
    for (const { guildId, userId, day, ms, messages = 0 } of increments) {
      const days = getOrCreate(this.#database.activity, guildId, () => new Map());
      const total = getOrCreate(
        getOrCreate(days, day, () => new Map()),
        userId,
        () => ({ ms: 0, messages: 0 }),
      );
      total.ms += ms;
      total.messages += messages;
    }
  }

  #save(checkpoints: readonly SessionCheckpoint[]): void {
    for (const checkpoint of checkpoints) this.#database.checkpoints.set(memberKey(checkpoint), checkpoint);
  }

  #remove(keys: readonly MemberKey[]): void {
    for (const key of keys) this.#database.checkpoints.delete(memberKey(key));
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreClosedError('MemoryStore');
  }

  #copyListing(postId: string): JobListing | undefined {
    const listing = this.#database.listings.get(postId);
    return listing === undefined ? undefined : { ...listing, tags: [...listing.tags] };
  }
}

function memberKey(key: MemberKey): string {
  return `${key.guildId}:${key.userId}`;
}
