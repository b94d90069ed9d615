/**
 * guildkit's storage ports on SQLite: one file, WAL mode, versioned migrations.
 *
 * @packageDocumentation
 * @module @guildkit/sqlite-store
 */
export { SqliteStore, type SqliteStoreOptions } from './sqlite-store.ts';
