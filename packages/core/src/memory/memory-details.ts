import type {
  ActivityBreakdownQuery,
  ActivitySummary,
  ChannelActivityTotal,
  DayActivityTotal,
  HourActivityTotal,
  MemberKey,
} from '../storage/activity-store.ts';
import type { ForgottenMemberData, MemberData, PruneActivityQuery } from '../storage/member-data-store.ts';
import type { PreparedActivityDetails, SliceRow } from '../storage/prepare-activity-details.ts';
import { parseLogFields } from '../storage/prepare-logs.ts';
import { compareText } from '../validation.ts';
import type { MemoryDatabase } from './memory-database.ts';

// The MemoryStore's channel and hour totals and its members' data rights, kept apart from the
// store's other ports. The tables are Maps keyed as a SQL store's primary keys are.

/** @internal Adds a batch's slices, summed per key. */
export function addDetails(database: MemoryDatabase, details: PreparedActivityDetails): void {
  const sum = <Row extends { ms: number; messages: number }>(table: Map<string, Row>, key: string, row: Row) => {
    const total = getOrCreate(table, key, () => ({ ...row, ms: 0, messages: 0 }));
    total.ms += row.ms;
    total.messages += row.messages;
  };
  for (const row of details.memberSlices) sum(database.slices, sliceKey(row), row);
  for (const row of details.guildChannels) sum(database.channels, `${row.guildId}|${row.day}|${row.channelId}`, row);
  for (const row of details.guildHours) sum(database.hours, `${row.guildId}|${row.day}|${row.hour}`, row);
}

/** The rows of one member (their slices) or of the guild (its own totals) in a range. */
function rowsOf<Row extends { guildId: string; day: string }>(
  database: MemoryDatabase,
  guildTable: Map<string, Row>,
  { guildId, startDay, endDay, userId }: ActivityBreakdownQuery,
): (Row | SliceRow)[] {
  const inRange = (row: { guildId: string; day: string }) =>
    row.guildId === guildId && row.day >= startDay && row.day < endDay;
  if (userId === undefined) return [...guildTable.values()].filter(inRange);
  return [...database.slices.values()].filter((row) => inRange(row) && row.userId === userId);
}

/** @internal */
export function channelTotals(
  database: MemoryDatabase,
  query: ActivityBreakdownQuery & { readonly limit?: number | undefined },
): ChannelActivityTotal[] {
  const totals = new Map<string, { channelId: string; ms: number; messages: number }>();
  for (const row of rowsOf(database, database.channels, query)) {
    const total = getOrCreate(totals, row.channelId, () => ({ channelId: row.channelId, ms: 0, messages: 0 }));
    total.ms += row.ms;
    total.messages += row.messages;
  }
  const sorted = [...totals.values()]
    .filter((total) => total.ms > 0 || total.messages > 0)
    .sort((a, b) => b.ms - a.ms || b.messages - a.messages || compareText(a.channelId, b.channelId));
  return query.limit === undefined ? sorted : sorted.slice(0, query.limit);
}

/** @internal The range's active members (each once), their sums, and the same day by day, from the daily totals. */
export function activitySummary(
  database: MemoryDatabase,
  { guildId, startDay, endDay, userId }: ActivityBreakdownQuery,
): ActivitySummary {
  const active = new Set<string>();
  const summary = { members: 0, ms: 0, messages: 0, days: [] as DayActivityTotal[] };
  for (const [day, users] of database.activity.get(guildId) ?? []) {
    if (day < startDay || day >= endDay) continue;
    const total = { day, members: 0, ms: 0, messages: 0 };
    for (const [user, { ms, messages }] of users) {
      if ((userId !== undefined && user !== userId) || (ms === 0 && messages === 0)) continue;
      active.add(user);
      total.members += 1;
      total.ms += ms;
      total.messages += messages;
    }
    if (total.members === 0) continue;
    summary.days.push(total);
    summary.ms += total.ms;
    summary.messages += total.messages;
  }
  summary.days.sort((a, b) => compareText(a.day, b.day));
  return { ...summary, members: active.size };
}

/** @internal */
export function hourTotals(database: MemoryDatabase, query: ActivityBreakdownQuery): HourActivityTotal[] {
  return summed(rowsOf(database, database.hours, query), (row) => `${row.day}|${row.hour}`)
    .filter((row) => row.ms > 0 || row.messages > 0)
    .sort((a, b) => compareText(a.day, b.day) || a.hour - b.hour)
    .map(({ day, hour, ms, messages }) => ({ day, hour, ms, messages }));
}

/** Rows summed by a key; the first row of each key gives the other fields. */
function summed<Row extends { ms: number; messages: number }>(
  rows: readonly Row[],
  keyOf: (row: Row) => string,
): Row[] {
  const sums = new Map<string, Row>();
  for (const row of rows) {
    const sum = getOrCreate(sums, keyOf(row), () => ({ ...row, ms: 0, messages: 0 }));
    sum.ms += row.ms;
    sum.messages += row.messages;
  }
  return [...sums.values()];
}

/** @internal */
export function memberData(database: MemoryDatabase, { guildId, userId }: MemberKey): MemberData {
  const days = [...(database.activity.get(guildId) ?? [])]
    .flatMap(([day, users]) => {
      const total = users.get(userId);
      return total === undefined ? [] : [{ day, ms: total.ms, messages: total.messages }];
    })
    .sort((a, b) => compareText(a.day, b.day));
  const mine = [...database.slices.values()].filter((row) => row.guildId === guildId && row.userId === userId);
  const channels = summed(mine, (row) => `${row.day}|${row.channelId}`)
    .sort((a, b) => compareText(a.day, b.day) || compareText(a.channelId, b.channelId))
    .map(({ day, channelId, ms, messages }) => ({ day, channelId, ms, messages }));
  const hours = summed(mine, (row) => `${row.day}|${row.hour}`)
    .sort((a, b) => compareText(a.day, b.day) || a.hour - b.hour)
    .map(({ day, hour, ms, messages }) => ({ day, hour, ms, messages }));
  const checkpoint = database.checkpoints.get(`${guildId}:${userId}`);
  const jobListings = [...database.listings.values()]
    .filter((listing) => listing.guildId === guildId && listing.ownerId === userId)
    .sort((a, b) => a.createdAt - b.createdAt || compareText(a.postId, b.postId))
    .map((listing) => ({ ...listing, tags: [...listing.tags] }));
  const logs = database.logs
    .map((record, index) => ({ record, index, fields: parseLogFields(record.fieldsJson) }))
    .filter(({ fields }) => isAbout(fields, guildId, userId))
    .sort((a, b) => a.record.at - b.record.at || a.index - b.index)
    .map(({ record, fields }) => ({
      at: record.at,
      level: record.level,
      source: record.source,
      message: record.message,
      fields,
    }));
  return {
    guildId,
    userId,
    days,
    channels,
    hours,
    checkpoint: checkpoint === undefined ? undefined : { ...checkpoint },
    jobListings,
    logs,
  };
}

/** @internal Deletes a member's data, taking their time out of the guild's channel and hour totals. */
export function forgetMember(database: MemoryDatabase, { guildId, userId }: MemberKey): ForgottenMemberData {
  let days = 0;
  for (const users of database.activity.get(guildId)?.values() ?? []) if (users.delete(userId)) days += 1;
  let details = 0;
  for (const [key, row] of database.slices) {
    if (row.guildId !== guildId || row.userId !== userId) continue;
    subtract(database.channels.get(`${guildId}|${row.day}|${row.channelId}`), row);
    subtract(database.hours.get(`${guildId}|${row.day}|${row.hour}`), row);
    database.slices.delete(key);
    details += 1;
  }
  const checkpoints = database.checkpoints.delete(`${guildId}:${userId}`) ? 1 : 0;
  let jobListings = 0;
  for (const [postId, listing] of database.listings) {
    if (listing.guildId !== guildId || listing.ownerId !== userId) continue;
    database.listings.delete(postId);
    database.listingsByVoiceChannel.delete(listing.voiceChannelId);
    jobListings += 1;
  }
  for (const [key, change] of database.roleChanges)
    if (change.guildId === guildId && change.userId === userId) database.roleChanges.delete(key);
  const kept = database.logs.filter((record) => !isAbout(parseLogFields(record.fieldsJson), guildId, userId));
  const logs = database.logs.length - kept.length;
  database.logs.splice(0, database.logs.length, ...kept);
  return { days, details, checkpoints, jobListings, logs };
}

/** @internal Deletes up to `limit` rows of each kind, oldest days first. */
export function pruneActivity(database: MemoryDatabase, { guildId, beforeDay, limit }: PruneActivityQuery): number {
  let deleted = 0;
  const byDay = database.activity.get(guildId);
  let left = limit;
  for (const day of [...(byDay?.keys() ?? [])].sort(compareText)) {
    const users = byDay?.get(day);
    if (day >= beforeDay || users === undefined || left === 0) break;
    for (const userId of [...users.keys()].sort(compareText)) {
      if (left === 0) break;
      users.delete(userId);
      left -= 1;
      deleted += 1;
    }
    if (users.size === 0) byDay?.delete(day);
  }
  for (const table of [database.slices, database.channels, database.hours] as Map<
    string,
    { guildId: string; day: string }
  >[]) {
    const old = [...table]
      .filter(([, row]) => row.guildId === guildId && row.day < beforeDay)
      .sort(([a], [b]) => compareText(a, b))
      .slice(0, limit);
    for (const [key] of old) table.delete(key);
    deleted += old.length;
  }
  return deleted;
}

function isAbout(fields: Record<string, unknown>, guildId: string, userId: string): boolean {
  return fields.userId === userId && fields.guildId === guildId;
}

function subtract(total: { ms: number; messages: number } | undefined, part: { ms: number; messages: number }): void {
  if (total === undefined) return;
  total.ms -= part.ms;
  total.messages -= part.messages;
}

function sliceKey(row: Omit<SliceRow, 'ms' | 'messages'>): string {
  return `${row.guildId}|${row.day}|${row.userId}|${row.hour}|${row.channelId}`;
}

/** @internal */
export function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = create();
    map.set(key, value);
  }
  return value;
}
