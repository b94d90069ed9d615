import { EventEmitter } from 'eventemitter3';
import { ValidationError } from '../errors.ts';
import type { ChannelDeletedEvent, VoiceStateEvent } from '../events/voice-events.ts';
import type { JobListing } from '../storage/job-board-store.ts';
import {
  type JobBoardChannels,
  type JobBoardEvents,
  type JobBoardOptions,
  type JobBoardStats,
  type JobCloseActor,
  type JobCloseResult,
  type ResolvedJobBoardOptions,
  resolveJobBoardOptions,
} from './job-board-options.ts';
import { type JobCloseReason, JobOpenError, JobTargetGoneError } from './job-board-platform.ts';
import { checkOpenRequest, type JobOpenRequest, type JobOpenResult, newListing, roomRequest } from './job-open.ts';
import { type LiveListing, listingAt, liveListing, memberOf, stopTimers } from './live-listing.ts';

/**
 * The job (looking-for-group) board: a listing is a forum post and a voice room that stay in step.
 * It follows who is in each room from voice events, edits the post's participant count at most once
 * per `updateDebounceMs`, and closes the listing — locking the post and deleting the room — when the
 * room is deleted, the post is deleted, the owner or a moderator closes it, or the room stays empty
 * for `idleTimeoutMs`. Listings live in the store; {@link JobBoard.restore} picks them up after a
 * restart. It talks to the chat platform only through a {@link JobBoardPlatform}.
 *
 * @example Wiring it to the discord adapter
 * ```ts
 * import { JobBoard } from '@guildkit/core';
 *
 * const board = new JobBoard({ store, platform, channels: () => ({ forumChannelId, categoryId }) });
 * adapter.on('voiceState', (event) => board.apply(event));
 * adapter.on('channelDelete', (event) => void board.channelDeleted(event));
 * adapter.on('voiceSnapshot', (snapshot) => void board.restore(snapshot.guildId, snapshot.states));
 * const { listing } = await board.open({ guildId, ownerId, ownerName: '민지', title: '랭크 같이 하실 분' });
 * ```
 */
export class JobBoard extends EventEmitter<JobBoardEvents> {
  readonly #options: ResolvedJobBoardOptions;
  readonly #byRoom = new Map<string, LiveListing>();
  readonly #byPost = new Map<string, LiveListing>();
  /** The listed room each member is in, by `guild:user`. */
  readonly #memberRoom = new Map<string, string>();
  readonly #openingByOwner = new Map<string, Promise<JobOpenResult>>();
  readonly #stats = { opened: 0, closed: 0, edits: 0, errors: 0, invalidEvents: 0 };
  #stopped = false;

  public constructor(options: JobBoardOptions) {
    super();
    this.#options = resolveJobBoardOptions(options);
  }

  /**
   * Opens a listing: creates its room, then its post, then saves it. If a step fails, what the
   * earlier ones created is removed and a {@link JobOpenError} names the step. With `onePerOwner`,
   * an owner who has an open listing gets it back (`created: false`).
   *
   * @throws {@link ValidationError} when the request is malformed or the guild has no job board
   */
  public async open(request: JobOpenRequest): Promise<JobOpenResult> {
    const checked = checkOpenRequest(request, this.#options.defaultUserLimit);
    const channels = this.#options.channels(checked.guildId);
    if (channels === undefined) {
      throw new ValidationError(
        'guildId',
        checked.guildId,
        'a guild with a job board (JobBoardOptions.channels names none)',
      );
    }
    if (!this.#options.onePerOwner) return this.#open(checked, channels);
    const owner = memberOf(checked.guildId, checked.ownerId);
    const underway = this.#openingByOwner.get(owner);
    if (underway !== undefined) return { listing: (await underway).listing, created: false };
    const existing = this.listingOf(checked.guildId, checked.ownerId);
    if (existing !== undefined) return { listing: existing, created: false };
    const opening = this.#open(checked, channels).finally(() => this.#openingByOwner.delete(owner));
    this.#openingByOwner.set(owner, opening);
    return opening;
  }

  /** Takes one voice event: who joined or left a listed room. Never throws. */
  public apply(event: VoiceStateEvent): void {
    try {
      if (
        event === null ||
        typeof event !== 'object' ||
        typeof event.guildId !== 'string' ||
        typeof event.userId !== 'string'
      ) {
        this.#stats.invalidEvents += 1;
        return;
      }
      if (event.bot === true) return;
      const key = memberOf(event.guildId, event.userId);
      const before = this.#memberRoom.get(key);
      const after = event.channel?.id;
      if (before !== undefined && before === after) return;
      const at = typeof event.at === 'number' && Number.isFinite(event.at) ? event.at : this.#options.now();
      if (before !== undefined) this.#leave(before, key, event.userId, at);
      const target = after === undefined ? undefined : this.#byRoom.get(after);
      if (target !== undefined && target.closing === undefined) this.#join(target, key, event.userId, at);
    } catch (error) {
      this.#error(error, 'voice');
    }
  }

  /** Closes the listing of a deleted room or post. Never rejects (failures are emitted). */
  public async channelDeleted(event: ChannelDeletedEvent): Promise<void> {
    const room = this.#byRoom.get(event.channelId);
    if (room?.registered === true) await this.closeListing(room.listing.postId, 'room-deleted').catch(() => {});
    else if (this.#byPost.has(event.channelId))
      await this.closeListing(event.channelId, 'post-deleted').catch(() => {});
  }

  /**
   * Closes a listing: posts the closing message, locks and archives the post, deletes the room if
   * it still exists, and marks the listing closed in the store (kept for reports). Closing again
   * changes nothing. Steps that fail are emitted as `error`; the others still run.
   *
   * @returns the closed listing, or `undefined` when there is none with this post
   */
  public async closeListing(postId: string, reason: JobCloseReason): Promise<JobListing | undefined> {
    const live = this.#byPost.get(postId);
    if (live === undefined) return this.#options.store.getJobListingByPost(postId);
    live.closing ??= this.#close(live, reason);
    return live.closing;
  }

  /** Closes a listing for a member who asks: its owner, or someone who may manage channels. */
  public async closeListingBy(postId: string, actor: JobCloseActor): Promise<JobCloseResult> {
    let live = this.#byPost.get(postId);
    if (live === undefined) {
      const stored = await this.#options.store.getJobListingByPost(postId);
      if (stored === undefined) return { outcome: 'not-found' };
      if (stored.status === 'closed') return { outcome: 'already-closed', listing: stored };
      live = this.#adopt(stored); // open in the store, not picked up yet (its guild was not restored)
    }
    if (live.closing !== undefined) return { outcome: 'already-closed', listing: await live.closing };
    const isOwner = actor.userId === live.listing.ownerId;
    if (!isOwner && !actor.canManageChannels) return { outcome: 'not-allowed', listing: this.#snapshot(live) };
    const listing = (await this.closeListing(postId, isOwner ? 'owner' : 'moderator')) as JobListing;
    return { outcome: 'closed', listing };
  }

  /**
   * Picks up a guild's open listings after a start, and brings every listing of the guild in step
   * with who is in voice now: a room that is gone closes its listing, a post that is gone deletes
   * the room and closes it, and the others carry on with the members now in their rooms.
   */
  public async restore(guildId: string, states: readonly VoiceStateEvent[], at = this.#options.now()): Promise<void> {
    const stored = await this.#options.store.listOpenJobListings(guildId);
    const unknown = stored.filter((listing) => !this.#byPost.has(listing.postId));
    const ids = unknown.flatMap((listing) => [listing.voiceChannelId, listing.postId]);
    const existing = ids.length === 0 ? new Set<string>() : await this.#options.platform.existingChannels(guildId, ids);
    const closings: Promise<unknown>[] = [];
    for (const listing of unknown) {
      this.#adopt(listing);
      if (!existing.has(listing.voiceChannelId)) closings.push(this.closeListing(listing.postId, 'room-deleted'));
      else if (!existing.has(listing.postId)) closings.push(this.closeListing(listing.postId, 'post-deleted'));
    }
    const roomOf = new Map<string, string>();
    for (const state of states)
      if (state.channel != null && state.bot !== true) roomOf.set(state.userId, state.channel.id);
    for (const live of this.#byRoom.values()) {
      if (live.listing.guildId !== guildId || !live.registered || live.closing !== undefined) continue;
      const room = live.listing.voiceChannelId;
      for (const userId of [...live.participants.keys()]) {
        if (roomOf.get(userId) !== room) this.#leave(room, memberOf(guildId, userId), userId, at);
      }
      for (const [userId, channelId] of roomOf) {
        if (channelId === room && !live.participants.has(userId))
          this.#join(live, memberOf(guildId, userId), userId, at);
      }
      if (live.participants.size !== live.shown) this.#changed(live);
      this.#watchIdle(live);
    }
    await Promise.all(closings.map((closing) => closing.catch(() => {})));
  }

  /** The open listing of an owner in a guild, if any. */
  public listingOf(guildId: string, ownerId: string): JobListing | undefined {
    return this.openListings(guildId).find((listing) => listing.ownerId === ownerId);
  }

  /** A guild's open listings, oldest first. */
  public openListings(guildId: string): JobListing[] {
    return [...this.#byPost.values()]
      .filter((live) => live.listing.guildId === guildId && live.closing === undefined)
      .map((live) => this.#snapshot(live))
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  public stats(): JobBoardStats {
    return { ...this.#stats, open: this.#byPost.size };
  }

  /** Stops the timers and writes pending post edits and counts now; listings stay open for the next start. */
  public async close(): Promise<void> {
    this.#stopped = true;
    const writes: Promise<void>[] = [];
    for (const live of this.#byPost.values()) {
      const pending = live.editTimer !== undefined || live.dirty;
      stopTimers(live);
      if (live.editing !== undefined) writes.push(live.editing);
      else if (pending && live.closing === undefined) writes.push(this.#write(live));
    }
    for (const live of this.#byPost.values()) if (live.closing !== undefined) writes.push(live.closing.then(() => {}));
    await Promise.all(writes);
  }

  async #open(request: Required<JobOpenRequest>, channels: JobBoardChannels): Promise<JobOpenResult> {
    const { platform, store } = this.#options;
    let roomId: string;
    try {
      ({ roomId } = await platform.createRoom(roomRequest(request, channels)));
    } catch (error) {
      throw new JobOpenError('room', true, { cause: error });
    }
    const listing = newListing(request, channels, roomId, this.#options.now());
    // Followed from now on: members may join while the post is being created.
    const live = liveListing(listing, false);
    this.#byRoom.set(roomId, live);
    let postId: string;
    try {
      const { postId: _, ...withoutPost } = listing;
      ({ postId } = await platform.createPost({ listing: withoutPost }));
    } catch (error) {
      throw new JobOpenError('post', await this.#undo(live, undefined), { cause: error });
    }
    live.listing = { ...live.listing, postId };
    try {
      await store.saveJobListing(this.#snapshot(live));
    } catch (error) {
      throw new JobOpenError('store', await this.#undo(live, postId), { cause: error });
    }
    live.registered = true;
    this.#byPost.set(postId, live);
    this.#stats.opened += 1;
    const opened = this.#snapshot(live);
    this.emit('opened', opened);
    if (live.participants.size !== live.shown) this.#changed(live);
    this.#watchIdle(live);
    return { listing: opened, created: true };
  }

  /** Removes what a failed open created; whether all of it went. */
  async #undo(live: LiveListing, postId: string | undefined): Promise<boolean> {
    const { guildId, voiceChannelId } = live.listing;
    this.#forget(live);
    const { platform } = this.#options;
    const results = await Promise.allSettled([
      platform.deleteRoom(guildId, voiceChannelId),
      postId === undefined ? Promise.resolve() : platform.deletePost(guildId, postId),
    ]);
    return results.every((result) => result.status === 'fulfilled');
  }

  /** Holds a listing read from the store, with nobody in its room yet. */
  #adopt(listing: JobListing): LiveListing {
    const live = liveListing(listing, true);
    this.#byRoom.set(listing.voiceChannelId, live);
    this.#byPost.set(listing.postId, live);
    return live;
  }

  #join(live: LiveListing, key: string, userId: string, at: number): void {
    live.participants.set(userId, at);
    this.#memberRoom.set(key, live.listing.voiceChannelId);
    if (live.participants.size > live.listing.peakParticipants) {
      live.listing = { ...live.listing, peakParticipants: live.participants.size };
    }
    if (live.idleTimer !== undefined) clearTimeout(live.idleTimer);
    live.idleTimer = undefined;
    this.#changed(live);
  }

  #leave(roomId: string, key: string, userId: string, at: number): void {
    this.#memberRoom.delete(key);
    const live = this.#byRoom.get(roomId);
    const since = live?.participants.get(userId);
    if (live === undefined || since === undefined) return;
    live.participants.delete(userId);
    live.listing = { ...live.listing, totalVoiceMs: live.listing.totalVoiceMs + Math.max(0, at - since) };
    this.#changed(live);
    this.#watchIdle(live);
  }

  /** Something the post shows changed: edit it once the debounce allows, with the state of then. */
  #changed(live: LiveListing): void {
    if (!live.registered || live.closing !== undefined || this.#stopped || live.editTimer !== undefined) return;
    if (live.editing !== undefined) {
      live.dirty = true;
      return;
    }
    live.editTimer = setTimeout(() => void this.#edit(live), this.#options.updateDebounceMs);
    live.editTimer.unref?.();
  }

  async #edit(live: LiveListing): Promise<void> {
    live.editTimer = undefined;
    live.dirty = false;
    if (live.closing !== undefined) return;
    live.editing = this.#write(live);
    await live.editing;
    live.editing = undefined;
    if (live.dirty) this.#changed(live);
  }

  /** Shows the latest count on the post (if it changed) and saves the counts. Never rejects. */
  async #write(live: LiveListing): Promise<void> {
    const listing = this.#snapshot(live);
    const { postId } = listing;
    if (listing.participantCount !== live.shown) {
      try {
        await this.#options.platform.updatePost(listing);
        live.shown = listing.participantCount;
        this.#stats.edits += 1;
        this.emit('updated', listing);
      } catch (error) {
        live.shown = undefined;
        // Not awaited: closing waits for this edit to end.
        if (error instanceof JobTargetGoneError && error.target === 'post')
          void this.closeListing(postId, 'post-deleted');
        else this.#error(error, 'edit', postId);
      }
    }
    const { participantCount, peakParticipants, totalVoiceMs } = listing;
    await this.#step('store', postId, () =>
      this.#options.store.updateJobListing(postId, { participantCount, peakParticipants, totalVoiceMs }),
    );
  }

  /** Closes the listing once its edit in progress ends; the listing closed. */
  async #close(live: LiveListing, reason: JobCloseReason): Promise<JobListing> {
    stopTimers(live);
    await live.editing;
    const closedAt = this.#options.now();
    const final = listingAt(live, closedAt);
    const closed: JobListing = { ...final, status: 'closed', closedAt, closeReason: reason, participantCount: 0 };
    this.#forget(live);
    const { platform, store } = this.#options;
    const { guildId, postId, voiceChannelId } = closed;
    if (reason !== 'post-deleted')
      await this.#step('close-post', postId, () => platform.closePost(closed, { reason, closedAt }));
    if (reason !== 'room-deleted')
      await this.#step('delete-room', postId, () => platform.deleteRoom(guildId, voiceChannelId));
    const { peakParticipants, totalVoiceMs } = closed;
    const patch = {
      status: 'closed',
      closedAt,
      closeReason: reason,
      participantCount: 0,
      peakParticipants,
      totalVoiceMs,
    } as const;
    await this.#step('store', postId, () => store.updateJobListing(postId, patch));
    this.#stats.closed += 1;
    this.emit('closed', closed, reason);
    return closed;
  }

  /** Lets go of a listing: its room's members are no longer followed. */
  #forget(live: LiveListing): void {
    const { guildId, voiceChannelId, postId } = live.listing;
    for (const userId of live.participants.keys()) this.#memberRoom.delete(memberOf(guildId, userId));
    if (this.#byRoom.get(voiceChannelId) === live) this.#byRoom.delete(voiceChannelId);
    if (this.#byPost.get(postId) === live) this.#byPost.delete(postId);
  }

  #watchIdle(live: LiveListing): void {
    const { idleTimeoutMs } = this.#options;
    if (idleTimeoutMs === 0 || this.#stopped || !live.registered || live.closing !== undefined) return;
    if (live.participants.size > 0 || live.idleTimer !== undefined) return;
    live.idleTimer = setTimeout(() => void this.closeListing(live.listing.postId, 'idle'), idleTimeoutMs);
    live.idleTimer.unref?.();
  }

  /** Runs one step of the board's upkeep; a failure is emitted, a room or post already gone is fine. */
  async #step(step: string, postId: string, run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (error) {
      if (!(error instanceof JobTargetGoneError)) this.#error(error, step, postId);
    }
  }

  #error(error: unknown, step: string, postId?: string): void {
    this.#stats.errors += 1;
    this.emit('error', error, postId === undefined ? { step } : { step, postId });
  }

  #snapshot(live: LiveListing): JobListing {
    return listingAt(live, this.#options.now());
  }
}
