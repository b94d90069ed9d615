import type { LogLevel, LogRecord, LogStore } from '../storage/log-store.ts';

/**
 * Where a {@link BatchLogger} writes: one `write` per batch. A write that rejects is retried with
 * backoff, the batch kept; one that rejects with a `TypeError` (such as a
 * {@link @guildkit/core!ValidationError}) or an error whose `permanent` is `true` is not, since the
 * same records would fail again, and its records are counted as rejected.
 *
 * @example A sink that prints batches
 * ```ts
 * const console: LogSink = { name: 'console', write: async (records) => records.forEach((record) => print(record)) };
 * ```
 */
export interface LogSink {
  /** Names the sink in stats and in the logger's own records. */
  readonly name: string;
  /** Writes one batch: one transaction, one message, one request. */
  write(records: readonly LogRecord[]): Promise<void>;
  /** Only records at this level or above reach the sink (beyond the logger's own minimum). */
  readonly minLevel?: LogLevel;
  /** Records per write, at most. @defaultValue the logger's `batchSize` */
  readonly batchSize?: number;
  /**
   * The most records one write takes when more than `batchSize` wait behind the write under way:
   * a sink that falls behind (a burst logs faster than one write a turn of the event loop) catches
   * up with larger writes instead of dropping records at `maxBuffer`. @defaultValue `batchSize`
   */
  readonly maxBatchSize?: number;
  /** The longest a record waits before a write. @defaultValue the logger's `flushIntervalMs` */
  readonly flushIntervalMs?: number;
  /**
   * Records waiting for this sink, at most: past it, the oldest record of the lowest level is
   * dropped and counted, as the logger's `maxBuffer` does. For a sink that shows only part of a
   * busy stream (a chat channel), a small bound keeps memory and the garbage collector's work
   * small. @defaultValue the logger's `maxBuffer`
   */
  readonly maxBuffer?: number;
}

/**
 * A sink into a store's log table (memory, SQLite or PostgreSQL): one transaction per batch. Behind
 * a burst, a write takes up to 10,000 records (`maxBatchSize`), so that the store keeps up with a
 * logger fed faster than one write a turn of the event loop (a SQLite log writer thread, a
 * PostgreSQL server, answer once a turn).
 *
 * @example Logging into the bot's store
 * ```ts
 * import { BatchLogger, storeLogSink } from '@guildkit/core';
 *
 * const logger = new BatchLogger({ sinks: [storeLogSink(store)] });
 * ```
 */
export function storeLogSink(
  store: LogStore,
  options: Omit<LogSink, 'write' | 'name'> & { name?: string } = {},
): LogSink {
  return {
    maxBatchSize: 10_000,
    ...options,
    name: options.name ?? 'store',
    write: (records) => store.appendLogs(records),
  };
}

/**
 * A sink that hands each batch to a function: to a file, a console, another logger.
 *
 * @example Into pino, as one line per record
 * ```ts
 * import { functionLogSink } from '@guildkit/core';
 *
 * const sink = functionLogSink('pino', async (records) => {
 *   for (const { level, source, message, fields } of records) pinoLogger[level]({ source, ...fields }, message);
 * });
 * ```
 */
export function functionLogSink(
  name: string,
  write: (records: readonly LogRecord[]) => Promise<void> | void,
  options: Omit<LogSink, 'write' | 'name'> = {},
): LogSink {
  return { ...options, name, write: async (records) => write(records) };
}
