import type { ActivityIncrement, MemberKey, SessionCheckpoint } from '@guildkit/core';
import { chunk } from '@guildkit/core';
import { type CompiledQuery, type Kysely, sql } from 'kysely';
import type { SqliteSchema } from './schema.ts';

/** @internal Rows per multi-row statement: 4 to 17 parameters a row stays well under SQLite's 32,766. */
export const ROWS_PER_STATEMENT = 500;

/** @internal Upserts that add prepared increments to the daily totals. */
export function incrementStatements(
  kysely: Kysely<SqliteSchema>,
  increments: readonly ActivityIncrement[],
): CompiledQuery[] {
  const rows = increments.map(({ guildId, userId, day, ms }) => ({ guild_id: guildId, user_id: userId, day, ms }));
  return chunk(rows, ROWS_PER_STATEMENT).map((values) =>
    kysely
      .insertInto('activity_daily')
      .values(values)
      .onConflict((conflict) =>
        conflict.columns(['guild_id', 'day', 'user_id']).doUpdateSet({ ms: sql`activity_daily.ms + excluded.ms` }),
      )
      .compile(),
  );
}

/** @internal Upserts of prepared session checkpoints. */
export function saveCheckpointStatements(
  kysely: Kysely<SqliteSchema>,
  checkpoints: readonly SessionCheckpoint[],
): CompiledQuery[] {
  const rows = checkpoints.map((checkpoint) => ({
    guild_id: checkpoint.guildId,
    user_id: checkpoint.userId,
    channel_id: checkpoint.channelId,
    started_at: checkpoint.startedAt,
    checkpoint_at: checkpoint.checkpointAt,
  }));
  return chunk(rows, ROWS_PER_STATEMENT).map((values) =>
    kysely
      .insertInto('session_checkpoints')
      .values(values)
      .onConflict((conflict) =>
        conflict.columns(['guild_id', 'user_id']).doUpdateSet((eb) => ({
          channel_id: eb.ref('excluded.channel_id'),
          started_at: eb.ref('excluded.started_at'),
          checkpoint_at: eb.ref('excluded.checkpoint_at'),
        })),
      )
      .compile(),
  );
}

/** @internal Deletes of the checkpoints of prepared member keys. */
export function removeCheckpointStatements(kysely: Kysely<SqliteSchema>, keys: readonly MemberKey[]): CompiledQuery[] {
  return keys.map((key) =>
    kysely
      .deleteFrom('session_checkpoints')
      .where('guild_id', '=', key.guildId)
      .where('user_id', '=', key.userId)
      .compile(),
  );
}
