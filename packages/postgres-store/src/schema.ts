import type { ColumnType, Generated } from 'kysely';

// pg returns bigint (int8) and numeric values as strings. Times are epoch milliseconds in bigint.
type BigIntColumn = ColumnType<string, number, number>;
type TimeColumn = BigIntColumn;

/** @internal The tables as kysely sees them. */
export interface PostgresSchema {
  activity_daily: ActivityDailyTable;
  session_checkpoints: SessionCheckpointTable;
  job_listings: JobListingTable;
  log_records: LogRecordTable;
  report_posts: ReportPostTable;
  activity_batches: ActivityBatchTable;
  guild_settings: GuildSettingsTable;
}

/** @internal One row a guild that has set anything. */
export interface GuildSettingsTable {
  guild_id: string;
  /** `jsonb`: the guild's `GuildSettings`, written as JSON text, read back parsed (and then tolerantly, `parseGuildSettings`). */
  settings: ColumnType<unknown, string, string>;
  updated_at: TimeColumn;
}

/** @internal */
export interface ActivityBatchTable {
  id: string;
  recorded_at: TimeColumn;
}

/** @internal */
export interface ReportPostTable {
  guild_id: string;
  kind: string;
  /** A `date`, read back as `YYYY-MM-DD` text. */
  period_start: string;
  claimed_at: string | number;
}

/** @internal */
export interface ActivityDailyTable {
  guild_id: string;
  user_id: string;
  /** A `date`, written and compared as `YYYY-MM-DD`. */
  day: ColumnType<string, string, string>;
  ms: BigIntColumn;
}

/** @internal */
export interface SessionCheckpointTable {
  guild_id: string;
  user_id: string;
  channel_id: string;
  started_at: TimeColumn;
  checkpoint_at: TimeColumn;
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
  tags: string[];
  user_limit: number;
  status: 'open' | 'closed';
  created_at: TimeColumn;
  closed_at: ColumnType<string | null, number | null, number | null>;
  close_reason: string | null;
  participant_count: number;
  peak_participants: number;
  total_voice_ms: BigIntColumn;
}

/** @internal */
export interface LogRecordTable {
  id: Generated<string>;
  at: TimeColumn;
  level: string;
  level_value: number;
  source: string;
  message: string;
  /** `jsonb`: written as JSON text, read back parsed. */
  fields: ColumnType<Record<string, unknown>, string, string>;
}
