import type { ActivityIncrement, MemberKey, SessionCheckpoint } from '@guildkit/core';
import { type Kysely, sql } from 'kysely';
import type { PostgresSchema } from './schema.ts';

type Db = Kysely<PostgresSchema>;

// Each write is one statement however many rows: the rows travel as one array per column and
// unnest() turns them back into rows, so 10,000 members cost one round trip, not ten.

/**
 * @internal Adds prepared increments to the daily totals. They come sorted by key, so concurrent
 * writers lock rows in one order and cannot deadlock.
 */
export async function writeIncrements(db: Db, schema: string, increments: readonly ActivityIncrement[]): Promise<void> {
  if (increments.length === 0) return;
  await sql`
    insert into ${sql.id(schema, 'activity_daily')} (guild_id, day, user_id, ms)
    select * from unnest(${increments.map((row) => row.guildId)}::text[], ${increments.map((row) => row.day)}::date[],
                         ${increments.map((row) => row.userId)}::text[], ${increments.map((row) => row.ms)}::bigint[])
    on conflict (guild_id, day, user_id) do update set ms = activity_daily.ms + excluded.ms`.execute(db);
}

/** How long the id of a recorded batch is kept: far longer than any batch is retried. */
const BATCH_IDS_KEPT_MS = 7 * 86_400_000;

/**
 * @internal Claims a batch id in the write's transaction, pruning ids older than a week in the
 * same statement. `false` when a batch with that id was recorded already (its earlier write
 * landed although its caller saw it fail): nothing more is to be written. A claim racing an
 * earlier attempt still in progress waits for it, as `on conflict` does.
 */
export async function claimBatch(db: Db, schema: string, id: string, now: number): Promise<boolean> {
  const table = sql.id(schema, 'activity_batches');
  const { rows } = await sql<{ id: string }>`
    with pruned as (delete from ${table} where recorded_at < ${now - BATCH_IDS_KEPT_MS})
    insert into ${table} (id, recorded_at) values (${id}, ${now})
    on conflict (id) do nothing returning id`.execute(db);
  return rows.length === 1;
}

/** @internal Upserts prepared session checkpoints. */
export async function writeCheckpoints(
  db: Db,
  schema: string,
  checkpoints: readonly SessionCheckpoint[],
): Promise<void> {
  if (checkpoints.length === 0) return;
  await sql`
    insert into ${sql.id(schema, 'session_checkpoints')} (guild_id, user_id, channel_id, started_at, checkpoint_at)
    select * from unnest(${checkpoints.map((row) => row.guildId)}::text[], ${checkpoints.map((row) => row.userId)}::text[],
                         ${checkpoints.map((row) => row.channelId)}::text[], ${checkpoints.map((row) => row.startedAt)}::bigint[],
                         ${checkpoints.map((row) => row.checkpointAt)}::bigint[])
    on conflict (guild_id, user_id) do update
      set channel_id = excluded.channel_id, started_at = excluded.started_at, checkpoint_at = excluded.checkpoint_at`.execute(
    db,
  );
}

/** @internal Deletes the checkpoints of prepared member keys. */
export async function deleteCheckpoints(db: Db, schema: string, keys: readonly MemberKey[]): Promise<void> {
  if (keys.length === 0) return;
  await sql`
    delete from ${sql.id(schema, 'session_checkpoints')} as checkpoint
    using unnest(${keys.map((key) => key.guildId)}::text[], ${keys.map((key) => key.userId)}::text[]) as gone(guild_id, user_id)
    where checkpoint.guild_id = gone.guild_id and checkpoint.user_id = gone.user_id`.execute(db);
}
