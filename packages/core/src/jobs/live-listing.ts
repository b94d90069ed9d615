import type { JobListing } from '../storage/job-board-store.ts';

/** @internal An open listing the board holds: who is in its room, and its post's edit cycle. */
export interface LiveListing {
  /** The listing as the board knows it now; its post id is empty until the post exists. */
  listing: JobListing;
  /** Whether its post exists and it is saved: edits and closing wait until then. */
  registered: boolean;
  /** Members in the room, and since when. */
  readonly participants: Map<string, number>;
  /** The participant count the post shows; `undefined` when unknown (a failed edit). */
  shown: number | undefined;
  editTimer: ReturnType<typeof setTimeout> | undefined;
  editing: Promise<void> | undefined;
  /** Something changed while an edit was on its way. */
  dirty: boolean;
  idleTimer: ReturnType<typeof setTimeout> | undefined;
  closing: Promise<JobListing> | undefined;
  /** Its room was deleted before the listing was registered: it closes as soon as it is. */
  roomGone: boolean;
  /** The wait before the last retry of a failed edit, in milliseconds; `0` when the last edit worked. */
  editRetryMs: number;
}

/** @internal */
export function liveListing(listing: JobListing, registered: boolean): LiveListing {
  return {
    listing,
    registered,
    participants: new Map(),
    shown: registered ? listing.participantCount : 0,
    editTimer: undefined,
    editing: undefined,
    dirty: false,
    idleTimer: undefined,
    closing: undefined,
    roomGone: false,
    editRetryMs: 0,
  };
}

/** @internal The listing with its participants counted up to `at`: time in the room of those still there included. */
export function listingAt(live: LiveListing, at: number): JobListing {
  let totalVoiceMs = live.listing.totalVoiceMs;
  for (const since of live.participants.values()) totalVoiceMs += Math.max(0, at - since);
  return { ...live.listing, participantCount: live.participants.size, totalVoiceMs };
}

/** @internal Stops a listing's timers. */
export function stopTimers(live: LiveListing): void {
  if (live.editTimer !== undefined) clearTimeout(live.editTimer);
  if (live.idleTimer !== undefined) clearTimeout(live.idleTimer);
  live.editTimer = undefined;
  live.idleTimer = undefined;
}
