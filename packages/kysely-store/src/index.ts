/**
 * The kysely layer guildkit's SQL stores share: every storage port written once, each dialect
 * adding only how it runs queries and writes rows.
 *
 * @packageDocumentation
 * @module @guildkit/kysely-store
 */

export { KyselyStore } from './kysely-store.ts';
export { type MigrationDialect, sharedMigrations } from './migrations.ts';
export type { RowColumn, RowDelete, RowUpsert, RowWrite } from './row-writes.ts';
export type {
  ActivityDailyTable,
  ActivitySliceTable,
  BigIntColumn,
  DayColumn,
  GuildChannelTable,
  GuildHourTable,
  GuildSettingsTable,
  JobListingTable,
  KyselyStoreTables,
  LogRecordTable,
  ReportPostTable,
  RoleChangeTable,
  SessionCheckpointTable,
} from './tables.ts';
