import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActivityIncrement } from '@guildkit/core';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  backupSqliteStore,
  listSqliteBackups,
  restoreSqliteBackup,
  SqliteBackupError,
  type SqliteBackupResult,
  SqliteBackups,
  SqliteStore,
  scheduleBackups,
} from '../src/index.ts';
import { history, runCommand, totals, totalsOfFile, totalsOfRows } from './backup-helpers.ts';

let folder: string;
let store: SqliteStore;
beforeEach(async () => {
  folder = mkdtempSync(join(tmpdir(), 'guildkit-sqlite-backups-'));
  store = await SqliteStore.open({ filename: join(folder, 'guildkit.db') });
});
afterEach(async () => {
  vi.useRealTimers();
  await store.close();
  rmSync(folder, { recursive: true, force: true });
});

/** One write a turn of the event loop, each a member of its own, until stopped. */
function keepWriting(target: SqliteStore) {
  const written: ActivityIncrement[] = [];
  let stopped = false;
  const loop = async () => {
    while (!stopped) {
      const row = { guildId: '100', userId: String(900_000 + written.length), day: '2026-11-25', ms: 60_000 };
      await target.addActivity([row]);
      written.push(row);
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const done = loop();
  return {
    written,
    stop: async () => {
      stopped = true;
      await done;
    },
  };
}

describe('backupSqliteStore', () => {
  it('copies while writes go on: the backup holds one moment whole, and restoring it gives its totals', async () => {
    const base = history(400, 60); // 48,000 rows: a few MiB
    await store.addActivity(base);
    const writer = keepWriting(store);
    await new Promise((resolve) => setTimeout(resolve, 5)); // some writes before it starts
    const writtenBefore = writer.written.length;
    const result = await backupSqliteStore(store, { directory: join(folder, 'backups'), pagesPerStep: 20 });
    const writtenDuring = writer.written.length - writtenBefore;
    await new Promise((resolve) => setTimeout(resolve, 5)); // and more after
    await writer.stop();

    // The loop ran between the copy's steps: writes went on during it.
    expect(result.steps).toBeGreaterThan(10);
    expect(writtenDuring).toBeGreaterThan(0);
    expect(result.bytes).toBeGreaterThan(2_000_000);

    // The backup holds the history and a prefix of the live writes with no gap: one moment, whole.
    const restored = join(folder, 'restored-by-function.db');
    const outcome = await restoreSqliteBackup({ from: result.file, to: restored });
    expect(outcome.replaced).toBeUndefined();
    const backedUp = await totalsOfFile(restored);
    const live = backedUp['100']?.filter((total) => Number(total.userId) >= 900_000) ?? [];
    expect(live.length).toBeGreaterThanOrEqual(writtenBefore);
    expect(live.length).toBeLessThanOrEqual(writtenBefore + writtenDuring);
    expect(backedUp).toEqual(totalsOfRows([...base, ...writer.written.slice(0, live.length)]));
    // The store went on and holds more than the backup.
    expect(writer.written.length).toBeGreaterThan(live.length);
    expect(await totals(store)).toEqual(totalsOfRows([...base, ...writer.written]));

    // The command restores the same totals, into a file of its own.
    const byCommand = join(folder, 'restored-by-command.db');
    const run = await runCommand('restore', result.file, byCommand);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(
      /^Restored .+guildkit-\d{8}-\d{6}-\d{3}Z\.db to .+ \(\d+\.\d MiB, schema 0\d{3}_\w+\); there was no database there before\.\n$/,
    );
    expect(run.code).toBe(0);
    expect(await totalsOfFile(byCommand)).toEqual(backedUp);
  });

  it('names backups by UTC time, makes each one checked file, and keeps the newest `keep`', async () => {
    await store.addActivity(history(5, 3));
    const directory = join(folder, 'backups');
    let now = Date.UTC(2026, 0, 25, 6, 0, 0, 0);
    const made = [];
    for (let backup = 0; backup < 4; backup += 1) {
      made.push(await backupSqliteStore(store, { directory, keep: 2, now: () => now }));
      now += 6 * 3_600_000;
    }
    expect(made.map((backup) => backup.file.slice(directory.length + 1))).toEqual([
      'guildkit-20260125-060000-000Z.db',
      'guildkit-20260125-120000-000Z.db',
      'guildkit-20260125-180000-000Z.db',
      'guildkit-20260126-000000-000Z.db',
    ]);
    expect(made.map((backup) => backup.deleted.length)).toEqual([0, 0, 1, 1]);
    expect(made[3]?.deleted).toEqual([made[1]?.file]);
    // Only the two newest remain, each one file on its own (no -wal, no partial) that passes SQLite's check.
    expect(readdirSync(directory).sort()).toEqual([
      'guildkit-20260125-180000-000Z.db',
      'guildkit-20260126-000000-000Z.db',
    ]);
    expect(await listSqliteBackups(directory)).toEqual([made[3]?.file, made[2]?.file]);
    const backup = new Database(made[3]?.file as string, { readonly: true });
    expect(backup.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(backup.pragma('integrity_check', { simple: true })).toBe('ok');
    backup.close();
  });

  it('leaves files that are not its backups alone, and deletes partial copies a crash left long ago', async () => {
    const directory = join(folder, 'backups');
    mkdirSync(directory);
    const mine = join(directory, 'notes.txt');
    const crashed = join(directory, 'guildkit-20250101-000000-000Z.db.partial');
    writeFileSync(mine, 'keep me');
    writeFileSync(crashed, 'half a copy');
    const longAgo = new Date(Date.now() - 2 * 3_600_000);
    const { utimesSync } = await import('node:fs');
    utimesSync(crashed, longAgo, longAgo);
    await backupSqliteStore(store, { directory, keep: 1 });
    await backupSqliteStore(store, { directory, keep: 1, now: () => Date.now() + 1_000 });
    expect(existsSync(mine)).toBe(true);
    expect(existsSync(crashed)).toBe(false);
    expect(await listSqliteBackups(directory)).toHaveLength(1);
  });

  it('rejects with SqliteBackupError naming the folder when it cannot write there; nothing is left and the store goes on', async () => {
    const blocker = join(folder, 'not-a-folder');
    writeFileSync(blocker, '');
    const directory = join(blocker, 'backups');
    const failure = backupSqliteStore(store, { directory });
    await expect(failure).rejects.toThrow(SqliteBackupError);
    await expect(failure).rejects.toMatchObject({ directory, message: expect.stringContaining(`"${directory}"`) });
    await store.addActivity([{ guildId: '100', userId: '1', day: '2026-11-25', ms: 5 }]);
    expect((await totals(store))['100']).toEqual([{ userId: '1', ms: 5, messages: 0 }]);
  });

  it('stops on its signal, leaving no partial file', async () => {
    await store.addActivity(history(200, 30));
    const directory = join(folder, 'backups');
    const abort = new AbortController();
    const backup = backupSqliteStore(store, { directory, pagesPerStep: 1, signal: abort.signal });
    setImmediate(() => abort.abort(new Error('stop')));
    await expect(backup).rejects.toThrow('stop');
    expect(readdirSync(directory)).toEqual([]);
  });

  it('names the option at fault', async () => {
    const directory = join(folder, 'backups');
    await expect(backupSqliteStore(store, { directory: ' ' })).rejects.toThrow(/SqliteBackupOptions\.directory/);
    expect(() => new SqliteBackups(store, { directory, keep: 0 })).toThrow(
      /SqliteBackupsOptions\.keep must be .* 1 or more; received 0/,
    );
    expect(() => new SqliteBackups(store, { directory, schedule: 'every day' })).toThrow(
      /schedule must be a cron pattern/,
    );
    expect(() => new SqliteBackups(store, { directory, timeZone: 'Mars/Olympus' })).toThrow(/IANA time zone/);
  });
});

describe('SqliteBackups', () => {
  it('backs up on its schedule; a failing run is an error event and the next run still happens', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: Date.UTC(2026, 0, 25, 5, 0) });
    await store.addActivity(history(5, 3));
    const blocker = join(folder, 'backups');
    writeFileSync(blocker, 'in the way'); // the first run cannot create its folder
    const backups = scheduleBackups(store, { directory: blocker, keep: 3 });
    expect(backups.nextBackupAt?.toISOString()).toBe('2026-01-25T06:00:00.000Z');
    const failed = new Promise<unknown[]>((resolve) => backups.once('error', (...args) => resolve(args)));
    await vi.advanceTimersByTimeAsync(3_600_000);
    const [error, context] = await failed;
    expect(error).toBeInstanceOf(SqliteBackupError);
    expect(context).toEqual({ step: 'backup' });

    rmSync(blocker);
    const made = new Promise<SqliteBackupResult>((resolve) => backups.once('backup', resolve));
    await vi.advanceTimersByTimeAsync(6 * 3_600_000);
    const result = await made;
    expect(result.file).toBe(join(blocker, 'guildkit-20260125-120000-000Z.db'));
    expect(await totalsOfFile(result.file)).toEqual(await totals(store));

    await backups.close();
    expect(backups.nextBackupAt).toBeNull();
    await vi.advanceTimersByTimeAsync(24 * 3_600_000);
    expect(await listSqliteBackups(blocker)).toEqual([result.file]);
    await expect(backups.backupNow()).rejects.toThrow(/closed/);
    await expect(backups.backupNow()).rejects.toBeInstanceOf(SqliteBackupError);
  });

  it('close() stops a backup under way: no partial file, older backups kept, the store still usable', async () => {
    await store.addActivity(history(200, 30));
    const directory = join(folder, 'backups');
    let now = Date.UTC(2026, 0, 25);
    const backups = new SqliteBackups(store, { directory, pagesPerStep: 1, now: () => (now += 1_000) });
    const first = await backups.backupNow();
    const second = backups.backupNow();
    expect(backups.backupNow()).toBe(second); // one at a time
    await new Promise((resolve) => setImmediate(resolve));
    await backups.close();
    await expect(second).rejects.toBeInstanceOf(SqliteBackupError);
    await expect(second).rejects.toMatchObject({
      name: 'SqliteBackupError',
      directory,
      message: expect.stringMatching(/^SqliteBackups was closed during the backup/),
    });
    expect(readdirSync(directory)).toEqual([first.file.slice(directory.length + 1)]);
    await store.addActivity([{ guildId: '200', userId: '1', day: '2026-11-25', ms: 1 }]);
  });
});
