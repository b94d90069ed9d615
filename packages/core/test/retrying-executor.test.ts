import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { classifyFailure, RateLimitedError, RetryGaveUpError, RetryingExecutor } from '../src/index.ts';

const T0 = 1_764_000_000_000;
const status = (code: number, extra: object = {}) => Object.assign(new Error(`HTTP ${code}`), { status: code }, extra);

/** A task that fails with the given errors in turn, then succeeds; it records when each attempt began. */
function script(...failures: unknown[]) {
  const attempts: number[] = [];
  const task = async () => {
    attempts.push(Date.now() - T0);
    const failure = failures[attempts.length - 1];
    if (failure !== undefined) throw failure;
    return `done after ${attempts.length}`;
  };
  return { task, attempts };
}

beforeEach(() => vi.useFakeTimers({ now: T0 }));
afterEach(() => vi.useRealTimers());

describe('RetryingExecutor', () => {
  it("waits out a 429's retry-after, and holds the bucket's other calls, not other buckets'", async () => {
    const executor = new RetryingExecutor();
    const first = script(status(429, { headers: new Headers({ 'retry-after': '1.5' }) }));
    const sameBucket = script();
    const otherBucket = script();
    const running = executor.run(first.task, { bucket: 'weather' });
    await vi.advanceTimersByTimeAsync(100);
    const queued = executor.run(sameBucket.task, { bucket: 'weather' });
    const free = executor.run(otherBucket.task, { bucket: 'translate' });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await running).toBe('done after 2');
    expect(await queued).toBe('done after 1');
    expect(await free).toBe('done after 1');
    expect(first.attempts).toEqual([0, 1_500]);
    expect(sameBucket.attempts).toEqual([1_500]);
    expect(otherBucket.attempts).toEqual([100]);
  });

  it('pauses every bucket on a global 429, and retries calls that are not idempotent (a 429 did not run)', async () => {
    const executor = new RetryingExecutor();
    const global = script(status(429, { rawError: { retry_after: 2.25, global: true } }));
    const other = script();
    const running = executor.run(global.task, { bucket: 'a' });
    await vi.advanceTimersByTimeAsync(10);
    expect(executor.pausedUntil('b')).toBe(T0 + 2_250);
    const waiting = executor.run(other.task, { bucket: 'b' });
    await vi.advanceTimersByTimeAsync(3_000);
    await Promise.all([running, waiting]);
    expect(global.attempts).toEqual([0, 2_250]);
    expect(other.attempts).toEqual([2_250]);
    expect(executor.pausedUntil('b')).toBe(0);
  });

  it('backs off exponentially with full jitter after server errors, and gives up after maxAttempts', async () => {
    const executor = new RetryingExecutor({ maxAttempts: 4, retryDelayMs: 400, random: () => 0.5 });
    const flaky = script(
      status(503),
      status(502),
      Object.assign(new Error('reset'), { code: 'ECONNRESET' }),
      status(500),
    );
    const running = executor.run(flaky.task, { idempotent: true }).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(10_000);
    const error = await running;
    expect(error).toBeInstanceOf(RetryGaveUpError);
    expect(error).toMatchObject({ attempts: 4, verdict: 'transient' });
    expect((error as Error).message).toMatch(/gave up after 4 attempts: 4 attempts made; last failure: HTTP 500/);
    // Waits of half of 400, 800, 1,600.
    expect(flaky.attempts).toEqual([0, 200, 600, 1_400]);
  });

  it('caps the backoff at maxRetryDelayMs', async () => {
    const executor = new RetryingExecutor({
      maxAttempts: 6,
      retryDelayMs: 1_000,
      maxRetryDelayMs: 3_000,
      random: () => 0.999,
    });
    const flaky = script(status(500), status(500), status(500), status(500));
    const running = executor.run(flaky.task, { idempotent: true });
    await vi.advanceTimersByTimeAsync(20_000);
    expect(await running).toBe('done after 5');
    expect(flaky.attempts).toEqual([0, 999, 2_997, 5_994, 8_991]);
  });

  it('does not retry a call that is not idempotent after a server error, nor any call after a fatal one', async () => {
    const executor = new RetryingExecutor();
    const post = script(status(503));
    await expect(executor.run(post.task)).rejects.toMatchObject({ attempts: 1, verdict: 'transient' });
    const missing = script(status(404));
    await expect(executor.run(missing.task, { idempotent: true })).rejects.toThrow(
      /not one to retry; last failure: HTTP 404/,
    );
    expect(post.attempts).toEqual([0]);
    expect(missing.attempts).toEqual([0]);
  });

  it('gives up rather than plan a retry past maxElapsedMs', async () => {
    const executor = new RetryingExecutor({ maxElapsedMs: 10_000 });
    const slow = script(new RateLimitedError(4_000), new RateLimitedError(7_000));
    const running = executor.run(slow.task).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(await running).toMatchObject({ attempts: 2, verdict: 'rate-limited' });
    expect(slow.attempts).toEqual([0, 4_000]);
  });

  it('stops at once when the signal aborts during a wait', async () => {
    const executor = new RetryingExecutor();
    const limited = script(new RateLimitedError(60_000));
    const controller = new AbortController();
    const running = executor.run(limited.task, { signal: controller.signal }).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(1_000);
    controller.abort(new Error('shutting down'));
    await vi.advanceTimersByTimeAsync(0);
    expect(await running).toMatchObject({ message: 'shutting down' });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(limited.attempts).toEqual([0]);
  });

  it('refuses malformed options, naming them', () => {
    expect(() => new RetryingExecutor({ maxAttempts: 0 })).toThrow(/maxAttempts must be an integer of at least 1/);
    expect(() => new RetryingExecutor({ retryDelayMs: -1 })).toThrow(/retryDelayMs/);
  });
});

describe('classifyFailure', () => {
  it('reads retry-after the ways APIs say it', () => {
    expect(classifyFailure(new RateLimitedError(250, { global: true }))).toEqual({
      kind: 'rate-limited',
      retryAfterMs: 250,
      global: true,
    });
    expect(classifyFailure(status(429, { headers: { 'retry-after': '3', 'x-ratelimit-global': 'true' } }))).toEqual({
      kind: 'rate-limited',
      retryAfterMs: 3_000,
      global: true,
    });
    expect(classifyFailure(status(429, { body: { retry_after: 0.4321 } }))).toEqual({
      kind: 'rate-limited',
      retryAfterMs: 433,
      global: false,
    });
    expect(classifyFailure(status(429))).toEqual({ kind: 'rate-limited', retryAfterMs: 1_000, global: false });
  });

  it('tells transient failures from fatal ones', () => {
    expect(classifyFailure(Object.assign(new Error('x'), { statusCode: 504 }))).toEqual({ kind: 'transient' });
    expect(classifyFailure(new TypeError('fetch failed', { cause: { code: 'UND_ERR_SOCKET' } }))).toEqual({
      kind: 'transient',
    });
    expect(classifyFailure(status(400))).toEqual({ kind: 'fatal' });
    expect(classifyFailure('nope')).toEqual({ kind: 'fatal' });
  });
});
