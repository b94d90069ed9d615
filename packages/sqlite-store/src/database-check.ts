import { Worker } from 'node:worker_threads';
import { SchemaVersionError } from '@guildkit/core';
import { migrations } from './migrations.ts';
import { besideThisModule } from './worker-slot.ts';

/** @internal What check-worker.ts found in a file. */
export interface DatabaseCheck {
  /** SQLite's integrity check's findings; empty when the file is sound. */
  readonly problems: readonly string[];
  readonly tables: readonly string[];
  /** The migrations recorded in the file; `undefined` when it has no migration table. */
  readonly migrations: readonly string[] | undefined;
  /** The database's size: page size × page count. */
  readonly bytes: number;
}

/** @internal A file that could not be checked at all, with SQLite's words and code. */
export class DatabaseCheckFailure extends Error {
  public readonly code: unknown;

  public constructor(message: string, code: unknown) {
    super(message);
    this.name = 'DatabaseCheckFailure';
    this.code = code;
  }
}

const workerUrl = besideThisModule('check-worker');

/**
 * @internal Runs SQLite's integrity check on `filename` and reads its schema, on a worker thread.
 * With `seal`, the file is first switched to a rollback journal, so that it is one file on its own;
 * without it, the file is only read, and a `-wal` and `-shm` the check needed are removed after it
 * (unless the file is write-protected or another program has it open).
 */
export function checkDatabaseFile(filename: string, seal: boolean): Promise<DatabaseCheck> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerUrl, { workerData: { filename, seal } });
    let answered = false;
    worker.once('message', (reply: DatabaseCheck & { error?: { message: string; code?: unknown } }) => {
      answered = true;
      if (reply.error === undefined) resolve(reply);
      else reject(new DatabaseCheckFailure(reply.error.message, reply.error.code));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`the SQLite check thread stopped without an answer (exit code ${code})`));
    });
  });
}

/** @internal What is wrong with a file as a guildkit database. */
export interface DatabaseProblem {
  readonly reason: 'damaged' | 'not-guildkit';
  readonly message: string;
}

/**
 * @internal What makes `check` not a sound guildkit database; `undefined` when it is one. Throws
 * `SchemaVersionError` when a newer guildkit wrote it.
 */
export function guildkitProblem(filename: string, check: DatabaseCheck): DatabaseProblem | undefined {
  if (check.problems.length > 0) {
    const shown = check.problems.slice(0, 3).join('; ');
    const more = check.problems.length > 3 ? '; …' : '';
    return { reason: 'damaged', message: `"${filename}" fails SQLite's integrity check (${shown}${more})` };
  }
  const known = Object.keys(migrations);
  if (check.migrations === undefined || check.migrations.length === 0 || !check.tables.includes('activity_daily')) {
    return {
      reason: 'not-guildkit',
      message: `"${filename}" is a SQLite database but not a guildkit one: it has no guildkit schema`,
    };
  }
  const unknown = check.migrations.filter((name) => !known.includes(name));
  if (unknown.length > 0) throw new SchemaVersionError(filename, unknown, known.at(-1) as string);
  return undefined;
}

/** @internal The newest migration a file has. */
export function schemaVersion(check: DatabaseCheck): string {
  return check.migrations?.at(-1) ?? 'none';
}
