import {
  type JobListing,
  type JobListingCodecs,
  type JobListingPatch,
  jobListingFromColumns,
  jobListingToColumns,
  type LogLevel,
  parseLogFields,
  type StoredLogRecord,
} from '@guildkit/core';
import type { Selectable, Updateable } from 'kysely';
import type { JobListingTable, LogRecordTable } from './schema.ts';

// SQLite has no list type: tags are JSON text. Times are already epoch milliseconds.
const codecs: JobListingCodecs = {
  tags: { encode: (tags) => JSON.stringify(tags), decode: (text) => JSON.parse(text as string) as string[] },
};

/** @internal */
export function listingToRow(listing: JobListing): JobListingTable {
  return jobListingToColumns(listing, codecs) as unknown as JobListingTable;
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
    at: row.at,
    level: row.level as LogLevel,
    source: row.source,
    message: row.message,
    fields: parseLogFields(row.fields),
  };
}
