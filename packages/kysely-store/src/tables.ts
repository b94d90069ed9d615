import type { ColumnType, Generated } from 'kysely';

/**
 * A 64-bit integer column (times in epoch milliseconds, durations): a number is written; a driver
 * reads it back as a number (better-sqlite3) or as a string (pg), so rows are read with `Number()`.
 */
export type BigIntColumn = ColumnType<number | string, number, number>;

/**
 * The tables every guildkit SQL store has, as kysely sees them, with the column types of all
 * dialects: a dialect's own tables and columns are added with kysely's `withTables`.
 *
 * @example Opening a kysely instance on the shared tables
 * ```ts
 * import { Kysely, SqliteDialect } from 'kysely';
 * import type { KyselyStoreTables } from '@guildkit/kysely-store';
 *
 * const db = new Kysely<KyselyStoreTables>({ dialect: new SqliteDialect({ database }) });
 * ```
 */
export interface KyselyStoreTables {
  activity_daily: ActivityDailyTable;
  session_checkpoints: SessionCheckpointTable;
  job_listings: JobListingTable;
  log_records: LogRecordTable;
  report_posts: ReportPostTable;
  guild_settings: GuildSettingsTable;
  activity_slices: ActivitySliceTable;
  guild_channels: GuildChannelTable;
  guild_hours: GuildHourTable;
  role_changes: RoleChangeTable;
}

/**
 * A `day` column read back: `YYYY-MM-DD` text, or a `Date` at local midnight where the driver
 * parses dates (pg).
 */
export type DayColumn = ColumnType<string | Date, string, string>;

/**
 * A member's voice time and messages per day, hour of the guild's clock and channel: `activity_slices`.
 *
 * @example A member's hours
 * ```ts
 * const rows = await db.selectFrom('activity_slices').select(['day', 'hour', 'ms']).where('user_id', '=', userId).execute();
 * ```
 */
export interface ActivitySliceTable {
  guild_id: string;
  day: DayColumn;
  user_id: string;
  hour: number;
  channel_id: string;
  ms: BigIntColumn;
  messages: number;
}

/**
 * The guild's voice time and messages per day and channel: `guild_channels`.
 *
 * @example The guild's busiest channels of a range
 * ```ts
 * const rows = await db.selectFrom('guild_channels').select(['channel_id', 'ms']).where('guild_id', '=', guildId).execute();
 * ```
 */
export interface GuildChannelTable {
  guild_id: string;
  day: DayColumn;
  channel_id: string;
  ms: BigIntColumn;
  messages: number;
}

/**
 * The guild's voice time and messages per day and hour of its clock: `guild_hours`.
 *
 * @example A guild's hours
 * ```ts
 * const rows = await db.selectFrom('guild_hours').selectAll().where('guild_id', '=', guildId).execute();
 * ```
 */
export interface GuildHourTable {
  guild_id: string;
  day: DayColumn;
  hour: number;
  ms: BigIntColumn;
  messages: number;
}

/**
 * Role changes planned and not applied yet: `role_changes`.
 *
 * @example A guild's pending changes
 * ```ts
 * const rows = await db.selectFrom('role_changes').selectAll().where('guild_id', '=', guildId).execute();
 * ```
 */
export interface RoleChangeTable {
  run_id: string;
  position: number;
  guild_id: string;
  user_id: string;
  role_id: string;
  action: 'add' | 'remove';
  created_at: BigIntColumn;
}

/**
 * Voice time and messages per day and channel: `activity_channels` per member, `guild_channels`
 * for the whole guild (without `user_id`).
 *
 * @example The guild's busiest channels of a range
 * ```ts
 * const rows = await db.selectFrom('guild_channels').select(['channel_id', 'ms']).where('guild_id', '=', guildId).execute();
 * ```
 */
export interface ActivityChannelTable {
  guild_id: string;
  day: DayColumn;
  /** Only in `activity_channels`. */
  user_id: string;
  channel_id: string;
  ms: BigIntColumn;
  messages: number;
}

/**
 * Voice time and messages per day and hour of the guild's clock: `activity_hours` per member,
 * `guild_hours` for the whole guild (without `user_id`).
 *
 * @example A member's hours
 * ```ts
 * const rows = await db.selectFrom('activity_hours').selectAll().where('user_id', '=', userId).execute();
 * ```
 */
export interface ActivityHourTable {
  guild_id: string;
  day: DayColumn;
  /** Only in `activity_hours`. */
  user_id: string;
  hour: number;
  ms: BigIntColumn;
  messages: number;
}

/**
 * Each member's voice time a day: `activity_daily`.
 *
 * @example A row
 * ```ts
 * const row: ActivityDailyTable = { guild_id: '1', user_id: '2', day: '2026-11-25', ms: 60_000 };
 * ```
 */
export interface ActivityDailyTable {
  guild_id: string;
  user_id: string;
  /** `YYYY-MM-DD` in the guild's time zone (a `date` where the database has one). */
  day: DayColumn;
  ms: BigIntColumn;
  messages: number;
}

/**
 * The open voice sessions: `session_checkpoints`.
 *
 * @example A row
 * ```ts
 * const row: SessionCheckpointTable = { guild_id: '1', user_id: '2', channel_id: '3', started_at: 0, checkpoint_at: 60_000 };
 * ```
 */
export interface SessionCheckpointTable {
  guild_id: string;
  user_id: string;
  channel_id: string;
  started_at: BigIntColumn;
  checkpoint_at: BigIntColumn;
}

/**
 * The job board's listings: `job_listings`.
 *
 * @example Reading the open listings of a guild
 * ```ts
 * const rows = await db.selectFrom('job_listings').selectAll().where('status', '=', 'open').execute();
 * ```
 */
export interface JobListingTable {
  post_id: string;
  guild_id: string;
  forum_channel_id: string;
  voice_channel_id: string;
  owner_id: string;
  owner_name: string;
  title: string;
  description: string;
  /** JSON text where the database has no list type, a `text[]` where it has one. */
  tags: ColumnType<string | string[], string | string[], string | string[]>;
  user_limit: number;
  status: 'open' | 'closed';
  created_at: BigIntColumn;
  closed_at: ColumnType<number | string | null, number | null, number | null>;
  close_reason: string | null;
  participant_count: number;
  peak_participants: number;
  total_voice_ms: BigIntColumn;
}

/**
 * The log records: `log_records`.
 *
 * @example The newest record
 * ```ts
 * const row = await db.selectFrom('log_records').selectAll().orderBy('at', 'desc').executeTakeFirst();
 * ```
 */
export interface LogRecordTable {
  id: Generated<number | string>;
  at: BigIntColumn;
  /** A value of `LOG_LEVEL_VALUES`. */
  level_value: number;
  source: string;
  message: string;
  /** A JSON object: text, or parsed already where the column is `jsonb`. */
  fields: ColumnType<string | Record<string, unknown>, string, string>;
}

/**
 * Which scheduled reports were posted: `report_posts`.
 *
 * @example A row
 * ```ts
 * const row: ReportPostTable = { guild_id: '1', kind: 'daily', period_start: '2026-11-25', claimed_at: 0 };
 * ```
 */
export interface ReportPostTable {
  guild_id: string;
  kind: string;
  /** `YYYY-MM-DD`. */
  period_start: string;
  claimed_at: BigIntColumn;
}

/**
 * One row a guild that has set anything: `guild_settings`.
 *
 * @example A guild's row
 * ```ts
 * const row = await db.selectFrom('guild_settings').select('settings').where('guild_id', '=', guildId).executeTakeFirst();
 * ```
 */
export interface GuildSettingsTable {
  guild_id: string;
  /** The guild's `GuildSettings` as JSON: text, or parsed already where the column is `jsonb`. */
  settings: ColumnType<unknown, string, string>;
  updated_at: BigIntColumn;
}
