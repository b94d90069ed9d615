import { days } from '../activity/day-math.ts';
import type { HourActivityTotal } from '../storage/activity-store.ts';

/**
 * Voice time and messages by hour of the week: 7 rows of 24 hours, on the guild's wall clock.
 * Row 0 is the day weeks start on.
 *
 * @example The busiest hour
 * ```ts
 * const map = activityHeatmap(await store.readHourTotals({ guildId, startDay, endDay }), { weekStartsOn: 1 });
 * const busiest = Math.max(...map.ms.flat());
 * ```
 */
export interface ActivityHeatmap {
  /** The day of row 0: 0 (Sunday) to 6. */
  readonly weekStartsOn: number;
  /** Milliseconds of voice time: `ms[row][hour]`. */
  readonly ms: readonly (readonly number[])[];
  /** Messages: `messages[row][hour]`. */
  readonly messages: readonly (readonly number[])[];
}

/**
 * Folds hour totals (from `readHourTotals`) into an hour-of-week heatmap: each day's hours add to
 * the row of its day of the week.
 *
 * @param hours - hour totals of any range of days
 * @param options - `weekStartsOn`: the day of row 0, 0 (Sunday) to 6; 1 (Monday) by default
 *
 * @example A guild's last 30 days
 * ```ts
 * import { activityHeatmap, days } from '@guildkit/core';
 *
 * const hours = await store.readHourTotals({ guildId, startDay: days.add(today, -29), endDay: days.add(today, 1) });
 * const heatmap = activityHeatmap(hours, { weekStartsOn: 1 });
 * ```
 */
export function activityHeatmap(
  hours: readonly HourActivityTotal[],
  options: { readonly weekStartsOn?: number } = {},
): ActivityHeatmap {
  const weekStartsOn = options.weekStartsOn ?? 1;
  if (!Number.isInteger(weekStartsOn) || weekStartsOn < 0 || weekStartsOn > 6) {
    throw new RangeError(`weekStartsOn must be a day from 0 (Sunday) to 6, not ${String(weekStartsOn)}`);
  }
  const ms = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  const messages = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  let lastDay = '';
  let row = 0;
  for (const total of hours) {
    if (total.day !== lastDay) {
      lastDay = total.day;
      row = (days.weekday(total.day) - weekStartsOn + 7) % 7;
    }
    (ms[row] as number[])[total.hour] = ((ms[row] as number[])[total.hour] as number) + total.ms;
    (messages[row] as number[])[total.hour] = ((messages[row] as number[])[total.hour] as number) + total.messages;
  }
  return { weekStartsOn, ms, messages };
}
