// The activity log's cost per voice event (issue 17): ActivityLog.voice into SQLite and a log
// channel, as the reference bot runs it, on a burst of joins, moves, leaves and mutes. The log
// channel's REST calls take 20 ms each (the fake's 50 a second). CPU time per event, median.
// Run: pnpm bench (all), or node --conditions=@guildkit/source activity-log.bench.ts (in bench/)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { VoiceStateEvent } from '@guildkit/core';
import { ActivityLog, Translations } from '@guildkit/discord';
import { SqliteStore } from '@guildkit/sqlite-store';
import { median, printTable } from './table.ts';

const RUNS = 5;
const EVENTS = 60_000;
const guildId = '1100000000000000001';
const channelId = '1400000000000000001';
const rooms = Array.from({ length: 16 }, (_, i) => ({
  id: String(1_300_000_000_000_000_000n + BigInt(i)),
  name: `room ${i}`,
  parentId: null,
}));
const folder = mkdtempSync(join(tmpdir(), 'guildkit-activity-log-bench-'));

/** A burst over 2,000 members as the ingest benchmark's: 29 % joins, 32 % moves, 28 % leaves, 11 % mutes. */
function burst(count: number): VoiceStateEvent[] {
  const members = Array.from({ length: 2_000 }, (_, i) => String(1_200_000_000_000_000_000n + BigInt(i)));
  const where = new Map<number, number>(); // member → room, for those in voice
  const outside = members.map((_, i) => i);
  const inside: number[] = [];
  let seed = 17;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const takeFrom = (list: number[]) => {
    const at = Math.floor(random() * list.length);
    const member = list[at] as number;
    list[at] = list.at(-1) as number;
    list.pop();
    return member;
  };
  return Array.from({ length: count }, (_, i) => {
    const roll = random();
    let member: number;
    let selfMute = false;
    if (roll < 0.29 || inside.length === 0) {
      member = takeFrom(outside);
      inside.push(member);
      where.set(member, Math.floor(random() * rooms.length));
    } else if (roll < 0.61) {
      member = inside[Math.floor(random() * inside.length)] as number;
      where.set(member, ((where.get(member) as number) + 1 + Math.floor(random() * (rooms.length - 1))) % rooms.length);
    } else if (roll < 0.89) {
      member = takeFrom(inside);
      outside.push(member);
      where.delete(member);
    } else {
      member = inside[Math.floor(random() * inside.length)] as number;
      selfMute = true;
    }
    const room = where.get(member);
    return {
      guildId,
      // A new string per event, as parsed from each dispatch.
      userId: `${members[member]} `.trimEnd(),
      channel: room === undefined ? null : (rooms[room] as (typeof rooms)[number]),
      at: 1_764_000_000_000 + i,
      selfMute,
      selfDeaf: false,
      serverMute: false,
      serverDeaf: false,
      bot: false,
      afkChannelId: null,
    };
  });
}

/** What the activity log reads of discord.js's client, and a REST call of 20 ms. */
const client = {
  channels: { cache: new Map([[channelId, { guildId }]]) },
  guilds: { cache: new Map([[guildId, { preferredLocale: 'en-US' }]]) },
  rest: { post: () => new Promise((resolve) => setTimeout(resolve, 20)) },
} as never;

/**
 * CPU milliseconds of one burst (the voice events, their store writes and log-channel messages):
 * the process's (every thread) and the main thread's alone (the store appends on a thread of its own).
 */
async function run(
  events: readonly VoiceStateEvent[],
  round: number,
): Promise<{ cpuMs: number; mainMs: number; written: number }> {
  const store = await SqliteStore.open({ filename: join(folder, `run-${round}.db`) });
  // Its log writer thread running, as a running bot's is.
  await store.appendLogs([{ at: Date.now(), level: 'info', source: 'bench', message: 'started', fields: {} }]);
  const log = new ActivityLog({
    client,
    store,
    on: () => true,
    channelOf: () => channelId,
    anyChannel: true,
    localeOf: () => undefined,
    translations: new Translations(),
    retentionDays: 0,
    now: Date.now,
    failed: (error) => console.error(error),
  });
  const started = process.cpuUsage();
  const startedHere = process.threadCpuUsage();
  for (let i = 0; i < events.length; i += 1) {
    log.voice(events[i] as VoiceStateEvent);
    // 50 dispatches a millisecond at most: about the rate a bot drains a backlog of its socket at.
    if (i % 50 === 49) await sleep(1);
  }
  await log.flush();
  const used = process.cpuUsage(started);
  const usedHere = process.threadCpuUsage(startedHere);
  const written = log.logger.stats().sinks.store?.written ?? 0;
  const dropped = Object.values(log.logger.stats().sinks.store?.dropped ?? {}).reduce((sum, count) => sum + count, 0);
  if (dropped > 0) throw new Error(`the store sink dropped ${dropped} records: the burst came faster than it writes`);
  await log.close();
  await store.close();
  return { cpuMs: (used.user + used.system) / 1000, mainMs: (usedHere.user + usedHere.system) / 1000, written };
}

const events = burst(EVENTS);
await run(events, -1);
const samples: number[] = [];
const mainSamples: number[] = [];
let written = 0;
for (let round = 0; round < RUNS; round += 1) {
  const result = await run(events, round);
  samples.push(result.cpuMs);
  mainSamples.push(result.mainMs);
  written = result.written;
}
rmSync(folder, { recursive: true, force: true });
console.log(
  `\nThe activity log on a burst of ${EVENTS.toLocaleString('en')} voice events (median of ${RUNS} runs after one to warm up)\n`,
);
printTable(
  ['CPU of', 'records stored', 'a burst', 'an event', 'min–max'],
  [
    ['the process (every thread)', samples],
    ['the main thread', mainSamples],
  ].map(([what, runs]) => {
    const ms = median(runs as number[]);
    return [
      what as string,
      written.toLocaleString('en'),
      `${ms.toFixed(0)} ms`,
      `${((ms * 1000) / EVENTS).toFixed(2)} µs`,
      `${Math.min(...(runs as number[])).toFixed(0)}–${Math.max(...(runs as number[])).toFixed(0)} ms`,
    ];
  }),
);
