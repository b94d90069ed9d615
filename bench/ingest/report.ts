// The ingest benchmark's figures: per burst size and store, each side's drain time, rate and
// memory as median (min–max), and the ratios bot/bare taken pair by pair.
import { formatTable, median } from '../table.ts';
import type { TrialResult } from './trial.ts';

/** One bot trial and the bare-client trial run right after it. */
export interface Pair {
  readonly bot: TrialResult;
  readonly bare: TrialResult;
}

/** The pairs of one burst size on one store. */
export interface Group {
  readonly store: string;
  readonly events: number;
  readonly pairs: readonly Pair[];
}

/** A whole number with thousands separators: `60,000`. */
export const count = (value: number) => Math.round(value).toLocaleString('en-US');
/** KiB as whole MiB. */
export const mib = (kib: number) => (kib / 1024).toFixed(0);
/** Milliseconds as seconds, two decimals. */
export const seconds = (ms: number) => (ms / 1000).toFixed(2);
/** A ratio: `0.83x`. */
export const times = (ratio: number) => `${ratio.toFixed(2)}x`;

/** `median (min–max)` of some values, each shown by `show`. */
export function spread(values: readonly number[], show: (value: number) => string, unit = ''): string {
  const low = Math.min(...values);
  const high = Math.max(...values);
  return values.length === 1
    ? `${show(values[0] as number)}${unit}`
    : `${show(median(values))}${unit} (${show(low)}–${show(high)})`;
}

/** The most the process held: through the activity log's catch-up for the bot, to the answer for the bare client. */
const peakOf = (trial: TrialResult) => trial.logStored?.memory.peakKiB ?? trial.after.peakKiB;

/** Thaw to the bot's store holding every voice record: after how long, or what it did not get to. */
function logStored(trials: readonly TrialResult[]): string {
  const times = trials.flatMap((trial) => (trial.logStored?.ms === undefined ? [] : [trial.logStored.ms]));
  const missing = trials.filter((trial) => trial.logStored !== undefined && trial.logStored.ms === undefined).length;
  if (times.length === 0) return missing > 0 ? 'not in 60 s' : '';
  return `${spread(times, seconds, ' s')}${missing > 0 ? `, ${missing} not in 60 s` : ''}`;
}

/** The table's rows for one group: the bot, the bare client, and the ratios. */
function groupRows(group: Group): string[][] {
  const side = (name: string, trials: readonly TrialResult[]) => [
    count(group.events),
    group.store,
    name,
    spread(
      trials.map((trial) => trial.drainMs),
      seconds,
      ' s',
    ),
    `${count(group.events / (median(trials.map((trial) => trial.drainMs)) / 1000))}/s`,
    spread(
      trials.map((trial) => trial.before.rssKiB),
      mib,
    ),
    spread(
      trials.map((trial) => trial.after.rssKiB),
      mib,
    ),
    spread(
      trials.map((trial) => peakOf(trial)),
      mib,
    ),
    logStored(trials),
    spread(
      trials.map((trial) => trial.restRequests),
      count,
    ),
  ];
  const ratio = (of: (pair: Pair) => number) => spread(group.pairs.map(of), times);
  return [
    side(
      'reference bot',
      group.pairs.map((pair) => pair.bot),
    ),
    side(
      'bare discord.js',
      group.pairs.map((pair) => pair.bare),
    ),
    [
      '',
      '',
      '**ratio bot/bare**',
      '',
      `**${ratio((pair) => pair.bare.drainMs / pair.bot.drainMs)}**`,
      ratio((pair) => pair.bot.before.rssKiB / pair.bare.before.rssKiB),
      `**${ratio((pair) => pair.bot.after.rssKiB / pair.bare.after.rssKiB)}**`,
      ratio((pair) => peakOf(pair.bot) / peakOf(pair.bare)),
      '',
      '',
    ],
  ];
}

/**
 * The results table: one block of three rows (bot, bare client, ratio) per burst size and store.
 * Times and memory are median (min–max) over the pairs; the rate is events / median drain time;
 * the ratios are taken pair by pair (rate: bare drain time / bot drain time).
 *
 * @param groups - the measured groups
 * @returns the Markdown lines
 */
export function resultsTable(groups: readonly Group[]): string[] {
  return formatTable(
    [
      'burst',
      'bot store',
      'process',
      'drain',
      'rate',
      'RSS before (MiB)',
      'RSS after (MiB)',
      'peak RSS (MiB)',
      'log stored',
      'REST requests in drain',
    ],
    groups.flatMap(groupRows),
  );
}

/**
 * What to know beside the table: a line for each bot trial whose own count of voice updates is
 * not what was sent, or whose store does not hold a record of each join, move and leave once it
 * stopped, and for each answer that was deferred (the bot answers `/activity` at once
 * unless its store takes longer than 2 s); empty when all is as expected.
 *
 * @param groups - the measured groups
 * @param warmupEvents - the voice updates each trial sent before the burst
 */
export function trialNotes(groups: readonly Group[], warmupEvents: number): string[] {
  return groups.flatMap((group) =>
    group.pairs.flatMap(({ bot, bare }, index) => {
      const where = `${count(group.events)} events, ${group.store}, pair ${index + 1}`;
      const sent = warmupEvents + group.events;
      return [
        ...(bot.voiceEventsSeen !== undefined && bot.voiceEventsSeen !== sent
          ? [`- ${where}: the bot counted ${count(bot.voiceEventsSeen)} voice updates, not ${count(sent)}.`]
          : []),
        ...(bot.voiceRecords !== undefined && bot.voiceRecords.stored !== bot.voiceRecords.expected
          ? [
              `- ${where}: the bot's store holds ${count(bot.voiceRecords.stored)} voice records, not ${count(bot.voiceRecords.expected)}.`,
            ]
          : []),
        ...[bot, bare]
          .filter((trial) => trial.deferred)
          .map((trial) => `- ${where}: the ${trial.subject}'s answer was deferred, then edited.`),
      ];
    }),
  );
}
