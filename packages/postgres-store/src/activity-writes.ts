import type { ActivityIncrement, MemberKey, SessionCheckpoint } from '@guildkit/core';
import { chunk } from '@guildkit/core';
import { type Kysely, sql } from 'kysely';
import type { PostgresSchema } from './schema.ts';

/** @internal Rows per multi-row statement: at most 7 parameters a row stays well under 65,535. */
export const ROWS_PER_STATEMENT = 1_000;

type Db = Kysely<PostgresSchema>;

/**
 * @internal Adds prepared increments to the daily totals. They come sorted by key, so concurrent
 * writers lock rows in one order and cannot deadlock.
 */
export async function writeIncrements(db: Db, increments: readonly ActivityIncrement[]): Promise<void> {
  const rows = increments.map(({ guildId, userId, day, ms }) => ({ guild_id: guildId, user_id: userId, day, ms }));
  for (const values of chunk(rows, ROWS_PER_STATEMENT)) {
    await db
      .insertInto('activity_daily')
      .values(values)
      .onConflict((conflict) =>
        conflict.columns(['guild_id', 'day', 'user_id']).doUpdateSet({ ms: sql`activity_daily.ms + excluded.ms` }),
      )
      .execute();
  }
}

/** @internal Upserts prepared session checkpoints. */
export async function writeCheckpoints(db: Db, checkpoints: readonly SessionCheckpoint[]): Promise<void> {
  const rows = checkpoints.map((checkpoint) => ({
    guild_id: checkpoint.guildId,
    user_id: checkpoint.userId,
    channel_id: checkpoint.channelId,
    started_at: checkpoint.startedAt,
    checkpoint_at: checkpoint.checkpointAt,
  }));
  for (const values of chunk(rows, ROWS_PER_STATEMENT)) {
    await db
      .insertInto('session_checkpoints')
      .values(values)
      .onConflict((conflict) =>
        conflict.columns(['guild_id', 'user_id']).doUpdateSet((eb) => ({
          channel_id: eb.ref('excluded.channel_id'),
          started_at: eb.ref('excluded.started_at'),
          checkpoint_at: eb.ref('excluded.checkpoint_at'),
        })),
      )
      .execute();
  }
}

/** @internal Deletes the checkpoints of prepared member keys. */
export async function deleteCheckpoints(db: Db, keys: readonly MemberKey[]): Promise<void> {
  for (const values of chunk(keys, ROWS_PER_STATEMENT)) {
    await db
      .deleteFrom('session_checkpoints')
      .where(({ eb, refTuple, tuple, or }) =>
        or(values.map((key) => eb(refTuple('guild_id', 'user_id'), '=', tuple(key.guildId, key.userId)))),
      )
      .execute();
  }
}
