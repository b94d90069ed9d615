import type { APIVoiceState } from 'discord-api-types/v10';
import type { GatewayServer } from './gateway/gateway-server.ts';
import type { InteractionBook, InteractionResponse } from './rest/interactions.ts';
import type { ChannelRecord, FakeState, GuildRecord } from './state/fake-state.ts';
import { createMessage } from './state/messages.ts';
import { channelPermissionsOf, permissionsOf } from './state/permissions.ts';

/**
 * A member's voice state as a driver sets it: the channel (`null` to leave) and the mute and deafen
 * flags, all but the channel defaulting to off.
 *
 * @example Joining muted
 * ```ts
 * const change: VoiceChange = { guildId, userId, channelId: voiceId, selfMute: true };
 * ```
 */
export interface VoiceChange {
  readonly guildId: string;
  readonly userId: string;
  readonly channelId: string | null;
  readonly selfMute?: boolean;
  readonly selfDeaf?: boolean;
  readonly serverMute?: boolean;
  readonly serverDeaf?: boolean;
  readonly selfVideo?: boolean;
  /**
   * The gateway session of the member's Discord client, which Discord sends as the voice state's
   * `session_id`. As with Discord, a member keeps theirs across leaves and rejoins; give another
   * to join from a second device. @defaultValue the member's last, or a new one
   */
  readonly sessionId?: string;
}

/**
 * A message a member posts in a text channel.
 *
 * @example A message that mentions two members
 * ```ts
 * const post: MemberMessage = { guildId, channelId, userId, content: 'hi <@1> <@2>', mentions: [firstId, secondId] };
 * ```
 */
export interface MemberMessage {
  readonly guildId: string;
  readonly channelId: string;
  readonly userId: string;
  readonly content: string;
  /** The members the message mentions (Discord sends them even without the message content intent). */
  readonly mentions?: readonly string[];
}

/**
 * A slash command a member uses.
 *
 * @example The activity command with a member option
 * ```ts
 * const use: SlashCommandUse = { guildId, channelId, userId, name: 'activity', options: [{ name: 'member', type: 6, value: otherId }] };
 * ```
 */
export interface SlashCommandUse {
  readonly guildId: string;
  readonly channelId: string;
  readonly userId: string;
  readonly name: string;
  /** Discord's option objects: `{ name, type, value }`, or `{ name, type: 1, options }` for a subcommand. */
  readonly options?: readonly Record<string, unknown>[];
  /** The user's client locale. @defaultValue 'en-US', as most Discord clients */
  readonly locale?: string;
}

/**
 * A button a member presses on a message.
 *
 * @example Pressing a close button
 * ```ts
 * const press: ButtonPress = { guildId, channelId: postId, userId, messageId: postId, customId: 'job:close' };
 * ```
 */
export interface ButtonPress {
  readonly guildId: string;
  readonly channelId: string;
  readonly userId: string;
  readonly messageId: string;
  readonly customId: string;
  /** The user's client locale. @defaultValue 'en-US' */
  readonly locale?: string;
}

/** @internal The scenario drivers: what members and Discord do, sent to the bot as gateway events. */
export class Drivers {
  readonly #state: FakeState;
  readonly #gateway: GatewayServer;
  /** Each member's client session, by user id: kept across leaves, as a Discord client keeps its own. */
  readonly #clientSessions = new Map<string, string>();
  readonly #interactions: InteractionBook;

  readonly #firstAnswerMs: number;

  constructor(state: FakeState, gateway: GatewayServer, interactions: InteractionBook, firstAnswerMs: number) {
    this.#state = state;
    this.#gateway = gateway;
    this.#interactions = interactions;
    this.#firstAnswerMs = firstAnswerMs;
  }

  setVoiceState(change: VoiceChange): APIVoiceState | null {
    const guild = this.#guild(change.guildId);
    if (!guild.members.has(change.userId))
      throw new TypeError(`user ${change.userId} is not a member of guild ${guild.id}`);
    if (change.channelId !== null) this.#channel(change.channelId, guild.id);
    const before = guild.voiceStates.get(change.userId);
    const state = {
      guild_id: guild.id,
      channel_id: change.channelId,
      user_id: change.userId,
      member: this.#state.memberPayload(guild, change.userId),
      session_id: change.sessionId ?? before?.session_id ?? this.#clientSession(change.userId),
      deaf: change.serverDeaf ?? false,
      mute: change.serverMute ?? false,
      self_deaf: change.selfDeaf ?? false,
      self_mute: change.selfMute ?? false,
      self_video: change.selfVideo ?? false,
      suppress: false,
      request_to_speak_timestamp: null,
    } as APIVoiceState;
    if (change.channelId === null) guild.voiceStates.delete(change.userId);
    else guild.voiceStates.set(change.userId, state);
    this.#gateway.dispatch('VOICE_STATE_UPDATE', state, guild.id);
    return change.channelId === null ? null : state;
  }

  #clientSession(userId: string): string {
    let session = this.#clientSessions.get(userId);
    if (session === undefined) {
      session = this.#state.ids.next();
      this.#clientSessions.set(userId, session);
    }
    return session;
  }

  sendMessage(post: MemberMessage): string {
    const guild = this.#guild(post.guildId);
    if (!guild.members.has(post.userId))
      throw new TypeError(`user ${post.userId} is not a member of guild ${guild.id}`);
    this.#channel(post.channelId, guild.id);
    const author = this.#state.users.get(post.userId);
    if (author === undefined) throw new TypeError(`no user ${post.userId}`);
    const mentions = (post.mentions ?? []).map((userId) => {
      const user = this.#state.users.get(userId);
      if (user === undefined) throw new TypeError(`no user ${userId} to mention`);
      return { ...user, member: this.#memberWithoutUser(guild, userId) };
    });
    const message = createMessage(this.#state, post.channelId, { content: post.content }, author, { mentions });
    const member = this.#memberWithoutUser(guild, post.userId);
    this.#gateway.dispatch('MESSAGE_CREATE', { ...message, guild_id: guild.id, member }, guild.id);
    return message.id;
  }

  /** A member as messages carry it: beside its user, not holding it. */
  #memberWithoutUser(guild: GuildRecord, userId: string): Record<string, unknown> {
    const { user: _user, ...member } = this.#state.memberPayload(guild, userId) as unknown as Record<string, unknown>;
    return member;
  }

  addMember(guildId: string, username: string, globalName?: string): string {
    const guild = this.#guild(guildId);
    const user = this.#state.addUser(username, globalName === undefined ? {} : { globalName });
    this.#state.addMember(guild, user.id, []);
    this.#gateway.dispatch(
      'GUILD_MEMBER_ADD',
      { guild_id: guild.id, ...this.#state.memberPayload(guild, user.id) },
      guild.id,
    );
    return user.id;
  }

  deleteChannel(channel: ChannelRecord): void {
    const guild = channel.guild_id === undefined ? undefined : this.#state.guilds.get(channel.guild_id);
    // Discord disconnects the people in a voice channel before it goes.
    for (const state of [...(guild?.voiceStates.values() ?? [])]) {
      if (state.channel_id === channel.id && guild !== undefined) {
        this.setVoiceState({
          guildId: guild.id,
          userId: state.user_id,
          channelId: null,
          selfMute: state.self_mute,
          selfDeaf: state.self_deaf,
        });
      }
    }
    this.#state.channels.delete(channel.id);
    const thread = 'thread_metadata' in channel;
    this.#gateway.dispatch(
      thread ? 'THREAD_DELETE' : 'CHANNEL_DELETE',
      thread
        ? { id: channel.id, guild_id: channel.guild_id, parent_id: channel.parent_id, type: channel.type }
        : channel,
      channel.guild_id ?? null,
    );
  }

  useSlashCommand(use: SlashCommandUse): Promise<InteractionResponse> {
    const guild = this.#guild(use.guildId);
    const command = [
      ...(this.#state.commands.get(guild.id)?.values() ?? []),
      ...(this.#state.commands.get('global')?.values() ?? []),
    ].find((candidate) => candidate.name === use.name);
    if (command === undefined)
      throw new TypeError(`no command /${use.name} is registered for guild ${guild.id} or globally`);
    return this.#interact(guild, use.channelId, use.userId, use.locale, null, {
      type: 2,
      data: {
        id: command.id,
        name: command.name,
        type: 1,
        options: use.options ?? [],
        ...(command.guild_id === undefined ? {} : { guild_id: guild.id }),
        ...this.#resolved(guild, use.options ?? []),
      },
    });
  }

  pressButton(press: ButtonPress): Promise<InteractionResponse> {
    const guild = this.#guild(press.guildId);
    const message =
      this.#state.messages.get(press.channelId)?.get(press.messageId) ??
      this.#interactions.message(press.channelId, press.messageId);
    if (message === undefined) throw new TypeError(`no message ${press.messageId} in channel ${press.channelId}`);
    if (!customIdsOf(message.components).includes(press.customId)) {
      throw new TypeError(`message ${press.messageId} has no component with custom id "${press.customId}"`);
    }
    return this.#interact(guild, press.channelId, press.userId, press.locale, message.id, {
      type: 3,
      data: { custom_id: press.customId, component_type: 2 },
      message,
    });
  }

  #interact(
    guild: GuildRecord,
    channelId: string,
    userId: string,
    locale: string | undefined,
    sourceMessageId: string | null,
    payload: Record<string, unknown>,
  ): Promise<InteractionResponse> {
    const channel = this.#channel(channelId, guild.id);
    const id = this.#state.ids.next();
    const token = `interaction.${id}.${Math.random().toString(36).slice(2)}`;
    const response = new Promise<InteractionResponse>((resolve, reject) => {
      this.#interactions.add({
        id,
        token,
        kind: payload.type as 2 | 3,
        channelId,
        guildId: guild.id,
        userId,
        sourceMessageId,
        sentAt: performance.now(),
        firstAnswerMs: this.#firstAnswerMs,
        response: undefined,
        original: undefined,
        followUps: [],
        settled: false,
        resolve,
        reject,
      });
    });
    this.#gateway.dispatch(
      'INTERACTION_CREATE',
      {
        id,
        application_id: this.#state.bot.id,
        token,
        version: 1,
        guild_id: guild.id,
        guild: { id: guild.id, locale: guild.preferredLocale, features: ['COMMUNITY'] },
        channel_id: channelId,
        channel,
        // Both as in the channel, overwrites included, as Discord computes them.
        member: {
          ...this.#state.memberPayload(guild, userId),
          permissions: channelPermissionsOf(guild, channel, userId, this.#state.channels).toString(),
        },
        app_permissions: channelPermissionsOf(guild, channel, this.#state.bot.id, this.#state.channels).toString(),
        locale: locale ?? 'en-US',
        guild_locale: guild.preferredLocale,
        entitlements: [],
        authorizing_integration_owners: { 0: guild.id },
        context: 0,
        attachment_size_limit: 26_214_400,
        ...payload,
      },
      guild.id,
    );
    return response;
  }

  /** `data.resolved`: the users, members, roles and channels that options name, as Discord sends them. */
  #resolved(
    guild: GuildRecord,
    options: readonly Record<string, unknown>[],
  ): { resolved?: Record<string, Record<string, unknown>> } {
    const resolved: Record<string, Record<string, unknown>> = { users: {}, members: {}, roles: {}, channels: {} };
    const walk = (list: readonly Record<string, unknown>[]) => {
      for (const option of list) {
        if (Array.isArray(option.options)) walk(option.options as Record<string, unknown>[]);
        const id = String(option.value ?? '');
        const user = this.#state.users.get(id);
        const role = guild.roles.get(id);
        const channel = this.#state.channels.get(id);
        if ((option.type === 6 || option.type === 9) && user !== undefined) {
          (resolved.users as Record<string, unknown>)[id] = user;
          if (guild.members.has(id)) {
            const { user: _user, ...member } = this.#state.memberPayload(guild, id);
            (resolved.members as Record<string, unknown>)[id] = {
              ...member,
              permissions: permissionsOf(guild, id).toString(),
            };
          }
        }
        if ((option.type === 8 || option.type === 9) && role !== undefined)
          (resolved.roles as Record<string, unknown>)[id] = role;
        if (option.type === 7 && channel !== undefined) {
          (resolved.channels as Record<string, unknown>)[id] = {
            id,
            name: channel.name,
            type: channel.type,
            parent_id: channel.parent_id ?? null,
            permissions: permissionsOf(guild, this.#state.bot.id).toString(),
          };
        }
      }
    };
    walk(options);
    const nonEmpty = Object.fromEntries(
      Object.entries(resolved).filter(([, entries]) => Object.keys(entries).length > 0),
    );
    return Object.keys(nonEmpty).length === 0 ? {} : { resolved: nonEmpty };
  }

  #guild(guildId: string): GuildRecord {
    const guild = this.#state.guilds.get(guildId);
    if (guild === undefined) throw new TypeError(`no guild ${guildId} in the fake Discord`);
    return guild;
  }

  #channel(channelId: string, guildId: string): ChannelRecord {
    const channel = this.#state.channels.get(channelId);
    if (channel === undefined || channel.guild_id !== guildId)
      throw new TypeError(`no channel ${channelId} in guild ${guildId}`);
    return channel;
  }
}

/** Every `custom_id` in a message's components, however deeply nested. */
function customIdsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(customIdsOf);
  if (value === null || typeof value !== 'object') return [];
  const own = (value as { custom_id?: unknown }).custom_id;
  return [...(typeof own === 'string' ? [own] : []), ...Object.values(value).flatMap(customIdsOf)];
}
