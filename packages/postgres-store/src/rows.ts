import {
  type JobListing,
  type JobListingCodecs,
  type JobListingPatch,
  jobListingFromColumns,
  jobListingToColumns,
  type LogLevel,
  type StoredLogRecord,
} from '@guildkit/core';
import type { Insertable, Selectable, Updateable } from 'kysely';
import type { JobListingTable, LogRecordTable } from './schema.ts';

// Times are timestamptz (Date in pg), the voice total is bigint (a string in pg), tags are text[].
const time = { encode: (ms: number) => new Date(ms), decode: (date: unknown) => (date as Date).getTime() };
const codecs: JobListingCodecs = {
  createdAt: time,
  closedAt: {
    encode: (ms) => (ms === null ? null : new Date(ms)),
    decode: (date) => (date === null ? null : (date as Date).getTime()),
  },
  totalVoiceMs: { encode: (ms) => ms, decode: (text) => Number(text) },
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
    at: row.at.getTime(),
    level: row.level as LogLevel,
    source: row.source,
    message: row.message,
    fields: row.fields,
  };
}
