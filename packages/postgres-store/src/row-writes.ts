import type { KyselyStoreTables, RowWrite } from '@guildkit/kysely-store';
import { type Kysely, sql } from 'kysely';

type Db = Kysely<KyselyStoreTables>;

// Each write is one statement however many rows: the rows travel as one array per column and
// unnest() turns them back into rows, so 10,000 members cost one round trip, not ten.

/** The array type each column travels as. */
const ARRAY_TYPES = { text: 'text[]', day: 'date[]', bigint: 'bigint[]', integer: 'integer[]' } as const;

/**
 * @internal Runs one of the shared layer's bulk writes as one statement over `unnest`ed arrays.
 * Upserted rows come merged and sorted by key, so concurrent writers lock rows in one order and
 * cannot deadlock.
 */
export async function writeRows(db: Db, schema: string, { statement, rows }: RowWrite): Promise<void> {
  if (rows.length === 0) return;
  const table = sql.id(schema, statement.table);
  const arrays = sql.join(
    statement.columns.map((column) => sql`${rows.map((row) => column.of(row))}::${sql.raw(ARRAY_TYPES[column.type])}`),
  );
  const names = sql.raw(statement.columns.map((column) => column.name).join(', '));
  if (statement.kind === 'delete') {
    const matches = statement.columns.map((column) => `target.${column.name} = gone.${column.name}`).join(' and ');
    await sql`delete from ${table} as target using unnest(${arrays}) as gone(${names}) where ${sql.raw(matches)}`.execute(
      db,
    );
    return;
  }
  const changes = [
    ...(statement.add ?? []).map((name) => `${name} = ${statement.table}.${name} + excluded.${name}`),
    ...(statement.set ?? []).map((name) => `${name} = excluded.${name}`),
  ];
  const onConflict = changes.length === 0 ? 'do nothing' : `do update set ${changes.join(', ')}`;
  await sql`insert into ${table} (${names}) select * from unnest(${arrays})
    on conflict (${sql.raw(statement.key.join(', '))}) ${sql.raw(onConflict)}`.execute(db);
}

/** How long the id of a recorded batch is kept: far longer than any batch is retried. */
const BATCH_IDS_KEPT_MS = 7 * 86_400_000;

/**
 * @internal Claims a batch id in the write's transaction, pruning ids older than a week in the
 * same statement. `false` when a batch with that id was recorded already (its earlier write
 * landed although its caller saw it fail): nothing more is to be written. A claim racing an
 * earlier attempt still in progress waits for it, as `on conflict` does.
 */
export async function claimBatch(db: Db, schema: string, id: string, now: number): Promise<boolean> {
  const table = sql.id(schema, 'activity_batches');
  const { rows } = await sql<{ id: string }>`
    with pruned as (delete from ${table} where recorded_at < ${now - BATCH_IDS_KEPT_MS})
    insert into ${table} (id, recorded_at) values (${id}, ${now})
    on conflict (id) do nothing returning id`.execute(db);
  return rows.length === 1;
}
