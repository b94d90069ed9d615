// A weekly report for 10,000 members over 1,000,000 sessions (30 days), computed by the store,
// beside the seed bot's way: every activity row loaded into memory, each member looked up with
// members.find inside the loop.
// Run: pnpm bench (all), or node --expose-gc --conditions=@guildkit/source report.bench.ts
import { days, type GuildkitStore, ReportGenerator, type ReportMember } from '@guildkit/core';
import { closeAll, openStores } from './stores.ts';
import { median, printTable } from './table.ts';

const guildId = '1100000000000000001';
const MEMBERS = Number(process.env.BENCH_REPORT_MEMBERS ?? 10_000);
const SESSIONS = Number(process.env.BENCH_REPORT_SESSIONS ?? 1_000_000);
const FIRST_DAY = '2026-10-27';
const DAYS = 30;
const AT = Date.parse('2026-11-25T12:00:00+09:00'); // the weekly report of 16–22 November is the last complete one

const members: ReportMember[] = Array.from({ length: MEMBERS }, (_, i) => ({
  id: String(1_200_000_000_000_000_000n + BigInt(i)),
  displayName: `member ${i}`,
  roleIds: i % 3 === 0 ? ['1300000000000000001'] : [],
  bot: false,
}));

/** A million sessions, summed per (member, day) as the tracker writes them: at most 300,000 rows. */
function dailyTotals(): { guildId: string; userId: string; day: string; ms: number }[] {
  // mulberry32: 32-bit state kept exact with Math.imul (a float LCG loses bits and cycles early).
  let seed = 11;
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const totals = new Map<string, number>();
  for (let i = 0; i < SESSIONS; i += 1) {
    const member = Math.floor(random() ** 2 * MEMBERS); // some members are far more active than others
    const day = Math.floor(random() * DAYS);
    const key = `${member}:${day}`;
    totals.set(key, (totals.get(key) ?? 0) + 60_000 + Math.floor(random() * 7_200_000));
  }
  // The tracker writes each day's time during that day: rows go to the store day by day.
  return [...totals]
    .map(([key, ms]) => {
      const [member, day] = key.split(':').map(Number) as [number, number];
      return { guildId, userId: (members[member] as ReportMember).id, day: days.add(FIRST_DAY, day), ms };
    })
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

/**
 * Writes the rows, which are then dropped and collected: a bot does not hold a month of rows in
 * memory, and the collector's threads, busy with them, would take the cores the reads run on.
 */
async function writeAll(store: GuildkitStore): Promise<void> {
  const rows = dailyTotals();
  for (let i = 0; i < rows.length; i += 50_000) await store.addActivity(rows.slice(i, i + 50_000));
  (globalThis as { gc?: () => void }).gc?.();
}

async function timed(runs: number, work: () => Promise<unknown>): Promise<number> {
  await work(); // warm
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return median(times);
}

/** The seed's way: load every row (here, every day's totals), and find each row's member in the list. */
async function seedWay(store: GuildkitStore, startDay: string, endDay: string): Promise<number> {
  const rows: { userId: string; day: string; ms: number }[] = [];
  for (let day = 0; day < DAYS; day += 1) {
    const key = days.add(FIRST_DAY, day);
    for (const total of await store.readActivityTotals({ guildId, startDay: key, endDay: days.add(key, 1) })) {
      rows.push({ userId: total.userId, day: key, ms: total.ms });
    }
  }
  const totals = new Map<string, number>();
  for (const row of rows) {
    const member = members.find((candidate) => candidate.id === row.userId);
    if (member === undefined || member.bot || row.day < startDay || row.day >= endDay) continue;
    totals.set(member.id, (totals.get(member.id) ?? 0) + row.ms);
  }
  return [...totals.values()].reduce((sum, ms) => sum + ms, 0);
}

console.log(
  `\n${SESSIONS.toLocaleString('en')} sessions of ${MEMBERS.toLocaleString('en')} members over ${DAYS} days: ${dailyTotals().length.toLocaleString('en')} daily rows\n`,
);
const stores = await openStores(['sqlite', 'postgres']);
const rows: string[][] = [];
for (const bench of stores) {
  const { name } = bench;
  await writeAll(bench.store);
  // A month of data is written over a month: by report time the database has settled.
  const store = (await bench.settle?.()) ?? bench.store;
  const reports = new ReportGenerator({ read: (query) => store.readActivityTotals(query), now: () => AT });
  const request = { guildId, period: 'weekly' as const, which: 'last-complete' as const, members };
  const report = await reports.generate(request);
  const guildkit = await timed(15, () => reports.generate(request));
  const seedTotal = await seedWay(store, report.range.startDay, report.range.endDay);
  if (seedTotal !== report.totalMs) throw new Error(`the two ways disagree: ${seedTotal} against ${report.totalMs}`);
  const seed = await timed(2, () => seedWay(store, report.range.startDay, report.range.endDay));
  rows.push([
    name,
    `${guildkit.toFixed(1)} ms`,
    `${seed.toFixed(0)} ms`,
    `${(seed / guildkit).toFixed(0)}x`,
    String(report.activeMembers),
  ]);
}
await closeAll(stores);

console.log("Weekly report (median; the seed's way: every row loaded, members.find per row)\n");
printTable(['store', 'guildkit', "seed's way", 'ratio', 'active members'], rows);
