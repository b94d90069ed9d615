import {
  type APIGuildMember,
  type APIRole,
  type APIUser,
  type APIVoiceState,
  ChannelType,
  PermissionFlagsBits,
  type UserFlags,
} from 'discord-api-types/v10';
import { SnowflakeGenerator } from '../snowflake-generator.ts';
import { overwritesFromSeed, permissionsOf } from './permissions.ts';
import type { ChannelSeed, GuildSeed } from './seed.ts';

/** @internal A channel or thread as the fake keeps it: Discord's JSON, as sent. */
export type ChannelRecord = Record<string, unknown> & {
  id: string;
  type: ChannelType;
  guild_id?: string;
  name?: string;
};

/** @internal A message as the fake keeps it: Discord's JSON, as sent. */
export type MessageRecord = Record<string, unknown> & { id: string; channel_id: string };

/** @internal A member as the fake keeps it. */
export interface MemberRecord {
  readonly userId: string;
  roles: string[];
  nick: string | null;
  readonly joinedAt: string;
  /** Until when the member is timed out (ISO 8601), or null. */
  communicationDisabledUntil?: string | null;
}

/** @internal A guild as the fake keeps it. */
export interface GuildRecord {
  readonly id: string;
  name: string;
  readonly ownerId: string;
  readonly preferredLocale: string;
  afkChannelId: string | null;
  readonly roles: Map<string, APIRole>;
  readonly members: Map<string, MemberRecord>;
  readonly voiceStates: Map<string, APIVoiceState>;
}

/** @internal The whole fake Discord: users, guilds, channels, messages and commands, in memory. */
export class FakeState {
  readonly ids: SnowflakeGenerator;
  readonly bot: APIUser;
  readonly users = new Map<string, APIUser>();
  readonly guilds = new Map<string, GuildRecord>();
  readonly channels = new Map<string, ChannelRecord>();
  readonly messages = new Map<string, Map<string, MessageRecord>>();
  /** The bytes of every file the bot uploaded, by attachment id. */
  readonly files = new Map<string, Uint8Array>();
  /** 'global' or a guild id -> command id -> command. */
  readonly commands = new Map<string, Map<string, Record<string, unknown> & { id: string; name: string }>>();
  readonly now: () => number;
  /** How many guilds were ever added: each new one "was created" a day before the last. */
  #guildsAdded = 0;
  /** When the fake started: guilds' creation times count back from it. */
  readonly #startedAt: number;

  constructor(now: () => number, botName: string) {
    this.now = now;
    this.#startedAt = now();
    this.ids = new SnowflakeGenerator({ now });
    this.bot = this.addUser(botName, { bot: true });
  }

  addUser(username: string, extra: { globalName?: string; bot?: boolean } = {}): APIUser {
    const user: APIUser = {
      id: this.ids.next(),
      username,
      discriminator: '0',
      global_name: extra.globalName ?? null,
      avatar: null,
      // As Discord sends every user: no badges, no banner, no decoration, no server tag.
      flags: 0 as UserFlags,
      public_flags: 0 as UserFlags,
      banner: null,
      accent_color: null,
      avatar_decoration_data: null,
      collectibles: null,
      primary_guild: null,
      ...(extra.bot ? { bot: true } : {}),
    };
    this.users.set(user.id, user);
    return user;
  }

  addGuild(seed: GuildSeed): GuildRecord {
    // Guilds "were created" a day and a millisecond apart before the fake started, so that their
    // ids spread over shards ((id >> 22) % count) as real guilds' do, instead of all sharing one
    // millisecond: round robin for 2, 3, 4, 5, 6 or 8 shards, however late a guild is added.
    // Counted over every guild ever added, not those left, so that no two ever share an id.
    this.#guildsAdded += 1;
    const createdAt = this.#startedAt - this.#guildsAdded * 86_400_001;
    const id = new SnowflakeGenerator({ now: () => createdAt, workerId: 2 }).next();
    const owner = this.addUser(`${seed.name}-owner`.toLowerCase().replaceAll(/\s+/g, '-'));
    const guild: GuildRecord = {
      id,
      name: seed.name,
      ownerId: owner.id,
      preferredLocale: seed.preferredLocale ?? 'en-US',
      afkChannelId: null,
      roles: new Map(),
      members: new Map(),
      voiceStates: new Map(),
    };
    this.guilds.set(id, guild);
    try {
      this.#fillGuild(guild, seed, owner.id);
    } catch (error) {
      // A seed that names what it lacks leaves no half-made guild behind.
      this.removeGuild(guild);
      throw error;
    }
    return guild;
  }

  #fillGuild(guild: GuildRecord, seed: GuildSeed, ownerId: string): void {
    const { id } = guild;
    // @everyone has the guild's id, as on Discord.
    this.addRole(
      guild,
      '@everyone',
      PermissionFlagsBits.ViewChannel |
        PermissionFlagsBits.SendMessages |
        PermissionFlagsBits.Connect |
        PermissionFlagsBits.Speak,
      id,
    );
    const botRole = this.addRole(guild, this.bot.username, seed.botPermissions ?? PermissionFlagsBits.Administrator);
    const roleIds = new Map<string, string>();
    for (const role of seed.roles ?? [])
      roleIds.set(role.name, this.addRole(guild, role.name, role.permissions ?? 0n, undefined, role.color).id);
    if (seed.botRoleOnTop === true) botRole.position = guild.roles.size;
    this.addMember(guild, ownerId, []);
    this.addMember(guild, this.bot.id, [botRole.id]);
    for (const member of seed.members ?? []) {
      const user = this.addUser(member.username, {
        ...(member.globalName ? { globalName: member.globalName } : {}),
        ...(member.bot ? { bot: true } : {}),
      });
      this.addMember(
        guild,
        user.id,
        (member.roles ?? []).map((name) => roleIds.get(name) ?? missing('role', name)),
      );
    }
    for (const channel of seed.channels ?? []) {
      const created = this.addSeededChannel(guild, channel);
      if (seed.afkChannel === channel.name) guild.afkChannelId = created.id;
    }
  }

  /**
   * Creates a channel from a seed: its parent category found by name (the last of that name), its
   * `allow` and `deny` made permission overwrites.
   */
  addSeededChannel(guild: GuildRecord, seed: ChannelSeed): ChannelRecord {
    const { parent } = seed;
    const parentId =
      parent === undefined
        ? null
        : ([...this.channels.values()].findLast(
            (channel) =>
              channel.guild_id === guild.id && channel.type === ChannelType.GuildCategory && channel.name === parent,
          )?.id ?? missing('category', parent));
    if (
      seed.deny?.bot !== undefined &&
      (permissionsOf(guild, this.bot.id) & PermissionFlagsBits.Administrator) !== 0n
    ) {
      throw new TypeError(
        `the channel seed "${seed.name}" denies the bot ${seed.deny.bot.join(', ')}, but the bot is an administrator ` +
          `of guild "${guild.name}" (botPermissions defaults to Administrator), and administrators skip ` +
          'overwrites: give the guild botPermissions without Administrator',
      );
    }
    const permissionOverwrites = overwritesFromSeed(seed, {
      guildId: guild.id,
      botId: this.bot.id,
      roleId: (name) =>
        [...guild.roles.values()].findLast((role) => role.name === name && role.id !== guild.id)?.id ??
        missing('role', name),
      memberId: (username) =>
        [...guild.members.keys()].find((id) => this.users.get(id)?.username === username) ??
        missing('member', username),
    });
    return this.createChannel(guild.id, {
      name: seed.name,
      type: CHANNEL_TYPES[seed.type],
      parent_id: parentId,
      permission_overwrites: permissionOverwrites,
      ...(seed.userLimit === undefined ? {} : { user_limit: seed.userLimit }),
      ...(seed.tags === undefined ? {} : { available_tags: seed.tags.map((name) => ({ name })) }),
    });
  }

  /** Forgets a guild the bot is no longer in: its channels and their messages, its commands. */
  removeGuild(guild: GuildRecord): void {
    this.guilds.delete(guild.id);
    for (const channel of [...this.channels.values()]) {
      if (channel.guild_id !== guild.id) continue;
      this.channels.delete(channel.id);
      this.messages.delete(channel.id);
    }
    this.commands.delete(guild.id);
  }

  addRole(guild: GuildRecord, name: string, permissions: bigint, id = this.ids.next(), color = 0): APIRole {
    const role: APIRole = {
      id,
      name,
      color,
      colors: { primary_color: color, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position: guild.roles.size,
      permissions: permissions.toString(),
      managed: false,
      mentionable: false,
      flags: 0 as APIRole['flags'],
    };
    guild.roles.set(role.id, role);
    return role;
  }

  addMember(guild: GuildRecord, userId: string, roles: string[]): MemberRecord {
    const member: MemberRecord = { userId, roles, nick: null, joinedAt: new Date(this.now()).toISOString() };
    guild.members.set(userId, member);
    return member;
  }

  /** Creates a guild channel from a REST body (snake_case, as Discord takes it). */
  createChannel(guildId: string, body: Record<string, unknown>): ChannelRecord {
    const type = (body.type as ChannelType | undefined) ?? ChannelType.GuildText;
    const siblings = [...this.channels.values()].filter((channel) => channel.guild_id === guildId);
    const channel: ChannelRecord = {
      id: this.ids.next(),
      type,
      guild_id: guildId,
      name: String(body.name ?? 'channel'),
      position: (body.position as number | undefined) ?? siblings.length,
      parent_id: (body.parent_id as string | null | undefined) ?? null,
      permission_overwrites: permissionOverwritesOf(body.permission_overwrites),
      nsfw: false,
      flags: 0,
    };
    if (type === ChannelType.GuildText)
      Object.assign(channel, { topic: body.topic ?? null, last_message_id: null, rate_limit_per_user: 0 });
    if (type === ChannelType.GuildVoice) {
      Object.assign(channel, {
        bitrate: body.bitrate ?? 64_000,
        user_limit: body.user_limit ?? 0,
        rtc_region: null,
        last_message_id: null,
        rate_limit_per_user: 0,
      });
    }
    if (type === ChannelType.GuildForum) {
      const tags =
        (body.available_tags as { name: string; moderated?: boolean; emoji_name?: string | null }[] | undefined) ?? [];
      Object.assign(channel, {
        topic: body.topic ?? null,
        available_tags: tags.map((tag) => ({
          id: this.ids.next(),
          name: tag.name,
          moderated: tag.moderated ?? false,
          emoji_id: null,
          emoji_name: tag.emoji_name ?? null,
        })),
        default_reaction_emoji: null,
        default_sort_order: null,
        default_forum_layout: 0,
        default_thread_rate_limit_per_user: 0,
        rate_limit_per_user: 0,
        last_message_id: null,
      });
    }
    this.channels.set(channel.id, channel);
    return channel;
  }

  memberPayload(guild: GuildRecord, userId: string): APIGuildMember {
    const member = guild.members.get(userId);
    const user = this.users.get(userId);
    if (member === undefined || user === undefined) throw new Error(`no member ${userId} in guild ${guild.id}`);
    return {
      user,
      nick: member.nick,
      avatar: null,
      banner: null,
      roles: member.roles,
      joined_at: member.joinedAt,
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0,
      pending: false,
      communication_disabled_until: member.communicationDisabledUntil ?? null,
    } as unknown as APIGuildMember;
  }

  /** The guild as GUILD_CREATE sends it; members and voice states only with their intents. */
  guildPayload(guild: GuildRecord, include: { allMembers: boolean; voiceStates: boolean }): Record<string, unknown> {
    const channels = [...this.channels.values()].filter((channel) => channel.guild_id === guild.id);
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      owner_id: guild.ownerId,
      afk_channel_id: guild.afkChannelId,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: [...guild.roles.values()],
      emojis: [],
      stickers: [],
      features: ['COMMUNITY'],
      home_header: null,
      // Voice regions are per channel now; guilds answer this placeholder, as on Discord.
      region: 'deprecated',
      widget_enabled: false,
      widget_channel_id: null,
      max_presences: null,
      max_members: 500_000,
      max_stage_video_channel_users: 50,
      nsfw: false,
      incidents_data: null,
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: guild.preferredLocale,
      max_video_channel_users: 25,
      nsfw_level: 0,
      premium_progress_bar_enabled: false,
      joined_at: guild.members.get(this.bot.id)?.joinedAt,
      large: guild.members.size > 250,
      unavailable: false,
      member_count: guild.members.size,
      channels: channels.filter((channel) => !isThread(channel.type)).map(withoutGuildId),
      threads: channels.filter((channel) => isThread(channel.type)).map(withoutGuildId),
      members: (include.allMembers
        ? [...guild.members.keys()]
        : [...new Set([this.bot.id, ...(include.voiceStates ? guild.voiceStates.keys() : [])])]
      ).map((userId) => this.memberPayload(guild, userId)),
      voice_states: include.voiceStates
        ? [...guild.voiceStates.values()].map(({ member: _member, guild_id: _guild, ...state }) => state)
        : [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }
}

const CHANNEL_TYPES = {
  text: ChannelType.GuildText,
  voice: ChannelType.GuildVoice,
  category: ChannelType.GuildCategory,
  forum: ChannelType.GuildForum,
} as const;

/** @internal */
export function isThread(type: ChannelType): boolean {
  return (
    type === ChannelType.PublicThread || type === ChannelType.PrivateThread || type === ChannelType.AnnouncementThread
  );
}

/**
 * @internal Permission overwrites from a REST body, as Discord answers them: every one with its
 * `type` (0 a role, 1 a member) and both `allow` and `deny`, as strings of bits.
 */
export function permissionOverwritesOf(value: unknown): Record<string, unknown>[] {
  if (!Array.isArray(value)) return [];
  return value.map((overwrite: Record<string, unknown>) => ({
    id: String(overwrite.id),
    type: Number(overwrite.type ?? 0),
    allow: String(overwrite.allow ?? '0'),
    deny: String(overwrite.deny ?? '0'),
  }));
}

function withoutGuildId({ guild_id: _guildId, ...channel }: ChannelRecord): Record<string, unknown> {
  return channel;
}

function missing(kind: string, name: string): never {
  throw new TypeError(`the seed names a ${kind} "${name}" that the guild does not have`);
}
