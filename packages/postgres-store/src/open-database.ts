import { StoreError, StoreMissingError, StoreOpenError } from '@guildkit/core';
import { assertKnownMigrations } from '@guildkit/core/store-kit';
import type { KyselyStoreTables } from '@guildkit/kysely-store';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import type pg from 'pg';
import { openFailure } from './errors.ts';
import { migrationsFor } from './migrations.ts';

/**
 * @internal Creates the schema if needed (unless `ifMissing` is `'fail'`) and migrates it to the
 * newest version, in one transaction.
 */
export async function migrate(
  pool: pg.Pool,
  schema: string,
  location: string,
  ifMissing: 'create' | 'fail',
): Promise<Kysely<KyselyStoreTables>> {
  const kysely = new Kysely<KyselyStoreTables>({
    dialect: new PostgresDialect({ pool }),
  });
  try {
    await pool.query('select 1');
  } catch (error) {
    throw openFailure(error, location);
  }
  try {
    const applied = await appliedMigrations(kysely, schema);
    if (applied.length === 0 && ifMissing === 'fail') {
      throw new StoreMissingError(
        location,
        `No guildkit data in schema ${schema} at ${location}, and ifMissing is 'fail', so nothing was created. ` +
          'If the bot had data there, the database or schema was dropped or this is the wrong server: restore it. ' +
          "If this is a first start, open it once with ifMissing: 'create'.",
      );
    }
    await createSchema(kysely, schema);
    const migrations = migrationsFor(schema);
    assertKnownMigrations(`${location} (schema ${schema})`, Object.keys(migrations), applied);
    const migrator = new Migrator({
      db: kysely.withSchema(schema),
      provider: { getMigrations: async () => ({ ...migrations }) },
      migrationTableSchema: schema,
    });
    const { error, results = [] } = await migrator.migrateToLatest();
    if (error !== undefined) {
      const failed = results.find((result) => result.status === 'Error')?.migrationName ?? 'its migration bookkeeping';
      throw new StoreOpenError(
        location,
        `Upgrading the PostgreSQL schema ${schema} at ${location} failed at ${failed}: ${(error as Error).message ?? error}. ` +
          'No migration was applied: they run in one transaction. Check that the user may create tables in that schema.',
        { cause: error },
      );
    }
    return kysely;
  } catch (error) {
    throw error instanceof StoreError ? error : openFailure(error, location);
  }
}

async function createSchema(kysely: Kysely<KyselyStoreTables>, schema: string): Promise<void> {
  try {
    await kysely.schema.createSchema(schema).ifNotExists().execute();
  } catch (error) {
    // Two openers creating the same schema at once: the loser sees a duplicate, which is fine.
    const code = (error as { code?: unknown }).code;
    if (code !== '23505' && code !== '42P06') throw error;
  }
}

async function appliedMigrations(kysely: Kysely<KyselyStoreTables>, schema: string): Promise<string[]> {
  const table = `"${schema}"."kysely_migration"`;
  const { rows } = await sql<{
    exists: boolean;
  }>`select to_regclass(${table}) is not null as exists`.execute(kysely);
  if (!rows[0]?.exists) return [];
  const applied = await sql<{
    name: string;
  }>`select name from ${sql.table(`${schema}.kysely_migration`)} order by name`.execute(kysely);
  return applied.rows.map((row) => row.name);
}
