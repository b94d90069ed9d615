import { LOG_LEVEL_VALUES, type LogLevel, type LogRecord } from '@guildkit/core';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { PostgresStore } from '../src/index.ts';

// appendLogs sends each column as one JSON array and rebuilds the rows in SQL: these check that
// what lands is what was given, column by column, in the order given.

const connectionString = inject('databaseUrl');
const admin = new pg.Pool({ connectionString, max: 2 });
afterAll(() => admin.end());

let schemas = 0;
async function openStore(): Promise<{ store: PostgresStore; schema: string }> {
  schemas += 1;
  const schema = `logs_${process.pid}_${schemas}`;
  return { store: await PostgresStore.open({ connectionString, schema }), schema };
}
async function dispose(store: PostgresStore, schema: string): Promise<void> {
  await store.close();
  await admin.query(`drop schema if exists ${schema} cascade`);
}

interface StoredRow {
  at: string;
  level: string;
  level_value: number;
  source: string;
  message: string;
  fields: Record<string, unknown>;
}
async function rowsById(schema: string): Promise<StoredRow[]> {
  const { rows } = await admin.query<StoredRow>(
    `select at::text, level, level_value, source, message, fields from ${schema}.log_records order by id`,
  );
  return rows;
}
const asRow = (record: LogRecord): StoredRow => ({
  at: String(record.at),
  level: record.level,
  level_value: LOG_LEVEL_VALUES[record.level],
  source: record.source,
  message: record.message,
  fields: record.fields ?? {},
});

describe('PostgresStore.appendLogs', () => {
  it('stores the records of one call, more than one statement holds, with ids ascending in their order', async () => {
    const { store, schema } = await openStore();
    const levels = Object.keys(LOG_LEVEL_VALUES) as LogLevel[];
    // Times out of order, so that only the ids can tell the order of appending.
    const records: LogRecord[] = Array.from({ length: 23_456 }, (_, i) => ({
      at: 1_000_000 - ((i * 7_919) % 23_456),
      level: levels[i % levels.length] as LogLevel,
      source: `source ${i % 3}`,
      message: `record ${i}`,
      ...(i % 2 === 0 ? { fields: { i, guildId: String(10n ** 18n + BigInt(i)) } } : {}),
    }));
    await store.appendLogs(records);
    expect(await rowsById(schema)).toEqual(records.map(asRow));
    await dispose(store, schema);
  });

  it('keeps text and fields as given: quotes, backslashes, escapes as text, control and non-BMP characters', async () => {
    const { store, schema } = await openStore();
    const awkward =
      'quote " backslash \\ escape \\u0000 \\n tab \t newline \n \u0001\u001f \u2028 😀 한국어 {"a": [1]} \'';
    const records: LogRecord[] = [
      { at: -8_640_000_000_000_000, level: 'fatal', source: awkward, message: awkward, fields: { [awkward]: awkward } },
      {
        at: 8_640_000_000_000_000,
        level: 'trace',
        source: 'ü',
        message: '',
        fields: { nested: { list: [1.5, 1e21, -7, true, null, 'x', { '': '' }], empty: {} }, text: awkward },
      },
      { at: 0, level: 'info', source: '[]', message: 'null', fields: {} },
    ];
    await store.appendLogs(records);
    expect(await rowsById(schema)).toEqual(records.map(asRow));
    // jsonb equal to the JSON given, not merely equal once parsed by JavaScript.
    const { rows } = await admin.query<{ same: boolean }>(
      `select fields = (($1::jsonb) -> (row_number() over (order by id) - 1)::int) as same
       from ${schema}.log_records order by id`,
      [JSON.stringify(records.map((record) => record.fields))],
    );
    expect(rows.map((row) => row.same)).toEqual([true, true, true]);
    expect((await store.readRecentLogs()).map((record) => record.message)).toEqual(['', 'null', awkward]);
    await dispose(store, schema);
  });
});
