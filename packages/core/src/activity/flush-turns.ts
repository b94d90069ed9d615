import type { Pauses } from '../lifecycle/retry-until-stopped.ts';
import type { ActivityIncrement } from '../storage/activity-store.ts';

/** How long a read of totals waits for a flush under way before it counts the flush's time from memory. */
const READ_WAIT_MS = 1_000;

/**
 * @internal How a tracker's flushes and its reads of stored totals take turns, so that a read
 * counts each millisecond once: from the store once written, from memory until then.
 *
 * One flush runs at a time, and none starts while totals are being read. A read waits for a flush
 * under way, but briefly: a store waiting on a lock or down would hold a member's command past
 * Discord's 3 s. Past that wait, the read counts the flush's new time from memory ({@link inFlight}),
 * and reads again if the flush ends meanwhile.
 */
export class FlushTurns {
  #flushing: Promise<void> | undefined;
  readonly #reading = new Set<Promise<unknown>>();
  /** The new time of the flush under way, until it is written or held as unsure. */
  #inFlight: readonly ActivityIncrement[] = [];
  readonly #pauses: Pauses;

  constructor(pauses: Pauses) {
    this.#pauses = pauses;
  }

  /** Runs `flush` once the flush and the reads under way have ended; a flush asked for meanwhile waits too. */
  async flush(flush: () => Promise<void>): Promise<void> {
    while (this.#flushing !== undefined || this.#reading.size > 0)
      await (this.#flushing ?? Promise.allSettled(this.#reading)).catch(() => {});
    this.#flushing = flush().finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
  }

  /** Runs `write` with `increments` counted as in flight by reads meanwhile. */
  async writing(increments: readonly ActivityIncrement[], write: () => Promise<void>): Promise<void> {
    this.#inFlight = increments;
    try {
      await write();
    } finally {
      this.#inFlight = []; // written, or held as unsure (which reads count as pending)
    }
  }

  /** Reads stored totals in turn; `inFlight` is the new time of a flush still under way, not in `stored`. */
  async read<T>(read: () => Promise<T>): Promise<{ stored: T; inFlight: readonly ActivityIncrement[] }> {
    for (;;) {
      const before = this.#flushing;
      if (before !== undefined) await Promise.race([before.catch(() => {}), this.#pauses.wait(READ_WAIT_MS)]);
      const during = this.#flushing;
      const reading = read();
      this.#reading.add(reading);
      try {
        const stored = await reading;
        if (during !== this.#flushing) continue; // a flush ended (or began) while the totals were read
        return { stored, inFlight: during === undefined ? [] : this.#inFlight };
      } finally {
        this.#reading.delete(reading);
      }
    }
  }
}
