import { describe, expect, it, vi } from 'vitest';
import { WhenQuiet } from '../src/features/when-quiet.ts';

/**
 * Keeps the event loop saturated for `ms`, as a burst of gateway events does: turn after turn of
 * synchronous work, 3 ms each, with `each` called in every turn.
 */
function saturate(ms: number, each: () => void = () => undefined): Promise<void> {
  const end = performance.now() + ms;
  return new Promise((resolve) => {
    const turn = () => {
      const until = Math.min(end, performance.now() + 3);
      while (performance.now() < until) {
        // busy, as discord.js parsing frames is
      }
      each();
      if (performance.now() < end) setImmediate(turn);
      else resolve();
    };
    setImmediate(turn);
  });
}

/** Work of `slices` slices; counts those done. */
function work(slices: number) {
  const done = { count: 0 };
  const slice = () => {
    done.count += 1;
    return done.count < slices;
  };
  return { done, slice };
}

const unexpected = (error: unknown) => {
  throw error;
};

describe('WhenQuiet', () => {
  it('waits while the event loop is saturated, then does every slice', async () => {
    const { done, slice } = work(50);
    const quiet = new WhenQuiet({ slice, checkMs: 5, maxDelayMs: 60_000, failed: unexpected });
    await saturate(150, () => quiet.wake());
    expect(done.count).toBe(0);
    await vi.waitFor(() => expect(done.count).toBe(50));
    quiet.stop();
  });

  it('does one slice a look once work waited maxDelayMs, however busy the loop stays', async () => {
    const { done, slice } = work(100_000);
    const quiet = new WhenQuiet({ slice, checkMs: 5, maxDelayMs: 30, failed: unexpected });
    quiet.wake();
    await saturate(300);
    quiet.stop();
    expect(done.count).toBeGreaterThan(0);
    expect(done.count).toBeLessThan(1_000);
  });

  it('does it all at once on finish, and nothing after stop until woken again', async () => {
    const { done, slice } = work(7);
    const quiet = new WhenQuiet({ slice, checkMs: 5, failed: unexpected });
    quiet.wake();
    quiet.finish();
    expect(done.count).toBe(7);
    const later = work(3);
    const stopped = new WhenQuiet({ slice: later.slice, checkMs: 5, failed: unexpected });
    stopped.wake();
    stopped.stop();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(later.done.count).toBe(0);
    stopped.wake();
    await vi.waitFor(() => expect(later.done.count).toBe(3));
  });

  it('reports a slice that throws instead of letting it reach the event loop, and goes on when woken', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const quiet = new WhenQuiet({
      slice: () => {
        calls += 1;
        if (calls === 1) throw new Error('a catalogue function threw');
        return calls < 3;
      },
      checkMs: 5,
      failed: (error) => errors.push(error),
    });
    quiet.wake();
    await vi.waitFor(() => expect(errors).toHaveLength(1));
    expect(calls).toBe(1);
    quiet.wake();
    await vi.waitFor(() => expect(calls).toBe(3));
    expect((errors[0] as Error).message).toBe('a catalogue function threw');
  });

  it('waits while the work is not ready, as long as maxDelayMs allows', async () => {
    const { done, slice } = work(5);
    let ready = false;
    const quiet = new WhenQuiet({ slice, ready: () => ready, checkMs: 5, maxDelayMs: 60_000, failed: unexpected });
    quiet.wake();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(done.count).toBe(0);
    ready = true;
    await vi.waitFor(() => expect(done.count).toBe(5));
    const late = work(3);
    const forced = new WhenQuiet({
      slice: late.slice,
      ready: () => false,
      checkMs: 5,
      maxDelayMs: 20,
      failed: unexpected,
    });
    forced.wake();
    await vi.waitFor(() => expect(late.done.count).toBe(3));
  });
});
