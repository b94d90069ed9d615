import {
  type JobListing,
  type JobListingPatch,
  LOG_LEVEL_VALUES,
  type LogLevel,
  type StoredLogRecord,
} from '@guildkit/core';
import {
  type JobListingCodecs,
  jobListingFromColumns,
  jobListingToColumns,
  parseLogFields,
} from '@guildkit/core/store-kit';
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

/** The levels from the highest value down; the log table keeps the values only. */
const LEVELS_DOWN = (Object.entries(LOG_LEVEL_VALUES) as [LogLevel, number][]).sort(([, a], [, b]) => b - a);

/**
 * The level of a stored value: the store writes only the values of `LOG_LEVEL_VALUES`; a value
 * another program wrote reads as the highest level at or below it, as `minLevel` filters it.
 */
function levelOf(value: number): LogLevel {
  for (const [name, levelValue] of LEVELS_DOWN) if (value >= levelValue) return name;
  return 'trace';
}

/** @internal */
export function rowToLogRecord(
  row: Pick<Selectable<LogRecordTable>, 'at' | 'level_value' | 'source' | 'message' | 'fields'>,
): StoredLogRecord {
  return {
    at: row.at,
    level: levelOf(row.level_value),
    source: row.source,
    message: row.message,
    fields: parseLogFields(row.fields),
  };
}
