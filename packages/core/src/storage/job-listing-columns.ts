import type { JobListing } from './job-board-store.ts';

/**
 * The SQL column of each {@link JobListing} field, as guildkit's SQL stores name them.
 *
 * @example Looking up a column name
 * ```ts
 * import { JOB_LISTING_COLUMNS } from '@guildkit/core/store-kit';
 *
 * JOB_LISTING_COLUMNS.voiceChannelId; // 'voice_channel_id'
 * ```
 */
export const JOB_LISTING_COLUMNS = Object.freeze({
  guildId: 'guild_id',
  postId: 'post_id',
  forumChannelId: 'forum_channel_id',
  voiceChannelId: 'voice_channel_id',
  ownerId: 'owner_id',
  ownerName: 'owner_name',
  title: 'title',
  description: 'description',
  tags: 'tags',
  userLimit: 'user_limit',
  status: 'status',
  createdAt: 'created_at',
  closedAt: 'closed_at',
  closeReason: 'close_reason',
  participantCount: 'participant_count',
  peakParticipants: 'peak_participants',
  totalVoiceMs: 'total_voice_ms',
} as const satisfies Record<keyof JobListing, string>);

/**
 * How a store writes and reads the {@link JobListing} fields its database has no plain type for
 * (times, lists, 64-bit numbers); fields left out are stored as they are.
 *
 * @example SQLite keeps tags as JSON text
 * ```ts
 * const codecs: JobListingCodecs = {
 *   tags: { encode: (tags) => JSON.stringify(tags), decode: (text) => JSON.parse(text as string) },
 * };
 * ```
 */
export type JobListingCodecs = {
  readonly [K in keyof JobListing]?: {
    encode(value: JobListing[K]): unknown;
    decode(value: unknown): JobListing[K];
  };
};

/**
 * Turns some or all fields of a job listing into a row of {@link JOB_LISTING_COLUMNS}, encoding
 * with `codecs`; fields that are `undefined` are left out.
 *
 * @example Turning a patch into a row
 * ```ts
 * import { jobListingToColumns } from '@guildkit/core/store-kit';
 *
 * jobListingToColumns({ participantCount: 3 }, {}); // { participant_count: 3 }
 * ```
 */
export function jobListingToColumns(fields: Partial<JobListing>, codecs: JobListingCodecs): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields) as [keyof JobListing, unknown][]) {
    if (value === undefined) continue;
    if (!Object.hasOwn(JOB_LISTING_COLUMNS, field)) throw new TypeError(`${String(field)} is not a job listing field`);
    const codec = codecs[field] as { encode(value: unknown): unknown } | undefined;
    row[JOB_LISTING_COLUMNS[field]] = codec === undefined ? value : codec.encode(value);
  }
  return row;
}

/**
 * Reads a job listing back from a row of {@link JOB_LISTING_COLUMNS}, decoding with `codecs`.
 *
 * @example Reading a listing from a row
 * ```ts
 * import { jobListingFromColumns } from '@guildkit/core/store-kit';
 *
 * const listing = jobListingFromColumns(row, codecs);
 * ```
 */
export function jobListingFromColumns(row: Readonly<Record<string, unknown>>, codecs: JobListingCodecs): JobListing {
  const listing: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(JOB_LISTING_COLUMNS) as [keyof JobListing, string][]) {
    const codec = codecs[field] as { decode(value: unknown): unknown } | undefined;
    listing[field] = codec === undefined ? row[column] : codec.decode(row[column]);
  }
  return listing as unknown as JobListing;
}
