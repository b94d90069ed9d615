import type { GuildSettings } from '@guildkit/core';
import type { GuildSettingsChange, PreparedLogRecord } from '@guildkit/core/store-kit';
import { KyselyStore, type KyselyStoreTables, type RowWrite } from '@guildkit/kysely-store';
import { type Compilable, type Kysely, type RawBuilder, sql } from 'kysely';
import pg from 'pg';
import { callFailure, describeLocation } from './errors.ts';
import { ROWS_PER_STATEMENT, writeLogRecords } from './log-writes.ts';
import { migrate } from './open-database.ts';
import { claimBatch, writeRows } from './row-writes.ts';
import { writeSettingsChange } from './settings-writes.ts';
import { type PostgresStoreOptions, resolveOptions } from './store-options.ts';

/**
 * Every guildkit storage port on PostgreSQL (kysely + pg): for bots that run as several
 * processes or shards on one database. Opening creates or upgrades the schema in one
 * transaction, under an advisory lock, so concurrent openers are safe.
 *
 * @example Opening, writing and closing
 * ```ts
 * import { PostgresStore } from '@guildkit/postgres-store';
 *
 * const store = await PostgresStore.open({ connectionString: process.env.DATABASE_URL });
 * await store.addActivity([{ guildId: '1', userId: '2', day: '2026-11-25', ms: 60_000 }]);
 * await store.close();
 * ```
 */
export class PostgresStore extends KyselyStore {
  readonly #root: Kysely<KyselyStoreTables>;
  readonly #location: string;
  readonly #schema: string;
  readonly #ownsPool: boolean;

  private constructor(root: Kysely<KyselyStoreTables>, schema: string, location: string, ownsPool: boolean) {
    super(root.withSchema(schema), 'PostgresStore');
    this.#root = root;
    this.#schema = schema;
    this.#location = location;
    this.#ownsPool = ownsPool;
  }

  /**
   * Connects, then creates or upgrades the schema.
   *
   * @throws {@link @guildkit/core!StoreUnavailableError} when the server cannot be reached
   * @throws {@link @guildkit/core!StoreOpenError} when it refuses the login or the upgrade fails; nothing is half-done
   * @throws {@link @guildkit/core!SchemaVersionError} when a newer guildkit wrote the schema
   * @throws `TypeError` when an option is malformed
   */
  public static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const { connectionString, givenPool, schema, poolSize, connectTimeoutMs, ifMissing } = resolveOptions(options);
    const location = describeLocation(givenPool === undefined ? connectionString : undefined);
    const pool =
      givenPool ??
      new pg.Pool({
        connectionString,
        max: poolSize,
        connectionTimeoutMillis: connectTimeoutMs,
      });
    // A connection dropped by the server emits 'error' on the pool when idle and on the client
    // when checked out (kysely adds no listener there); unheard, either would crash the process.
    // The call in flight rejects and the next call reports the outage, so both are only silenced.
    if (!guardedPools.has(pool)) {
      guardedPools.add(pool);
      pool.on('error', ignore);
      pool.on('connect', (client) => client.on('error', ignore));
    }
    try {
      const root = await migrate(pool, schema, location, ifMissing);
      return new PostgresStore(root, schema, location, givenPool === undefined);
    } catch (error) {
      if (givenPool === undefined) await pool.end().catch(() => {});
      throw error;
    }
  }

  // count(distinct …) sorts every row of the range; a hash aggregate of the members is 2x faster.
  protected override readonly groupsBeforeCounting = true;

  protected async read<Row>(query: { execute(): Promise<Row[]> }): Promise<Row[]> {
    return this.#call(() => query.execute());
  }

  protected async changes(queries: readonly Compilable[]): Promise<number[]> {
    const run = async (db: Kysely<KyselyStoreTables>) => {
      const counts: number[] = [];
      for (const query of queries) counts.push(Number((await db.executeQuery(query.compile())).numAffectedRows ?? 0));
      return counts;
    };
    return this.#call(() => (queries.length === 1 ? run(this.db) : this.db.transaction().execute(run)));
  }

  /**
   * One statement each, in one transaction when there are several or a batch id to claim. A batch
   * recorded already (its earlier write landed although its caller saw it fail) is not written again.
   */
  protected async writeRows(writes: readonly RowWrite[], batchId?: string): Promise<void> {
    const nonEmpty = writes.filter((write) => write.rows.length > 0);
    const work = async (db: Kysely<KyselyStoreTables>) => {
      if (batchId !== undefined && !(await claimBatch(db, this.#schema, batchId, Date.now()))) return;
      for (const write of nonEmpty) await writeRows(db, this.#schema, write);
    };
    if (batchId === undefined && nonEmpty.length <= 1) await this.#call(() => work(this.db));
    else await this.#call(() => this.db.transaction().execute(work));
  }

  protected async writeLogs(records: readonly PreparedLogRecord[]): Promise<void> {
    const work = (db: Kysely<KyselyStoreTables>) => writeLogRecords(db, this.#schema, records);
    // A write of more rows than one statement takes spans several, so it runs in one transaction.
    await this.#call(() =>
      records.length <= ROWS_PER_STATEMENT ? work(this.db) : this.db.transaction().execute(work),
    );
  }

  protected writeSettings(change: GuildSettingsChange): Promise<GuildSettings> {
    return this.#call(() => writeSettingsChange(this.db, change));
  }

  /** Tags are a `text[]`. */
  protected encodeTags(tags: readonly string[]): string[] {
    return [...tags];
  }

  /** One parameter however many values: an array. */
  protected inList(column: string, values: readonly string[]): RawBuilder<boolean> {
    return sql<boolean>`${sql.ref(column)} = any(${values}::text[])`;
  }

  /**
   * Ends the pool the store made, after the calls in progress; a pool handed in stays open and
   * its owner ends it.
   */
  protected async closeDatabase(): Promise<void> {
    if (this.#ownsPool) await this.#root.destroy();
  }

  async #call<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw callFailure(error, this.#location);
    }
  }
}

function ignore(): void {}

const guardedPools = new WeakSet<pg.Pool>();
