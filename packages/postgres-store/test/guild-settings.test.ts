import { Kysely, PostgresDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { PostgresStore } from '../src/index.ts';
import { migrationsFor } from '../src/migrations.ts';

const connectionString = inject('databaseUrl');
const admin = new pg.Pool({ connectionString, max: 2 });
afterAll(() => admin.end());

let schemas = 0;
function freshSchema(): string {
  schemas += 1;
  return `settings_${process.pid}_${schemas}`;
}

const guildId = '1300000000000000080';
const at = Date.parse('2026-12-01T09:00:00Z');

describe('PostgresStore guild settings', () => {
  it('upgrades a schema of the previous version with an empty guild_settings, keeping its data', async () => {
    const schema = freshSchema();
    const kysely = new Kysely<any>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString, max: 1 }) }),
    });
    const upTo0006 = {
      getMigrations: async () =>
        Object.fromEntries(Object.entries(migrationsFor(schema)).filter(([name]) => name <= '0006')) as never,
    };
    const migrator = new Migrator({ db: kysely.withSchema(schema), provider: upTo0006, migrationTableSchema: schema });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    await kysely
      .withSchema(schema)
      .insertInto('activity_daily')
      .values({ guild_id: '1', user_id: '2', day: '2026-11-25', ms: 77 })
      .execute();
    await kysely.destroy();

    const store = await PostgresStore.open({ connectionString, schema });
    expect(await store.readActivityTotals({ guildId: '1', startDay: '2026-11-25', endDay: '2026-11-26' })).toEqual([
      { userId: '2', ms: 77, messages: 0 },
    ]);
    expect(await store.readGuildSettings(guildId)).toEqual({});
    expect(await store.updateGuildSettings(guildId, { set: { locale: 'ko' } }, at)).toEqual({ locale: 'ko' });
    await store.close();
    const applied = await admin.query<{ name: string }>(`select name from ${schema}.kysely_migration order by name`);
    expect(applied.rows.map((row) => row.name)).toEqual(Object.keys(migrationsFor(schema)));
    const { rows } = await admin.query(`select guild_id, settings, updated_at::text from ${schema}.guild_settings`);
    expect(rows).toEqual([{ guild_id: guildId, settings: { locale: 'ko' }, updated_at: String(at) }]);
    await admin.query(`drop schema ${schema} cascade`);
  });

  it('reads what it does not understand as the default, and keeps it when it writes (a newer version may)', async () => {
    const schema = freshSchema();
    const store = await PostgresStore.open({ connectionString, schema });
    const saveRaw = (json: string) =>
      admin.query(
        `insert into ${schema}.guild_settings values ($1, $2::jsonb, $3)
         on conflict (guild_id) do update set settings = excluded.settings`,
        [guildId, json, at],
      );
    await saveRaw('["not", "an", "object"]');
    expect(await store.readGuildSettings(guildId)).toEqual({});
    await saveRaw('"{\\"locale\\": \\"ko\\"}"'); // a JSON string holding JSON, as a careless writer stores it
    expect(await store.readGuildSettings(guildId)).toEqual({ locale: 'ko' });
    // A setting of a newer version, a value out of range, a known setting beside them.
    await saveRaw('{"color":"red","weekStartsOn":9,"reports":{"channelId":"1300000000000000001","glow":true}}');
    expect(await store.readGuildSettings(guildId)).toEqual({ reports: { channelId: '1300000000000000001' } });
    const expected = { timeZone: 'Asia/Seoul', reports: { channelId: '1300000000000000001' } };
    expect(await store.updateGuildSettings(guildId, { set: { timeZone: 'Asia/Seoul' } }, at + 1)).toEqual(expected);
    const { rows } = await admin.query(`select settings from ${schema}.guild_settings`);
    expect(rows).toEqual([
      {
        settings: {
          color: 'red',
          weekStartsOn: 9,
          reports: { channelId: '1300000000000000001', glow: true },
          timeZone: 'Asia/Seoul',
        },
      },
    ]);
    await store.close();
    await admin.query(`drop schema ${schema} cascade`);
  });

  it('keeps every change of concurrent updates on a server whose transactions default to SERIALIZABLE', async () => {
    const schema = freshSchema();
    const pool = new pg.Pool({ connectionString, max: 8, options: '-c default_transaction_isolation=serializable' });
    const store = await PostgresStore.open({ pool, schema });
    const switches = ['activity', 'jobBoard', 'reports', 'activityLog', 'antiSpam'] as const;
    // A guild's first update from every side at once: all of them meet at the row's insert.
    await Promise.all(
      switches.map((feature) => store.updateGuildSettings(guildId, { set: { [feature]: { enabled: false } } }, at)),
    );
    await Promise.all(
      switches.map((feature, i) =>
        store.updateGuildSettings(guildId, { set: { [feature]: { enabled: true } } }, at + i),
      ),
    );
    const settings = await store.readGuildSettings(guildId);
    for (const feature of switches) expect(settings[feature]).toEqual({ enabled: true });
    await store.close();
    await pool.end();
    await admin.query(`drop schema ${schema} cascade`);
  });
});
