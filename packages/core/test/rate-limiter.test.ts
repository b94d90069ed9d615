import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RateLimiter } from '../src/index.ts';

/** The textbook token bucket, in integers: tokens are counted in 1 / refillMs. */
class ReferenceBucket {
  readonly #capacity: number;
  readonly #refillMs: number;
  #tokens: number;
  #at: number;
  constructor(capacity: number, refillMs: number, at: number) {
    this.#capacity = capacity;
    this.#refillMs = refillMs;
    this.#tokens = capacity * refillMs;
    this.#at = at;
  }
  take(at: number, cost: number): { allowed: boolean; retryAfterMs: number } {
    this.#tokens = Math.min(this.#capacity * this.#refillMs, this.#tokens + (at - this.#at) * this.#capacity);
    this.#at = at;
    const needed = cost * this.#refillMs;
    if (this.#tokens >= needed) {
      this.#tokens -= needed;
      return { allowed: true, retryAfterMs: 0 };
    }
    return { allowed: false, retryAfterMs: Math.ceil((needed - this.#tokens) / this.#capacity) };
  }
}

const call = fc.record({ key: fc.integer({ min: 0, max: 3 }), waitMs: fc.nat({ max: 700 }), cost: fc.nat() });
const pattern = fc.record({
  capacity: fc.integer({ min: 1, max: 12 }),
  refillMs: fc.integer({ min: 1, max: 5_000 }),
  calls: fc.array(call, { maxLength: 300 }),
});

afterEach(() => vi.useRealTimers());

describe('RateLimiter', () => {
  it('decides as the textbook token bucket does, for random calls under a manual clock', () => {
    fc.assert(
      fc.property(pattern, ({ capacity, refillMs, calls }) => {
        let now = 1_764_000_000_000;
        const limiter = new RateLimiter({ capacity, refillMs, now: () => now });
        const reference = new Map<number, ReferenceBucket>();
        for (const { key, waitMs, cost } of calls) {
          now += waitMs;
          const tokens = 1 + (cost % capacity);
          const bucket = reference.get(key) ?? new ReferenceBucket(capacity, refillMs, now);
          reference.set(key, bucket);
          expect(limiter.tryTake(`member:${key}`, tokens)).toEqual(bucket.take(now, tokens));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never allows more than capacity + rate × t in any window of t milliseconds', () => {
    fc.assert(
      fc.property(pattern, ({ capacity, refillMs, calls }) => {
        let now = 0;
        const limiter = new RateLimiter({ capacity, refillMs, now: () => now });
        const allowed: { at: number; tokens: number }[] = [];
        for (const { waitMs, cost } of calls) {
          now += waitMs;
          const tokens = 1 + (cost % capacity);
          if (limiter.tryTake('one key', tokens).allowed) allowed.push({ at: now, tokens });
        }
        // The busiest windows start and end at allowed calls.
        for (let first = 0; first < allowed.length; first += 1) {
          let spent = 0;
          for (let last = first; last < allowed.length; last += 1) {
            spent += (allowed[last] as { tokens: number }).tokens;
            const t = (allowed[last] as { at: number }).at - (allowed[first] as { at: number }).at;
            // spent <= capacity + capacity * t / refillMs, in integers.
            expect(spent * refillMs).toBeLessThanOrEqual(capacity * refillMs + capacity * t);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('says how long to wait, and take() waits exactly that long', async () => {
    vi.useFakeTimers({ now: 1_764_000_000_000 });
    const limiter = new RateLimiter({ capacity: 8, refillMs: 5_000 });
    for (let message = 0; message < 8; message += 1) expect(limiter.tryTake('alice').allowed).toBe(true);
    expect(limiter.tryTake('alice')).toEqual({ allowed: false, retryAfterMs: 625 });
    expect(limiter.remaining('alice')).toBe(0);
    expect(limiter.remaining('bob')).toBe(8);

    let taken = false;
    const waiting = limiter.take('alice', { cost: 2 }).then(() => {
      taken = true;
    });
    await vi.advanceTimersByTimeAsync(1_249);
    expect(taken).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(taken).toBe(true);
    expect(limiter.tryTake('alice').allowed).toBe(false);
  });

  it('stops waiting when the signal aborts, and takes nothing', async () => {
    vi.useFakeTimers({ now: 0 });
    const limiter = new RateLimiter({ capacity: 1, refillMs: 60_000 });
    limiter.tryTake('alice');
    const controller = new AbortController();
    const waiting = limiter.take('alice', { signal: controller.signal });
    await vi.advanceTimersByTimeAsync(30_000);
    controller.abort(new Error('member left'));
    await expect(waiting).rejects.toThrow('member left');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(limiter.remaining('alice')).toBe(1);
    await expect(limiter.take('alice', { signal: AbortSignal.abort() })).rejects.toThrow();
  });

  it('keeps memory to the keys in use: refilled buckets go as new keys come, and maxKeys bounds the rest', () => {
    let now = 0;
    const limiter = new RateLimiter({ capacity: 2, refillMs: 1_000, maxKeys: 1_000, now: () => now });
    for (let member = 0; member < 500; member += 1) limiter.tryTake(`a${member}`);
    expect(limiter.size).toBe(500);
    now += 1_000; // every bucket is full again
    for (let member = 0; member < 300; member += 1) limiter.tryTake(`b${member}`);
    expect(limiter.size).toBe(300); // two old ones dropped per new key, until none was left
    expect(limiter.sweep()).toBe(0);
    now += 1_000;
    expect(limiter.sweep()).toBe(300);
    expect(limiter.size).toBe(0);

    for (let member = 0; member < 5_000; member += 1) limiter.tryTake(`c${member}`);
    expect(limiter.size).toBe(1_000);
    // The most recent keys kept their state; the oldest started full again.
    expect(limiter.tryTake('c4999', 2).allowed).toBe(false);
    expect(limiter.tryTake('c0', 2).allowed).toBe(true);
  });

  it('refuses what it could never allow, naming the problem', () => {
    expect(() => new RateLimiter({ capacity: 0, refillMs: 1_000 })).toThrow(/capacity must be a positive integer/);
    expect(() => new RateLimiter({ capacity: 2, refillMs: 1.5 })).toThrow(/refillMs must be a positive integer/);
    expect(() => new RateLimiter({ capacity: 2, refillMs: 10, maxKeys: -1 })).toThrow(/maxKeys/);
    const limiter = new RateLimiter({ capacity: 3, refillMs: 1_000 });
    expect(() => limiter.tryTake('alice', 4)).toThrow(/cost must be an integer from 1 to the capacity \(3\)/);
    expect(() => limiter.tryTake('alice', 0)).toThrow(RangeError);
    expect(() => limiter.tryTake(42 as unknown as string)).toThrow(/key must be a string/);
  });
});
