import { ValidationError } from './errors.ts';

const SNOWFLAKE = /^[0-9]{1,20}$/;
/** @internal The largest epoch milliseconds a `Date` holds, either side of 1970. */
export const MAX_DATE_MS = 8_640_000_000_000_000;
const DAY_KEY = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/**
 * @internal Returns an option's value when it is a whole number of at least `min`; otherwise
 * throws a `TypeError` that names the option (`BatchLoggerOptions.batchSize`, say) and what it
 * must be.
 */
/**
 * @internal Refuses options by names that were renamed, saying the new name: a plain JavaScript
 * caller would otherwise see the old option silently ignored.
 */
export function refuseRenamed(
  options: object | undefined,
  owner: string,
  renamed: Readonly<Record<string, string>>,
): void {
  if (options === null || typeof options !== 'object') return;
  for (const [old, now] of Object.entries(renamed)) {
    if (old in options) throw new TypeError(`${owner}.${old} is now called ${now}; rename it (see the upgrade notes).`);
  }
}

export function integerOption(
  value: unknown,
  option: string,
  min: number,
  wanted = `an integer of at least ${min}`,
): number {
  if (!Number.isSafeInteger(value) || (value as number) < min) {
    throw new TypeError(`${option} must be ${wanted}; received ${String(value)}`);
  }
  return value as number;
}

/**
 * Whether a value is a Discord snowflake: a string of 1 to 20 digits.
 *
 * @param value - anything
 * @returns `true` for `'1234567890123456789'`, `false` for `1234`, `''` or `'abc'`
 *
 * @example Telling ids from names
 * ```ts
 * import { isSnowflake } from '@guildkit/core';
 *
 * isSnowflake('1234567890123456789'); // true
 * isSnowflake('general'); // false
 * ```
 */
export function isSnowflake(value: unknown): value is string {
  return typeof value === 'string' && SNOWFLAKE.test(value);
}

/**
 * Throws a {@link @guildkit/core!ValidationError} unless `value` is a Discord snowflake.
 *
 * @param value - the value to check
 * @param field - where it came from, named in the error
 *
 * @example Checking an interaction guild id
 * ```ts
 * import { assertSnowflake } from '@guildkit/core/store-kit';
 *
 * assertSnowflake(interaction.guildId, 'guildId');
 * ```
 */
export function assertSnowflake(value: unknown, field: string): asserts value is string {
  if (!isSnowflake(value)) throw new ValidationError(field, value, 'a Discord snowflake (a string of 1 to 20 digits)');
}

/**
 * Whether a value is a calendar day written `YYYY-MM-DD`, such as `'2026-11-25'`.
 *
 * @param value - anything
 *
 * @example Telling real days from impossible ones
 * ```ts
 * import { isDayKey } from '@guildkit/core';
 *
 * isDayKey('2026-02-28'); // true
 * isDayKey('2026-02-30'); // false
 * ```
 */
export function isDayKey(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DAY_KEY.exec(value);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1) return false; // there is no year 0 (PostgreSQL's date type has none either)
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // not Date.UTC, which reads years 0-99 as 1900-1999
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * Throws a {@link @guildkit/core!ValidationError} unless `value` is a calendar day written `YYYY-MM-DD`.
 *
 * @param value - the value to check
 * @param field - where it came from, named in the error
 *
 * @example Checking the start of a range
 * ```ts
 * import { assertDayKey } from '@guildkit/core/store-kit';
 *
 * assertDayKey(range.startDay, 'startDay');
 * ```
 */
export function assertDayKey(value: unknown, field: string): asserts value is string {
  if (!isDayKey(value)) throw new ValidationError(field, value, 'a calendar day written YYYY-MM-DD');
}

/**
 * Throws a {@link @guildkit/core!ValidationError} unless `value` is a whole number from 0 up to
 * `Number.MAX_SAFE_INTEGER`, as durations in milliseconds and counts are.
 *
 * @param value - the value to check
 * @param field - where it came from, named in the error
 *
 * @example Checking a duration
 * ```ts
 * import { assertNonNegativeInteger } from '@guildkit/core/store-kit';
 *
 * assertNonNegativeInteger(increment.ms, 'ms');
 * ```
 */
export function assertNonNegativeInteger(value: unknown, field: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ValidationError(field, value, 'a whole number from 0 to Number.MAX_SAFE_INTEGER');
  }
}

/**
 * Throws a {@link @guildkit/core!ValidationError} unless `value` is a point in time as epoch milliseconds
 * (a whole number, as `Date.now()` returns).
 *
 * @param value - the value to check
 * @param field - where it came from, named in the error
 *
 * @example Checking a start time
 * ```ts
 * import { assertEpochMs } from '@guildkit/core/store-kit';
 *
 * assertEpochMs(checkpoint.startedAt, 'startedAt');
 * ```
 */
export function assertEpochMs(value: unknown, field: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || Math.abs(value) > MAX_DATE_MS) {
    throw new ValidationError(
      field,
      value,
      'a time in epoch milliseconds (a whole number within the range of Date, as Date.now() returns)',
    );
  }
}

/**
 * Throws a {@link @guildkit/core!ValidationError} unless `value` is a string of at most `maxLength` UTF-16 code units.
 *
 * @param value - the value to check
 * @param field - where it came from, named in the error
 * @param maxLength - the longest length allowed
 *
 * @example Checking a title
 * ```ts
 * import { assertText } from '@guildkit/core/store-kit';
 *
 * assertText(listing.title, 'title', 100);
 * ```
 */
export function assertText(value: unknown, field: string, maxLength: number): asserts value is string {
  // NUL is refused because PostgreSQL cannot store it in text; every store refuses it alike.
  if (typeof value !== 'string' || value.length > maxLength || value.includes('\u0000')) {
    throw new ValidationError(field, value, `a string of at most ${maxLength} characters, without NUL characters`);
  }
}

// Internal helpers of the prepare-* modules; not part of the public barrel.

/** @internal */
export function assertArray(value: unknown, field: string): asserts value is readonly unknown[] {
  if (!Array.isArray(value)) throw new ValidationError(field, value, 'an array');
}

/** @internal */
export function assertObject(value: unknown, field: string): asserts value is object {
  if (value === null || typeof value !== 'object') throw new ValidationError(field, value, 'an object');
}

/** @internal Binary (code unit) order, the same as SQL's `ORDER BY` with a binary collation. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
