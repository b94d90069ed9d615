import type { VoiceChannelRef, VoiceStateEvent } from '../events/voice-events.ts';
import { isSnowflake } from '../validation.ts';

/** @internal An open session: in a counted channel since `startedAt`. */
export interface OpenSession {
  readonly startedAt: number;
  readonly channel: VoiceChannelRef;
  /** Counted milliseconds so far (since the tracker took it over, after a restore). */
  countedMs: number;
  /** When the current counting stretch began; `null` while not counting. */
  countingSince: number | null;
  /** Time before this is in the pending totals (or the store). */
  accruedThrough: number;
  /** Whether its checkpoint must be written at the next flush. */
  dirty: boolean;
  /** Whether a checkpoint of it is in the store (so that its end must remove it). */
  persisted: boolean;
}

/** @internal What the tracker knows of a member in voice. */
export interface MemberVoice {
  readonly guildId: string;
  readonly userId: string;
  lastAt: number;
  channel: VoiceChannelRef | null;
  selfMute: boolean;
  selfDeaf: boolean;
  serverMute: boolean;
  serverDeaf: boolean;
  session: OpenSession | null;
}

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

/** @internal Whether an event says nothing new about a member. */
export function sameState(member: MemberVoice, event: VoiceStateEvent): boolean {
  return (
    (member.channel?.id ?? null) === (event.channel?.id ?? null) &&
    member.selfMute === (event.selfMute ?? false) &&
    member.selfDeaf === (event.selfDeaf ?? false) &&
    member.serverMute === (event.serverMute ?? false) &&
    member.serverDeaf === (event.serverDeaf ?? false)
  );
}

/** @internal `guild:user`. */
export function memberKey(guildId: string, userId: string): string {
  return `${guildId}:${userId}`;
}

/** @internal A leave event for a member the tracker holds. */
export function leaveOf(member: MemberVoice): VoiceStateEvent {
  return {
    guildId: member.guildId,
    userId: member.userId,
    channel: null,
    at: member.lastAt,
    selfMute: false,
    selfDeaf: false,
    serverMute: false,
    serverDeaf: false,
    bot: false,
    afkChannelId: null,
  };
}

/** @internal Members in voice by guild, then by user: look-ups without building keys. */
export class MemberIndex {
  readonly #guilds = new Map<string, Map<string, MemberVoice>>();

  get(guildId: string, userId: string): MemberVoice | undefined {
    return this.#guilds.get(guildId)?.get(userId);
  }

  set(member: MemberVoice): void {
    let members = this.#guilds.get(member.guildId);
    if (members === undefined) {
      members = new Map();
      this.#guilds.set(member.guildId, members);
    }
    members.set(member.userId, member);
  }

  delete(guildId: string, userId: string): void {
    this.#guilds.get(guildId)?.delete(userId);
  }

  inGuild(guildId: string): Iterable<MemberVoice> {
    return this.#guilds.get(guildId)?.values() ?? [];
  }

  *values(): Iterable<MemberVoice> {
    for (const members of this.#guilds.values()) yield* members.values();
  }
}

/** @internal A member the tracker starts to hold, not yet anywhere. */
export function memberVoice(guildId: string, userId: string, lastAt: number): MemberVoice {
  return {
    guildId,
    userId,
    lastAt,
    channel: null,
    selfMute: false,
    selfDeaf: false,
    serverMute: false,
    serverDeaf: false,
    session: null,
  };
}

/** @internal A session, counted from `accruedThrough` on; `persisted` when the store has its checkpoint. */
export function openSession(
  startedAt: number,
  channel: VoiceChannelRef,
  accruedThrough: number,
  persisted: boolean,
): OpenSession {
  return { startedAt, channel, countedMs: 0, countingSince: null, accruedThrough, dirty: true, persisted };
}
