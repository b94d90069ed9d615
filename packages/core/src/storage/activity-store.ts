/**
 * Time to add to one member's total for one day of the guild's calendar.
 *
 * @example Ninety minutes on one day
 * ```ts
 * const increment: ActivityIncrement = {
 *   guildId: '1100000000000000001',
 *   userId: '1200000000000000001',
 *   day: '2026-11-25',
 *   ms: 90 * 60_000,
 * };
 * ```
 */
export interface ActivityIncrement {
  /** The guild, a Discord snowflake. */
  readonly guildId: string;
  /** The member, a Discord snowflake. */
  readonly userId: string;
  /** The day in the guild's time zone, `YYYY-MM-DD`. */
  readonly day: string;
  /** Milliseconds to add; `0` is allowed and changes nothing. */
  readonly ms: number;
  /** Messages to add. @defaultValue 0 */
  readonly messages?: number;
}

/**
 * A member's voice time and messages in one channel during one hour of the guild's clock: what the
 * per-channel totals and the hour-of-week heatmap are made of. A tracker writes them with the daily
 * totals, in the same batch.
 *
 * @example Twenty minutes in one room between 21:00 and 22:00, and three messages there
 * ```ts
 * const slice: ActivitySlice = {
 *   guildId: '1100000000000000001',
 *   userId: '1200000000000000001',
 *   channelId: '1300000000000000001',
 *   day: '2026-11-25',
 *   hour: 21,
 *   ms: 20 * 60_000,
 *   messages: 3,
 * };
 * ```
 */
export interface ActivitySlice {
  /** The guild, a Discord snowflake. */
  readonly guildId: string;
  /** The member, a Discord snowflake. */
  readonly userId: string;
  /** The voice channel of the time, or the channel of the messages, a Discord snowflake. */
  readonly channelId: string;
  /** The day in the guild's time zone, `YYYY-MM-DD`. */
  readonly day: string;
  /** The hour on the guild's wall clock, 0 to 23. */
  readonly hour: number;
  /** Milliseconds of voice time. */
  readonly ms: number;
  /** Messages. */
  readonly messages: number;
}

/**
 * Which totals to read: one guild, a range of days, and optionally only some members.
 *
 * @example The week of 23 to 29 November 2026, for two members
 * ```ts
 * const query: ActivityTotalsQuery = {
 *   guildId: '1100000000000000001',
 *   startDay: '2026-11-23',
 *   endDay: '2026-11-30',
 *   userIds: ['1200000000000000001', '1200000000000000002'],
 * };
 * ```
 */
export interface ActivityTotalsQuery {
  /** The guild, a Discord snowflake. */
  readonly guildId: string;
  /** The first day counted, `YYYY-MM-DD` (inclusive). */
  readonly startDay: string;
  /** The first day no longer counted, `YYYY-MM-DD` (exclusive); equal to `startDay` reads nothing. */
  readonly endDay: string;
  /**
   * Only these members. Leave it out to read every member with time in the range; an empty
   * array reads nobody.
   */
  readonly userIds?: readonly string[];
  /** What ranks the members: voice time, or messages. @defaultValue 'voice' */
  readonly rankBy?: 'voice' | 'messages';
}

/**
 * Which days of a guild's activity to break down, and optionally one member's only.
 *
 * @example One member's last 30 days
 * ```ts
 * const query: ActivityBreakdownQuery = { guildId, startDay: '2026-11-01', endDay: '2026-12-01', userId };
 * ```
 */
export interface ActivityBreakdownQuery {
  /** The guild, a Discord snowflake. */
  readonly guildId: string;
  /** The first day counted, `YYYY-MM-DD` (inclusive). */
  readonly startDay: string;
  /** The first day no longer counted, `YYYY-MM-DD` (exclusive). */
  readonly endDay: string;
  /** Only this member's activity; leave it out for the whole guild's. */
  readonly userId?: string;
}

/**
 * Voice time and messages in one channel over a range of days.
 *
 * @example The busiest room
 * ```ts
 * const [top] = await store.readChannelTotals({ guildId, startDay, endDay, limit: 1 });
 * ```
 */
export interface ChannelActivityTotal {
  /** The channel, a Discord snowflake. */
  readonly channelId: string;
  /** Milliseconds of voice time. */
  readonly ms: number;
  /** Messages. */
  readonly messages: number;
}

/**
 * Voice time and messages in one hour of one day, on the guild's wall clock.
 *
 * @example Folding hours into a heatmap
 * ```ts
 * const heatmap = activityHeatmap(await store.readHourTotals({ guildId, startDay, endDay }));
 * ```
 */
export interface HourActivityTotal {
  /** The day, `YYYY-MM-DD`. */
  readonly day: string;
  /** The hour, 0 to 23. */
  readonly hour: number;
  /** Milliseconds of voice time. */
  readonly ms: number;
  /** Messages. */
  readonly messages: number;
}

/**
 * One day's activity: how many members were active (voice or messages), and their voice time and
 * messages summed. For one member, `members` is 1 on each day they were active.
 *
 * @example Active members over the last 30 days
 * ```ts
 * const { days } = await store.readActivitySummary({ guildId, startDay: '2026-11-01', endDay: '2026-12-01' });
 * for (const { day, members } of days) console.log(day, members);
 * ```
 */
export interface DayActivityTotal {
  /** The day, `YYYY-MM-DD`. */
  readonly day: string;
  /** Members with voice time or messages that day. */
  readonly members: number;
  /** Milliseconds of voice time. */
  readonly ms: number;
  /** Messages. */
  readonly messages: number;
}

/**
 * A range of days at a glance: how many members were active in it (each counted once), their voice
 * time and messages, and the same day by day.
 *
 * @example
 * ```ts
 * const summary = await store.readActivitySummary({ guildId, startDay: '2026-11-01', endDay: '2026-12-01' });
 * console.log(`${summary.members} active members, on ${summary.days.length} days`);
 * ```
 */
export interface ActivitySummary {
  /** Members with voice time or messages in the range. */
  readonly members: number;
  /** Milliseconds of voice time. */
  readonly ms: number;
  /** Messages. */
  readonly messages: number;
  /** The days with activity, in order. */
  readonly days: readonly DayActivityTotal[];
}

/**
 * One member's time summed over a range of days.
 *
 * @example Reading the most active member
 * ```ts
 * const [top] = await store.readActivityTotals(query);
 * console.log(`${top.userId}: ${top.ms} ms`);
 * ```
 */
export interface MemberActivityTotal {
  /** The member, a Discord snowflake. */
  readonly userId: string;
  /** Milliseconds in the range. */
  readonly ms: number;
  /** Messages in the range. */
  readonly messages: number;
}

/**
 * Identifies one member of one guild.
 *
 * @example One member of one guild
 * ```ts
 * const key: MemberKey = { guildId: '1100000000000000001', userId: '1200000000000000001' };
 * ```
 */
export interface MemberKey {
  /** The guild, a Discord snowflake. */
  readonly guildId: string;
  /** The member, a Discord snowflake. */
  readonly userId: string;
}

/**
 * A voice session that was still open when it was last saved, so that a restart can continue
 * or close it. One per member and guild.
 *
 * @example A session open for half an hour
 * ```ts
 * const checkpoint: SessionCheckpoint = {
 *   guildId: '1100000000000000001',
 *   userId: '1200000000000000001',
 *   channelId: '1300000000000000001',
 *   startedAt: Date.parse('2026-11-25T20:00:00Z'),
 *   checkpointAt: Date.parse('2026-11-25T20:30:00Z'),
 * };
 * ```
 */
export interface SessionCheckpoint extends MemberKey {
  /** The voice channel the session is in, a Discord snowflake. */
  readonly channelId: string;
  /** When the session started, epoch milliseconds. */
  readonly startedAt: number;
  /** When this checkpoint was taken, epoch milliseconds; time after it is not yet known to the store. */
  readonly checkpointAt: number;
}

/**
 * Storage for voice activity: daily totals per member, and checkpoints of open sessions.
 *
 * @example Adding a batch and reading a week
 * ```ts
 * await store.addActivity([
 *   { guildId, userId: alice, day: '2026-11-24', ms: 3_600_000 },
 *   { guildId, userId: alice, day: '2026-11-25', ms: 1_800_000 },
 * ]);
 * const totals = await store.readActivityTotals({ guildId, startDay: '2026-11-23', endDay: '2026-11-30' });
 * // [{ userId: alice, ms: 5_400_000 }]
 * ```
 */
export interface ActivityStore {
  /**
   * Adds every increment to its (guild, member, day) total, all or none: one transaction.
   * Several increments for one key in a batch add up.
   *
   * @param increments - the batch; an empty one does nothing
   * @throws {@link @guildkit/core!ValidationError} when an id, day or duration is malformed; nothing is written
   */
  addActivity(increments: readonly ActivityIncrement[]): Promise<void>;

  /**
   * Sums each member's time and messages over a range of days in one query.
   *
   * @param query - the guild, the days, optionally the members, and what ranks them
   * @returns members with voice time or messages in the range, most first by `rankBy`, ties by
   *   the other measure and then by `userId` ascending
   */
  readActivityTotals(query: ActivityTotalsQuery): Promise<MemberActivityTotal[]>;

  /**
   * Sums voice time and messages per channel over a range of days, for the guild or one member.
   *
   * @param query - the guild, the days, optionally the member, and how many channels at most
   * @returns channels with time or messages, most time first, ties by messages, then `channelId`
   */
  readChannelTotals(query: ActivityBreakdownQuery & { readonly limit?: number }): Promise<ChannelActivityTotal[]>;

  /**
   * Reads voice time and messages per day and hour over a range of days, for the guild or one
   * member: what {@link @guildkit/core!activityHeatmap} folds into an hour-of-week heatmap.
   *
   * @param query - the guild, the days and optionally the member
   * @returns hours with time or messages, by day and hour
   */
  readHourTotals(query: ActivityBreakdownQuery): Promise<HourActivityTotal[]>;

  /**
   * Reads a range at a glance, for the guild or one member: the members active in it (each once),
   * their voice time and messages, and the same for each day with activity. From the daily totals,
   * so without the `details` too; cheaper than {@link ActivityStore.readActivityTotals} when only
   * the count is wanted.
   *
   * @param query - the guild, the days and optionally the member
   */
  readActivitySummary(query: ActivityBreakdownQuery): Promise<ActivitySummary>;

  /**
   * Lists saved checkpoints.
   *
   * @param guildId - only this guild's; leave it out for all guilds
   * @returns checkpoints ordered by `guildId`, then `userId`
   */
  listSessionCheckpoints(guildId?: string): Promise<SessionCheckpoint[]>;

  /**
   * Writes a tracker's flush in one transaction: the increments are added, then the checkpoints
   * of ended sessions removed, then those of open sessions saved. All of it lands or none of it,
   * so a crash can never leave time both in the totals and in a checkpoint that a restart would
   * count again.
   *
   * @param batch - any of the three parts may be empty
   * @throws {@link @guildkit/core!ValidationError} when anything in the batch is malformed; nothing is written
   */
  recordActivity(batch: ActivityBatch): Promise<void>;
}

/**
 * One flush of an activity tracker: time to add, sessions that ended, sessions still open.
 *
 * @example A member who left at 21:00 and one still in voice
 * ```ts
 * const batch: ActivityBatch = {
 *   id: crypto.randomUUID(),
 *   increments: [{ guildId, userId: alice, day: '2026-11-25', ms: 3_600_000 }],
 *   removeCheckpoints: [{ guildId, userId: alice }],
 *   saveCheckpoints: [{ guildId, userId: bob, channelId, startedAt, checkpointAt: Date.now() }],
 * };
 * ```
 */
export interface ActivityBatch {
  /**
   * Names the batch, so that sending it again cannot count it twice: a store that has already
   * recorded a batch with this id records nothing. A tracker sends a batch again, as it was, when
   * its write failed, and a failed write may still have landed (a connection lost while the
   * transaction was committing). Stores whose outcome can be unknown to the caller (a database over
   * the network) honour it; an embedded store, whose writes never end in doubt, may ignore it.
   * Up to 100 characters; leave it out for a batch that is never sent twice.
   */
  readonly id?: string;
  readonly increments?: readonly ActivityIncrement[];
  /** The same time (and messages) by channel and hour, for the channel totals and the heatmap. */
  readonly slices?: readonly ActivitySlice[];
  /** Members whose sessions ended: their checkpoints go. */
  readonly removeCheckpoints?: readonly MemberKey[];
  /** Open sessions: their checkpoints are saved, replacing earlier ones (after the removals). */
  readonly saveCheckpoints?: readonly SessionCheckpoint[];
}
