import { nextBackoff } from '../lifecycle/retry-until-stopped.ts';
import type { JobListing } from '../storage/job-board-store.ts';
import { type JobBoardPlatform, JobTargetGoneError } from './job-board-platform.ts';
import type { LiveListing } from './live-listing.ts';

/** @internal What {@link PostEdits} needs of its board. */
export interface PostEditsOptions {
  readonly platform: JobBoardPlatform;
  readonly updateDebounceMs: number;
  readonly retryDelayMs: number;
  readonly maxRetryDelayMs: number;
  /** Whether the board is closed: no more edits are planned. */
  readonly stopped: () => boolean;
  /** The listing as it stands now. */
  readonly snapshot: (live: LiveListing) => JobListing;
  /** An edit went through. */
  readonly edited: (listing: JobListing) => void;
  /** The post no longer exists. */
  readonly postGone: (postId: string) => void;
  /** Saves the listing's counts; never rejects. */
  readonly save: (listing: JobListing) => Promise<void>;
  /** A post edit failed; it is made again in `retryInMs`, unless left out. */
  readonly failed: (error: unknown, postId: string, retryInMs: number | undefined) => void;
}

/**
 * @internal The edits of job posts: at most one per `updateDebounceMs`, with the state of then; one
 * on its way per post at a time (what changes meanwhile goes into the next); an edit that fails is
 * made again after a doubling backoff until one goes through. Each write also saves the counts.
 */
export class PostEdits {
  readonly #options: PostEditsOptions;

  constructor(options: PostEditsOptions) {
    this.#options = options;
  }

  /** Something the post shows changed: edit it once the debounce allows, with the state of then. */
  changed(live: LiveListing): void {
    if (!live.registered || live.closing !== undefined || this.#options.stopped() || live.editTimer !== undefined)
      return;
    if (live.editing !== undefined) {
      live.dirty = true;
      return;
    }
    live.editTimer = setTimeout(() => {
      live.editTimer = undefined;
      live.dirty = false;
      if (live.closing !== undefined) return;
      void this.write(live).then(() => {
        if (live.dirty) this.changed(live);
      });
    }, this.#options.updateDebounceMs);
    live.editTimer.unref?.();
  }

  /** Writes the listing as the one edit on its way for its post. Never rejects. */
  async write(live: LiveListing): Promise<void> {
    live.editing = this.#write(live);
    try {
      await live.editing;
    } finally {
      live.editing = undefined;
    }
  }

  /** Shows the latest count on the post (if it changed) and saves the counts. Never rejects. */
  async #write(live: LiveListing): Promise<void> {
    const { platform, snapshot } = this.#options;
    const listing = snapshot(live);
    const { postId, participantCount } = listing;
    if (participantCount !== live.shown) {
      try {
        await platform.updatePost(listing);
        live.shown = participantCount;
        live.editRetryMs = 0;
        this.#options.edited(listing);
      } catch (error) {
        live.shown = undefined;
        // Not awaited: closing waits for this edit to end.
        if (error instanceof JobTargetGoneError && error.target === 'post') this.#options.postGone(postId);
        else this.#retry(live, error);
      }
    }
    await this.#options.save(listing);
  }

  /**
   * A post edit failed (the platform already retried what it retries): the post shows a count that
   * may be wrong, so it is edited again after a doubling backoff until an edit goes through.
   */
  #retry(live: LiveListing, error: unknown): void {
    const { retryDelayMs, maxRetryDelayMs, stopped } = this.#options;
    live.editRetryMs = nextBackoff(live.editRetryMs, retryDelayMs, maxRetryDelayMs);
    const retrying = !stopped() && live.closing === undefined;
    this.#options.failed(error, live.listing.postId, retrying ? live.editRetryMs : undefined);
    if (!retrying) return;
    if (live.editTimer !== undefined) clearTimeout(live.editTimer);
    live.editTimer = setTimeout(() => {
      live.editTimer = undefined;
      if (live.closing === undefined && !stopped()) void this.write(live);
    }, live.editRetryMs);
    live.editTimer.unref?.();
  }
}
