/**
 * One time zone's calendar days: which day a moment belongs to, and how a stretch of time splits
 * at local midnights (DST days are 23 or 25 hours long, as they are on the wall clock). It keeps
 * the day it looked up last, so the usual call costs two comparisons.
 *
 * @example Splitting an evening in Seoul at midnight
 * ```ts
 * import { DayCalendar } from '@guildkit/core';
 *
 * const seoul = new DayCalendar('Asia/Seoul');
 * seoul.split(Date.parse('2026-11-25T14:30:00Z'), Date.parse('2026-11-25T15:30:00Z'));
 * // [{ day: '2026-11-25', ms: 1_800_000 }, { day: '2026-11-26', ms: 1_800_000 }]
 * ```
 */
export class DayCalendar {
  /** The IANA time zone, such as `'Asia/Seoul'`. */
  public readonly timeZone: string;
  readonly #format: Intl.DateTimeFormat;
  /** The day looked up last; empty bounds at first, so that the first look-up loads. */
  #bounds: { readonly day: string; readonly start: number; readonly end: number } = {
    day: '',
    start: Number.POSITIVE_INFINITY,
    end: Number.NEGATIVE_INFINITY,
  };

  /**
   * @param timeZone - an IANA time zone name
   * @throws `RangeError` naming the zone when the runtime does not know it
   */
  public constructor(timeZone: string) {
    try {
      this.#format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
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
    return this.#bounds;
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
    this.#bounds = Object.freeze({ day, start, end });
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

const HOUR_MS = 3_600_000;
