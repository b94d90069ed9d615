import { ValidationError } from '../errors.ts';
import {
  assertArray,
  assertDayKey,
  assertEpochMs,
  assertNonNegativeInteger,
  assertObject,
  assertSnowflake,
  assertText,
  compareText,
  isDayKey,
  isSnowflake,
} from '../validation.ts';
import type {
  ActivityBatch,
  ActivityIncrement,
  ActivityTotalsQuery,
  MemberKey,
  SessionCheckpoint,
} from './activity-store.ts';
import { type PreparedActivityDetails, prepareActivitySlices } from './prepare-activity-details.ts';

// The prepare-* modules are the one place where store input is checked and normalised, so that
// every store accepts and rejects exactly the same things. Each either returns clean data or
// throws a ValidationError before anything is written.

/**
 * Checks a batch of activity increments and merges those of the same (guild, member, day),
 * dropping zero sums. The result is sorted by guild, day and member (the stores' key order), so that
 * concurrent writers lock rows in the same order.
 *
 * @param increments - a batch as handed to {@link @guildkit/core!ActivityStore.addActivity}
 * @returns one increment per key, with `messages` always given
 * @throws {@link @guildkit/core!ValidationError} naming the first malformed field
 *
 * @example In a store's addActivity
 * ```ts
 * import { prepareActivityIncrements } from '@guildkit/core/store-kit';
 *
 * const rows = prepareActivityIncrements(increments);
 * if (rows.length === 0) return;
 * ```
 */
export function prepareActivityIncrements(increments: readonly ActivityIncrement[]): ActivityIncrement[] {
  assertArray(increments, 'increments');
  const days = new Set<string>(); // days already found valid in this batch
  increments.forEach((increment, index) => {
    // The cheap checks first; the field path is only spelled out for an error.
    const valid =
      increment !== null &&
      typeof increment === 'object' &&
      isSnowflake(increment.guildId) &&
      isSnowflake(increment.userId) &&
      (days.has(increment.day) || isDayKey(increment.day)) &&
      Number.isSafeInteger(increment.ms) &&
      increment.ms >= 0 &&
      (increment.messages === undefined || (Number.isSafeInteger(increment.messages) && increment.messages >= 0));
    if (!valid) {
      const at = `increments[${index}]`;
      assertObject(increment, at);
      assertSnowflake(increment.guildId, `${at}.guildId`);
      assertSnowflake(increment.userId, `${at}.userId`);
      assertDayKey(increment.day, `${at}.day`);
      assertNonNegativeInteger(increment.ms, `${at}.ms`);
      if (increment.messages !== undefined) assertNonNegativeInteger(increment.messages, `${at}.messages`);
    }
    days.add(increment.day);
  });
  // Sorted by key, the increments of one key are neighbours: merged in one pass, without building keys.
  const order = Array.from(increments.keys()).sort((a, b) => compareIncrements(increments[a], increments[b]));
  const merged: ActivityIncrement[] = [];
  let last: { guildId: string; userId: string; day: string; ms: number; messages: number } | undefined;
  for (const index of order) {
    const { guildId, userId, day, ms, messages = 0 } = increments[index] as ActivityIncrement;
    if (last !== undefined && last.guildId === guildId && last.day === day && last.userId === userId) {
      last.ms += ms;
      last.messages += messages;
      if (!Number.isSafeInteger(last.ms) || !Number.isSafeInteger(last.messages)) {
        const field = Number.isSafeInteger(last.ms) ? 'messages' : 'ms';
        assertNonNegativeInteger(
          last[field],
          `increments[${index}].${field} (summed with the other increments of that member and day)`,
        );
      }
    } else {
      last = { guildId, userId, day, ms, messages };
      merged.push(last);
    }
  }
  return merged.filter((increment) => increment.ms > 0 || (increment.messages as number) > 0);
}

/** By guild, day and member: the order of the stores' primary keys, so that writes walk the index in order. */
function compareIncrements(a: ActivityIncrement | undefined, b: ActivityIncrement | undefined): number {
  const x = a as ActivityIncrement;
  const y = b as ActivityIncrement;
  return compareText(x.guildId, y.guildId) || compareText(x.day, y.day) || compareText(x.userId, y.userId);
}

/**
 * Checks a totals query; member ids come back without duplicates.
 *
 * @param query - as handed to {@link @guildkit/core!ActivityStore.readActivityTotals}
 * @throws {@link @guildkit/core!ValidationError} when an id or day is malformed or `endDay` is before `startDay`
 *
 * @example Checking a totals query in a store
 * ```ts
 * import { prepareActivityTotalsQuery } from '@guildkit/core/store-kit';
 *
 * const { guildId, startDay, endDay, userIds } = prepareActivityTotalsQuery(query);
 * ```
 */
export function prepareActivityTotalsQuery(query: ActivityTotalsQuery): ActivityTotalsQuery {
  assertObject(query, 'query');
  assertSnowflake(query.guildId, 'query.guildId');
  assertDayKey(query.startDay, 'query.startDay');
  assertDayKey(query.endDay, 'query.endDay');
  if (query.endDay < query.startDay) {
    throw new ValidationError('query.endDay', query.endDay, `a day on or after startDay (${query.startDay})`);
  }
  const rankBy = query.rankBy ?? 'voice';
  if (rankBy !== 'voice' && rankBy !== 'messages')
    throw new ValidationError('query.rankBy', rankBy, "'voice' or 'messages'");
  if (query.userIds === undefined)
    return {
      guildId: query.guildId,
      startDay: query.startDay,
      endDay: query.endDay,
      rankBy,
    };
  assertArray(query.userIds, 'query.userIds');
  for (const [index, userId] of query.userIds.entries()) assertSnowflake(userId, `query.userIds[${index}]`);
  return {
    guildId: query.guildId,
    startDay: query.startDay,
    endDay: query.endDay,
    userIds: [...new Set(query.userIds)],
    rankBy,
  };
}

/**
 * Orders member totals as every store returns them: most time first (or most messages, ranked by
 * messages), ties by the other measure, then by member id in text order (as SQL's `ORDER BY
 * user_id` with a binary collation).
 *
 * @example Ordering totals in a store
 * ```ts
 * import { compareMemberTotals } from '@guildkit/core/store-kit';
 *
 * totals.sort(compareMemberTotals);
 * ```
 */
export function compareMemberTotals(
  a: { userId: string; ms: number; messages?: number },
  b: { userId: string; ms: number; messages?: number },
  rankBy: 'voice' | 'messages' = 'voice',
): number {
  const byMessages = (b.messages ?? 0) - (a.messages ?? 0);
  const byVoice = b.ms - a.ms;
  return (rankBy === 'voice' ? byVoice || byMessages : byMessages || byVoice) || compareText(a.userId, b.userId);
}

/**
 * Checks a batch of session checkpoints; of several for one member, the last one wins.
 * Sorted by guild and member.
 *
 * @throws {@link @guildkit/core!ValidationError} naming the first malformed field
 *
 * @example Checking checkpoints in a store
 * ```ts
 * import { prepareSessionCheckpoints } from '@guildkit/core/store-kit';
 *
 * const rows = prepareSessionCheckpoints(checkpoints);
 * ```
 */
export function prepareSessionCheckpoints(checkpoints: readonly SessionCheckpoint[]): SessionCheckpoint[] {
  assertArray(checkpoints, 'checkpoints');
  const latest = new Map<string, SessionCheckpoint>();
  checkpoints.forEach((checkpoint, index) => {
    const at = `checkpoints[${index}]`;
    assertObject(checkpoint, at);
    assertSnowflake(checkpoint.guildId, `${at}.guildId`);
    assertSnowflake(checkpoint.userId, `${at}.userId`);
    assertSnowflake(checkpoint.channelId, `${at}.channelId`);
    assertEpochMs(checkpoint.startedAt, `${at}.startedAt`);
    assertEpochMs(checkpoint.checkpointAt, `${at}.checkpointAt`);
    if (checkpoint.checkpointAt < checkpoint.startedAt) {
      throw new ValidationError(`${at}.checkpointAt`, checkpoint.checkpointAt, 'a time on or after startedAt');
    }
    const { guildId, userId, channelId, startedAt, checkpointAt } = checkpoint;
    latest.set(`${guildId}:${userId}`, {
      guildId,
      userId,
      channelId,
      startedAt,
      checkpointAt,
    });
  });
  return sortByMember([...latest.values()]);
}

/**
 * Checks member keys and drops duplicates; sorted by guild and member.
 *
 * @throws {@link @guildkit/core!ValidationError} naming the first malformed field
 *
 * @example Checking member keys in a store
 * ```ts
 * import { prepareMemberKeys } from '@guildkit/core/store-kit';
 *
 * const keys = prepareMemberKeys([{ guildId, userId }]);
 * ```
 */
export function prepareMemberKeys(keys: readonly MemberKey[]): MemberKey[] {
  assertArray(keys, 'keys');
  const unique = new Map<string, MemberKey>();
  keys.forEach((key, index) => {
    assertObject(key, `keys[${index}]`);
    assertSnowflake(key.guildId, `keys[${index}].guildId`);
    assertSnowflake(key.userId, `keys[${index}].userId`);
    unique.set(`${key.guildId}:${key.userId}`, {
      guildId: key.guildId,
      userId: key.userId,
    });
  });
  return sortByMember([...unique.values()]);
}

/**
 * Throws a {@link @guildkit/core!ValidationError} unless `guildId` is left out or is a snowflake.
 *
 * @example Checking an optional guild id
 * ```ts
 * import { assertOptionalGuildId } from '@guildkit/core/store-kit';
 *
 * assertOptionalGuildId(guildId);
 * ```
 */
export function assertOptionalGuildId(guildId: unknown): asserts guildId is string | undefined {
  if (guildId !== undefined) assertSnowflake(guildId, 'guildId');
}

function sortByMember<T extends MemberKey>(items: T[]): T[] {
  return items.sort((a, b) => compareText(a.guildId, b.guildId) || compareText(a.userId, b.userId));
}

/**
 * A checked {@link ActivityBatch}: every part present, each prepared as its own function does.
 *
 * @example What a store writes
 * ```ts
 * const { id, increments, removeCheckpoints, saveCheckpoints }: PreparedActivityBatch = prepareActivityBatch(batch);
 * ```
 */
export interface PreparedActivityBatch {
  /** The batch's id, if it has one: a store that recorded it already records nothing. */
  readonly id: string | undefined;
  readonly increments: ActivityIncrement[];
  /** The slices, summed per table's key: see {@link prepareActivitySlices}. */
  readonly details: PreparedActivityDetails;
  readonly removeCheckpoints: MemberKey[];
  readonly saveCheckpoints: SessionCheckpoint[];
}

/**
 * Checks a tracker's flush batch, part by part, before anything is written.
 *
 * @throws {@link @guildkit/core!ValidationError} naming the first malformed field
 *
 * @example In a store's recordActivity
 * ```ts
 * import { prepareActivityBatch } from '@guildkit/core/store-kit';
 *
 * const { increments, removeCheckpoints, saveCheckpoints } = prepareActivityBatch(batch);
 * ```
 */
export function prepareActivityBatch(batch: ActivityBatch): PreparedActivityBatch {
  assertObject(batch, 'batch');
  if (batch.id !== undefined) assertText(batch.id, 'id', 100);
  return {
    id: batch.id,
    increments: prepareActivityIncrements(batch.increments ?? []),
    details: prepareActivitySlices(batch.slices ?? []),
    removeCheckpoints: prepareMemberKeys(batch.removeCheckpoints ?? []),
    saveCheckpoints: prepareSessionCheckpoints(batch.saveCheckpoints ?? []),
  };
}
