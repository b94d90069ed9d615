/**
 * A value handed to guildkit was not of the expected shape: a Discord id that is not a snowflake,
 * a day that is not `YYYY-MM-DD`, a negative duration. Nothing was written.
 *
 * @example Telling bad input apart from a failing database
 * ```ts
 * import { ValidationError } from '@guildkit/core';
 *
 * try {
 *   await store.addActivity([{ guildId: 'my-guild', userId: '1', day: '2026-11-25', ms: 1000 }]);
 * } catch (error) {
 *   if (error instanceof ValidationError) console.error(`fix ${error.field}: ${error.message}`);
 * }
 * ```
 */
export class ValidationError extends TypeError {
  /** Where the bad value was found, such as `increments[3].guildId`. */
  public readonly field: string;
  /** The value as it was received. */
  public readonly value: unknown;

  public constructor(field: string, value: unknown, expectation: string) {
    super(`${field} must be ${expectation}; received ${describe(value)}`);
    this.name = 'ValidationError';
    this.field = field;
    this.value = value;
  }
}

/**
 * The base class of every error a guildkit store throws about itself (not about its input).
 *
 * @example Catching any store failure
 * ```ts
 * import { StoreError } from '@guildkit/core';
 *
 * try {
 *   await store.readRecentLogs();
 * } catch (error) {
 *   if (error instanceof StoreError) console.error(error.message);
 * }
 * ```
 */
export class StoreError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/**
 * A store could not be opened where it was told to live: a SQLite file in a missing or unwritable
 * folder, say. Retrying as it is will not help; the location must change.
 *
 * @example Reporting a store that cannot be opened
 * ```ts
 * import { StoreOpenError } from '@guildkit/core';
 *
 * try {
 *   await SqliteStore.open({ filename: '/read-only/guildkit.db' });
 * } catch (error) {
 *   if (error instanceof StoreOpenError) console.error(`cannot use ${error.location}`);
 * }
 * ```
 */
export class StoreOpenError extends StoreError {
  /** The file or server the store tried to open, without credentials. */
  public readonly location: string;

  public constructor(location: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StoreOpenError';
    this.location = location;
  }
}

/**
 * The store was told to open an existing database (`ifMissing: 'fail'`) and there is none: no
 * file, or a file or schema that holds no guildkit data. Nothing was created. A bot that had a
 * database and finds none has lost it (a deleted folder, a new volume, a wrong path): starting
 * afresh would hide that, so it stops; on a first start, open with `ifMissing: 'create'`.
 *
 * @example Saying what to do at start-up
 * ```ts
 * import { StoreMissingError } from '@guildkit/core';
 *
 * try {
 *   await SqliteStore.open({ filename: './data/guildkit.db', ifMissing: 'fail' });
 * } catch (error) {
 *   if (error instanceof StoreMissingError) console.error(`${error.message} Restore a backup, or create it on purpose.`);
 * }
 * ```
 */
export class StoreMissingError extends StoreOpenError {
  public constructor(location: string, message: string, options?: ErrorOptions) {
    super(location, message, options);
    this.name = 'StoreMissingError';
  }
}

/**
 * The database could not be reached or answered with a connection-level failure. Unlike
 * {@link @guildkit/core!StoreOpenError} this may pass: callers that buffer data keep it and retry.
 *
 * @example Retrying a write later
 * ```ts
 * import { StoreUnavailableError } from '@guildkit/core';
 *
 * try {
 *   await store.addActivity(batch);
 * } catch (error) {
 *   if (error instanceof StoreUnavailableError) setTimeout(() => retry(batch), 5_000);
 *   else throw error;
 * }
 * ```
 */
export class StoreUnavailableError extends StoreError {
  /** The server the store tried to reach, without credentials. */
  public readonly location: string;

  public constructor(location: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StoreUnavailableError';
    this.location = location;
  }
}

/**
 * The database was written by a newer version of the store than the one running: it holds
 * migrations this code does not know. The store refuses to touch it rather than guess.
 *
 * @example Refusing a database from a newer version
 * ```ts
 * import { SchemaVersionError } from '@guildkit/core';
 *
 * try {
 *   await SqliteStore.open({ filename: 'guildkit.db' });
 * } catch (error) {
 *   if (error instanceof SchemaVersionError) console.error(error.unknownMigrations);
 * }
 * ```
 */
export class SchemaVersionError extends StoreError {
  /** The database that holds the newer schema, without credentials. */
  public readonly location: string;
  /** Migrations recorded in the database that this version of the code does not know. */
  public readonly unknownMigrations: readonly string[];
  /** The newest migration this version of the code knows. */
  public readonly latestKnownMigration: string;

  public constructor(location: string, unknownMigrations: readonly string[], latestKnownMigration: string) {
    super(
      `The database at ${location} has schema migrations this version does not know ` +
        `(${unknownMigrations.join(', ')}; newest known: ${latestKnownMigration}). ` +
        'It was written by a newer guildkit: upgrade the store package instead of opening it with this one.',
    );
    this.name = 'SchemaVersionError';
    this.location = location;
    this.unknownMigrations = Object.freeze([...unknownMigrations]);
    this.latestKnownMigration = latestKnownMigration;
  }
}

/**
 * The store was used after `close()`.
 *
 * @example Using a store after close
 * ```ts
 * await store.close();
 * await store.readRecentLogs(); // rejects with StoreClosedError
 * ```
 */
export class StoreClosedError extends StoreError {
  public constructor(storeName: string) {
    super(`${storeName} is closed; open a new one to read or write.`);
    this.name = 'StoreClosedError';
  }
}

/**
 * A write would have broken a uniqueness rule, such as a second job listing for one voice room.
 *
 * @example Detecting a taken voice room
 * ```ts
 * import { StoreConflictError } from '@guildkit/core';
 *
 * try {
 *   await store.saveJobListing(listing);
 * } catch (error) {
 *   if (error instanceof StoreConflictError) console.error(`${error.key} is taken`);
 * }
 * ```
 */
export class StoreConflictError extends StoreError {
  /** The key that is already taken, such as `voiceChannelId 1234`. */
  public readonly key: string;

  public constructor(key: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StoreConflictError';
    this.key = key;
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 64 ? `${value.slice(0, 61)}...` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}
