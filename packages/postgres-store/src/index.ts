/**
 * guildkit's storage ports on PostgreSQL: many processes and shards on one database.
 *
 * @packageDocumentation
 * @module @guildkit/postgres-store
 */
export { PostgresStore, type PostgresStoreOptions } from './postgres-store.ts';
