import type { PreparedLogRecord } from '@guildkit/core/store-kit';
import type { RowDelete, RowUpsert } from '@guildkit/kysely-store';
import type Database from 'better-sqlite3';

/**
 * @internal The bulk writes (the shared layer's, and log records) as plain statements that the store prepares once and runs inside
 * one transaction: better-sqlite3 runs a prepared statement far faster than kysely can compile a
 * new multi-row one (roughly 3x on this path). Inserts also come in multi-row forms, which save
 * most of the per-call cost (10,000 upserts: 23 ms one by one, 14 ms so).
 */
export interface RowStatement<Row> {
  /** The statement for one row. */
  readonly sql: string;
  /**
   * The statement for `count` rows (a power of two up to {@link ROWS_PER_STATEMENT}), where SQL
   * allows more than one.
   */
  readonly manySql?: (count: number) => string;
  readonly parameters: (row: Row) => unknown[];
  /** Each parameter's value of a row, in order: when given, rows are bound without an array per row. */
  readonly values?: readonly ((row: Row) => unknown)[];
}

/** @internal Rows per multi-row statement at most: past about 50, longer statements gain nothing. */
export const ROWS_PER_STATEMENT = 64;

/** `insert into … values (?, …)` with `count` tuples, then the rest of the statement. */
function insertOf(head: string, columns: number, rest: string, count: number): string {
  const tuple = `(${new Array<string>(columns).fill('?').join(', ')})`;
  return `${head} values ${new Array<string>(count).fill(tuple).join(', ')} ${rest}`;
}

/** The multi-row forms of an insert, each text built once. */
function insertsOf(head: string, columns: number, rest: string): (count: number) => string {
  const texts = new Map<number, string>();
  return (count) => {
    let text = texts.get(count);
    if (text === undefined) {
      text = insertOf(head, columns, rest, count);
      texts.set(count, text);
    }
    return text;
  };
}

/**
 * @internal The statement of one of the shared layer's bulk writes: an upsert as prepared multi-row
 * inserts, a delete row by row. Made once per write.
 */
export function rowStatementOf<Row>(write: RowUpsert<Row> | RowDelete<Row>): RowStatement<Row> {
  let statement = made.get(write) as RowStatement<Row> | undefined;
  if (statement !== undefined) return statement;
  const { columns } = write;
  const values = columns.map((column) => column.of);
  const parameters = (row: Row) => values.map((of) => of(row));
  if (write.kind === 'delete') {
    const where = columns.map((column) => `${column.name} = ?`).join(' and ');
    statement = { sql: `delete from ${write.table} where ${where}`, parameters, values };
  } else {
    const head = `insert into ${write.table} (${columns.map((column) => column.name).join(', ')})`;
    const changes = [
      ...(write.add ?? []).map((name) => `${name} = ${write.table}.${name} + excluded.${name}`),
      ...(write.set ?? []).map((name) => `${name} = excluded.${name}`),
    ];
    const rest =
      changes.length === 0
        ? `on conflict (${write.key.join(', ')}) do nothing`
        : `on conflict (${write.key.join(', ')}) do update set ${changes.join(', ')}`;
    statement = {
      sql: insertOf(head, columns.length, rest, 1),
      manySql: insertsOf(head, columns.length, rest),
      parameters,
      values,
    };
  }
  made.set(write, statement);
  return statement;
}

const made = new WeakMap<object, RowStatement<never>>();

const LOG_HEAD = 'insert into log_records (at, level_value, source, message, fields)';

/** @internal Appends a log record. */
export const appendLog: RowStatement<PreparedLogRecord> = {
  sql: insertOf(LOG_HEAD, 5, '', 1),
  manySql: insertsOf(LOG_HEAD, 5, ''),
  parameters: (row) => [row.at, row.levelValue, row.source, row.message, row.fieldsJson],
};

/**
 * @internal Runs a statement over the rows, inside a transaction: {@link ROWS_PER_STATEMENT} a call
 * where it can, and the rest in the fewest calls, as powers of two (a batch of 500: 7 calls of 64,
 * then 32, 16 and 4, where the rest went one by one before: 52 calls).
 */
export function runRows<Row>(
  prepared: (sql: string) => Database.Statement,
  statement: RowStatement<Row>,
  rows: readonly Row[],
): void {
  const { values: columns } = statement;
  if (columns !== undefined) {
    runCalls(prepared, statement, rows.length, (row, parameters, next) => {
      const values = rows[row] as Row;
      for (let column = 0; column < columns.length; column += 1)
        parameters[next++] = (columns[column] as (row: Row) => unknown)(values);
      return next;
    });
    return;
  }
  runCalls(prepared, statement, rows.length, (row, parameters, next) => {
    const values = statement.parameters(rows[row] as Row);
    for (let value = 0; value < values.length; value += 1) parameters[next++] = values[value];
    return next;
  });
}

/**
 * @internal {@link runRows} over rows given column by column (`columns[c][r]` is row r's c-th
 * parameter, in the statement's order), with no object or array per row: the log writer thread
 * appends batches of up to 10,000 records this way without growing its heap.
 */
export function runColumns(
  prepared: (sql: string) => Database.Statement,
  statement: RowStatement<unknown>,
  columns: readonly ArrayLike<unknown>[],
  count: number,
): void {
  runCalls(prepared, statement, count, (row, parameters, next) => {
    for (let column = 0; column < columns.length; column += 1)
      parameters[next++] = (columns[column] as ArrayLike<unknown>)[row];
    return next;
  });
}

/**
 * The calls of {@link runRows} and {@link runColumns}: `put` writes row `row`'s parameters into
 * `parameters` from `next` on and returns where the next row's start. One array for every call,
 * filled in place: no spread, no new array per call.
 */
function runCalls(
  prepared: (sql: string) => Database.Statement,
  statement: RowStatement<never>,
  count: number,
  put: (row: number, parameters: unknown[], next: number) => number,
): void {
  const { manySql } = statement;
  const parameters: unknown[] = [];
  let done = 0;
  while (done < count) {
    const rows = manySql === undefined ? 1 : rowsInNextCall(count - done);
    const run = prepared(rows === 1 || manySql === undefined ? statement.sql : manySql(rows));
    let next = 0;
    for (let row = done; row < done + rows; row += 1) next = put(row, parameters, next);
    // A shorter call than the one before binds only its own values.
    parameters.length = next;
    run.run(parameters);
    done += rows;
  }
}

/** The largest power of two up to {@link ROWS_PER_STATEMENT} that is at most `left`. */
function rowsInNextCall(left: number): number {
  if (left >= ROWS_PER_STATEMENT) return ROWS_PER_STATEMENT;
  return 2 ** Math.floor(Math.log2(left));
}
