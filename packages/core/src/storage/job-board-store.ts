/**
 * Whether a job listing still takes people.
 *
 * @example An open listing
 * ```ts
 * const status: JobListingStatus = 'open';
 * ```
 */
export type JobListingStatus = 'open' | 'closed';

/**
 * A job (looking-for-group) listing: a forum post and the voice room that belongs to it.
 * The post's id identifies the listing.
 *
 * @example A new listing with its room
 * ```ts
 * const listing: JobListing = {
 *   guildId: '1100000000000000001',
 *   postId: '1400000000000000001',
 *   forumChannelId: '1300000000000000009',
 *   voiceChannelId: '1300000000000000010',
 *   ownerId: '1200000000000000001',
 *   ownerName: '민지',
 *   title: '랭크 같이 하실 분',
 *   description: '',
 *   tags: ['rank'],
 *   userLimit: 5,
 *   status: 'open',
 *   createdAt: Date.now(),
 *   closedAt: null,
 *   closeReason: null,
 *   participantCount: 0,
 *   peakParticipants: 0,
 *   totalVoiceMs: 0,
 * };
 * ```
 */
export interface JobListing {
  /** The guild, a Discord snowflake. */
  readonly guildId: string;
  /** The forum post (a thread), a Discord snowflake; unique. */
  readonly postId: string;
  /** The forum channel holding the post, a Discord snowflake. */
  readonly forumChannelId: string;
  /** The listing's voice room, a Discord snowflake; unique. */
  readonly voiceChannelId: string;
  /** Who opened the listing, a Discord snowflake. */
  readonly ownerId: string;
  /** The owner's display name when the listing was opened, at most 100 characters. */
  readonly ownerName: string;
  /** At most 100 characters. */
  readonly title: string;
  /** At most 4,000 characters; may be empty. */
  readonly description: string;
  /** Free-form labels, each at most 50 characters, at most 20 of them. */
  readonly tags: readonly string[];
  /** The voice room's user limit, 0 (none) to 99. */
  readonly userLimit: number;
  /** `'open'` until the listing is closed. */
  readonly status: JobListingStatus;
  /** When it was opened, epoch milliseconds. */
  readonly createdAt: number;
  /** When it was closed, epoch milliseconds; `null` while open. */
  readonly closedAt: number | null;
  /** Why it was closed, such as `'room-deleted'`; `null` while open. At most 200 characters. */
  readonly closeReason: string | null;
  /** People in the voice room now. */
  readonly participantCount: number;
  /** The most people that were in the room at once. */
  readonly peakParticipants: number;
  /** Milliseconds spent in the room, summed over everyone. */
  readonly totalVoiceMs: number;
}

/**
 * The fields of a {@link JobListing} that may change after it is saved.
 *
 * @example Closing a listing
 * ```ts
 * const patch: JobListingPatch = { status: 'closed', closedAt: Date.now(), closeReason: 'owner' };
 * ```
 */
export type JobListingPatch = Partial<
  Pick<
    JobListing,
    | 'title'
    | 'description'
    | 'tags'
    | 'userLimit'
    | 'status'
    | 'closedAt'
    | 'closeReason'
    | 'participantCount'
    | 'peakParticipants'
    | 'totalVoiceMs'
  >
>;

/**
 * Storage for job listings, found by their post; a voice room belongs to one listing at most.
 * Updates set values; they do not add to them, so the one writer of a listing (the shard that owns
 * its guild) writes what it observed, such as the number of people in the room now. Closing a
 * listing keeps it, for reports.
 *
 * @example Counting the people in a listing's room
 * ```ts
 * const listing = await store.getJobListingByPost(postId);
 * if (listing?.status === 'open') {
 *   await store.updateJobListing(listing.postId, { participantCount: peopleInRoom.size });
 * }
 * ```
 */
export interface JobBoardStore {
  /**
   * Saves a new listing.
   *
   * @throws {@link @guildkit/core!StoreConflictError} when a listing with this post or voice room exists
   * @throws {@link @guildkit/core!ValidationError} when a field is malformed
   */
  saveJobListing(listing: JobListing): Promise<void>;

  /** The listing of this forum post, or `undefined`. */
  getJobListingByPost(postId: string): Promise<JobListing | undefined>;

  /**
   * Changes some fields of a listing.
   *
   * @returns the listing as it now is, or `undefined` when there is none for this post
   */
  updateJobListing(postId: string, patch: JobListingPatch): Promise<JobListing | undefined>;

  /**
   * Lists open listings, oldest first, to pick them up again after a restart.
   *
   * @param guildId - only this guild's; leave it out for all guilds
   */
  listOpenJobListings(guildId?: string): Promise<JobListing[]>;

  /**
   * Lists a guild's closed listings, the latest closed first.
   *
   * @param limit - at most this many, 1 to 1,000 @defaultValue 20
   */
  listClosedJobListings(guildId: string, limit?: number): Promise<JobListing[]>;
}
