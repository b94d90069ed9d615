// The end-to-end ingest benchmark (issue 17): the reference bot, started as users start it with
// every feature on, beside a bare discord.js client, on a loopback Discord (fake-discord) with a
// guild of 2,000 members. Each trial freezes the process under test (SIGSTOP), queues a burst of
// voice updates and then a slash command on its gateway socket, thaws it (SIGCONT) and times the
// drain: thaw to the fake having the command's answer. Bot and bare client take turns (A B A B …),
// and ratios are taken pair by pair. See README.md, "End-to-end ingest".
//
//   node --conditions=@guildkit/source ingest.bench.ts [--sizes 3000,12000,60000] [--pairs 5]
//     [--stores sqlite,postgres] [--members 2000] [--warmup 1000] [--profile] [--out results]
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { summariseProfile } from './ingest/cpu-profile.ts';
import { openPostgres, type PostgresServer } from './ingest/postgres.ts';
import { type Group, type Pair, resultsTable, trialNotes } from './ingest/report.ts';
import { cleanUpOnInterrupt, loadAverage, runTime, writeResults } from './ingest/run.ts';
import type { BotDatabase } from './ingest/subjects.ts';
import { runTrial, type TrialResult } from './ingest/trial.ts';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '3000,12000,60000' },
    pairs: { type: 'string', default: '5' },
    stores: { type: 'string', default: 'sqlite,postgres' },
    members: { type: 'string', default: '2000' },
    warmup: { type: 'string', default: '1000' },
    profile: { type: 'boolean', default: false },
    out: { type: 'string', default: new URL('./results', import.meta.url).pathname },
  },
});
const sizes = args.sizes.split(',').map(Number);
const pairs = Number(args.pairs);
const members = Number(args.members);
const warmupEvents = Number(args.warmup);
const storeKinds = args.stores.split(',');

const folder = mkdtempSync(join(tmpdir(), 'guildkit-ingest-'));
const postgres: PostgresServer | undefined = storeKinds.includes('postgres') ? openPostgres(folder) : undefined;
if (storeKinds.includes('postgres') && postgres === undefined)
  console.log('postgres: skipped (set DATABASE_URL, or install PostgreSQL: .ci/setup does)');
cleanUpOnInterrupt(folder, postgres);
const stores = storeKinds.filter((kind) => kind !== 'postgres' || postgres !== undefined);

let databases = 0;
/** A new, empty database of a kind, and a folder of its own. */
async function newDatabase(kind: string): Promise<BotDatabase> {
  databases += 1;
  const own = join(folder, `trial-${databases}`);
  mkdirSync(own);
  if (kind === 'sqlite') return { url: `sqlite:${join(own, 'guildkit.db')}`, folder: own };
  return { url: await (postgres as PostgresServer).newDatabase(), folder: own };
}

/** A trial's CPU by kind of thread, the busiest first, leaving out those that used none. */
const threads = (trial: TrialResult) =>
  [...trial.threadCpuMs]
    .filter(([, ms]) => ms > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([name, ms]) => `${name} ${ms}`)
    .join(', ');

const started = runTime(new Date());
const header = [
  `# Ingest benchmark, ${started.time} UTC`,
  '',
  `${cpus().length} cores (${cpus()[0]?.model.trim()}), Node.js ${process.version}; guild of ${members.toLocaleString('en-US')} members;`,
  `${pairs} pairs (bot, bare, bot, bare, …) per burst size and store, the stores taking turns pair by pair; ${warmupEvents.toLocaleString('en-US')} warm-up voice updates and one command before each burst.`,
  `Load average (1, 5, 15 min) at the start: ${loadAverage()}.`,
];
console.log(header.join('\n'));

const groups: Group[] = [];
try {
  for (const events of sizes) {
    // The stores take turns pair by pair, so that a slow spell of the machine falls on both.
    const measured = new Map(stores.map((store) => [store, [] as Pair[]]));
    for (let pair = 0; pair < pairs; pair += 1) {
      for (const store of stores) {
        const seed = 1_000 * events + pair;
        const common = { events, members, warmupEvents, seed } as const;
        const bot = await runTrial({ ...common, subject: 'bot', database: await newDatabase(store) });
        const bare = await runTrial({ ...common, subject: 'bare' });
        measured.get(store)?.push({ bot, bare });
        console.log(
          `${events} events, ${store}, pair ${pair + 1}: bot ${bot.drainMs.toFixed(0)} ms (CPU ${bot.cpuMs} ms: ${threads(bot)}),` +
            ` bare ${bare.drainMs.toFixed(0)} ms (CPU ${bare.cpuMs} ms: ${threads(bare)})` +
            `; voice records stored ${bot.voiceRecords?.stored} of ${bot.voiceRecords?.expected}` +
            ` (load ${loadAverage()})`,
        );
      }
    }
    for (const [store, measuredPairs] of measured) groups.push({ store, events, pairs: measuredPairs });
  }
  const lines = [
    ...header,
    `Load average at the end: ${loadAverage()}.`,
    '',
    ...resultsTable(groups),
    '',
    ...trialNotes(groups, warmupEvents),
  ];
  if (args.profile) {
    const events = Math.max(...sizes);
    const store = stores[0] ?? 'sqlite';
    for (const subject of ['bot', 'bare'] as const) {
      const profiles = join(folder, `profiles-${subject}`);
      const trial = await runTrial({
        subject,
        events,
        members,
        warmupEvents,
        seed: 1,
        ...(subject === 'bot' ? { database: await newDatabase(store) } : {}),
        nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${profiles}`],
      });
      const who = subject === 'bot' ? `the bot (${store})` : 'the bare client';
      lines.push('', `## Where ${who} spends the drain (${events.toLocaleString('en-US')} events)`, '');
      lines.push(...summariseProfile(profiles, trial.windowMicros));
      // Kept for Chrome DevTools (Performance, load profile) or `node --cpu-prof` tooling: too big for the repository.
      const kept = join(tmpdir(), `guildkit-ingest-${started.stamp}-${subject}.cpuprofile`);
      const written = readdirSync(profiles).find((name) => name.endsWith('.cpuprofile'));
      if (written !== undefined) {
        copyFileSync(join(profiles, written), kept);
        lines.push('', `The whole profile (start-up included): ${kept}`);
      }
    }
  }
  writeResults(args.out, `ingest-${started.stamp}.md`, lines, header.length);
} finally {
  await postgres?.close();
  rmSync(folder, { recursive: true, force: true });
}
