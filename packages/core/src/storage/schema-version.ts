import { SchemaVersionError } from '../errors.ts';

/**
 * Refuses a database that records migrations this code does not know, which means a newer
 * version of the store wrote it. SQL stores call it before migrating.
 *
 * @param location - the database, without credentials, for the error message
 * @param knownMigrations - the migration names this code ships, oldest first
 * @param appliedMigrations - the names recorded in the database
 * @throws {@link @guildkit/core!SchemaVersionError} listing the unknown names
 *
 * @example Refusing an unknown migration
 * ```ts
 * import { assertKnownMigrations } from '@guildkit/core/store-kit';
 *
 * assertKnownMigrations('guildkit.db', ['0001_activity'], ['0001_activity', '0002_from_the_future']);
 * // throws SchemaVersionError
 * ```
 */
export function assertKnownMigrations(
  location: string,
  knownMigrations: readonly string[],
  appliedMigrations: readonly string[],
): void {
  const known = new Set(knownMigrations);
  const unknown = appliedMigrations.filter((name) => !known.has(name));
  if (unknown.length > 0) throw new SchemaVersionError(location, unknown, knownMigrations.at(-1) ?? '(none)');
}

/**
 * A store's `ifMissing` option, checked and defaulted: what opening does where there is no
 * guildkit data (`'create'` makes it; `'fail'` throws a `StoreMissingError` and creates nothing).
 *
 * @param value - the option as given
 * @param option - the option's name, for the error message
 * @returns `value`, or `'create'` when it is left out
 * @throws `TypeError` naming the option when it is neither
 *
 * @example In a store's open()
 * ```ts
 * import { resolveIfMissing } from '@guildkit/core/store-kit';
 *
 * const ifMissing = resolveIfMissing(options.ifMissing, 'MyStoreOptions.ifMissing'); // 'create' | 'fail'
 * ```
 */
export function resolveIfMissing(value: unknown, option: string): 'create' | 'fail' {
  if (value === undefined) return 'create';
  if (value === 'create' || value === 'fail') return value;
  throw new TypeError(`${option} must be 'create' or 'fail'; received ${String(value)}`);
}
