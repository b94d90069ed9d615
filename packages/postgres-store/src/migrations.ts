import { sharedMigrations } from '@guildkit/kysely-store';
import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

// Versioned schema changes, oldest first. A released migration never changes: a new schema
// change is a new entry. Names sort in the order they run. Ids are compared in binary order
// (COLLATE "C"), the same order as SQLite's and the memory store's. Times are epoch milliseconds
// in bigint, as everywhere in guildkit: exact, and independent of the server's and the process's
// time zones.

/**
 * @internal The migrations of a store in `schema`. kysely's `withSchema` qualifies what its
 * builders name, not raw SQL, so the steps that need raw SQL are told the schema.
 */
export function migrationsFor(schema: string): Readonly<Record<string, Migration>> {
  return Object.freeze({
    '0001_activity': {
      // biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('activity_daily')
          .addColumn('guild_id', sql`text collate "C"`, (c) => c.notNull())
          .addColumn('day', 'date', (c) => c.notNull())
          .addColumn('user_id', sql`text collate "C"`, (c) => c.notNull())
          .addColumn('ms', 'bigint', (c) => c.notNull().check(sql`ms >= 0`))
          // Range reads of one guild's days use the primary key; one member's days use the index.
          .addPrimaryKeyConstraint('activity_daily_pk', ['guild_id', 'day', 'user_id'])
          .execute();
        await db.schema
          .createIndex('activity_daily_member')
          .on('activity_daily')
          .columns(['guild_id', 'user_id', 'day'])
          .execute();
        await db.schema
          .createTable('session_checkpoints')
          .addColumn('guild_id', sql`text collate "C"`, (c) => c.notNull())
          .addColumn('user_id', sql`text collate "C"`, (c) => c.notNull())
          .addColumn('channel_id', 'text', (c) => c.notNull())
          .addColumn('started_at', 'bigint', (c) => c.notNull())
          .addColumn('checkpoint_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('session_checkpoints_pk', ['guild_id', 'user_id'])
          .execute();
      },
    },
    '0002_job_listings': {
      // biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('job_listings')
          .addColumn('post_id', sql`text collate "C"`, (c) => c.notNull())
          .addColumn('guild_id', 'text', (c) => c.notNull())
          .addColumn('forum_channel_id', 'text', (c) => c.notNull())
          .addColumn('voice_channel_id', 'text', (c) => c.notNull())
          .addColumn('owner_id', 'text', (c) => c.notNull())
          .addColumn('owner_name', 'text', (c) => c.notNull())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('description', 'text', (c) => c.notNull())
          .addColumn('tags', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
          .addColumn('user_limit', 'integer', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'closed')`))
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('closed_at', 'bigint')
          .addColumn('close_reason', 'text')
          .addColumn('participant_count', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('peak_participants', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('total_voice_ms', 'bigint', (c) => c.notNull().defaultTo(0))
          .addPrimaryKeyConstraint('job_listings_pk', ['post_id'])
          .addUniqueConstraint('job_listings_voice_channel_unique', ['voice_channel_id'])
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
          .addColumn('id', 'bigint', (c) => c.generatedAlwaysAsIdentity().primaryKey())
          .addColumn('at', 'bigint', (c) => c.notNull())
          .addColumn('level', 'text', (c) => c.notNull())
          .addColumn('level_value', 'smallint', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('message', 'text', (c) => c.notNull())
          .addColumn('fields', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
          .execute();
        await db.schema.createIndex('log_records_at').on('log_records').columns(['at', 'id']).execute();
        await db.schema
          .createIndex('log_records_source_at')
          .on('log_records')
          .columns(['source', 'at', 'id'])
          .execute();
        await db.schema
          .createIndex('log_records_level_at')
          .on('log_records')
          .columns(['level_value', 'at', 'id'])
          .execute();
      },
    },
    '0004_activity_fillfactor': {
      // Daily totals and checkpoints are rewritten at every flush through the day. Room left on each
      // page lets PostgreSQL update them in place (HOT updates, no index writes): a 10,000-member flush
      // takes about 65 ms instead of 150 to 200 ms. Pages written from now on get the room.
      // biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
      async up(db: Kysely<any>) {
        await sql`alter table ${sql.id(schema, 'activity_daily')} set (fillfactor = 70)`.execute(db);
        await sql`alter table ${sql.id(schema, 'session_checkpoints')} set (fillfactor = 70)`.execute(db);
      },
    },
    '0005_report_posts': {
      // Which scheduled reports were posted, so that each is posted once across restarts and shards.
      // biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('report_posts')
          .addColumn('guild_id', sql`text collate "C"`, (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('period_start', 'date', (c) => c.notNull())
          .addColumn('claimed_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('report_posts_pk', ['guild_id', 'kind', 'period_start'])
          .execute();
      },
    },
    '0006_activity_batches': {
      // The ids of recorded activity batches, so that a batch sent again (its first write's outcome
      // unknown: the connection lost during COMMIT) is recorded once. Kept a week, then pruned.
      // biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('activity_batches')
          .addColumn('id', sql`text collate "C"`, (c) => c.primaryKey())
          .addColumn('recorded_at', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('activity_batches_recorded_at')
          .on('activity_batches')
          .column('recorded_at')
          .execute();
      },
    },
    '0007_guild_settings': {
      // Each guild's settings (`GuildSettings`), one JSON object a guild, written whole by
      // updateGuildSettings's read-merge-write under the row's lock (FOR UPDATE).
      // biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
      async up(db: Kysely<any>) {
        await db.schema
          .createTable('guild_settings')
          .addColumn('guild_id', sql`text collate "C"`, (c) => c.notNull())
          .addColumn('settings', 'jsonb', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('guild_settings_pk', ['guild_id'])
          .execute();
      },
    },
    // From here on, the migrations both SQL stores share (@guildkit/kysely-store).
    ...sharedMigrations({
      id: sql`text collate "C"`,
      day: 'date',
      bigint: 'bigint',
      hotTableEnd: sql`with (fillfactor = 70)`,
    }),
  });
}
