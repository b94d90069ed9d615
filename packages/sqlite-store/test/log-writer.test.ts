import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LogRecord, StoreUnavailableError } from '@guildkit/core';
import { prepareLogRecords } from '@guildkit/core/store-kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupSqliteStore, SqliteStore } from '../src/index.ts';
import { LogWriter } from '../src/log-writer.ts';
import { GUILDS, history } from './backup-helpers.ts';
import { lockHolder, loopWatch, turnsDuring } from './process-helpers.ts';

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'guildkit-sqlite-log-writer-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

/** `count` voice records from `first` on, each different, some with text a database must keep as it is. */
function records(count: number, first = 0): LogRecord[] {
  return Array.from({ length: count }, (_, index) => {
    const n = first + index;
    return {
      at: 1_764_000_000_000 + n,
      level: n % 7 === 0 ? 'warn' : 'info',
      source: n % 3 === 0 ? 'job-board' : 'voice',
      message: `<@${1_000 + n}> moved from "일반" to 'games' \\ #${n}`,
      fields: { guildId: GUILDS[0], userId: String(1_000 + n), channelId: n % 5 === 0 ? null : '300' },
    };
  });
}

describe('SqliteStore log writer thread', () => {
  it('appends on its own thread, in order, exactly what the main connection appends', async () => {
    const threaded = await SqliteStore.open({ filename: join(folder, 'threaded.db') });
    const onMain = await SqliteStore.open({ filename: join(folder, 'main.db'), logWriterThread: false });
    let threadedTurns = 0;
    for (let batch = 0; batch < 4; batch += 1) {
      const written = records(250, batch * 250);
      // A batch on the thread lets the event loop turn at least while the thread starts (a warm
      // thread can answer before the next turn); one on the main connection never does.
      threadedTurns += await turnsDuring(threaded.appendLogs(written));
      expect(await turnsDuring(onMain.appendLogs(written))).toBe(0);
    }
    expect(threadedTurns).toBeGreaterThan(0);
    const read = await threaded.readRecentLogs({ limit: 1_000 });
    expect(read).toHaveLength(1_000);
    expect(read).toEqual(await onMain.readRecentLogs({ limit: 1_000 }));
    expect(read.at(-1)).toEqual({ ...records(1)[0], fields: { ...records(1)[0]?.fields } });
    expect(read[0]?.message).toBe(`<@1999> moved from "일반" to 'games' \\ #999`);
    expect(await threaded.readRecentLogs({ minLevel: 'warn', limit: 1_000 })).toHaveLength(143);
    await Promise.all([threaded.close(), onMain.close()]);
  });

  it("takes turns with the main connection's writes: this process's connections never meet each other's lock", async () => {
    // busyTimeoutMs 0 fails at the first lock met: any overlap of the two connections would show.
    const store = await SqliteStore.open({ filename: join(folder, 'turns.db'), busyTimeoutMs: 0, readerThreads: 0 });
    const writes: Promise<unknown>[] = [];
    for (let round = 0; round < 40; round += 1) {
      writes.push(store.appendLogs(records(2_000, round * 2_000)));
      writes.push(store.addActivity([{ guildId: '1', userId: String(100 + round), day: '2026-11-25', ms: 1_000 }]));
      writes.push(
        store.recordActivity({
          saveCheckpoints: [{ guildId: '1', userId: '7', channelId: '3', startedAt: 1, checkpointAt: round + 2 }],
        }),
      );
    }
    const outcomes = await Promise.allSettled(writes);
    expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toEqual([]);
    expect(await store.readRecentLogs({ limit: 1 })).toHaveLength(1);
    const totals = await store.readActivityTotals({ guildId: '1', startDay: '2026-11-25', endDay: '2026-11-26' });
    expect(totals).toHaveLength(40);
    await store.close();
  });

  it("waits for another process's lock on its thread: the event loop goes on, and the records land once it is free", async () => {
    const filename = join(folder, 'busy.db');
    const store = await SqliteStore.open({ filename, readerThreads: 0 });
    const holder = await lockHolder(filename, 1_500);
    const watch = loopWatch();
    const appended = store.appendLogs(records(500));
    // Other writes wait on timers meanwhile, and reads go on (WAL).
    expect(await store.readRecentLogs()).toEqual([]);
    await Promise.all([appended, holder.released]);
    expect(watch.stop()).toBeLessThan(500);
    expect(await store.readRecentLogs({ limit: 1_000 })).toHaveLength(500);
    await store.close();
  });

  it('gives up after busyTimeoutMs with a StoreUnavailableError, appending nothing, and appends again once the lock is free', async () => {
    const filename = join(folder, 'still-busy.db');
    const store = await SqliteStore.open({ filename, busyTimeoutMs: 300, readerThreads: 0 });
    const holder = await lockHolder(filename, 1_200);
    const watch = loopWatch();
    const error = await store.appendLogs(records(10)).catch((caught: unknown) => caught);
    expect(watch.stop()).toBeLessThan(250);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toMatch(
      /locked by another connection for busyTimeoutMs \(300 ms\); nothing was written/,
    );
    await holder.released;
    await store.appendLogs(records(3, 10));
    expect((await store.readRecentLogs()).map((record) => record.at)).toEqual([
      1_764_000_000_012, 1_764_000_000_011, 1_764_000_000_010,
    ]);
    await store.close();
  });

  it('runs below normal priority on Linux: the gateway and other processes go first', async () => {
    const store = await SqliteStore.open({ filename: join(folder, 'nice.db') });
    const niceness = () =>
      readdirSync('/proc/self/task').map((thread) => {
        // After the command's closing parenthesis, nice is the 17th field.
        const fields = readFileSync(`/proc/self/task/${thread}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
        return Number(fields[16]);
      });
    const lowered = () => niceness().filter((nice) => nice === 10).length;
    const before = lowered();
    await store.appendLogs(records(3));
    expect(lowered()).toBe(before + 1);
    await store.close();
  });

  it('refuses records once the file is deleted, saying so', async () => {
    const filename = join(folder, 'gone.db');
    const store = await SqliteStore.open({ filename });
    await store.appendLogs(records(5));
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${filename}${suffix}`);
    const error = await store.appendLogs(records(5, 5)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toMatch(/database file ".*gone\.db" was moved or deleted/);
    await store.close();
  });

  it('lets a backup end while records keep coming: they go through the main connection until it is done', async () => {
    const store = await SqliteStore.open({ filename: join(folder, 'backed-up.db') });
    await store.addActivity(history(300, 30)); // some hundreds of pages
    await store.appendLogs(records(1_000));
    let next = 1_000;
    const steady = setInterval(() => {
      void store.appendLogs(records(20, next));
      next += 20;
    }, 2);
    try {
      // Without the main connection taking the records, every append restarts the copy: it would not end.
      const backup = await backupSqliteStore(store, {
        directory: join(folder, 'backups'),
        pagesPerStep: 5,
        signal: AbortSignal.timeout(20_000),
      });
      const pages = backup.bytes / 4_096;
      expect(backup.steps).toBeLessThanOrEqual(Math.ceil(pages / 5) + 2);
      expect(next).toBeGreaterThan(1_000); // records did come during the copy
    } finally {
      clearInterval(steady);
    }
    await store.close();
  });

  it('refuses a malformed option, and the old name of threadIdleMs, naming them', async () => {
    await expect(
      SqliteStore.open({ filename: ':memory:', logWriterThread: 'yes' as unknown as boolean }),
    ).rejects.toThrow(/logWriterThread must be true or false; received yes/);
    await expect(
      SqliteStore.open({ filename: ':memory:', readerIdleMs: 5 } as unknown as { filename: string }),
    ).rejects.toThrow(/readerIdleMs is now called threadIdleMs/);
  });
});

describe('LogWriter', () => {
  it('starts with the first batch, stops after idleMs without one, and starts again for the next', async () => {
    const filename = join(folder, 'idle.db');
    const store = await SqliteStore.open({ filename });
    const writer = new LogWriter({ filename, busyTimeoutMs: 1_000, synchronous: 'normal', idleMs: 50 });
    expect(writer.running).toBe(false);
    await writer.write(prepareLogRecords(records(3)));
    expect(writer.running).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(writer.running).toBe(false);
    await writer.write(prepareLogRecords(records(2, 3)));
    expect(await store.readRecentLogs()).toHaveLength(5);
    await writer.close();
    expect(writer.running).toBe(false);
    await store.close();
  });
});
