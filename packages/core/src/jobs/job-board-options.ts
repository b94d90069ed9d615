import type { ErrorContext } from '../lifecycle/lifecycle.ts';
import type { JobBoardStore, JobListing } from '../storage/job-board-store.ts';
import type { JobBoardPlatform, JobCloseReason } from './job-board-platform.ts';

/**
 * Where a guild's listings go.
 *
 * @example
 * ```ts
 * const channels: JobBoardChannels = { forumChannelId: '1300000000000000009', categoryId: '1300000000000000008' };
 * ```
 */
export interface JobBoardChannels {
  /** The forum channel that holds the posts. */
  readonly forumChannelId: string;
  /** The category the voice rooms are created in; `null` or left out for none. */
  readonly categoryId?: string | null;
}

/**
 * Options of {@link JobBoard}. `store`, `platform` and `channels` are required.
 *
 * @example A board for one guild that closes empty rooms after 10 minutes
 * ```ts
 * const options: JobBoardOptions = {
 *   store,
 *   platform,
 *   channels: () => ({ forumChannelId, categoryId }),
 *   idleTimeoutMs: 10 * 60_000,
 * };
 * ```
 */
export interface JobBoardOptions {
  /** Where listings are kept, so that they outlive a restart. */
  readonly store: JobBoardStore;
  /** The chat platform: creates rooms and posts, edits and closes them. */
  readonly platform: JobBoardPlatform;
  /** A guild's forum and room category, or `undefined` when it has no job board. */
  readonly channels: (guildId: string) => JobBoardChannels | undefined;
  /** The clock, epoch milliseconds. @defaultValue Date.now */
  readonly now?: () => number;
  /** The room's user limit when the owner gives none, 0 (none) to 99. @defaultValue 5 */
  readonly defaultUserLimit?: number;
  /** The shortest time between two edits of one post, in milliseconds. @defaultValue 2_000 */
  readonly updateDebounceMs?: number;
  /** How long a room may stay empty before its listing closes, in milliseconds; `0` never. @defaultValue 1_800_000 (30 minutes) */
  readonly idleTimeoutMs?: number;
  /** Whether an owner has at most one open listing (a second `open` returns the first). @defaultValue true */
  readonly onePerOwner?: boolean;
  /** First wait after a failed restore or post edit, doubled each time up to `maxRetryDelayMs`. @defaultValue 1_000 */
  readonly retryDelayMs?: number;
  /** Longest wait between two attempts. @defaultValue 60_000 */
  readonly maxRetryDelayMs?: number;
}

/** @internal */
export const JOB_BOARD_DEFAULTS = {
  now: () => Date.now(),
  defaultUserLimit: 5,
  updateDebounceMs: 2_000,
  idleTimeoutMs: 30 * 60_000,
  onePerOwner: true,
  retryDelayMs: 1_000,
  maxRetryDelayMs: 60_000,
} as const;

/** @internal The options with every default filled in, checked. */
export type ResolvedJobBoardOptions = Required<JobBoardOptions>;

/** @internal Checks the options eagerly, naming the option and the value. */
export function resolveJobBoardOptions(options: JobBoardOptions): ResolvedJobBoardOptions {
  const { store, platform, channels } = options ?? {};
  if (typeof store?.saveJobListing !== 'function') {
    throw new TypeError(
      'JobBoardOptions.store must be a guildkit JobBoardStore (MemoryStore, SqliteStore, PostgresStore)',
    );
  }
  if (typeof platform?.createRoom !== 'function') {
    throw new TypeError('JobBoardOptions.platform must be a JobBoardPlatform, such as DiscordJobBoardPlatform');
  }
  if (typeof channels !== 'function') {
    throw new TypeError('JobBoardOptions.channels must be a function from a guild id to its forum and category');
  }
  const resolved = { ...JOB_BOARD_DEFAULTS, ...options } as ResolvedJobBoardOptions;
  const whole = (
    name: 'defaultUserLimit' | 'updateDebounceMs' | 'idleTimeoutMs' | 'retryDelayMs' | 'maxRetryDelayMs',
    max: number,
    min = 0,
  ) => {
    const value = resolved[name] as unknown;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new TypeError(
        `JobBoardOptions.${name} must be a whole number from ${min} to ${max}; received ${String(value)}`,
      );
    }
  };
  whole('defaultUserLimit', 99);
  whole('updateDebounceMs', 60 * 60_000);
  whole('idleTimeoutMs', 2 ** 31 - 1);
  whole('retryDelayMs', 2 ** 31 - 1, 1);
  whole('maxRetryDelayMs', 2 ** 31 - 1, 1);
  return resolved;
}

/**
 * Who asks to close a listing, as {@link JobBoard.closeListingBy} checks it.
 *
 * @example A member without moderation rights
 * ```ts
 * const actor: JobCloseActor = { userId: interaction.user.id, canManageChannels: false };
 * ```
 */
export interface JobCloseActor {
  readonly userId: string;
  /** Whether they may manage channels where the listing is (moderators may close any listing). */
  readonly canManageChannels: boolean;
}

/**
 * What {@link JobBoard.closeListingBy} did.
 *
 * @example Answering the user
 * ```ts
 * const result: JobCloseResult = await board.closeListingBy(postId, actor);
 * if (result.outcome === 'not-allowed') await interaction.reply({ content: 'Only the owner or a moderator may close this.', ephemeral: true });
 * ```
 */
export type JobCloseResult =
  | { readonly outcome: 'closed'; readonly listing: JobListing }
  | { readonly outcome: 'already-closed'; readonly listing: JobListing }
  | { readonly outcome: 'not-allowed'; readonly listing: JobListing }
  | { readonly outcome: 'not-found' };

/**
 * What {@link JobBoard} emits.
 *
 * @example Logging closings
 * ```ts
 * board.on('closed', (listing, reason) => logger.info({ postId: listing.postId, reason }, 'job listing closed'));
 * ```
 */
export interface JobBoardEvents {
  /** A listing was opened. */
  opened: [listing: JobListing];
  /** A post was edited to show its listing's participants. */
  updated: [listing: JobListing];
  /** A listing was closed. */
  closed: [listing: JobListing, reason: JobCloseReason];
  /**
   * Something failed that the board carried on past: a post edit, a closing step, a store write, or
   * a restore (`step: 'restore'`, with `guildId` and `retryInMs`: it is tried again).
   */
  error: [error: unknown, context: ErrorContext];
}

/**
 * Counts of what a {@link JobBoard} did.
 *
 * @example
 * ```ts
 * const { open, edits }: JobBoardStats = board.stats();
 * ```
 */
export interface JobBoardStats {
  /** Open listings held now. */
  readonly open: number;
  readonly opened: number;
  readonly closed: number;
  /** Post edits made. */
  readonly edits: number;
  readonly errors: number;
  /** Voice events that could not be used. */
  readonly invalid: number;
  /** Restores that failed and were tried again. */
  readonly restoreFailures: number;
}
