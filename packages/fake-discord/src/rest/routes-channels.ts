import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { type ChannelRecord, isThread, permissionOverwritesOf } from '../state/fake-state.ts';
import { createMessage, editMessage } from '../state/messages.ts';
import { refusedToBot } from './bot-permissions.ts';
import { attachmentsOf, checkMessageBody } from './message-rules.ts';
import { discordError, notFound, type RouteResult, type Router } from './router.ts';

// Channels that hold messages: text, announcement, voice (text in voice), stage and threads.
const TEXT_BASED = new Set<ChannelType>([
  ChannelType.GuildText,
  ChannelType.GuildAnnouncement,
  ChannelType.GuildVoice,
  ChannelType.GuildStageVoice,
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
  ChannelType.AnnouncementThread,
]);

import type { RouteDeps } from './routes.ts';

/** @internal Channels, forum posts (threads) and messages. */
export function addChannelRoutes(router: Router, deps: RouteDeps): void {
  const { state, dispatch } = deps;
  const channelOr404 = (id: string | undefined): ChannelRecord | RouteResult =>
    state.channels.get(id ?? '') ?? notFound('Channel', 10003);
  const isResult = (value: ChannelRecord | RouteResult): value is RouteResult => 'status' in value && !('id' in value);

  router
    .add('GET', '/channels/:channel', ({ params }) => {
      const channel = channelOr404(params.channel);
      return isResult(channel) ? channel : { status: 200, body: channel };
    })
    .add('PATCH', '/channels/:channel', ({ params, body }) => {
      const channel = channelOr404(params.channel);
      if (isResult(channel)) return channel;
      for (const field of [
        'name',
        'user_limit',
        'parent_id',
        'topic',
        'applied_tags',
        'bitrate',
        'position',
      ] as const) {
        if (body[field] !== undefined) (channel as Record<string, unknown>)[field] = body[field];
      }
      if (body.permission_overwrites !== undefined)
        channel.permission_overwrites = permissionOverwritesOf(body.permission_overwrites);
      if (isThread(channel.type) && (body.locked !== undefined || body.archived !== undefined)) {
        const metadata = channel.thread_metadata as Record<string, unknown>;
        if (body.locked !== undefined) metadata.locked = body.locked;
        if (body.archived !== undefined) {
          metadata.archived = body.archived;
          metadata.archive_timestamp = new Date(state.now()).toISOString();
        }
      }
      dispatch(isThread(channel.type) ? 'THREAD_UPDATE' : 'CHANNEL_UPDATE', channel, channel.guild_id ?? null);
      return { status: 200, body: channel };
    })
    .add('DELETE', '/channels/:channel', ({ params }) => {
      const channel = channelOr404(params.channel);
      if (isResult(channel)) return channel;
      deps.deleteChannel(channel);
      return { status: 200, body: channel };
    })
    .add('POST', '/channels/:channel/threads', ({ params, body, files }) => {
      const forum = channelOr404(params.channel);
      if (isResult(forum)) return forum;
      if (forum.type !== ChannelType.GuildForum)
        return discordError(400, 50024, 'Cannot execute action on this channel type');
      // In a forum, SendMessages is "Create Posts".
      const forbidden = refusedToBot(state, forum, PermissionFlagsBits.SendMessages);
      if (forbidden !== undefined) return forbidden;
      const message = body.message as Record<string, unknown> | undefined;
      if (typeof body.name !== 'string' || body.name.length === 0 || body.name.length > 100) {
        return discordError(400, 50035, 'Invalid Form Body', {
          name: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' }] },
        });
      }
      if (message === undefined)
        return discordError(400, 50035, 'Invalid Form Body', {
          message: { _errors: [{ code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }] },
        });
      const now = new Date(state.now()).toISOString();
      const id = state.ids.next();
      const thread: ChannelRecord = {
        id,
        type: ChannelType.PublicThread,
        guild_id: forum.guild_id as string,
        parent_id: forum.id,
        owner_id: state.bot.id,
        name: body.name,
        last_message_id: id,
        rate_limit_per_user: (body.rate_limit_per_user as number | undefined) ?? 0,
        message_count: 1,
        member_count: 1,
        total_message_sent: 1,
        applied_tags: (body.applied_tags as string[] | undefined) ?? [],
        flags: 0,
        thread_metadata: {
          archived: false,
          auto_archive_duration: (body.auto_archive_duration as number | undefined) ?? 4320,
          archive_timestamp: now,
          locked: false,
          create_timestamp: now,
        },
        member: { id, user_id: state.bot.id, join_timestamp: now, flags: 1 },
      };
      state.channels.set(id, thread);
      // A forum post's first message has the thread's id.
      const starter = createMessage(state, id, message, state.bot, {
        id,
        position: 0,
        attachments: attachmentsOf(state, files),
      });
      dispatch('THREAD_CREATE', { ...thread, newly_created: true }, thread.guild_id ?? null);
      dispatch('MESSAGE_CREATE', starter, thread.guild_id ?? null);
      return { status: 201, body: { ...thread, message: starter } };
    })
    .add('GET', '/channels/:channel/messages', ({ params, query }) => {
      const channel = channelOr404(params.channel);
      if (isResult(channel)) return channel;
      const limit = Math.min(Math.max(Number(query.get('limit') ?? 50), 1), 100);
      const newestFirst = [...(state.messages.get(channel.id)?.values() ?? [])].sort((a, b) =>
        BigInt(b.id) > BigInt(a.id) ? 1 : -1,
      );
      const before = query.get('before');
      const after = query.get('after');
      const around = query.get('around');
      let page = newestFirst;
      if (before !== null) page = newestFirst.filter((message) => BigInt(message.id) < BigInt(before)).slice(0, limit);
      else if (after !== null) page = newestFirst.filter((message) => BigInt(message.id) > BigInt(after)).slice(-limit);
      else if (around !== null) {
        const at = newestFirst.findIndex((message) => BigInt(message.id) <= BigInt(around));
        const start = Math.max((at === -1 ? newestFirst.length : at) - Math.floor(limit / 2), 0);
        page = newestFirst.slice(start, start + limit);
      } else page = newestFirst.slice(0, limit);
      return { status: 200, body: page };
    })
    .add('POST', '/channels/:channel/messages', ({ params, body, files }) => {
      const channel = channelOr404(params.channel);
      if (isResult(channel)) return channel;
      if (!TEXT_BASED.has(channel.type)) return discordError(400, 50008, 'Cannot send messages in a non-text channel');
      const forbidden = refusedToBot(
        state,
        channel,
        isThread(channel.type) ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages,
      );
      if (forbidden !== undefined) return forbidden;
      const refused = checkMessageBody(body, files, false);
      if (refused !== undefined) return refused;
      if (isThread(channel.type) && (channel.thread_metadata as { archived?: boolean }).archived)
        return discordError(400, 50083, 'Thread is archived');
      const message = createMessage(state, channel.id, body, state.bot, { attachments: attachmentsOf(state, files) });
      dispatch('MESSAGE_CREATE', message, channel.guild_id ?? null);
      return { status: 200, body: message };
    })
    .add('GET', '/channels/:channel/messages/:message', ({ params }) => {
      const message = state.messages.get(params.channel ?? '')?.get(params.message ?? '');
      return message === undefined ? notFound('Message', 10008) : { status: 200, body: message };
    })
    .add('PATCH', '/channels/:channel/messages/:message', ({ params, body, files }) => {
      const message = state.messages.get(params.channel ?? '')?.get(params.message ?? '');
      if (message === undefined) return notFound('Message', 10008);
      editMessage(state, message, body, attachmentsOf(state, files));
      dispatch('MESSAGE_UPDATE', message, (message.guild_id as string | undefined) ?? null);
      return { status: 200, body: message };
    })
    .add('DELETE', '/channels/:channel/messages/:message', ({ params }) => {
      const inChannel = state.messages.get(params.channel ?? '');
      const message = inChannel?.get(params.message ?? '');
      if (inChannel === undefined || message === undefined) return notFound('Message', 10008);
      inChannel.delete(message.id);
      dispatch(
        'MESSAGE_DELETE',
        { id: message.id, channel_id: message.channel_id, guild_id: message.guild_id },
        (message.guild_id as string | undefined) ?? null,
      );
      return { status: 204 };
    });
}
