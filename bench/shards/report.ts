// The shards benchmark's figures: per burst size, each layout's drain, rate, CPU and memory as
// median (min–max), the ratios B/A taken pair by pair, every pair's rates, and memory by process.
import { count, mib, seconds, spread, times } from '../ingest/report.ts';
import { formatTable, median } from '../table.ts';
import type { BotMemory } from './bot-processes.ts';
import { LAYOUT_NAMES } from './layouts.ts';
import type { ShardsTrialResult } from './trial.ts';

/** A trial of the bot as one process and the trial of it with SHARDS=2 run right after it. */
export interface ShardsPair {
  readonly single: ShardsTrialResult;
  readonly sharded: ShardsTrialResult;
}

/** The pairs of one burst size. */
export interface ShardsGroup {
  readonly events: number;
  readonly pairs: readonly ShardsPair[];
}

const rate = (trial: ShardsTrialResult) => trial.events / (trial.drainMs / 1000);
const ms = (value: number) => value.toFixed(0);
const total = (memory: BotMemory) => memory.totalKiB;

/**
 * How many cores the machine's other processes (not the bot, the fake or PostgreSQL) kept busy
 * through a drain; the counters tick every 10 ms and are read a moment apart, so an idle machine
 * reads as 0 give or take 0.05.
 *
 * @param trial - a trial
 * @returns cores, from 0 to the machine's count
 */
export const othersCores = (trial: ShardsTrialResult) =>
  Math.max(0, trial.machine.busyMs - trial.cpuMs - trial.fakeCpuMs - trial.postgresCpuMs) / trial.drainMs;

/** CPU time over the drain, median over the trials: how many cores it kept busy on average. */
const cores = (trials: readonly ShardsTrialResult[], of: (trial: ShardsTrialResult) => number) =>
  median(trials.map((trial) => of(trial) / trial.drainMs)).toFixed(2);

/** The summary's rows for one burst size: A, B, and B/A pair by pair. */
function summaryRows(group: ShardsGroup): string[][] {
  const side = (trials: readonly ShardsTrialResult[]) => {
    const stored = trials.flatMap((trial) => (trial.logStored.ms === undefined ? [] : [trial.logStored.ms]));
    return [
      count(group.events),
      LAYOUT_NAMES[(trials[0] as ShardsTrialResult).layout],
      spread(
        trials.map((trial) => trial.drainMs),
        seconds,
        ' s',
      ),
      `${spread(trials.map(rate), count)}/s`,
      spread(
        trials.map((trial) => trial.cpuMs),
        ms,
      ),
      spread(
        trials.map((trial) => total(trial.before)),
        mib,
      ),
      spread(
        trials.map((trial) => total(trial.after)),
        mib,
      ),
      stored.length === 0 ? 'not in 60 s' : spread(stored, seconds, ' s'),
    ];
  };
  const ratio = (of: (pair: ShardsPair) => number) => spread(group.pairs.map(of), times);
  return [
    side(group.pairs.map((pair) => pair.single)),
    side(group.pairs.map((pair) => pair.sharded)),
    [
      '',
      '**ratio B/A**',
      '',
      `**${ratio((pair) => rate(pair.sharded) / rate(pair.single))}**`,
      ratio((pair) => pair.sharded.cpuMs / pair.single.cpuMs),
      ratio((pair) => total(pair.sharded.before) / total(pair.single.before)),
      `**${ratio((pair) => total(pair.sharded.after) / total(pair.single.after))}**`,
      '',
    ],
  ];
}

/**
 * The summary: per burst size, A's row, B's row, and the ratios B/A taken pair by pair. Times and
 * memory are median (min–max) over the pairs; the rate is burst events / drain, for each trial.
 *
 * @param groups - the measured groups
 * @returns the Markdown lines
 */
export function summaryTable(groups: readonly ShardsGroup[]): string[] {
  return formatTable(
    [
      'burst',
      'bot',
      'drain',
      'events/s',
      'bot CPU in drain (ms)',
      'RSS idle (MiB, all processes)',
      'RSS after drain (MiB)',
      'log stored',
    ],
    groups.flatMap(summaryRows),
  );
}

/**
 * Every pair: A's and B's rate, the ratio B/A, when each of B's shards had answered, beside its
 * share of the burst, and how many cores the machine's other processes kept busy in each drain.
 *
 * @param groups - the measured groups
 * @returns the Markdown lines
 */
export function pairsTable(groups: readonly ShardsGroup[]): string[] {
  return formatTable(
    [
      'burst',
      'pair',
      'A events/s',
      'B events/s',
      'B/A',
      "B's drain by shard (its events)",
      'other processes: cores busy, A / B',
    ],
    groups.flatMap((group) =>
      group.pairs.map((pair, index) => [
        count(group.events),
        String(index + 1),
        count(rate(pair.single)),
        count(rate(pair.sharded)),
        times(rate(pair.sharded) / rate(pair.single)),
        pair.sharded.shardDrainMs
          .map((drain, shard) => `${shard}: ${seconds(drain)} s (${count(pair.sharded.shardEvents[shard] ?? 0)})`)
          .join(', '),
        `${othersCores(pair.single).toFixed(2)} / ${othersCores(pair.sharded).toFixed(2)}`,
      ]),
    ),
  );
}

/**
 * Resident memory by process (the bot; the manager and each shard process), median over the
 * pairs: at idle before the burst, at the last answer, once the log was stored.
 *
 * @param groups - the measured groups
 * @returns the Markdown lines
 */
export function memoryTable(groups: readonly ShardsGroup[]): string[] {
  const rows = groups.flatMap((group) =>
    (['single', 'sharded'] as const).flatMap((layout) => {
      const trials = group.pairs.map((pair) => pair[layout]);
      const names = [...(trials[0] as ShardsTrialResult).before.byProcess.keys(), 'all'];
      const of = (memory: BotMemory, name: string) =>
        name === 'all' ? memory.totalKiB : (memory.byProcess.get(name) ?? Number.NaN);
      return names.map((name) => [
        count(group.events),
        LAYOUT_NAMES[layout].slice(0, 1),
        name,
        mib(median(trials.map((trial) => of(trial.before, name)))),
        mib(median(trials.map((trial) => of(trial.after, name)))),
        mib(median(trials.map((trial) => of(trial.logStored.memory, name)))),
      ]);
    }),
  );
  return formatTable(['burst', 'bot', 'process', 'idle (MiB)', 'after drain (MiB)', 'log stored (MiB)'], rows);
}

/** The CPU time of one kind of thread, over every process (`main thread` also by process). */
function threadMs(trial: ShardsTrialResult, pick: (kind: string) => boolean, process?: string): number {
  let sum = 0;
  for (const [name, threads] of trial.cpu)
    if (process === undefined || name === process) for (const [kind, ms] of threads) if (pick(kind)) sum += ms;
  return sum;
}

const MAIN = (kind: string) => kind === 'main thread';
const V8_HELPERS = (kind: string) => kind.startsWith('V8');
const OTHER = (kind: string) => !MAIN(kind) && !V8_HELPERS(kind);

/**
 * Where the drain's CPU went, median over the pairs: each process's main thread (its event loop),
 * V8's helper threads (the parallel garbage collector and compiler) and the other threads of every
 * process, and how many cores the bot kept busy on average (CPU / drain); beside it the fake
 * Discord (this process), PostgreSQL, every other process on the machine (its busy time less
 * those), and the time the hypervisor gave the cores to other machines (steal).
 *
 * @param groups - the measured groups
 * @returns the Markdown lines
 */
export function cpuTable(groups: readonly ShardsGroup[]): string[] {
  const rows = groups.flatMap((group) =>
    (['single', 'sharded'] as const).map((layout) => {
      const trials = group.pairs.map((pair) => pair[layout]);
      const processes = [...(trials[0] as ShardsTrialResult).cpu.keys()];
      const medianOf = (of: (trial: ShardsTrialResult) => number) => ms(median(trials.map(of)));
      return [
        count(group.events),
        LAYOUT_NAMES[layout].slice(0, 1),
        processes.map((name) => `${name} ${medianOf((trial) => threadMs(trial, MAIN, name))}`).join(', '),
        medianOf((trial) => threadMs(trial, V8_HELPERS)),
        medianOf((trial) => threadMs(trial, OTHER)),
        medianOf((trial) => trial.cpuMs),
        cores(trials, (trial) => trial.cpuMs),
        medianOf((trial) => trial.fakeCpuMs),
        medianOf((trial) => trial.postgresCpuMs),
        median(trials.map(othersCores)).toFixed(2),
        cores(trials, (trial) => trial.machine.stealMs),
      ];
    }),
  );
  return formatTable(
    [
      'burst',
      'bot',
      'main threads (ms)',
      'V8 helper threads (ms)',
      'other threads (ms)',
      'all (ms)',
      'bot: cores busy',
      'fake-discord (ms)',
      'PostgreSQL (ms)',
      'other processes: cores busy',
      'steal: cores',
    ],
    rows,
  );
}

/**
 * What to know beside the tables: a line for each trial whose /metrics count of voice updates is
 * not what was sent, whose store does not hold every voice record once stopped, or which did not
 * exit 0; one line saying so when all is as expected.
 *
 * @param groups - the measured groups
 */
export function trialNotes(groups: readonly ShardsGroup[]): string[] {
  const notes = groups.flatMap((group) =>
    group.pairs.flatMap((pair, index) =>
      [pair.single, pair.sharded].flatMap((trial) => {
        const where = `- ${count(group.events)} events, pair ${index + 1}, ${LAYOUT_NAMES[trial.layout]}`;
        const { sent, seen } = trial.voiceEvents;
        const { stored, expected } = trial.voiceRecords;
        return [
          ...(seen === sent ? [] : [`${where}: /metrics counted ${seen ?? 'no'} voice updates, not ${count(sent)}.`]),
          ...(stored === expected
            ? []
            : [`${where}: the store holds ${count(stored)} voice records, not ${count(expected)}.`]),
          ...(trial.exitCode === 0 ? [] : [`${where}: exited with ${trial.exitCode} after SIGTERM.`]),
        ];
      }),
    ),
  );
  return notes.length > 0
    ? notes
    : [
        'Every trial: /metrics counted every voice update sent (summed over shards for B), the store held an activity log record of every join, move and leave once the bot stopped, and the bot (or the manager) exited 0 after SIGTERM.',
      ];
}
