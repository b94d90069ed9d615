import { ValidationError } from '../errors.ts';
import type { JobListing } from '../storage/job-board-store.ts';
import { prepareTags } from '../storage/prepare-job-listing.ts';
import { assertNonNegativeInteger, assertSnowflake, assertText } from '../validation.ts';
import type { JobBoardChannels } from './job-board-options.ts';
import type { JobBoardPlatform, JobRoomRequest } from './job-board-platform.ts';

/**
 * What {@link JobBoard.open} needs: the owner, and what they wrote.
 *
 * @example
 * ```ts
 * const request: JobOpenRequest = { guildId, ownerId: user.id, ownerName: member.displayName, title: '랭크 같이 하실 분' };
 * ```
 */
export interface JobOpenRequest {
  readonly guildId: string;
  readonly ownerId: string;
  /** The owner's display name, at most 100 characters. */
  readonly ownerName: string;
  /** At most 100 characters. @defaultValue '' (the platform shows a title of its own) */
  readonly title?: string;
  /** At most 4,000 characters. @defaultValue '' */
  readonly description?: string;
  /** At most 20, each at most 50 characters. @defaultValue [] */
  readonly tags?: readonly string[];
  /** The room's user limit, 0 (none) to 99. @defaultValue the board's `defaultUserLimit` */
  readonly userLimit?: number;
}

/**
 * What {@link JobBoard.open} did: the listing, and whether it is new (or the owner's open one).
 *
 * @example
 * ```ts
 * const { listing, created }: JobOpenResult = await board.open(request);
 * ```
 */
export interface JobOpenResult {
  readonly listing: JobListing;
  readonly created: boolean;
}

/** @internal Checks an open request and fills in its defaults, naming the field at fault. */
export function checkOpenRequest(request: JobOpenRequest, defaultUserLimit: number): Required<JobOpenRequest> {
  if (request === null || typeof request !== 'object') throw new ValidationError('request', request, 'an object');
  const { guildId, ownerId, ownerName, title = '', description = '', tags = [] } = request;
  const userLimit = request.userLimit ?? defaultUserLimit;
  assertSnowflake(guildId, 'guildId');
  assertSnowflake(ownerId, 'ownerId');
  assertText(ownerName, 'ownerName', 100);
  assertText(title, 'title', 100);
  assertText(description, 'description', 4_000);
  assertNonNegativeInteger(userLimit, 'userLimit');
  if (userLimit > 99) throw new ValidationError('userLimit', userLimit, 'a whole number from 0 (no limit) to 99');
  const clean = (text: string) => text.toWellFormed();
  return {
    ...{ guildId, ownerId, ownerName: clean(ownerName), title: clean(title), description: clean(description) },
    ...{ tags: prepareTags(tags, 'tags'), userLimit },
  };
}

/** @internal What the platform needs to create the room of a listing. */
export function roomRequest(request: Required<JobOpenRequest>, channels: JobBoardChannels): JobRoomRequest {
  const { guildId, ownerId, ownerName, title, userLimit } = request;
  return { guildId, categoryId: channels.categoryId ?? null, ownerId, ownerName, title, userLimit };
}

/** @internal A new open listing in its room, before its post exists (its post id is empty). */
export function newListing(
  request: Required<JobOpenRequest>,
  channels: JobBoardChannels,
  voiceChannelId: string,
  createdAt: number,
): JobListing {
  return {
    ...request,
    postId: '',
    forumChannelId: channels.forumChannelId,
    voiceChannelId,
    status: 'open',
    createdAt,
    closedAt: null,
    closeReason: null,
    participantCount: 0,
    peakParticipants: 0,
    totalVoiceMs: 0,
  };
}

/** @internal Removes what a failed open created (the room, and the post if there is one); whether all of it went. */
export async function undoOpen(
  platform: JobBoardPlatform,
  listing: JobListing,
  postId: string | undefined,
): Promise<boolean> {
  const results = await Promise.allSettled([
    platform.deleteRoom(listing.guildId, listing.voiceChannelId),
    postId === undefined ? Promise.resolve() : platform.deletePost(listing.guildId, postId),
  ]);
  return results.every((result) => result.status === 'fulfilled');
}

/** @internal A guild's forum and category, or a ValidationError when it has no job board. */
export function channelsOf(
  channels: (guildId: string) => JobBoardChannels | undefined,
  guildId: string,
): JobBoardChannels {
  const found = channels(guildId);
  if (found === undefined) {
    throw new ValidationError('guildId', guildId, 'a guild with a job board (JobBoardOptions.channels names none)');
  }
  return found;
}
