import type { ActivityIncrement, MemberKey, SessionCheckpoint } from '@guildkit/core';

/**
 * @internal The activity writes as plain statements that the store prepares once and runs per row
 * inside one transaction: better-sqlite3 runs a prepared statement far faster than kysely can
 * compile a new multi-row one (roughly 3x on this path).
 */
export interface RowStatement<Row> {
  readonly sql: string;
  readonly parameters: (row: Row) => unknown[];
}

/** @internal Adds an increment to a daily total. */
export const addIncrement: RowStatement<ActivityIncrement> = {
  sql: `insert into activity_daily (guild_id, day, user_id, ms) values (?, ?, ?, ?)
        on conflict (guild_id, day, user_id) do update set ms = activity_daily.ms + excluded.ms`,
  parameters: (row) => [row.guildId, row.day, row.userId, row.ms],
};

/** @internal Saves a session checkpoint, replacing the member's earlier one. */
export const saveCheckpoint: RowStatement<SessionCheckpoint> = {
  sql: `insert into session_checkpoints (guild_id, user_id, channel_id, started_at, checkpoint_at) values (?, ?, ?, ?, ?)
        on conflict (guild_id, user_id) do update
          set channel_id = excluded.channel_id, started_at = excluded.started_at, checkpoint_at = excluded.checkpoint_at`,
  parameters: (row) => [row.guildId, row.userId, row.channelId, row.startedAt, row.checkpointAt],
};

/** @internal Removes a member's session checkpoint. */
export const removeCheckpoint: RowStatement<MemberKey> = {
  sql: 'delete from session_checkpoints where guild_id = ? and user_id = ?',
  parameters: (row) => [row.guildId, row.userId],
};
