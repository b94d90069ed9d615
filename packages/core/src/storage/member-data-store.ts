import type { HourActivityTotal, MemberKey, SessionCheckpoint } from './activity-store.ts';
import type { JobListing } from './job-board-store.ts';
import type { StoredLogRecord } from './log-store.ts';

/**
 * Everything a store keeps about one member of one guild: what a member sees when they ask for
 * their data, and what {@link MemberDataStore.forgetMember} deletes.
 *
 * @example Counting a member's days
 * ```ts
 * const data = await store.readMemberData({ guildId, userId });
 * console.log(`${data.days.length} days with activity`);
 * ```
 */
export interface MemberData extends MemberKey {
  /** Voice time and messages per day, by day. */
  readonly days: readonly { readonly day: string; readonly ms: number; readonly messages: number }[];
  /** Per day and channel, by day then channel. */
  readonly channels: readonly {
    readonly day: string;
    readonly channelId: string;
    readonly ms: number;
    readonly messages: number;
  }[];
  /** Per day and hour of the guild's clock, by day then hour. */
  readonly hours: readonly HourActivityTotal[];
  /** The open voice session's checkpoint, if the member is in voice. */
  readonly checkpoint: SessionCheckpoint | undefined;
  /** The job listings the member opened, oldest first. */
  readonly jobListings: readonly JobListing[];
  /** Log records about the member (their `fields.userId`), oldest first. */
  readonly logs: readonly StoredLogRecord[];
}

/**
 * How much {@link MemberDataStore.forgetMember} deleted, per kind.
 *
 * @example Telling a member what went
 * ```ts
 * const { days, jobListings, logs } = await store.forgetMember({ guildId, userId });
 * ```
 */
export interface ForgottenMemberData {
  /** Daily rows deleted. */
  readonly days: number;
  /** Rows per channel and per hour deleted (their time is taken out of the guild's totals too). */
  readonly details: number;
  /** Session checkpoints deleted (0 or 1). */
  readonly checkpoints: number;
  /** Job listings deleted. */
  readonly jobListings: number;
  /** Log records deleted. */
  readonly logs: number;
}

/**
 * Which of a guild's days to prune, and how many rows a call deletes at most.
 *
 * @example Keeping a year, ten thousand rows a call
 * ```ts
 * const query: PruneActivityQuery = { guildId, beforeDay: '2025-12-01', limit: 10_000 };
 * ```
 */
export interface PruneActivityQuery {
  /** The guild, a Discord snowflake. */
  readonly guildId: string;
  /** Days before this one (`YYYY-MM-DD`, exclusive) are deleted. */
  readonly beforeDay: string;
  /** Rows deleted at most, per table, 1 to 100,000; call again while it returns as many. */
  readonly limit: number;
}

/**
 * Members' data rights and retention: read all that is kept about a member, delete it, and keep
 * only so many days of a guild's history.
 *
 * @example A member asks for their data, then for it to be deleted
 * ```ts
 * const data = await store.readMemberData({ guildId, userId });
 * await store.forgetMember({ guildId, userId });
 * ```
 */
export interface MemberDataStore {
  /**
   * Reads everything kept about one member of one guild.
   *
   * @param member - the guild and the member
   */
  readMemberData(member: MemberKey): Promise<MemberData>;

  /**
   * Deletes everything kept about one member of one guild, in one transaction: their daily,
   * channel and hour rows (and their share of the guild's channel and hour totals), their session
   * checkpoint, the job listings they opened and log records about them. Later reports and reads
   * know nothing of them.
   *
   * @param member - the guild and the member
   * @returns how many rows of each kind went
   */
  forgetMember(member: MemberKey): Promise<ForgottenMemberData>;

  /**
   * Deletes a guild's activity rows (daily, channel, hour, and the guild's totals) of days before
   * `beforeDay`, at most `limit` rows per table a call: a short transaction each.
   *
   * @param query - the guild, the first day kept, and the batch size
   * @returns rows deleted; fewer than `limit` in every table means nothing older is left
   */
  pruneActivity(query: PruneActivityQuery): Promise<number>;
}
