import { EventEmitter } from 'eventemitter3';
import { memberKey } from '../activity/tracker-state.ts';
import type { ValidationError } from '../errors.ts';
import type { ChannelDeletedEvent, VoiceStateEvent } from '../events/voice-events.ts';
import type { CloseOptions, ErrorContext } from '../lifecycle/lifecycle.ts';
import { Pauses, retryUntilStopped } from '../lifecycle/retry-until-stopped.ts';
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
import {
  channelsOf,
  checkOpenRequest,
  type JobOpenRequest,
  type JobOpenResult,
  newListing,
  roomRequest,
  undoOpen,
} from './job-open.ts';
import { ListingRegistry } from './listing-registry.ts';
import { type LiveListing, listingAt, liveListing, stopTimers } from './live-listing.ts';
import { PostEdits } from './post-edits.ts';
import { RestoreQueue } from './restore-queue.ts';

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
 * board.on('error', (error, { step }) => console.warn(`job board: ${step} failed`, error));
 * // restore() never rejects: failures are emitted and retried.
 * adapter.on('voiceSnapshot', (snapshot) => board.restore(snapshot.guildId, snapshot.states));
 * const { listing } = await board.open({ guildId, ownerId, ownerName: '민지', title: '랭크 같이 하실 분' });
 * ```
 */
export class JobBoard extends EventEmitter<JobBoardEvents> {
  readonly #options: ResolvedJobBoardOptions;
  readonly #listings = new ListingRegistry();
  readonly #openingByOwner = new Map<string, Promise<JobOpenResult>>();
  readonly #restores = new RestoreQueue();
  readonly #stats = { opened: 0, closed: 0, edits: 0, errors: 0, invalid: 0, restoreFailures: 0 };
  #stopped = false;
  /** Restores waiting to try again: woken when the board closes. */
  readonly #pauses = new Pauses();
  /** Each post's edits: debounced, one at a time, retried until one goes through. */
  readonly #edits: PostEdits;

  public constructor(options: JobBoardOptions) {
    super();
    this.#options = resolveJobBoardOptions(options);
    this.#edits = new PostEdits({
      ...this.#options,
      stopped: () => this.#stopped,
      snapshot: (live) => this.#snapshot(live),
      edited: (listing) => {
        this.#stats.edits += 1;
        this.#safely(() => this.emit('updated', listing));
      },
      postGone: (postId) => void this.#closeQuietly(postId, 'post-deleted'),
      save: ({ postId, participantCount, peakParticipants, totalVoiceMs }) =>
        this.#step('store', postId, () =>
          this.#options.store.updateJobListing(postId, { participantCount, peakParticipants, totalVoiceMs }),
        ),
      failed: (error, postId, retryInMs) => this.#error(error, 'edit', postId, undefined, retryInMs),
    });
  }

  /**
   * Opens a listing: creates its room, then its post, then saves it. If a step fails, what the
   * earlier ones created is removed and a {@link JobOpenError} names the step. With `onePerOwner`,
   * an owner who has an open listing (held, or in the store) gets it back (`created: false`).
   *
   * @throws {@link ValidationError} when the request is malformed or the guild has no job board
   */
  public async open(request: JobOpenRequest): Promise<JobOpenResult> {
    const checked = checkOpenRequest(request, this.#options.defaultUserLimit);
    const channels = channelsOf(this.#options.channels, checked.guildId);
    if (this.#stopped) throw new Error('This JobBoard is closed: it opens no more listings.');
    if (!this.#options.onePerOwner) return this.#open(checked, channels);
    const owner = memberKey(checked.guildId, checked.ownerId);
    const underway = this.#openingByOwner.get(owner);
    if (underway !== undefined) return { listing: (await underway).listing, created: false };
    const opening = (async () => {
      const held = this.listingOf(checked.guildId, checked.ownerId);
      // Not held yet (its guild not restored yet), the store still knows it.
      const stored =
        held ??
        (await this.#options.store.listOpenJobListings(checked.guildId)).find(
          (listing) => listing.ownerId === checked.ownerId,
        );
      return stored === undefined ? this.#open(checked, channels) : { listing: stored, created: false };
    })().finally(() => this.#openingByOwner.delete(owner));
    this.#openingByOwner.set(owner, opening);
    return opening;
  }

  /** Takes one voice event: who joined or left a listed room. Never throws. */
  public apply(event: VoiceStateEvent): void {
    try {
      if (typeof event?.guildId !== 'string' || typeof event.userId !== 'string') {
        this.#stats.invalid += 1;
        return;
      }
      if (event.bot === true) return;
      if (this.#restores.hold(event)) return; // newer than the snapshot being restored: applied after it
      const before = this.#listings.roomOf(event.guildId, event.userId);
      const after = event.channel?.id;
      if (before !== undefined && before === after) return;
      const at = typeof event.at === 'number' && Number.isFinite(event.at) ? event.at : this.#options.now();
      if (before !== undefined) this.#moved(this.#listings.leave(event.guildId, before, event.userId, at));
      const target = after === undefined ? undefined : this.#listings.byRoom.get(after);
      if (target !== undefined && target.closing === undefined) {
        this.#listings.join(target, event.userId, at);
        this.#moved(target);
      }
    } catch (error) {
      this.#error(error, 'voice');
    }
  }

  /** Closes the listing of a deleted room or post. Never rejects (failures are emitted). */
  public async channelDeleted(event: ChannelDeletedEvent): Promise<void> {
    const room = this.#listings.byRoom.get(event.channelId);
    if (room !== undefined && !room.registered) room.roomGone = true; // closed once its open completes
    const postId = room?.registered === true ? room.listing.postId : event.channelId;
    const reason = room?.registered === true ? 'room-deleted' : 'post-deleted';
    if (this.#listings.byPost.has(postId)) await this.#closeQuietly(postId, reason);
  }

  /**
   * Closes a listing: posts the closing message, locks and archives the post, deletes the room if
   * it still exists, and marks the listing closed in the store (kept for reports). Closing again
   * changes nothing. Steps that fail are emitted as `error`; the others still run.
   *
   * @returns the closed listing, or `undefined` when there is none with this post
   */
  public async closeListing(postId: string, reason: JobCloseReason): Promise<JobListing | undefined> {
    const live = this.#listings.byPost.get(postId);
    if (live === undefined) return this.#options.store.getJobListingByPost(postId);
    live.closing ??= this.#close(live, reason);
    return live.closing;
  }

  /** Closes a listing for a member who asks: its owner, or someone who may manage channels. */
  public async closeListingBy(postId: string, actor: JobCloseActor): Promise<JobCloseResult> {
    const allowed = (listing: JobListing) => actor.userId === listing.ownerId || actor.canManageChannels;
    let live = this.#listings.byPost.get(postId);
    if (live === undefined) {
      const stored = await this.#options.store.getJobListingByPost(postId);
      if (stored === undefined) return { outcome: 'not-found' };
      if (stored.status === 'closed') return { outcome: 'already-closed', listing: stored };
      if (!allowed(stored)) return { outcome: 'not-allowed', listing: stored };
      // Open in the store, not picked up yet (its guild is not restored); maybe picked up meanwhile.
      live = this.#listings.byPost.get(postId) ?? this.#listings.adopt(stored);
    }
    if (live.closing !== undefined) return { outcome: 'already-closed', listing: await live.closing };
    if (!allowed(live.listing)) return { outcome: 'not-allowed', listing: this.#snapshot(live) };
    const reason = actor.userId === live.listing.ownerId ? 'owner' : 'moderator';
    return { outcome: 'closed', listing: (await this.closeListing(postId, reason)) as JobListing };
  }

  /**
   * Picks up a guild's open listings after a start, and brings every listing of the guild in step
   * with who is in voice now: a room that is gone closes its listing, a post that is gone deletes
   * the room and closes it, and the others carry on with the members now in their rooms. Voice
   * events that arrive meanwhile are applied after it; restores of one guild run one at a time.
   * Never rejects: when the store or the platform fails, the failure is emitted as `error` (`step:
   * 'restore'`, with `guildId` and `retryInMs`) and the restore is tried again with backoff until it
   * succeeds or the board closes.
   */
  public restore(guildId: string, states: readonly VoiceStateEvent[], at = this.#options.now()): Promise<void> {
    return this.#restores.run(
      guildId,
      () => this.#restoreUntilDone(guildId, states, at),
      (event) => this.apply(event),
    );
  }

  #restoreUntilDone(guildId: string, states: readonly VoiceStateEvent[], at: number): Promise<void> {
    return retryUntilStopped(() => this.#restore(guildId, states, at), {
      ...this.#options,
      pauses: this.#pauses,
      stopped: () => this.#stopped,
      failed: (error, retryInMs) => {
        if (retryInMs !== undefined) this.#stats.restoreFailures += 1;
        this.#error(error, 'restore', undefined, guildId, retryInMs);
      },
    });
  }

  /**
   * Lets go of a guild's listings, as when the bot leaves the guild: their timers stop and the
   * board forgets them (they stay open in the store: the bot can no longer edit or close their
   * posts, and picks them up again with {@link JobBoard.restore} if it comes back).
   *
   * @returns how many listings it let go of
   */
  public release(guildId: string): number {
    const listings = this.#listings.inGuild(guildId);
    for (const live of listings) {
      stopTimers(live);
      this.#listings.forget(live);
    }
    return listings.length;
  }

  /** The open listing of an owner in a guild, if the board holds it. */
  public listingOf(guildId: string, ownerId: string): JobListing | undefined {
    return this.openListings(guildId).find((listing) => listing.ownerId === ownerId);
  }

  /** A guild's open listings, oldest first. */
  public openListings(guildId: string): JobListing[] {
    return this.#listings
      .inGuild(guildId)
      .map((live) => this.#snapshot(live))
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  public stats(): JobBoardStats {
    return { ...this.#stats, open: this.#listings.byPost.size };
  }

  /**
   * Stops the timers and restores still retrying, and writes every listing's post and counts now;
   * listings stay open for the next start. With `timeoutMs`, stops waiting for those writes after
   * it (what was not written is shown at the next start's restore).
   */
  public async close(options: CloseOptions = {}): Promise<void> {
    this.#stopped = true;
    this.#pauses.wakeAll();
    const writes = Promise.all(
      [...this.#listings.byPost.values()].map(async (live) => {
        stopTimers(live);
        while (live.editing !== undefined) await live.editing;
        if (live.closing !== undefined) await live.closing.catch(() => {});
        else await this.#edits.write(live);
      }),
    );
    const { timeoutMs } = options;
    if (timeoutMs === undefined) {
      await writes;
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([writes, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }

  async #restore(guildId: string, states: readonly VoiceStateEvent[], at: number): Promise<void> {
    const stored = await this.#options.store.listOpenJobListings(guildId);
    const unknown = stored.filter((listing) => !this.#listings.byPost.has(listing.postId));
    const ids = unknown.flatMap((listing) => [listing.voiceChannelId, listing.postId]);
    const existing = ids.length === 0 ? new Set<string>() : await this.#options.platform.existingChannels(guildId, ids);
    const closings: Promise<void>[] = [];
    for (const listing of unknown) {
      if (this.#listings.byPost.has(listing.postId)) continue; // picked up meanwhile
      this.#listings.adopt(listing);
      if (!existing.has(listing.voiceChannelId)) closings.push(this.#closeQuietly(listing.postId, 'room-deleted'));
      else if (!existing.has(listing.postId)) closings.push(this.#closeQuietly(listing.postId, 'post-deleted'));
    }
    const roomOfUser = new Map<string, string>();
    for (const state of states)
      if (state.channel != null && state.bot !== true) roomOfUser.set(state.userId, state.channel.id);
    this.#listings.reconcile(guildId, roomOfUser, at);
    for (const live of this.#listings.inGuild(guildId)) {
      if (live.participants.size !== live.shown) this.#edits.changed(live);
      this.#syncIdle(live);
    }
    await Promise.all(closings);
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
    this.#listings.byRoom.set(roomId, live);
    let postId: string;
    try {
      const { postId: _, ...withoutPost } = listing;
      ({ postId } = await platform.createPost({ listing: withoutPost }));
    } catch (error) {
      this.#listings.forget(live);
      throw new JobOpenError('post', await undoOpen(platform, listing, undefined), { cause: error });
    }
    live.listing = { ...live.listing, postId };
    try {
      await store.saveJobListing(this.#snapshot(live));
    } catch (error) {
      this.#listings.forget(live);
      throw new JobOpenError('store', await undoOpen(platform, listing, postId), { cause: error });
    }
    live.registered = true;
    this.#listings.byPost.set(postId, live);
    this.#stats.opened += 1;
    const opened = this.#snapshot(live);
    this.#safely(() => this.emit('opened', opened));
    if (live.roomGone)
      return { listing: (await this.closeListing(postId, 'room-deleted')) as JobListing, created: true };
    if (live.participants.size !== live.shown) this.#edits.changed(live);
    this.#syncIdle(live);
    return { listing: opened, created: true };
  }

  /** Who is in a room changed: its post follows, and the idle wait runs only while it is empty. */
  #moved(live: LiveListing | undefined): void {
    if (live === undefined) return;
    this.#edits.changed(live);
    this.#syncIdle(live);
  }

  /** Closes the listing once its edit in progress ends; the listing closed. */
  async #close(live: LiveListing, reason: JobCloseReason): Promise<JobListing> {
    stopTimers(live);
    while (live.editing !== undefined) await live.editing;
    const closedAt = this.#options.now();
    const closed: JobListing = {
      ...listingAt(live, closedAt),
      status: 'closed',
      closedAt,
      closeReason: reason,
      participantCount: 0,
    };
    // Held by its post until it is closed, so that asking again finds it closing and waits.
    this.#listings.unfollow(live);
    const { platform, store } = this.#options;
    const { guildId, postId, voiceChannelId, peakParticipants, totalVoiceMs } = closed;
    if (reason !== 'post-deleted')
      await this.#step('close-post', postId, () => platform.closePost(closed, { reason, closedAt }));
    if (reason !== 'room-deleted')
      await this.#step('delete-room', postId, () => platform.deleteRoom(guildId, voiceChannelId));
    const patch = {
      status: 'closed',
      closedAt,
      closeReason: reason,
      participantCount: 0,
      peakParticipants,
      totalVoiceMs,
    } as const;
    await this.#step('store', postId, () => store.updateJobListing(postId, patch));
    this.#listings.forget(live);
    this.#stats.closed += 1;
    this.#safely(() => this.emit('closed', closed, reason));
    return closed;
  }

  /** Closes a listing; a failure is emitted, never thrown. */
  async #closeQuietly(postId: string, reason: JobCloseReason): Promise<void> {
    await this.closeListing(postId, reason).catch((error: unknown) => this.#error(error, 'close', postId));
  }

  #syncIdle(live: LiveListing): void {
    if (live.participants.size > 0 && live.idleTimer !== undefined) clearTimeout(live.idleTimer);
    if (live.participants.size > 0) live.idleTimer = undefined;
    const { idleTimeoutMs } = this.#options;
    if (idleTimeoutMs === 0 || this.#stopped || !live.registered || live.closing !== undefined) return;
    if (live.participants.size > 0 || live.idleTimer !== undefined) return;
    live.idleTimer = setTimeout(() => void this.#closeQuietly(live.listing.postId, 'idle'), idleTimeoutMs);
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

  #error(error: unknown, step: string, postId?: string, guildId?: string, retryInMs?: number): void {
    this.#stats.errors += 1;
    const context: { -readonly [K in keyof ErrorContext]: ErrorContext[K] } = { step };
    if (postId !== undefined) context.postId = postId;
    if (guildId !== undefined) context.guildId = guildId;
    if (retryInMs !== undefined) context.retryInMs = retryInMs;
    this.#safely(() => this.emit('error', error, context));
  }

  /** Tells listeners; one that throws is counted, and changes nothing of the board's work. */
  #safely(emit: () => void): void {
    try {
      emit();
    } catch {
      this.#stats.errors += 1;
    }
  }

  #snapshot(live: LiveListing): JobListing {
    return listingAt(live, this.#options.now());
  }
}
