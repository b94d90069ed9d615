import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type ActivityIncrement, StoreUnavailableError } from '@guildkit/core';
import type { CompiledQuery } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SqliteStore } from '../src/index.ts';
import { ReaderThreads } from '../src/reader-threads.ts';
import { turnsDuring } from './process-helpers.ts';

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'guildkit-sqlite-readers-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const week = { guildId: '1', startDay: '2026-11-16', endDay: '2026-11-23' };

/** 2,000 members over 7 days, each a different total. */
function aWeek(): ActivityIncrement[] {
  return Array.from({ length: 14_000 }, (_, row) => ({
    guildId: '1',
    userId: String(100_000 + (row % 2_000)),
    day: `2026-11-${16 + Math.floor(row / 2_000)}`,
    ms: 1_000 + row,
  }));
}

describe('SqliteStore reader threads', () => {
  it('read totals off the main thread, with the same rows as the main connection', async () => {
    const filename = join(folder, 'week.db');
    const threaded = await SqliteStore.open({ filename });
    await threaded.addActivity(aWeek());
    const onMain = await SqliteStore.open({ filename, readerThreads: 0 });

    const read = threaded.readActivityTotals(week);
    expect(await turnsDuring(read)).toBeGreaterThan(0);
    expect(await turnsDuring(onMain.readActivityTotals(week))).toBe(0);
    const totals = await read;
    expect(totals).toHaveLength(2_000);
    expect(totals).toEqual(await onMain.readActivityTotals(week));
    expect(totals[0]).toEqual({
      userId: '101999',
      ms: 7 * 1_000 + 13_999 + 11_999 + 9_999 + 7_999 + 5_999 + 3_999 + 1_999,
      messages: 0,
    });
    await Promise.all([threaded.close(), onMain.close()]);
  });

  it('are not used for a few members: those are read through the member index on the main connection', async () => {
    const filename = join(folder, 'few.db');
    const store = await SqliteStore.open({ filename });
    await store.addActivity(aWeek());
    const few = { ...week, userIds: ['101999', '100000', '999'] };
    const read = store.readActivityTotals(few);
    expect(await turnsDuring(read)).toBe(0); // no thread started, nothing to wait for
    const all = await store.readActivityTotals(week); // the whole guild: on a thread
    expect(await read).toEqual(all.filter((total) => few.userIds.includes(total.userId)));
    expect(await read).toEqual([
      { userId: '101999', ms: 7 * 1_000 + 13_999 + 11_999 + 9_999 + 7_999 + 5_999 + 3_999 + 1_999, messages: 0 },
      { userId: '100000', ms: 7 * 1_000 + 12_000 + 10_000 + 8_000 + 6_000 + 4_000 + 2_000, messages: 0 },
    ]);
    await store.close();
  });

  it('see every write made before the read was asked for, while reads and writes interleave', async () => {
    const store = await SqliteStore.open({ filename: join(folder, 'interleaved.db'), readerThreads: 2 });
    const reads: Promise<{ userId: string; ms: number }[]>[] = [];
    for (let write = 1; write <= 30; write += 1) {
      await store.addActivity([{ guildId: '1', userId: '7', day: '2026-11-16', ms: 10 }]);
      reads.push(store.readActivityTotals({ ...week, userIds: ['7'] }));
    }
    // A read runs when its thread gets to it, so it may see later writes too, never fewer.
    const seen = (await Promise.all(reads)).map(([total]) => total?.ms ?? 0);
    for (const [index, ms] of seen.entries()) expect(ms).toBeGreaterThanOrEqual((index + 1) * 10);
    expect(await store.readActivityTotals(week)).toEqual([{ userId: '7', ms: 300, messages: 0 }]);
    await store.close();
  });

  it('finish the reads under way before the store closes', async () => {
    const store = await SqliteStore.open({ filename: join(folder, 'closing.db') });
    await store.addActivity(aWeek());
    const reads = [store.readActivityTotals(week), store.readActivityTotals(week), store.readActivityTotals(week)];
    await store.close();
    for (const totals of await Promise.all(reads)) expect(totals).toHaveLength(2_000);
    await expect(store.readActivityTotals(week)).rejects.toThrow(/closed/);
  });

  it('fail reads and writes with a StoreUnavailableError once the file is deleted, and start again on a new file', async () => {
    const filename = join(folder, 'moved.db');
    const store = await SqliteStore.open({ filename });
    await store.addActivity([{ guildId: '1', userId: '2', day: '2026-11-16', ms: 5 }]);
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${filename}${suffix}`);
    const read = await store.readActivityTotals(week).catch((caught: unknown) => caught);
    expect(read).toBeInstanceOf(StoreUnavailableError);
    expect((read as Error).message).toMatch(/database file ".*moved\.db" was moved or deleted .*Put the file back/);
    // SQLite would write on into the deleted file, which no restart could read: refused, to be retried.
    await expect(store.addActivity([{ guildId: '1', userId: '2', day: '2026-11-16', ms: 5 }])).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    await store.close();
    const again = await SqliteStore.open({ filename });
    await again.addActivity([{ guildId: '1', userId: '3', day: '2026-11-16', ms: 9 }]);
    expect(await again.readActivityTotals(week)).toEqual([{ userId: '3', ms: 9, messages: 0 }]);
    await again.close();
  });

  it('let a process that never closes its store end on its own', async () => {
    const filename = join(folder, 'left-open.db');
    const script = fileURLToPath(new URL('./fixtures/read-and-leave-open.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--conditions=@guildkit/source', script, filename],
      {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        timeout: 30_000,
      },
    );
    expect(JSON.parse(stdout)).toEqual([{ userId: '2', ms: 42, messages: 0 }]);
  });

  it('are refused in malformed numbers, naming the option', async () => {
    for (const readerThreads of [-1, 1.5, 17, Number.NaN]) {
      await expect(SqliteStore.open({ filename: ':memory:', readerThreads })).rejects.toThrow(
        /readerThreads must be an integer from 0 to 16/,
      );
    }
  });

  it('are refused a malformed idle time, naming the option', async () => {
    for (const threadIdleMs of [-1, 1.5, 2 ** 31, Number.NaN]) {
      await expect(SqliteStore.open({ filename: ':memory:', threadIdleMs })).rejects.toThrow(
        /threadIdleMs must be an integer from 0 to 2147483647 \(milliseconds\)/,
      );
    }
  });
});

describe('ReaderThreads when idle', () => {
  const IDLE_MS = 30_000;
  const query = { sql: 'select ? as answer', parameters: [42] } as unknown as CompiledQuery<{ answer: number }>;
  let threads: ReaderThreads;

  beforeEach(async () => {
    const filename = join(folder, 'idle.db');
    await (await SqliteStore.open({ filename })).close();
    // Only the idle timers are fake: the threads and their messages run for real.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    threads = new ReaderThreads({ filename, threads: 2, cacheSizeMiB: 2, busyTimeoutMs: 1_000, idleMs: IDLE_MS });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await threads.close();
  });

  it('stop a thread once it has had nothing to read for idleMs, and start one again for the next read', async () => {
    expect(threads.running).toBe(0);
    expect(await threads.all(query)).toEqual([{ answer: 42 }]);
    expect(threads.running).toBe(1);
    vi.advanceTimersByTime(IDLE_MS - 1);
    expect(threads.running).toBe(1);
    vi.advanceTimersByTime(1);
    expect(threads.running).toBe(0);
    expect(await threads.all(query)).toEqual([{ answer: 42 }]);
    expect(threads.running).toBe(1);
  });

  it('keep a thread that is read from again before idleMs, counting idleMs from its last read', async () => {
    await threads.all(query);
    vi.advanceTimersByTime(IDLE_MS - 1);
    await threads.all(query);
    vi.advanceTimersByTime(IDLE_MS - 1);
    expect(threads.running).toBe(1);
    vi.advanceTimersByTime(1);
    expect(threads.running).toBe(0);
  });

  it('stop each of two threads once both are idle, not while one still reads', async () => {
    // Two reads at once: one a thread.
    await Promise.all([threads.all(query), threads.all(query)]);
    expect(threads.running).toBe(2);
    vi.advanceTimersByTime(IDLE_MS);
    expect(threads.running).toBe(0);
  });
});
