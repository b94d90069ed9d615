// The activity log's cost per voice event (issue 17): ActivityLog.voice into SQLite and a log
// channel, as the reference bot runs it, on a burst of joins, moves, leaves and mutes. The log
// channel's REST calls take 20 ms each (the fake's 50 a second). CPU time per event, median.
// Run: pnpm bench (all), or node --conditions=@guildkit/source activity-log.bench.ts (in bench/)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
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

/** CPU milliseconds of one burst (the voice events, their store writes and log-channel messages). */
async function run(events: readonly VoiceStateEvent[], round: number): Promise<{ cpuMs: number; written: number }> {
  const store = await SqliteStore.open({ filename: join(folder, `run-${round}.db`) });
  const log = new ActivityLog({
    client,
    store,
    channelId,
    translations: new Translations(),
    retentionDays: 0,
    now: Date.now,
    failed: (error) => console.error(error),
  });
  const started = process.cpuUsage();
  for (let i = 0; i < events.length; i += 1) {
    log.voice(events[i] as VoiceStateEvent);
    if (i % 50 === 49) await yieldToLoop(); // a socket read's worth of dispatches
  }
  await log.logger.flush();
  const used = process.cpuUsage(started);
  const written = log.logger.stats().sinks.store?.written ?? 0;
  await log.close();
  await store.close();
  return { cpuMs: (used.user + used.system) / 1000, written };
}

const events = burst(EVENTS);
await run(events, -1);
const samples: number[] = [];
let written = 0;
for (let round = 0; round < RUNS; round += 1) {
  const result = await run(events, round);
  samples.push(result.cpuMs);
  written = result.written;
}
rmSync(folder, { recursive: true, force: true });
const cpuMs = median(samples);
console.log(
  `\nThe activity log on a burst of ${EVENTS.toLocaleString('en')} voice events (median of ${RUNS} runs after one to warm up)\n`,
);
printTable(
  ['records stored', 'CPU a burst', 'CPU an event', 'min–max'],
  [
    [
      written.toLocaleString('en'),
      `${cpuMs.toFixed(0)} ms`,
      `${((cpuMs * 1000) / EVENTS).toFixed(2)} µs`,
      `${Math.min(...samples).toFixed(0)}–${Math.max(...samples).toFixed(0)} ms`,
    ],
  ],
);
