import { ValidationError } from '../errors.ts';
import { assertDayKey, assertSnowflake } from '../validation.ts';

/**
 * A scheduled report, as the store records that it was posted: one per guild, kind and period.
 *
 * @example Last week's report of a guild
 * ```ts
 * const key: ReportPostKey = { guildId: '1100000000000000001', kind: 'weekly', periodStart: '2026-11-16' };
 * ```
 */
export interface ReportPostKey {
  readonly guildId: string;
  readonly kind: 'daily' | 'weekly' | 'monthly';
  /** The period's first day, `YYYY-MM-DD`. */
  readonly periodStart: string;
}

/**
 * A scheduled report the store recorded as posted, and when.
 *
 * @example The report archive of a guild
 * ```ts
 * for (const post of await store.listReportPosts('1100000000000000001')) console.log(post.kind, post.periodStart);
 * ```
 */
export interface ReportPost extends ReportPostKey {
  /** When it was claimed for posting, epoch milliseconds. */
  readonly claimedAt: number;
}

/**
 * Storage of which scheduled reports were posted, so that each is posted once, across restarts
 * and across processes sharing one database.
 *
 * @example Posting at most once
 * ```ts
 * if (await store.claimReportPost(key, Date.now())) {
 *   try {
 *     await post(report);
 *   } catch (error) {
 *     await store.releaseReportPost(key); // a later attempt may post it
 *     throw error;
 *   }
 * }
 * ```
 */
export interface ReportStore {
  /**
   * Claims the posting of a scheduled report: resolves `true` for the first caller, and `false`
   * for every caller after it (in this process or another) until the claim is released.
   */
  claimReportPost(key: ReportPostKey, claimedAt: number): Promise<boolean>;
  /** Gives a claim back, after the post failed. Releasing what is not claimed does nothing. */
  releaseReportPost(key: ReportPostKey): Promise<void>;

  /**
   * Lists the scheduled reports posted in a guild, the latest period first: a report archive.
   *
   * @param limit - at most this many, 1 to 1,000 @defaultValue 100
   */
  listReportPosts(guildId: string, limit?: number): Promise<ReportPost[]>;
}

/**
 * Checks a report post key, naming the field at fault; every store calls it.
 *
 * @example
 * ```ts
 * const { guildId, kind, periodStart } = prepareReportPostKey(key);
 * ```
 */
export function prepareReportPostKey(key: ReportPostKey): ReportPostKey {
  if (key === null || typeof key !== 'object') throw new ValidationError('key', key, '{ guildId, kind, periodStart }');
  assertSnowflake(key.guildId, 'key.guildId');
  if (key.kind !== 'daily' && key.kind !== 'weekly' && key.kind !== 'monthly') {
    throw new ValidationError('key.kind', key.kind, "'daily', 'weekly' or 'monthly'");
  }
  assertDayKey(key.periodStart, 'key.periodStart');
  return { guildId: key.guildId, kind: key.kind, periodStart: key.periodStart };
}

/**
 * Checks a guild's list query (`listReportPosts`, `listClosedJobListings`): the guild id, and a
 * limit from 1 to 1,000; every store calls it.
 *
 * @example
 * ```ts
 * const { guildId, limit } = prepareListQuery('1100000000000000001', undefined, 100); // limit: 100
 * ```
 */
export function prepareListQuery(
  guildId: string,
  limit: number | undefined,
  defaultLimit: number,
): { readonly guildId: string; readonly limit: number } {
  assertSnowflake(guildId, 'guildId');
  const value = limit ?? defaultLimit;
  if (!Number.isInteger(value) || value < 1 || value > 1_000) {
    throw new ValidationError('limit', limit, 'a whole number from 1 to 1,000');
  }
  return { guildId, limit: value };
}
