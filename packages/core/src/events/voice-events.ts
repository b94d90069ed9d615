/**
 * A voice channel as a voice event names it.
 *
 * @example A room under a category
 * ```ts
 * const channel: VoiceChannelRef = { id: '1300000000000000010', name: '일반', parentId: '1300000000000000001' };
 * ```
 */
export interface VoiceChannelRef {
  /** The channel, a snowflake. */
  readonly id: string;
  /** Its name when the event happened, for ignore rules such as `/대기|waiting/i`. */
  readonly name: string;
  /** Its category, if any. */
  readonly parentId: string | null;
}

/**
 * A member's voice state at a moment, whatever changed: joining, leaving, moving, muting or
 * deafening. Platform-neutral: the discord adapter makes these from `voiceStateUpdate`.
 *
 * @example A member joining muted
 * ```ts
 * const event: VoiceStateEvent = {
 *   guildId: '1100000000000000001',
 *   userId: '1200000000000000001',
 *   channel: { id: '1300000000000000010', name: '일반', parentId: null },
 *   at: Date.now(),
 *   selfMute: true,
 *   selfDeaf: false,
 *   serverMute: false,
 *   serverDeaf: false,
 *   bot: false,
 *   afkChannelId: null,
 * };
 * ```
 */
export interface VoiceStateEvent {
  readonly guildId: string;
  readonly userId: string;
  /** Where the member is now; `null` when they left voice. */
  readonly channel: VoiceChannelRef | null;
  /** When it happened, epoch milliseconds. */
  readonly at: number;
  readonly selfMute: boolean;
  readonly selfDeaf: boolean;
  readonly serverMute: boolean;
  readonly serverDeaf: boolean;
  /** Whether the member is a bot. */
  readonly bot: boolean;
  /** The guild's AFK channel when the event happened, if it has one. */
  readonly afkChannelId: string | null;
}

/**
 * Everyone in voice in one guild at one moment: what a bot sees when it connects, so that open
 * sessions can be restored or closed.
 *
 * @example A guild with one member in voice
 * ```ts
 * const snapshot: GuildVoiceSnapshot = { guildId, at: Date.now(), afkChannelId: null, states: [event] };
 * ```
 */
export interface GuildVoiceSnapshot {
  readonly guildId: string;
  readonly at: number;
  readonly afkChannelId: string | null;
  /** One event per member in a voice channel now. */
  readonly states: readonly VoiceStateEvent[];
}

/**
 * A channel was deleted (a voice room, a forum post, any channel).
 *
 * @example
 * ```ts
 * const event: ChannelDeletedEvent = { guildId, channelId, at: Date.now() };
 * ```
 */
export interface ChannelDeletedEvent {
  readonly guildId: string;
  readonly channelId: string;
  readonly at: number;
}

/**
 * A message posted in a guild, as the tracker counts it: who, where and when. Its content is never
 * read or kept.
 *
 * @example A message in #general
 * ```ts
 * const event: MessageEvent = {
 *   guildId: '1100000000000000001',
 *   userId: '1200000000000000001',
 *   channel: { id: '1300000000000000009', name: 'general' },
 *   at: Date.parse('2026-11-25T21:03:00Z'),
 *   bot: false,
 * };
 * ```
 */
export interface MessageEvent {
  /** The guild, a Discord snowflake. */
  readonly guildId: string;
  /** The author, a Discord snowflake. */
  readonly userId: string;
  /** The channel (for a thread, its parent's id and name are the usual choice). */
  readonly channel: VoiceChannelRef;
  /** When it was posted, epoch milliseconds. */
  readonly at: number;
  /** Whether the author is a bot (or a webhook): bots are never counted. */
  readonly bot: boolean;
}
