import type { VoiceChannelRef, VoiceStateEvent } from '../events/voice-events.ts';
import { isSnowflake } from '../validation.ts';
import { SELF_DEAF, SELF_MUTE, SERVER_DEAF, SERVER_MUTE } from './voice-roster.ts';

/** @internal Why an event cannot be used, or `undefined` when it can. */
export function invalidReason(event: unknown): string | undefined {
  if (event === null || typeof event !== 'object') return 'not an object';
  const e = event as Partial<Record<keyof VoiceStateEvent, unknown>>;
  if (!isSnowflake(e.guildId)) return 'guildId is not a snowflake';
  if (!isSnowflake(e.userId)) return 'userId is not a snowflake';
  if (e.at !== undefined && (typeof e.at !== 'number' || !Number.isFinite(e.at))) return 'at is not a finite time';
  if (e.channel !== null) {
    const channel = e.channel as Partial<VoiceChannelRef> | undefined;
    if (
      channel === undefined ||
      typeof channel !== 'object' ||
      !isSnowflake(channel.id) ||
      typeof channel.name !== 'string'
    ) {
      return 'channel must be null or { id, name, parentId }';
    }
  }
  for (const flag of ['selfMute', 'selfDeaf', 'serverMute', 'serverDeaf'] as const) {
    if (e[flag] !== undefined && typeof e[flag] !== 'boolean') return `${flag} is not a boolean`;
  }
  return undefined;
}

/** @internal Why an event of a member and channel already known cannot be used: only its time and flags are new. */
export function invalidFlagsOrTime(event: VoiceStateEvent): string | undefined {
  const at = event.at;
  if (at !== undefined && (typeof at !== 'number' || !Number.isFinite(at))) return 'at is not a finite time';
  const { selfMute, selfDeaf, serverMute, serverDeaf } = event;
  if (
    (selfMute === undefined || typeof selfMute === 'boolean') &&
    (selfDeaf === undefined || typeof selfDeaf === 'boolean') &&
    (serverMute === undefined || typeof serverMute === 'boolean') &&
    (serverDeaf === undefined || typeof serverDeaf === 'boolean')
  ) {
    return undefined;
  }
  return invalidReason(event);
}

/** @internal An event's four voice flags as the roster's bits. */
export function voiceBits(event: VoiceStateEvent): number {
  return (
    (event.selfMute === true ? SELF_MUTE : 0) |
    (event.selfDeaf === true ? SELF_DEAF : 0) |
    (event.serverMute === true ? SERVER_MUTE : 0) |
    (event.serverDeaf === true ? SERVER_DEAF : 0)
  );
}

/** @internal `guild:user`. */
export function memberKey(guildId: string, userId: string): string {
  return `${guildId}:${userId}`;
}

/** @internal A leave event for a member the tracker holds. */
export function leaveOf(guildId: string, userId: string, at: number): VoiceStateEvent {
  return {
    guildId,
    userId,
    channel: null,
    at,
    selfMute: false,
    selfDeaf: false,
    serverMute: false,
    serverDeaf: false,
    bot: false,
    afkChannelId: null,
  };
}
