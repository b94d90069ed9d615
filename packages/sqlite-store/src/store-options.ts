import { assertNonNegativeInteger, resolveIfMissing } from '@guildkit/core/store-kit';
import type { OpenDatabaseOptions } from './open-database.ts';

/**
 * Where and how to open a {@link SqliteStore}.
 *
 * @example Options with a longer lock wait
 * ```ts
 * const options: SqliteStoreOptions = { filename: './data/guildkit.db', busyTimeoutMs: 10_000 };
 * ```
 */
export interface SqliteStoreOptions {
  /** The database file (its folder is created as needed; see `ifMissing`), or `':memory:'`. */
  readonly filename: string;
  /**
   * SQLite's journal mode. `'wal'` lets readers go on while a batch is written; `'delete'` keeps
   * everything in the one file, for file systems without shared memory. Ignored for `':memory:'`.
   * @defaultValue 'wal'
   */
  readonly journalMode?: 'wal' | 'delete';
  /**
   * How long a write keeps trying while another process holds the database's lock, in
   * milliseconds, before it fails with a `StoreUnavailableError` (callers that buffer, such as the
   * activity tracker, keep the data and try again later). The wait never blocks the event loop:
   * each try gives up at once on a lock, and the next is made after a timer, so the gateway,
   * commands and health checks go on meanwhile. Writes made during the wait queue behind it, in
   * order. `0` fails at the first lock.
   * @defaultValue 5_000
   */
  readonly busyTimeoutMs?: number;
  /**
   * What opening does when there is no guildkit database at `filename` (no file, or a file with
   * no guildkit schema): `'create'` makes one; `'fail'` creates nothing and throws a
   * `StoreMissingError`. Use `'fail'` once a bot has data, so that a deleted data folder or a
   * wrong path stops the bot instead of starting it afresh with no history.
   * @defaultValue 'create'
   */
  readonly ifMissing?: 'create' | 'fail';
  /**
   * How hard a commit waits for the disk. `'normal'` (with WAL) survives a crash of the process or
   * the machine's software but a power loss may undo the last commits; `'full'` flushes every
   * commit to the disk, which costs a few milliseconds each. With `journalMode: 'delete'` it is
   * always `'full'`.
   * @defaultValue 'normal'
   */
  readonly synchronous?: 'normal' | 'full';
  /**
   * SQLite's page cache for this connection, in MiB. Reports read a week or a month of every
   * member's totals; with SQLite's 2 MiB default those pages are read again on every report.
   * @defaultValue 32
   */
  readonly cacheSizeMiB?: number;
  /**
   * Worker threads that read the totals reports ask for, each on a read-only connection of its own:
   * the event loop stays free while a month of a large guild is summed, and a report's two periods
   * are read at once. `0` reads on the main connection. Only with `journalMode: 'wal'` on a file;
   * threads start on the first such read, and each has its own page cache of `cacheSizeMiB`.
   * A thread costs 10-25 MiB of memory while it runs; see `readerIdleMs` for when it stops.
   * @defaultValue 2
   */
  readonly readerThreads?: number;
  /**
   * How long a reader thread with nothing to read lives on, in milliseconds, before it stops and
   * gives its memory back (its own JavaScript heap, Node.js environment and page cache); the next
   * read starts it again, which takes a few tens of milliseconds. Reads that come closer together
   * than this, such as a report's periods or a run of `/activity` commands, share the threads.
   * `0` stops a thread as soon as its reads are done.
   * @defaultValue 30_000
   *
   * @example Keep the reader threads for ten minutes after each read
   * ```ts
   * const store = await SqliteStore.open({ filename: './data/guildkit.db', readerIdleMs: 600_000 });
   * ```
   */
  readonly readerIdleMs?: number;
}

const DEFAULTS = {
  journalMode: 'wal',
  busyTimeoutMs: 5_000,
  synchronous: 'normal',
  cacheSizeMiB: 32,
  readerThreads: 2,
  readerIdleMs: 30_000,
} as const satisfies Partial<SqliteStoreOptions>;

/** The longest delay `setTimeout` takes, in milliseconds. */
const MAX_TIMER_MS = 2_147_483_647;

/** @internal Checks the options, naming the one at fault, and fills in the defaults. */
export function resolveOptions(options: SqliteStoreOptions): OpenDatabaseOptions {
  if (typeof options?.filename !== 'string' || options.filename.length === 0) {
    throw new TypeError(
      `SqliteStoreOptions.filename must be a file path or ':memory:'; received ${String(options?.filename)}`,
    );
  }
  const journalMode = options.journalMode ?? DEFAULTS.journalMode;
  if (journalMode !== 'wal' && journalMode !== 'delete') {
    throw new TypeError(`SqliteStoreOptions.journalMode must be 'wal' or 'delete'; received ${String(journalMode)}`);
  }
  const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULTS.busyTimeoutMs;
  assertNonNegativeInteger(busyTimeoutMs, 'SqliteStoreOptions.busyTimeoutMs');
  const synchronous = journalMode === 'delete' ? 'full' : (options.synchronous ?? DEFAULTS.synchronous);
  if (synchronous !== 'normal' && synchronous !== 'full') {
    throw new TypeError(`SqliteStoreOptions.synchronous must be 'normal' or 'full'; received ${String(synchronous)}`);
  }
  const cacheSizeMiB = options.cacheSizeMiB ?? DEFAULTS.cacheSizeMiB;
  assertNonNegativeInteger(cacheSizeMiB, 'SqliteStoreOptions.cacheSizeMiB');
  const readerThreads = options.readerThreads ?? DEFAULTS.readerThreads;
  if (!Number.isInteger(readerThreads) || readerThreads < 0 || readerThreads > 16) {
    throw new TypeError(
      `SqliteStoreOptions.readerThreads must be an integer from 0 to 16; received ${String(readerThreads)}`,
    );
  }
  const readerIdleMs = options.readerIdleMs ?? DEFAULTS.readerIdleMs;
  // setTimeout's limit: a longer wait would fire at once.
  if (!Number.isInteger(readerIdleMs) || readerIdleMs < 0 || readerIdleMs > MAX_TIMER_MS) {
    throw new TypeError(
      `SqliteStoreOptions.readerIdleMs must be an integer from 0 to ${MAX_TIMER_MS} (milliseconds); received ${String(readerIdleMs)}`,
    );
  }
  const ifMissing = resolveIfMissing(options.ifMissing, 'SqliteStoreOptions.ifMissing');
  return {
    filename: options.filename,
    journalMode,
    busyTimeoutMs,
    synchronous,
    cacheSizeMiB,
    readerThreads,
    readerIdleMs,
    ifMissing,
  };
}
