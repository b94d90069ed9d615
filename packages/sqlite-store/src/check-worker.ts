// Checks a SQLite file on a thread of its own, so that a large database's integrity check never
// stalls the event loop: SQLite reads every page. Like read-worker.ts it imports nothing of ours,
// so it runs as it is from src (Node.js strips the types) and from dist alike.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

/** What the thread is asked to check. */
interface CheckRequest {
  readonly filename: string;
  /**
   * Also make it one self-contained file: rollback journal, no -wal beside it. Without it the file
   * is only read (`query_only`), though opened for writing when it can be: a read-only connection
   * to a database in WAL mode leaves the `-wal` and `-shm` it needs beside it when it closes, where
   * the last connection that can write removes them.
   */
  readonly seal: boolean;
}

const port = parentPort;
if (port === null) throw new Error('check-worker.ts runs as a worker thread of @guildkit/sqlite-store, not on its own');
const { filename, seal } = workerData as CheckRequest;

try {
  const database = new Database(filename, { fileMustExist: true, timeout: 0 });
  try {
    if (seal) database.pragma('journal_mode = delete');
    else database.pragma('query_only = true');
    const problems = (database.pragma('integrity_check') as { integrity_check: string }[])
      .map((row) => row.integrity_check)
      .filter((line) => line !== 'ok');
    const tables = (
      database.prepare("select name from sqlite_master where type = 'table'").pluck().all() as string[]
    ).sort();
    const migrations = tables.includes('kysely_migration')
      ? (database.prepare('select name from kysely_migration order by name').pluck().all() as string[])
      : undefined;
    const pageSize = database.pragma('page_size', { simple: true }) as number;
    const pageCount = database.pragma('page_count', { simple: true }) as number;
    port.postMessage({ problems, tables, migrations, bytes: pageSize * pageCount });
  } finally {
    database.close();
  }
} catch (error) {
  const { message, code } = error as { message?: unknown; code?: unknown };
  port.postMessage({ error: { message: String(message ?? error), code } });
}
