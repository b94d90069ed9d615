import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { StoreError, StoreMissingError, StoreOpenError, StoreUnavailableError } from '@guildkit/core';
import { assertKnownMigrations } from '@guildkit/core/store-kit';
import type { KyselyStoreTables } from '@guildkit/kysely-store';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import { isBusy, retryWhileBusy } from './lock-waits.ts';
import { migrations } from './migrations.ts';

/** @internal What {@link openDatabase} needs to know. */
export interface OpenDatabaseOptions {
  readonly filename: string;
  readonly journalMode: 'wal' | 'delete';
  readonly busyTimeoutMs: number;
  readonly synchronous: 'normal' | 'full';
  readonly cacheSizeMiB: number;
  readonly readerThreads: number;
  readonly logWriterThread: boolean;
  readonly threadIdleMs: number;
  readonly ifMissing: 'create' | 'fail';
}

/** @internal An open, migrated database: the raw handle for synchronous transactions and kysely for the rest. */
export interface OpenDatabase {
  readonly sqlite: Database.Database;
  readonly kysely: Kysely<KyselyStoreTables>;
  /** The file opened, as the file system names it: another file at the path later is not this database. */
  readonly file: FileIdentity | undefined;
}

/** @internal A file's identity: its device and inode. */
export interface FileIdentity {
  readonly dev: number;
  readonly ino: number;
}

// Opening migrates inside a transaction that spans awaits. Two such transactions on one file in
// one process would wait for each other's locks while blocking the thread that must release them,
// so opens of the same file in this process run one after another.
const openingByFile = new Map<string, Promise<unknown>>();

/** @internal Opens the file, sets it up and migrates it to the newest schema. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<OpenDatabase> {
  if (options.filename === ':memory:') return openAndMigrate(options);
  const key = resolve(options.filename);
  const previous = openingByFile.get(key) ?? Promise.resolve();
  const opened = previous.catch(() => {}).then(() => openAndMigrate(options));
  openingByFile.set(key, opened);
  try {
    return await opened;
  } finally {
    if (openingByFile.get(key) === opened) openingByFile.delete(key);
  }
}

async function openAndMigrate(options: OpenDatabaseOptions): Promise<OpenDatabase> {
  // Setting up the connection meets another process's lock too (its last connection closing, a
  // WAL recovery): waited for on timers, as every lock is.
  let sqlite: Database.Database;
  try {
    sqlite = await retryWhileBusy(() => connect(options), options.busyTimeoutMs);
  } catch (error) {
    throw isBusy(error) ? lockedAtOpen(options.filename, error) : error;
  }
  const kysely = new Kysely<KyselyStoreTables>({
    dialect: new SqliteDialect({ database: sqlite }),
  });
  try {
    await migrate(sqlite, kysely, options);
    const file = options.filename === ':memory:' ? undefined : identify(options.filename);
    return { sqlite, kysely, file };
  } catch (error) {
    await kysely.destroy();
    if (error instanceof StoreError) throw error;
    if (isBusy(error)) throw lockedAtOpen(options.filename, error);
    throw new StoreOpenError(
      options.filename,
      `Cannot set up the SQLite database at "${options.filename}": ${reason(error)}. ` +
        'Check that the file is writable and that no other program holds a lock on it.',
      { cause: error },
    );
  }
}

function connect({
  filename,
  journalMode,
  synchronous,
  cacheSizeMiB,
  ifMissing,
}: OpenDatabaseOptions): Database.Database {
  const onDisk = filename !== ':memory:' && !filename.startsWith('file:');
  if (onDisk && ifMissing === 'fail') {
    const size = sizeOf(filename);
    if (size === undefined) throw missing(filename, 'there is no such file');
    if (size === 0) throw missing(filename, 'the file is empty');
  }
  if (onDisk) makeFolder(filename);
  let sqlite: Database.Database | undefined;
  try {
    // No busy timeout: it would wait for a lock on this thread. Locks are waited for on timers (lock-waits.ts).
    sqlite = new Database(filename, { timeout: 0 });
    if (filename !== ':memory:') sqlite.pragma(`journal_mode = ${journalMode}`);
    // NORMAL is durable with WAL across application crashes; only a power loss may undo the last commits.
    sqlite.pragma(`synchronous = ${synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    sqlite.pragma('foreign_keys = ON');
    // Negative: KiB. A report reads a week of every member (megabytes); SQLite's 2 MiB default rereads it each time.
    sqlite.pragma(`cache_size = ${-cacheSizeMiB * 1024}`);
    return sqlite;
  } catch (error) {
    sqlite?.close();
    if (isBusy(error)) throw error; // tried again by openAndMigrate
    throw new StoreOpenError(
      filename,
      `Cannot open the SQLite database at "${filename}": ${reason(error)}. ` +
        'Check that its folder exists and that this process may write there, or pass filename ":memory:".',
      { cause: error },
    );
  }
}

// kysely runs SQLite migrations without a transaction of its own (its SQLite adapter declares no
// transactional DDL), but SQLite has it: the whole upgrade runs inside one BEGIN IMMEDIATE on the
// one connection kysely uses, so it lands entirely or not at all, and concurrent openers in other
// processes wait for it.
async function migrate(
  sqlite: Database.Database,
  kysely: Kysely<KyselyStoreTables>,
  { filename: location, ifMissing, busyTimeoutMs }: OpenDatabaseOptions,
): Promise<void> {
  const known = Object.keys(migrations);
  const applied = await retryWhileBusy(() => appliedMigrations(sqlite), busyTimeoutMs);
  assertKnownMigrations(location, known, applied);
  if (applied.length === 0 && ifMissing === 'fail' && location !== ':memory:') {
    const tables = sqlite.prepare("select count(*) as n from sqlite_master where type = 'table'").get() as {
      n: number;
    };
    if (tables.n > 0) {
      throw new StoreMissingError(
        location,
        `"${location}" is not a guildkit database: it holds tables of another program, and no guildkit data. ` +
          'Check the path (DATABASE_URL or filename); nothing was changed.',
      );
    }
    throw missing(location, 'the file holds no guildkit data');
  }
  // Up to date, the usual case: no write lock at all, so stores already open on the file go on.
  if (known.every((name) => applied.includes(name))) return;

  await retryWhileBusy(() => sqlite.exec('begin immediate'), busyTimeoutMs);
  let failure: { at: string; error: unknown } | undefined;
  try {
    assertKnownMigrations(location, known, appliedMigrations(sqlite));
    const migrator = new Migrator({
      db: kysely,
      provider: { getMigrations: async () => ({ ...migrations }) },
    });
    const { error, results = [] } = await migrator.migrateToLatest();
    if (error !== undefined) {
      const at = results.find((result) => result.status === 'Error')?.migrationName ?? 'its migration bookkeeping';
      failure = { at, error };
    }
  } catch (error) {
    sqlite.exec('rollback');
    throw error;
  }
  if (failure === undefined) {
    sqlite.exec('commit');
    return;
  }
  sqlite.exec('rollback');
  throw new StoreOpenError(
    location,
    `Upgrading the SQLite database at "${location}" failed at ${failure.at}: ${reason(failure.error)}. ` +
      'Nothing was changed: the upgrade runs in one transaction. Check that the file is writable and was made by guildkit.',
    { cause: failure.error },
  );
}

function appliedMigrations(sqlite: Database.Database): string[] {
  const hasTable = sqlite
    .prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'")
    .get();
  if (hasTable === undefined) return [];
  return (
    sqlite.prepare('select name from kysely_migration order by name').all() as {
      name: string;
    }[]
  ).map((row) => row.name);
}

/** Creates the database's folder, as a fresh project's `./data/guildkit.db` needs. */
function makeFolder(filename: string): void {
  const folder = dirname(resolve(filename));
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    throw new StoreOpenError(
      filename,
      `Cannot create the folder "${folder}" for the SQLite database at "${filename}": ${reason(error)}. ` +
        'Create it yourself, or give a filename in a folder this process may write to.',
      { cause: error },
    );
  }
}

/** @internal The file at `filename` now, or `undefined` when there is none. */
export function identify(filename: string): FileIdentity | undefined {
  const stats = statSync(filename, { throwIfNoEntry: false });
  return stats === undefined ? undefined : { dev: stats.dev, ino: stats.ino };
}

/** The file's size, or `undefined` when there is none (nor could be: a path through a file, say). */
function sizeOf(filename: string): number | undefined {
  try {
    return statSync(filename, { throwIfNoEntry: false })?.size;
  } catch {
    return undefined;
  }
}

/**
 * @internal Throws when `filename` no longer names the file opened: moved or deleted (with its
 * folder, say) or replaced. SQLite would go on writing to the open file, which no restart could read.
 */
export function assertSameFile(filename: string, opened: FileIdentity | undefined): void {
  if (opened === undefined) return;
  const now = identify(filename);
  if (now !== undefined && now.dev === opened.dev && now.ino === opened.ino) return;
  const what = now === undefined ? 'was moved or deleted (or its folder was)' : 'was replaced by another file';
  throw new StoreUnavailableError(
    filename,
    `The SQLite database file "${filename}" ${what} while it was open: nothing more is written ` +
      'to it (guildkit keeps the voice time it holds and tries again). Put the file back, or restore a backup, and restart.',
  );
}

function missing(filename: string, why: string): StoreMissingError {
  return new StoreMissingError(
    filename,
    `No guildkit database at "${filename}": ${why}, and ifMissing is 'fail', so none was created. ` +
      'If the bot had a database there, it was moved or deleted: put it back, or restore a backup. ' +
      "If this is a first start, open it once with ifMissing: 'create'.",
  );
}

function lockedAtOpen(filename: string, error: unknown): StoreUnavailableError {
  return new StoreUnavailableError(
    filename,
    `The SQLite database at "${filename}" stayed locked by another connection past busyTimeoutMs while opening. Try again.`,
    { cause: error },
  );
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
