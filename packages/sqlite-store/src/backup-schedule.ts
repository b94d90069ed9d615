import type { ErrorContext } from '@guildkit/core';
import { Cron } from 'croner';
import { EventEmitter } from 'eventemitter3';
import { SqliteBackupError } from './backup-errors.ts';
import {
  backupSqliteStore,
  resolveBackupOptions,
  type SqliteBackupOptions,
  type SqliteBackupResult,
} from './backups.ts';
import type { SqliteStore } from './sqlite-store.ts';

/**
 * Backups on a schedule: where they go, how many are kept, and when they are made.
 *
 * @example Every night at 03:30 in Seoul, a fortnight kept
 * ```ts
 * const options: SqliteBackupsOptions = {
 *   directory: './data/backups',
 *   schedule: '30 3 * * *',
 *   timeZone: 'Asia/Seoul',
 *   keep: 14,
 * };
 * ```
 */
export interface SqliteBackupsOptions extends Omit<SqliteBackupOptions, 'signal'> {
  /**
   * When backups are made: a cron pattern in croner's syntax (five fields, or six with seconds).
   * @defaultValue `'0 0-23/6 * * *'`: every six hours, on the hour (00:00, 06:00, 12:00 and 18:00)
   */
  readonly schedule?: string;
  /**
   * The IANA time zone `schedule` is read in.
   * @defaultValue 'UTC'
   */
  readonly timeZone?: string;
}

/**
 * The events of {@link SqliteBackups}.
 *
 * @example Logging backups and their failures
 * ```ts
 * backups.on('backup', ({ file, bytes }) => console.log(`backup ${file} (${bytes} bytes)`));
 * backups.on('error', (error, { step }) => console.error(`${step} failed: ${String(error)}`));
 * ```
 */
export interface SqliteBackupsEvents {
  /** A backup was made, checked and kept. */
  backup: [result: SqliteBackupResult];
  /** A scheduled backup failed (`step: 'backup'`); the next one is tried at its time, nothing else stops. */
  error: [error: unknown, context: ErrorContext];
}

const DEFAULTS = { schedule: '0 0-23/6 * * *', timeZone: 'UTC' } as const satisfies Partial<SqliteBackupsOptions>;

/**
 * Backups of a {@link SqliteStore} on a schedule (croner), each made as {@link backupSqliteStore}
 * makes one: online, checked, renamed into place when whole, the oldest beyond `keep` deleted. A
 * backup whose time comes while the previous one is still running is skipped. Failures are
 * `error` events and never stop the schedule. Close it before the store.
 *
 * @example Backing up every six hours until shutdown
 * ```ts
 * import { SqliteBackups, SqliteStore } from '@guildkit/sqlite-store';
 *
 * const store = await SqliteStore.open({ filename: './data/guildkit.db' });
 * const backups = new SqliteBackups(store, { directory: './data/backups' }).start();
 * backups.on('error', (error) => console.error('backup failed', error));
 * // at shutdown
 * await backups.close();
 * await store.close();
 * ```
 */
export class SqliteBackups extends EventEmitter<SqliteBackupsEvents> {
  readonly #store: SqliteStore;
  readonly #options: Readonly<SqliteBackupsOptions>;
  readonly #schedule: string;
  readonly #timeZone: string;
  #job: Cron | undefined;
  #running: { readonly done: Promise<SqliteBackupResult>; readonly abort: AbortController } | undefined;
  #closed = false;

  /**
   * @param store - the open store to back up
   * @param options - where backups go, how many are kept, and when they are made
   * @throws `TypeError` when an option is malformed, naming it
   */
  public constructor(store: SqliteStore, options: SqliteBackupsOptions) {
    super();
    const resolved = resolveBackupOptions(options, 'SqliteBackupsOptions');
    const schedule = options.schedule ?? DEFAULTS.schedule;
    const timeZone = options.timeZone ?? DEFAULTS.timeZone;
    try {
      const probe = new Cron(schedule, { paused: true, timezone: timeZone });
      probe.nextRun(); // an unknown time zone fails here
      probe.stop();
    } catch (error) {
      throw new TypeError(
        `SqliteBackupsOptions.schedule must be a cron pattern such as "0 */6 * * *" and timeZone an IANA time zone; ` +
          `received "${String(schedule)}" in "${String(timeZone)}" (${(error as Error).message})`,
      );
    }
    this.#store = store;
    this.#options = Object.freeze(resolved);
    this.#schedule = schedule;
    this.#timeZone = timeZone;
  }

  /** Starts the schedule; calling it again does nothing. */
  public start(): this {
    if (this.#job !== undefined || this.#closed) return this;
    this.#job = new Cron(this.#schedule, { timezone: this.#timeZone }, () => {
      if (this.#running !== undefined) return;
      this.backupNow().catch((error: unknown) => {
        if (!this.#closed) this.emit('error', error, { step: 'backup' });
      });
    });
    return this;
  }

  /** When the next scheduled backup is due; `null` before `start()`, after `close()`. */
  public get nextBackupAt(): Date | null {
    return this.#job?.nextRun() ?? null;
  }

  /**
   * Makes a backup now, outside the schedule; while one is running, waits for that one instead.
   *
   * @returns the backup that was kept
   * @throws {@link SqliteBackupError} when it failed, when `close()` stopped it, or when this is
   * closed already; an `error` event is not emitted for it
   */
  public backupNow(): Promise<SqliteBackupResult> {
    if (this.#closed) {
      return Promise.reject(
        new SqliteBackupError(this.#options.directory, 'SqliteBackups is closed; make a new one to back up again.'),
      );
    }
    if (this.#running !== undefined) return this.#running.done;
    const abort = new AbortController();
    const done = backupSqliteStore(this.#store, { ...this.#options, signal: abort.signal });
    this.#running = { done, abort };
    done.then(
      (result) => {
        this.#running = undefined;
        this.emit('backup', result);
      },
      () => {
        this.#running = undefined;
      },
    );
    return done;
  }

  /**
   * Stops the schedule and a backup under way (its partial file is deleted, older backups stay;
   * its `backupNow()` rejects with a {@link SqliteBackupError}), and resolves once it has stopped.
   * Calling it again does nothing.
   */
  public async close(): Promise<void> {
    this.#closed = true;
    this.#job?.stop();
    this.#job = undefined;
    const running = this.#running;
    if (running === undefined) return;
    const { directory } = this.#options;
    running.abort.abort(
      new SqliteBackupError(
        directory,
        'SqliteBackups was closed during the backup; no backup was made, older ones stay.',
      ),
    );
    await running.done.catch(() => {});
  }
}

/**
 * Starts backups of a store on a schedule: `new SqliteBackups(store, options).start()`.
 *
 * @param store - the open store to back up
 * @param options - where backups go, how many are kept, and when they are made
 * @returns the running schedule: listen to its `error` event, and `close()` it before the store
 * @throws `TypeError` when an option is malformed, naming it
 *
 * @example The defaults: every six hours (UTC), the newest eight kept
 * ```ts
 * import { scheduleBackups, SqliteStore } from '@guildkit/sqlite-store';
 *
 * const store = await SqliteStore.open({ filename: './data/guildkit.db' });
 * const backups = scheduleBackups(store, { directory: './data/backups' });
 * backups.on('error', (error) => console.error('backup failed', error));
 * ```
 */
export function scheduleBackups(store: SqliteStore, options: SqliteBackupsOptions): SqliteBackups {
  return new SqliteBackups(store, options).start();
}
