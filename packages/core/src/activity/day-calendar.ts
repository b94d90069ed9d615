/**
 * One time zone's calendar days: which day a moment belongs to, and how a stretch of time splits
 * at local midnights (DST days are 23 or 25 hours long, as they are on the wall clock) or at the
 * wall clock's hours. It keeps the day it looked up last, so the usual call costs two comparisons.
 *
 * @example Splitting an evening in Seoul at midnight
 * ```ts
 * import { DayCalendar } from '@guildkit/core';
 *
 * const seoul = new DayCalendar('Asia/Seoul');
 * seoul.split(Date.parse('2026-11-25T14:30:00Z'), Date.parse('2026-11-25T15:30:00Z'));
 * // [{ day: '2026-11-25', ms: 1_800_000 }, { day: '2026-11-26', ms: 1_800_000 }]
 * seoul.splitHours(Date.parse('2026-11-25T14:30:00Z'), Date.parse('2026-11-25T15:30:00Z'));
 * // [{ day: '2026-11-25', hour: 23, ms: 1_800_000 }, { day: '2026-11-26', hour: 0, ms: 1_800_000 }]
 * ```
 */
export class DayCalendar {
  /** The IANA time zone, such as `'Asia/Seoul'`. */
  public readonly timeZone: string;
  readonly #format: Intl.DateTimeFormat;
  /** The day looked up last; empty bounds at first, so that the first look-up loads. */
  #bounds: DayBounds = {
    day: '',
    start: Number.POSITIVE_INFINITY,
    end: Number.NEGATIVE_INFINITY,
    offsetMs: 0,
    shiftAt: Number.POSITIVE_INFINITY,
    offsetAfterMs: 0,
  };
  /** The day's bounds as {@link boundsOf} gives them. */
  #view: { readonly day: string; readonly start: number; readonly end: number } = this.#bounds;
  /** The wall clock's fields, for the offset from UTC. */
  readonly #clock: Intl.DateTimeFormat;

  /**
   * @param timeZone - an IANA time zone name
   * @throws `RangeError` naming the zone when the runtime does not know it
   */
  public constructor(timeZone: string) {
    try {
      this.#format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
      this.#clock = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
      });
    } catch {
      throw new RangeError(
        `"${timeZone}" is not an IANA time zone this runtime knows (such as Asia/Seoul or Europe/Berlin)`,
      );
    }
    this.timeZone = timeZone;
  }

  /** The local day of a moment, `YYYY-MM-DD`. */
  public dayOf(at: number): string {
    return this.boundsOf(at).day;
  }

  /** When the local day of a moment starts and ends (exclusive), epoch milliseconds. */
  public boundsOf(at: number): { readonly day: string; readonly start: number; readonly end: number } {
    if (at < this.#bounds.start || at >= this.#bounds.end) this.#load(at);
    return this.#view;
  }

  #boundsOf(at: number): DayBounds {
    if (at < this.#bounds.start || at >= this.#bounds.end) this.#load(at);
    return this.#bounds;
  }

  /**
   * Splits `[start, end)` at the wall clock's hours into one piece per day and hour, in order; an
   * hour the clock shows twice (when DST ends) is one piece. Empty when `end <= start`.
   */
  public splitHours(start: number, end: number): { day: string; hour: number; ms: number }[] {
    const pieces: { day: string; hour: number; ms: number }[] = [];
    let from = start;
    while (from < end) {
      const bounds = this.#boundsOf(from);
      const shifted = from >= bounds.shiftAt;
      const local = from + (shifted ? bounds.offsetAfterMs : bounds.offsetMs);
      const intoHour = ((local % HOUR_MS) + HOUR_MS) % HOUR_MS;
      const hour = Math.floor((((local % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS);
      const to = Math.min(end, from + HOUR_MS - intoHour, bounds.end, shifted ? end : bounds.shiftAt);
      const last = pieces.at(-1);
      if (last !== undefined && last.day === bounds.day && last.hour === hour) last.ms += to - from;
      else pieces.push({ day: bounds.day, hour, ms: to - from });
      from = to;
    }
    return pieces;
  }

  /** Splits `[start, end)` at local midnights into one piece per day, in order; empty when `end <= start`. */
  public split(start: number, end: number): { day: string; ms: number }[] {
    const pieces: { day: string; ms: number }[] = [];
    let from = start;
    while (from < end) {
      const bounds = this.boundsOf(from);
      const to = Math.min(end, bounds.end);
      pieces.push({ day: bounds.day, ms: to - from });
      from = to;
    }
    return pieces;
  }

  #load(at: number): void {
    const day = this.#dayAt(at);
    // A local day is at most 27 hours long and starts at most 27 hours before any of its moments.
    const start = this.#firstMomentFrom(at - 27 * HOUR_MS, at, (moment) => this.#dayAt(moment) >= day);
    const end = this.#firstMomentFrom(at, at + 27 * HOUR_MS, (moment) => this.#dayAt(moment) > day);
    const offsetMs = this.#offsetAt(start);
    const offsetAfterMs = this.#offsetAt(end - 1);
    // A day whose offset changes (a DST day) has one moment where it does: found as the day's bounds are.
    const shiftAt =
      offsetAfterMs === offsetMs
        ? Number.POSITIVE_INFINITY
        : this.#firstMomentFrom(start, end - 1, (moment) => this.#offsetAt(moment) === offsetAfterMs);
    this.#bounds = Object.freeze({ day, start, end, offsetMs, shiftAt, offsetAfterMs });
    this.#view = Object.freeze({ day, start, end });
  }

  /** The first moment in `[low, high]` for which `reached` holds (it holds at `high`, and holds on once it holds). */
  #firstMomentFrom(low: number, high: number, reached: (moment: number) => boolean): number {
    let lo = low;
    let hi = high;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (reached(mid)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** How far the wall clock is ahead of UTC at a moment, in milliseconds (a whole number of minutes). */
  #offsetAt(at: number): number {
    const fields: Record<string, number> = {};
    for (const part of this.#clock.formatToParts(at))
      if (part.type !== 'literal') fields[part.type] = Number(part.value);
    const wall = Date.UTC(
      fields.year as number,
      (fields.month as number) - 1,
      fields.day as number,
      fields.hour as number,
      fields.minute as number,
    );
    return wall - (at - (((at % MINUTE_MS) + MINUTE_MS) % MINUTE_MS));
  }

  #dayAt(at: number): string {
    let year = '';
    let month = '';
    let day = '';
    for (const part of this.#format.formatToParts(at)) {
      if (part.type === 'year') year = part.value;
      else if (part.type === 'month') month = part.value;
      else if (part.type === 'day') day = part.value;
    }
    return `${year.padStart(4, '0')}-${month}-${day}`;
  }
}

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** A local day's bounds, and its offset from UTC (and where it changes, on a DST day). */
interface DayBounds {
  readonly day: string;
  readonly start: number;
  readonly end: number;
  readonly offsetMs: number;
  /** The first moment on the offset after the change; +Infinity on a day without one. */
  readonly shiftAt: number;
  readonly offsetAfterMs: number;
}
