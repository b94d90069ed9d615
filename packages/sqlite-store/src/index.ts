/**
 * guildkit's storage ports on SQLite: one file, WAL mode, versioned migrations.
 *
 * @packageDocumentation
 * @module @guildkit/sqlite-store
 */

export { SqliteBackupError, SqliteRestoreError, type SqliteRestoreRefusal } from './backup-errors.ts';
export {
  SqliteBackups,
  type SqliteBackupsEvents,
  type SqliteBackupsOptions,
  scheduleBackups,
} from './backup-schedule.ts';
export { backupSqliteStore, listSqliteBackups, type SqliteBackupOptions, type SqliteBackupResult } from './backups.ts';
export { restoreSqliteBackup, type SqliteRestoreOptions, type SqliteRestoreResult } from './restore.ts';
export { SqliteStore } from './sqlite-store.ts';
export type { SqliteStoreOptions } from './store-options.ts';
