import type { ActivityIncrement, MemberKey, PendingRoleChange, SessionCheckpoint } from '@guildkit/core';
import type { ChannelRow, HourRow, SliceRow } from '@guildkit/core/store-kit';

/**
 * A column of a bulk write: its name, its SQL type (a dialect that sends each column as one array
 * needs it), and where each row's value comes from.
 *
 * @example The day column of the daily totals
 * ```ts
 * const day: RowColumn<ActivityIncrement> = { name: 'day', type: 'day', of: (row) => row.day };
 * ```
 */
export interface RowColumn<Row> {
  readonly name: string;
  /** `day` is a `YYYY-MM-DD` text, stored as a `date` where the database has one. */
  readonly type: 'text' | 'day' | 'bigint' | 'integer';
  readonly of: (row: Row) => string | number;
}

/**
 * An insert of many rows into one table, and what happens to a row whose key is there already:
 * its `add` columns are added to, or its `set` columns replaced. A dialect turns it into the
 * fastest statements it has (prepared multi-row inserts on SQLite, `unnest` on PostgreSQL); the
 * rows of one write never repeat a key.
 *
 * @example Adding to the daily totals
 * ```ts
 * const addDaily: RowUpsert<ActivityIncrement> = {
 *   kind: 'upsert',
 *   table: 'activity_daily',
 *   columns: [guildId, day, userId, { name: 'ms', type: 'bigint', of: (row) => row.ms }],
 *   key: ['guild_id', 'day', 'user_id'],
 *   add: ['ms'],
 * };
 * ```
 */
export interface RowUpsert<Row> {
  readonly kind: 'upsert';
  readonly table: string;
  readonly columns: readonly RowColumn<Row>[];
  /** The columns of the key the conflict is on (the primary key). */
  readonly key: readonly string[];
  /** Columns added to on a conflict. */
  readonly add?: readonly string[];
  /** Columns replaced on a conflict. */
  readonly set?: readonly string[];
}

/**
 * A delete of the rows whose key columns equal each row's values.
 *
 * @example Removing members' checkpoints
 * ```ts
 * const removeCheckpoints: RowDelete<MemberKey> = { kind: 'delete', table: 'session_checkpoints', columns: [guildId, userId] };
 * ```
 */
export interface RowDelete<Row> {
  readonly kind: 'delete';
  readonly table: string;
  readonly columns: readonly RowColumn<Row>[];
}

/**
 * One statement of a bulk write and its rows; a store runs a list of them, in order, in one
 * transaction.
 *
 * @example A flush's checkpoints
 * ```ts
 * const write: RowWrite = rowWrite(SAVE_CHECKPOINTS, checkpoints);
 * ```
 */
export interface RowWrite<Row = unknown> {
  readonly statement: RowUpsert<Row> | RowDelete<Row>;
  readonly rows: readonly Row[];
}

/**
 * Pairs a statement with its rows, checking that they fit.
 *
 * @example
 * ```ts
 * const write = rowWrite(ADD_DAILY_TOTALS, increments);
 * ```
 */
export function rowWrite<Row>(statement: RowUpsert<Row> | RowDelete<Row>, rows: readonly Row[]): RowWrite {
  return { statement, rows } as RowWrite;
}

function upsert<Row>(statement: Omit<RowUpsert<Row>, 'kind'>): RowUpsert<Row> {
  return Object.freeze({ kind: 'upsert', ...statement });
}

function column<Row>(name: string, type: RowColumn<Row>['type'], of: (row: Row) => string | number): RowColumn<Row> {
  return Object.freeze({ name, type, of });
}

// The columns the writes share.
const day = column<{ day: string }>('day', 'day', (row) => row.day);
const channelId = column<{ channelId: string }>('channel_id', 'text', (row) => row.channelId);
const hour = column<{ hour: number }>('hour', 'integer', (row) => row.hour);
const ms = column<{ ms: number }>('ms', 'bigint', (row) => row.ms);
const messages = column<{ messages: number }>('messages', 'integer', (row) => row.messages);
const guildKey = column<{ guildId: string }>('guild_id', 'text', (row) => row.guildId);
const userKey = column<{ userId: string }>('user_id', 'text', (row) => row.userId);

/**
 * Adds increments to the members' daily totals.
 *
 * @example
 * ```ts
 * await store.writeRows([rowWrite(ADD_DAILY_TOTALS, increments)]);
 * ```
 */
export const ADD_DAILY_TOTALS = upsert<ActivityIncrement>({
  table: 'activity_daily',
  columns: [guildKey, day, userKey, ms, column('messages', 'integer', (row) => row.messages ?? 0)],
  key: ['guild_id', 'day', 'user_id'],
  add: ['ms', 'messages'],
});

/** @internal Adds to members' totals per day, hour and channel. */
export const ADD_MEMBER_SLICES = upsert<SliceRow>({
  table: 'activity_slices',
  columns: [guildKey, day, userKey, hour, channelId, ms, messages],
  key: ['guild_id', 'day', 'user_id', 'hour', 'channel_id'],
  add: ['ms', 'messages'],
});

/** @internal Adds to the guilds' totals per day and channel. */
export const ADD_GUILD_CHANNELS = upsert<ChannelRow>({
  table: 'guild_channels',
  columns: [guildKey, day, channelId, ms, messages],
  key: ['guild_id', 'day', 'channel_id'],
  add: ['ms', 'messages'],
});

/** @internal Adds to the guilds' totals per day and hour. */
export const ADD_GUILD_HOURS = upsert<HourRow>({
  table: 'guild_hours',
  columns: [guildKey, day, hour, ms, messages],
  key: ['guild_id', 'day', 'hour'],
  add: ['ms', 'messages'],
});

/**
 * Saves open sessions' checkpoints, replacing the members' earlier ones.
 *
 * @example
 * ```ts
 * await store.writeRows([rowWrite(SAVE_CHECKPOINTS, checkpoints)]);
 * ```
 */
export const SAVE_CHECKPOINTS = upsert<SessionCheckpoint>({
  table: 'session_checkpoints',
  columns: [
    guildKey,
    userKey,
    column('channel_id', 'text', (row) => row.channelId),
    column('started_at', 'bigint', (row) => row.startedAt),
    column('checkpoint_at', 'bigint', (row) => row.checkpointAt),
  ],
  key: ['guild_id', 'user_id'],
  set: ['channel_id', 'started_at', 'checkpoint_at'],
});

/**
 * Removes members' checkpoints.
 *
 * @example
 * ```ts
 * await store.writeRows([rowWrite(REMOVE_CHECKPOINTS, [{ guildId, userId }])]);
 * ```
 */
export const REMOVE_CHECKPOINTS: RowDelete<MemberKey> = Object.freeze({
  kind: 'delete' as const,
  table: 'session_checkpoints',
  columns: [guildKey, userKey],
});

/** @internal Saves pending role changes; one saved already is left as it is. */
export const SAVE_ROLE_CHANGES = upsert<PendingRoleChange>({
  table: 'role_changes',
  columns: [
    column('run_id', 'text', (row) => row.runId),
    column('position', 'integer', (row) => row.index),
    guildKey,
    userKey,
    column('role_id', 'text', (row) => row.roleId),
    column('action', 'text', (row) => row.action),
    column('created_at', 'bigint', (row) => row.createdAt),
  ],
  key: ['run_id', 'position'],
});

/** @internal Removes applied role changes. */
export const COMPLETE_ROLE_CHANGES: RowDelete<{ runId: string; index: number }> = Object.freeze({
  kind: 'delete' as const,
  table: 'role_changes',
  columns: [
    column<{ runId: string }>('run_id', 'text', (row) => row.runId),
    column<{ index: number }>('position', 'integer', (row) => row.index),
  ],
});
