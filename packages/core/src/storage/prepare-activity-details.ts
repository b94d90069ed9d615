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
} from '../validation.ts';
import type { ActivityBreakdownQuery, ActivitySlice, MemberKey } from './activity-store.ts';
import type { PruneActivityQuery } from './member-data-store.ts';
import type { PendingRoleChange } from './role-run-store.ts';

/**
 * A batch's slices summed three ways, one list per table a SQL store keeps them in, each merged
 * per key and sorted by it (guild, day, then member, hour, channel): what a store adds.
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
  const memberSlices = new Map<string, SliceRow>();
  const guildChannels = new Map<string, ChannelRow>();
  const guildHours = new Map<string, HourRow>();
  slices.forEach((slice, index) => {
    assertSlice(slice, `slices[${index}]`);
    const { guildId, userId, channelId, day, hour, ms, messages } = slice;
    if (ms === 0 && messages === 0) return;
    add(
      memberSlices,
      `${guildId}|${day}|${userId}|${hour}|${channelId}`,
      { guildId, day, userId, hour, channelId },
      slice,
    );
    add(guildChannels, `${guildId}|${day}|${channelId}`, { guildId, day, channelId }, slice);
    add(guildHours, `${guildId}|${day}|${hour}`, { guildId, day, hour }, slice);
  });
  return {
    memberSlices: [...memberSlices.values()].sort(
      (a, b) =>
        compareText(a.guildId, b.guildId) ||
        compareText(a.day, b.day) ||
        compareText(a.userId, b.userId) ||
        a.hour - b.hour ||
        compareText(a.channelId, b.channelId),
    ),
    guildChannels: [...guildChannels.values()].sort(
      (a, b) => compareText(a.guildId, b.guildId) || compareText(a.day, b.day) || compareText(a.channelId, b.channelId),
    ),
    guildHours: [...guildHours.values()].sort(
      (a, b) => compareText(a.guildId, b.guildId) || compareText(a.day, b.day) || a.hour - b.hour,
    ),
  };
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

function add<Row extends { ms: number; messages: number }>(
  rows: Map<string, Row>,
  key: string,
  keyFields: Omit<Row, 'ms' | 'messages'>,
  slice: ActivitySlice,
): void {
  const row = rows.get(key);
  if (row === undefined) rows.set(key, { ...keyFields, ms: slice.ms, messages: slice.messages } as Row);
  else {
    row.ms += slice.ms;
    row.messages += slice.messages;
  }
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
