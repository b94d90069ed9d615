import { assertNonNegativeInteger, resolveIfMissing } from '@guildkit/core/store-kit';
import type pg from 'pg';

/**
 * Where and how to open a {@link PostgresStore}: a connection string, or a pool of your own.
 *
 * @example Options with a schema of its own
 * ```ts
 * const options: PostgresStoreOptions = { connectionString: process.env.DATABASE_URL, schema: 'guildkit' };
 * ```
 */
export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database`. Required unless `pool` is given. */
  readonly connectionString?: string;
  /** A pg pool to use instead of making one; the store then leaves it open on `close()`. */
  readonly pool?: pg.Pool;
  /**
   * The schema holding guildkit's tables, created if missing: one per bot, or per test.
   * Lower-case letters, digits and `_`, starting with a letter or `_`.
   * @defaultValue 'public'
   */
  readonly schema?: string;
  /**
   * Connections in the pool the store makes.
   * @defaultValue 10
   */
  readonly poolSize?: number;
  /**
   * How long to wait for a connection, in milliseconds; `0` waits forever.
   * @defaultValue 10_000
   */
  readonly connectTimeoutMs?: number;
  /**
   * What opening does when the schema holds no guildkit data: `'create'` creates the schema and
   * its tables; `'fail'` creates nothing and throws a `StoreMissingError`. Use `'fail'` once a bot
   * has data, so that a dropped database or a wrong server stops the bot instead of starting it
   * afresh with no history.
   * @defaultValue 'create'
   */
  readonly ifMissing?: 'create' | 'fail';
}

const DEFAULTS = {
  schema: 'public',
  poolSize: 10,
  connectTimeoutMs: 10_000,
} as const satisfies Partial<PostgresStoreOptions>;
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** @internal Checks the options, naming the one at fault, and fills in the defaults. */
export function resolveOptions(options: PostgresStoreOptions) {
  const { connectionString, pool: givenPool } = options ?? {};
  if (givenPool === undefined && (typeof connectionString !== 'string' || connectionString === '')) {
    throw new TypeError(
      'PostgresStoreOptions.connectionString must be a postgres:// URL (or pass a pg pool as `pool`)',
    );
  }
  const schema = options.schema ?? DEFAULTS.schema;
  if (!SCHEMA_NAME.test(schema)) {
    throw new TypeError(
      `PostgresStoreOptions.schema must be lower-case letters, digits and _, up to 63; received ${JSON.stringify(schema)}`,
    );
  }
  const poolSize = options.poolSize ?? DEFAULTS.poolSize;
  assertNonNegativeInteger(poolSize, 'PostgresStoreOptions.poolSize');
  if (poolSize < 1) throw new TypeError('PostgresStoreOptions.poolSize must be at least 1');
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULTS.connectTimeoutMs;
  assertNonNegativeInteger(connectTimeoutMs, 'PostgresStoreOptions.connectTimeoutMs');
  const ifMissing = resolveIfMissing(options.ifMissing, 'PostgresStoreOptions.ifMissing');
  return { connectionString, givenPool, schema, poolSize, connectTimeoutMs, ifMissing };
}
