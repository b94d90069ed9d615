import { nextBackoff } from '../lifecycle/retry-until-stopped.ts';

/**
 * @internal When a tracker tries a failed flush again: after a doubling delay, from `firstMs` up to
 * `maxMs`, one timer at a time, back to no delay once a flush goes through.
 */
export class FlushRetries {
  readonly #firstMs: number;
  readonly #maxMs: number;
  readonly #retry: () => void;
  #delayMs = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(firstMs: number, maxMs: number, retry: () => void) {
    this.#firstMs = firstMs;
    this.#maxMs = maxMs;
    this.#retry = retry;
  }

  /** The delay before the next try: the last one's, or the first when none failed. */
  get delayMs(): number {
    return this.#delayMs || this.#firstMs;
  }

  /** A flush failed: the retry is scheduled (unless one is, or retries stopped); returns its delay. */
  failed(): number {
    this.#delayMs = nextBackoff(this.#delayMs, this.#firstMs, this.#maxMs);
    if (!this.#stopped && this.#timer === undefined) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.#retry();
      }, this.#delayMs);
      this.#timer.unref?.();
    }
    return this.#delayMs;
  }

  /** A flush went through: the next failure waits the first delay again. */
  succeeded(): void {
    this.#delayMs = 0;
  }

  /** No more retries on timers. */
  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
  }
}
