import { StoreError } from '@guildkit/core';

/**
 * A backup could not be made: the folder is missing or not writable, the disk is full, the copy
 * did not pass SQLite's integrity check, or the store closed during it. Nothing that looks like a
 * backup was left behind; older backups are untouched.
 *
 * @example Saying where a backup failed
 * ```ts
 * import { SqliteBackupError } from '@guildkit/sqlite-store';
 *
 * try {
 *   await backupSqliteStore(store, { directory: './data/backups' });
 * } catch (error) {
 *   if (error instanceof SqliteBackupError) console.error(`no backup in ${error.directory}: ${error.message}`);
 * }
 * ```
 */
export class SqliteBackupError extends StoreError {
  /** The folder the backup was to go to. */
  public readonly directory: string;

  public constructor(directory: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SqliteBackupError';
    this.directory = directory;
  }
}

/**
 * Why a restore was refused.
 *
 * - `'backup-missing'`: there is no file at `from`.
 * - `'not-guildkit'`: `from` is not a SQLite database, or holds no guildkit schema.
 * - `'damaged'`: `from` fails SQLite's integrity check.
 * - `'in-use'`: a program (a running bot, say) has the database at `to` open.
 * - `'same-file'`: `from` and `to` are the same file.
 * - `'target-not-a-file'`: `to` names a folder (it exists as one, or ends in a path separator) or
 *   something else that is not a regular file; it must be the database file's own path.
 *
 * @example
 * ```ts
 * const reason: SqliteRestoreRefusal = 'in-use';
 * ```
 */
export type SqliteRestoreRefusal =
  | 'backup-missing'
  | 'not-guildkit'
  | 'damaged'
  | 'in-use'
  | 'same-file'
  | 'target-not-a-file';

/**
 * A restore was refused before anything was changed: the database at `to` is as it was. A backup
 * written by a newer guildkit is refused with core's `SchemaVersionError` instead.
 *
 * @example Telling an operator what to do
 * ```ts
 * import { SqliteRestoreError } from '@guildkit/sqlite-store';
 *
 * try {
 *   await restoreSqliteBackup({ from: './data/backups/guildkit-20260125-060000-000Z.db', to: './data/guildkit.db' });
 * } catch (error) {
 *   if (error instanceof SqliteRestoreError && error.reason === 'in-use') console.error('stop the bot first');
 * }
 * ```
 */
export class SqliteRestoreError extends StoreError {
  /** Why it was refused. */
  public readonly reason: SqliteRestoreRefusal;
  /** The backup that was to be restored. */
  public readonly from: string;
  /** The database that was to be replaced. */
  public readonly to: string;

  public constructor(reason: SqliteRestoreRefusal, from: string, to: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SqliteRestoreError';
    this.reason = reason;
    this.from = from;
    this.to = to;
  }
}
