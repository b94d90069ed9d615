// ActivityTracker throughput and memory, beside the seed bot's way (one store write per leave).
// Run: pnpm bench (all), or node --expose-gc --conditions=@guildkit/source tracker.bench.ts
import { ActivityTracker, type GuildkitStore, MemoryStore, type VoiceStateEvent } from '@guildkit/core';
import { closeAll, openStores } from './stores.ts';
import { median, printTable } from './table.ts';

const guildId = '1100000000000000001';
const channels = Array.from({ length: 20 }, (_, i) => ({
  id: String(1_300_000_000_000_000_000n + BigInt(i)),
  name: `room ${i}`,
  parentId: null,
}));
const users = (count: number) =>
  Array.from({ length: count }, (_, i) => String(1_200_000_000_000_000_000n + BigInt(i)));
const START = Date.parse('2026-11-25T10:00:00Z');

/** A day of traffic: members join, mute, move and leave, a second apart. */
function traffic(eventCount: number, memberCount: number): VoiceStateEvent[] {
  const ids = users(memberCount);
  const where = new Array<number>(memberCount).fill(-1);
  const events: VoiceStateEvent[] = [];
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  for (let i = 0; i < eventCount; i += 1) {
    const member = Math.floor(random() * memberCount);
    const roll = random();
    const current = where[member] as number;
    const next =
      current === -1
        ? Math.floor(random() * channels.length)
        : roll < 0.4
          ? -1
          : roll < 0.7
            ? Math.floor(random() * channels.length)
            : current;
    where[member] = next;
    events.push({
      guildId,
      userId: ids[member] as string,
      channel: next === -1 ? null : (channels[next] as (typeof channels)[number]),
      at: START + i * 10,
      selfMute: roll > 0.85,
      selfDeaf: false,
      serverMute: false,
      serverDeaf: false,
      bot: false,
      afkChannelId: null,
    });
  }
  return events;
}

async function inMemory(events: readonly VoiceStateEvent[]): Promise<number> {
  const rates: number[] = [];
  for (let run = 0; run < 5; run += 1) {
    const tracker = new ActivityTracker({
      store: new MemoryStore(),
      flushIntervalMs: 0,
      maxPending: 10_000_000,
      now: () => START,
    });
    const started = performance.now();
    for (const event of events) tracker.apply(event);
    rates.push(events.length / ((performance.now() - started) / 1000));
    await tracker.close();
  }
  return median(rates);
}

async function sustained(
  store: GuildkitStore,
  events: readonly VoiceStateEvent[],
  flushEvery: number,
): Promise<number> {
  let clock = START;
  const tracker = new ActivityTracker({ store, flushIntervalMs: 0, now: () => clock });
  const started = performance.now();
  for (let i = 0; i < events.length; i += 1) {
    tracker.apply(events[i] as VoiceStateEvent);
    if ((i + 1) % flushEvery === 0) {
      clock = (events[i] as VoiceStateEvent).at;
      await tracker.flush();
    }
  }
  await tracker.close();
  return events.length / ((performance.now() - started) / 1000);
}

/**
 * As a running bot: the tracker's own timers flush (every 5 s) and checkpoint (every 30 s) while
 * events arrive as fast as the loop takes them, for `seconds` of wall time; close() included.
 * Events repeat the traffic with later times, each a new object (as discord.js makes them).
 */
async function withTimers(store: GuildkitStore, events: readonly VoiceStateEvent[], seconds: number): Promise<number> {
  const span = (events.at(-1)?.at ?? START) - START + 10;
  let clock = START;
  const tracker = new ActivityTracker({ store, now: () => clock });
  const started = performance.now();
  let applied = 0;
  for (let round = 0; performance.now() - started < seconds * 1000; round += 1) {
    for (let i = 0; i < events.length; i += 1) {
      const event = events[i] as VoiceStateEvent;
      clock = event.at + round * span;
      tracker.apply({ ...event, at: clock });
      // Let the timers and the store's I/O run, as an event loop does between gateway messages.
      if (i % 5_000 === 4_999) await new Promise((resolve) => setImmediate(resolve));
    }
    applied += events.length;
  }
  await tracker.close();
  return applied / ((performance.now() - started) / 1000);
}

/** The seed bot's way: on every leave, one write of that session's time. */
async function perLeaveWrites(store: GuildkitStore, events: readonly VoiceStateEvent[]): Promise<number> {
  const joined = new Map<string, number>();
  const started = performance.now();
  for (const event of events) {
    if (event.channel !== null) {
      if (!joined.has(event.userId)) joined.set(event.userId, event.at);
      continue;
    }
    const since = joined.get(event.userId);
    if (since === undefined) continue;
    joined.delete(event.userId);
    await store.addActivity([{ guildId, userId: event.userId, day: '2026-11-25', ms: event.at - since }]);
  }
  return events.length / ((performance.now() - started) / 1000);
}

/** Median of 5 flushes, after 2 that warm the code up (as a running bot's flushes are). */
async function flushOf(store: GuildkitStore, members: number): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < 7; run += 1) {
    const tracker = new ActivityTracker({ store, flushIntervalMs: 0, maxPending: 10_000_000, now: () => START });
    const ids = users(members);
    for (const [i, userId] of ids.entries()) {
      const base = {
        guildId,
        userId,
        selfMute: false,
        selfDeaf: false,
        serverMute: false,
        serverDeaf: false,
        bot: false,
        afkChannelId: null,
      };
      tracker.apply({
        ...base,
        channel: channels[i % channels.length] as (typeof channels)[number],
        at: START + run * 100_000,
      });
      tracker.apply({ ...base, channel: null, at: START + run * 100_000 + 60_000 });
    }
    const started = performance.now();
    await tracker.flush();
    if (run >= 2) times.push(performance.now() - started);
  }
  return median(times);
}

function bytesPerOpenSession(count: number): number | undefined {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return undefined;
  // The tracker keeps its members in typed arrays, whose memory is outside the JS heap: count both.
  const used = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  gc();
  const before = used();
  const tracker = new ActivityTracker({ store: new MemoryStore(), flushIntervalMs: 0, now: () => START });
  for (const [i, userId] of users(count).entries()) {
    tracker.apply({
      guildId,
      userId,
      channel: channels[i % channels.length] as (typeof channels)[number],
      at: START,
      selfMute: false,
      selfDeaf: false,
      serverMute: false,
      serverDeaf: false,
      bot: false,
      afkChannelId: null,
    });
  }
  gc();
  const bytes = (used() - before) / count;
  if (tracker.stats().openSessions !== count) throw new Error('sessions missing');
  return bytes;
}

const EVENTS = Number(process.env.BENCH_TRACKER_EVENTS ?? 500_000);
const events = traffic(EVENTS, 10_000);
const rows: string[][] = [];
rows.push([
  'in memory (MemoryStore, no flush)',
  `${Math.round(await inMemory(events)).toLocaleString('en')} events/s`,
  '',
  '',
]);
const perOpen = bytesPerOpenSession(100_000);
rows.push([
  'memory per open session (100k open; heap and typed arrays)',
  perOpen === undefined ? 'run with --expose-gc' : `${Math.round(perOpen)} bytes`,
  '',
  '',
]);
const stores = await openStores(['sqlite', 'sqlite-full', 'postgres']);
const perStoreEvents = events.slice(0, Math.min(EVENTS, 200_000));
const seedEvents = events.slice(0, 20_000);
for (const { name, store } of stores) {
  const tracked = await sustained(store, perStoreEvents, 50_000);
  const seed = await perLeaveWrites(store, seedEvents);
  rows.push([
    `${name}: sustained, flushing every 50k events`,
    `${Math.round(tracked).toLocaleString('en')} events/s`,
    `seed's way ${Math.round(seed).toLocaleString('en')} events/s`,
    `${(tracked / seed).toFixed(0)}x`,
  ]);
  const timed = await withTimers(store, events, 12);
  rows.push([
    `${name}: sustained, the tracker's own timers (12 s)`,
    `${Math.round(timed).toLocaleString('en')} events/s`,
    `seed's way ${Math.round(seed).toLocaleString('en')} events/s`,
    `${(timed / seed).toFixed(0)}x`,
  ]);
  rows.push([`${name}: flush of 10k pending members`, `${(await flushOf(store, 10_000)).toFixed(1)} ms`, '', '']);
}
await closeAll(stores);

console.log('\nActivityTracker\n');
printTable(['measure', 'guildkit', 'beside', 'ratio'], rows);
