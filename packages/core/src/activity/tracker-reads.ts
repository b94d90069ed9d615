import type { DayCalendar } from './day-calendar.ts';

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
  /** Add the time of open sessions up to now. @defaultValue false */
  readonly includeLive?: boolean;
}

/** @internal Adds time not yet in the store, pending and live, to totals read from it. */
export function addUnwritten(
  totals: Map<string, number>,
  query: TrackerTotalsQuery,
  pending: Iterable<{ readonly userId: string; readonly ms: number }>,
  /** Open sessions counting now: since when. */
  live: Iterable<{ readonly userId: string; readonly since: number }>,
  calendar: DayCalendar,
  now: number,
): void {
  const wanted = query.userIds === undefined ? undefined : new Set(query.userIds);
  const add = (userId: string, ms: number) => {
    if (ms > 0 && (wanted === undefined || wanted.has(userId))) totals.set(userId, (totals.get(userId) ?? 0) + ms);
  };
  for (const entry of pending) add(entry.userId, entry.ms);
  for (const { userId, since } of live) {
    for (const piece of calendar.split(since, now)) {
      if (piece.day >= query.startDay && piece.day < query.endDay) add(userId, piece.ms);
    }
  }
}
