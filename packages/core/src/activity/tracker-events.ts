import type { VoiceChannelRef } from '../events/voice-events.ts';
import type { ErrorContext } from '../lifecycle/lifecycle.ts';

/**
 * A finished voice session.
 *
 * @example Logging sessions
 * ```ts
 * tracker.on('sessionEnd', (session: SessionEnd) => console.log(session.userId, session.countedMs));
 * ```
 */
export interface SessionEnd {
  readonly guildId: string;
  readonly userId: string;
  readonly channel: VoiceChannelRef;
  readonly startedAt: number;
  readonly endedAt: number;
  /** Counted milliseconds (after a restore: since the restore). */
  readonly countedMs: number;
}

/**
 * What an {@link ActivityTracker} emits.
 *
 * @example Watching failures
 * ```ts
 * tracker.on('error', (error, { step, retryInMs }) => console.warn(`${step} failed, retrying in ${retryInMs} ms`, error));
 * ```
 */
export interface ActivityTrackerEvents {
  sessionEnd: [session: SessionEnd];
  /** A malformed event was dropped. */
  invalidEvent: [event: unknown, reason: string];
  /** A flush was written. */
  flush: [report: { readonly increments: number; readonly checkpoints: number; readonly durationMs: number }];
  /**
   * A step failed and is retried in `context.retryInMs`: a flush (`step: 'flush'`; everything in it
   * is kept) or a restore (`step: 'restore'`, with `guildId`).
   */
  error: [error: unknown, context: ErrorContext];
}

/**
 * Counts of what an {@link ActivityTracker} did.
 *
 * @example
 * ```ts
 * const { applied, duplicates, invalid }: ActivityTrackerStats = tracker.stats();
 * ```
 */
export interface ActivityTrackerStats {
  readonly applied: number;
  /** Events that said nothing new (applied twice, replayed after a resume). */
  readonly duplicates: number;
  /** Events older than the last one seen for that member. */
  readonly outOfOrder: number;
  readonly invalid: number;
  /** Events and messages of bots, which are not tracked. */
  readonly bots: number;
  /** Messages counted (`countMessage`). */
  readonly messages: number;
  readonly openSessions: number;
  readonly pending: number;
  readonly flushes: number;
  readonly flushFailures: number;
  /** Restores that failed and were tried again. */
  readonly restoreFailures: number;
}
