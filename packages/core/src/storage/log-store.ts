/**
 * How severe a log record is, from `'trace'` to `'fatal'`; the same names and order as pino.
 *
 * @example A warning
 * ```ts
 * const level: LogLevel = 'warn';
 * ```
 */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/**
 * Each {@link LogLevel} with its number (pino's: 10 to 60), which orders them.
 *
 * @example Comparing two levels
 * ```ts
 * import { LOG_LEVEL_VALUES } from '@guildkit/core';
 *
 * LOG_LEVEL_VALUES.error > LOG_LEVEL_VALUES.info; // true
 * ```
 */
export const LOG_LEVEL_VALUES: Readonly<Record<LogLevel, number>> = Object.freeze({
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
});

/**
 * One structured log record.
 *
 * @example A member joining voice
 * ```ts
 * const record: LogRecord = {
 *   at: Date.now(),
 *   level: 'info',
 *   source: 'voice',
 *   message: 'member joined',
 *   fields: { guildId: '1100000000000000001', channel: '일반' },
 * };
 * ```
 */
export interface LogRecord {
  /** When it happened, epoch milliseconds. */
  readonly at: number;
  /** How severe it is; reads can filter on a minimum level. */
  readonly level: LogLevel;
  /** What wrote it, such as `'voice'` or `'job-board'`; 1 to 100 characters. */
  readonly source: string;
  /** At most 4,000 characters. */
  readonly message: string;
  /**
   * Any JSON-serialisable details. Bigints are stored as strings, dates as ISO strings, and NUL
   * characters and lone surrogates (which not every database can hold) as U+FFFD.
   */
  readonly fields?: Readonly<Record<string, unknown>>;
}

/**
 * A log record as a store returns it: `fields` is always there, `{}` when none were given.
 *
 * @example Reading the newest record
 * ```ts
 * const [latest]: StoredLogRecord[] = await store.readRecentLogs({ limit: 1 });
 * console.log(latest.fields);
 * ```
 */
export interface StoredLogRecord extends LogRecord {
  /** The details as stored; `{}` when none were given. */
  readonly fields: Readonly<Record<string, unknown>>;
}

/**
 * Which log records to read back.
 *
 * @example The last 20 warnings and errors of the job board
 * ```ts
 * const query: RecentLogsQuery = { minLevel: 'warn', source: 'job-board', limit: 20 };
 * ```
 */
export interface RecentLogsQuery {
  /** Only records at this level or above. */
  readonly minLevel?: LogLevel;
  /** Only records from this source. */
  readonly source?: string;
  /**
   * How many records at most, 1 to 1,000.
   * @defaultValue 100
   */
  readonly limit?: number;
}

/**
 * Storage for structured log records.
 *
 * @example Appending a warning and reading it back
 * ```ts
 * await store.appendLogs([{ at: Date.now(), level: 'warn', source: 'voice', message: 'replayed event' }]);
 * const recent = await store.readRecentLogs({ minLevel: 'warn' });
 * ```
 */
export interface LogStore {
  /**
   * Appends records in one transaction.
   *
   * @param records - the batch; an empty one does nothing
   * @throws {@link @guildkit/core!ValidationError} when a record is malformed or its fields are not serialisable; nothing is written
   */
  appendLogs(records: readonly LogRecord[]): Promise<void>;

  /**
   * Reads the newest records, newest first (by `at`, then by order of appending).
   *
   * @param query - filters and a limit
   */
  readRecentLogs(query?: RecentLogsQuery): Promise<StoredLogRecord[]>;

  /**
   * Deletes the oldest records from before a time, at most `limit` of them in one transaction:
   * retention in batches, so that no delete holds the database for long. Call it again until it
   * returns fewer than `limit`.
   *
   * @returns how many records it deleted
   * @throws {@link @guildkit/core!ValidationError} when `before` is not epoch milliseconds or `limit` not 1 to 100,000
   */
  pruneLogs(query: PruneLogsQuery): Promise<number>;
}

/**
 * Which log records {@link LogStore.pruneLogs} deletes.
 *
 * @example Records older than 90 days, 5,000 at a time
 * ```ts
 * const query: PruneLogsQuery = { before: Date.now() - 90 * 86_400_000, limit: 5_000 };
 * ```
 */
export interface PruneLogsQuery {
  /** Records from before this time (epoch milliseconds) are deleted. */
  readonly before: number;
  /** At most this many, the oldest first. @defaultValue 10_000 */
  readonly limit?: number;
}
