/** @internal Waits that end early, all at once, when their owner stops. */
export class Pauses {
  readonly #wakers = new Set<() => void>();

  /** Waits `ms` of real time, or until {@link Pauses.wakeAll}. */
  wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      timer.unref?.();
      this.#wakers.add(wake);
    });
  }

  /** Ends every wait under way. */
  wakeAll(): void {
    for (const wake of [...this.#wakers]) wake();
  }
}

/** @internal The next wait of a doubling backoff: `firstMs` at first, then twice the last, at most `maxMs`. */
export function nextBackoff(lastMs: number, firstMs: number, maxMs: number): number {
  return Math.min(lastMs === 0 ? firstMs : lastMs * 2, maxMs);
}

/**
 * @internal Runs `work` until it succeeds or `stopped()` says so, with a doubling backoff between
 * attempts; tells `failed` of each failure, with the wait before the next attempt (none once
 * stopped). Never rejects.
 */
export async function retryUntilStopped(
  work: () => Promise<void>,
  options: {
    readonly retryDelayMs: number;
    readonly maxRetryDelayMs: number;
    readonly pauses: Pauses;
    readonly stopped: () => boolean;
    readonly failed: (error: unknown, retryInMs: number | undefined) => void;
  },
): Promise<void> {
  let delayMs = 0;
  for (;;) {
    try {
      await work();
      return;
    } catch (error) {
      if (options.stopped()) {
        options.failed(error, undefined);
        return;
      }
      delayMs = nextBackoff(delayMs, options.retryDelayMs, options.maxRetryDelayMs);
      options.failed(error, delayMs);
      await options.pauses.wait(delayMs);
      if (options.stopped()) return;
    }
  }
}
