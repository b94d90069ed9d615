import { createServer } from 'node:net';
import { SchemaVersionError, StoreMissingError, StoreOpenError, StoreUnavailableError } from '@guildkit/core';
import { Kysely, PostgresDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { PostgresStore } from '../src/index.ts';
import { migrationsFor } from '../src/migrations.ts';
import { outageProxy } from './outage-proxy.ts';

const connectionString = inject('databaseUrl');
const password = decodeURIComponent(new URL(connectionString).password);
const admin = new pg.Pool({ connectionString, max: 2 });
afterAll(() => admin.end());

let schemas = 0;
function freshSchema(): string {
  schemas += 1;
  return `open_${process.pid}_${schemas}`;
}
async function tablesOf(schema: string): Promise<string[]> {
  const { rows } = await admin.query<{ table_name: string }>(
    'select table_name from information_schema.tables where table_schema = $1 order by table_name',
    [schema],
  );
  return rows.map((row) => row.table_name);
}
const day = { guildId: '1', startDay: '2026-11-25', endDay: '2026-11-26' };

describe('PostgresStore.open', () => {
  it('creates its tables in the schema it is given, with the indexes the reads use and room for in-place updates', async () => {
    const schema = freshSchema();
    const store = await PostgresStore.open({ connectionString, schema });
    await store.close();
    expect(await tablesOf(schema)).toEqual([
      'activity_batches',
      'activity_daily',
      'activity_slices',
      'guild_channels',
      'guild_hours',
      'guild_settings',
      'job_listings',
      'kysely_migration',
      'kysely_migration_lock',
      'log_records',
      'report_posts',
      'role_changes',
      'session_checkpoints',
    ]);
    const { rows } = await admin.query<{ indexname: string }>(
      'select indexname from pg_indexes where schemaname = $1',
      [schema],
    );
    expect(rows.map((row) => row.indexname)).toEqual(
      expect.arrayContaining([
        'activity_daily_pk',
        'activity_daily_member',
        'activity_batches_recorded_at',
        'activity_slices_pk',
        'guild_hours_pk',
        'job_listings_voice_channel_unique',
        'log_records_source_at',
      ]),
    );
    // Room on each page for in-place updates of the rows every flush rewrites.
    const options = await admin.query<{ relname: string; reloptions: string[] | null }>(
      `select c.relname, c.reloptions from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = $1 and c.relkind = 'r' and c.reloptions is not null order by c.relname`,
      [schema],
    );
    expect(options.rows).toEqual(
      ['activity_daily', 'activity_slices', 'guild_channels', 'guild_hours', 'session_checkpoints'].map((relname) => ({
        relname,
        reloptions: ['fillfactor=70'],
      })),
    );
  });

  it('fails with one clear StoreUnavailableError, without the password, when the server cannot be reached', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const unreachable = `postgres://guildkit:${password}@127.0.0.1:${closedPort}/guildkit`;
    const error = await PostgresStore.open({
      connectionString: unreachable,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as StoreUnavailableError).location).toBe(`postgres://guildkit@127.0.0.1:${closedPort}/guildkit`);
    expect((error as Error).message).toMatch(
      /^Cannot reach PostgreSQL at postgres:\/\/guildkit@127\.0\.0\.1:\d+\/guildkit: .*ECONNREFUSED/,
    );
    expect((error as Error).message).not.toContain(password);
  });

  it('never shows a password, even of a connection string that is not a URL', async () => {
    const error = await PostgresStore.open({ connectionString: `guildkit:${password}@127.0.0.1:1/guildkit` }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).not.toContain(password);
    expect(JSON.stringify(error)).not.toContain(password);
  });

  it('fails with a StoreOpenError, without the password, when the login is refused', async () => {
    const url = new URL(connectionString);
    url.password = 'wrong-password';
    const error = await PostgresStore.open({
      connectionString: url.toString(),
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreOpenError);
    expect((error as Error).message).toMatch(/password authentication failed/);
    expect((error as Error).message).not.toContain('wrong-password');
  });

  it('refuses a schema written by a newer version, naming what it does not know', async () => {
    const schema = freshSchema();
    await (await PostgresStore.open({ connectionString, schema })).close();
    await admin.query(
      `insert into ${schema}.kysely_migration (name, timestamp) values ('0099_from_the_future', '2027-01-01')`,
    );
    const error = await PostgresStore.open({ connectionString, schema }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SchemaVersionError);
    expect((error as SchemaVersionError).unknownMigrations).toEqual(['0099_from_the_future']);
  });

  it('upgrades a schema of an older version and keeps its data', async () => {
    const schema = freshSchema();
    const kysely = new Kysely<any>({
      dialect: new PostgresDialect({
        pool: new pg.Pool({ connectionString, max: 1 }),
      }),
    });
    const onlyFirst = {
      getMigrations: async () => ({
        '0001_activity': migrationsFor(schema)['0001_activity'] as never,
      }),
    };
    const migrator = new Migrator({
      db: kysely.withSchema(schema),
      provider: onlyFirst,
      migrationTableSchema: schema,
    });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    await kysely
      .withSchema(schema)
      .insertInto('activity_daily')
      .values({ guild_id: '1', user_id: '2', day: '2026-11-25', ms: 77 })
      .execute();
    await kysely.destroy();
    expect(await tablesOf(schema)).not.toContain('job_listings');

    const store = await PostgresStore.open({ connectionString, schema });
    expect(await store.readActivityTotals(day)).toEqual([{ userId: '2', ms: 77, messages: 0 }]);
    expect(await store.listOpenJobListings()).toEqual([]);
    await store.close();
  });

  it('leaves nothing half-migrated when an upgrade step fails', async () => {
    const schema = freshSchema();
    await admin.query(`create schema ${schema}; create table ${schema}.job_listings (anything text)`);
    const error = await PostgresStore.open({ connectionString, schema }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreOpenError);
    expect((error as Error).message).toMatch(/failed at 0002_job_listings: .*No migration was applied/);
    expect(await tablesOf(schema)).not.toContain('activity_daily');
    const { rows } = await admin.query(`select name from ${schema}.kysely_migration`);
    expect(rows).toEqual([]);
  });

  it('lets several stores open one new schema at once', async () => {
    const schema = freshSchema();
    const stores = await Promise.all(
      Array.from({ length: 4 }, () => PostgresStore.open({ connectionString, schema, poolSize: 2 })),
    );
    await Promise.all(
      stores.map((store) => store.addActivity([{ guildId: '1', userId: '2', day: '2026-11-25', ms: 1 }])),
    );
    expect(await stores[0]?.readActivityTotals(day)).toEqual([{ userId: '2', ms: 4, messages: 0 }]);
    await Promise.all(stores.map((store) => store.close()));
  });

  it('uses a pool handed to it and leaves that pool open', async () => {
    const pool = new pg.Pool({ connectionString, max: 2 });
    const store = await PostgresStore.open({ pool, schema: freshSchema() });
    await store.close();
    expect((await pool.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
    await pool.end();
  });

  it("creates nothing with ifMissing: 'fail' where the schema holds no guildkit data, and opens one that does", async () => {
    const schema = freshSchema();
    const error = await PostgresStore.open({ connectionString, schema, ifMissing: 'fail' }).catch((caught) => caught);
    expect(error).toBeInstanceOf(StoreMissingError);
    expect((error as Error).message).toMatch(new RegExp(`^No guildkit data in schema ${schema} at .*restore it`));
    expect((error as Error).message).not.toContain(password);
    const { rows } = await admin.query('select 1 from information_schema.schemata where schema_name = $1', [schema]);
    expect(rows).toEqual([]);
    await (await PostgresStore.open({ connectionString, schema })).close();
    const store = await PostgresStore.open({ connectionString, schema, ifMissing: 'fail' });
    expect(await store.readActivityTotals(day)).toEqual([]);
    await store.close();
  });

  it('refuses malformed options, naming the option', async () => {
    await expect(PostgresStore.open({ connectionString, ifMissing: 'maybe' as never })).rejects.toThrow(/ifMissing/);
    await expect(PostgresStore.open({})).rejects.toThrow(/connectionString/);
    await expect(PostgresStore.open({ connectionString, schema: 'Robert"; drop' })).rejects.toThrow(/schema/);
    await expect(PostgresStore.open({ connectionString, poolSize: 0 })).rejects.toThrow(/poolSize/);
  });
});

describe('PostgresStore during an outage', () => {
  it('reports StoreUnavailableError while the server is gone and works again once it is back', async () => {
    const proxy = await outageProxy(connectionString);
    const store = await PostgresStore.open({
      connectionString: proxy.url,
      schema: freshSchema(),
      connectTimeoutMs: 2_000,
    });
    await store.addActivity([{ guildId: '1', userId: '2', day: '2026-11-25', ms: 1 }]);
    await proxy.stop();
    const error = await store
      .addActivity([{ guildId: '1', userId: '2', day: '2026-11-25', ms: 1 }])
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect((error as Error).message).not.toContain(password);

    await proxy.start();
    await store.addActivity([{ guildId: '1', userId: '2', day: '2026-11-25', ms: 1 }]);
    expect(await store.readActivityTotals(day)).toEqual([{ userId: '2', ms: 2, messages: 0 }]);
    await store.close();
    await proxy.stop();
  });
});
