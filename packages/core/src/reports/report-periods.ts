import { days } from '../activity/day-math.ts';
import { ValidationError } from '../errors.ts';
import { assertDayKey } from '../validation.ts';

/**
 * Which period a report covers: a calendar day, week or month in the guild's time zone, the last 7
 * or 30 days (rolling), or any run of days (`from` and `to` both included).
 *
 * @example The first half of November
 * ```ts
 * const period: ReportPeriod = { from: '2026-11-01', to: '2026-11-15' };
 * ```
 */
export type ReportPeriod =
  | 'daily'
  | 'weekly'
  | 'monthly'
  | 'last7'
  | 'last30'
  | { readonly from: string; readonly to: string };

/**
 * The days a report covers: `[startDay, endDay)`, in the guild's calendar.
 *
 * @example The week of 23 November 2026
 * ```ts
 * const range: ReportRange = { kind: 'weekly', startDay: '2026-11-23', endDay: '2026-11-30' };
 * ```
 */
export interface ReportRange {
  readonly kind: 'daily' | 'weekly' | 'monthly' | 'last7' | 'last30' | 'custom';
  /** The first day, `YYYY-MM-DD`. */
  readonly startDay: string;
  /** The day after the last, `YYYY-MM-DD`. */
  readonly endDay: string;
}

/**
 * The range of a period around `today`: the one `today` is in (`'current'`), or the last one that
 * has ended (`'last-complete'`, what scheduled reports cover). A `{ from, to }` period is itself.
 *
 * @param weekStartsOn - 0 (Sunday) to 6; 1 is Monday
 *
 * @example Yesterday, as the daily report at 00:05 covers it
 * ```ts
 * reportRange('daily', '2026-11-26', 'last-complete'); // { kind: 'daily', startDay: '2026-11-25', endDay: '2026-11-26' }
 * ```
 */
export function reportRange(
  period: ReportPeriod,
  today: string,
  which: 'current' | 'last-complete',
  weekStartsOn = 1,
): ReportRange {
  assertDayKey(today, 'today');
  if (typeof period === 'object' && period !== null) {
    assertDayKey(period.from, 'period.from');
    assertDayKey(period.to, 'period.to');
    const length = days.between(period.from, period.to) + 1;
    if (length < 1 || length > 366) {
      throw new ValidationError('period', period, '{ from, to } with to on or after from, at most 366 days');
    }
    return { kind: 'custom', startDay: period.from, endDay: days.add(period.to, 1) };
  }
  const back = which === 'last-complete' ? 1 : 0;
  if (period === 'daily') return { kind: 'daily', startDay: days.add(today, -back), endDay: days.add(today, 1 - back) };
  if (period === 'weekly') {
    const start = days.add(days.startOfWeek(today, weekStartsOn), -7 * back);
    return { kind: 'weekly', startDay: start, endDay: days.add(start, 7) };
  }
  if (period === 'monthly') {
    const start = days.addMonths(today, -back);
    return { kind: 'monthly', startDay: start, endDay: days.addMonths(start, 1) };
  }
  if (period === 'last7' || period === 'last30') {
    // Rolling: the days up to today ('current'), or the days up to yesterday ('last-complete').
    const end = days.add(today, 1 - back);
    return { kind: period, startDay: days.add(end, period === 'last7' ? -7 : -30), endDay: end };
  }
  throw new ValidationError('period', period, "'daily', 'weekly', 'monthly', 'last7', 'last30' or { from, to }");
}

/**
 * The period before a range, to compare with: the day, week or calendar month before; for a custom
 * range, as many days before it.
 *
 * @example
 * ```ts
 * previousRange({ kind: 'monthly', startDay: '2026-03-01', endDay: '2026-04-01' }); // February 2026
 * ```
 */
export function previousRange(range: ReportRange): ReportRange {
  if (range.kind === 'monthly') {
    return { kind: 'monthly', startDay: days.addMonths(range.startDay, -1), endDay: range.startDay };
  }
  const length = days.between(range.startDay, range.endDay);
  return { kind: range.kind, startDay: days.add(range.startDay, -length), endDay: range.startDay };
}
