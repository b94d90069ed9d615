// BatchLogger into SQLite beside the seed bots' ways (a new connection per record, as seed 003 did;
// one autocommit insert per record) and pino writing to a file. Records per second.
// Run: pnpm bench (all), or node --conditions=@guildkit/source logger.bench.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { BatchLogger, storeLogSink } from '@guildkit/core';
import { SqliteStore } from '@guildkit/sqlite-store';
import Database from 'better-sqlite3';
import pino from 'pino';
import { median, printTable } from './table.ts';

const folder = mkdtempSync(join(tmpdir(), 'guildkit-logger-bench-'));
const RUNS = 5;
const fieldsOf = (n: number) => ({
  guildId: '1100000000000000001',
  userId: String(1_200_000_000_000_000_000n + BigInt(n % 5_000)),
  channel: '일반',
});
let files = 0;
const nextFile = (extension: string) => {
  files += 1;
  return join(folder, `run-${files}.${extension}`);
};

/** A way to write log records, and how many records one of its runs writes. */
interface Way {
  readonly name: string;
  readonly count: number;
  readonly run: (count: number) => Promise<void>;
}

/**
 * Records per second of each way: one run of each to warm up, then RUNS rounds of one run of each,
 * in turn, so that every way meets the same moods of a shared machine; the median of each.
 */
async function rates(ways: readonly Way[]): Promise<number[]> {
  for (const way of ways) await way.run(way.count);
  const samples = ways.map((): number[] => []);
  for (let round = 0; round < RUNS; round += 1) {
    for (const [index, way] of ways.entries()) {
      const started = performance.now();
      await way.run(way.count);
      samples[index]?.push(way.count / ((performance.now() - started) / 1000));
    }
  }
  return samples.map((taken) => median(taken));
}

/** guildkit: records logged as a bot logs them (yielding to the event loop now and then), written in batches. */
async function batchLogger(count: number): Promise<void> {
  const store = await SqliteStore.open({ filename: nextFile('db') });
  const logger = new BatchLogger({ sinks: [storeLogSink(store)] });
  for (let n = 0; n < count; n += 1) {
    logger.info('voice', 'member joined', fieldsOf(n));
    if (n % 1_000 === 999) await yieldToLoop();
  }
  await logger.close();
  const written = logger.stats().sinks.store?.written;
  await store.close();
  if (written !== count) throw new Error(`wrote ${written} of ${count}: ${JSON.stringify(logger.stats())}`);
}

/** One record's row as guildkit's store writes it (the level by its number). */
const INSERT = 'insert into log_records (at, level_value, source, message, fields) values (?, ?, ?, ?, ?)';
const valuesOf = (n: number) => [Date.now(), 30, 'voice', 'member joined', JSON.stringify(fieldsOf(n))];

/** An empty database with guildkit's log table and its indexes. */
async function emptyDatabase(): Promise<string> {
  const filename = nextFile('db');
  await (await SqliteStore.open({ filename })).close();
  return filename;
}

/** Seed 003's way: a new connection for each record. */
async function connectionPerRecord(count: number): Promise<void> {
  const filename = await emptyDatabase();
  for (let n = 0; n < count; n += 1) {
    const database = new Database(filename);
    database.pragma('journal_mode = WAL');
    database.prepare(INSERT).run(valuesOf(n));
    database.close();
  }
}

/** One connection, one autocommit insert per record (WAL, synchronous=NORMAL, as the store runs). */
async function insertPerRecord(count: number): Promise<void> {
  const database = new Database(await emptyDatabase());
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  const insert = database.prepare(INSERT);
  for (let n = 0; n < count; n += 1) insert.run(valuesOf(n));
  database.close();
}

/**
 * SQLite's own speed on the same table and rows: prepared 64-row inserts, 1,000 rows a transaction
 * (the logger's batch), no logger in front. The ceiling for any logger into this table.
 */
async function batchedInserts(count: number): Promise<void> {
  const database = new Database(await emptyDatabase());
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  const many = database.prepare(
    `${INSERT.replace(/values .*$/, '')}values ${new Array(64).fill('(?, ?, ?, ?, ?)').join(', ')}`,
  );
  const one = database.prepare(INSERT);
  const write = database.transaction((from: number, to: number) => {
    let n = from;
    for (; n + 64 <= to; n += 64) many.run(Array.from({ length: 64 }, (_, i) => valuesOf(n + i)).flat());
    for (; n < to; n += 1) one.run(valuesOf(n));
  });
  for (let n = 0; n < count; n += 1_000) write(n, Math.min(n + 1_000, count));
  database.close();
}

/** pino into a file, asynchronously (sonic-boom), flushed at the end. */
async function pinoToFile(count: number): Promise<void> {
  const destination = pino.destination({ dest: nextFile('log'), sync: false, minLength: 4_096 });
  const logger = pino({ base: null }, destination);
  for (let n = 0; n < count; n += 1) {
    logger.info({ source: 'voice', ...fieldsOf(n) }, 'member joined');
    if (n % 1_000 === 999) await yieldToLoop();
  }
  await new Promise<void>((resolve, reject) => destination.flush((error) => (error ? reject(error) : resolve())));
  destination.end();
}

const ways: Way[] = [
  { name: 'guildkit BatchLogger → SQLite (1,000 a batch)', count: 200_000, run: batchLogger },
  { name: 'pino → file', count: 200_000, run: pinoToFile },
  { name: 'SQLite batched inserts, no logger (64 a statement)', count: 200_000, run: batchedInserts },
  { name: 'one autocommit insert per record', count: 20_000, run: insertPerRecord },
  { name: 'a new connection per record (seed 003)', count: 1_000, run: connectionPerRecord },
];
const perSecond = await rates(ways);
const ours = perSecond[0] as number;
rmSync(folder, { recursive: true, force: true });

console.log(
  `\nLog records per second (median of ${RUNS} rounds, the ways in turn, after one to warm up; fields: guild, member, channel)\n`,
);
printTable(
  ['way', 'records/s', 'guildkit ×', 'records a run'],
  ways.map((way, index) => [
    way.name,
    Math.round(perSecond[index] as number).toLocaleString('en'),
    (ours / (perSecond[index] as number)).toFixed(2),
    way.count.toLocaleString('en'),
  ]),
);
