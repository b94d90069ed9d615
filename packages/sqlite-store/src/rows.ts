import type { JobListing, JobListingPatch, LogLevel, StoredLogRecord } from '@guildkit/core';
import { parseLogFields } from '@guildkit/core';
import type { Selectable, Updateable } from 'kysely';
import type { JobListingTable, LogRecordTable } from './schema.ts';

/** @internal */
export function listingToRow(listing: JobListing): JobListingTable {
  return {
    post_id: listing.postId,
    guild_id: listing.guildId,
    forum_channel_id: listing.forumChannelId,
    voice_channel_id: listing.voiceChannelId,
    owner_id: listing.ownerId,
    owner_name: listing.ownerName,
    title: listing.title,
    description: listing.description,
    tags: JSON.stringify(listing.tags),
    user_limit: listing.userLimit,
    status: listing.status,
    created_at: listing.createdAt,
    closed_at: listing.closedAt,
    close_reason: listing.closeReason,
    participant_count: listing.participantCount,
    peak_participants: listing.peakParticipants,
    total_voice_ms: listing.totalVoiceMs,
  };
}

/** @internal */
export function patchToRow(patch: JobListingPatch): Updateable<JobListingTable> {
  const row: Updateable<JobListingTable> = {};
  if (patch.title !== undefined) row.title = patch.title;
  if (patch.description !== undefined) row.description = patch.description;
  if (patch.tags !== undefined) row.tags = JSON.stringify(patch.tags);
  if (patch.userLimit !== undefined) row.user_limit = patch.userLimit;
  if (patch.status !== undefined) row.status = patch.status;
  if (patch.closedAt !== undefined) row.closed_at = patch.closedAt;
  if (patch.closeReason !== undefined) row.close_reason = patch.closeReason;
  if (patch.participantCount !== undefined) row.participant_count = patch.participantCount;
  if (patch.peakParticipants !== undefined) row.peak_participants = patch.peakParticipants;
  if (patch.totalVoiceMs !== undefined) row.total_voice_ms = patch.totalVoiceMs;
  return row;
}

/** @internal */
export function rowToListing(row: Selectable<JobListingTable>): JobListing {
  return {
    guildId: row.guild_id,
    postId: row.post_id,
    forumChannelId: row.forum_channel_id,
    voiceChannelId: row.voice_channel_id,
    ownerId: row.owner_id,
    ownerName: row.owner_name,
    title: row.title,
    description: row.description,
    tags: JSON.parse(row.tags) as string[],
    userLimit: row.user_limit,
    status: row.status,
    createdAt: row.created_at,
    closedAt: row.closed_at,
    closeReason: row.close_reason,
    participantCount: row.participant_count,
    peakParticipants: row.peak_participants,
    totalVoiceMs: row.total_voice_ms,
  };
}

/** @internal */
export function rowToLogRecord(
  row: Pick<Selectable<LogRecordTable>, 'at' | 'level' | 'source' | 'message' | 'fields'>,
): StoredLogRecord {
  return {
    at: row.at,
    level: row.level as LogLevel,
    source: row.source,
    message: row.message,
    fields: parseLogFields(row.fields),
  };
}
