import { assertDayKey } from '../validation.ts';

const DAY_MS = 86_400_000;

function toUtc(day: string): number {
  assertDayKey(day, 'day');
  const date = new Date(0);
  date.setUTCFullYear(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
  return date.getTime();
}

function fromUtc(ms: number): string {
  const date = new Date(ms);
  return `${String(date.getUTCFullYear()).padStart(4, '0')}-${String(date.getUTCMonth() + 1).padStart(2, '0')}-${String(date.getUTCDate()).padStart(2, '0')}`;
}

/**
 * Calendar arithmetic on `YYYY-MM-DD` days, independent of any time zone.
 *
 * @example The week and month around a day
 * ```ts
 * import { days } from '@guildkit/core';
 *
 * days.add('2026-11-30', 1); // '2026-12-01'
 * days.startOfWeek('2026-11-25'); // '2026-11-23', a Monday
 * days.startOfMonth('2026-11-25'); // '2026-11-01'
 * days.weekday('2026-11-25'); // 3, a Wednesday
 * days.addMonths('2026-11-01', 1); // '2026-12-01'
 * ```
 */
export const days = Object.freeze({
  /** The day `count` days after `day` (before, when negative). */
  add(day: string, count: number): string {
    return fromUtc(toUtc(day) + count * DAY_MS);
  },
  /** The first day of `day`'s week; weeks start on Monday (1) unless told otherwise (0 is Sunday). */
  startOfWeek(day: string, weekStartsOn = 1): string {
    const weekday = new Date(toUtc(day)).getUTCDay();
    return fromUtc(toUtc(day) - ((weekday - weekStartsOn + 7) % 7) * DAY_MS);
  },
  /** The day of the week of `day`, 0 (Sunday) to 6 (Saturday). */
  weekday(day: string): number {
    return new Date(toUtc(day)).getUTCDay();
  },
  /** Days from `start` to `end` (negative when `end` is earlier). */
  between(start: string, end: string): number {
    return Math.round((toUtc(end) - toUtc(start)) / DAY_MS);
  },
  /** The first day of `day`'s month. */
  startOfMonth(day: string): string {
    return `${day.slice(0, 7)}-01`;
  },
  /** The first day of the month `count` months after the month of `day`. */
  addMonths(day: string, count: number): string {
    const date = new Date(toUtc(this.startOfMonth(day)));
    date.setUTCMonth(date.getUTCMonth() + count);
    return fromUtc(date.getTime());
  },
});
