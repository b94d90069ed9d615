import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreUnavailableError } from '@guildkit/core';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../src/index.ts';
import { migrations } from '../src/migrations.ts';
import { lockHolder } from './process-helpers.ts';

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'guildkit-sqlite-settings-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const guildId = '1300000000000000080';
const at = Date.parse('2026-12-01T09:00:00Z');

function saveRaw(filename: string, settings: string): void {
  const sqlite = new Database(filename);
  sqlite.prepare('insert or replace into guild_settings values (?, ?, ?)').run(guildId, settings, at);
  sqlite.close();
}

describe('SqliteStore guild settings', () => {
  it('upgrades a database of the previous version with an empty guild_settings, keeping its data', async () => {
    const filename = join(folder, 'previous.db');
    const kysely = new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(filename) }) });
    const upTo0006 = {
      getMigrations: async () =>
        Object.fromEntries(Object.entries(migrations).filter(([name]) => name <= '0006')) as never,
    };
    expect((await new Migrator({ db: kysely, provider: upTo0006 }).migrateToLatest()).error).toBeUndefined();
    await kysely
      .insertInto('activity_daily')
      .values({ guild_id: '1', user_id: '2', day: '2026-11-25', ms: 77 })
      .execute();
    await kysely.destroy();

    const store = await SqliteStore.open({ filename });
    expect(await store.readActivityTotals({ guildId: '1', startDay: '2026-11-25', endDay: '2026-11-26' })).toEqual([
      { userId: '2', ms: 77, messages: 0 },
    ]);
    expect(await store.readGuildSettings(guildId)).toEqual({});
    expect(await store.updateGuildSettings(guildId, { set: { locale: 'ko' } }, at)).toEqual({ locale: 'ko' });
    await store.close();
    const sqlite = new Database(filename, { readonly: true });
    expect(sqlite.prepare('select name from kysely_migration order by name').pluck().all()).toEqual(
      Object.keys(migrations),
    );
    expect(sqlite.prepare('select * from guild_settings').all()).toEqual([
      { guild_id: guildId, settings: '{"locale":"ko"}', updated_at: at },
    ]);
    sqlite.close();
  });

  it('reads what it does not understand as the default, and keeps it when it writes (a newer version may)', async () => {
    const filename = join(folder, 'tolerant.db');
    const store = await SqliteStore.open({ filename });
    saveRaw(filename, 'not json');
    expect(await store.readGuildSettings(guildId)).toEqual({});
    // A setting of a newer version, a value out of range, a known setting beside them.
    saveRaw(filename, '{"color":"red","weekStartsOn":9,"reports":{"channelId":"1300000000000000001","glow":true}}');
    expect(await store.readGuildSettings(guildId)).toEqual({ reports: { channelId: '1300000000000000001' } });
    expect(await store.updateGuildSettings(guildId, { set: { timeZone: 'Asia/Seoul' } }, at + 1)).toEqual({
      timeZone: 'Asia/Seoul',
      reports: { channelId: '1300000000000000001' },
    });
    await store.close();
    const sqlite = new Database(filename, { readonly: true });
    expect(JSON.parse(sqlite.prepare('select settings from guild_settings').pluck().get() as string)).toEqual({
      color: 'red',
      weekStartsOn: 9,
      reports: { channelId: '1300000000000000001', glow: true },
      timeZone: 'Asia/Seoul',
    });
    sqlite.close();
  });

  it('reads the row inside the write lock: a change another connection commits meanwhile is kept', async () => {
    const filename = join(folder, 'merge.db');
    const store = await SqliteStore.open({ filename, readerThreads: 0 });
    await store.updateGuildSettings(guildId, { set: { weekStartsOn: 1 } }, at);
    const other = new Database(filename, { timeout: 0 });
    other.exec('begin immediate');
    // Its first try meets the lock; it tries again on timers, after this commit. A store that read
    // the row before taking the lock would write back the settings without the locale.
    const update = store.updateGuildSettings(guildId, { set: { activity: { enabled: false } } }, at + 2);
    await new Promise((resolve) => setImmediate(resolve));
    other
      .prepare('update guild_settings set settings = ?, updated_at = ?')
      .run('{"weekStartsOn":1,"locale":"ko"}', at + 1);
    other.exec('commit');
    other.close();
    expect(await update).toEqual({ locale: 'ko', weekStartsOn: 1, activity: { enabled: false } });
    expect(await store.readGuildSettings(guildId)).toEqual({
      locale: 'ko',
      weekStartsOn: 1,
      activity: { enabled: false },
    });
    await store.close();
  });

  it("waits for another process's lock as every write does, and gives up after busyTimeoutMs, writing nothing", async () => {
    const filename = join(folder, 'busy.db');
    const store = await SqliteStore.open({ filename, busyTimeoutMs: 300, readerThreads: 0 });
    const holder = await lockHolder(filename, 1_000);
    const error = await store
      .updateGuildSettings(guildId, { set: { locale: 'ko' } }, at)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toMatch(/busyTimeoutMs \(300 ms\); nothing was written/);
    // Reads go on meanwhile (WAL).
    expect(await store.readGuildSettings(guildId)).toEqual({});
    await holder.released;
    expect(await store.updateGuildSettings(guildId, { set: { locale: 'ko' } }, at)).toEqual({ locale: 'ko' });
    await store.close();
  });
});
