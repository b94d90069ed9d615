/**
 * A channel of a {@link GuildSeed}.
 *
 * @example A voice room under a category
 * ```ts
 * const seed: ChannelSeed = { name: '일반 음성', type: 'voice', parent: '음성 채널', userLimit: 10 };
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
 * A guild the fake Discord starts with. The bot is always a member.
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
}
