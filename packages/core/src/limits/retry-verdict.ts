/**
 * How a failed call should be retried, as {@link RetryingExecutorOptions.classify} judges it:
 * `rate-limited` (the call was refused and did not happen: wait `retryAfterMs`, for its bucket or,
 * when `global`, for every call), `transient` (a server error or a lost connection: back off and
 * retry, if the call may run twice), or `fatal` (do not retry).
 *
 * @example A 429 from an API that limits all routes at once
 * ```ts
 * const verdict: RetryVerdict = { kind: 'rate-limited', retryAfterMs: 1_500, global: true };
 * ```
 */
export type RetryVerdict =
  | { readonly kind: 'rate-limited'; readonly retryAfterMs: number; readonly global?: boolean }
  | { readonly kind: 'transient' }
  | { readonly kind: 'fatal' };

/**
 * Thrown by a task to say that the API refused the call for now: the executor waits
 * `retryAfterMs` (for every call when `global`) and tries again.
 *
 * @example Turning a 429 of some API into a retry
 * ```ts
 * import { RateLimitedError } from '@guildkit/core';
 *
 * const response = await fetch(url);
 * if (response.status === 429) throw new RateLimitedError(Number(response.headers.get('retry-after')) * 1000);
 * ```
 */
export class RateLimitedError extends Error {
  /** How long to wait before the next call, in milliseconds. */
  public readonly retryAfterMs: number;
  /** Whether every call must wait, not only this bucket's. */
  public readonly global: boolean;

  public constructor(retryAfterMs: number, options: { readonly global?: boolean; readonly cause?: unknown } = {}) {
    super(`rate limited${options.global ? ' (global)' : ''}: retry after ${retryAfterMs} ms`, { cause: options.cause });
    this.name = 'RateLimitedError';
    this.retryAfterMs = retryAfterMs;
    this.global = options.global ?? false;
  }
}

/**
 * The executor stopped retrying: attempts or time ran out, or the failure may not be retried.
 * `cause` is the last failure.
 *
 * @example Logging why a call was given up
 * ```ts
 * import { RetryGaveUpError } from '@guildkit/core';
 *
 * try {
 *   await executor.run(() => callApi(), { bucket: 'weather' });
 * } catch (error) {
 *   if (error instanceof RetryGaveUpError) console.warn(`${error.attempts} attempts: ${error.message}`);
 * }
 * ```
 */
export class RetryGaveUpError extends Error {
  /** Attempts made. */
  public readonly attempts: number;
  /** What the last failure was judged to be. */
  public readonly verdict: RetryVerdict['kind'];

  public constructor(reason: string, attempts: number, verdict: RetryVerdict['kind'], cause: unknown) {
    const last = cause instanceof Error ? cause.message : String(cause);
    super(`gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${reason}; last failure: ${last}`, { cause });
    this.name = 'RetryGaveUpError';
    this.attempts = attempts;
    this.verdict = verdict;
  }
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/**
 * The default {@link RetryVerdict} of a failure: {@link RateLimitedError}, or anything with
 * `status` 429 (retry-after from `retryAfterMs`, a `retry-after` header in seconds, or Discord's
 * `retry_after` body; `global` from the body or an `x-ratelimit-global` header), is rate-limited;
 * 500, 502, 503 and 504, and lost connections (`ECONNRESET`, `ETIMEDOUT`, undici's socket errors…),
 * are transient; everything else is fatal.
 *
 * @example Extending it for an API that says "busy" with 409
 * ```ts
 * import { classifyFailure } from '@guildkit/core';
 *
 * const classify = (error: unknown) => ((error as { status?: number }).status === 409 ? { kind: 'transient' as const } : classifyFailure(error));
 * ```
 */
export function classifyFailure(error: unknown): RetryVerdict {
  if (error instanceof RateLimitedError)
    return { kind: 'rate-limited', retryAfterMs: error.retryAfterMs, global: error.global };
  if (error === null || typeof error !== 'object') return { kind: 'fatal' };
  const failure = error as {
    status?: unknown;
    statusCode?: unknown;
    code?: unknown;
    retryAfterMs?: unknown;
    headers?: unknown;
    body?: unknown;
    rawError?: unknown;
    cause?: unknown;
  };
  const status = typeof failure.status === 'number' ? failure.status : failure.statusCode;
  if (status === 429) return rateLimited(failure);
  if (status === 500 || status === 502 || status === 503 || status === 504) return { kind: 'transient' };
  if (typeof failure.code === 'string' && NETWORK_CODES.has(failure.code)) return { kind: 'transient' };
  if (failure.cause !== undefined && failure.cause !== error && typeof status !== 'number') {
    const cause = classifyFailure(failure.cause);
    if (cause.kind === 'transient') return cause;
  }
  return { kind: 'fatal' };
}

function rateLimited(failure: { retryAfterMs?: unknown; headers?: unknown; body?: unknown; rawError?: unknown }) {
  const body = (failure.body ?? failure.rawError) as { retry_after?: unknown; global?: unknown } | undefined;
  const header = (name: string): string | undefined => {
    const headers = failure.headers as { get?: (name: string) => string | null } | Record<string, unknown> | undefined;
    if (headers === undefined || headers === null) return undefined;
    const value = typeof headers.get === 'function' ? headers.get(name) : (headers as Record<string, unknown>)[name];
    return value === null || value === undefined ? undefined : String(value);
  };
  const seconds = Number(body?.retry_after ?? header('retry-after'));
  const retryAfterMs =
    typeof failure.retryAfterMs === 'number' ? failure.retryAfterMs : Number.isFinite(seconds) ? seconds * 1000 : 1000;
  const global = body?.global === true || header('x-ratelimit-global') === 'true';
  return { kind: 'rate-limited' as const, retryAfterMs: Math.max(0, Math.ceil(retryAfterMs)), global };
}
