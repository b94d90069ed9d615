import type { JobListing, JobListingPatch, LogLevel, StoredLogRecord } from '@guildkit/core';
import { type JobListingCodecs, jobListingFromColumns, jobListingToColumns } from '@guildkit/core/store-kit';
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { JobListingTable, LogRecordTable } from './schema.ts';

// bigint columns (times, the voice total) come back from pg as strings; tags are text[].
const bigint = { encode: (value: number) => value, decode: (text: unknown) => Number(text) };
const codecs: JobListingCodecs = {
  createdAt: bigint,
  closedAt: { encode: (ms) => ms, decode: (text) => (text === null ? null : Number(text)) },
  totalVoiceMs: bigint,
  tags: { encode: (tags) => [...tags], decode: (tags) => tags as string[] },
};

/** @internal */
export function listingToRow(listing: JobListing): Insertable<JobListingTable> {
  return jobListingToColumns(listing, codecs) as unknown as Insertable<JobListingTable>;
}

/** @internal */
export function patchToRow(patch: JobListingPatch): Updateable<JobListingTable> {
  return jobListingToColumns(patch, codecs) as Updateable<JobListingTable>;
}

/** @internal */
export function rowToListing(row: Selectable<JobListingTable>): JobListing {
  return jobListingFromColumns(row as unknown as Record<string, unknown>, codecs);
}

/** @internal */
export function rowToLogRecord(
  row: Pick<Selectable<LogRecordTable>, 'at' | 'level' | 'source' | 'message' | 'fields'>,
): StoredLogRecord {
  return {
    at: Number(row.at),
    level: row.level as LogLevel,
    source: row.source,
    message: row.message,
    fields: row.fields,
  };
}
