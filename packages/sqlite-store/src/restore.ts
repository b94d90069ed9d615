import { mkdir, open, realpath, rename, rm, stat } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteRestoreError } from './backup-errors.ts';
import { timeStamp } from './backups.ts';
import { checkDatabaseFile, DatabaseCheckFailure, guildkitProblem, schemaVersion } from './database-check.ts';

/**
 * Which backup to restore, and where.
 *
 * @example
 * ```ts
 * const options: SqliteRestoreOptions = {
 *   from: './data/backups/guildkit-20260125-060000-000Z.db',
 *   to: './data/guildkit.db',
 * };
 * ```
 */
export interface SqliteRestoreOptions {
  /** The backup file to restore: one {@link backupSqliteStore} made, or any guildkit SQLite database. */
  readonly from: string;
  /** The database file to put it in place of (its folder is created if missing); not a folder. */
  readonly to: string;
  /** The clock the replaced file is named by, in milliseconds since the epoch. @defaultValue `Date.now` */
  readonly now?: () => number;
}

/**
 * A restore that was made.
 *
 * @example
 * ```ts
 * const { replaced }: SqliteRestoreResult = await restoreSqliteBackup({ from, to: './data/guildkit.db' });
 * if (replaced !== undefined) console.log(`the old database is at ${replaced}`);
 * ```
 */
export interface SqliteRestoreResult {
  readonly from: string;
  readonly to: string;
  /** Where the database that was at `to` was kept (`<to>.replaced-<time>`); `undefined` when there was none. */
  readonly replaced: string | undefined;
  /** The restored database's size in bytes. */
  readonly bytes: number;
  /** The newest schema migration in the backup; a store opening it upgrades it if it is older than its own. */
  readonly schemaVersion: string;
}

/** The files SQLite keeps beside a database. */
const SIDECARS = ['-wal', '-shm', '-journal'] as const;

/**
 * Puts a backup in place of a database. The backup is checked first (SQLite's integrity check and
 * guildkit's schema), and the database at `to` must not be open in any program: a running bot is
 * stopped first. The database that was at `to` is not deleted but renamed to
 * `<to>.replaced-<time>`, with its `-wal` folded into it. The copy is made under a temporary name
 * beside `to` and renamed into place once whole and checked. The checks run on a worker thread.
 * The backup is only read; when it is in WAL mode, the `-wal` and `-shm` that reading it needs are
 * removed afterwards (they may be left only when the file is write-protected).
 *
 * @param options - which backup to restore, and where
 * @returns what was restored and where the replaced database was kept
 * @throws {@link SqliteRestoreError} when it refuses (see its `reason`); nothing was changed
 * @throws {@link @guildkit/core!SchemaVersionError} when a newer guildkit wrote the backup
 * @throws `TypeError` when an option is malformed
 * @see the `guildkit-sqlite restore <backup> <database>` command, which runs this
 *
 * @example Restoring the newest backup while the bot is stopped
 * ```ts
 * import { listSqliteBackups, restoreSqliteBackup } from '@guildkit/sqlite-store';
 *
 * const [newest] = await listSqliteBackups('./data/backups');
 * if (newest === undefined) throw new Error('no backup to restore');
 * const { replaced } = await restoreSqliteBackup({ from: newest, to: './data/guildkit.db' });
 * console.log(`restored ${newest}; the replaced database is at ${replaced}`);
 * ```
 */
export async function restoreSqliteBackup(options: SqliteRestoreOptions): Promise<SqliteRestoreResult> {
  for (const name of ['from', 'to'] as const) {
    if (typeof options?.[name] !== 'string' || options[name].trim() === '') {
      throw new TypeError(`SqliteRestoreOptions.${name} must be a file path; received ${String(options?.[name])}`);
    }
  }
  const { from, to, now = Date.now } = options;
  const refuse = (why: SqliteRestoreError['reason'], message: string, cause?: unknown) =>
    new SqliteRestoreError(why, from, to, message, cause === undefined ? undefined : { cause });
  if (!(await isFile(from))) {
    throw refuse(
      'backup-missing',
      `There is no backup file at "${from}"; give the path of one (see guildkit-sqlite list).`,
    );
  }
  const target = await stat(to).catch(() => undefined);
  if ((target !== undefined && !target.isFile()) || to.endsWith('/') || to.endsWith(sep)) {
    const what = target === undefined || target.isDirectory() ? 'names a folder' : 'is not a regular file';
    throw refuse(
      'target-not-a-file',
      `"${to}" ${what}, not a database file; give the path of the database file to replace (such as ./data/guildkit.db) after the backup's.`,
    );
  }
  if ((await isFile(to)) && (await realpath(from)) === (await realpath(to))) {
    throw refuse('same-file', `"${from}" is the database itself; give a backup file to restore from.`);
  }
  const check = await checkDatabaseFile(from, false).catch((error: unknown) => {
    if (!(error instanceof DatabaseCheckFailure)) throw error;
    if (error.code === 'SQLITE_CORRUPT') {
      throw refuse('damaged', `"${from}" is damaged (${error.message}); restore an older backup.`, error);
    }
    throw refuse(
      'not-guildkit',
      `"${from}" is not a SQLite database (${error.message}); give a backup guildkit made.`,
      error,
    );
  });
  const problem = guildkitProblem(from, check);
  if (problem !== undefined) {
    const advice = problem.reason === 'damaged' ? 'restore an older backup' : 'give a backup guildkit made';
    throw refuse(problem.reason, `${problem.message}; ${advice}.`);
  }

  await mkdir(dirname(resolve(to)), { recursive: true });
  const holder = (await isFile(to)) ? holdExclusively(to, refuse) : undefined;
  const partial = `${to}.restoring-${timeStamp(now())}`;
  try {
    // Opened for writing when it can be, only read all the same: a read-only connection to a backup
    // in WAL mode would leave a -wal and -shm beside it, where the last connection that can write
    // removes them as it closes.
    const source = new Database(from, { fileMustExist: true });
    try {
      source.pragma('query_only = true');
      await source.backup(partial);
    } finally {
      source.close();
    }
    const copied = await checkDatabaseFile(partial, true);
    const copyProblem = guildkitProblem(partial, copied);
    if (copyProblem !== undefined) throw new Error(`the copy did not pass its check: ${copyProblem.message}`);
    const replaced = await moveAside(to, `${to}.replaced-${timeStamp(now())}`);
    await rename(partial, to);
    holder?.close();
    if (holder !== undefined && replaced !== undefined) await dropSpentSidecars(replaced);
    return { from, to, replaced, bytes: copied.bytes, schemaVersion: schemaVersion(copied) };
  } catch (error) {
    await Promise.all([rm(partial, { force: true }), rm(`${partial}-journal`, { force: true })]).catch(() => {});
    throw error;
  } finally {
    holder?.close();
  }
}

/**
 * Opens the database with SQLite's exclusive locking, which fails at once when any other
 * connection has it open in WAL mode, and folds its `-wal` into it. The lock is held until closed.
 */
function holdExclusively(
  to: string,
  refuse: (why: 'in-use', message: string, cause: unknown) => SqliteRestoreError,
): Database.Database | undefined {
  const database = new Database(to, { timeout: 0, fileMustExist: true });
  try {
    database.pragma('locking_mode = exclusive');
    database.pragma('journal_mode = delete');
    return database;
  } catch (error) {
    database.close();
    const code = (error as { code?: unknown }).code;
    if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
      throw refuse(
        'in-use',
        `The database "${to}" is open in another program (is the bot running?); stop it, then restore again.`,
        error,
      );
    }
    if (code === 'SQLITE_NOTADB') return undefined; // not a database: nothing can hold it, and it is kept aside all the same
    throw error;
  }
}

/**
 * Deletes what SQLite left beside a replaced database that {@link holdExclusively} held and folded:
 * the `-journal` that exclusive locking keeps with a zeroed header instead of deleting it (a
 * journal whose first byte is zero holds nothing to roll back), and a `-shm` with no `-wal`.
 */
async function dropSpentSidecars(replaced: string): Promise<void> {
  const journal = `${replaced}-journal`;
  if (await isFile(journal)) {
    const file = await open(journal, 'r');
    let first: number | undefined;
    try {
      const { bytesRead, buffer } = await file.read(Buffer.alloc(1), 0, 1, 0);
      first = bytesRead === 0 ? 0 : buffer[0];
    } finally {
      await file.close();
    }
    if (first === 0) await rm(journal, { force: true });
  }
  if (!(await isFile(`${replaced}-wal`))) await rm(`${replaced}-shm`, { force: true });
}

/** Renames a database and the files SQLite keeps beside it; where it went, or `undefined` if there was none. */
async function moveAside(database: string, aside: string): Promise<string | undefined> {
  const present = await isFile(database);
  for (const suffix of SIDECARS) {
    if (await isFile(`${database}${suffix}`)) await rename(`${database}${suffix}`, `${aside}${suffix}`);
  }
  if (!present) return undefined;
  await rename(database, aside);
  return aside;
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (found) => found.isFile(),
    () => false,
  );
}
