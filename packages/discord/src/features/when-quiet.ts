import { type EventLoopUtilization, performance } from 'node:perf_hooks';

/** @internal How {@link WhenQuiet} paces its work. */
export interface WhenQuietOptions {
  /**
   * One slice of the work: a few milliseconds at most. Returns whether work is left.
   */
  readonly slice: () => boolean;
  /** How often a busy event loop is looked at again. @defaultValue 20 */
  readonly checkMs?: number;
  /** The share of the last check's interval the loop was busy above which it counts as busy. @defaultValue 0.9 */
  readonly busyAbove?: number;
  /** The longest work waits for a quiet loop; past it, one slice a check goes anyway. @defaultValue 3_000 */
  readonly maxDelayMs?: number;
  /**
   * Whether the next slice may go now: the work's own backpressure (what it hands on has not been
   * taken yet). When it says no, the next look decides again; past `maxDelayMs`, one slice a look
   * goes anyway. @defaultValue always
   */
  readonly ready?: () => boolean;
  /** Told of a slice that threw: the work left then waits for the next `wake()`. */
  readonly failed: (error: unknown) => void;
}

/**
 * @internal Runs background work in slices when the event loop is not saturated, so that a burst
 * of gateway events (and the interactions queued behind them, which must be answered within 3 s)
 * goes first. Every `checkMs` while work waits, it looks at how busy the loop was since the last
 * look (`performance.eventLoopUtilization`): quiet, it runs slices back to back, one a turn of the
 * loop, until none is left; busy, it waits for the next look. Work that waited `maxDelayMs` gets
 * one slice a look, busy or not: a loop that stays saturated still sees it done.
 *
 * Hand-written: Node.js has no idle callback (`requestIdleCallback` is the browser's), and this is
 * the one policy guildkit needs, in 60 lines.
 */
export class WhenQuiet {
  readonly #work: () => boolean;
  readonly #ready: () => boolean;
  readonly #failed: (error: unknown) => void;
  readonly #checkMs: number;
  readonly #busyAbove: number;
  readonly #maxDelayMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #immediate: ReturnType<typeof setImmediate> | undefined;
  /** The loop's figures at the last look. */
  #mark: EventLoopUtilization | undefined;
  /** When the oldest work that waits was woken for. */
  #since: number | undefined;

  constructor(options: WhenQuietOptions) {
    this.#work = options.slice;
    this.#ready = options.ready ?? (() => true);
    this.#failed = options.failed;
    this.#checkMs = options.checkMs ?? 20;
    this.#busyAbove = options.busyAbove ?? 0.9;
    this.#maxDelayMs = options.maxDelayMs ?? 3_000;
  }

  /** There is work: it is done at the next quiet look. Cheap to call for every piece of work. */
  wake(): void {
    if (this.#timer !== undefined || this.#immediate !== undefined) return;
    this.#since = performance.now();
    this.#look();
  }

  /** Does all the work now, slice after slice, and stops looking. */
  finish(): void {
    this.stop();
    while (this.#slice()) {
      // every slice, until none is left
    }
  }

  /** Stops looking; work left waits for the next `wake()` or `finish()`. */
  stop(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    if (this.#immediate !== undefined) clearImmediate(this.#immediate);
    this.#timer = undefined;
    this.#immediate = undefined;
    this.#since = undefined;
  }

  /** One slice; a throw is reported, never let out into the event loop. */
  #slice(): boolean {
    try {
      return this.#work();
    } catch (error) {
      this.#failed(error);
      return false;
    }
  }

  #look(): void {
    this.#mark = performance.eventLoopUtilization();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      const go = performance.eventLoopUtilization(this.#mark).utilization <= this.#busyAbove && this.#ready();
      if (go) this.#run(performance.now());
      else if (performance.now() - (this.#since as number) < this.#maxDelayMs) this.#look();
      // Waited long enough: one slice, then the next look.
      else if (this.#slice()) this.#look();
      else this.#since = undefined;
    }, this.#checkMs);
  }

  /**
   * Slices back to back, one a turn of the loop (I/O goes between them), for `checkMs` or until the
   * work is not ready; then a look again, over an interval without them, in case a burst began
   * meanwhile.
   */
  #run(started: number): void {
    if (!this.#slice()) {
      this.#since = undefined;
      return;
    }
    if (performance.now() - started >= this.#checkMs || !this.#ready()) {
      this.#look();
      return;
    }
    this.#immediate = setImmediate(() => {
      this.#immediate = undefined;
      this.#run(started);
    });
  }
}
