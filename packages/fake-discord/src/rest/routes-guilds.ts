import { notFound, type Router } from './router.ts';
import type { RouteDeps } from './routes.ts';

/** @internal Guilds, their channels, members and roles. */
export function addGuildRoutes(router: Router, deps: RouteDeps): void {
  const { state, dispatch } = deps;
  const guildOf = (id: string | undefined) => state.guilds.get(id ?? '');

  router
    .add('GET', '/guilds/:guild', ({ params }) => {
      const guild = guildOf(params.guild);
      if (guild === undefined) return notFound('Guild', 10004);
      const {
        channels: _channels,
        threads: _threads,
        members: _members,
        voice_states: _voice,
        presences: _presences,
        ...rest
      } = state.guildPayload(guild, { allMembers: false, voiceStates: false });
      return { status: 200, body: rest };
    })
    // The bot leaves a guild: GUILD_DELETE follows, as when it is kicked.
    .add('DELETE', '/users/@me/guilds/:guild', ({ params }) => {
      const guild = guildOf(params.guild);
      if (guild === undefined) return notFound('Guild', 10004);
      deps.removeGuild(guild);
      return { status: 204 };
    })
    .add('GET', '/guilds/:guild/channels', ({ params }) => {
      const guild = guildOf(params.guild);
      if (guild === undefined) return notFound('Guild', 10004);
      return {
        status: 200,
        body: [...state.channels.values()].filter(
          (channel) => channel.guild_id === guild.id && !('thread_metadata' in channel),
        ),
      };
    })
    .add('POST', '/guilds/:guild/channels', ({ params, body }) => {
      const guild = guildOf(params.guild);
      if (guild === undefined) return notFound('Guild', 10004);
      const channel = state.createChannel(guild.id, body);
      dispatch('CHANNEL_CREATE', channel, guild.id);
      return { status: 201, body: channel };
    })
    .add('GET', '/guilds/:guild/roles', ({ params }) => {
      const guild = guildOf(params.guild);
      return guild === undefined ? notFound('Guild', 10004) : { status: 200, body: [...guild.roles.values()] };
    })
    .add('GET', '/guilds/:guild/members', ({ params, query }) => {
      const guild = guildOf(params.guild);
      if (guild === undefined) return notFound('Guild', 10004);
      const limit = Math.min(Number(query.get('limit') ?? 1), 1000);
      const after = BigInt(query.get('after') ?? '0');
      const ids = [...guild.members.keys()]
        .filter((id) => BigInt(id) > after)
        .sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1));
      return { status: 200, body: ids.slice(0, limit).map((id) => state.memberPayload(guild, id)) };
    })
    .add('GET', '/guilds/:guild/members/:user', ({ params }) => {
      const guild = guildOf(params.guild);
      if (guild === undefined) return notFound('Guild', 10004);
      return guild.members.has(params.user ?? '')
        ? { status: 200, body: state.memberPayload(guild, params.user as string) }
        : notFound('Member', 10007);
    })
    .add('PATCH', '/guilds/:guild/members/:user', ({ params, body }) => {
      const guild = guildOf(params.guild);
      const member = guild?.members.get(params.user ?? '');
      if (guild === undefined || member === undefined) return notFound('Member', 10007);
      if (body.nick !== undefined) member.nick = body.nick as string | null;
      if (Array.isArray(body.roles)) member.roles = body.roles as string[];
      if (body.communication_disabled_until !== undefined) {
        member.communicationDisabledUntil = body.communication_disabled_until as string | null;
      }
      const payload = state.memberPayload(guild, member.userId);
      dispatch('GUILD_MEMBER_UPDATE', { guild_id: guild.id, ...payload }, guild.id);
      return { status: 200, body: payload };
    })
    .add('PUT', '/guilds/:guild/members/:user/roles/:role', ({ params }) => {
      const guild = guildOf(params.guild);
      const member = guild?.members.get(params.user ?? '');
      if (guild === undefined || member === undefined) return notFound('Member', 10007);
      if (!guild.roles.has(params.role ?? '')) return notFound('Role', 10011);
      if (!member.roles.includes(params.role as string)) member.roles.push(params.role as string);
      dispatch('GUILD_MEMBER_UPDATE', { guild_id: guild.id, ...state.memberPayload(guild, member.userId) }, guild.id);
      return { status: 204 };
    })
    .add('DELETE', '/guilds/:guild/members/:user/roles/:role', ({ params }) => {
      const guild = guildOf(params.guild);
      const member = guild?.members.get(params.user ?? '');
      if (guild === undefined || member === undefined) return notFound('Member', 10007);
      member.roles = member.roles.filter((role) => role !== params.role);
      dispatch('GUILD_MEMBER_UPDATE', { guild_id: guild.id, ...state.memberPayload(guild, member.userId) }, guild.id);
      return { status: 204 };
    });
}
