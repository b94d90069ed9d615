import { ValidationError } from '../errors.ts';
import { assertArray, assertEpochMs, assertObject, assertText, MAX_DATE_MS } from '../validation.ts';
import {
  LOG_LEVEL_VALUES,
  type LogLevel,
  type LogRecord,
  type PruneLogsQuery,
  type RecentLogsQuery,
} from './log-store.ts';

/**
 * A log record checked and ready to store: its level as a number and its fields as JSON text.
 *
 * @example A prepared info record
 * ```ts
 * const [row]: PreparedLogRecord[] = prepareLogRecords([record]);
 * row.levelValue; // 30 for 'info'
 * ```
 */
export interface PreparedLogRecord {
  /** When it happened, epoch milliseconds. */
  readonly at: number;
  /** The level's name. */
  readonly level: LogLevel;
  /** The level's number from {@link @guildkit/core!LOG_LEVEL_VALUES}. */
  readonly levelValue: number;
  /** What wrote it. */
  readonly source: string;
  /** The message, NUL characters and lone surrogates replaced by U+FFFD. */
  readonly message: string;
  /** `fields` as JSON text, `'{}'` when there were none. */
  readonly fieldsJson: string;
}

/**
 * Checks log records and serialises their fields to JSON (bigints become strings).
 *
 * @throws {@link @guildkit/core!ValidationError} when a record is malformed or its fields cannot be serialised
 *
 * @example Checking log records in a store
 * ```ts
 * import { prepareLogRecords } from '@guildkit/core/store-kit';
 *
 * const rows = prepareLogRecords(records);
 * ```
 */
export function prepareLogRecords(records: readonly LogRecord[]): PreparedLogRecord[] {
  assertArray(records, 'records');
  return records.map((record, index) => preparedAsItIs(record) ?? prepareCarefully(record, index));
}

/**
 * A record that needs nothing changed, prepared without building error paths (a logger's records
 * almost always are): undefined for anything else, which the careful path then fixes or refuses.
 */
function preparedAsItIs(record: LogRecord): PreparedLogRecord | undefined {
  if (record === null || typeof record !== 'object') return undefined;
  const { at, level, source, message, fields } = record;
  if (typeof level !== 'string' || !Object.hasOwn(LOG_LEVEL_VALUES, level)) return undefined;
  if (typeof at !== 'number' || !Number.isSafeInteger(at) || Math.abs(at) > MAX_DATE_MS) return undefined;
  if (typeof source !== 'string' || source.length === 0 || source.length > 100 || !isPlain(source)) return undefined;
  if (typeof message !== 'string' || message.length > 4_000 || !isPlain(message)) return undefined;
  let fieldsJson = '{}';
  if (fields !== undefined) {
    if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) return undefined;
    try {
      fieldsJson = JSON.stringify(fields);
    } catch {
      return undefined;
    }
    // JSON.stringify writes `\u` only for control characters and lone surrogates: most texts have neither.
    if (fieldsJson.includes('\\u') && UNSTORABLE_ESCAPE.test(fieldsJson)) return undefined;
  }
  return { at, level, levelValue: LOG_LEVEL_VALUES[level], source, message, fieldsJson };
}

/** Text every store keeps as it is: no NUL, no lone surrogate. */
function isPlain(text: string): boolean {
  return !text.includes('\u0000') && text.isWellFormed();
}

/** The record checked field by field, naming the first bad one, with unstorable text replaced. */
function prepareCarefully(record: LogRecord, index: number): PreparedLogRecord {
  const at = `records[${index}]`;
  assertObject(record, at);
  assertEpochMs(record.at, `${at}.at`);
  const levelValue = assertLogLevel(record.level, `${at}.level`);
  assertText(record.source, `${at}.source`, 100);
  if (record.source.length === 0) throw new ValidationError(`${at}.source`, record.source, 'a non-empty string');
  // A log record is never lost to text a database cannot store: NUL and lone surrogates become U+FFFD.
  const message = typeof record.message === 'string' ? storable(record.message) : record.message;
  assertText(message, `${at}.message`, 4000);
  return {
    at: record.at,
    level: record.level,
    levelValue,
    source: record.source.toWellFormed(),
    message,
    fieldsJson: serialiseFields(record.fields, `${at}.fields`),
  };
}

/**
 * The limit and filters of a recent-logs query with the default limit filled in.
 *
 * @example The default limit filled in
 * ```ts
 * const query: PreparedRecentLogsQuery = prepareRecentLogsQuery({ minLevel: 'warn' });
 * query.limit; // 100
 * ```
 */
export interface PreparedRecentLogsQuery {
  /** How many records at most, 1 to 1,000. */
  readonly limit: number;
  /** The minimum level's number, if any. */
  readonly minLevelValue?: number;
  /** Only records from this source. */
  readonly source?: string;
}

/**
 * Checks a recent-logs query and fills in the default limit of 100.
 *
 * @throws {@link @guildkit/core!ValidationError} when the limit is outside 1 to 1,000 or the level is unknown
 *
 * @example Checking a recent-logs query in a store
 * ```ts
 * import { prepareRecentLogsQuery } from '@guildkit/core/store-kit';
 *
 * const { limit, minLevelValue, source } = prepareRecentLogsQuery(query);
 * ```
 */
export function prepareRecentLogsQuery(query: RecentLogsQuery = {}): PreparedRecentLogsQuery {
  assertObject(query, 'query');
  const limit = query.limit ?? 100;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1000) {
    throw new ValidationError('query.limit', limit, 'a whole number from 1 to 1000');
  }
  const prepared: { limit: number; minLevelValue?: number; source?: string } = {
    limit,
  };
  if (query.minLevel !== undefined) prepared.minLevelValue = assertLogLevel(query.minLevel, 'query.minLevel');
  if (query.source !== undefined) {
    assertText(query.source, 'query.source', 100);
    prepared.source = query.source;
  }
  return prepared;
}

/**
 * Checks a prune query and fills in its default limit.
 *
 * @example
 * ```ts
 * import { preparePruneLogsQuery } from '@guildkit/core/store-kit';
 *
 * const { before, limit } = preparePruneLogsQuery({ before: Date.now() - 86_400_000 });
 * ```
 */
export function preparePruneLogsQuery(query: PruneLogsQuery): Required<PruneLogsQuery> {
  assertObject(query, 'query');
  assertEpochMs(query.before, 'query.before');
  const limit = query.limit ?? 10_000;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 100_000) {
    throw new ValidationError('query.limit', limit, 'a whole number from 1 to 100000');
  }
  return { before: query.before, limit };
}

/**
 * Reads back fields that {@link prepareLogRecords} serialised.
 *
 * @example Reading stored fields back
 * ```ts
 * import { parseLogFields } from '@guildkit/core/store-kit';
 *
 * parseLogFields('{"guildId":"1"}'); // { guildId: '1' }
 * ```
 */
export function parseLogFields(json: string | null): Record<string, unknown> {
  return json === null || json === '' ? {} : (JSON.parse(json) as Record<string, unknown>);
}

function assertLogLevel(value: unknown, field: string): number {
  if (typeof value === 'string' && Object.hasOwn(LOG_LEVEL_VALUES, value)) return LOG_LEVEL_VALUES[value as LogLevel];
  throw new ValidationError(field, value, `one of ${Object.keys(LOG_LEVEL_VALUES).join(', ')}`);
}

function serialiseFields(fields: unknown, field: string): string {
  if (fields === undefined) return '{}';
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) {
    throw new ValidationError(field, fields, 'an object of JSON-serialisable values');
  }
  // Most fields serialise as they are. Bigints and cycles throw, and NUL or lone surrogates come
  // out as escapes PostgreSQL's jsonb refuses: those go the careful way.
  let json: string | undefined;
  try {
    json = JSON.stringify(fields);
  } catch {
    json = undefined;
  }
  if (json !== undefined && !UNSTORABLE_ESCAPE.test(json)) return json;
  try {
    return JSON.stringify(storableJson(fields, new Set()));
  } catch (error) {
    throw new ValidationError(field, fields, `JSON-serialisable (${(error as Error).message})`);
  }
}

/** JSON escapes of NUL and of surrogates, which only lone surrogates produce. */
const UNSTORABLE_ESCAPE = /\\u(?:0000|d[89a-f])/i;

// Text every store keeps as it is: PostgreSQL refuses NUL, and UTF-8 cannot hold lone surrogates.
function storable(text: string): string {
  return text.toWellFormed().replaceAll('\u0000', '\ufffd');
}

// A copy of a JSON value with storable keys and strings, and bigints as decimal strings.
function storableJson(value: unknown, seen: Set<object>): unknown {
  if (typeof value === 'string') return storable(value);
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return storableJson((value as { toJSON(): unknown }).toJSON(), seen);
  }
  if (seen.has(value)) throw new TypeError('the fields refer to themselves (a circular structure)');
  seen.add(value);
  const copy = Array.isArray(value)
    ? value.map((item) => storableJson(item, seen))
    : Object.fromEntries(Object.entries(value).map(([key, item]) => [storable(key), storableJson(item, seen)]));
  seen.delete(value);
  return copy;
}
