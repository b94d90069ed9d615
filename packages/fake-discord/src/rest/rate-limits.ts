import { createHash } from 'node:crypto';

/**
 * How the fake Discord limits requests: per-route buckets and one global limit, as Discord does.
 *
 * @example Discord's message limit, five per five seconds per channel
 * ```ts
 * const limits: RateLimitOptions = { perRoute: { limit: 5, windowMs: 5_000 }, global: { limit: 50, windowMs: 1_000 } };
 * ```
 */
export interface RateLimitOptions {
  /** Requests allowed per bucket (route and major parameter) per window. */
  readonly perRoute: { readonly limit: number; readonly windowMs: number };
  /** Requests allowed in all per window. */
  readonly global: { readonly limit: number; readonly windowMs: number };
}

/**
 * A failure the fake Discord answers instead of handling a request: a 429 or a server error.
 *
 * @example One global 429 on the next message send
 * ```ts
 * const failure: InjectedFailure = { method: 'POST', path: /\/channels\/\d+\/messages$/, status: 429, retryAfterMs: 200, global: true };
 * ```
 */
export interface InjectedFailure {
  /** Only requests of this method. */
  readonly method?: string;
  /** Only requests whose path (after `/api/v10`) matches. */
  readonly path?: RegExp;
  /** 429, or a 5xx. */
  readonly status: number;
  /** For a 429: how long the client must wait. @defaultValue 100 */
  readonly retryAfterMs?: number;
  /** For a 429: whether it is the global limit. @defaultValue false */
  readonly global?: boolean;
  /** How many requests it answers before it is used up. @defaultValue 1 */
  readonly times?: number;
}

interface Window {
  startedAt: number;
  used: number;
}

/** @internal The limiter: answers the headers for a request, or the 429 it gets. */
export class RateLimiter {
  readonly #options: RateLimitOptions;
  readonly #now: () => number;
  readonly #buckets = new Map<string, Window>();
  readonly #global: Window = { startedAt: 0, used: 0 };
  readonly failures: (InjectedFailure & { left: number })[] = [];

  constructor(options: RateLimitOptions, now: () => number) {
    this.#options = options;
    this.#now = now;
  }

  inject(failure: InjectedFailure): void {
    this.failures.push({ ...failure, left: failure.times ?? 1 });
  }

  /** Takes a request: the response headers, and a failure to answer if it is refused. */
  take(
    method: string,
    path: string,
    bucket: string,
  ): { headers: Record<string, string>; refuse?: { status: number; body: unknown } } {
    const now = this.#now();
    const hash = createHash('sha1').update(bucket).digest('hex').slice(0, 16);
    const injected = this.failures.find(
      (failure) => failure.left > 0 && (failure.method ?? method) === method && (failure.path?.test(path) ?? true),
    );
    if (injected !== undefined) {
      injected.left -= 1;
      if (injected.status !== 429)
        return {
          headers: {},
          refuse: { status: injected.status, body: { message: `${injected.status}: Injected failure`, code: 0 } },
        };
      return tooMany(injected.retryAfterMs ?? 100, injected.global ?? false, hash);
    }
    const global = roll(this.#global, now, this.#options.global.windowMs);
    if (global.used >= this.#options.global.limit)
      return tooMany(global.startedAt + this.#options.global.windowMs - now, true, hash);
    let window = this.#buckets.get(bucket);
    if (window === undefined) {
      window = { startedAt: now, used: 0 };
      this.#buckets.set(bucket, window);
    }
    roll(window, now, this.#options.perRoute.windowMs);
    const resetAfterMs = window.startedAt + this.#options.perRoute.windowMs - now;
    if (window.used >= this.#options.perRoute.limit) return tooMany(resetAfterMs, false, hash);
    window.used += 1;
    global.used += 1;
    return {
      headers: {
        'x-ratelimit-limit': String(this.#options.perRoute.limit),
        'x-ratelimit-remaining': String(this.#options.perRoute.limit - window.used),
        'x-ratelimit-reset': String((Date.now() + resetAfterMs) / 1000),
        'x-ratelimit-reset-after': String(resetAfterMs / 1000),
        'x-ratelimit-bucket': hash,
      },
    };
  }
}

function roll(window: Window, now: number, windowMs: number): Window {
  if (now - window.startedAt >= windowMs) {
    window.startedAt = now;
    window.used = 0;
  }
  return window;
}

function tooMany(retryAfterMs: number, global: boolean, bucket: string) {
  const seconds = Math.max(retryAfterMs, 1) / 1000;
  return {
    headers: {
      'retry-after': String(Math.ceil(seconds)),
      'x-ratelimit-scope': global ? 'global' : 'user',
      ...(global
        ? { 'x-ratelimit-global': 'true' }
        : {
            'x-ratelimit-bucket': bucket,
            'x-ratelimit-limit': '1',
            'x-ratelimit-remaining': '0',
            'x-ratelimit-reset-after': String(seconds),
          }),
    },
    refuse: { status: 429, body: { message: 'You are being rate limited.', retry_after: seconds, global, code: 0 } },
  };
}
