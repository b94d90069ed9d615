import { setTimeout as sleep } from 'node:timers/promises';

// better-sqlite3 is synchronous: a connection's own busy timeout waits for another process's lock
// on the calling thread, which for a bot is the thread that answers the gateway. So the connection
// gives up on a lock at once, and the waiting is done here, between tries, on timers.

/** The first pause between tries, in milliseconds; it doubles up to {@link LONGEST_PAUSE_MS}. */
const FIRST_PAUSE_MS = 1;
/** The longest pause between tries: a lock released is taken within this. */
const LONGEST_PAUSE_MS = 50;

/** @internal Whether SQLite refused because another connection holds a lock. */
export function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

/**
 * @internal Runs `attempt` (all or nothing) until it does not fail on a lock, pausing on timers
 * between tries, for up to `budgetMs`; then throws the last lock error. Any other error is thrown
 * at once.
 */
export async function retryWhileBusy<T>(attempt: () => T | Promise<T>, budgetMs: number): Promise<T> {
  const deadline = performance.now() + budgetMs;
  for (let pause = FIRST_PAUSE_MS; ; pause = Math.min(pause * 2, LONGEST_PAUSE_MS)) {
    try {
      return await attempt();
    } catch (error) {
      const left = deadline - performance.now();
      if (!isBusy(error) || left <= 0) throw error;
      pause = Math.min(pause, left);
    }
    await sleep(pause);
  }
}

/**
 * @internal Writes that meet another process's lock, waited for in order: a write runs at once,
 * synchronously, unless one before it waits; then it waits behind it, and each is tried again
 * on timers for up to `budgetMs`. A write rejects with its own error.
 */
export class LockQueue {
  readonly #budgetMs: number;
  /** Set while a write waits for the lock: the writes after it wait behind it. */
  #waiting: Promise<unknown> | undefined;

  constructor(budgetMs: number) {
    this.#budgetMs = budgetMs;
  }

  run<T>(attempt: () => T): Promise<T> {
    if (this.#waiting === undefined) {
      try {
        return Promise.resolve(attempt());
      } catch (error) {
        if (!isBusy(error) || this.#budgetMs === 0) return Promise.reject(error);
      }
    }
    return this.#behind(() => retryWhileBusy(attempt, this.#budgetMs));
  }

  /**
   * Runs a write made on another connection of this process (the log writer thread's) once the
   * writes before it have ended; the writes after it wait until it ends. So this process's
   * connections never meet each other's lock: only another process's.
   */
  runElsewhere<T>(write: () => Promise<T>): Promise<T> {
    return this.#behind(write);
  }

  /** Runs `write` after the writes waiting, however they end; the writes after it wait for it. */
  #behind<T>(write: () => Promise<T>): Promise<T> {
    const written = (this.#waiting ?? Promise.resolve())
      .catch(() => {}) // a write before this one failed: that is its caller's to handle
      .then(write);
    this.#waiting = written;
    const settled = () => {
      if (this.#waiting === written) this.#waiting = undefined;
    };
    written.then(settled, settled);
    return written;
  }

  /** Resolves once the writes waiting have ended, however they ended. */
  async settled(): Promise<void> {
    await this.#waiting?.catch(() => {});
  }
}
