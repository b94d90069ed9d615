import { sharedMigrations } from '@guildkit/kysely-store';
import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

// Versioned schema changes, oldest first. A released migration never changes: a new schema
// change is a new entry. Names sort in the order they run.

/** @internal */
export const migrations: Readonly<Record<string, Migration>> = Object.freeze({
  '0001_activity': {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('activity_daily')
        .addColumn('guild_id', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('ms', 'integer', (c) => c.notNull().check(sql`ms >= 0`))
        // Range reads of one guild's days use the primary key; one member's days use the index.
        .addPrimaryKeyConstraint('activity_daily_pk', ['guild_id', 'day', 'user_id'])
        .modifyEnd(sql`without rowid`)
        .execute();
      await db.schema
        .createIndex('activity_daily_member')
        .on('activity_daily')
        .columns(['guild_id', 'user_id', 'day'])
        .execute();
      await db.schema
        .createTable('session_checkpoints')
        .addColumn('guild_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('started_at', 'integer', (c) => c.notNull())
        .addColumn('checkpoint_at', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('session_checkpoints_pk', ['guild_id', 'user_id'])
        .modifyEnd(sql`without rowid`)
        .execute();
    },
  },
  '0002_job_listings': {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('job_listings')
        .addColumn('post_id', 'text', (c) => c.primaryKey())
        .addColumn('guild_id', 'text', (c) => c.notNull())
        .addColumn('forum_channel_id', 'text', (c) => c.notNull())
        .addColumn('voice_channel_id', 'text', (c) => c.notNull().unique())
        .addColumn('owner_id', 'text', (c) => c.notNull())
        .addColumn('owner_name', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('user_limit', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'closed')`))
        .addColumn('created_at', 'integer', (c) => c.notNull())
        .addColumn('closed_at', 'integer')
        .addColumn('close_reason', 'text')
        .addColumn('participant_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('peak_participants', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('total_voice_ms', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createIndex('job_listings_guild_status')
        .on('job_listings')
        .columns(['guild_id', 'status', 'created_at'])
        .execute();
      await db.schema
        .createIndex('job_listings_owner')
        .on('job_listings')
        .columns(['guild_id', 'owner_id', 'status'])
        .execute();
    },
  },
  '0003_log_records': {
    // biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('log_records')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('at', 'integer', (c) => c.notNull())
        .addColumn('level', 'text', (c) => c.notNull())
        .addColumn('level_value', 'integer', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('fields', 'text', (c) => c.notNull().defaultTo('{}'))
        .execute();
      await db.schema.createIndex('log_records_at').on('log_records').columns(['at', 'id']).execute();
      await db.schema.createIndex('log_records_source_at').on('log_records').columns(['source', 'at', 'id']).execute();
      await db.schema
        .createIndex('log_records_level_at')
        .on('log_records')
        .columns(['level_value', 'at', 'id'])
        .execute();
    },
  },
  '0004_report_posts': {
    // Which scheduled reports were posted, so that each is posted once across restarts.
    // biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('report_posts')
        .addColumn('guild_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('period_start', 'text', (c) => c.notNull())
        .addColumn('claimed_at', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('report_posts_pk', ['guild_id', 'kind', 'period_start'])
        .modifyEnd(sql`without rowid`)
        .execute();
    },
  },
  '0005_log_warnings_index': {
    // The index by level was written for every record, though it only helps to find the rare ones
    // (a query for info and above reads the time index and skips the few debug records). A partial
    // index of warnings and above does that job, and most records, being info, never touch it:
    // 260,000 → 320,000 inserts a second.
    // biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
    async up(db: Kysely<any>) {
      await db.schema.dropIndex('log_records_level_at').execute();
      await db.schema
        .createIndex('log_records_warnings_at')
        .on('log_records')
        .columns(['at', 'id'])
        .where(sql.ref('level_value'), '>=', 40)
        .execute();
    },
  },
  '0006_log_records_lean': {
    // Three savings on every record written, found measuring the logger (bench/logger.bench.ts),
    // the table copied once with its ids:
    // - AUTOINCREMENT updated sqlite_sequence on every insert. It only keeps ids from being reused
    //   after the newest record is deleted, which no read depends on: `id` orders records of the
    //   same millisecond, and a plain rowid still grows with every insert.
    // - Every SQLite index entry ends with the rowid, so `(at, id)` stored the id twice. An index
    //   on `(at)` serves `order by at, id` as well (the plans are checked in open.test.ts).
    // - `level` repeated what `level_value` says; the name is looked up when records are read.
    //   (A CHECK on the values cost 15% of the insert rate: the store checks levels before writing.)
    // Raw inserts of 1,024 records a transaction: 296,000 → 355,000 a second.
    // biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('log_records_next')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('at', 'integer', (c) => c.notNull())
        .addColumn('level_value', 'integer', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('message', 'text', (c) => c.notNull())
        .addColumn('fields', 'text', (c) => c.notNull().defaultTo('{}'))
        .execute();
      await sql`insert into log_records_next (id, at, level_value, source, message, fields)
        select id, at, level_value, source, message, fields from log_records order by id`.execute(db);
      // Dropping the table drops its indexes and its sqlite_sequence row.
      await db.schema.dropTable('log_records').execute();
      await db.schema.alterTable('log_records_next').renameTo('log_records').execute();
      await db.schema.createIndex('log_records_at').on('log_records').column('at').execute();
      await db.schema.createIndex('log_records_source_at').on('log_records').columns(['source', 'at']).execute();
      await db.schema
        .createIndex('log_records_warnings_at')
        .on('log_records')
        .column('at')
        .where(sql.ref('level_value'), '>=', 40)
        .execute();
    },
  },
  '0007_guild_settings': {
    // Each guild's settings (`GuildSettings`), one JSON object a guild, written whole by
    // updateGuildSettings's read-merge-write in one immediate transaction. NOT NULL on the key:
    // SQLite lets a rowid table's TEXT PRIMARY KEY hold NULL otherwise.
    // biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('guild_settings')
        .addColumn('guild_id', 'text', (c) => c.primaryKey().notNull())
        .addColumn('settings', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'integer', (c) => c.notNull())
        .execute();
    },
  },
  // From here on, the migrations both SQL stores share (@guildkit/kysely-store).
  ...sharedMigrations({ id: 'text', day: 'text', bigint: 'integer', hotTableEnd: sql`without rowid` }),
});
