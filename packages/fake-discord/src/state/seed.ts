import type { PermissionFlagsBits } from 'discord-api-types/v10';

/**
 * A Discord permission by name, as discord.js spells it (`PermissionsString`): `'ViewChannel'`,
 * `'SendMessages'`, `'ManageChannels'`…
 *
 * @example The permissions a log channel needs
 * ```ts
 * const needed: PermissionName[] = ['ViewChannel', 'SendMessages', 'EmbedLinks'];
 * ```
 */
export type PermissionName = keyof typeof PermissionFlagsBits;

/**
 * Whom a channel's permission overwrites concern, each with the permissions given or taken away:
 * the channel seed's `allow` and `deny`. Names are resolved when the channel is made: roles by
 * name from the guild's `roles`, members by username from its `members`.
 *
 * @example Only moderators may write, and the bot may not
 * ```ts
 * const deny: ChannelPermissionsSeed = { everyone: ['SendMessages'], bot: ['SendMessages'] };
 * const allow: ChannelPermissionsSeed = { roles: { 모더레이터: ['SendMessages'] } };
 * ```
 */
export interface ChannelPermissionsSeed {
  /** The `@everyone` overwrite (a role overwrite with the guild's id). */
  readonly everyone?: readonly PermissionName[];
  /**
   * A member overwrite for the bot user. The bot's role is an administrator unless the guild
   * gives `botPermissions`, and administrators skip overwrites: so a seed that denies the bot
   * anything needs `botPermissions` without Administrator (it throws otherwise).
   */
  readonly bot?: readonly PermissionName[];
  /** Role overwrites, by role name. */
  readonly roles?: Readonly<Record<string, readonly PermissionName[]>>;
  /** Member overwrites, by username. */
  readonly members?: Readonly<Record<string, readonly PermissionName[]>>;
}

/**
 * A channel of a {@link GuildSeed}, or one added at runtime with `fake.addChannel`.
 *
 * `allow` and `deny` become the channel's `permission_overwrites`, as Discord sends them in
 * GUILD_CREATE and CHANNEL_CREATE, so that discord.js's `channel.permissionsFor(member)` computes
 * what Discord would; the fake refuses what they forbid the bot (posting a message or a forum post
 * without ViewChannel or SendMessages), as Discord does.
 *
 * @example A voice room under a category
 * ```ts
 * const seed: ChannelSeed = { name: '일반 음성', type: 'voice', parent: '음성 채널', userLimit: 10 };
 * ```
 *
 * @example A read-only announcements channel the bot may not post in
 * ```ts
 * const seed: ChannelSeed = {
 *   name: '공지',
 *   type: 'text',
 *   deny: { everyone: ['SendMessages'], bot: ['SendMessages'] },
 *   allow: { roles: { 모더레이터: ['SendMessages'] } },
 * };
 * // in a guild seed with botPermissions that leave out Administrator, such as
 * // PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages
 * ```
 */
export interface ChannelSeed {
  readonly name: string;
  readonly type: 'text' | 'voice' | 'category' | 'forum';
  /** The name of the category it sits in. */
  readonly parent?: string;
  /** Forum tags (forums only). */
  readonly tags?: readonly string[];
  /** Voice channels only; `0` is no limit. */
  readonly userLimit?: number;
  /** Permissions the channel's overwrites give. @defaultValue none */
  readonly allow?: ChannelPermissionsSeed;
  /** Permissions the channel's overwrites take away. @defaultValue none */
  readonly deny?: ChannelPermissionsSeed;
}

/**
 * A member of a {@link GuildSeed}.
 *
 * @example A member with a role
 * ```ts
 * const seed: MemberSeed = { username: 'minji', globalName: '민지', roles: ['모더레이터'] };
 * ```
 */
export interface MemberSeed {
  readonly username: string;
  readonly globalName?: string;
  /** Role names from the guild's `roles`. */
  readonly roles?: readonly string[];
  readonly bot?: boolean;
}

/**
 * A role of a {@link GuildSeed}.
 *
 * @example A moderator role
 * ```ts
 * const seed: RoleSeed = { name: '모더레이터', permissions: 1n << 4n };
 * ```
 */
export interface RoleSeed {
  readonly name: string;
  /** Discord permission bits. @defaultValue 0n */
  readonly permissions?: bigint;
  readonly color?: number;
}

/**
 * A guild the fake Discord starts with, or one the bot joins later with `fake.addGuild`. The bot
 * is always a member.
 *
 * @example A small Korean community
 * ```ts
 * const seed: GuildSeed = {
 *   name: '테스트 서버',
 *   roles: [{ name: '모더레이터', permissions: 1n << 4n }],
 *   channels: [
 *     { name: '음성 채널', type: 'category' },
 *     { name: '일반', type: 'voice', parent: '음성 채널' },
 *     { name: '대기실', type: 'voice', parent: '음성 채널' },
 *     { name: '구인구직', type: 'forum', tags: ['랭크', '일반'] },
 *   ],
 *   members: [{ username: 'minji', globalName: '민지', roles: ['모더레이터'] }],
 *   afkChannel: '대기실',
 * };
 * ```
 */
export interface GuildSeed {
  readonly name: string;
  /** The guild's preferred locale, such as `'ko'`. @defaultValue 'en-US', as Discord */
  readonly preferredLocale?: string;
  readonly roles?: readonly RoleSeed[];
  readonly channels?: readonly ChannelSeed[];
  readonly members?: readonly MemberSeed[];
  /** The name of the guild's AFK voice channel. */
  readonly afkChannel?: string;
  /** The permissions of the bot's role, to test a bot that lacks some. @defaultValue Administrator */
  readonly botPermissions?: bigint;
  /**
   * Whether the bot's role is the highest (above the seed's roles), as admins place it for a bot
   * that gives roles. @defaultValue false: the seed's roles are above it
   */
  readonly botRoleOnTop?: boolean;
}
