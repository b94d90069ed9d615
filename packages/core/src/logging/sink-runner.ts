import { LOG_LEVEL_VALUES, type LogLevel, type LogRecord } from '../storage/log-store.ts';
import { LEVELS, LevelLanes } from './level-lanes.ts';
import type { LogSink } from './log-sink.ts';

/**
 * One sink's figures in {@link BatchLoggerStats}.
 *
 * @example Watching a sink fall behind
 * ```ts
 * const { buffered, failedWrites }: SinkStats = logger.stats().sinks.discord;
 * ```
 */
export interface SinkStats {
  /** Records waiting, the batch being written or retried included. */
  readonly buffered: number;
  readonly written: number;
  /** Records dropped to stay within `maxBuffer`, by level. */
  readonly dropped: Readonly<Record<LogLevel, number>>;
  /** Records in batches the sink refused for good (a `TypeError`). */
  readonly rejected: number;
  /** Writes that failed and were retried. */
  readonly failedWrites: number;
}

/** @internal How a runner works; the logger resolves it from its options and the sink's. */
export interface RunnerSettings {
  readonly batchSize: number;
  /** The most records a write takes when more than `batchSize` wait behind the one under way. */
  readonly maxBatchSize: number;
  readonly flushIntervalMs: number;
  readonly maxBuffer: number;
  readonly minLevelValue: number;
  readonly retryDelayMs: number;
  readonly maxRetryDelayMs: number;
  readonly now: () => number;
  readonly random: () => number;
  /** Told of each failed write. */
  /** A write failed; `retryInMs` is the wait before it is tried again, `undefined` when it is not. */
  readonly failed: (sink: string, error: unknown, retryInMs: number | undefined) => void;
}

const noDrops = (): Record<LogLevel, number> => ({ trace: 0, debug: 0, info: 0, warn: 0, error: 0, fatal: 0 });

/**
 * @internal Feeds one sink: its own buffer, one write at a time, batches by size and by time,
 * retries with backoff, and the drop policy. A slow sink holds nothing but itself.
 */
export class SinkRunner {
  readonly sink: LogSink;
  readonly #settings: RunnerSettings;
  readonly #lanes = new LevelLanes();
  /** The batch being written, or waiting to be written again. */
  #batch: LogRecord[] | undefined;
  #pump: Promise<void> | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Whether the timer is set to write full batches at once (and must not be pushed back). */
  #soon = false;
  #failures = 0;
  #wake: (() => void) | undefined;
  #written = 0;
  #rejected = 0;
  #failedWrites = 0;
  readonly #dropped = noDrops();
  /** Dropped since the last notice. */
  #droppedSinceNotice = noDrops();

  constructor(sink: LogSink, settings: RunnerSettings) {
    this.sink = sink;
    this.#settings = settings;
  }

  stats(): SinkStats {
    return {
      buffered: this.#lanes.size + (this.#batch?.length ?? 0),
      written: this.#written,
      dropped: { ...this.#dropped },
      rejected: this.#rejected,
      failedWrites: this.#failedWrites,
    };
  }

  get idle(): boolean {
    return this.#lanes.size === 0 && this.#batch === undefined && this.#pump === undefined;
  }

  offer(record: LogRecord): void {
    if (LOG_LEVEL_VALUES[record.level] < this.#settings.minLevelValue) return;
    this.#lanes.push(record);
    if (this.#lanes.size > this.#settings.maxBuffer) {
      const dropped = this.#lanes.dropLowest() as LogRecord;
      this.#dropped[dropped.level] += 1;
      this.#droppedSinceNotice[dropped.level] += 1;
    }
    if (this.#pump !== undefined || this.#soon) return;
    if (this.#lanes.size >= this.#settings.batchSize) this.#schedule(0, false);
    else if (this.#timer === undefined) this.#schedule(this.#settings.flushIntervalMs, true);
  }

  /** Writes everything waiting now, retrying failures; resolves once the buffer is empty. */
  async drain(): Promise<void> {
    this.#wake?.(); // a backoff in progress ends now: draining retries at once
    while (!this.idle) {
      this.#start(true);
      await this.#pump;
    }
  }

  stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#soon = false;
  }

  /** Starts writing after `ms`: full batches only, or `everything` waiting (the time is up). */
  #schedule(ms: number, everything: boolean): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (ms === 0) {
      // A full batch goes as soon as the code that logged it returns, before records age into
      // the old generation of the heap (which costs the collector more than writing them).
      this.#soon = true;
      queueMicrotask(() => {
        if (!this.#soon) return;
        this.#soon = false;
        this.#start(everything);
      });
      return;
    }
    this.#soon = false;
    // Held open while records wait (a process that logs and ends still writes them).
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#soon = false;
      this.#start(everything);
    }, ms);
  }

  #start(everything: boolean): void {
    if (this.#pump !== undefined) return;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#soon = false;
    this.#pump = this.#run(everything).finally(() => {
      this.#pump = undefined;
      if (this.#lanes.size >= this.#settings.batchSize) this.#schedule(0, false);
      else if (this.#lanes.size > 0) this.#schedule(this.#settings.flushIntervalMs, true);
    });
  }

  async #run(everything: boolean): Promise<void> {
    for (;;) {
      const batch = this.#batch ?? this.#nextBatch(everything);
      if (batch === undefined) return;
      this.#batch = batch;
      try {
        await this.sink.write(batch);
        this.#written += batch.length;
        this.#batch = undefined;
        this.#failures = 0;
      } catch (error) {
        const permanent = error instanceof TypeError || (error as { permanent?: unknown })?.permanent === true;
        if (permanent) {
          this.#settings.failed(this.sink.name, error, undefined);
          this.#rejected += batch.length;
          this.#batch = undefined;
        } else {
          this.#failedWrites += 1;
          this.#failures += 1;
          const ceiling = Math.min(
            this.#settings.maxRetryDelayMs,
            this.#settings.retryDelayMs * 2 ** (this.#failures - 1),
          );
          const delayMs = Math.floor(this.#settings.random() * ceiling);
          this.#settings.failed(this.sink.name, error, delayMs);
          await this.#backoff(delayMs);
        }
      }
    }
  }

  /** The next batch: a full one, or whatever waits when `everything`; a drop notice first when records were dropped. */
  #nextBatch(everything: boolean): LogRecord[] | undefined {
    const waiting = this.#lanes.size;
    if (waiting === 0 || (!everything && waiting < this.#settings.batchSize)) return undefined;
    const notice = this.#dropNotice();
    // A sink that fell behind (records logged faster than one write a turn of the event loop, as in a
    // burst) catches up with larger writes, up to maxBatchSize, rather than dropping records.
    const batch = this.#lanes.take(this.#settings.maxBatchSize - (notice === undefined ? 0 : 1));
    if (notice !== undefined) batch.unshift(notice);
    return batch;
  }

  #dropNotice(): LogRecord | undefined {
    const counts = this.#droppedSinceNotice;
    const total = LEVELS.reduce((sum, level) => sum + counts[level], 0);
    if (total === 0) return undefined;
    this.#droppedSinceNotice = noDrops();
    const byLevel = Object.fromEntries(
      LEVELS.filter((level) => counts[level] > 0).map((level) => [level, counts[level]]),
    );
    return {
      at: this.#settings.now(),
      level: 'warn',
      source: 'guildkit.logger',
      message: `dropped ${total} log record${total === 1 ? '' : 's'} for the ${this.sink.name} sink, to stay within maxBuffer (${this.#settings.maxBuffer})`,
      fields: { sink: this.sink.name, ...byLevel },
    };
  }

  /** Full jitter, doubling per failure; drain() ends it early. Not held open: a dead sink does not keep a process alive. */
  #backoff(delayMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(wake, delayMs);
      (timer as { unref?: () => void }).unref?.();
      this.#wake = wake;
    });
  }
}
