import { type ActivityBreakdownQuery, days, type MemberKey, type PruneActivityQuery } from '@guildkit/core';
import { type Compilable, type Kysely, type SelectQueryBuilder, sql } from 'kysely';
import type { KyselyStoreTables } from './tables.ts';

// The queries of the channel and hour totals and of members' data rights, as kysely builds them
// for every dialect. The store runs them (KyselyStore); nothing here touches a connection.

type Db = Kysely<KyselyStoreTables>;

/** @internal Channel totals of a range, for the guild (its own table) or one member (their slices). */
export function channelTotalsQuery(db: Db, query: ActivityBreakdownQuery & { readonly limit?: number | undefined }) {
  const { guildId, startDay, endDay, userId, limit } = query;
  const ordered = (
    userId === undefined
      ? db.selectFrom('guild_channels')
      : asGuildTable(memberSlices(db, guildId, userId, query), 'guild_channels')
  )
    .select(['channel_id', sql<number | string>`sum(ms)`.as('ms'), sql<number | string>`sum(messages)`.as('messages')])
    .where('guild_id', '=', guildId)
    .where('day', '>=', startDay)
    .where('day', '<', endDay)
    .groupBy('channel_id')
    .having((eb) => eb.or([eb(sql`sum(ms)`, '>', 0), eb(sql`sum(messages)`, '>', 0)]))
    .orderBy(sql`sum(ms)`, 'desc')
    .orderBy(sql`sum(messages)`, 'desc')
    .orderBy('channel_id');
  return limit === undefined ? ordered : ordered.limit(limit);
}

/** @internal Hour totals of a range, for the guild (its own table) or one member (their slices). */
export function hourTotalsQuery(db: Db, query: ActivityBreakdownQuery) {
  const { guildId, startDay, endDay, userId } = query;
  return (
    userId === undefined
      ? db.selectFrom('guild_hours')
      : asGuildTable(memberSlices(db, guildId, userId, query), 'guild_hours')
  )
    .select(['day', 'hour', sql<number | string>`sum(ms)`.as('ms'), sql<number | string>`sum(messages)`.as('messages')])
    .where('guild_id', '=', guildId)
    .where('day', '>=', startDay)
    .where('day', '<', endDay)
    .groupBy(['day', 'hour'])
    .having((eb) => eb.or([eb(sql`sum(ms)`, '>', 0), eb(sql`sum(messages)`, '>', 0)]))
    .orderBy('day')
    .orderBy('hour');
}

/** The daily totals of a range with activity, for the guild or one member (through the key, day by day). */
function dailyRows(db: Db, query: ActivityBreakdownQuery) {
  const { guildId, startDay, endDay, userId } = query;
  const daily = db.selectFrom('activity_daily').where('guild_id', '=', guildId);
  const count = days.between(startDay, endDay);
  const member =
    userId === undefined
      ? daily
      : count > 0 && count <= DAYS_LOOKED_UP
        ? daily.where('user_id', '=', userId).where('day', 'in', dayList(startDay, count))
        : daily.where('user_id', '=', userId);
  return member
    .where('day', '>=', startDay)
    .where('day', '<', endDay)
    .where((eb) => eb.or([eb('ms', '>', 0), eb('messages', '>', 0)]));
}

/** @internal Each day's active members and sums, from the daily totals. */
export function dayTotalsQuery(db: Db, query: ActivityBreakdownQuery) {
  return dailyRows(db, query)
    .select([
      'day',
      sql<number | string>`count(*)`.as('members'),
      sql<number | string>`sum(ms)`.as('ms'),
      sql<number | string>`sum(messages)`.as('messages'),
    ])
    .groupBy('day')
    .orderBy('day');
}

/**
 * @internal The members active in a range, each once, and their sums. `grouped` groups the members
 * first (a hash aggregate), for PostgreSQL, whose `count(distinct …)` sorts every row; SQLite counts
 * distinct members faster than it groups them.
 */
export function rangeTotalsQuery(db: Db, query: ActivityBreakdownQuery, grouped: boolean) {
  const totals = [
    sql<number | string>`coalesce(sum(ms), 0)`.as('ms'),
    sql<number | string>`coalesce(sum(messages), 0)`.as('messages'),
  ] as const;
  if (!grouped)
    return dailyRows(db, query).select([sql<number | string>`count(distinct user_id)`.as('members'), ...totals]);
  const perMember = dailyRows(db, query)
    .select(['user_id', sql<number | string>`sum(ms)`.as('ms'), sql<number | string>`sum(messages)`.as('messages')])
    .groupBy('user_id');
  return db.selectFrom(perMember.as('active')).select([sql<number | string>`count(*)`.as('members'), ...totals]);
}

const dayList = (startDay: string, count: number) =>
  Array.from({ length: count }, (_, index) => days.add(startDay, index));

/**
 * A member's slices read as the guild's table of the same columns is read: the query after it only
 * names columns both have (guild_id, day, channel_id or hour, ms, messages).
 */
function asGuildTable<T extends 'guild_channels' | 'guild_hours'>(
  slices: ReturnType<typeof memberSlices>,
  _table: T,
): SelectQueryBuilder<KyselyStoreTables, T, object> {
  return slices as unknown as SelectQueryBuilder<KyselyStoreTables, T, object>;
}

/** Ranges of up to this many days are read day by day through the key; longer ones scan. */
const DAYS_LOOKED_UP = 1_000;

/**
 * One member's slices. The key is (guild, day, member, …): in a range of days, each day is one
 * look-up through the key. Without a range (forgetting a member, their data export), or over more
 * than DAYS_LOOKED_UP days, the guild's slices are scanned.
 */
function memberSlices(
  db: Db,
  guildId: string,
  userId: string,
  range?: { readonly startDay: string; readonly endDay: string },
) {
  const slices = db.selectFrom('activity_slices').where('guild_id', '=', guildId).where('user_id', '=', userId);
  const count = range === undefined ? 0 : days.between(range.startDay, range.endDay);
  if (range === undefined || count <= 0 || count > DAYS_LOOKED_UP) return slices;
  return slices.where('day', 'in', dayList(range.startDay, count));
}

/** A condition on a log record's `fields`: about this member of this guild. */
function logAbout({ guildId, userId }: MemberKey) {
  // `->>` reads a JSON field as text on both SQLite (3.38 on) and PostgreSQL (jsonb).
  return sql<boolean>`fields ->> 'guildId' = ${guildId} and fields ->> 'userId' = ${userId}`;
}

/** @internal Every read of a member's data, each ordered as `MemberData` lists it. */
export function memberDataQueries(db: Db, member: MemberKey) {
  const { guildId, userId } = member;
  return {
    days: db
      .selectFrom('activity_daily')
      .select(['day', 'ms', 'messages'])
      .where('guild_id', '=', guildId)
      .where('user_id', '=', userId)
      .orderBy('day'),
    channels: memberSlices(db, guildId, userId)
      .select([
        'day',
        'channel_id',
        sql<number | string>`sum(ms)`.as('ms'),
        sql<number | string>`sum(messages)`.as('messages'),
      ])
      .groupBy(['day', 'channel_id'])
      .orderBy('day')
      .orderBy('channel_id'),
    hours: memberSlices(db, guildId, userId)
      .select([
        'day',
        'hour',
        sql<number | string>`sum(ms)`.as('ms'),
        sql<number | string>`sum(messages)`.as('messages'),
      ])
      .groupBy(['day', 'hour'])
      .orderBy('day')
      .orderBy('hour'),
    checkpoints: db
      .selectFrom('session_checkpoints')
      .selectAll()
      .where('guild_id', '=', guildId)
      .where('user_id', '=', userId),
    jobListings: db
      .selectFrom('job_listings')
      .selectAll()
      .where('guild_id', '=', guildId)
      .where('owner_id', '=', userId)
      .orderBy('created_at')
      .orderBy('post_id'),
    logs: db
      .selectFrom('log_records')
      .select(['at', 'level_value', 'source', 'message', 'fields'])
      .where(logAbout(member))
      .orderBy('at')
      .orderBy('id'),
  };
}

/**
 * @internal The statements that forget a member, in the order they run in one transaction: the
 * member's share is taken out of the guild's channel and hour totals first, then every row about
 * them goes. Their counts, in order: guild channels, guild hours, slices, days, checkpoints, job
 * listings, logs, pending role changes.
 */
export function forgetMemberStatements(db: Db, member: MemberKey): Compilable[] {
  const { guildId, userId } = member;
  return [
    db
      .updateTable('guild_channels')
      .from(
        memberSlices(db, guildId, userId)
          .select(['day', 'channel_id', sql<number>`sum(ms)`.as('ms'), sql<number>`sum(messages)`.as('messages')])
          .groupBy(['day', 'channel_id'])
          .as('mine'),
      )
      .set({ ms: sql`guild_channels.ms - mine.ms`, messages: sql`guild_channels.messages - mine.messages` })
      .where('guild_channels.guild_id', '=', guildId)
      .whereRef('guild_channels.day', '=', 'mine.day')
      .whereRef('guild_channels.channel_id', '=', 'mine.channel_id'),
    db
      .updateTable('guild_hours')
      .from(
        memberSlices(db, guildId, userId)
          .select(['day', 'hour', sql<number>`sum(ms)`.as('ms'), sql<number>`sum(messages)`.as('messages')])
          .groupBy(['day', 'hour'])
          .as('mine'),
      )
      .set({ ms: sql`guild_hours.ms - mine.ms`, messages: sql`guild_hours.messages - mine.messages` })
      .where('guild_hours.guild_id', '=', guildId)
      .whereRef('guild_hours.day', '=', 'mine.day')
      .whereRef('guild_hours.hour', '=', 'mine.hour'),
    ...(['activity_slices', 'activity_daily', 'session_checkpoints'] as const).map((table) =>
      db.deleteFrom(table).where('guild_id', '=', guildId).where('user_id', '=', userId),
    ),
    db.deleteFrom('job_listings').where('guild_id', '=', guildId).where('owner_id', '=', userId),
    db.deleteFrom('log_records').where(logAbout(member)),
    db.deleteFrom('role_changes').where('guild_id', '=', guildId).where('user_id', '=', userId),
  ];
}

/** The tables a retention prune deletes from, with their primary keys. */
const PRUNED = [
  ['activity_daily', ['guild_id', 'day', 'user_id']],
  ['activity_slices', ['guild_id', 'day', 'user_id', 'hour', 'channel_id']],
  ['guild_channels', ['guild_id', 'day', 'channel_id']],
  ['guild_hours', ['guild_id', 'day', 'hour']],
] as const;

/**
 * @internal The statements of one retention batch: in each table, the `limit` oldest rows of the
 * guild before `beforeDay`, found through the primary key (guild, day, …).
 */
export function pruneActivityStatements(db: Db, { guildId, beforeDay, limit }: PruneActivityQuery): Compilable[] {
  return PRUNED.map(([table, key]) => {
    const columns = sql.join(key.map((column) => sql.ref(column)));
    const oldest = db
      .selectFrom(table)
      .select(key)
      .where('guild_id', '=', guildId)
      .where('day', '<', beforeDay)
      .orderBy('day')
      .limit(limit);
    return db.deleteFrom(table).where(sql<boolean>`(${columns}) in (${oldest})`);
  });
}
