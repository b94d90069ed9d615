import type { Generated } from 'kysely';

/** @internal The tables as kysely sees them. Times are epoch milliseconds. */
export interface SqliteSchema {
  activity_daily: ActivityDailyTable;
  session_checkpoints: SessionCheckpointTable;
  job_listings: JobListingTable;
  log_records: LogRecordTable;
  guild_settings: GuildSettingsTable;
}

/** @internal */
export interface ActivityDailyTable {
  guild_id: string;
  user_id: string;
  /** `YYYY-MM-DD` in the guild's time zone. */
  day: string;
  ms: number;
}

/** @internal */
export interface SessionCheckpointTable {
  guild_id: string;
  user_id: string;
  channel_id: string;
  started_at: number;
  checkpoint_at: number;
}

/** @internal */
export interface JobListingTable {
  post_id: string;
  guild_id: string;
  forum_channel_id: string;
  voice_channel_id: string;
  owner_id: string;
  owner_name: string;
  title: string;
  description: string;
  /** A JSON array of strings. */
  tags: string;
  user_limit: number;
  status: 'open' | 'closed';
  created_at: number;
  closed_at: number | null;
  close_reason: string | null;
  participant_count: number;
  peak_participants: number;
  total_voice_ms: number;
}

/** @internal */
export interface LogRecordTable {
  id: Generated<number>;
  at: number;
  /** A value of `LOG_LEVEL_VALUES`; the level's name is looked up when a record is read. */
  level_value: number;
  source: string;
  message: string;
  /** A JSON object. */
  fields: string;
}

/** @internal One row a guild that has set anything. */
export interface GuildSettingsTable {
  guild_id: string;
  /** A JSON object: the guild's `GuildSettings`, read back tolerantly (`parseGuildSettings`). */
  settings: string;
  updated_at: number;
}
