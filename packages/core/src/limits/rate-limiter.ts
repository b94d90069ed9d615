import { LRUCache } from 'lru-cache';
import { integerOption } from '../validation.ts';
import { sleep } from './sleep.ts';

/**
 * Options of {@link RateLimiter}: each key may spend `capacity` tokens at once, and gets them back
 * over `refillMs`. "8 messages in 5 seconds" is `{ capacity: 8, refillMs: 5_000 }`.
 *
 * @example Eight messages a member, refilled over five seconds
 * ```ts
 * const options: RateLimiterOptions = { capacity: 8, refillMs: 5_000 };
 * ```
 */
export interface RateLimiterOptions {
  /** Tokens in a full bucket: the most a key can spend at once. A positive integer. */
  readonly capacity: number;
  /** Milliseconds an empty bucket takes to fill again; tokens come back evenly over it. An integer from 1 to 2^31 - 1 (24 days). */
  readonly refillMs: number;
  /**
   * Buckets kept at most. Buckets that are full again are dropped first (a full bucket is the
   * same as none); past this many keys that are all still refilling, the least recently used
   * loses its state and starts full.
   * @defaultValue 1_000_000
   */
  readonly maxKeys?: number;
  /** The clock, epoch milliseconds (integers). @defaultValue Date.now */
  readonly now?: () => number;
}

/**
 * What {@link RateLimiter.tryTake} answers.
 *
 * @example Telling a member how long to wait
 * ```ts
 * const decision: RateLimitDecision = limiter.tryTake(userId);
 * if (!decision.allowed) console.log(`try again in ${Math.ceil(decision.retryAfterMs / 1000)} s`);
 * ```
 */
export interface RateLimitDecision {
  /** Whether the tokens were taken. */
  readonly allowed: boolean;
  /** 0 when allowed; otherwise the milliseconds until the same request would be. */
  readonly retryAfterMs: number;
}

/** The longest refill: 2^31 - 1 milliseconds, about 24.8 days. */
const MAX_REFILL_MS = 2_147_483_647;
const ALLOWED: RateLimitDecision = Object.freeze({ allowed: true, retryAfterMs: 0 });
/** Buckets dropped from the least recently used end, at most, each time a new key comes. */
const DROPS_PER_NEW_KEY = 2;

/**
 * A token-bucket rate limiter keyed by any string (a member, a route, a channel). Each key holds
 * one number (when its bucket will be full again, the generic cell rate algorithm), in an
 * `lru-cache` bounded by `maxKeys`; buckets that have refilled are dropped as new keys arrive, so
 * memory follows the keys in use. Exact: in any window of `t` milliseconds a key is allowed at most
 * `capacity + capacity * t / refillMs` tokens.
 *
 * @example Eight messages per member in five seconds
 * ```ts
 * import { RateLimiter } from '@guildkit/core';
 *
 * const messages = new RateLimiter({ capacity: 8, refillMs: 5_000 });
 * if (!messages.tryTake(`${guildId}:${userId}`).allowed) await message.delete();
 * ```
 */
export class RateLimiter {
  readonly #capacity: number;
  readonly #refillMs: number;
  readonly #now: () => number;
  /**
   * When each bucket is full again, in units of 1 / capacity milliseconds since `#epoch`: a token
   * is then exactly `refillMs` units, so that the arithmetic stays in integers and exact.
   */
  readonly #full: LRUCache<string, number>;
  readonly #epoch: number;
  readonly #burst: number;

  public constructor(options: RateLimiterOptions) {
    const { capacity, refillMs, maxKeys = 1_000_000, now = Date.now } = options ?? ({} as RateLimiterOptions);
    integerOption(capacity, 'RateLimiterOptions.capacity', 1, 'a positive integer');
    integerOption(refillMs, 'RateLimiterOptions.refillMs', 1, 'a positive integer');
    if (refillMs > MAX_REFILL_MS) {
      throw new TypeError(
        `RateLimiterOptions.refillMs must be at most ${MAX_REFILL_MS} (24 days); received ${refillMs}`,
      );
    }
    integerOption(maxKeys, 'RateLimiterOptions.maxKeys', 1, 'a positive integer');
    if (typeof now !== 'function')
      throw new TypeError('RateLimiterOptions.now must be a function returning epoch milliseconds');
    this.#capacity = capacity;
    this.#refillMs = refillMs;
    this.#now = now;
    this.#epoch = now();
    this.#burst = refillMs * capacity;
    // maxSize (each entry size 1) rather than max: lru-cache allocates `max` slots up front.
    this.#full = new LRUCache<string, number>({ maxSize: maxKeys, sizeCalculation: () => 1 });
  }

  /** Tokens in a full bucket. */
  public get capacity(): number {
    return this.#capacity;
  }

  /** Buckets held now (keys whose buckets are full may be among them until they are dropped). */
  public get size(): number {
    return this.#full.size;
  }

  /**
   * Takes `cost` tokens from the key's bucket if it has them, and answers at once.
   *
   * @throws `RangeError` when `cost` is not an integer from 1 to `capacity` (it could never be allowed)
   */
  public tryTake(key: string, cost = 1): RateLimitDecision {
    if (typeof key !== 'string') throw new TypeError(`RateLimiter: key must be a string; received ${typeof key}`);
    if (cost !== 1) this.#assertCost(cost);
    const now = this.#scaledNow();
    // peek, not get: a refusal leaves the bucket as it was, so it need not count as a use.
    const full = this.#full.peek(key);
    const next = (full === undefined || full < now ? now : full) + cost * this.#refillMs;
    const over = next - now - this.#burst;
    // At most refillMs, which fits 31 bits: `| 0` keeps it a small integer for V8.
    if (over > 0) return { allowed: false, retryAfterMs: Math.ceil(over / this.#capacity) | 0 };
    if (full === undefined) this.#dropRefilled(now);
    this.#full.set(key, next);
    return ALLOWED;
  }

  /**
   * Waits until the key's bucket has `cost` tokens, then takes them.
   *
   * @throws the signal's reason when it aborts first; nothing is taken
   * @throws `RangeError` when `cost` is not an integer from 1 to `capacity`
   */
  public async take(
    key: string,
    options: { readonly cost?: number; readonly signal?: AbortSignal } = {},
  ): Promise<void> {
    const { cost = 1, signal } = options;
    for (;;) {
      signal?.throwIfAborted();
      const decision = this.tryTake(key, cost);
      if (decision.allowed) return;
      await sleep(decision.retryAfterMs, signal);
    }
  }

  /** Tokens the key has now. */
  public remaining(key: string): number {
    const now = this.#scaledNow();
    const full = this.#full.peek(key);
    if (full === undefined || full <= now) return this.#capacity;
    return Math.floor((this.#burst - (full - now)) / this.#refillMs);
  }

  /** Forgets a key: its bucket is full again. */
  public reset(key: string): void {
    this.#full.delete(key);
  }

  /** Drops every bucket that has refilled, from the least recently used end; returns how many. */
  public sweep(): number {
    return this.#dropRefilled(this.#scaledNow(), Number.POSITIVE_INFINITY);
  }

  /** Now, in the buckets' units: 1 / capacity milliseconds since `#epoch`. */
  #scaledNow(): number {
    return (this.#now() - this.#epoch) * this.#capacity;
  }

  #dropRefilled(now: number, limit = DROPS_PER_NEW_KEY): number {
    // Least recently used first; the first bucket still refilling ends it (those after it were
    // used later, so most of them are refilling too).
    const refilled: string[] = [];
    for (const key of this.#full.rkeys()) {
      if (refilled.length >= limit || (this.#full.peek(key) as number) > now) break;
      refilled.push(key);
    }
    for (const key of refilled) this.#full.delete(key);
    return refilled.length;
  }

  #assertCost(cost: number): void {
    if (!Number.isInteger(cost) || cost < 1 || cost > this.#capacity) {
      throw new RangeError(
        `RateLimiter: cost must be an integer from 1 to the capacity (${this.#capacity}); received ${String(cost)}`,
      );
    }
  }
}
