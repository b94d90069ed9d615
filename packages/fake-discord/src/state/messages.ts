import type { APIUser } from 'discord-api-types/v10';
import type { FakeState, MessageRecord } from './fake-state.ts';
import { componentsOf, embedsOf } from './message-content.ts';

/** @internal Creates a message from a REST body (content, embeds, components, flags); `keep` adds it to the channel. */
export function createMessage(
  state: FakeState,
  channelId: string,
  body: Record<string, unknown>,
  author: APIUser,
  extra: Record<string, unknown> = {},
  keep = true,
): MessageRecord {
  const channel = state.channels.get(channelId);
  const message: MessageRecord = {
    id: state.ids.next(),
    channel_id: channelId,
    ...(channel?.guild_id === undefined ? {} : { guild_id: channel.guild_id }),
    author,
    content: typeof body.content === 'string' ? body.content : '',
    timestamp: new Date(state.now()).toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: embedsOf(body.embeds),
    components: componentsOf(body.components),
    pinned: false,
    type: 0,
    flags: typeof body.flags === 'number' ? body.flags : 0,
    ...extra,
  };
  // Ephemeral messages are the one user's: not in the channel's history, not fetchable by the bot.
  if (!keep) return message;
  let inChannel = state.messages.get(channelId);
  if (inChannel === undefined) {
    inChannel = new Map();
    state.messages.set(channelId, inChannel);
  }
  inChannel.set(message.id, message);
  if (channel !== undefined) channel.last_message_id = message.id;
  return message;
}

/** @internal Applies a REST edit (content, embeds, components, flags) to a message. */
export function editMessage(
  state: FakeState,
  message: MessageRecord,
  body: Record<string, unknown>,
  uploaded: readonly Record<string, unknown>[] = [],
): MessageRecord {
  if (body.content !== undefined) message.content = body.content;
  if (body.flags !== undefined) message.flags = body.flags;
  if (body.embeds !== undefined) message.embeds = embedsOf(body.embeds);
  if (body.components !== undefined) message.components = componentsOf(body.components);
  // As Discord: `attachments` lists those to keep (by id); files sent with the edit are added.
  if (Array.isArray(body.attachments) || uploaded.length > 0) {
    const existing = (message.attachments as Record<string, unknown>[] | undefined) ?? [];
    const keep = Array.isArray(body.attachments)
      ? new Set((body.attachments as { id?: unknown }[]).map((attachment) => String(attachment.id)))
      : undefined;
    message.attachments = [
      ...existing.filter((attachment) => keep === undefined || keep.has(String(attachment.id))),
      ...uploaded,
    ];
  }
  message.edited_timestamp = new Date(state.now()).toISOString();
  return message;
}
