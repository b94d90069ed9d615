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
   * A thread costs 10-25 MiB of memory while it runs; see `threadIdleMs` for when it stops.
   * @defaultValue 2
   */
  readonly readerThreads?: number;
  /**
   * Appends log records (`appendLogs`: the activity log's and `storeLogSink`'s batches) on a worker
   * thread with a connection of its own, so that SQLite's inserts and commits (about 3 µs a record)
   * run beside the event loop instead of on it. A bot logs a record per voice event: on the main
   * thread those writes took about a fifth of the time a burst of gateway events needs. Only with
   * `journalMode: 'wal'` on a file; while a backup runs (`backupSqliteStore`), records are appended on
   * the main connection. The thread starts with the first batch and costs 10-25 MiB while it runs;
   * see `threadIdleMs` for when it stops. `false` appends on the main connection.
   * @defaultValue true
   */
  readonly logWriterThread?: boolean;
  /**
   * How long a reader thread, or the log writer thread, with nothing to do lives on, in
   * milliseconds, before it stops and gives its memory back (its own JavaScript heap, Node.js
   * environment and page cache); the next read or batch starts it again, which takes a few tens of
   * milliseconds. Reads and batches that come closer together than this share the threads.
   * `0` stops a thread as soon as its work is done. (Called `readerIdleMs` before.)
   * @defaultValue 30_000
   *
   * @example Keep the threads for ten minutes after their last work
   * ```ts
   * const store = await SqliteStore.open({ filename: './data/guildkit.db', threadIdleMs: 600_000 });
   * ```
   */
  readonly threadIdleMs?: number;
}

const DEFAULTS = {
  journalMode: 'wal',
  busyTimeoutMs: 5_000,
  synchronous: 'normal',
  cacheSizeMiB: 32,
  readerThreads: 2,
  logWriterThread: true,
  threadIdleMs: 30_000,
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
  if ('readerIdleMs' in options) {
    throw new TypeError(
      'SqliteStoreOptions.readerIdleMs is now called threadIdleMs (it covers the log writer thread too); rename it.',
    );
  }
  const threadIdleMs = options.threadIdleMs ?? DEFAULTS.threadIdleMs;
  // setTimeout's limit: a longer wait would fire at once.
  if (!Number.isInteger(threadIdleMs) || threadIdleMs < 0 || threadIdleMs > MAX_TIMER_MS) {
    throw new TypeError(
      `SqliteStoreOptions.threadIdleMs must be an integer from 0 to ${MAX_TIMER_MS} (milliseconds); received ${String(threadIdleMs)}`,
    );
  }
  const logWriterThread = options.logWriterThread ?? DEFAULTS.logWriterThread;
  if (typeof logWriterThread !== 'boolean') {
    throw new TypeError(
      `SqliteStoreOptions.logWriterThread must be true or false; received ${String(logWriterThread)}`,
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
    logWriterThread,
    threadIdleMs,
    ifMissing,
  };
}
