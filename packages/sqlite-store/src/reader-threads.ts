import { Worker } from 'node:worker_threads';
import type { CompiledQuery } from 'kysely';

/** @internal What the reader threads open, and how many of them at most. */
export interface ReaderThreadsOptions {
  readonly filename: string;
  readonly threads: number;
  readonly cacheSizeMiB: number;
  readonly busyTimeoutMs: number;
  /** How long a thread with no read to run lives on before it stops, in milliseconds. */
  readonly idleMs: number;
}

interface Waiting {
  readonly resolve: (rows: unknown[]) => void;
  readonly reject: (error: unknown) => void;
}

interface Reader {
  readonly worker: Worker;
  readonly waiting: Map<number, Waiting>;
  /** Stops the thread once it has been idle for `idleMs`; set while it has no read. */
  idle: ReturnType<typeof setTimeout> | undefined;
}

/** The reply of read-worker.ts: the rows column by column, or what went wrong. */
interface ReadReply {
  readonly id: number;
  readonly count?: number;
  readonly names?: readonly string[];
  readonly columns?: readonly ArrayLike<unknown>[];
  readonly error?: { readonly message: string; readonly code?: unknown };
}

// The worker sits beside this module, built as this module is: .ts in src, .js or .cjs in dist.
const here = import.meta.url;
const workerUrl = new URL(`./read-worker${here.slice(here.lastIndexOf('.'))}`, here);

/**
 * @internal Long reads on worker threads, each with a read-only connection of its own (WAL lets
 * them read while the main connection writes). The event loop stays free while they run, and reads
 * made together run at once, one a thread. Threads start on the first read and hold no event-loop
 * reference while idle, so an idle store never keeps the process alive. A thread idle for `idleMs`
 * stops, and gives back its memory (its own V8 heap, Node.js environment and page cache: 10-25 MiB
 * each); the next read starts one again.
 */
export class ReaderThreads {
  readonly #options: ReaderThreadsOptions;
  readonly #readers: Reader[] = [];
  readonly #reads = new Set<Promise<unknown>>();
  #nextId = 0;

  public constructor(options: ReaderThreadsOptions) {
    this.#options = options;
  }

  /** Runs a SELECT on the least busy thread, starting one if all are busy and more are allowed. */
  public all<Row>(query: CompiledQuery<Row>): Promise<Row[]> {
    const reader = this.#reader();
    const id = this.#nextId++;
    const read = new Promise<unknown[]>((resolve, reject) => {
      if (reader.waiting.size === 0) {
        clearTimeout(reader.idle);
        reader.idle = undefined;
        reader.worker.ref();
      }
      reader.waiting.set(id, { resolve, reject });
      reader.worker.postMessage({ id, sql: query.sql, parameters: query.parameters });
    });
    this.#reads.add(read);
    const settled = () => this.#reads.delete(read);
    read.then(settled, settled);
    return read as Promise<Row[]>;
  }

  /** How many threads are running. */
  public get running(): number {
    return this.#readers.length;
  }

  /** Waits for the reads under way, then stops the threads. */
  public async close(): Promise<void> {
    await Promise.allSettled(this.#reads);
    await Promise.all(this.#readers.splice(0).map((reader) => this.#stop(reader)));
  }

  /** Takes a thread out of use and ends it; it has no read waiting. */
  #stop(reader: Reader): Promise<number> {
    clearTimeout(reader.idle);
    reader.idle = undefined;
    const index = this.#readers.indexOf(reader);
    if (index !== -1) this.#readers.splice(index, 1);
    return reader.worker.terminate();
  }

  /** Lets a thread that has no read left stop after `idleMs`, unless a read comes first. */
  #idle(reader: Reader): void {
    reader.worker.unref();
    reader.idle = setTimeout(() => void this.#stop(reader), this.#options.idleMs);
    reader.idle.unref();
  }

  #reader(): Reader {
    let least: Reader | undefined;
    for (const reader of this.#readers)
      if (least === undefined || reader.waiting.size < least.waiting.size) least = reader;
    if (least !== undefined && (least.waiting.size === 0 || this.#readers.length >= this.#options.threads))
      return least;
    return this.#start();
  }

  #start(): Reader {
    const { filename, cacheSizeMiB, busyTimeoutMs } = this.#options;
    const worker = new Worker(workerUrl, { workerData: { filename, cacheSizeMiB, busyTimeoutMs } });
    worker.unref();
    const reader: Reader = { worker, waiting: new Map(), idle: undefined };
    this.#readers.push(reader);
    worker.on('message', (reply: ReadReply) => {
      const waiting = reader.waiting.get(reply.id);
      if (waiting === undefined) return;
      reader.waiting.delete(reply.id);
      if (reader.waiting.size === 0) this.#idle(reader);
      if (reply.error === undefined) waiting.resolve(rowsOf(reply));
      else waiting.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
    });
    // A thread that fails (its connection cannot open, say) fails its reads; the next read starts another.
    const fail = (error: unknown) => {
      clearTimeout(reader.idle);
      const index = this.#readers.indexOf(reader);
      if (index !== -1) this.#readers.splice(index, 1);
      for (const waiting of reader.waiting.values()) waiting.reject(error);
      reader.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the SQLite reader thread stopped (exit code ${code})`)));
    return reader;
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
