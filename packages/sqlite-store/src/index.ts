/**
 * guildkit's storage ports on SQLite: one file, WAL mode, versioned migrations.
 *
 * @packageDocumentation
 * @module @guildkit/sqlite-store
 */
export { SqliteStore } from './sqlite-store.ts';
export type { SqliteStoreOptions } from './store-options.ts';
