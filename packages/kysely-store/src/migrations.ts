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
      // Messages beside voice in the daily totals; voice time and messages per channel and per hour
      // of the guild's clock, per member and for the whole guild (the guild's tables hold at most
      // channels or 24 rows a day, so a heatmap or a top-channels query over years reads little).
      // Each member table has an index by member, for /activity, a member's data and forgetting.
      // biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
      async up(db: Kysely<any>) {
        await db.schema
          .alterTable('activity_daily')
          .addColumn('messages', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        const detail = (table: string, member: boolean, kind: 'channel' | 'hour') => {
          let create = db.schema
            .createTable(table)
            .addColumn('guild_id', dialect.id, (c) => c.notNull())
            .addColumn('day', dialect.day, (c) => c.notNull());
          if (member) create = create.addColumn('user_id', dialect.id, (c) => c.notNull());
          create =
            kind === 'channel'
              ? create.addColumn('channel_id', dialect.id, (c) => c.notNull())
              : create.addColumn('hour', 'smallint', (c) => c.notNull().check(sql`hour between 0 and 23`));
          const key = ['guild_id', 'day', ...(member ? ['user_id'] : []), kind === 'channel' ? 'channel_id' : 'hour'];
          return create
            .addColumn('ms', dialect.bigint, (c) => c.notNull().defaultTo(0).check(sql`ms >= 0`))
            .addColumn('messages', 'integer', (c) => c.notNull().defaultTo(0).check(sql`messages >= 0`))
            .addPrimaryKeyConstraint(`${table}_pk`, key as never)
            .modifyEnd(dialect.hotTableEnd)
            .execute();
        };
        await detail('activity_channels', true, 'channel');
        await detail('activity_hours', true, 'hour');
        await detail('guild_channels', false, 'channel');
        await detail('guild_hours', false, 'hour');
        for (const table of ['activity_channels', 'activity_hours']) {
          await db.schema.createIndex(`${table}_member`).on(table).columns(['guild_id', 'user_id', 'day']).execute();
        }
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
