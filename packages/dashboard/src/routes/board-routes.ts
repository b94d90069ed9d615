import { days, isDayKey, type JobListing } from '@guildkit/core';
import type { FastifyInstance } from 'fastify';
import { heatmapGrid } from '../charts.ts';
import { seesChannel, visibleChannels } from '../guild-access.ts';
import { type DashboardContext, errorPage, guildAccess, navOf, renderPage } from '../pages.ts';

type KindParams = { guildId: string; kind: string; periodStart: string };

/** @internal The job board (open listings live, recently closed) and the report archive. */
export function addBoardRoutes(scope: FastifyInstance, context: DashboardContext): void {
  const { guildkit } = context;

  scope.get<{ Params: { guildId: string } }>('/guilds/:guildId/jobs', async (request, reply) => {
    const access = await guildAccess(context, request, reply, { fresh: false });
    if (access === undefined) return reply;
    const { guild } = access;
    const on = guildkit.board !== undefined && guildkit.settings.of(guild.id).jobBoard !== undefined;
    // Listings of a forum the person may see: a staff-only board stays with the staff.
    const visible = (listing: JobListing) => seesChannel(access, listing.forumChannelId);
    const open = (guildkit.board?.openListings(guild.id) ?? []).filter(visible);
    const closed = (await guildkit.store.listClosedJobListings(guild.id, 20)).filter(visible);
    const channelName = (id: string) => guild.channels.cache.get(id)?.name ?? id;
    const inVoice = (id: string) => {
      const channel = guild.channels.cache.get(id);
      return channel?.isVoiceBased() === true ? channel.members.size : 0;
    };
    return renderPage(context, request, reply, 'jobs', {
      nav: navOf(access, 'jobs'),
      on,
      open: open.map((listing) => ({
        ...listing,
        voiceName: channelName(listing.voiceChannelId),
        inVoice: inVoice(listing.voiceChannelId),
        link: `https://discord.com/channels/${guild.id}/${listing.postId}`,
      })),
      closed: closed.map((listing) => ({
        ...listing,
        link: `https://discord.com/channels/${guild.id}/${listing.postId}`,
      })),
      time: timeFormat(guildkit.settings.of(guild.id).timeZone),
    });
  });

  scope.get<{ Params: { guildId: string } }>('/guilds/:guildId/reports', async (request, reply) => {
    const access = await guildAccess(context, request, reply, { fresh: false });
    if (access === undefined) return reply;
    const posts = await guildkit.store.listReportPosts(access.guild.id, 100);
    return renderPage(context, request, reply, 'reports', {
      nav: navOf(access, 'reports'),
      posts: posts.map((post) => ({ ...post, to: days.add(endOf(post.kind, post.periodStart), -1) })),
      time: timeFormat(guildkit.settings.of(access.guild.id).timeZone),
    });
  });

  // One report of the archive, worked out again from what the store keeps of its period.
  scope.get<{ Params: KindParams }>('/guilds/:guildId/reports/:kind/:periodStart', async (request, reply) => {
    const access = await guildAccess(context, request, reply, { fresh: false });
    if (access === undefined) return reply;
    const { kind, periodStart } = request.params;
    const guildId = access.guild.id;
    // Only reports that were posted: the archive is not a way to any period's ranking.
    const posted = (await guildkit.store.listReportPosts(guildId, 1_000)).some(
      (post) => post.kind === kind && post.periodStart === periodStart,
    );
    if (!posted || (kind !== 'daily' && kind !== 'weekly' && kind !== 'monthly') || !isDayKey(periodStart)) {
      return errorPage(context, request, reply, 404);
    }
    const query = { guildId, startDay: periodStart, endDay: endOf(kind, periodStart) };
    const [members, channels, hours] = await Promise.all([
      guildkit.store.readActivityTotals(query),
      guildkit.store.readChannelTotals({ ...query, limit: 25 }),
      guildkit.store.readHourTotals(query),
    ]);
    // The ranking only for those who see the leaderboard; the guild's figures for every member.
    const top = access.seesLeaderboard ? members.slice(0, 10) : [];
    const names = await context.names.of(
      access.guild,
      top.map((member) => member.userId),
    );
    return renderPage(context, request, reply, 'report', {
      nav: navOf(access, 'reports'),
      kind,
      from: periodStart,
      to: days.add(query.endDay, -1),
      active: members.length,
      total: members.reduce((sum, member) => sum + member.ms, 0),
      top: top.map((member, index) => ({
        ...member,
        rank: index + 1,
        name: names.get(member.userId) ?? member.userId,
      })),
      channels: visibleChannels(access, channels, 5),
      heatmap: heatmapGrid(hours, guildkit.settings.of(guildId).weekStartsOn),
    });
  });
}

/** The day after a scheduled report's period. */
function endOf(kind: 'daily' | 'weekly' | 'monthly', periodStart: string): string {
  if (kind === 'daily') return days.add(periodStart, 1);
  if (kind === 'weekly') return days.add(periodStart, 7);
  return days.addMonths(periodStart, 1);
}

/** Times on the guild's clock, such as `2026-11-30 21:05`. */
function timeFormat(timeZone: string): (at: number) => string {
  const format = new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'short' });
  return (at) => format.format(at);
}
