import { Worker } from 'node:worker_threads';

/** @internal What every thread of the store answers: the request's id, and what went wrong if anything did. */
export interface WorkerReply {
  readonly id: number;
  readonly error?: { readonly message: string; readonly code?: unknown; readonly name?: unknown };
}

/**
 * @internal The URL of a thread's module, which sits beside this one, built as this one is: `.ts`
 * in src, `.js` or `.cjs` in dist (where this module is bundled into the entry that imports it).
 */
export function besideThisModule(name: string): URL {
  const here = import.meta.url;
  return new URL(`./${name}${here.slice(here.lastIndexOf('.'))}`, here);
}

interface Waiting {
  readonly resolve: (reply: WorkerReply) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * @internal One worker thread of the store, started on the first request and stopped after
 * `idleMs` with none under way (its heap, Node.js environment and SQLite connection are given
 * back; the next request starts it again). It holds the event loop open only while a request is
 * under way, so an idle store never keeps the process alive. A thread that fails or exits fails
 * its requests; the next request starts another.
 */
export class WorkerSlot {
  readonly #url: URL;
  readonly #workerData: unknown;
  readonly #idleMs: number;
  /** Names the thread in errors: "the SQLite reader thread". */
  readonly #name: string;
  #worker: Worker | undefined;
  /** The running thread's requests under way (each thread has its own: one ending fails only its own). */
  #waiting = new Map<number, Waiting>();
  #idle: ReturnType<typeof setTimeout> | undefined;
  /** Every request not answered yet, whichever thread has it. */
  readonly #underWay = new Set<Promise<WorkerReply>>();
  #nextId = 0;

  public constructor(url: URL, workerData: unknown, idleMs: number, name: string) {
    this.#url = url;
    this.#workerData = workerData;
    this.#idleMs = idleMs;
    this.#name = name;
  }

  /** Requests under way. */
  public get pending(): number {
    return this.#waiting.size;
  }

  /** Whether the thread is running. */
  public get running(): boolean {
    return this.#worker !== undefined;
  }

  /**
   * Sends a request (its `id` is filled in), starting the thread if it is not running; resolves
   * with the reply, or rejects with the error it names (`code` kept).
   */
  public request(message: Record<string, unknown>, transfer: readonly ArrayBuffer[] = []): Promise<WorkerReply> {
    const worker = this.#worker ?? this.#start();
    const id = this.#nextId++;
    const reply = new Promise<WorkerReply>((resolve, reject) => {
      if (this.#waiting.size === 0) {
        clearTimeout(this.#idle);
        this.#idle = undefined;
        worker.ref();
      }
      this.#waiting.set(id, { resolve, reject });
      try {
        worker.postMessage({ ...message, id }, transfer as ArrayBuffer[]);
      } catch (error) {
        // Not sent (a value that cannot be cloned): nothing will answer it.
        this.#waiting.delete(id);
        if (this.#waiting.size === 0) this.#idleSoon(worker);
        reject(error);
      }
    });
    this.#underWay.add(reply);
    const settled = () => this.#underWay.delete(reply);
    reply.then(settled, settled);
    return reply;
  }

  /** Waits for the requests under way, then ends the thread. */
  public async close(): Promise<void> {
    await Promise.allSettled(this.#underWay);
    await this.stop();
  }

  /** Ends the thread now; requests under way are failed by its exit. */
  public async stop(): Promise<void> {
    clearTimeout(this.#idle);
    this.#idle = undefined;
    const worker = this.#worker;
    this.#worker = undefined;
    await worker?.terminate();
  }

  /** With no request left, the thread lets the process end, and stops after `idleMs` unless one comes. */
  #idleSoon(worker: Worker): void {
    if (this.#worker !== worker) return;
    worker.unref();
    this.#idle = setTimeout(() => void this.stop(), this.#idleMs);
    this.#idle.unref();
  }

  #start(): Worker {
    const worker = new Worker(this.#url, { workerData: this.#workerData });
    worker.unref();
    const requests = new Map<number, Waiting>();
    this.#worker = worker;
    this.#waiting = requests;
    worker.on('message', (reply: WorkerReply) => {
      const waiting = requests.get(reply.id);
      if (waiting === undefined) return;
      requests.delete(reply.id);
      if (requests.size === 0) this.#idleSoon(worker);
      if (reply.error === undefined) waiting.resolve(reply);
      else waiting.reject(rebuilt(reply.error));
    });
    // A thread that fails (its connection cannot open, say) fails its requests.
    const fail = (error: unknown) => {
      if (this.#worker === worker) {
        clearTimeout(this.#idle);
        this.#idle = undefined;
        this.#worker = undefined;
      }
      for (const waiting of requests.values()) waiting.reject(error);
      requests.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`${this.#name} stopped (exit code ${code})`)));
    return worker;
  }
}

/**
 * The thread's error as the main thread would have thrown it: a `TypeError` or `RangeError` (a
 * batch that can never be written, which is not retried) keeps its class, `code` is kept.
 */
function rebuilt(error: NonNullable<WorkerReply['error']>): Error {
  const Class = error.name === 'TypeError' ? TypeError : error.name === 'RangeError' ? RangeError : Error;
  return Object.assign(new Class(error.message), { code: error.code });
}
