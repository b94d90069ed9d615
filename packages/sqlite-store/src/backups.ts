import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SqliteBackupError } from './backup-errors.ts';
import { checkDatabaseFile, guildkitProblem } from './database-check.ts';
import type { SqliteStore } from './sqlite-store.ts';

/**
 * Where one backup goes and how many are kept.
 *
 * @example Keeping the newest 14 backups
 * ```ts
 * const options: SqliteBackupOptions = { directory: './data/backups', keep: 14 };
 * ```
 */
export interface SqliteBackupOptions {
  /** The folder backups go to (created if missing). Keep it on another disk than the database if you can. */
  readonly directory: string;
  /**
   * How many backups to keep: after a backup, the oldest beyond this many in `directory` are
   * deleted. Only files named as guildkit names backups are counted or deleted.
   * @defaultValue 8 (two days at the default schedule of every six hours)
   */
  readonly keep?: number;
  /**
   * Pages copied a turn of the event loop (a page is 4 KiB unless the database says otherwise). Lower
   * keeps each pause shorter, higher finishes sooner.
   * @defaultValue 100 (better-sqlite3's own default: about 400 KiB a turn)
   */
  readonly pagesPerStep?: number;
  /** Stops the backup under way: it rejects with the signal's reason and leaves no file behind. */
  readonly signal?: AbortSignal;
  /** The clock backups are named by, in milliseconds since the epoch. @defaultValue `Date.now` */
  readonly now?: () => number;
}

/**
 * One backup that was made, checked and kept.
 *
 * @example Logging a backup
 * ```ts
 * const result: SqliteBackupResult = await backupSqliteStore(store, { directory: './data/backups' });
 * console.log(`${result.file}: ${result.bytes} bytes in ${result.durationMs} ms`);
 * ```
 */
export interface SqliteBackupResult {
  /** The backup's path: `directory` joined with a name such as `guildkit-20260125-060000-000Z.db`. */
  readonly file: string;
  /** Its size in bytes. */
  readonly bytes: number;
  /** How long copying and checking it took, in milliseconds. */
  readonly durationMs: number;
  /** The turns of the event loop the copy took: other work ran between each. */
  readonly steps: number;
  /** Older backups deleted to keep `keep`. */
  readonly deleted: readonly string[];
}

const DEFAULTS = { keep: 8, pagesPerStep: 100, now: () => Date.now() } as const satisfies Partial<SqliteBackupOptions>;

/** A backup's name: a sortable UTC time to the millisecond. */
const BACKUP_NAME = /^guildkit-\d{8}-\d{6}-\d{3}Z\.db$/;
const PARTIAL_NAME = /^guildkit-\d{8}-\d{6}-\d{3}Z\.db\.partial(-journal)?$/;

/**
 * Backs a store's database up into `directory` with SQLite's online backup API: the copy is made
 * `pagesPerStep` pages at a time, between turns of the event loop, while the store goes on
 * writing (its own writes reach the copy too). The copy is written under a `.partial` name, made a
 * single self-contained file, checked with SQLite's `integrity_check` on a worker thread, and only
 * then renamed to its final name: a crash never leaves a half backup that looks whole. Then the
 * oldest backups beyond `keep` are deleted.
 *
 * @param store - the open store to back up
 * @param options - where the backup goes and how many to keep
 * @returns the backup that was kept
 * @throws {@link SqliteBackupError} when it cannot be made, checked or the old ones deleted; no partial file is left
 * @throws `TypeError` when an option is malformed
 * @see {@link scheduleBackups} to make them on a schedule, {@link restoreSqliteBackup} to put one back
 *
 * @example One backup now
 * ```ts
 * import { backupSqliteStore, SqliteStore } from '@guildkit/sqlite-store';
 *
 * const store = await SqliteStore.open({ filename: './data/guildkit.db' });
 * const { file, bytes } = await backupSqliteStore(store, { directory: './data/backups', keep: 8 });
 * console.log(`backed up ${bytes} bytes to ${file}`);
 * ```
 */
export async function backupSqliteStore(store: SqliteStore, options: SqliteBackupOptions): Promise<SqliteBackupResult> {
  const { directory, keep, pagesPerStep, signal, now } = resolveBackupOptions(options, 'SqliteBackupOptions');
  signal?.throwIfAborted();
  const started = performance.now();
  const fail = (doing: string, error: unknown) =>
    new SqliteBackupError(directory, `${doing}: ${reason(error)}.`, { cause: error });
  try {
    await mkdir(directory, { recursive: true });
  } catch (error) {
    throw fail(`Cannot create the backup folder "${directory}"; create it or choose another`, error);
  }
  const file = join(directory, backupName(now()));
  const partial = `${file}.partial`;
  if (await exists(file)) throw fail(`Cannot back up to "${file}"`, 'a file of that name exists already');
  let steps = 0;
  try {
    await store.copyTo(partial, pagesPerStep, () => {
      steps += 1;
      signal?.throwIfAborted();
    });
    signal?.throwIfAborted();
    const check = await checkDatabaseFile(partial, true);
    const problem = guildkitProblem(partial, check);
    if (problem !== undefined) throw new Error(`the copy did not pass its check: ${problem.message}`);
    signal?.throwIfAborted();
    await rename(partial, file);
  } catch (error) {
    await Promise.all([rm(partial, { force: true }), rm(`${partial}-journal`, { force: true })]).catch(() => {});
    if (signal?.aborted && error === signal.reason) throw error;
    throw fail(`Backing up to "${file}" failed; check that the folder is writable and has room`, error);
  }
  const durationMs = Math.round(performance.now() - started);
  const { size: bytes } = await stat(file);
  let deleted: string[];
  try {
    deleted = await pruneBackups(directory, keep);
  } catch (error) {
    throw fail(`The backup "${file}" was made, but older backups could not be deleted`, error);
  }
  return { file, bytes, durationMs, steps, deleted };
}

/**
 * The backups in a folder, newest first, as paths. Only files named as guildkit names backups are
 * listed; a folder that does not exist has none.
 *
 * @param directory - the backup folder
 * @returns the backups' paths, newest first
 *
 * @example Restoring the newest backup
 * ```ts
 * const [newest] = await listSqliteBackups('./data/backups');
 * if (newest !== undefined) await restoreSqliteBackup({ from: newest, to: './data/guildkit.db' });
 * ```
 */
export async function listSqliteBackups(directory: string): Promise<string[]> {
  const names = await readdir(directory).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return names
    .filter((name) => BACKUP_NAME.test(name))
    .sort()
    .reverse()
    .map((name) => join(directory, name));
}

/** Deletes the backups past the newest `keep`, and partial copies a crash left (untouched for an hour). */
async function pruneBackups(directory: string, keep: number): Promise<string[]> {
  const old = (await listSqliteBackups(directory)).slice(keep);
  const partials = (await readdir(directory))
    .filter((name) => PARTIAL_NAME.test(name))
    .map((name) => join(directory, name));
  const abandoned = await Promise.all(
    partials.map(async (path) => {
      const modifiedAt = (await stat(path).catch(() => undefined))?.mtimeMs ?? Number.POSITIVE_INFINITY;
      return modifiedAt < Date.now() - 3_600_000 ? [path] : [];
    }),
  );
  await Promise.all([...old, ...abandoned.flat()].map((path) => rm(path, { force: true })));
  return old;
}

/** @internal A backup's file name for a time: `guildkit-20260125-060000-000Z.db`. */
export function backupName(at: number): string {
  return `guildkit-${timeStamp(at)}.db`;
}

/** @internal A sortable UTC time for file names, to the millisecond: `20260125-060000-000Z`. */
export function timeStamp(at: number): string {
  const iso = new Date(at).toISOString(); // 2026-01-25T06:00:00.000Z
  return `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}-${iso.slice(20, 23)}Z`;
}

/** @internal Checks the options, naming the one at fault, and fills in the defaults. */
export function resolveBackupOptions<T extends SqliteBackupOptions>(options: T, name: string) {
  if (typeof options?.directory !== 'string' || options.directory.trim() === '') {
    throw new TypeError(`${name}.directory must be a folder path; received ${String(options?.directory)}`);
  }
  const keep = options.keep ?? DEFAULTS.keep;
  if (!Number.isInteger(keep) || keep < 1) {
    throw new TypeError(`${name}.keep must be a whole number of backups, 1 or more; received ${String(keep)}`);
  }
  const pagesPerStep = options.pagesPerStep ?? DEFAULTS.pagesPerStep;
  if (!Number.isInteger(pagesPerStep) || pagesPerStep < 1) {
    throw new TypeError(`${name}.pagesPerStep must be a whole number, 1 or more; received ${String(pagesPerStep)}`);
  }
  const now = options.now ?? DEFAULTS.now;
  if (typeof now !== 'function') throw new TypeError(`${name}.now must be a function; received ${String(now)}`);
  return { ...options, keep, pagesPerStep, now };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** @internal */
export function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
