/**
 * guildkit's storage ports on PostgreSQL: many processes and shards on one database.
 *
 * @packageDocumentation
 * @module @guildkit/postgres-store
 */
export { PostgresStore } from './postgres-store.ts';
export type { PostgresStoreOptions } from './store-options.ts';
