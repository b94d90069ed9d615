// One trial of the shards benchmark: a new fake Discord with the guilds over two shards, a new
// PostgreSQL database and a new bot in one layout; its guilds configured, a warm-up; the bot's
// gateway processes frozen while a burst of voice updates, spread over every guild, and then one
// slash command a shard queue on their sockets; thawed; the time until the fake has every answer.
import { setTimeout as sleep } from 'node:timers/promises';
import { startFakeDiscord } from '@guildkit/fake-discord';
import type { CommunityIds } from '../ingest/community.ts';
import { botVoiceEventCount, MARKER_COMMAND, storedVoiceRecords } from '../ingest/subjects.ts';
import { untilVoiceRecordsStored } from '../ingest/trial.ts';
import { type BotCpu, type BotMemory, BotProcesses, cpuBetween, cpuTotal } from './bot-processes.ts';
import {
  benchGuilds,
  configureGuilds,
  firstGuildOfEachShard,
  GuildsBurst,
  guildIds,
  SHARD_COUNT,
  shardOf,
} from './guilds.ts';
import { type Layout, layoutSpec } from './layouts.ts';
import { cpuOfProcesses, cpuSpentBy, type MachineCpu, machineCpu } from './machine-cpu.ts';

/** What one trial is. */
export interface ShardsTrialOptions {
  readonly layout: Layout;
  /** Voice updates in the burst, over every guild. */
  readonly events: number;
  readonly guilds: number;
  /** Members of each guild. */
  readonly members: number;
  /** Voice updates (and one command a shard) before the burst, answered, so that both layouts run warm. */
  readonly warmupEvents: number;
  /** The bot's database: a new, empty PostgreSQL database. */
  readonly databaseUrl: string;
  /** The PRNG seed of the voice updates: the same for both layouts of a pair. */
  readonly seed: number;
  /** The PostgreSQL server's processes, to read their CPU time (none when it is not the benchmark's own). */
  readonly postgresPids: () => number[];
}

/** What one trial measured. */
export interface ShardsTrialResult {
  readonly layout: Layout;
  readonly events: number;
  /** Thaw (SIGCONT) to the fake having every shard's answer, in milliseconds. */
  readonly drainMs: number;
  /** Thaw to each shard's answer (the command in its first guild), by shard id, in milliseconds. */
  readonly shardDrainMs: readonly number[];
  /** The burst's voice updates by shard (each guild's go to the shard that owns it). */
  readonly shardEvents: readonly number[];
  /** CPU time the bot's processes used from thaw to the last answer, every thread, in milliseconds (10 ms steps). */
  readonly cpuMs: number;
  /** That CPU time by process and kind of thread. */
  readonly cpu: BotCpu;
  /** CPU time this process (the fake Discord) used meanwhile, in milliseconds. */
  readonly fakeCpuMs: number;
  /** CPU time the PostgreSQL server's processes used meanwhile, in milliseconds (0 if not the benchmark's own). */
  readonly postgresCpuMs: number;
  /** The whole machine's CPU time meanwhile, every core (see {@link MachineCpu}). */
  readonly machine: MachineCpu;
  /** Memory at idle, after the warm-up, just before the burst. */
  readonly before: BotMemory;
  /** Memory when the last answer came. */
  readonly after: BotMemory;
  /** Thaw to the store holding an activity log record of every join, move and leave sent (`undefined`: not within 60 s), and the memory then. */
  readonly logStored: { readonly ms: number | undefined; readonly memory: BotMemory };
  /** Voice updates sent (warm-up and burst), and those the bot counted by its /metrics at the last answer. */
  readonly voiceEvents: { readonly sent: number; readonly seen: number | undefined };
  /** Activity log records of voice changes in the store once the bot stopped, beside the joins, moves and leaves sent. */
  readonly voiceRecords: { readonly stored: number; readonly expected: number };
  /** Exit code of the bot or the shard manager after SIGTERM (0: every process wrote what it held). */
  readonly exitCode: number | null;
}

/** How long the bot is left alone after the warm-up, so that its timers and writes settle. */
const IDLE_MS = 1_000;

/**
 * Runs one trial and stops what it started.
 *
 * @param options - the layout, the burst size, the guilds, the database
 */
export async function runShardsTrial(options: ShardsTrialOptions): Promise<ShardsTrialResult> {
  const seeds = benchGuilds(options.guilds, options.members);
  const fake = await startFakeDiscord({
    guilds: seeds,
    recommendedShards: SHARD_COUNT,
    maxConcurrency: SHARD_COUNT,
    // The answers come after the drain, long past Discord's 3 s: the fake must wait for them.
    interactionDeadlineMs: 10 * 60_000,
  });
  let bot: BotProcesses | undefined;
  try {
    const guilds = guildIds(fake, seeds, options.members);
    const markers = firstGuildOfEachShard(guilds);
    bot = await BotProcesses.start(options.layout, layoutSpec(options.layout, fake, options.databaseUrl));
    const running = bot;
    await configureGuilds(fake, guilds);
    const burst = new GuildsBurst(guilds, options.seed);
    const command = (ids: CommunityIds, member: number) =>
      fake.useSlashCommand({
        guildId: ids.guildId,
        channelId: ids.channel.commands,
        userId: ids.memberIds[member] as string,
        name: MARKER_COMMAND.bot,
      });
    for (let i = 0; i < options.warmupEvents; i += 1) void fake.setVoiceState(burst.next());
    await Promise.all(markers.map((ids) => command(ids, 1)));
    await sleep(IDLE_MS);
    const before = running.memory();

    await running.freeze();
    const shardEvents = Array<number>(SHARD_COUNT).fill(0);
    for (let i = 0; i < options.events; i += 1) {
      const change = burst.next();
      const shard = shardOf(change.guildId);
      shardEvents[shard] = (shardEvents[shard] ?? 0) + 1;
      void fake.setVoiceState(change);
    }
    // Behind each shard's share of the burst, on its socket: its answer proves it took them all in.
    const answered = markers.map((ids) => command(ids, 2).then(() => performance.now()));
    await sleep(100); // let this process finish its own work before the clock starts

    const cpuBefore = running.cpu();
    const fakeCpuBefore = process.cpuUsage();
    const postgresBefore = cpuOfProcesses(options.postgresPids());
    const machineBefore = machineCpu();
    const start = performance.now();
    running.thaw();
    const shardDrainMs = (await Promise.all(answered)).map((at) => at - start);
    const drainMs = Math.max(...shardDrainMs);
    const fakeCpu = process.cpuUsage(fakeCpuBefore);
    const machineAfter = machineCpu();
    const postgresCpuMs = cpuSpentBy(postgresBefore, cpuOfProcesses(options.postgresPids()));
    const after = running.memory();
    const cpu = cpuBetween(cpuBefore, running.cpu());
    const seen = await botVoiceEventCount(running.main.output);
    const { joins, moves, leaves } = burst.mix;
    const expected = joins + moves + leaves;
    const logStored = await untilVoiceRecordsStored(options.databaseUrl, expected, start, () => running.memory());
    const exitCode = await running.stop(); // SIGTERM: every process writes what it holds, then exits
    return {
      layout: options.layout,
      events: options.events,
      drainMs,
      shardDrainMs,
      shardEvents,
      cpuMs: cpuTotal(cpu),
      cpu,
      fakeCpuMs: (fakeCpu.user + fakeCpu.system) / 1000,
      postgresCpuMs,
      machine: {
        busyMs: machineAfter.busyMs - machineBefore.busyMs,
        stealMs: machineAfter.stealMs - machineBefore.stealMs,
      },
      before,
      after,
      logStored,
      voiceEvents: { sent: options.warmupEvents + options.events, seen },
      voiceRecords: { stored: await storedVoiceRecords(options.databaseUrl), expected },
      exitCode,
    };
  } finally {
    await bot?.stop();
    await fake.close();
  }
}
