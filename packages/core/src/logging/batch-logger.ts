import { EventEmitter } from 'eventemitter3';
import type { CloseOptions, ErrorContext } from '../lifecycle/lifecycle.ts';
import { LOG_LEVEL_VALUES, type LogLevel, type LogRecord } from '../storage/log-store.ts';
import { integerOption, MAX_DATE_MS, refuseRenamed } from '../validation.ts';
import type { LogSink } from './log-sink.ts';
import { DEFAULT_REDACT_KEYS, DEFAULT_REDACT_PATTERNS, redactFields, redactText, secretTest } from './redact.ts';
import { SinkRunner, type SinkStats } from './sink-runner.ts';

/**
 * Options of {@link BatchLogger}; only `sinks` is required.
 *
 * @example Warnings and above, 200 to a batch, at least every 2 seconds
 * ```ts
 * const options: BatchLoggerOptions = { sinks: [storeLogSink(store)], minLevel: 'warn', batchSize: 200, flushIntervalMs: 2_000 };
 * ```
 */
export interface BatchLoggerOptions {
  readonly sinks: readonly LogSink[];
  /** Records below this level are not kept. @defaultValue 'info' */
  readonly minLevel?: LogLevel;
  /**
   * Records per write, at most (a sink may set its own). A store writes 1,000 records in one
   * transaction in about 3 ms, and half as many commits take a busy logger a few percent further.
   * @defaultValue 1_000
   */
  readonly batchSize?: number;
  /** The longest a record waits before a write (a sink may set its own). @defaultValue 1_000 */
  readonly flushIntervalMs?: number;
  /**
   * Records waiting per sink, at most. Past it, the oldest record of the lowest level waiting is
   * dropped; drops are counted in `stats()` and reported by a record of their own in the sink's
   * next batch. @defaultValue 10_000
   */
  readonly maxBuffer?: number;
  /** Parts of field names whose values are replaced, at any depth, before any sink sees them. @defaultValue {@link DEFAULT_REDACT_KEYS} */
  readonly redactKeys?: readonly string[];
  /** Secrets to find and replace inside messages (global regexes). @defaultValue {@link DEFAULT_REDACT_PATTERNS} */
  readonly redactPatterns?: readonly RegExp[];
  /** The first retry of a failed write waits up to this (full jitter); each next one doubles it. @defaultValue 500 */
  readonly retryDelayMs?: number;
  /** The longest wait between retries. @defaultValue 30_000 */
  readonly maxRetryDelayMs?: number;
  /** The clock of the records. @defaultValue Date.now */
  readonly now?: () => number;
}

/**
 * What {@link BatchLogger.stats} reports.
 *
 * @example Alerting on dropped records
 * ```ts
 * const { sinks }: BatchLoggerStats = logger.stats();
 * for (const [name, sink] of Object.entries(sinks)) if (sink.dropped.info > 0) console.warn(`${name} is falling behind`);
 * ```
 */
export interface BatchLoggerStats {
  /** Records taken (at or above `minLevel`). */
  readonly logged: number;
  /** Records refused: a level that is not one of the six. */
  readonly invalid: number;
  readonly sinks: Readonly<Record<string, SinkStats>>;
}

/**
 * Events of {@link BatchLogger}.
 *
 * @example Printing sink failures
 * ```ts
 * logger.on('error', (error, { sink, retryInMs }) => console.error(sink, error, retryInMs === undefined ? 'dropped' : 'retried'));
 * ```
 */
export interface BatchLoggerEvents {
  /**
   * A write failed (`step: 'write'`, with `sink`): it is tried again in `retryInMs`, or, when
   * `retryInMs` is left out, the sink refused the batch for good.
   */
  error: [error: unknown, context: ErrorContext];
}

/**
 * Structured logs, written in batches: `log()` returns at once, and each sink gets its records in
 * batches by size and by time, one write per batch (one transaction for a store), one write at a
 * time. Sinks are independent: a slow or failing one holds nothing but its own buffer, and its
 * failed batches are retried with backoff. Secret fields are redacted before any sink sees them.
 * Memory is bounded by `maxBuffer` per sink. Call `close()` on shutdown.
 *
 * @example Logging voice activity into the store
 * ```ts
 * import { BatchLogger, storeLogSink } from '@guildkit/core';
 *
 * const logger = new BatchLogger({ sinks: [storeLogSink(store)] });
 * logger.info('voice', 'member joined', { guildId, userId, channel: '일반' });
 * await logger.close();
 * ```
 */
export class BatchLogger extends EventEmitter<BatchLoggerEvents> {
  readonly #runners: SinkRunner[];
  readonly #minLevelValue: number;
  readonly #isSecret: (key: string) => boolean;
  readonly #redactPatterns: readonly RegExp[];
  readonly #now: () => number;
  #logged = 0;
  #invalid = 0;
  #closed = false;

  public constructor(options: BatchLoggerOptions) {
    super();
    if (!Array.isArray(options?.sinks)) throw new TypeError('BatchLoggerOptions.sinks must be an array of sinks');
    refuseRenamed(options, 'BatchLoggerOptions', { retryBaseMs: 'retryDelayMs', retryMaxMs: 'maxRetryDelayMs' });
    const sinks: readonly LogSink[] = options.sinks;
    const minLevel = options.minLevel ?? 'info';
    if (!(minLevel in LOG_LEVEL_VALUES))
      throw new TypeError(`BatchLoggerOptions.minLevel must be a log level; received ${String(minLevel)}`);
    const names = new Set<string>();
    for (const sink of sinks) {
      if (typeof sink?.write !== 'function' || typeof sink.name !== 'string' || names.has(sink.name)) {
        throw new TypeError('each of BatchLoggerOptions.sinks needs a unique name and a write(records) function');
      }
      names.add(sink.name);
    }
    this.#minLevelValue = LOG_LEVEL_VALUES[minLevel];
    this.#isSecret = secretTest(options.redactKeys ?? DEFAULT_REDACT_KEYS);
    this.#redactPatterns = options.redactPatterns ?? DEFAULT_REDACT_PATTERNS;
    for (const pattern of this.#redactPatterns) {
      if (!(pattern instanceof RegExp) || !pattern.global)
        throw new TypeError(
          `BatchLoggerOptions.redactPatterns must hold global regexes (with /g); received ${String(pattern)}`,
        );
    }
    this.#now = options.now ?? Date.now;
    const failed = (sink: string, error: unknown, retryInMs: number | undefined) => {
      if (this.listenerCount('error') > 0)
        this.emit(
          'error',
          error,
          retryInMs === undefined ? { step: 'write', sink } : { step: 'write', sink, retryInMs },
        );
    };
    this.#runners = sinks.map((sink) => {
      const batchSize = positive(sink.batchSize ?? options.batchSize ?? 1_000, 'batchSize');
      return new SinkRunner(sink, {
        batchSize,
        maxBatchSize: Math.max(batchSize, positive(sink.maxBatchSize ?? batchSize, 'maxBatchSize')),
        flushIntervalMs: positive(sink.flushIntervalMs ?? options.flushIntervalMs ?? 1_000, 'flushIntervalMs'),
        maxBuffer: positive(sink.maxBuffer ?? options.maxBuffer ?? 10_000, 'maxBuffer'),
        minLevelValue: Math.max(this.#minLevelValue, LOG_LEVEL_VALUES[sink.minLevel ?? 'trace']),
        retryDelayMs: positive(options.retryDelayMs ?? 500, 'retryDelayMs'),
        maxRetryDelayMs: positive(options.maxRetryDelayMs ?? 30_000, 'maxRetryDelayMs'),
        now: this.#now,
        random: Math.random,
        failed,
      });
    });
  }

  /**
   * Takes a record; never throws and never waits. The message is cut at 4,000 characters and the
   * source at 100; fields are copied (their top level), secret ones redacted.
   */
  public log(level: LogLevel, source: string, message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.logAt(this.#now(), level, source, message, fields);
  }

  /**
   * Takes a record of something that happened at `at` (epoch milliseconds), not now: for records
   * kept aside and logged later, such as the activity log's voice changes in a burst. Otherwise as
   * {@link BatchLogger.log}; `at` is rounded down to a whole millisecond, and one that is not a
   * time (not a number, or past the year 275,000) is taken as now.
   *
   * @example A change logged with the time it happened
   * ```ts
   * logger.logAt(event.at, 'info', 'voice', `<@${event.userId}> joined`, { guildId: event.guildId });
   * ```
   */
  public logAt(
    at: number,
    level: LogLevel,
    source: string,
    message: string,
    fields?: Readonly<Record<string, unknown>>,
  ): void {
    const value = LOG_LEVEL_VALUES[level];
    if (value === undefined) {
      this.#invalid += 1;
      return;
    }
    if (value < this.#minLevelValue || this.#closed) return;
    if (typeof source !== 'string') source = String(source);
    if (typeof message !== 'string') message = String(message);
    const record: LogRecord = {
      at: Math.abs(at) <= MAX_DATE_MS ? Math.floor(at) : this.#now(),
      level,
      source: source.length > 100 ? source.slice(0, 100) : source || 'unknown',
      message: redactText(message.length > 4_000 ? `${message.slice(0, 3_999)}…` : message, this.#redactPatterns),
      fields: redactFields(fields, this.#isSecret) ?? NO_FIELDS,
    };
    this.#logged += 1;
    for (const runner of this.#runners) runner.offer(record);
  }

  /** Logs at `trace`. */
  public trace(source: string, message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.log('trace', source, message, fields);
  }
  /** Logs at `debug`. */
  public debug(source: string, message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.log('debug', source, message, fields);
  }
  /** Logs at `info`. */
  public info(source: string, message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.log('info', source, message, fields);
  }
  /** Logs at `warn`. */
  public warn(source: string, message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.log('warn', source, message, fields);
  }
  /** Logs at `error`. */
  public error(source: string, message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.log('error', source, message, fields);
  }
  /** Logs at `fatal`. */
  public fatal(source: string, message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.log('fatal', source, message, fields);
  }

  public stats(): BatchLoggerStats {
    return {
      logged: this.#logged,
      invalid: this.#invalid,
      sinks: Object.fromEntries(this.#runners.map((runner) => [runner.sink.name, runner.stats()])),
    };
  }

  /**
   * Writes everything waiting, retrying failed writes (without waiting out their backoff first).
   *
   * @throws `Error` naming the sinks that still hold records after `timeoutMs`
   */
  public async flush(options: { readonly timeoutMs?: number } = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? 30_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), timeoutMs);
    });
    const drained = Promise.all(this.#runners.map((runner) => runner.drain()));
    const outcome = await Promise.race([drained, late]);
    clearTimeout(timer);
    if (outcome === 'late') {
      const behind = this.#runners
        .filter((runner) => !runner.idle)
        .map((runner) => `${runner.sink.name} (${runner.stats().buffered} records)`);
      throw new Error(
        `BatchLogger: after ${timeoutMs} ms these sinks still hold records: ${behind.join(', ')}. They keep failing; see the error events.`,
      );
    }
  }

  /** Stops taking records, writes everything waiting (within `timeoutMs`, default 10 s), and stops the timers. */
  public async close(options: CloseOptions = {}): Promise<void> {
    this.#closed = true;
    try {
      await this.flush({ timeoutMs: options.timeoutMs ?? 10_000 });
    } finally {
      for (const runner of this.#runners) runner.stop();
    }
  }
}

/** The fields of records logged without any. */
const NO_FIELDS: Readonly<Record<string, unknown>> = Object.freeze({});

function positive(value: unknown, option: string): number {
  return integerOption(value, `BatchLoggerOptions.${option}`, 1, 'a positive integer');
}
