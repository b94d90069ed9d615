import type { CompiledQuery } from 'kysely';
import { besideThisModule, type WorkerReply, WorkerSlot } from './worker-slot.ts';

/** @internal What the reader threads open, and how many of them at most. */
export interface ReaderThreadsOptions {
  readonly filename: string;
  readonly threads: number;
  readonly cacheSizeMiB: number;
  readonly busyTimeoutMs: number;
  /** How long a thread with no read to run lives on before it stops, in milliseconds. */
  readonly idleMs: number;
}

/** The reply of read-worker.ts: the rows column by column. */
interface ReadReply extends WorkerReply {
  readonly count?: number;
  readonly names?: readonly string[];
  readonly columns?: readonly ArrayLike<unknown>[];
}

const workerUrl = besideThisModule('read-worker');

/**
 * @internal Long reads on worker threads, each with a read-only connection of its own (WAL lets
 * them read while the main connection writes). The event loop stays free while they run, and reads
 * made together run at once, one a thread. Threads start on the first read and hold no event-loop
 * reference while idle, so an idle store never keeps the process alive. A thread idle for `idleMs`
 * stops, and gives back its memory (its own V8 heap, Node.js environment and page cache: 10-25 MiB
 * each); the next read starts one again.
 */
export class ReaderThreads {
  readonly #slots: readonly WorkerSlot[];

  public constructor(options: ReaderThreadsOptions) {
    const { filename, cacheSizeMiB, busyTimeoutMs, threads, idleMs } = options;
    this.#slots = Array.from(
      { length: threads },
      () => new WorkerSlot(workerUrl, { filename, cacheSizeMiB, busyTimeoutMs }, idleMs, 'the SQLite reader thread'),
    );
  }

  /** Runs a SELECT on an idle thread, else one not started yet, else the least busy. */
  public all<Row>(query: CompiledQuery<Row>): Promise<Row[]> {
    const slot =
      this.#slots.find((candidate) => candidate.running && candidate.pending === 0) ??
      this.#slots.find((candidate) => !candidate.running) ??
      this.#slots.reduce((least, candidate) => (candidate.pending < least.pending ? candidate : least));
    return slot
      .request({ sql: query.sql, parameters: query.parameters })
      .then((reply) => rowsOf(reply as ReadReply) as Row[]);
  }

  /** How many threads are running. */
  public get running(): number {
    return this.#slots.filter((slot) => slot.running).length;
  }

  /** Waits for the reads under way, then stops the threads. */
  public async close(): Promise<void> {
    await Promise.all(this.#slots.map((slot) => slot.close()));
  }
}

/** Rows as objects keyed by column name, from the columns a thread sent. */
function rowsOf({ count = 0, names = [], columns = [] }: ReadReply): Record<string, unknown>[] {
  const rows = new Array<Record<string, unknown>>(count);
  for (let row = 0; row < count; row += 1) {
    const values: Record<string, unknown> = {};
    for (let column = 0; column < names.length; column += 1)
      values[names[column] as string] = (columns[column] as ArrayLike<unknown>)[row];
    rows[row] = values;
  }
  return rows;
}
