import type { ActivityIncrement, MemberActivityTotal } from '../storage/activity-store.ts';
import { compareMemberTotals } from '../storage/prepare-activity.ts';
import type { DayCalendar } from './day-calendar.ts';
import type { PendingActivity } from './pending-activity.ts';
import { COUNTING_SINCE, IN_SESSION, TIMES, type VoiceRoster } from './voice-roster.ts';

/**
 * Which totals {@link @guildkit/core!ActivityTracker.readTotals} reads: the store's query, plus whether to add the
 * live time of sessions still open.
 *
 * @example This week for one member, open session included
 * ```ts
 * const query: TrackerTotalsQuery = { guildId, startDay: '2026-11-23', endDay: '2026-11-30', userIds: [userId], includeLive: true };
 * ```
 */
export interface TrackerTotalsQuery {
  readonly guildId: string;
  /** The first day counted, `YYYY-MM-DD` (inclusive). */
  readonly startDay: string;
  /** The first day no longer counted, `YYYY-MM-DD` (exclusive). */
  readonly endDay: string;
  /** Only these members; leave it out for everyone. */
  readonly userIds?: readonly string[];
  /** What ranks the members: voice time, or messages. @defaultValue 'voice' */
  readonly rankBy?: 'voice' | 'messages';
  /** Add the time of open sessions up to now. @defaultValue false */
  readonly includeLive?: boolean;
}

/**
 * @internal Totals read from the store plus the time not yet in it: pending time, and on request
 * the time of sessions counting now. Most time first.
 */
export function withUnwritten(
  stored: readonly MemberActivityTotal[],
  query: TrackerTotalsQuery,
  roster: VoiceRoster,
  unwritten: { readonly pending: PendingActivity; readonly inFlight: readonly ActivityIncrement[] },
  calendar: DayCalendar,
  now: number,
): MemberActivityTotal[] {
  const totals = new Map(stored.map(({ userId, ms, messages }) => [userId, { userId, ms, messages }]));
  const wanted = query.userIds === undefined ? undefined : new Set(query.userIds);
  const add = (userId: string, ms: number, messages = 0) => {
    if ((ms <= 0 && messages <= 0) || (wanted !== undefined && !wanted.has(userId))) return;
    const total = totals.get(userId);
    if (total === undefined) totals.set(userId, { userId, ms, messages });
    else {
      total.ms += ms;
      total.messages += messages;
    }
  };
  const { guildId, startDay, endDay } = query;
  for (const entry of unwritten.pending.inRange(guildId, startDay, endDay)) add(entry.userId, entry.ms, entry.messages);
  for (const entry of unwritten.inFlight)
    if (entry.guildId === guildId && entry.day >= startDay && entry.day < endDay)
      add(entry.userId, entry.ms, entry.messages);
  const guild = roster.guild(query.guildId);
  for (const slot of query.includeLive === true && guild !== undefined ? roster.inVoice(guild) : []) {
    const since = roster.times[slot * TIMES + COUNTING_SINCE] as number;
    if (((roster.flags[slot] as number) & IN_SESSION) === 0 || Number.isNaN(since)) continue;
    for (const piece of calendar.split(since, now)) {
      if (piece.day >= query.startDay && piece.day < query.endDay) add(roster.userIds[slot] as string, piece.ms);
    }
  }
  return [...totals.values()].sort((a, b) => compareMemberTotals(a, b, query.rankBy));
}
