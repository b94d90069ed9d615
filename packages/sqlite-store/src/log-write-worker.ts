// The log writer thread of SqliteStore: a connection of its own that appends log records, so that
// SQLite's inserts and commits (about 3 µs a record) run beside the event loop instead of on it.
// The store checks and prepares the records on the main thread and sends them column by column
// (the times and levels in transferred typed arrays); the thread answers once they are committed.
// A lock held by another connection is waited for here, on this thread, with SQLite's busy
// timeout: the event loop never waits. Its only module of ours is row-statements.ts (plain
// functions, type imports only): from src Node.js strips its types, and in dist it is bundled in.
import { availableParallelism, constants, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { appendLog, type RowStatement, runColumns } from './row-statements.ts';

/** What the store gives the thread when it starts it. */
interface WriterSettings {
  readonly filename: string;
  readonly busyTimeoutMs: number;
  readonly synchronous: 'normal' | 'full';
}

/** One batch of records, column by column. */
interface WriteMessage {
  readonly id: number;
  readonly at: Float64Array;
  readonly levelValue: Uint8Array;
  readonly source: readonly string[];
  readonly message: readonly string[];
  readonly fields: readonly string[];
}

const settings = workerData as WriterSettings;
// Writing the log is background work: the gateway's thread, and other processes, go first. Below
// normal, not the lowest: the thread holds the write lock while it writes, and this process's
// other writes wait for it. On Linux a thread has a priority of its own, and this sets this
// thread's alone; elsewhere it would set the whole process's, so it is left as it is, and with one
// processor there is no core for it to yield.
if (process.platform === 'linux' && availableParallelism() > 1) {
  try {
    setPriority(constants.priority.PRIORITY_BELOW_NORMAL);
  } catch {
    // Not allowed (some containers): the thread runs at the process's priority.
  }
}

const port = parentPort;
if (port === null) throw new Error('log-write-worker.ts runs as a worker thread of SqliteStore, not on its own');

const database = new Database(settings.filename, { fileMustExist: true, timeout: settings.busyTimeoutMs });
database.pragma(`synchronous = ${settings.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
// It only appends: SQLite's small default page cache is enough.
const statements = new Map<string, Database.Statement>();
const prepared = (sql: string) => {
  let statement = statements.get(sql);
  if (statement === undefined) {
    statement = database.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
};

// The columns in the order of the insert's parameters (appendLog's): no object per record.
const append = database.transaction((batch: WriteMessage) => {
  const { at, levelValue, source, message, fields } = batch;
  runColumns(prepared, appendLog as RowStatement<unknown>, [at, levelValue, source, message, fields], at.length);
});

port.on('message', (batch: WriteMessage) => {
  try {
    append.immediate(batch);
    port.postMessage({ id: batch.id });
  } catch (error) {
    const { message: text, code, name } = error as { message?: unknown; code?: unknown; name?: unknown };
    port.postMessage({ id: batch.id, error: { message: String(text ?? error), code, name } });
  }
});
