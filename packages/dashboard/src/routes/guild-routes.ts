import { days, isSnowflake, toCsv } from '@guildkit/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { activeMembersChart, heatmapGrid } from '../charts.ts';
import { visibleChannels } from '../guild-access.ts';
import { type DashboardContext, errorPage, guildAccess, navOf, renderPage } from '../pages.ts';
import { type PageRange, PERIODS, PeriodError, pageRange } from '../periods.ts';
import { addBoardRoutes } from './board-routes.ts';

type Route<Query, Params = object> = { Params: { guildId: string } & Params; Querystring: Query };
type GuildRequest<Query = Record<string, never>, Params = object> = FastifyRequest<Route<Query, Params>>;
type RangeQuery = { period?: string; from?: string; to?: string };
/** Channels read for a page: enough that ten the person may see are among them. */
const CHANNELS_READ = 25;
type LeaderboardQuery = RangeQuery & { sort?: string; page?: string };

/** @internal A guild's overview, leaderboard (and CSV), member pages and forgetting one's data. */
export function addGuildRoutes(scope: FastifyInstance, context: DashboardContext): void {
  const { guildkit, settings } = context;
  const store = guildkit.store;

  /** The range asked for, or an error page naming what was wrong with it. */
  const rangeOf = (request: GuildRequest<RangeQuery>, reply: FastifyReply, guildId: string): PageRange | undefined => {
    try {
      return pageRange(request.query, guildkit.settings.of(guildId), settings.now());
    } catch (error) {
      if (!(error instanceof PeriodError)) throw error;
      errorPage(context, request, reply, 400, 'badRequest', error.message);
      return undefined;
    }
  };

  scope.get<Route<RangeQuery>>('/guilds/:guildId', async (request, reply) => {
    const access = await guildAccess(context, request, reply, { fresh: false });
    if (access === undefined) return reply;
    const guildId = access.guild.id;
    const range = rangeOf(request, reply, guildId);
    if (range === undefined) return reply;
    const query = { guildId, startDay: range.startDay, endDay: range.endDay };
    const [summary, channels, hours] = await Promise.all([
      store.readActivitySummary(query),
      store.readChannelTotals({ ...query, limit: CHANNELS_READ }),
      store.readHourTotals(query),
    ]);
    const { weekStartsOn } = guildkit.settings.of(guildId);
    return renderPage(context, request, reply, 'overview', {
      nav: navOf(access, 'overview'),
      range,
      periods: PERIODS,
      totals: summary,
      chart: activeMembersChart(summary.days, range.startDay, chartEnd(range)),
      channels: visibleChannels(access, channels, 10),
      heatmap: heatmapGrid(hours, weekStartsOn),
    });
  });

  /** The leaderboard's rows for a request, or `undefined` when the reply is sent (refused, bad period). */
  const leaderboard = async (request: GuildRequest<LeaderboardQuery>, reply: FastifyReply) => {
    const access = await guildAccess(context, request, reply, { fresh: false });
    if (access === undefined) return undefined;
    if (!access.seesLeaderboard) {
      errorPage(context, request, reply, 403, 'forbidden', 'moderator');
      return undefined;
    }
    const range = rangeOf(request, reply, access.guild.id);
    if (range === undefined) return undefined;
    const sort = request.query.sort === 'messages' ? 'messages' : 'voice';
    const rows = await store.readActivityTotals({
      guildId: access.guild.id,
      startDay: range.startDay,
      endDay: range.endDay,
      rankBy: sort,
    });
    return { access, range, sort, rows } as const;
  };

  scope.get<Route<LeaderboardQuery>>('/guilds/:guildId/leaderboard', async (request, reply) => {
    const board = await leaderboard(request, reply);
    if (board === undefined) return reply;
    const { access, range, sort, rows } = board;
    const pages = Math.max(1, Math.ceil(rows.length / settings.pageSize));
    const page = Math.min(pages, Math.max(1, Number.parseInt(request.query.page ?? '1', 10) || 1));
    const first = (page - 1) * settings.pageSize;
    const shown = rows.slice(first, first + settings.pageSize);
    const names = await context.names.of(
      access.guild,
      shown.map((row) => row.userId),
    );
    return renderPage(context, request, reply, 'leaderboard', {
      nav: navOf(access, 'leaderboard'),
      range,
      periods: PERIODS,
      sort,
      page,
      pages,
      rows: shown.map((row, index) => ({ ...row, rank: first + index + 1, name: names.get(row.userId) ?? row.userId })),
      query: (changes: Record<string, string | number>) => searchOf({ ...request.query, ...changes }),
    });
  });

  scope.get<Route<LeaderboardQuery>>('/guilds/:guildId/leaderboard.csv', async (request, reply) => {
    const board = await leaderboard(request, reply);
    if (board === undefined) return reply;
    const { access, range, rows } = board;
    const names = await context.names.of(
      access.guild,
      rows.map((row) => row.userId),
    );
    const csv = toCsv([
      ['rank', 'user_id', 'name', 'voice_ms', 'voice_minutes', 'messages'],
      ...rows.map((row, index) => [
        index + 1,
        row.userId,
        names.get(row.userId) ?? '',
        row.ms,
        Math.floor(row.ms / 60_000),
        row.messages,
      ]),
    ]);
    const file = `leaderboard-${access.guild.id}-${range.from}-to-${range.to}.csv`;
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${file}"`)
      .send(csv);
  });

  /** The member of a member page, if this person may see it: their own, or anyone's when they see the leaderboard. */
  const memberAccess = async (
    request: GuildRequest<RangeQuery, { userId: string }>,
    reply: FastifyReply,
    fresh: boolean,
  ) => {
    const access = await guildAccess(context, request, reply, { fresh });
    if (access === undefined) return undefined;
    const userId = request.params.userId === '@me' ? access.member.id : request.params.userId;
    if (!isSnowflake(userId)) {
      errorPage(context, request, reply, 404);
      return undefined;
    }
    const self = userId === access.member.id;
    if (!self && !access.seesLeaderboard) {
      errorPage(context, request, reply, 403, 'forbidden', 'moderator');
      return undefined;
    }
    return { access, userId, self };
  };

  scope.get<Route<RangeQuery, { userId: string }>>('/guilds/:guildId/members/:userId', async (request, reply) => {
    const found = await memberAccess(request, reply, false);
    if (found === undefined) return reply;
    const { access, userId, self } = found;
    const range = rangeOf(request, reply, access.guild.id);
    if (range === undefined) return reply;
    const query = { guildId: access.guild.id, startDay: range.startDay, endDay: range.endDay, userId };
    const [summary, channels, hours, names] = await Promise.all([
      store.readActivitySummary(query),
      store.readChannelTotals({ ...query, limit: CHANNELS_READ }),
      store.readHourTotals(query),
      context.names.of(access.guild, [userId]),
    ]);
    return renderPage(context, request, reply, 'member', {
      nav: navOf(access, self ? 'me' : 'leaderboard'),
      range,
      periods: PERIODS,
      self,
      userId,
      canForget: self || access.manageGuild,
      name: names.get(userId) ?? userId,
      days: summary.days.toReversed(),
      channels: visibleChannels(access, channels, 10),
      heatmap: heatmapGrid(hours, guildkit.settings.of(access.guild.id).weekStartsOn),
    });
  });

  // Deleting a member's data, as /activity forget: the member themself, or Manage Server (asked now).
  const forgetAccess = async (request: GuildRequest<RangeQuery, { userId: string }>, reply: FastifyReply) => {
    const found = await memberAccess(request, reply, true);
    if (found === undefined) return undefined;
    if (!found.self && !found.access.manageGuild) {
      errorPage(context, request, reply, 403, 'forbidden', 'ManageGuild');
      return undefined;
    }
    return found;
  };
  scope.get<Route<RangeQuery, { userId: string }>>(
    '/guilds/:guildId/members/:userId/forget',
    async (request, reply) => {
      const found = await forgetAccess(request, reply);
      if (found === undefined) return reply;
      const names = await context.names.of(found.access.guild, [found.userId]);
      return renderPage(context, request, reply, 'forget', {
        nav: navOf(found.access, found.self ? 'me' : 'leaderboard'),
        self: found.self,
        userId: found.userId,
        name: names.get(found.userId) ?? found.userId,
        done: undefined,
      });
    },
  );
  scope.post<Route<RangeQuery, { userId: string }>>(
    '/guilds/:guildId/members/:userId/forget',
    { preHandler: scope.csrfProtection },
    async (request, reply) => {
      const found = await forgetAccess(request, reply);
      if (found === undefined) return reply;
      const { access, userId, self } = found;
      const names = await context.names.of(access.guild, [userId]);
      const done = await guildkit.forgetMember({ guildId: access.guild.id, userId }, self ? 'owner' : 'moderator');
      settings.logger?.info(
        { guildId: access.guild.id, userId, by: access.member.id },
        "a member's data was deleted from the dashboard",
      );
      return renderPage(context, request, reply, 'forget', {
        nav: navOf(access, self ? 'me' : 'leaderboard'),
        self,
        userId,
        name: names.get(userId) ?? userId,
        done,
      });
    },
  );

  addBoardRoutes(scope, context);
}

/** The last day a chart shows: the range's, or today in a period that goes on past it. */
function chartEnd(range: PageRange): string {
  const tomorrow = days.add(range.today, 1);
  return range.endDay > tomorrow && range.startDay < tomorrow ? tomorrow : range.endDay;
}

/** A query string of the values given, for links that change one of them. */
function searchOf(values: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(values))
    if (value !== undefined && value !== '') search.set(key, String(value));
  return `?${search.toString()}`;
}
