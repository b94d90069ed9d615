import type { JobListing } from '../storage/job-board-store.ts';

/**
 * Why a job listing was closed.
 *
 * - `'room-deleted'`: its voice room was deleted (by anyone)
 * - `'post-deleted'`: its forum post was deleted
 * - `'owner'`: the owner closed it
 * - `'moderator'`: a member allowed to manage channels closed it
 * - `'idle'`: its room stayed empty for `idleTimeoutMs`
 *
 * @example
 * ```ts
 * const reason: JobCloseReason = 'idle';
 * ```
 */
export type JobCloseReason = 'room-deleted' | 'post-deleted' | 'owner' | 'moderator' | 'idle';

/**
 * What a platform needs to create a listing's voice room.
 *
 * @example
 * ```ts
 * const request: JobRoomRequest = { guildId, categoryId: null, ownerId, ownerName: '민지', title: '', userLimit: 5 };
 * ```
 */
export interface JobRoomRequest {
  readonly guildId: string;
  /** The category to put the room in; `null` for none. */
  readonly categoryId: string | null;
  /** Who may always connect and speak in the room. */
  readonly ownerId: string;
  readonly ownerName: string;
  /** The listing's title; empty when the owner gave none. */
  readonly title: string;
  /** 0 (no limit) to 99. */
  readonly userLimit: number;
}

/**
 * What a platform needs to create a listing's forum post: the listing as it will be saved, without
 * the post's id, which the platform gives back.
 *
 * @example
 * ```ts
 * const request: JobPostRequest = { listing: { ...listing, postId: undefined } };
 * ```
 */
export interface JobPostRequest {
  readonly listing: Omit<JobListing, 'postId'>;
}

/**
 * The closing of a listing, as its post's last message shows it.
 *
 * @example
 * ```ts
 * const closing: JobClosing = { reason: 'owner', closedAt: Date.now() };
 * ```
 */
export interface JobClosing {
  readonly reason: JobCloseReason;
  readonly closedAt: number;
}

/**
 * The platform port of {@link JobBoard}: everything it asks of the chat platform. `@guildkit/discord`
 * implements it with discord.js; tests implement it in memory. A call about a room or post that no
 * longer exists rejects with {@link JobTargetGoneError}, except the deletions, which then succeed.
 *
 * @example A platform that only records what it is asked (see the core tests for a full one)
 * ```ts
 * const calls: string[] = [];
 * const platform: JobBoardPlatform = {
 *   createRoom: async () => { calls.push('room'); return { roomId: '1300000000000000100' }; },
 *   createPost: async () => { calls.push('post'); return { postId: '1400000000000000100' }; },
 *   updatePost: async () => { calls.push('edit'); },
 *   closePost: async () => { calls.push('close'); },
 *   deleteRoom: async () => { calls.push('delete room'); },
 *   deletePost: async () => { calls.push('delete post'); },
 *   existingChannels: async (_guildId, ids) => new Set(ids),
 * };
 * ```
 */
export interface JobBoardPlatform {
  /** Creates the listing's voice room, which its owner may always join and speak in. */
  createRoom(request: JobRoomRequest): Promise<{ readonly roomId: string }>;
  /** Creates the forum post that shows the listing, with buttons to join the room and to close. */
  createPost(request: JobPostRequest): Promise<{ readonly postId: string }>;
  /** Shows the listing's current state (its participant count) on its post. */
  updatePost(listing: JobListing): Promise<void>;
  /** Posts the closing message on the post, then locks and archives it. */
  closePost(listing: JobListing, closing: JobClosing): Promise<void>;
  /** Deletes a room; succeeds when it is already gone. */
  deleteRoom(guildId: string, roomId: string): Promise<void>;
  /** Deletes a post; succeeds when it is already gone. */
  deletePost(guildId: string, postId: string): Promise<void>;
  /** Which of these channels (rooms and posts) of a guild still exist. */
  existingChannels(guildId: string, channelIds: readonly string[]): Promise<ReadonlySet<string>>;
}

/**
 * A platform call failed because its room or post no longer exists.
 *
 * @example In a platform adapter
 * ```ts
 * if (error.code === 10003) throw new JobTargetGoneError('post', listing.postId, { cause: error });
 * ```
 */
export class JobTargetGoneError extends Error {
  public override readonly name = 'JobTargetGoneError';
  /** Which of the two is gone. */
  public readonly target: 'room' | 'post';
  /** Its id. */
  public readonly id: string;

  public constructor(target: 'room' | 'post', id: string, options?: ErrorOptions) {
    super(`The job listing's ${target} ${id} no longer exists.`, options);
    this.target = target;
    this.id = id;
  }
}

/**
 * Opening a listing failed at one step; what the earlier steps created was removed again.
 *
 * @example Telling the user which step failed
 * ```ts
 * try {
 *   await board.open(request);
 * } catch (error) {
 *   if (error instanceof JobOpenError) console.warn(`could not open a listing: the ${error.step} step failed`);
 * }
 * ```
 */
export class JobOpenError extends Error {
  public override readonly name = 'JobOpenError';
  /** The step that failed. */
  public readonly step: 'room' | 'post' | 'store';
  /** Whether everything created before it was removed again. */
  public readonly undone: boolean;

  public constructor(step: 'room' | 'post' | 'store', undone: boolean, options?: ErrorOptions) {
    const what = { room: 'creating the voice room', post: 'creating the forum post', store: 'saving the listing' }[
      step
    ];
    super(
      `Opening the job listing failed while ${what}; ${undone ? 'nothing of it was left behind' : 'some of what was created could not be removed'}.`,
      options,
    );
    this.step = step;
    this.undone = undone;
  }
}
