// One process against two shard processes (issue: "`bench/` reports events/s for 1 process vs 2
// shard processes on this machine, as a ratio in one run"). The reference bot as `pnpm start` runs
// it on PostgreSQL, in turns: A, one process (no SHARDS: one shard, every guild on one socket);
// B, SHARDS=2 (a shard manager and two shard processes). The same fake Discord for both: guilds
// spread over two shards. Each trial freezes the bot's gateway processes (SIGSTOP), queues a burst
// of voice updates over every guild and one slash command a shard, thaws them and times the drain:
// thaw to the fake having every answer. Ratios B/A are taken pair by pair. See README.md, "One
// process against two shard processes".
//
//   node --conditions=@guildkit/source shards.bench.ts [--sizes 20000,60000] [--pairs 3]
//     [--guilds 4] [--members 1000] [--warmup 1000] [--out results]
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { openPostgres } from './ingest/postgres.ts';
import { seconds } from './ingest/report.ts';
import { cleanUpOnInterrupt, loadAverage, runTime, writeResults } from './ingest/run.ts';
import { buildOnce, buildWrittenAt, LAYOUT_NAMES, type Layout } from './shards/layouts.ts';
import {
  cpuTable,
  memoryTable,
  othersCores,
  pairsTable,
  type ShardsGroup,
  type ShardsPair,
  summaryTable,
  trialNotes,
} from './shards/report.ts';
import { runShardsTrial, type ShardsTrialResult } from './shards/trial.ts';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '20000,60000' },
    pairs: { type: 'string', default: '3' },
    guilds: { type: 'string', default: '4' },
    members: { type: 'string', default: '1000' },
    warmup: { type: 'string', default: '1000' },
    out: { type: 'string', default: new URL('./results', import.meta.url).pathname },
  },
});
const sizes = args.sizes.split(',').map(Number);
const pairs = Number(args.pairs);
const guilds = Number(args.guilds);
const members = Number(args.members);
const warmupEvents = Number(args.warmup);

const folder = mkdtempSync(join(tmpdir(), 'guildkit-shards-'));
const postgres = openPostgres(folder);
if (postgres === undefined) {
  console.log('shards: skipped (SHARDS needs PostgreSQL: set DATABASE_URL, or install PostgreSQL: .ci/setup does)');
  rmSync(folder, { recursive: true, force: true });
  process.exit(0);
}
cleanUpOnInterrupt(folder, postgres);

const started = runTime(new Date());
const built = buildOnce();
const header = [
  `# Shards benchmark, ${started.time} UTC`,
  '',
  `${cpus().length} cores (${cpus()[0]?.model.trim()}), Node.js ${process.version}; ${guilds} guilds of ${members.toLocaleString('en-US')} members,`,
  'their ids alternating between 2 shards (fake-discord: `recommendedShards: 2, maxConcurrency: 2`); one PostgreSQL (durable defaults), a new database a trial.',
  `- ${LAYOUT_NAMES.single}: the bot without SHARDS, as discord.js connects it by default (one gateway socket for every guild; the bot has no setting for several shards in one process).`,
  `- ${LAYOUT_NAMES.sharded}: discord.js's ShardingManager; the manager holds the REST proxy and serves /metrics; each shard process has its guilds.`,
  `${pairs} pairs (A, B, A, B, …) per burst size; ${warmupEvents.toLocaleString('en-US')} warm-up voice updates and one command a shard before each burst.`,
  `The bot as \`pnpm start\` runs it (built JavaScript), ${built === undefined ? 'already built' : `built at the start: ${built}`}; every trial runs that build (BUILD_ON_START=off).`,
  `Load average (1, 5, 15 min) at the start: ${loadAverage()}.`,
];
console.log(header.join('\n'));

/** Tries of a trial whose bot fails to start (a package being rebuilt by someone else meanwhile). */
const TRIAL_ATTEMPTS = 3;
const RETRY_AFTER_MS = 20_000;
const groups: ShardsGroup[] = [];
/** Lines for the results beside each trial's own: failed tries, builds that changed. */
const notes: string[] = [];
let build = buildWrittenAt();
try {
  for (const events of sizes) {
    const measured: ShardsPair[] = [];
    for (let pair = 0; pair < pairs; pair += 1) {
      const trial = async (layout: Layout): Promise<ShardsTrialResult> => {
        const common = { events, guilds, members, warmupEvents, seed: 1_000 * events + pair } as const;
        const where = `${events} events, pair ${pair + 1}, ${layout === 'single' ? 'A' : 'B'}`;
        for (let attempt = 1; ; attempt += 1) {
          const writtenAt = buildWrittenAt();
          if (writtenAt !== build)
            notes.push(`- ${where}: the build was rewritten before this trial (someone rebuilt).`);
          build = writtenAt;
          try {
            const databaseUrl = await postgres.newDatabase();
            return await runShardsTrial({ ...common, layout, databaseUrl, postgresPids: () => postgres.pids() });
          } catch (error) {
            // A start-up that failed while someone was rebuilding a package: once more, after a pause.
            if (attempt === TRIAL_ATTEMPTS) throw error;
            const why = (error instanceof Error ? error.message : String(error)).split('\n').slice(0, 2).join(' ');
            notes.push(`- ${where}: trial ${attempt} failed (${why}); run again.`);
            console.log(notes.at(-1));
            await sleep(RETRY_AFTER_MS);
          }
        }
      };
      const single = await trial('single');
      const sharded = await trial('sharded');
      measured.push({ single, sharded });
      const show = (result: ShardsTrialResult) =>
        `${seconds(result.drainMs)} s (${Math.round(events / (result.drainMs / 1000))}/s, CPU ${result.cpuMs} ms, ` +
        `others ${othersCores(result).toFixed(2)} cores, ` +
        `RSS ${Math.round(result.after.totalKiB / 1024)} MiB, records ${result.voiceRecords.stored}/${result.voiceRecords.expected})`;
      console.log(
        `${events} events, pair ${pair + 1}: A ${show(single)}, B ${show(sharded)}` +
          `, B/A ${(single.drainMs / sharded.drainMs).toFixed(2)}x (load ${loadAverage()})`,
      );
    }
    groups.push({ events, pairs: measured });
  }
  const lines = [
    ...header,
    `Load average at the end: ${loadAverage()}.`,
    '',
    ...summaryTable(groups),
    '',
    ...pairsTable(groups),
    '',
    ...cpuTable(groups),
    '',
    ...memoryTable(groups),
    '',
    ...trialNotes(groups),
    ...notes,
  ];
  writeResults(args.out, `shards-${started.stamp}.md`, lines, header.length);
} finally {
  await postgres.close();
  rmSync(folder, { recursive: true, force: true });
}
