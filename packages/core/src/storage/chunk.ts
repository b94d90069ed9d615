/**
 * Splits a list into runs of at most `size` items, for statements with a bound on parameters.
 *
 * @example Splitting rows for statements
 * ```ts
 * import { chunk } from '@guildkit/core/store-kit';
 *
 * chunk([1, 2, 3, 4, 5], 2); // [[1, 2], [3, 4], [5]]
 * ```
 */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isSafeInteger(size) || size < 1)
    throw new RangeError(`chunk size must be a whole number from 1; received ${size}`);
  const runs: T[][] = [];
  for (let start = 0; start < items.length; start += size) runs.push(items.slice(start, start + size));
  return runs;
}
