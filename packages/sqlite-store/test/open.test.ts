import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SchemaVersionError, StoreOpenError, StoreUnavailableError } from '@guildkit/core';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../src/index.ts';
import { migrations } from '../src/migrations.ts';

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'guildkit-sqlite-open-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const day = { guildId: '1', startDay: '2026-11-25', endDay: '2026-11-26' };

function tables(filename: string): string[] {
  const sqlite = new Database(filename, { readonly: true });
  try {
    return (
      sqlite.prepare("select name from sqlite_master where type = 'table' order by name").all() as { name: string }[]
    ).map((row) => row.name);
  } finally {
    sqlite.close();
  }
}

describe('SqliteStore.open', () => {
  it('creates the schema in a WAL file with the indexes the reads use', async () => {
    const filename = join(folder, 'new.db');
    const store = await SqliteStore.open({ filename });
    await store.close();
    const sqlite = new Database(filename, { readonly: true });
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    const plan = sqlite
      .prepare(
        "explain query plan select user_id, sum(ms) from activity_daily where guild_id = '1' and day >= '2026-11-01' and day < '2026-12-01' group by user_id",
      )
      .all() as { detail: string }[];
    expect(plan.map((step) => step.detail).join('\n')).toMatch(/USING (PRIMARY KEY|INDEX)/);
    // Recent logs, as the store asks for them (for warnings and above, with the partial index's own
    // condition): an index for each kind of read; info records never touch the warnings' index.
    const logPlan = (where: string) =>
      (
        sqlite
          .prepare(`explain query plan select * from log_records ${where} order by at desc, id desc limit 20`)
          .all() as { detail: string }[]
      )
        .map((step) => step.detail)
        .join('\n');
    expect(logPlan('')).toMatch(/USING INDEX log_records_at\b/);
    expect(logPlan('where level_value >= 40')).toMatch(/USING INDEX log_records_warnings_at\b/);
    expect(logPlan('where level_value >= 50 and level_value >= 40')).toMatch(/USING INDEX log_records_warnings_at\b/);
    expect(logPlan("where source = 'voice'")).toMatch(/USING INDEX log_records_source_at\b/);
    // The indexes hold `at` and the rowid (which `id` is): they give the order with no sort.
    for (const where of ['', 'where level_value >= 30', 'where level_value >= 40', "where source = 'voice'"]) {
      expect(logPlan(where)).not.toMatch(/TEMP B-TREE/);
    }
    sqlite.close();
    expect(tables(filename)).toEqual(
      expect.arrayContaining([
        'activity_daily',
        'guild_settings',
        'job_listings',
        'kysely_migration',
        'log_records',
        'report_posts',
        'session_checkpoints',
      ]),
    );
  });

  it('works in memory, with the rollback journal, and with every commit flushed to disk', async () => {
    const memory = await SqliteStore.open({ filename: ':memory:' });
    await memory.addActivity([{ guildId: '1', userId: '2', day: '2026-11-25', ms: 5 }]);
    expect(await memory.readActivityTotals(day)).toEqual([{ userId: '2', ms: 5, messages: 0 }]);
    await memory.close();

    const filename = join(folder, 'delete.db');
    const store = await SqliteStore.open({ filename, journalMode: 'delete' });
    await store.close();
    const sqlite = new Database(filename, { readonly: true });
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('delete');
    sqlite.close();

    const durable = await SqliteStore.open({ filename: join(folder, 'full.db'), synchronous: 'full' });
    await durable.addActivity([{ guildId: '1', userId: '2', day: '2026-11-25', ms: 7 }]);
    expect(await durable.readActivityTotals(day)).toEqual([{ userId: '2', ms: 7, messages: 0 }]);
    await durable.close();
  });

  it('creates a missing folder, as a fresh project needs', async () => {
    const filename = join(folder, 'data', 'nested', 'guildkit.db');
    const store = await SqliteStore.open({ filename });
    await store.close();
    expect(existsSync(filename)).toBe(true);
  });

  it('fails with one clear StoreOpenError on a folder it cannot create, saying what to do', async () => {
    writeFileSync(join(folder, 'a-file'), 'not a folder');
    const filename = join(folder, 'a-file', 'guildkit.db');
    const error = await SqliteStore.open({ filename }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreOpenError);
    expect((error as StoreOpenError).location).toBe(filename);
    expect((error as Error).message).toContain(`Cannot create the folder "${join(folder, 'a-file')}"`);
    expect((error as Error).message).toMatch(
      /Create it yourself, or give a filename in a folder this process may write to/,
    );
  });

  it('refuses a file that is not a database', async () => {
    const filename = join(folder, 'notes.txt');
    writeFileSync(filename, 'x'.repeat(4096));
    await expect(SqliteStore.open({ filename })).rejects.toThrow(StoreOpenError);
  });

  it('refuses a database written by a newer version, naming what it does not know, and leaves it as it was', async () => {
    const filename = join(folder, 'future.db');
    await (await SqliteStore.open({ filename })).close();
    const sqlite = new Database(filename);
    sqlite
      .prepare("insert into kysely_migration (name, timestamp) values ('0099_from_the_future', '2027-01-01')")
      .run();
    sqlite.close();

    const error = await SqliteStore.open({ filename }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SchemaVersionError);
    expect((error as SchemaVersionError).unknownMigrations).toEqual(['0099_from_the_future']);
    expect((error as Error).message).toMatch(/newer guildkit: upgrade the store package/);
  });

  it('upgrades a database of an older schema and keeps its data', async () => {
    const filename = join(folder, 'old.db');
    const kysely = new Kysely<any>({
      dialect: new SqliteDialect({ database: new Database(filename) }),
    });
    const onlyFirst = {
      getMigrations: async () => ({
        '0001_activity': migrations['0001_activity'] as never,
      }),
    };
    expect(
      (
        await new Migrator({
          db: kysely,
          provider: onlyFirst,
        }).migrateToLatest()
      ).error,
    ).toBeUndefined();
    await kysely
      .insertInto('activity_daily')
      .values({ guild_id: '1', user_id: '2', day: '2026-11-25', ms: 77 })
      .execute();
    await kysely.destroy();
    expect(tables(filename)).not.toContain('job_listings');

    const store = await SqliteStore.open({ filename });
    expect(await store.readActivityTotals(day)).toEqual([{ userId: '2', ms: 77, messages: 0 }]);
    expect(await store.listOpenJobListings()).toEqual([]);
    await store.close();
  });

  it('keeps log records, their ids, levels and order when it rebuilds the log table without AUTOINCREMENT or level names', async () => {
    const filename = join(folder, 'logs.db');
    const kysely = new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(filename) }) });
    const upTo0005 = {
      getMigrations: async () =>
        Object.fromEntries(Object.entries(migrations).filter(([name]) => name <= '0005')) as never,
    };
    expect((await new Migrator({ db: kysely, provider: upTo0005 }).migrateToLatest()).error).toBeUndefined();
    const row = (at: number, level: string, levelValue: number, message: string) => ({
      at,
      level,
      level_value: levelValue,
      source: 'voice',
      message,
      fields: '{"n":1}',
    });
    // The same millisecond twice, ordered by id; a deleted newest record, whose id AUTOINCREMENT kept.
    await kysely
      .insertInto('log_records')
      .values([row(1_000, 'info', 30, 'a'), row(2_000, 'warn', 40, 'b'), row(2_000, 'error', 50, 'c')])
      .execute();
    await kysely
      .insertInto('log_records')
      .values(row(3_000, 'info', 30, 'gone'))
      .execute();
    await kysely.deleteFrom('log_records').where('message', '=', 'gone').execute();
    await kysely.destroy();

    const store = await SqliteStore.open({ filename });
    await store.appendLogs([{ at: 2_000, level: 'warn', source: 'voice', message: 'd' }]);
    const messages = async (query = {}) => (await store.readRecentLogs(query)).map((log) => log.message);
    expect(await messages()).toEqual(['d', 'c', 'b', 'a']);
    expect((await store.readRecentLogs()).map((log) => log.level)).toEqual(['warn', 'error', 'warn', 'info']);
    expect(await messages({ minLevel: 'warn' })).toEqual(['d', 'c', 'b']);
    await store.close();
    const sqlite = new Database(filename, { readonly: true });
    expect(sqlite.prepare('select id, message from log_records order by id').all()).toEqual([
      { id: 1, message: 'a' },
      { id: 2, message: 'b' },
      { id: 3, message: 'c' },
      { id: 4, message: 'd' },
    ]);
    const table = sqlite.prepare("select sql from sqlite_master where name = 'log_records'").pluck().get();
    expect(table).not.toMatch(/autoincrement/i);
    expect(table).not.toMatch(/\blevel\b/);
    expect(sqlite.prepare('select count(*) from sqlite_sequence where name = ?').pluck().get('log_records')).toBe(0);
    sqlite.close();
  });

  it('leaves nothing half-migrated when an upgrade step fails', async () => {
    const filename = join(folder, 'clash.db');
    const sqlite = new Database(filename);
    // A table of the same name as one the second migration creates makes that step fail.
    sqlite.exec('create table job_listings (anything text)');
    sqlite.close();

    const error = await SqliteStore.open({ filename }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreOpenError);
    expect((error as Error).message).toMatch(/failed at 0002_job_listings: .*Nothing was changed/);
    expect(tables(filename)).toEqual(['job_listings']);
  });

  it('opens an up-to-date file without a write lock, and says so when an upgrade has to wait too long', async () => {
    const filename = join(folder, 'locked.db');
    await (await SqliteStore.open({ filename })).close();
    const holder = new Database(filename);
    holder.exec('begin immediate');
    const store = await SqliteStore.open({ filename, busyTimeoutMs: 50 });
    expect(await store.readActivityTotals(day)).toEqual([]);
    await expect(store.addActivity([{ guildId: '1', userId: '2', day: '2026-11-25', ms: 1 }])).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    await store.close();

    const fresh = join(folder, 'fresh-locked.db');
    const freshHolder = new Database(fresh);
    freshHolder.exec('create table unrelated (x integer); begin immediate');
    const error = await SqliteStore.open({ filename: fresh, busyTimeoutMs: 50 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).toMatch(/locked by another connection/);
    holder.exec('rollback');
    freshHolder.exec('rollback');
    holder.close();
    freshHolder.close();
  });

  it('refuses malformed options, naming the option', async () => {
    await expect(SqliteStore.open({ filename: '' })).rejects.toThrow(/filename/);
    await expect(SqliteStore.open({ filename: ':memory:', journalMode: 'off' as never })).rejects.toThrow(
      /journalMode/,
    );
    await expect(SqliteStore.open({ filename: ':memory:', busyTimeoutMs: -5 })).rejects.toThrow(/busyTimeoutMs/);
    await expect(SqliteStore.open({ filename: ':memory:', cacheSizeMiB: 0.5 })).rejects.toThrow(/cacheSizeMiB/);
    await expect(SqliteStore.open({ filename: ':memory:', synchronous: 'off' as never })).rejects.toThrow(
      /synchronous must be 'normal' or 'full'/,
    );
  });

  it('opens one file from several stores at once in one process', async () => {
    const filename = join(folder, 'many.db');
    const stores = await Promise.all(Array.from({ length: 4 }, () => SqliteStore.open({ filename })));
    await Promise.all(
      stores.map((store) => store.addActivity([{ guildId: '1', userId: '2', day: '2026-11-25', ms: 1 }])),
    );
    expect(await stores[0]?.readActivityTotals(day)).toEqual([{ userId: '2', ms: 4, messages: 0 }]);
    await Promise.all(stores.map((store) => store.close()));
  });

  it('sums batches written by two processes at once', async () => {
    const filename = join(folder, 'shared.db');
    await (await SqliteStore.open({ filename })).close();
    const script = fileURLToPath(new URL('./fixtures/write-batches.ts', import.meta.url));
    const run = () =>
      promisify(execFile)(process.execPath, ['--conditions=@guildkit/source', script, filename, '40'], {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
      });
    await Promise.all([run(), run()]);
    const store = await SqliteStore.open({ filename });
    const totals = await store.readActivityTotals(day);
    expect(totals).toHaveLength(100);
    expect(totals.every((total) => total.ms === 80)).toBe(true);
    await store.close();
  });
});
