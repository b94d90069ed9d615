import type { VoiceChannelRef } from '../events/voice-events.ts';
import type { ActivityStore } from '../storage/activity-store.ts';

/**
 * The channel names whose time does not count by default: waiting rooms, spectator seats and AFK
 * rooms, in Korean and English.
 *
 * @example Adding a rule of your own to the defaults
 * ```ts
 * import { DEFAULT_IGNORED_CHANNEL_PATTERNS } from '@guildkit/core';
 *
 * const patterns = [...DEFAULT_IGNORED_CHANNEL_PATTERNS, /음악|music/i];
 * ```
 */
export const DEFAULT_IGNORED_CHANNEL_PATTERNS: readonly RegExp[] = Object.freeze([
  /대기|waiting/i,
  /관전|spectator/i,
  /afk/i,
]);

/**
 * Options of {@link ActivityTracker}. Only `store` is required.
 *
 * @example A tracker for a community in Berlin that counts muted time but not time alone
 * ```ts
 * const options: ActivityTrackerOptions = { store, timeZone: 'Europe/Berlin', countAlone: false };
 * ```
 */
export interface ActivityTrackerOptions {
  /** Where finished time and open sessions' checkpoints go. */
  readonly store: ActivityStore;
  /** The clock, epoch milliseconds; also the `at` of events that have none. @defaultValue Date.now */
  readonly now?: () => number;
  /** The time zone of guilds without one of their own, IANA, such as `'Europe/Berlin'`. @defaultValue 'UTC' */
  readonly timeZone?: string;
  /** A guild's own time zone, if it has one. */
  readonly guildTimeZone?: (guildId: string) => string | undefined;
  /** Channel names whose time does not count. @defaultValue {@link DEFAULT_IGNORED_CHANNEL_PATTERNS} */
  readonly ignoredChannelPatterns?: readonly RegExp[];
  /** More channels whose time does not count, decided by you. */
  readonly ignoreChannel?: (channel: VoiceChannelRef, guildId: string) => boolean;
  /** Whether time while deafened (by oneself or the server) counts. @defaultValue false */
  readonly countDeafened?: boolean;
  /** Whether time while muted (by oneself or the server) counts. @defaultValue true */
  readonly countMuted?: boolean;
  /** Whether time alone in a channel (no other member who is not a bot) counts. @defaultValue true */
  readonly countAlone?: boolean;
  /** How often finished time is written, in milliseconds; `0` writes only on `flush()` and `close()`. @defaultValue 5_000 */
  readonly flushIntervalMs?: number;
  /** How often open sessions are checkpointed, in milliseconds, 1,000 to 60,000. @defaultValue 30_000 */
  readonly checkpointIntervalMs?: number;
  /**
   * Whether voice time and messages are also written per channel and per hour of the guild's clock
   * (`readChannelTotals`, `readHourTotals`: top channels and the heatmap), with the daily totals.
   * @defaultValue true
   */
  readonly details?: boolean;
  /** Pending (guild, member, day) entries that start a flush at once. @defaultValue 10_000 */
  readonly maxPending?: number;
  /** First wait after a failed flush or restore, doubled each time up to `maxRetryDelayMs`. @defaultValue 1_000 */
  readonly retryDelayMs?: number;
  /** Longest wait between two attempts. @defaultValue 60_000 */
  readonly maxRetryDelayMs?: number;
}

/** @internal */
export const TRACKER_DEFAULTS = {
  timeZone: 'UTC',
  ignoredChannelPatterns: DEFAULT_IGNORED_CHANNEL_PATTERNS,
  countDeafened: false,
  countMuted: true,
  countAlone: true,
  details: true,
  flushIntervalMs: 5_000,
  checkpointIntervalMs: 30_000,
  maxPending: 10_000,
  retryDelayMs: 1_000,
  maxRetryDelayMs: 60_000,
} as const satisfies Partial<ActivityTrackerOptions>;

/** @internal The options with every default filled in, checked. */
export type ResolvedTrackerOptions = Required<Omit<ActivityTrackerOptions, 'guildTimeZone' | 'ignoreChannel'>> &
  Pick<ActivityTrackerOptions, 'guildTimeZone' | 'ignoreChannel'>;

/** @internal Checks the options eagerly, naming the option and the value. */
export function resolveTrackerOptions(options: ActivityTrackerOptions): ResolvedTrackerOptions {
  if (options?.store === undefined || typeof options.store.recordActivity !== 'function') {
    throw new TypeError(
      'ActivityTrackerOptions.store must be a guildkit ActivityStore (MemoryStore, SqliteStore, PostgresStore)',
    );
  }
  const resolved = { ...TRACKER_DEFAULTS, now: Date.now, ...options } as ResolvedTrackerOptions;
  const whole = (name: keyof typeof TRACKER_DEFAULTS, min: number, max = Number.MAX_SAFE_INTEGER) => {
    const value = resolved[name] as unknown;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new TypeError(
        `ActivityTrackerOptions.${name} must be a whole number from ${min} to ${max}; received ${String(value)}`,
      );
    }
  };
  whole('flushIntervalMs', 0);
  whole('checkpointIntervalMs', 1_000, 60_000);
  whole('maxPending', 1);
  whole('retryDelayMs', 1);
  whole('maxRetryDelayMs', 1);
  if (typeof resolved.details !== 'boolean') {
    throw new TypeError(`ActivityTrackerOptions.details must be true or false; received ${String(resolved.details)}`);
  }
  return resolved;
}

/** @internal Whether time in a channel counts: not the AFK channel, no ignored name, not refused by the predicate. */
export function isCounted(
  options: ResolvedTrackerOptions,
  guildId: string,
  channel: VoiceChannelRef,
  afkChannelId: string | null | undefined,
  /** Where the verdict of the name patterns is kept, to test them once per channel name. */
  tested: { testedName: string | undefined; ignoredByName: boolean } = { testedName: undefined, ignoredByName: false },
): boolean {
  if (channel.id === afkChannelId) return false;
  if (tested.testedName !== channel.name) {
    tested.testedName = channel.name;
    tested.ignoredByName = options.ignoredChannelPatterns.some((pattern) => pattern.test(channel.name));
  }
  if (tested.ignoredByName) return false;
  return !(options.ignoreChannel?.(channel, guildId) ?? false);
}
