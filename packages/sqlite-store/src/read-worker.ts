// A reader thread of SqliteStore: a read-only connection of its own that runs the SELECT
// statements it is sent and answers with their rows. It imports nothing of ours, so that it runs
// as it is, outside any bundler, from src (Node.js strips the types) and from dist alike.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/** What the store gives the thread when it starts it. */
interface ReaderSettings {
  readonly filename: string;
  readonly cacheSizeMiB: number;
  readonly busyTimeoutMs: number;
}

/** One statement to run. */
interface ReadMessage {
  readonly id: number;
  readonly sql: string;
  readonly parameters: readonly unknown[];
}

const settings = workerData as ReaderSettings;
const port = parentPort;
if (port === null) throw new Error('read-worker.ts runs as a worker thread of SqliteStore, not on its own');

const database = new Database(settings.filename, {
  readonly: true,
  fileMustExist: true,
  timeout: settings.busyTimeoutMs,
});
database.pragma(`cache_size = ${-settings.cacheSizeMiB * 1024}`);
const statements = new Map<string, Database.Statement>();

port.on('message', (message: ReadMessage) => {
  try {
    let statement = statements.get(message.sql);
    if (statement === undefined) {
      statement = database.prepare(message.sql);
      statements.set(message.sql, statement);
    }
    port.postMessage({ id: message.id, rows: statement.all(...message.parameters) });
  } catch (error) {
    const { message: text, code } = error as { message?: unknown; code?: unknown };
    port.postMessage({ id: message.id, error: { message: String(text ?? error), code } });
  }
});
