import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreMissingError, StoreUnavailableError } from '@guildkit/core';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../src/index.ts';
import { lockHolder, loopWatch } from './process-helpers.ts';

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'guildkit-sqlite-faults-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const day = { guildId: '1', startDay: '2026-11-25', endDay: '2026-11-26' };
const minute = (userId: string) => [{ guildId: '1', userId, day: '2026-11-25', ms: 60_000 }];
describe('SqliteStore while another process holds the write lock', () => {
  it('waits on timers, not on the event loop, reads meanwhile, and writes everything in order once the lock is free', async () => {
    const filename = join(folder, 'busy.db');
    const store = await SqliteStore.open({ filename, readerThreads: 0 });
    await store.addActivity(minute('1'));
    const holder = await lockHolder(filename, 1_500);

    const watch = loopWatch();
    const order: string[] = [];
    const first = store.addActivity(minute('2')).then(() => order.push('first write'));
    // Queued behind the first, in order: the checkpoint is saved, then removed.
    const checkpoint = { guildId: '1', userId: '2', channelId: '3', startedAt: 1, checkpointAt: 2 };
    const saved = store.recordActivity({ saveCheckpoints: [checkpoint] }).then(() => order.push('checkpoint saved'));
    const removed = store
      .recordActivity({ removeCheckpoints: [checkpoint] })
      .then(() => order.push('checkpoint removed'));
    // Reads go on while the writes wait (WAL): they see what was committed.
    expect(await store.readActivityTotals(day)).toEqual([{ userId: '1', ms: 60_000, messages: 0 }]);
    order.push('read');
    await Promise.all([first, saved, removed, holder.released]);
    const longestStall = watch.stop();

    expect(order).toEqual(['read', 'first write', 'checkpoint saved', 'checkpoint removed']);
    expect(await store.listSessionCheckpoints()).toEqual([]);
    expect(await store.readActivityTotals(day)).toEqual([
      { userId: '1', ms: 60_000, messages: 0 },
      { userId: '2', ms: 60_000, messages: 0 },
      { userId: '999', ms: 1, messages: 0 },
    ]);
    // The lock was held for 1.5 s; a connection waiting in SQLite's busy handler stalls the loop that long.
    expect(longestStall).toBeLessThan(500);
    await store.close();
  });

  it('gives up after busyTimeoutMs with a StoreUnavailableError, writing nothing, and writes again once the lock is free', async () => {
    const filename = join(folder, 'still-busy.db');
    const store = await SqliteStore.open({ filename, busyTimeoutMs: 300, readerThreads: 0 });
    const holder = await lockHolder(filename, 1_200);
    const watch = loopWatch();
    const error = await store.addActivity(minute('2')).catch((caught: unknown) => caught);
    expect(watch.stop()).toBeLessThan(250);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toMatch(
      /locked by another connection for busyTimeoutMs \(300 ms\); nothing was written/,
    );
    await holder.released;
    await store.addActivity(minute('3'));
    expect(await store.readActivityTotals(day)).toEqual([
      { userId: '3', ms: 60_000, messages: 0 },
      { userId: '999', ms: 1, messages: 0 },
    ]);
    await store.close();
  });

  it('closes after the writes that wait for the lock have ended', async () => {
    const filename = join(folder, 'close-busy.db');
    const store = await SqliteStore.open({ filename, readerThreads: 0 });
    const holder = await lockHolder(filename, 500);
    const write = store.addActivity(minute('4'));
    await store.close();
    await write;
    await holder.released;
    const reopened = await SqliteStore.open({ filename, readerThreads: 0 });
    expect(await reopened.readActivityTotals(day)).toEqual([
      { userId: '4', ms: 60_000, messages: 0 },
      { userId: '999', ms: 1, messages: 0 },
    ]);
    await reopened.close();
  });
});

describe('SqliteStore when its file is gone or replaced', () => {
  it('refuses reads and writes, saying what happened, once the folder is deleted', async () => {
    const data = join(folder, 'data');
    const filename = join(data, 'guildkit.db');
    const store = await SqliteStore.open({ filename });
    await store.addActivity(minute('1'));
    rmSync(data, { recursive: true });
    const write = await store.addActivity(minute('1')).catch((caught: unknown) => caught);
    expect(write).toBeInstanceOf(StoreUnavailableError);
    expect((write as Error).message).toMatch(
      /"[^"]*guildkit\.db" was moved or deleted \(or its folder was\) while it was open/,
    );
    await expect(store.readRecentLogs({ limit: 1 })).rejects.toThrow(/was moved or deleted/);
    await store.close();
  });

  it('refuses once another file is put in its place', async () => {
    const filename = join(folder, 'guildkit.db');
    const other = join(folder, 'other.db');
    const store = await SqliteStore.open({ filename, journalMode: 'delete' });
    await (await SqliteStore.open({ filename: other, journalMode: 'delete' })).close();
    renameSync(other, filename);
    await expect(store.addActivity(minute('1'))).rejects.toThrow(/was replaced by another file/);
    await store.close();
  });
});

describe("SqliteStore.open with ifMissing: 'fail'", () => {
  it('creates nothing where there is no file, an empty file, or a file without guildkit data', async () => {
    const nowhere = join(folder, 'data', 'guildkit.db');
    const error = await SqliteStore.open({ filename: nowhere, ifMissing: 'fail' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreMissingError);
    expect((error as Error).message).toMatch(
      /^No guildkit database at ".*guildkit\.db": there is no such file, .*put it back, or restore a backup.*ifMissing: 'create'/,
    );
    expect(existsSync(join(folder, 'data'))).toBe(false);

    const empty = join(folder, 'empty.db');
    writeFileSync(empty, '');
    await expect(SqliteStore.open({ filename: empty, ifMissing: 'fail' })).rejects.toThrow(/the file is empty/);

    // Another program's database: a wrong path, most likely; nothing is added to it.
    const foreign = join(folder, 'foreign.db');
    new Database(foreign).exec('create table notes (text)').close();
    const wrong = await SqliteStore.open({ filename: foreign, ifMissing: 'fail' }).catch((caught: unknown) => caught);
    expect(wrong).toBeInstanceOf(StoreMissingError);
    expect((wrong as Error).message).toMatch(
      /is not a guildkit database: it holds tables of another program.*Check the path/,
    );
    const sqlite = new Database(foreign, { readonly: true });
    expect(sqlite.prepare("select name from sqlite_master where type = 'table'").all()).toEqual([{ name: 'notes' }]);
    sqlite.close();
    // A database in memory is always new: there is nothing to lose.
    await (await SqliteStore.open({ filename: ':memory:', ifMissing: 'fail' })).close();
  });

  it('opens a database guildkit made, empty or not', async () => {
    const filename = join(folder, 'guildkit.db');
    await (await SqliteStore.open({ filename })).close();
    const store = await SqliteStore.open({ filename, ifMissing: 'fail' });
    expect(await store.readActivityTotals(day)).toEqual([]);
    await store.close();
    await expect(SqliteStore.open({ filename: ':memory:', ifMissing: 'sometimes' as never })).rejects.toThrow(
      /ifMissing must be 'create' or 'fail'/,
    );
  });
});
