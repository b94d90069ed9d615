import type { PreparedLogRecord } from '@guildkit/core/store-kit';
import { besideThisModule, WorkerSlot } from './worker-slot.ts';

/** @internal What the log writer thread opens, and how long it lives on with nothing to write. */
export interface LogWriterOptions {
  readonly filename: string;
  readonly busyTimeoutMs: number;
  readonly synchronous: 'normal' | 'full';
  readonly idleMs: number;
}

const workerUrl = besideThisModule('log-write-worker');

/**
 * @internal Appends log records on a worker thread with a connection of its own
 * (log-write-worker.ts), so that SQLite's inserts and commits run beside the event loop: a bot
 * logs a record per voice event, and on the main thread those writes took about a fifth of the
 * time a burst of gateway events takes to go through. The records go column by column, the times
 * and levels in transferred typed arrays: about 0.3 µs a record on the main thread, against ~3 µs
 * to insert it. The thread starts on the first batch and stops after `idleMs` without one.
 */
export class LogWriter {
  readonly #slot: WorkerSlot;

  public constructor(options: LogWriterOptions) {
    const { filename, busyTimeoutMs, synchronous, idleMs } = options;
    this.#slot = new WorkerSlot(
      workerUrl,
      { filename, busyTimeoutMs, synchronous },
      idleMs,
      'the SQLite log writer thread',
    );
  }

  /** Appends the records in one transaction on the thread; resolves once they are committed. */
  public write(rows: readonly PreparedLogRecord[]): Promise<void> {
    const count = rows.length;
    const at = new Float64Array(count);
    const levelValue = new Uint8Array(count);
    const source = new Array<string>(count);
    const message = new Array<string>(count);
    const fields = new Array<string>(count);
    for (let row = 0; row < count; row += 1) {
      const record = rows[row] as PreparedLogRecord;
      at[row] = record.at;
      levelValue[row] = record.levelValue;
      source[row] = record.source;
      message[row] = record.message;
      fields[row] = record.fieldsJson;
    }
    return this.#slot
      .request({ at, levelValue, source, message, fields }, [at.buffer, levelValue.buffer])
      .then(() => undefined);
  }

  /** Whether the thread is running. */
  public get running(): boolean {
    return this.#slot.running;
  }

  /** Waits for the writes under way, then stops the thread. */
  public close(): Promise<void> {
    return this.#slot.close();
  }
}
