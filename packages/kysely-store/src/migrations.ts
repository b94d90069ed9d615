import type { CreateTableBuilder, Kysely, RawBuilder } from 'kysely';
import { sql } from 'kysely';
import type { Migration } from 'kysely/migration';

/** A column's SQL type, as kysely's `addColumn` takes it. */
type DataTypeExpression = Parameters<CreateTableBuilder<string, never>['addColumn']>[1];

/**
 * What the shared migrations need to know of a dialect: its column types, and how it ends the
 * tables that every flush rewrites.
 *
 * @example SQLite's
 * ```ts
 * const sqlite: MigrationDialect = { id: 'text', day: 'text', bigint: 'integer', hotTableEnd: sql`without rowid` };
 * ```
 */
export interface MigrationDialect {
  /** Ids compared in binary order: `text` on SQLite, `text collate "C"` on PostgreSQL. */
  readonly id: DataTypeExpression;
  /** A calendar day: `text` (`YYYY-MM-DD`) or `date`. */
  readonly day: DataTypeExpression;
  /** A 64-bit integer. */
  readonly bigint: DataTypeExpression;
  /**
   * Added after `CREATE TABLE (…)` of the totals each flush rewrites: `without rowid` on SQLite
   * (the primary key is the table), `with (fillfactor = 70)` on PostgreSQL (room for updates in place).
   */
  readonly hotTableEnd: RawBuilder<unknown>;
}

/**
 * The migrations both SQL stores share, from `0008` on, written once for every dialect. (Those
 * before were written per store, and a released migration never changes.)
 *
 * @param dialect - the dialect's column types
 *
 * @example In a store's list of migrations
 * ```ts
 * const migrations = { ...ownMigrations, ...sharedMigrations(sqliteTypes) };
 * ```
 */
export function sharedMigrations(dialect: MigrationDialect): Readonly<Record<string, Migration>> {
  return Object.freeze({
    '0008_activity_details': {
      // Messages beside voice in the daily totals; voice time and messages per hour of the guild's
      // clock and channel, per member (one row a member, hour and channel: the member's heatmap and
      // channels both read it, and a flush writes one row, not two) and for the whole guild (its
      // tables hold at most 24 rows, or one a channel, a day: a heatmap or a top-channels query over
      // years reads little).
      // biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
      async up(db: Kysely<any>) {
        await db.schema
          .alterTable('activity_daily')
          .addColumn('messages', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        const totals = (
          table: string,
          keys: readonly ['user_id' | 'hour' | 'channel_id', ...('user_id' | 'hour' | 'channel_id')[]],
          primaryKey: readonly string[],
        ) => {
          let create = db.schema
            .createTable(table)
            .addColumn('guild_id', dialect.id, (c) => c.notNull())
            .addColumn('day', dialect.day, (c) => c.notNull());
          for (const key of keys) {
            create =
              key === 'hour'
                ? create.addColumn('hour', 'smallint', (c) => c.notNull().check(sql`hour between 0 and 23`))
                : create.addColumn(key, dialect.id, (c) => c.notNull());
          }
          return create
            .addColumn('ms', dialect.bigint, (c) => c.notNull().defaultTo(0).check(sql`ms >= 0`))
            .addColumn('messages', 'integer', (c) => c.notNull().defaultTo(0).check(sql`messages >= 0`))
            .addPrimaryKeyConstraint(`${table}_pk`, primaryKey as never)
            .modifyEnd(dialect.hotTableEnd)
            .execute();
        };
        // Keyed by day first, as activity_daily: a flush writes today's rows side by side at the end
        // of the guild's range (keyed by member first, each flush touched a page a member and the
        // bench's sustained writes ran 4 to 8 times slower), and the retention prune reads the key.
        // A member's slices are read day by day through the key (see detail-queries.ts).
        const slicesKey = ['guild_id', 'day', 'user_id', 'hour', 'channel_id'];
        await totals('activity_slices', ['user_id', 'hour', 'channel_id'], slicesKey);
        await totals('guild_channels', ['channel_id'], ['guild_id', 'day', 'channel_id']);
        await totals('guild_hours', ['hour'], ['guild_id', 'day', 'hour']);
      },
    },
    '0009_role_changes': {
      // The changes of activity-role runs not applied yet: each row goes once its change is applied,
      // so a run a restart interrupts resumes with what is left. Read by guild, oldest run first.
      // biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('role_changes')
          .addColumn('run_id', dialect.id, (c) => c.notNull())
          .addColumn('position', 'integer', (c) => c.notNull())
          .addColumn('guild_id', dialect.id, (c) => c.notNull())
          .addColumn('user_id', dialect.id, (c) => c.notNull())
          .addColumn('role_id', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('add', 'remove')`))
          .addColumn('created_at', dialect.bigint, (c) => c.notNull())
          .addPrimaryKeyConstraint('role_changes_pk', ['run_id', 'position'])
          .execute();
        await db.schema
          .createIndex('role_changes_guild')
          .on('role_changes')
          .columns(['guild_id', 'created_at', 'run_id', 'position'])
          .execute();
      },
    },
  });
}
