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
import type { ActivityBreakdownQuery, ActivitySlice, MemberKey } from './activity-store.ts';
import type { PruneActivityQuery } from './member-data-store.ts';
import type { PendingRoleChange } from './role-run-store.ts';

/**
 * A batch's slices summed three ways, one list per table a SQL store keeps them in, each merged
 * per key and sorted by it (the members' by guild, day, member, hour and channel, the guild's by
 * guild, day, then channel or hour): what a store adds.
 *
 * @example Writing the guild's hours
 * ```ts
 * const { guildHours } = prepareActivitySlices(slices);
 * ```
 */
export interface PreparedActivityDetails {
  /** Per guild, day, member, hour and channel. */
  readonly memberSlices: readonly SliceRow[];
  /** Per guild, day and channel: every member together. */
  readonly guildChannels: readonly ChannelRow[];
  /** Per guild, day and hour: every member together. */
  readonly guildHours: readonly HourRow[];
}

/**
 * A member's voice time and messages in one channel and hour of one day.
 *
 * @example
 * ```ts
 * const row: SliceRow = { guildId, day: '2026-11-25', userId, hour: 21, channelId, ms: 60_000, messages: 2 };
 * ```
 */
export interface SliceRow {
  readonly guildId: string;
  readonly day: string;
  readonly userId: string;
  readonly hour: number;
  readonly channelId: string;
  ms: number;
  messages: number;
}

/**
 * A row of a guild's per-channel totals.
 *
 * @example
 * ```ts
 * const row: ChannelRow = { guildId, day: '2026-11-25', channelId, ms: 60_000, messages: 2 };
 * ```
 */
export interface ChannelRow {
  readonly guildId: string;
  readonly day: string;
  readonly channelId: string;
  ms: number;
  messages: number;
}

/**
 * A row of a guild's per-hour totals.
 *
 * @example
 * ```ts
 * const row: HourRow = { guildId, day: '2026-11-25', hour: 21, ms: 60_000, messages: 2 };
 * ```
 */
export interface HourRow {
  readonly guildId: string;
  readonly day: string;
  readonly hour: number;
  ms: number;
  messages: number;
}

/**
 * Checks a batch's slices and sums them per key of each table.
 *
 * @param slices - as in {@link @guildkit/core!ActivityBatch.slices}
 * @throws {@link @guildkit/core!ValidationError} naming the first malformed field
 *
 * @example In a store's recordActivity
 * ```ts
 * import { prepareActivitySlices } from '@guildkit/core/store-kit';
 *
 * const { memberSlices, guildChannels, guildHours } = prepareActivitySlices(batch.slices ?? []);
 * ```
 */
export function prepareActivitySlices(slices: readonly ActivitySlice[]): PreparedActivityDetails {
  assertArray(slices, 'slices');
  // Ids and days are checked once each a batch: a flush repeats the same few thousand.
  const ids = new Set<string>();
  const days = new Set<string>();
  const kept: ActivitySlice[] = [];
  for (let index = 0; index < slices.length; index += 1) {
    const slice = slices[index] as ActivitySlice;
    const valid =
      slice !== null &&
      typeof slice === 'object' &&
      knownId(ids, slice.guildId) &&
      knownId(ids, slice.userId) &&
      knownId(ids, slice.channelId) &&
      (days.has(slice.day) || (isDayKey(slice.day) && days.add(slice.day) !== undefined)) &&
      Number.isInteger(slice.hour) &&
      slice.hour >= 0 &&
      slice.hour <= 23 &&
      Number.isSafeInteger(slice.ms) &&
      slice.ms >= 0 &&
      Number.isSafeInteger(slice.messages) &&
      slice.messages >= 0;
    if (!valid) assertSlice(slice, `slices[${index}]`); // throws, naming the field
    if (slice.ms > 0 || slice.messages > 0) kept.push(slice);
  }
  // Sorted by the members' key, slices of one key are neighbours: merged in one pass, with no key
  // built. The guild's totals are summed in maps keyed by the slices' own strings (whose hashes
  // the engine keeps), not by strings made for the purpose.
  kept.sort(
    (a, b) =>
      compareText(a.guildId, b.guildId) ||
      compareText(a.day, b.day) ||
      compareText(a.userId, b.userId) ||
      a.hour - b.hour ||
      compareText(a.channelId, b.channelId),
  );
  const memberSlices: SliceRow[] = [];
  const guilds = new Map<string, Map<string, { channels: Map<string, ChannelRow>; hours: (HourRow | undefined)[] }>>();
  let last: SliceRow | undefined;
  for (const { guildId, userId, channelId, day, hour, ms, messages } of kept) {
    if (
      last?.hour === hour &&
      last.channelId === channelId &&
      last.day === day &&
      last.userId === userId &&
      last.guildId === guildId
    ) {
      last.ms += ms;
      last.messages += messages;
    } else {
      last = { guildId, day, userId, hour, channelId, ms, messages };
      memberSlices.push(last);
    }
    let byDay = guilds.get(guildId);
    if (byDay === undefined) {
      byDay = new Map();
      guilds.set(guildId, byDay);
    }
    let totals = byDay.get(day);
    if (totals === undefined) {
      totals = { channels: new Map(), hours: [] };
      byDay.set(day, totals);
    }
    const channel = totals.channels.get(channelId);
    if (channel === undefined) totals.channels.set(channelId, { guildId, day, channelId, ms, messages });
    else {
      channel.ms += ms;
      channel.messages += messages;
    }
    const inHour = totals.hours[hour];
    if (inHour === undefined) totals.hours[hour] = { guildId, day, hour, ms, messages };
    else {
      inHour.ms += ms;
      inHour.messages += messages;
    }
  }
  const guildChannels: ChannelRow[] = [];
  const guildHours: HourRow[] = [];
  for (const guildId of [...guilds.keys()].sort(compareText)) {
    const byDay = guilds.get(guildId) as NonNullable<ReturnType<typeof guilds.get>>;
    for (const day of [...byDay.keys()].sort(compareText)) {
      const { channels, hours } = byDay.get(day) as {
        channels: Map<string, ChannelRow>;
        hours: (HourRow | undefined)[];
      };
      for (const channelId of [...channels.keys()].sort(compareText))
        guildChannels.push(channels.get(channelId) as ChannelRow);
      for (const row of hours) if (row !== undefined) guildHours.push(row);
    }
  }
  return { memberSlices, guildChannels, guildHours };
}

/** Whether `value` is a snowflake, remembering the ones seen. */
function knownId(known: Set<string>, value: string): boolean {
  if (known.has(value)) return true;
  if (!isSnowflake(value)) return false;
  known.add(value);
  return true;
}

function assertSlice(slice: ActivitySlice, at: string): void {
  assertObject(slice, at);
  assertSnowflake(slice.guildId, `${at}.guildId`);
  assertSnowflake(slice.userId, `${at}.userId`);
  assertSnowflake(slice.channelId, `${at}.channelId`);
  assertDayKey(slice.day, `${at}.day`);
  if (!Number.isInteger(slice.hour) || slice.hour < 0 || slice.hour > 23) {
    throw new ValidationError(`${at}.hour`, slice.hour, 'an hour from 0 to 23');
  }
  assertNonNegativeInteger(slice.ms, `${at}.ms`);
  assertNonNegativeInteger(slice.messages, `${at}.messages`);
}

/**
 * Checks a breakdown query (channel or hour totals), and its `limit` when it has one.
 *
 * @param query - as handed to `readChannelTotals` or `readHourTotals`
 * @throws {@link @guildkit/core!ValidationError} naming the malformed field
 *
 * @example In a store's readChannelTotals
 * ```ts
 * import { prepareBreakdownQuery } from '@guildkit/core/store-kit';
 *
 * const { guildId, startDay, endDay, userId, limit } = prepareBreakdownQuery(query);
 * ```
 */
export function prepareBreakdownQuery(
  query: ActivityBreakdownQuery & { readonly limit?: number },
): ActivityBreakdownQuery & { readonly limit: number | undefined } {
  assertObject(query, 'query');
  assertSnowflake(query.guildId, 'query.guildId');
  assertDayKey(query.startDay, 'query.startDay');
  assertDayKey(query.endDay, 'query.endDay');
  if (query.endDay < query.startDay) {
    throw new ValidationError('query.endDay', query.endDay, `a day on or after startDay (${query.startDay})`);
  }
  if (query.userId !== undefined) assertSnowflake(query.userId, 'query.userId');
  if (query.limit !== undefined && (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > 10_000)) {
    throw new ValidationError('query.limit', query.limit, 'a whole number from 1 to 10,000');
  }
  const { guildId, startDay, endDay, userId, limit } = query;
  return userId === undefined ? { guildId, startDay, endDay, limit } : { guildId, startDay, endDay, userId, limit };
}

/**
 * Checks one member key.
 *
 * @throws {@link @guildkit/core!ValidationError} naming the malformed field
 *
 * @example In a store's forgetMember
 * ```ts
 * import { prepareMemberKey } from '@guildkit/core/store-kit';
 *
 * const { guildId, userId } = prepareMemberKey(member);
 * ```
 */
export function prepareMemberKey(member: MemberKey): MemberKey {
  assertObject(member, 'member');
  assertSnowflake(member.guildId, 'member.guildId');
  assertSnowflake(member.userId, 'member.userId');
  return { guildId: member.guildId, userId: member.userId };
}

/**
 * Checks a retention prune.
 *
 * @throws {@link @guildkit/core!ValidationError} naming the malformed field
 *
 * @example In a store's pruneActivity
 * ```ts
 * import { preparePruneActivityQuery } from '@guildkit/core/store-kit';
 *
 * const { guildId, beforeDay, limit } = preparePruneActivityQuery(query);
 * ```
 */
export function preparePruneActivityQuery(query: PruneActivityQuery): PruneActivityQuery {
  assertObject(query, 'query');
  assertSnowflake(query.guildId, 'query.guildId');
  assertDayKey(query.beforeDay, 'query.beforeDay');
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > 100_000) {
    throw new ValidationError('query.limit', query.limit, 'a whole number from 1 to 100,000');
  }
  return { guildId: query.guildId, beforeDay: query.beforeDay, limit: query.limit };
}

/**
 * Checks role changes to save, and drops repeats of one run's index (the first is kept).
 *
 * @throws {@link @guildkit/core!ValidationError} naming the first malformed field
 *
 * @example In a store's saveRoleChanges
 * ```ts
 * import { prepareRoleChanges } from '@guildkit/core/store-kit';
 *
 * const rows = prepareRoleChanges(changes);
 * ```
 */
export function prepareRoleChanges(changes: readonly PendingRoleChange[]): PendingRoleChange[] {
  assertArray(changes, 'changes');
  const seen = new Set<string>();
  const rows: PendingRoleChange[] = [];
  changes.forEach((change, index) => {
    const at = `changes[${index}]`;
    assertObject(change, at);
    assertText(change.runId, `${at}.runId`, 100);
    if (!Number.isInteger(change.index) || change.index < 0) {
      throw new ValidationError(`${at}.index`, change.index, 'a whole number, 0 or more');
    }
    assertSnowflake(change.guildId, `${at}.guildId`);
    assertSnowflake(change.userId, `${at}.userId`);
    assertSnowflake(change.roleId, `${at}.roleId`);
    if (change.action !== 'add' && change.action !== 'remove') {
      throw new ValidationError(`${at}.action`, change.action, "'add' or 'remove'");
    }
    assertEpochMs(change.createdAt, `${at}.createdAt`);
    const key = `${change.runId}\u0000${change.index}`;
    if (seen.has(key)) return;
    seen.add(key);
    const { runId, guildId, userId, roleId, action, createdAt } = change;
    rows.push({ runId, index: change.index, guildId, userId, roleId, action, createdAt });
  });
  return rows;
}

/**
 * Checks a run id and the indexes of its applied changes.
 *
 * @throws {@link @guildkit/core!ValidationError} naming the malformed field
 *
 * @example
 * ```ts
 * import { prepareRoleCompletion } from '@guildkit/core/store-kit';
 *
 * const { runId, indexes } = prepareRoleCompletion(runId, [0, 1]);
 * ```
 */
export function prepareRoleCompletion(runId: string, indexes: readonly number[]): { runId: string; indexes: number[] } {
  assertText(runId, 'runId', 100);
  assertArray(indexes, 'indexes');
  indexes.forEach((index, at) => {
    if (!Number.isInteger(index) || index < 0)
      throw new ValidationError(`indexes[${at}]`, index, 'a whole number, 0 or more');
  });
  return { runId, indexes: [...new Set(indexes)] };
}
