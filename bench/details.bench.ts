// Issue 19's details: voice time per channel and per hour of the guild's clock, written by the
// tracker with the daily totals. Two questions, one run:
//   1. What do the details cost the tracker? Its event rate with `details` on and off, in pairs
//      taken in turn (on, off, on, off, …), in memory and sustained on SQLite and PostgreSQL.
//   2. How fast are the reads they are for? The heatmap (readHourTotals + activityHeatmap) and the
//      top channels (readChannelTotals) over a year of 1,000,000 sessions, beside today's
//      readActivityTotals over the same days.
// Prints its tables and writes them to results/details-<date>.md. See README.md, "Channel and hour details".
//
// Run: pnpm bench:details, or node --expose-gc --conditions=@guildkit/source details.bench.ts
// Smaller: BENCH_DETAILS_EVENTS, BENCH_DETAILS_STORE_EVENTS, BENCH_DETAILS_MIDNIGHT_EVENTS,
// BENCH_DETAILS_PAIRS, BENCH_DETAILS_SESSIONS, BENCH_DETAILS_RUNS; BENCH_DETAILS_OUT is the results folder.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ActivityBatch,
  type ActivityBreakdownQuery,
  type ActivityIncrement,
  type ActivitySlice,
  type ActivityStore,
  type ActivityTotalsQuery,
  ActivityTracker,
  activityHeatmap,
  DayCalendar,
  days,
  MemoryStore,
  type MessageEvent,
  type VoiceStateEvent,
} from '@guildkit/core';
import { PostgresStore } from '@guildkit/postgres-store';
import { SqliteStore } from '@guildkit/sqlite-store';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openPostgres, type PostgresServer } from './ingest/postgres.ts';
import { cleanUpOnInterrupt, loadAverage, runTime, writeResults } from './ingest/run.ts';
import { formatTable, median, prng } from './table.ts';

const EVENTS = Number(process.env.BENCH_DETAILS_EVENTS ?? 500_000);
const STORE_EVENTS = Math.min(EVENTS, Number(process.env.BENCH_DETAILS_STORE_EVENTS ?? 200_000));
const MIDNIGHT_EVENTS = Math.min(EVENTS, Number(process.env.BENCH_DETAILS_MIDNIGHT_EVENTS ?? 100_000));
const PAIRS = Number(process.env.BENCH_DETAILS_PAIRS ?? 6);
const SESSIONS = Number(process.env.BENCH_DETAILS_SESSIONS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_DETAILS_RUNS ?? 11);
const MEMBERS = 10_000;
const CHANNELS = 20;
const FLUSH_EVERY = 50_000;
const SESSIONS_A_BATCH = 20_000;
const TIME_ZONE = 'Europe/Berlin';
/** Voice events this far apart: 500,000 of them cover nearly a day of the clock (20.8 hours). */
const EVENT_GAP_MS = 150;
/** One message for every this many voice events. */
const VOICE_PER_MESSAGE = 5;

const guildId = '1100000000000000001';
const channels = Array.from({ length: CHANNELS }, (_, i) => ({
  id: String(1_300_000_000_000_000_000n + BigInt(i)),
  name: `room ${i}`,
  parentId: null,
}));
const userIds = Array.from({ length: MEMBERS }, (_, i) => String(1_200_000_000_000_000_000n + BigInt(i)));
/** What the bench needs of a store: the activity, and closing. */
type Store = ActivityStore & { close(): Promise<void> };
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

// ---------------------------------------------------------------------------------------------
// 1. The tracker with details on and off
// ---------------------------------------------------------------------------------------------

/**
 * Where the traffic starts on the guild's clock: 01:00 on 26 November 2026, so that 500,000 events
 * (20.8 hours) end at 21:50, before midnight. The traffic across midnight is measured apart (in
 * memory): there a DayCalendar looks its days up again and again (see README.md), on both sides.
 */
const DAY_START = Date.parse('2026-11-26T01:00:00+01:00');
const MIDNIGHT = Date.parse('2026-11-27T00:00:00+01:00');
const clockOf = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', minute: '2-digit' });

interface Traffic {
  readonly voice: readonly VoiceStateEvent[];
  /** `messages[k]` comes after `voice[VOICE_PER_MESSAGE * k + VOICE_PER_MESSAGE - 1]`. */
  readonly messages: readonly MessageEvent[];
}

/**
 * Members join, mute, move and leave, 150 ms apart from `start` (tracker.bench.ts's mix); a message
 * every fifth event, in any of the rooms' chats. The same members and moves whatever the start.
 */
function traffic(eventCount: number, start: number): Traffic {
  const random = prng(7);
  const where = new Array<number>(MEMBERS).fill(-1);
  const voice: VoiceStateEvent[] = [];
  const messages: MessageEvent[] = [];
  for (let i = 0; i < eventCount; i += 1) {
    const member = Math.floor(random() * MEMBERS);
    const roll = random();
    const current = where[member] as number;
    const next =
      current === -1
        ? Math.floor(random() * CHANNELS)
        : roll < 0.4
          ? -1
          : roll < 0.7
            ? Math.floor(random() * CHANNELS)
            : current;
    where[member] = next;
    const at = start + i * EVENT_GAP_MS;
    voice.push({
      guildId,
      userId: userIds[member] as string,
      channel: next === -1 ? null : (channels[next] as (typeof channels)[number]),
      at,
      selfMute: roll > 0.85,
      selfDeaf: false,
      serverMute: false,
      serverDeaf: false,
      bot: false,
      afkChannelId: null,
    });
    if (i % VOICE_PER_MESSAGE === VOICE_PER_MESSAGE - 1) {
      messages.push({
        guildId,
        userId: userIds[Math.floor(random() * MEMBERS)] as string,
        channel: channels[Math.floor(random() * CHANNELS)] as (typeof channels)[number],
        at,
        bot: false,
      });
    }
  }
  return { voice, messages };
}

/** Voice events and messages together: what the rates count. */
const eventsOf = (traffic: Traffic) => traffic.voice.length + traffic.messages.length;

/** Applies a stretch of the traffic, the messages in their places. */
function feed(tracker: ActivityTracker, { voice, messages }: Traffic, from: number, to: number): void {
  for (let i = from; i < to; i += 1) {
    tracker.apply(voice[i] as VoiceStateEvent);
    if (i % VOICE_PER_MESSAGE === VOICE_PER_MESSAGE - 1)
      tracker.countMessage(messages[(i - VOICE_PER_MESSAGE + 1) / VOICE_PER_MESSAGE] as MessageEvent);
  }
}

/**
 * A store that counts what the tracker writes into it; the writes go on to the store as they are,
 * if there is one (without, it is a MemoryStore that only counts).
 */
class CountingStore implements ActivityStore {
  writes = 0;
  increments = 0;
  slices = 0;
  incrementMs = 0;
  sliceMs = 0;
  incrementMessages = 0;
  sliceMessages = 0;
  readonly #store: ActivityStore;
  readonly #forward: boolean;
  constructor(store: ActivityStore | undefined) {
    this.#store = store ?? new MemoryStore();
    this.#forward = store !== undefined;
  }
  recordActivity(batch: ActivityBatch): Promise<void> {
    this.writes += 1;
    for (const increment of batch.increments ?? []) {
      this.increments += 1;
      this.incrementMs += increment.ms;
      this.incrementMessages += increment.messages ?? 0;
    }
    for (const slice of batch.slices ?? []) {
      this.slices += 1;
      this.sliceMs += slice.ms;
      this.sliceMessages += slice.messages;
    }
    return this.#forward ? this.#store.recordActivity(batch) : Promise.resolve();
  }
  addActivity(increments: readonly ActivityIncrement[]) {
    return this.#store.addActivity(increments);
  }
  readActivityTotals(query: ActivityTotalsQuery) {
    return this.#store.readActivityTotals(query);
  }
  readChannelTotals(query: ActivityBreakdownQuery & { readonly limit?: number }) {
    return this.#store.readChannelTotals(query);
  }
  readHourTotals(query: ActivityBreakdownQuery) {
    return this.#store.readHourTotals(query);
  }
  readActivitySummary(query: ActivityBreakdownQuery) {
    return this.#store.readActivitySummary(query);
  }
  listSessionCheckpoints(guildId?: string) {
    return this.#store.listSessionCheckpoints(guildId);
  }
}

/**
 * With details on, the tracker must have written the same time and messages by channel and hour
 * as by day, and every message of the traffic.
 */
function checkWrites(written: CountingStore, traffic: Traffic, details: boolean, where: string): void {
  const messages = traffic.messages.length;
  if (written.incrementMessages !== messages)
    throw new Error(`${where}: ${written.incrementMessages} messages in the daily totals, not ${messages}`);
  if (!details) {
    if (written.slices !== 0) throw new Error(`${where}: slices written with details off`);
    return;
  }
  if (written.sliceMs !== written.incrementMs || written.sliceMessages !== messages)
    throw new Error(
      `${where}: slices hold ${written.sliceMs} ms and ${written.sliceMessages} messages, the daily totals ${written.incrementMs} ms and ${messages}`,
    );
}

/**
 * The tracker in memory, nothing written until close() (not timed), as `inMemory` in
 * tracker.bench.ts; the store at close only counts what it is given (the time is checked).
 */
async function inMemoryRun(details: boolean, events: Traffic): Promise<number> {
  const written = new CountingStore(undefined);
  gc();
  const tracker = new ActivityTracker({
    store: written,
    flushIntervalMs: 0,
    maxPending: 10_000_000,
    now: () => (events.voice[0] as VoiceStateEvent).at,
    timeZone: TIME_ZONE,
    details,
  });
  const started = performance.now();
  feed(tracker, events, 0, events.voice.length);
  const rate = eventsOf(events) / ((performance.now() - started) / 1000);
  await tracker.close();
  checkWrites(written, events, details, `in memory, details ${details ? 'on' : 'off'}`);
  return rate;
}

interface SustainedRun {
  readonly rate: number;
  readonly writes: number;
  readonly increments: number;
  readonly slices: number;
}

/**
 * The tracker on a store, flushing every 50,000 voice events, close() included, as `sustained` in
 * tracker.bench.ts. The flushes come from the loop only (maxPending is out of reach), so both
 * sides write as often.
 */
async function sustainedRun(store: Store, details: boolean, events: Traffic): Promise<SustainedRun> {
  const written = new CountingStore(store);
  gc();
  let clock = (events.voice[0] as VoiceStateEvent).at;
  const tracker = new ActivityTracker({
    store: written,
    flushIntervalMs: 0,
    maxPending: 10_000_000,
    now: () => clock,
    timeZone: TIME_ZONE,
    details,
  });
  const started = performance.now();
  for (let from = 0; from < events.voice.length; from += FLUSH_EVERY) {
    const to = Math.min(events.voice.length, from + FLUSH_EVERY);
    feed(tracker, events, from, to);
    clock = (events.voice[to - 1] as VoiceStateEvent).at;
    await tracker.flush();
  }
  await tracker.close();
  const rate = eventsOf(events) / ((performance.now() - started) / 1000);
  checkWrites(written, events, details, `sustained, details ${details ? 'on' : 'off'}`);
  return { rate, writes: written.writes, increments: written.increments, slices: written.slices };
}

interface PairedFigures {
  readonly on: number[];
  readonly off: number[];
}

/** Pairs in turn, on then off, after one pair that warms up (not counted). */
async function pairs(run: (details: boolean, index: number) => Promise<number>): Promise<PairedFigures> {
  const figures: PairedFigures = { on: [], off: [] };
  let index = 0;
  for (let pair = -1; pair < PAIRS; pair += 1) {
    const on = await run(true, index++);
    const off = await run(false, index++);
    if (pair >= 0) {
      figures.on.push(on);
      figures.off.push(off);
    }
  }
  return figures;
}

const rate = (value: number) => `${Math.round(value).toLocaleString('en')} events/s`;
const ratio = (value: number) => `${value.toFixed(2)}x`;

/** A row of the tracker's table: both sides' medians, and on/off pair by pair. */
/**
 * A row of the tracker's table. The target is the tracker's own rate (in memory); on a
 * store, the rate is the tracker's and its store's writes together, given beside, with how it
 * stands against the same 20%.
 */
function trackerRow(name: string, figures: PairedFigures, onAStore = false): string[] {
  const ratios = figures.on.map((on, i) => on / (figures.off[i] as number));
  const middle = median(ratios);
  const within = middle >= 0.8;
  return [
    name,
    rate(median(figures.on)),
    rate(median(figures.off)),
    `**${ratio(middle)}** (${ratio(Math.min(...ratios))}–${ratio(Math.max(...ratios))})`,
    onAStore
      ? `beside (tracker and store's writes together): ${within ? 'within' : '**not within**'} 20%`
      : `≥ 0.80x (at most 20% slower): ${within ? 'met' : '**not met**'}`,
  ];
}

// ---------------------------------------------------------------------------------------------
// 2. A year of sessions, the heatmap and the top channels
// ---------------------------------------------------------------------------------------------

const FIRST_DAY = '2025-12-01';
const YEAR = 365;
/** The first day after the year: ranges end here (exclusive). */
const END_DAY = days.add(FIRST_DAY, YEAR); // 2026-12-01
const RANGES = [
  { label: 'last 30 days', startDay: days.add(END_DAY, -30), endDay: END_DAY },
  { label: '365 days', startDay: FIRST_DAY, endDay: END_DAY },
] as const;
/**
 * The ranges' first and last instants, written out (all three days are on Berlin's winter time,
 * UTC+1) so that the checks below do not lean on DayCalendar; the bench checks that it agrees.
 */
const MIDNIGHTS = new Map(
  [FIRST_DAY, RANGES[0].startDay, END_DAY].map((day) => [day, Date.parse(`${day}T00:00:00+01:00`)]),
);
/** How busy each hour of the day is (evenings most). */
const HOUR_WEIGHTS = [2, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 7, 8, 8, 8, 8, 9, 10, 12, 14, 16, 16, 12, 6];

interface Sessions {
  readonly member: Int32Array;
  readonly channel: Int8Array;
  /** The index of the day it starts on. */
  readonly day: Int16Array;
  readonly start: Float64Array;
  readonly end: Float64Array;
  /** Each day's first instant on the guild's clock, and the day after the year's. */
  readonly midnights: Float64Array;
  readonly dayKeys: readonly string[];
}

/**
 * A year of sessions, in order of start: a seeded PRNG; some members and rooms far busier than
 * others, evenings and weekends busier; 5 to 180 minutes each.
 */
function yearOfSessions(count: number): Sessions {
  const random = prng(19);
  const calendar = new DayCalendar(TIME_ZONE);
  const dayKeys = Array.from({ length: YEAR + 1 }, (_, d) => days.add(FIRST_DAY, d));
  const midnights = Float64Array.from(dayKeys, (day) => calendar.boundsOf(Date.parse(`${day}T12:00:00Z`)).start);
  const dayWeights = dayKeys.slice(0, YEAR).map((day) => ([0, 6].includes(days.weekday(day)) ? 1.3 : 1));
  const weightSum = dayWeights.reduce((sum, weight) => sum + weight, 0);
  const hourSum = HOUR_WEIGHTS.reduce((sum, weight) => sum + weight, 0);
  const sessions: Sessions = {
    member: new Int32Array(count),
    channel: new Int8Array(count),
    day: new Int16Array(count),
    start: new Float64Array(count),
    end: new Float64Array(count),
    midnights,
    dayKeys,
  };
  let made = 0;
  let weightSoFar = 0;
  for (let d = 0; d < YEAR; d += 1) {
    weightSoFar += dayWeights[d] as number;
    const until = d === YEAR - 1 ? count : Math.floor((count * weightSoFar) / weightSum);
    const dayStart = midnights[d] as number;
    const dayLength = (midnights[d + 1] as number) - dayStart;
    const starts: number[] = [];
    for (let i = made; i < until; i += 1) {
      let pick = random() * hourSum;
      let hour = 0;
      while (pick >= (HOUR_WEIGHTS[hour] as number)) pick -= HOUR_WEIGHTS[hour++] as number;
      // A share of the day's length (23 or 25 hours on the days the clocks change): never the next day.
      starts.push(dayStart + Math.floor(((hour + random()) / 24) * dayLength));
    }
    starts.sort((a, b) => a - b);
    for (const start of starts) {
      sessions.member[made] = Math.floor(random() ** 1.5 * MEMBERS);
      sessions.channel[made] = Math.floor(random() ** 1.5 * CHANNELS);
      sessions.day[made] = d;
      sessions.start[made] = start;
      sessions.end[made] = start + 300_000 + Math.floor(random() * 10_500_001);
      made += 1;
    }
  }
  return sessions;
}

/**
 * Calls `visit` with each (day, hour) piece of session `i`, from DayCalendar.splitHours. Two
 * calendars, one for even days and one for odd: a calendar keeps the day it looked up last, and
 * looking up another costs about 0.1 ms, so sessions over midnight go to the next day's.
 */
function piecesOf(
  sessions: Sessions,
  calendars: readonly [DayCalendar, DayCalendar],
  i: number,
  visit: (day: string, hour: number, ms: number) => void,
): void {
  const d = sessions.day[i] as number;
  const start = sessions.start[i] as number;
  const end = sessions.end[i] as number;
  const midnight = sessions.midnights[d + 1] as number;
  for (const piece of calendars[d % 2]?.splitHours(start, Math.min(end, midnight)) ?? [])
    visit(piece.day, piece.hour, piece.ms);
  if (end > midnight)
    for (const piece of calendars[(d + 1) % 2]?.splitHours(midnight, end) ?? []) visit(piece.day, piece.hour, piece.ms);
}

interface Expected {
  /** The heatmap's cells, from the pieces, per range: [guild, member]. */
  readonly heatmaps: Float64Array[][];
  /** Time per channel, from the sessions' overlap with the range (not the pieces), per range: [guild, member]. */
  readonly channelMs: Float64Array[][];
  readonly slices: number;
  readonly increments: number;
}

const inRange = (day: string, range: (typeof RANGES)[number]) => day >= range.startDay && day < range.endDay;

/** What the reads must give, worked out from the generator alone. */
function expectedOf(sessions: Sessions, watched: number): Expected {
  const calendars = [new DayCalendar(TIME_ZONE), new DayCalendar(TIME_ZONE)] as const;
  const heatmaps = RANGES.map(() => [new Float64Array(7 * 24), new Float64Array(7 * 24)]);
  const channelMs = RANGES.map(() => [new Float64Array(CHANNELS), new Float64Array(CHANNELS)]);
  const bounds = RANGES.map((range) => {
    const from = MIDNIGHTS.get(range.startDay) as number;
    const to = MIDNIGHTS.get(range.endDay) as number;
    const first = sessions.midnights[sessions.dayKeys.indexOf(range.startDay)];
    const last = sessions.midnights[sessions.dayKeys.indexOf(range.endDay)];
    if (from !== first || to !== last) throw new Error(`DayCalendar puts ${range.label}'s midnights elsewhere`);
    return [from, to] as const;
  });
  let slices = 0;
  let increments = 0;
  const dailyKeys = new Set<string>();
  let batchStart = 0;
  for (let i = 0; i < sessions.start.length; i += 1) {
    if (i - batchStart === SESSIONS_A_BATCH) {
      batchStart = i;
      increments += dailyKeys.size;
      dailyKeys.clear();
    }
    const member = sessions.member[i] as number;
    const start = sessions.start[i] as number;
    const end = sessions.end[i] as number;
    const mine = member === watched;
    piecesOf(sessions, calendars, i, (day, hour, ms) => {
      slices += 1;
      dailyKeys.add(`${member}|${day}`);
      for (const [r, range] of RANGES.entries()) {
        if (!inRange(day, range)) continue;
        const cell = ((days.weekday(day) + 6) % 7) * 24 + hour; // weeks start on Monday
        const maps = heatmaps[r] as Float64Array[];
        (maps[0] as Float64Array)[cell] = ((maps[0] as Float64Array)[cell] as number) + ms;
        if (mine) (maps[1] as Float64Array)[cell] = ((maps[1] as Float64Array)[cell] as number) + ms;
      }
    });
    for (const [r, [from, to]] of bounds.entries()) {
      const overlap = Math.min(end, to) - Math.max(start, from);
      if (overlap <= 0) continue;
      const perChannel = channelMs[r] as Float64Array[];
      const channel = sessions.channel[i] as number;
      (perChannel[0] as Float64Array)[channel] = ((perChannel[0] as Float64Array)[channel] as number) + overlap;
      if (mine)
        (perChannel[1] as Float64Array)[channel] = ((perChannel[1] as Float64Array)[channel] as number) + overlap;
    }
  }
  increments += dailyKeys.size;
  return { heatmaps, channelMs, slices, increments };
}

/** Batches of 20,000 sessions as a tracker would write them: daily totals and slices, one write each. */
function* batchesOf(sessions: Sessions): Generator<ActivityBatch> {
  const calendars = [new DayCalendar(TIME_ZONE), new DayCalendar(TIME_ZONE)] as const;
  for (let from = 0; from < sessions.start.length; from += SESSIONS_A_BATCH) {
    const daily = new Map<string, { guildId: string; userId: string; day: string; ms: number }>();
    const slices: ActivitySlice[] = [];
    for (let i = from; i < Math.min(sessions.start.length, from + SESSIONS_A_BATCH); i += 1) {
      const userId = userIds[sessions.member[i] as number] as string;
      const channelId = (channels[sessions.channel[i] as number] as (typeof channels)[number]).id;
      piecesOf(sessions, calendars, i, (day, hour, ms) => {
        slices.push({ guildId, userId, channelId, day, hour, ms, messages: 0 });
        const key = `${userId}|${day}`;
        const total = daily.get(key);
        if (total === undefined) daily.set(key, { guildId, userId, day, ms });
        else total.ms += ms;
      });
    }
    yield { increments: [...daily.values()], slices };
  }
}

/** The tables of the activity: the daily totals, then the details. */
const TABLES = ['activity_daily', 'activity_slices', 'guild_channels', 'guild_hours'] as const;

interface YearStore {
  readonly name: string;
  store: Store;
  /**
   * Leaves the database as a year of writes leaves it: SQLite's write-ahead log folded into the file
   * (closed and opened again); PostgreSQL's tables vacuumed and analysed (what autovacuum does) and
   * a checkpoint taken, so that none runs under the reads.
   */
  settle(): Promise<void>;
  /** Rows and bytes (indexes included) per table. */
  tables(): Promise<Map<string, { rows: number; bytes: number }>>;
  /** The whole database's bytes. */
  size(): Promise<number>;
}

async function sqliteYear(folder: string): Promise<YearStore> {
  const filename = join(folder, 'year.db');
  const bytes = (file: string) => {
    try {
      return statSync(file).size;
    } catch {
      return 0;
    }
  };
  const entry: YearStore = {
    name: 'sqlite (file, WAL)',
    store: await SqliteStore.open({ filename }),
    async settle() {
      await entry.store.close();
      entry.store = await SqliteStore.open({ filename });
    },
    async tables() {
      const database = new Database(filename, { readonly: true });
      try {
        const pages = database
          .prepare<[], { table: string; bytes: number }>(
            'select m.tbl_name as "table", sum(s.pgsize) as bytes from dbstat s join sqlite_schema m on m.name = s.name group by m.tbl_name',
          )
          .all();
        return new Map(
          TABLES.map((table) => [
            table,
            {
              rows: (database.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n,
              bytes: pages.find((row) => row.table === table)?.bytes ?? 0,
            },
          ]),
        );
      } finally {
        database.close();
      }
    },
    async size() {
      return bytes(filename) + bytes(`${filename}-wal`);
    },
  };
  return entry;
}

async function postgresYear(server: PostgresServer): Promise<YearStore> {
  const connectionString = await server.newDatabase();
  const admin = async <T>(run: (client: pg.Client) => Promise<T>) => {
    const client = new pg.Client({ connectionString });
    await client.connect();
    try {
      return await run(client);
    } finally {
      await client.end();
    }
  };
  return {
    name: 'postgres (loopback, durable)',
    store: await PostgresStore.open({ connectionString }),
    async settle() {
      await admin(async (client) => {
        await client.query(`vacuum analyze ${TABLES.join(', ')}`);
        // Needs a superuser (the throwaway cluster's user is one); without, the server's own checkpoints run.
        await client.query('checkpoint').catch(() => {});
      });
    },
    tables: () =>
      admin(async (client) => {
        const sizes = new Map<string, { rows: number; bytes: number }>();
        for (const table of TABLES) {
          const { rows } = await client.query<{ rows: string; bytes: string }>(
            `select (select count(*) from ${table}) as rows, pg_total_relation_size('${table}') as bytes`,
          );
          sizes.set(table, { rows: Number(rows[0]?.rows), bytes: Number(rows[0]?.bytes) });
        }
        return sizes;
      }),
    size: () =>
      admin(async (client) =>
        Number(
          (await client.query<{ bytes: string }>('select pg_database_size(current_database()) as bytes')).rows[0]
            ?.bytes,
        ),
      ),
  };
}

interface Read {
  readonly what: string;
  readonly who: 'guild' | 'member';
  readonly range: number;
  /** Whether issue 19's targets are about it (today's readActivityTotals is only beside them). */
  readonly targeted: boolean;
  /** The read, with what is done with it; returns the rows the store gave. */
  run(store: Store): Promise<{ rows: number; result: unknown }>;
  check(result: unknown): void;
}

/** The reads timed over the year, each checked against the generator's figures. */
function reads(expected: Expected, watchedId: string): Read[] {
  const list: Read[] = [];
  const total = (r: number, w: number) =>
    ((expected.channelMs[r] as Float64Array[])[w] as Float64Array).reduce((sum, ms) => sum + ms, 0);
  for (const who of ['guild', 'member'] as const) {
    const w = who === 'guild' ? 0 : 1;
    const userId = who === 'guild' ? {} : { userId: watchedId };
    for (const [r, range] of RANGES.entries()) {
      const query = { guildId, startDay: range.startDay, endDay: range.endDay, ...userId };
      const where = `${who}, ${range.label}`;
      list.push({
        what: 'heatmap: readHourTotals + activityHeatmap',
        who,
        range: r,
        targeted: true,
        async run(store) {
          const hours = await store.readHourTotals(query);
          return { rows: hours.length, result: activityHeatmap(hours, { weekStartsOn: 1 }) };
        },
        check(result) {
          const heatmap = result as ReturnType<typeof activityHeatmap>;
          const cells = (expected.heatmaps[r] as Float64Array[])[w] as Float64Array;
          let sum = 0;
          for (let row = 0; row < 7; row += 1)
            for (let hour = 0; hour < 24; hour += 1) {
              const ms = heatmap.ms[row]?.[hour] as number;
              sum += ms;
              if (ms !== cells[row * 24 + hour] || heatmap.messages[row]?.[hour] !== 0)
                throw new Error(`heatmap, ${where}: ${ms} ms at ${row}/${hour}, not ${cells[row * 24 + hour]}`);
            }
          if (sum !== total(r, w)) throw new Error(`heatmap, ${where}: ${sum} ms in all, the sessions ${total(r, w)}`);
        },
      });
      list.push({
        what: 'top 10 channels: readChannelTotals',
        who,
        range: r,
        targeted: true,
        async run(store) {
          const top = await store.readChannelTotals({ ...query, limit: 10 });
          return { rows: top.length, result: top };
        },
        check(result) {
          const perChannel = (expected.channelMs[r] as Float64Array[])[w] as Float64Array;
          const want = [...perChannel]
            .map((ms, channel) => ({ channelId: (channels[channel] as (typeof channels)[number]).id, ms, messages: 0 }))
            .filter((row) => row.ms > 0)
            .sort((a, b) => b.ms - a.ms || (a.channelId < b.channelId ? -1 : 1))
            .slice(0, 10);
          if (JSON.stringify(result) !== JSON.stringify(want))
            throw new Error(`top channels, ${where}: ${JSON.stringify(result)}, not ${JSON.stringify(want)}`);
        },
      });
      list.push({
        what: "today's figures: readActivityTotals",
        who,
        range: r,
        targeted: false,
        async run(store) {
          const totals = await store.readActivityTotals({
            guildId,
            startDay: range.startDay,
            endDay: range.endDay,
            ...(who === 'member' ? { userIds: [watchedId] } : {}),
          });
          return { rows: totals.length, result: totals };
        },
        check(result) {
          const sum = (result as { ms: number }[]).reduce((all, row) => all + row.ms, 0);
          if (sum !== total(r, w))
            throw new Error(`readActivityTotals, ${where}: ${sum} ms in all, the sessions ${total(r, w)}`);
        },
      });
    }
  }
  return list.sort((a, b) => (a.who === b.who ? 0 : a.who === 'guild' ? -1 : 1));
}

/**
 * Each read on each store: one that is checked, one more to warm up, then `RUNS` rounds of every
 * read on every store in turn, so that a slow spell of the machine falls on all of them.
 * Returns each (store, read)'s median, and the rows it read.
 */
async function timeReads(
  stores: readonly YearStore[],
  list: readonly Read[],
): Promise<{ medians: number[][]; rows: number[][] }> {
  const times = stores.map(() => list.map(() => [] as number[]));
  const rows = stores.map(() => list.map(() => 0));
  for (let round = -2; round < RUNS; round += 1) {
    for (const [s, { store }] of stores.entries()) {
      for (const [q, read] of list.entries()) {
        const started = performance.now();
        const { rows: count, result } = await read.run(store);
        const ms = performance.now() - started;
        if (round === -2) {
          read.check(result);
          (rows[s] as number[])[q] = count;
        }
        if (round >= 0) (times[s] as number[][])[q]?.push(ms);
      }
    }
  }
  return { medians: times.map((perRead) => perRead.map(median)), rows };
}

// ---------------------------------------------------------------------------------------------
// The run
// ---------------------------------------------------------------------------------------------

const started = runTime(new Date());
const folder = mkdtempSync(join(tmpdir(), 'guildkit-details-'));
const postgres = openPostgres(folder);
cleanUpOnInterrupt(folder, postgres);
const header = [
  `# Details benchmark, ${started.time} UTC`,
  '',
  `${cpus().length} cores (${cpus()[0]?.model.trim()}), Node.js ${process.version}; guild time zone ${TIME_ZONE}.`,
  `Load average (1, 5, 15 min) at the start: ${loadAverage()}.`,
];
console.log(header.join('\n'));
if (postgres === undefined) console.log('postgres: skipped (set DATABASE_URL, or install PostgreSQL: .ci/setup does)');
const mib = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MiB`;
const count = (value: number) => Math.round(value).toLocaleString('en');
const lines: string[] = [];

try {
  // 1. The tracker, details on and off.
  const span = (eventCount: number) => ((eventCount * EVENT_GAP_MS) / 3_600_000).toFixed(1);
  const clock = (start: number, eventCount: number) =>
    `${clockOf.format(start)}–${clockOf.format(start + eventCount * EVENT_GAP_MS)}`;
  const trackerRows: string[][] = [];
  const pairRows: string[][] = Array.from({ length: PAIRS }, (_, pair) => [String(pair + 1)]);
  const addPairs = (figures: PairedFigures) => {
    for (const [pair, row] of pairRows.entries()) {
      const on = figures.on[pair] as number;
      const off = figures.off[pair] as number;
      row.push(count(on), count(off), ratio(on / off));
    }
  };
  const acrossMidnight = MIDNIGHT - Math.floor((MIDNIGHT_EVENTS * EVENT_GAP_MS) / 2);
  const memoryKinds = [
    { name: `in memory (no flush): ${clock(DAY_START, EVENTS)}`, start: DAY_START, eventCount: EVENTS },
    {
      name: `in memory (no flush): ${clock(acrossMidnight, MIDNIGHT_EVENTS)}, across midnight`,
      start: acrossMidnight,
      eventCount: MIDNIGHT_EVENTS,
    },
  ];
  for (const { name, start, eventCount } of memoryKinds) {
    console.log(`\n${name}: ${PAIRS} pairs and one to warm up…`);
    const events = traffic(eventCount, start);
    const memory = await pairs((details) => inMemoryRun(details, events));
    trackerRows.push(trackerRow(name, memory));
    addPairs(memory);
  }

  const sustainedStores: { name: string; store: Store }[] = [
    { name: 'sqlite (file, WAL)', store: await SqliteStore.open({ filename: join(folder, 'sustained.db') }) },
  ];
  if (postgres !== undefined)
    sustainedStores.push({
      name: 'postgres (loopback, durable)',
      store: await PostgresStore.open({ connectionString: await postgres.newDatabase() }),
    });
  const flushNotes: string[] = [];
  for (const { name, store } of sustainedStores) {
    console.log(`${name}: ${PAIRS} pairs and one to warm up…`);
    const written = { on: [] as SustainedRun[], off: [] as SustainedRun[] };
    // Each run's traffic a day later than the one before, so that every run writes new days and
    // hours, as a running bot does: none only updates the rows of the run before.
    const figures = await pairs(async (details, index) => {
      const run = await sustainedRun(store, details, traffic(STORE_EVENTS, DAY_START + index * 86_400_000));
      written[details ? 'on' : 'off'].push(run);
      return run.rate;
    });
    await store.close();
    trackerRows.push(
      trackerRow(`${name}: sustained, flushing every 50k events, ${clock(DAY_START, STORE_EVENTS)}`, figures, true),
    );
    addPairs(figures);
    const [on, off] = [written.on[0], written.off[0]] as [SustainedRun, SustainedRun];
    flushNotes.push(
      `${name}: ${on.writes} writes a run (flushes and close); a write holds about ${count(on.increments / on.writes)} daily totals and ${count(on.slices / on.writes)} slices with details on, ${count(off.increments / off.writes)} daily totals with them off.`,
    );
  }
  const messages = Math.floor(EVENTS / VOICE_PER_MESSAGE);
  lines.push(
    '',
    '## The tracker, details on and off',
    '',
    `${count(EVENTS)} voice events (10,000 members, 20 rooms; joins, moves, mutes and leaves ${EVENT_GAP_MS} ms apart: ${span(EVENTS)} hours of ${TIME_ZONE}'s clock) and ${count(messages)} messages (one every ${VOICE_PER_MESSAGE} voice events), both sides the same; the rate counts both.`,
    `In memory twice: within one day, and the first ${count(MIDNIGHT_EVENTS)} voice events of the same traffic (${span(MIDNIGHT_EVENTS)} hours) across midnight. On the stores: ${count(STORE_EVENTS)} voice events (${span(STORE_EVENTS)} hours, within one day) and ${count(Math.floor(STORE_EVENTS / VOICE_PER_MESSAGE))} messages a run, flushed every 50,000 voice events and closed, each run a day later than the one before (new rows, as a running bot writes).`,
    `${PAIRS} pairs in turn (on, off, on, off, …) after one pair that warms up; rates are each side's median, on/off is taken pair by pair (median, min–max).`,
    '',
    ...formatTable(['measure', 'details on', 'details off', 'on/off, pair by pair', 'target'], trackerRows),
    '',
    ...flushNotes,
    '',
    ...formatTable(
      [
        'pair',
        ...['in memory', 'across midnight', ...sustainedStores.map(({ name }) => name.split(' ')[0] as string)].flatMap(
          (name) => [`${name}: on`, 'off', 'on/off'],
        ),
      ],
      pairRows,
    ),
  );

  // 2. A year of sessions, the heatmap and the top channels.
  console.log(`\n${count(SESSIONS)} sessions over ${YEAR} days…`);
  const sessions = yearOfSessions(SESSIONS);
  const perMember = new Int32Array(MEMBERS);
  for (const member of sessions.member) perMember[member] = (perMember[member] as number) + 1;
  const watched = perMember.indexOf(Math.max(...perMember));
  const watchedId = userIds[watched] as string;
  const expected = expectedOf(sessions, watched);
  const yearStores = [await sqliteYear(folder)];
  if (postgres !== undefined) yearStores.push(await postgresYear(postgres));
  const fillRows: string[][] = [];
  for (const entry of yearStores) {
    console.log(`${entry.name}: filling…`);
    let writing = 0;
    const wall = performance.now();
    for (const batch of batchesOf(sessions)) {
      const before = performance.now();
      await entry.store.recordActivity(batch);
      writing += performance.now() - before;
    }
    const wallSeconds = (performance.now() - wall) / 1000;
    await entry.settle();
    const tables = await entry.tables();
    const rowsOf = (table: string) => tables.get(table)?.rows ?? 0;
    const details = TABLES.slice(1).reduce((sum, table) => sum + (tables.get(table)?.bytes ?? 0), 0);
    const daily = tables.get('activity_daily')?.bytes ?? 0;
    fillRows.push([
      entry.name,
      `${(writing / 1000).toFixed(1)} s (${count(SESSIONS / (writing / 1000))} sessions/s; ${wallSeconds.toFixed(1)} s with the batches' making)`,
      TABLES.map((table) => count(rowsOf(table))).join(' / '),
      mib(await entry.size()),
      `${mib(details)} (daily totals ${mib(daily)})`,
    ]);
  }
  gc();
  console.log(`timing the reads: 2 to check and warm up, then ${RUNS} rounds…`);
  const list = reads(expected, watchedId);
  const { medians, rows } = await timeReads(yearStores, list);
  const limits = [50, 100];
  const readRows = list.map((read, q) => {
    const figures = yearStores.map((_, s) => medians[s]?.[q] as number);
    const met = figures.map((ms, s) => (ms <= (limits[s] as number) ? 'met' : '**not met**'));
    return [
      read.what,
      read.who === 'guild' ? 'the guild' : `one member (${count(perMember[watched] as number)} sessions)`,
      RANGES[read.range]?.label as string,
      yearStores.map((_, s) => count(rows[s]?.[q] as number)).join(' / '),
      ...figures.map((ms) => `${ms.toFixed(1)} ms`),
      read.targeted ? `≤ ${limits.slice(0, yearStores.length).join(' / ')} ms: ${met.join(', ')}` : 'none (beside)',
    ];
  });
  lines.push(
    '',
    '## A year of sessions: the heatmap and the top channels',
    '',
    `${count(SESSIONS)} voice sessions in one guild (10,000 members, 20 rooms, some far busier than others; evenings and weekends busier; 5–180 minutes) over the ${YEAR} days from ${FIRST_DAY}, split at the hours of ${TIME_ZONE}'s clock by DayCalendar.splitHours: ${count(expected.slices)} slices, ${count(expected.increments)} daily totals, written with recordActivity ${count(SESSIONS_A_BATCH)} sessions a batch, in order of time.`,
    `Then the database is settled (SQLite: closed and opened again, its log folded into the file; PostgreSQL: vacuum analyze, checkpoint) and each read runs once to be checked against the generator's own figures (the heatmap cell by cell, its total and the channels' from the sessions' minutes in the range), once more to warm up, then ${RUNS} rounds of every read on every store in turn: the median.`,
    `"Rows read" is what the store returned (hours, channels or members). The member is the busiest; "last 30 days" is ${RANGES[0].startDay} to ${days.add(END_DAY, -1)}.`,
    '',
    ...formatTable(
      ['store', 'fill (time in recordActivity)', `rows: ${TABLES.join(' / ')}`, 'database', 'details tables'],
      fillRows,
    ),
    '',
    ...formatTable(['read', 'for', 'days', 'rows read', ...yearStores.map(({ name }) => name), 'target'], readRows),
  );
  for (const { store } of yearStores) await store.close();
  lines.push('', `Load average at the end: ${loadAverage()}.`);
  writeResults(
    process.env.BENCH_DETAILS_OUT ?? new URL('./results', import.meta.url).pathname,
    `details-${started.stamp}.md`,
    [...header, ...lines],
    header.length,
  );
} finally {
  await postgres?.close();
  rmSync(folder, { recursive: true, force: true });
}
