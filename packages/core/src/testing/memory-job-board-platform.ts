import {
  type JobBoardPlatform,
  type JobClosing,
  type JobListing,
  type JobPostRequest,
  type JobRoomRequest,
  JobTargetGoneError,
} from '@guildkit/core';
import { snowflake } from './fixtures.ts';

type Method = keyof JobBoardPlatform;

/** A post as {@link MemoryJobBoardPlatform} holds it. */
export interface MemoryJobPost {
  readonly guildId: string;
  /** What the post shows now: the listing of its last edit. */
  shows: Omit<JobListing, 'postId'>;
  /** Every participant count it was edited to, in order. */
  readonly edits: number[];
  /** The closing message, once it is closed (locked and archived). */
  closing: JobClosing | undefined;
}

/**
 * A {@link @guildkit/core!JobBoardPlatform} in memory, for tests of code that uses a
 * {@link @guildkit/core!JobBoard}: it keeps rooms and posts, records every call, and can be told
 * to fail a call or to hold calls until released.
 *
 * @example A failing post creation
 * ```ts
 * import { JobBoard, MemoryStore } from '@guildkit/core';
 * import { MemoryJobBoardPlatform } from '@guildkit/core/testing';
 *
 * const platform = new MemoryJobBoardPlatform();
 * const board = new JobBoard({ store: new MemoryStore(), platform, channels: () => ({ forumChannelId }) });
 * platform.failNext('createPost', new Error('Missing Permissions'));
 * await expect(board.open({ guildId, ownerId, ownerName: '민지' })).rejects.toThrow(/forum post/);
 * expect(platform.rooms.size).toBe(0); // the room it had created is gone again
 * ```
 */
export class MemoryJobBoardPlatform implements JobBoardPlatform {
  /** Rooms by id. */
  readonly rooms = new Map<string, JobRoomRequest>();
  /** Posts by id. */
  readonly posts = new Map<string, MemoryJobPost>();
  /** Every call, in order, as `method` or `method id`. */
  readonly calls: string[] = [];
  readonly #failures = new Map<Method, unknown[]>();
  readonly #held = new Map<Method, { promise: Promise<void>; release: () => void }>();
  #next = 0;

  /** Makes the next call of `method` reject with `error`. */
  failNext(method: Method, error: unknown = new Error(`${method} failed`)): void {
    const queue = this.#failures.get(method) ?? [];
    queue.push(error);
    this.#failures.set(method, queue);
  }

  /** Holds calls of `method` until the returned function is called. */
  hold(method: Method): () => void {
    let release = () => {};
    const promise = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.#held.set(method, { promise, release });
    return () => {
      this.#held.delete(method);
      release();
    };
  }

  /** Removes a room or post as someone else would (the platform's own deletion is {@link deleteRoom}). */
  removeChannel(id: string): void {
    this.rooms.delete(id);
    this.posts.delete(id);
  }

  async createRoom(request: JobRoomRequest): Promise<{ readonly roomId: string }> {
    await this.#enter('createRoom');
    this.#next += 1;
    const roomId = snowflake('channel', 500_000 + this.#next);
    this.rooms.set(roomId, request);
    return { roomId };
  }

  async createPost(request: JobPostRequest): Promise<{ readonly postId: string }> {
    await this.#enter('createPost');
    this.#next += 1;
    const postId = snowflake('post', 500_000 + this.#next);
    this.posts.set(postId, { guildId: request.listing.guildId, shows: request.listing, edits: [], closing: undefined });
    return { postId };
  }

  async updatePost(listing: JobListing): Promise<void> {
    await this.#enter('updatePost', listing.postId);
    const post = this.#post(listing.postId);
    post.shows = listing;
    post.edits.push(listing.participantCount);
  }

  async closePost(listing: JobListing, closing: JobClosing): Promise<void> {
    await this.#enter('closePost', listing.postId);
    const post = this.#post(listing.postId);
    post.shows = listing;
    post.closing = closing;
  }

  async deleteRoom(_guildId: string, roomId: string): Promise<void> {
    await this.#enter('deleteRoom', roomId);
    this.rooms.delete(roomId);
  }

  async deletePost(_guildId: string, postId: string): Promise<void> {
    await this.#enter('deletePost', postId);
    this.posts.delete(postId);
  }

  async existingChannels(_guildId: string, channelIds: readonly string[]): Promise<ReadonlySet<string>> {
    await this.#enter('existingChannels');
    return new Set(channelIds.filter((id) => this.rooms.has(id) || this.posts.has(id)));
  }

  async #enter(method: Method, id?: string): Promise<void> {
    this.calls.push(id === undefined ? method : `${method} ${id}`);
    await this.#held.get(method)?.promise;
    const error = this.#failures.get(method)?.shift();
    if (error !== undefined) throw error;
  }

  #post(postId: string): MemoryJobPost {
    const post = this.posts.get(postId);
    if (post === undefined) throw new JobTargetGoneError('post', postId);
    return post;
  }
}
