import type { JobListing, VoiceChannelRef, VoiceStateEvent } from '@guildkit/core';

const BASE = 1_100_000_000_000_000_000n;

/**
 * Distinct, valid snowflakes for tests: `snowflake('guild', 1)` differs from `snowflake('user', 1)`.
 *
 * @param kind - a namespace, so that guild 1 and user 1 are different ids
 * @param n - a small number, 0 to 999,999
 *
 * @example Ids for a test
 * ```ts
 * import { snowflake } from '@guildkit/core/testing';
 *
 * const guildId = snowflake('guild', 1);
 * ```
 */
export function snowflake(kind: 'guild' | 'user' | 'channel' | 'post', n: number): string {
  const offset = {
    guild: 0n,
    user: 1_000_000n,
    channel: 2_000_000n,
    post: 3_000_000n,
  }[kind];
  return String(BASE + offset + BigInt(n));
}

/**
 * An open job listing with every field set, for tests; `overrides` replace fields.
 *
 * @example A listing with a Korean title
 * ```ts
 * import { jobListingFixture } from '@guildkit/core/testing';
 *
 * const listing = jobListingFixture(1, { title: '듀오 구해요' });
 * ```
 */
export function jobListingFixture(n: number, overrides: Partial<JobListing> = {}): JobListing {
  return {
    guildId: snowflake('guild', 1),
    postId: snowflake('post', n),
    forumChannelId: snowflake('channel', 900),
    voiceChannelId: snowflake('channel', n),
    ownerId: snowflake('user', n),
    ownerName: `멤버 ${n}`,
    title: `랭크 같이 하실 분 ${n}`,
    description: '마이크 필수, 초보 환영 🙂',
    tags: ['rank', '경쟁'],
    userLimit: 5,
    status: 'open',
    createdAt: Date.UTC(2026, 10, 25, 12, 0, 0) + n * 1000,
    closedAt: null,
    closeReason: null,
    participantCount: 0,
    peakParticipants: 0,
    totalVoiceMs: 0,
    ...overrides,
  };
}

/**
 * A voice event for tests: a member in `channel` (or out of voice for `null`), unmuted, not a bot,
 * with no AFK channel; `overrides` replace fields.
 *
 * @example A muted member joining a room
 * ```ts
 * import { snowflake, voiceEventFixture } from '@guildkit/core/testing';
 *
 * const room = { id: snowflake('channel', 1), name: 'general', parentId: null };
 * tracker.apply(voiceEventFixture(snowflake('guild', 1), snowflake('user', 1), room, { at: Date.now(), selfMute: true }));
 * ```
 */
export function voiceEventFixture(
  guildId: string,
  userId: string,
  channel: VoiceChannelRef | null,
  overrides: Partial<VoiceStateEvent> = {},
): VoiceStateEvent {
  return {
    guildId,
    userId,
    channel,
    at: Date.UTC(2026, 10, 25, 12, 0, 0),
    selfMute: false,
    selfDeaf: false,
    serverMute: false,
    serverDeaf: false,
    bot: false,
    afkChannelId: null,
    ...overrides,
  };
}
