import type { ActivityIncrement, MemberKey, PreparedLogRecord, SessionCheckpoint } from '@guildkit/core';
import type Database from 'better-sqlite3';

/**
 * @internal The bulk writes (activity, checkpoints, log records) as plain statements that the store prepares once and runs inside
 * one transaction: better-sqlite3 runs a prepared statement far faster than kysely can compile a
 * new multi-row one (roughly 3x on this path). Inserts also come in a {@link ROWS_PER_STATEMENT}-row
 * form, which saves most of the per-call cost (10,000 upserts: 23 ms one by one, 14 ms so).
 */
export interface RowStatement<Row> {
  /** The statement for one row. */
  readonly sql: string;
  /** The statement for {@link ROWS_PER_STATEMENT} rows, where SQL allows it. */
  readonly manySql?: string;
  readonly parameters: (row: Row) => unknown[];
}

/** @internal Rows per multi-row statement: past about 50, longer statements gain nothing. */
export const ROWS_PER_STATEMENT = 64;

/** `insert into … values (?, …)` with `count` tuples, then the rest of the statement. */
function insertOf(head: string, columns: number, rest: string, count: number): string {
  const tuple = `(${new Array<string>(columns).fill('?').join(', ')})`;
  return `${head} values ${new Array<string>(count).fill(tuple).join(', ')} ${rest}`;
}

const INCREMENT_HEAD = 'insert into activity_daily (guild_id, day, user_id, ms)';
const INCREMENT_REST = 'on conflict (guild_id, day, user_id) do update set ms = activity_daily.ms + excluded.ms';
const CHECKPOINT_HEAD = 'insert into session_checkpoints (guild_id, user_id, channel_id, started_at, checkpoint_at)';
const CHECKPOINT_REST = `on conflict (guild_id, user_id) do update
  set channel_id = excluded.channel_id, started_at = excluded.started_at, checkpoint_at = excluded.checkpoint_at`;

/** @internal Adds an increment to a daily total. */
export const addIncrement: RowStatement<ActivityIncrement> = {
  sql: insertOf(INCREMENT_HEAD, 4, INCREMENT_REST, 1),
  manySql: insertOf(INCREMENT_HEAD, 4, INCREMENT_REST, ROWS_PER_STATEMENT),
  parameters: (row) => [row.guildId, row.day, row.userId, row.ms],
};

/** @internal Saves a session checkpoint, replacing the member's earlier one. */
export const saveCheckpoint: RowStatement<SessionCheckpoint> = {
  sql: insertOf(CHECKPOINT_HEAD, 5, CHECKPOINT_REST, 1),
  manySql: insertOf(CHECKPOINT_HEAD, 5, CHECKPOINT_REST, ROWS_PER_STATEMENT),
  parameters: (row) => [row.guildId, row.userId, row.channelId, row.startedAt, row.checkpointAt],
};

const LOG_HEAD = 'insert into log_records (at, level, level_value, source, message, fields)';

/** @internal Appends a log record. */
export const appendLog: RowStatement<PreparedLogRecord> = {
  sql: insertOf(LOG_HEAD, 6, '', 1),
  manySql: insertOf(LOG_HEAD, 6, '', ROWS_PER_STATEMENT),
  parameters: (row) => [row.at, row.level, row.levelValue, row.source, row.message, row.fieldsJson],
};

/** @internal Removes a member's session checkpoint. */
export const removeCheckpoint: RowStatement<MemberKey> = {
  sql: 'delete from session_checkpoints where guild_id = ? and user_id = ?',
  parameters: (row) => [row.guildId, row.userId],
};

/** @internal Runs a statement over the rows, {@link ROWS_PER_STATEMENT} a call where it can; inside a transaction. */
export function runRows<Row>(
  prepared: (sql: string) => Database.Statement,
  statement: RowStatement<Row>,
  rows: readonly Row[],
): void {
  let done = 0;
  if (statement.manySql !== undefined && rows.length >= ROWS_PER_STATEMENT) {
    const many = prepared(statement.manySql);
    // One array for every call, filled in place: no spread, no new array per call.
    const parameters: unknown[] = [];
    for (; done + ROWS_PER_STATEMENT <= rows.length; done += ROWS_PER_STATEMENT) {
      let next = 0;
      for (let i = done; i < done + ROWS_PER_STATEMENT; i += 1) {
        const values = statement.parameters(rows[i] as Row);
        for (let value = 0; value < values.length; value += 1) parameters[next++] = values[value];
      }
      many.run(parameters);
    }
  }
  if (done === rows.length) return;
  const one = prepared(statement.sql);
  for (; done < rows.length; done += 1) one.run(statement.parameters(rows[done] as Row));
}
