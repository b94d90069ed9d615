// The stores a benchmark runs against: memory, a SQLite file in a new temporary folder (WAL, with
// commits flushed to disk or not), and PostgreSQL at DATABASE_URL, or on a throwaway cluster with
// PostgreSQL's durable defaults started with .ci/postgres.sh when PostgreSQL is installed. Each
// store gets a database of its own.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type GuildkitStore, MemoryStore } from '@guildkit/core';
import { PostgresStore } from '@guildkit/postgres-store';
import { SqliteStore } from '@guildkit/sqlite-store';
import pg from 'pg';

export interface BenchStore {
  readonly name: string;
  readonly store: GuildkitStore;
  /**
   * Leaves the database as weeks of writes leave it, and returns the store to read from: SQLite's
   * write-ahead log folded into the file (the store is closed and opened again), PostgreSQL's
   * statistics gathered and its visibility map set (what autovacuum does in the background).
   */
  readonly settle?: () => Promise<GuildkitStore>;
}

const folder = mkdtempSync(join(tmpdir(), 'guildkit-bench-'));
const cleanups: (() => void)[] = [() => rmSync(folder, { recursive: true, force: true })];
let stores = 0;

/** Opens one store of each kind available here, each on a new, empty database. */
export async function openStores(kinds: readonly string[] = ['memory', 'sqlite', 'postgres']): Promise<BenchStore[]> {
  const opened: BenchStore[] = [];
  stores += 1;
  if (kinds.includes('memory')) opened.push({ name: 'memory', store: new MemoryStore() });
  if (kinds.includes('sqlite')) {
    const filename = join(folder, `bench-${stores}.db`);
    const entry: { name: string; store: GuildkitStore; settle: () => Promise<GuildkitStore> } = {
      name: 'sqlite (file, WAL)',
      store: await SqliteStore.open({ filename }),
      settle: async () => {
        await entry.store.close();
        entry.store = await SqliteStore.open({ filename });
        return entry.store;
      },
    };
    opened.push(entry);
  }
  if (kinds.includes('sqlite-full')) {
    opened.push({
      name: 'sqlite (file, WAL, synchronous=full)',
      store: await SqliteStore.open({ filename: join(folder, `bench-${stores}-full.db`), synchronous: 'full' }),
    });
  }
  if (kinds.includes('postgres')) {
    const connectionString = postgresUrl();
    if (connectionString === undefined) {
      console.log('postgres: skipped (set DATABASE_URL, or install PostgreSQL: .ci/setup does)');
    } else {
      const schema = `bench_${process.pid}_${stores}`;
      const store = await PostgresStore.open({ connectionString, schema });
      const settle = async () => {
        const client = new pg.Client({ connectionString });
        await client.connect();
        await client.query(`vacuum analyze "${schema}".activity_daily`).finally(() => client.end());
        return store;
      };
      opened.push({ name: 'postgres (loopback, durable)', store, settle });
    }
  }
  return opened;
}

/** Closes the stores and stops the throwaway cluster, if one was started. */
export async function closeAll(opened: readonly BenchStore[]): Promise<void> {
  for (const { store } of opened) await store.close();
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
}

let startedUrl: string | undefined;
function postgresUrl(): string | undefined {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  if (startedUrl !== undefined) return startedUrl;
  const installed = existsSync('/usr/lib/postgresql') && readdirSync('/usr/lib/postgresql').length > 0;
  if (!installed) return undefined;
  const script = new URL('../.ci/postgres.sh', import.meta.url).pathname;
  const cluster = join(folder, 'postgres');
  startedUrl = execFileSync('bash', [script, 'start', cluster], {
    encoding: 'utf8',
    env: { ...process.env, POSTGRES_DURABLE: '1' },
  }).trim();
  cleanups.push(() => execFileSync('bash', [script, 'stop', cluster]));
  return startedUrl;
}
