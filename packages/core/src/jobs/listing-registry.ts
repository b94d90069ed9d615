import type { JobListing } from '../storage/job-board-store.ts';
import { type LiveListing, liveListing } from './live-listing.ts';

/**
 * @internal The open listings a board holds, by room and by post, and which listed room each member
 * is in. Only state: timers and platform calls stay with the board.
 */
export class ListingRegistry {
  readonly byRoom = new Map<string, LiveListing>();
  readonly byPost = new Map<string, LiveListing>();
  /**
   * The listed room each member is in, by guild then member: two lookups by the ids as they come,
   * rather than a `guild:user` key made (and hashed) anew for every voice event.
   */
  readonly #memberRoom = new Map<string, Map<string, string>>();

  roomOf(guildId: string, userId: string): string | undefined {
    return this.#memberRoom.get(guildId)?.get(userId);
  }

  /** Holds a listing read from the store, with nobody in its room yet. */
  adopt(listing: JobListing): LiveListing {
    const live = liveListing(listing, true);
    this.byRoom.set(listing.voiceChannelId, live);
    this.byPost.set(listing.postId, live);
    return live;
  }

  /** A member is in the listing's room from `at`; the peak follows. */
  join(live: LiveListing, userId: string, at: number): void {
    live.participants.set(userId, at);
    const { guildId, voiceChannelId } = live.listing;
    let rooms = this.#memberRoom.get(guildId);
    if (rooms === undefined) {
      rooms = new Map();
      this.#memberRoom.set(guildId, rooms);
    }
    rooms.set(userId, voiceChannelId);
    if (live.participants.size > live.listing.peakParticipants) {
      live.listing = { ...live.listing, peakParticipants: live.participants.size };
    }
  }

  /** A member left a room at `at`; the listing whose participants changed, if any. */
  leave(guildId: string, roomId: string, userId: string, at: number): LiveListing | undefined {
    // Only this room's entry: during a reconciliation the member may already be placed in another.
    this.#leaveRoom(guildId, userId, roomId);
    const live = this.byRoom.get(roomId);
    const since = live?.participants.get(userId);
    if (live === undefined || since === undefined) return undefined;
    live.participants.delete(userId);
    live.listing = { ...live.listing, totalVoiceMs: live.listing.totalVoiceMs + Math.max(0, at - since) };
    return live;
  }

  /** Stops following a listing's room: its members' voice events no longer reach it. */
  unfollow(live: LiveListing): void {
    const { guildId, voiceChannelId } = live.listing;
    for (const userId of live.participants.keys()) this.#leaveRoom(guildId, userId, voiceChannelId);
    if (this.byRoom.get(voiceChannelId) === live) this.byRoom.delete(voiceChannelId);
  }

  /** Forgets that a member is in `roomId`, if that is where they are. */
  #leaveRoom(guildId: string, userId: string, roomId: string): void {
    const rooms = this.#memberRoom.get(guildId);
    if (rooms?.get(userId) !== roomId) return;
    rooms.delete(userId);
    if (rooms.size === 0) this.#memberRoom.delete(guildId);
  }

  /** Lets go of a listing altogether. */
  forget(live: LiveListing): void {
    this.unfollow(live);
    if (this.byPost.get(live.listing.postId) === live) this.byPost.delete(live.listing.postId);
  }

  /** A guild's registered listings that are not closing. */
  inGuild(guildId: string): LiveListing[] {
    return [...this.byPost.values()].filter(
      (live) => live.listing.guildId === guildId && live.registered && live.closing === undefined,
    );
  }

  /**
   * Brings a guild's listings in step with where members are now (user id to channel id): all
   * leaves first, then the joins, so that a member who moved between two listed rooms ends up in
   * the right one. The listings whose participants changed.
   */
  reconcile(guildId: string, roomOfUser: ReadonlyMap<string, string>, at: number): Set<LiveListing> {
    const changed = new Set<LiveListing>();
    const listings = this.inGuild(guildId);
    for (const live of listings) {
      const room = live.listing.voiceChannelId;
      for (const userId of [...live.participants.keys()]) {
        if (roomOfUser.get(userId) !== room && this.leave(guildId, room, userId, at) !== undefined) changed.add(live);
      }
    }
    for (const live of listings) {
      for (const [userId, channelId] of roomOfUser) {
        if (channelId !== live.listing.voiceChannelId || live.participants.has(userId)) continue;
        this.join(live, userId, at);
        changed.add(live);
      }
    }
    return changed;
  }
}
