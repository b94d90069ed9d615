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
  /** The days looked up last, newest first. */
  readonly #recent: { readonly bounds: DayBounds; readonly view: DayView }[] = [];
  /** The hours looked up lately, in a ring. */
  readonly #hours: HourBounds[] = [];
  #nextHour = 0;
  /** The hour looked up last. */
  #hour: HourBounds = { day: '', hour: 0, start: Number.POSITIVE_INFINITY, end: Number.NEGATIVE_INFINITY };
  /** The day's bounds as {@link boundsOf} gives them. */
  #view: DayView = this.#bounds;
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
   * The wall clock's hour of a moment: its day, its hour (0 to 23), and when that stretch of the
   * hour starts and ends (exclusive). An hour the clock shows twice is two stretches.
   */
  public hourOf(at: number): HourBounds {
    const last = this.#hour;
    if (at >= last.start && at < last.end) return last;
    // The hours looked up lately: stretches that began an hour or two before are usual.
    for (const known of this.#hours) {
      if (at >= known.start && at < known.end) {
        this.#hour = known;
        return known;
      }
    }
    const bounds = this.#boundsOf(at);
    const shifted = at >= bounds.shiftAt;
    const local = at + (shifted ? bounds.offsetAfterMs : bounds.offsetMs);
    const intoHour = ((local % HOUR_MS) + HOUR_MS) % HOUR_MS;
    const hour = Math.floor((((local % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS);
    const start = Math.max(at - intoHour, bounds.start, shifted ? bounds.shiftAt : bounds.start);
    const end = Math.min(at - intoHour + HOUR_MS, bounds.end, shifted ? bounds.end : bounds.shiftAt);
    this.#hour = Object.freeze({ day: bounds.day, hour, start, end });
    this.#hours[this.#nextHour] = this.#hour;
    this.#nextHour = (this.#nextHour + 1) % RECENT_HOURS;
    return this.#hour;
  }

  /**
   * Splits `[start, end)` at the wall clock's hours into one piece per day and hour, in order; an
   * hour the clock shows twice (when DST ends) is one piece. Empty when `end <= start`.
   */
  public splitHours(start: number, end: number): { day: string; hour: number; ms: number }[] {
    const pieces: { day: string; hour: number; ms: number }[] = [];
    let from = start;
    while (from < end) {
      const { day, hour, end: hourEnd } = this.hourOf(from);
      const to = Math.min(end, hourEnd);
      const last = pieces.at(-1);
      if (last !== undefined && last.day === day && last.hour === hour) last.ms += to - from;
      else pieces.push({ day, hour, ms: to - from });
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
    // The days looked up lately: around midnight, members' stretches start on both sides of it.
    for (const known of this.#recent) {
      if (at >= known.bounds.start && at < known.bounds.end) {
        this.#bounds = known.bounds;
        this.#view = known.view;
        return;
      }
    }
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
    this.#recent.unshift({ bounds: this.#bounds, view: this.#view });
    if (this.#recent.length > RECENT_DAYS) this.#recent.pop();
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
/** Days a calendar keeps looked up. */
const RECENT_DAYS = 4;
/** Hours a calendar keeps looked up. */
const RECENT_HOURS = 8;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * One hour of the wall clock, as {@link DayCalendar.hourOf} gives it.
 *
 * @example The hour of a moment in Seoul
 * ```ts
 * new DayCalendar('Asia/Seoul').hourOf(Date.parse('2026-11-25T12:30:00Z'));
 * // { day: '2026-11-25', hour: 21, start: Date.parse('2026-11-25T12:00:00Z'), end: Date.parse('2026-11-25T13:00:00Z') }
 * ```
 */
export interface HourBounds {
  /** The local day, `YYYY-MM-DD`. */
  readonly day: string;
  /** The hour, 0 to 23. */
  readonly hour: number;
  /** When this stretch of the hour starts, epoch milliseconds. */
  readonly start: number;
  /** When it ends (exclusive), epoch milliseconds. */
  readonly end: number;
}

/** A local day's bounds, as `boundsOf` gives them. */
type DayView = { readonly day: string; readonly start: number; readonly end: number };

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
