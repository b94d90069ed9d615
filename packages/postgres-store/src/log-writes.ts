import { chunk, type PreparedLogRecord } from '@guildkit/core/store-kit';
import type { KyselyStoreTables } from '@guildkit/kysely-store';
import { type Kysely, sql } from 'kysely';

// A logger writes on the thread that serves the gateway, so the cost here is JavaScript time.
// Each column travels as one JSON array in one parameter: JSON.stringify is native, and the
// fields, JSON already, are joined rather than serialised again. A parameter per value instead
// costs kysely a query tree and a placeholder, and pg an encoding, for every value: a call of
// 1,000 voice-event records took about 4.5 µs a record on the main thread that way, checks included,
// and takes about 2 µs this way, with less work for the server too (pg's own array parameters for
// unnest() cost 3.3 µs). json_array_elements_text() turns the arrays back into rows, side by
// side, and `with ordinality` keeps them in the records' order, so ids ascend in that order.

/**
 * @internal Rows per statement of a log write, which keeps each statement's parameters bounded (about
 * 2 MB of JSON): a write of more spans several statements, so it runs in one transaction. A
 * logger's batch is one statement, one round trip: each round trip waits for a turn of the event
 * loop, and in a burst of gateway events a turn takes thousands of records, so a write of ten
 * 1,000-row statements fell behind and the logger dropped records (the ingest benchmark found 60 %
 * of a 60,000-event burst's voice records missing).
 */
export const ROWS_PER_STATEMENT = 10_000;

/** @internal Appends prepared log records, {@link ROWS_PER_STATEMENT} a statement. */
export async function writeLogRecords(
  db: Kysely<KyselyStoreTables>,
  schema: string,
  records: readonly PreparedLogRecord[],
): Promise<void> {
  for (const part of chunk(records, ROWS_PER_STATEMENT)) await insertLogRecords(db, schema, part);
}

async function insertLogRecords(
  db: Kysely<KyselyStoreTables>,
  schema: string,
  records: readonly PreparedLogRecord[],
): Promise<void> {
  const column = (value: (record: PreparedLogRecord) => string | number) => JSON.stringify(records.map(value));
  await sql`
    insert into ${sql.id(schema, 'log_records')} (at, level, level_value, source, message, fields)
    select at::bigint, level, level_value::smallint, source, message, fields
    from rows from (json_array_elements_text(${column((record) => record.at)}::json),
                    json_array_elements_text(${column((record) => record.level)}::json),
                    json_array_elements_text(${column((record) => record.levelValue)}::json),
                    json_array_elements_text(${column((record) => record.source)}::json),
                    json_array_elements_text(${column((record) => record.message)}::json),
                    jsonb_array_elements(${`[${records.map((record) => record.fieldsJson).join(',')}]`}::jsonb))
      with ordinality as record(at, level, level_value, source, message, fields, position)
    order by position`.execute(db);
}
