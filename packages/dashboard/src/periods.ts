import { DayCalendar, days, isDayKey, reportRange } from '@guildkit/core';
import type { DashboardPeriod } from './dashboard-strings.ts';

/** @internal The periods a page offers, in the order the picker lists them. */
export const PERIODS: readonly DashboardPeriod[] = ['today', 'week', 'month', 'last7', 'last30', 'last90', 'last365'];

/** @internal The days a page shows, and how the person asked for them. */
export interface PageRange {
  readonly period: DashboardPeriod | 'custom';
  readonly startDay: string;
  readonly endDay: string;
  /** For the picker: the first and last day shown (both included). */
  readonly from: string;
  readonly to: string;
  /** Today in the guild: a chart of a period that goes on past it stops there. */
  readonly today: string;
}

/** @internal Why a period could not be read; the page says so. */
export class PeriodError extends Error {}

const calendars = new Map<string, DayCalendar>();

/**
 * @internal The range of `?period=` (or `?from=&to=`, both days included, at most 366 days) in the
 * guild's calendar.
 */
export function pageRange(
  query: { readonly period?: string; readonly from?: string; readonly to?: string },
  guild: { readonly timeZone: string; readonly weekStartsOn: number },
  now: number,
  fallback: DashboardPeriod = 'last30',
): PageRange {
  let calendar = calendars.get(guild.timeZone);
  if (calendar === undefined) {
    calendar = new DayCalendar(guild.timeZone);
    calendars.set(guild.timeZone, calendar);
  }
  const today = calendar.dayOf(now);
  if (query.from !== undefined || query.to !== undefined) {
    const { from, to } = query;
    if (!isDayKey(from) || !isDayKey(to)) throw new PeriodError('from and to must be days, such as 2026-11-01');
    const length = days.between(from, to) + 1;
    if (length < 1 || length > 366) throw new PeriodError('to must be on or after from, at most 366 days later');
    return { period: 'custom', startDay: from, endDay: days.add(to, 1), from, to, today };
  }
  const period = (query.period ?? fallback) as DashboardPeriod;
  if (!PERIODS.includes(period)) throw new PeriodError(`period must be one of ${PERIODS.join(', ')}`);
  const range = (() => {
    switch (period) {
      case 'today':
        return reportRange('daily', today, 'current');
      case 'week':
        return reportRange('weekly', today, 'current', guild.weekStartsOn);
      case 'month':
        return reportRange('monthly', today, 'current');
      case 'last7':
      case 'last30':
        return reportRange(period, today, 'current');
      default: {
        const count = period === 'last90' ? 90 : 365;
        return { startDay: days.add(today, 1 - count), endDay: days.add(today, 1) };
      }
    }
  })();
  return {
    period,
    startDay: range.startDay,
    endDay: range.endDay,
    from: range.startDay,
    to: days.add(range.endDay, -1),
    today,
  };
}
