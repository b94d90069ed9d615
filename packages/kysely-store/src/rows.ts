import {
  type HourActivityTotal,
  type JobListing,
  LOG_LEVEL_VALUES,
  type LogLevel,
  type SessionCheckpoint,
  type StoredLogRecord,
} from '@guildkit/core';
import { type JobListingCodecs, jobListingFromColumns, parseLogFields } from '@guildkit/core/store-kit';
import type { Selectable } from 'kysely';
import type { LogRecordTable, SessionCheckpointTable } from './tables.ts';

// Rows read back the same whatever the driver: 64-bit columns go through Number() (pg reads them
// as strings), and JSON columns are parsed when they are text (jsonb arrives parsed).

const bigint = { encode: (value: number) => value, decode: (value: unknown) => Number(value) };

/** @internal The job listing's codecs, given how the dialect writes tags. */
export function listingCodecs(encodeTags: (tags: readonly string[]) => unknown): JobListingCodecs {
  return {
    createdAt: bigint,
    closedAt: { encode: (ms) => ms, decode: (value) => (value === null ? null : Number(value)) },
    totalVoiceMs: bigint,
    tags: {
      encode: encodeTags,
      decode: (value) => (typeof value === 'string' ? (JSON.parse(value) as string[]) : (value as string[])),
    },
  };
}

/** @internal */
export function rowToListing(row: object, codecs: JobListingCodecs): JobListing {
  return jobListingFromColumns(row as Record<string, unknown>, codecs);
}

/**
 * @internal A day read back: pg parses a `date` into a Date at the process's local midnight, so its
 * local fields are the day.
 */
export function dayText(value: string | Date): string {
  if (typeof value === 'string') return value;
  const month = String(value.getMonth() + 1).padStart(2, '0');
  const day = String(value.getDate()).padStart(2, '0');
  return `${String(value.getFullYear()).padStart(4, '0')}-${month}-${day}`;
}

/** @internal */
export function rowToHour(row: {
  day: string | Date;
  hour: number;
  ms: number | string;
  messages: number | string;
}): HourActivityTotal {
  return { day: dayText(row.day), hour: Number(row.hour), ms: Number(row.ms), messages: Number(row.messages) };
}

/** @internal */
export function rowToCheckpoint(row: Selectable<SessionCheckpointTable>): SessionCheckpoint {
  return {
    guildId: row.guild_id,
    userId: row.user_id,
    channelId: row.channel_id,
    startedAt: Number(row.started_at),
    checkpointAt: Number(row.checkpoint_at),
  };
}

/** The levels from the highest value down. */
const LEVELS_DOWN = (Object.entries(LOG_LEVEL_VALUES) as [LogLevel, number][]).sort(([, a], [, b]) => b - a);

/**
 * The level of a stored value: stores write only the values of `LOG_LEVEL_VALUES`; a value
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
    at: Number(row.at),
    level: levelOf(row.level_value),
    source: row.source,
    message: row.message,
    fields: typeof row.fields === 'string' ? parseLogFields(row.fields) : row.fields,
  };
}
