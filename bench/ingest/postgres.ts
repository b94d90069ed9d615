// PostgreSQL for the bot's PostgreSQL trials: the server at DATABASE_URL, or a throwaway cluster
// started with .ci/postgres.sh on PostgreSQL's durable defaults (as the other benchmarks use); a
// new, empty database for every trial, as a first start finds it.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

const SCRIPT = new URL('../../.ci/postgres.sh', import.meta.url).pathname;

/** A PostgreSQL server that hands out new databases. */
export interface PostgresServer {
  /** Creates a new, empty database and returns its URL. */
  newDatabase(): Promise<string>;
  /** Drops the databases it made, and stops the cluster if it started one. */
  close(): Promise<void>;
  /** Stops the cluster if it started one, at once (on an interrupt); the databases stay. */
  stopNow(): void;
  /** The processes of the cluster it started (the postmaster and its children), to read their CPU time; none for `DATABASE_URL`. */
  pids(): number[];
}

/**
 * The server at `DATABASE_URL`, or a throwaway cluster in `folder`; `undefined` when neither is
 * there (PostgreSQL is not installed: `.ci/setup` installs it).
 *
 * @param folder - where a throwaway cluster lives
 */
export function openPostgres(folder: string): PostgresServer | undefined {
  const given = process.env.DATABASE_URL;
  const installed = existsSync('/usr/lib/postgresql') && readdirSync('/usr/lib/postgresql').length > 0;
  if (!given && !installed) return undefined;
  const cluster = join(folder, 'postgres');
  const url =
    given ||
    execFileSync('bash', [SCRIPT, 'start', cluster], {
      encoding: 'utf8',
      env: { ...process.env, POSTGRES_DURABLE: '1' },
    }).trim();
  const made: string[] = [];
  const admin = async <T>(run: (client: pg.Client) => Promise<T>) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return await run(client);
    } finally {
      await client.end();
    }
  };
  return {
    async newDatabase() {
      const name = `ingest_${process.pid}_${made.length + 1}`;
      await admin((client) => client.query(`create database "${name}"`));
      made.push(name);
      const target = new URL(url);
      target.pathname = `/${name}`;
      return target.toString();
    },
    async close() {
      await admin(async (client) => {
        for (const name of made.splice(0)) await client.query(`drop database if exists "${name}" with (force)`);
      });
      this.stopNow();
    },
    stopNow() {
      if (!given && existsSync(join(cluster, 'data', 'postmaster.pid')))
        execFileSync('bash', [SCRIPT, 'stop', cluster]);
    },
    pids() {
      const file = join(cluster, 'data', 'postmaster.pid');
      if (given || !existsSync(file)) return [];
      const postmaster = Number(readFileSync(file, 'utf8').split('\n')[0]);
      const children = readdirSync('/proc').flatMap((entry) => {
        if (!/^\d+$/.test(entry)) return [];
        try {
          const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
          // The parent's pid is the second field after the name: `pid (name) state ppid …`.
          return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster ? [Number(entry)] : [];
        } catch {
          return []; // ended while it was read
        }
      });
      return [postmaster, ...children];
    },
  };
}
