import { integerOption, refuseRenamed } from '../validation.ts';
import { classifyFailure, RetryGaveUpError, type RetryVerdict } from './retry-verdict.ts';
import { sleep } from './sleep.ts';

/**
 * Options of {@link RetryingExecutor}; every one has a default.
 *
 * @example Three attempts within ten seconds
 * ```ts
 * const options: RetryingExecutorOptions = { maxAttempts: 3, maxElapsedMs: 10_000 };
 * ```
 */
export interface RetryingExecutorOptions {
  /** Attempts per call, the first included. @defaultValue 5 */
  readonly maxAttempts?: number;
  /**
   * No retry is planned that would start later than this after the call began. Pauses that other
   * calls' 429s put on the bucket are waited out all the same: they are the API's own word.
   * @defaultValue 60_000
   */
  readonly maxElapsedMs?: number;
  /** The first backoff's ceiling; each next one doubles it. @defaultValue 500 */
  readonly retryDelayMs?: number;
  /** The largest backoff. @defaultValue 30_000 */
  readonly maxRetryDelayMs?: number;
  /** Judges a failure. @defaultValue {@link classifyFailure} */
  readonly classify?: (error: unknown) => RetryVerdict;
  /** Jitter, 0 (inclusive) to 1. @defaultValue Math.random */
  readonly random?: () => number;
  /** The clock; waits use the global timers. @defaultValue Date.now */
  readonly now?: () => number;
}

/**
 * One call's options for {@link RetryingExecutor.run}.
 *
 * @example A read that may run twice, in the weather API's bucket
 * ```ts
 * const call: RetryCall = { bucket: 'weather', idempotent: true };
 * ```
 */
export interface RetryCall {
  /** Calls that share a rate limit: a 429 pauses the bucket's other calls too. @defaultValue 'default' */
  readonly bucket?: string;
  /**
   * Whether the call may run twice. A server error or a lost connection may come after the call
   * did its work, so only idempotent calls are retried then. A 429 means it did not run, and is
   * always retried. @defaultValue false
   */
  readonly idempotent?: boolean;
  /** Stops waiting and retrying; the task gets it too. */
  readonly signal?: AbortSignal;
}

/**
 * Calls a rate-limited API and retries as it asks: after `retry-after` on a 429 (pausing the
 * bucket's other calls, and every call when the limit is global), with exponential backoff and
 * full jitter after server errors and lost connections (idempotent calls only), within a number of
 * attempts and a time. For APIs other than Discord's, and for guildkit's own queues: discord.js
 * already waits out Discord's limits, so wrapping its REST calls would wait twice.
 *
 * @example Calling a translation API
 * ```ts
 * import { RetryingExecutor } from '@guildkit/core';
 *
 * const executor = new RetryingExecutor({ maxAttempts: 4 });
 * const text = await executor.run(
 *   async ({ signal }) => {
 *     const response = await fetch(url, { signal });
 *     if (!response.ok) throw Object.assign(new Error(response.statusText), { status: response.status, headers: response.headers });
 *     return response.text();
 *   },
 *   { bucket: 'translate', idempotent: true },
 * );
 * ```
 */
export class RetryingExecutor {
  readonly #maxAttempts: number;
  readonly #maxElapsedMs: number;
  readonly #retryDelayMs: number;
  readonly #maxRetryDelayMs: number;
  readonly #classify: (error: unknown) => RetryVerdict;
  readonly #random: () => number;
  readonly #now: () => number;
  /** Until when each bucket waits; `#global` holds every bucket. */
  readonly #pausedUntil = new Map<string, number>();
  #global = 0;

  public constructor(options: RetryingExecutorOptions = {}) {
    this.#maxAttempts = integerOption(options.maxAttempts ?? 5, 'RetryingExecutorOptions.maxAttempts', 1);
    this.#maxElapsedMs = integerOption(options.maxElapsedMs ?? 60_000, 'RetryingExecutorOptions.maxElapsedMs', 0);
    refuseRenamed(options, 'RetryingExecutorOptions', { baseDelayMs: 'retryDelayMs', maxDelayMs: 'maxRetryDelayMs' });
    this.#retryDelayMs = integerOption(options.retryDelayMs ?? 500, 'RetryingExecutorOptions.retryDelayMs', 0);
    this.#maxRetryDelayMs = integerOption(
      options.maxRetryDelayMs ?? 30_000,
      'RetryingExecutorOptions.maxRetryDelayMs',
      0,
    );
    this.#classify = options.classify ?? classifyFailure;
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Runs `task` until it succeeds, and returns what it returns.
   *
   * @throws {@link RetryGaveUpError} with the last failure as `cause`, when a failure is fatal,
   *   not to be retried for a call that is not idempotent, or attempts or time run out
   * @throws the signal's reason when it aborts
   */
  public async run<T>(
    task: (attempt: { readonly number: number; readonly signal: AbortSignal | undefined }) => Promise<T>,
    call: RetryCall = {},
  ): Promise<T> {
    const { bucket = 'default', idempotent = false, signal } = call;
    const started = this.#now();
    for (let attempt = 1; ; attempt += 1) {
      await this.#waitFor(bucket, signal);
      signal?.throwIfAborted();
      try {
        return await task({ number: attempt, signal });
      } catch (error) {
        signal?.throwIfAborted();
        const verdict = this.#classify(error);
        if (verdict.kind === 'fatal')
          throw new RetryGaveUpError('the failure is not one to retry', attempt, 'fatal', error);
        if (verdict.kind === 'transient' && !idempotent) {
          throw new RetryGaveUpError('the call is not idempotent, and may have run', attempt, 'transient', error);
        }
        if (attempt >= this.#maxAttempts) {
          throw new RetryGaveUpError(`${this.#maxAttempts} attempts made`, attempt, verdict.kind, error);
        }
        const now = this.#now();
        const until = verdict.kind === 'rate-limited' ? now + verdict.retryAfterMs : now + this.#backoff(attempt);
        if (until - started > this.#maxElapsedMs) {
          throw new RetryGaveUpError(
            `the next try would be past ${this.#maxElapsedMs} ms`,
            attempt,
            verdict.kind,
            error,
          );
        }
        if (verdict.kind === 'rate-limited' && verdict.global === true) this.#global = Math.max(this.#global, until);
        else this.#pausedUntil.set(bucket, Math.max(this.#pausedUntil.get(bucket) ?? 0, until));
      }
    }
  }

  /** Until when calls of a bucket wait (0 when they need not): its own pause or the global one. */
  public pausedUntil(bucket = 'default'): number {
    const until = Math.max(this.#pausedUntil.get(bucket) ?? 0, this.#global);
    return until > this.#now() ? until : 0;
  }

  /** Full jitter: anywhere from 0 to base × 2^(attempt - 1), at most maxRetryDelayMs. */
  #backoff(attempt: number): number {
    const ceiling = Math.min(this.#maxRetryDelayMs, this.#retryDelayMs * 2 ** (attempt - 1));
    return Math.floor(this.#random() * ceiling);
  }

  /** Waits out the bucket's and the global pause (either may grow while waiting). */
  async #waitFor(bucket: string, signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      const until = this.pausedUntil(bucket);
      if (until === 0) {
        this.#pausedUntil.delete(bucket); // its pause, if it had one, is over
        return;
      }
      await sleep(until - this.#now(), signal);
    }
  }
}
