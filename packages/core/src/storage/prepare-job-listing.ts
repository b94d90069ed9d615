import { ValidationError } from '../errors.ts';
import {
  assertArray,
  assertEpochMs,
  assertNonNegativeInteger,
  assertObject,
  assertSnowflake,
  assertText,
} from '../validation.ts';
import type { JobListing, JobListingPatch } from './job-board-store.ts';

// Far more people than any voice room holds, and within a 32-bit SQL integer.
const MAX_PEOPLE = 1_000_000;
const JOB_LISTING_TEXT_LIMITS = {
  ownerName: 100,
  title: 100,
  description: 4000,
} as const;

/**
 * Checks every field of a job listing and returns a copy that shares nothing with the input.
 *
 * @throws {@link @guildkit/core!ValidationError} naming the first malformed field
 *
 * @example Checking a new listing in a store
 * ```ts
 * import { prepareJobListing } from '@guildkit/core/store-kit';
 *
 * const row = prepareJobListing(listing);
 * ```
 */
export function prepareJobListing(listing: JobListing): JobListing {
  assertObject(listing, 'listing');
  for (const field of ['guildId', 'postId', 'forumChannelId', 'voiceChannelId', 'ownerId'] as const) {
    assertSnowflake(listing[field], `listing.${field}`);
  }
  for (const [field, max] of Object.entries(JOB_LISTING_TEXT_LIMITS)) {
    assertText(listing[field as keyof typeof JOB_LISTING_TEXT_LIMITS], `listing.${field}`, max);
  }
  assertEpochMs(listing.createdAt, 'listing.createdAt');
  const mutable = {
    tags: listing.tags,
    userLimit: listing.userLimit,
    status: listing.status,
    closedAt: listing.closedAt,
    closeReason: listing.closeReason,
    participantCount: listing.participantCount,
    peakParticipants: listing.peakParticipants,
    totalVoiceMs: listing.totalVoiceMs,
  };
  // Every field is required here (a patch may leave fields out; a new listing may not).
  for (const [field, value] of Object.entries(mutable)) {
    if (value === undefined) throw new ValidationError(`listing.${field}`, value, 'present');
  }
  const checked = prepareJobListingPatch(mutable) as Required<Omit<JobListingPatch, 'title' | 'description'>>;
  // Only known fields are kept: anything else on the object is dropped, in every store alike.
  return {
    guildId: listing.guildId,
    postId: listing.postId,
    forumChannelId: listing.forumChannelId,
    voiceChannelId: listing.voiceChannelId,
    ownerId: listing.ownerId,
    ownerName: listing.ownerName.toWellFormed(),
    title: listing.title.toWellFormed(),
    description: listing.description.toWellFormed(),
    createdAt: listing.createdAt,
    ...checked,
  };
}

/**
 * Checks the fields present in a job listing patch and refuses fields that cannot change.
 *
 * @throws {@link @guildkit/core!ValidationError} naming the first malformed or unknown field
 *
 * @example Checking a patch in a store
 * ```ts
 * import { prepareJobListingPatch } from '@guildkit/core/store-kit';
 *
 * const changes = prepareJobListingPatch({ participantCount: 3 });
 * ```
 */
export function prepareJobListingPatch(patch: JobListingPatch): JobListingPatch {
  assertObject(patch, 'patch');
  const clean: { -readonly [K in keyof JobListingPatch]: JobListingPatch[K] } = {};
  for (const [field, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const name = `patch.${field}`;
    switch (field) {
      case 'title':
      case 'description':
        assertText(value, name, JOB_LISTING_TEXT_LIMITS[field]);
        clean[field] = value.toWellFormed();
        break;
      case 'tags':
        clean.tags = prepareTags(value, name);
        break;
      case 'userLimit':
        assertNonNegativeInteger(value, name);
        if (value > 99) throw new ValidationError(name, value, 'a whole number from 0 (no limit) to 99');
        clean.userLimit = value;
        break;
      case 'status':
        if (value !== 'open' && value !== 'closed') throw new ValidationError(name, value, "'open' or 'closed'");
        clean.status = value;
        break;
      case 'closedAt':
        if (value !== null) assertEpochMs(value, name);
        clean.closedAt = value;
        break;
      case 'closeReason':
        if (value !== null) assertText(value, name, 200);
        clean.closeReason = value === null ? null : value.toWellFormed();
        break;
      case 'participantCount':
      case 'peakParticipants':
        assertNonNegativeInteger(value, name);
        if (value > MAX_PEOPLE) throw new ValidationError(name, value, `a whole number from 0 to ${MAX_PEOPLE}`);
        clean[field] = value;
        break;
      case 'totalVoiceMs':
        assertNonNegativeInteger(value, name);
        clean[field] = value;
        break;
      default:
        throw new ValidationError(
          name,
          value,
          'left out: only title, description, tags, userLimit, status, closedAt, closeReason, participantCount, peakParticipants and totalVoiceMs can change',
        );
    }
  }
  return clean;
}

/** @internal Checks a listing's tags, naming `field` in the error. */
export function prepareTags(value: unknown, field: string): string[] {
  assertArray(value, field);
  if (value.length > 20) throw new ValidationError(field, value, 'at most 20 tags');
  for (const [index, tag] of value.entries()) assertText(tag, `${field}[${index}]`, 50);
  return (value as string[]).map((tag) => tag.toWellFormed());
}
