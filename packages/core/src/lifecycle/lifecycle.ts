/**
 * How long `close()` may take. Every primitive's `close()` takes these options and stops the same
 * way: it takes nothing new, writes what it holds, and retries a failing store or sink until
 * `timeoutMs` has passed, then rejects with the last error (nothing is dropped before that).
 *
 * @example Give a store that is down ten seconds to come back at shutdown
 * ```ts
 * await tracker.close({ timeoutMs: 10_000 });
 * ```
 */
export interface CloseOptions {
  /** The longest `close()` retries what fails, in milliseconds; `0` tries once. Each primitive documents its default. */
  readonly timeoutMs?: number;
}

/**
 * What failed, beside the error, in every primitive's `error` event: the step, and whether and when
 * it is tried again. Fields that do not apply are left out.
 *
 * @example Logging every primitive's failures the same way
 * ```ts
 * tracker.on('error', (error, context: ErrorContext) => logger.warn({ err: error, ...context }, `${context.step} failed`));
 * ```
 */
export interface ErrorContext {
  /** What failed, such as `'flush'`, `'restore'`, `'edit'` or `'write'`. */
  readonly step: string;
  /** In how many milliseconds it is tried again; left out when it is not (the failure is final or handled elsewhere). */
  readonly retryInMs?: number;
  /** The guild concerned. */
  readonly guildId?: string;
  /** The job post concerned. */
  readonly postId?: string;
  /** The log sink concerned. */
  readonly sink?: string;
}
