// What every end-to-end benchmark run does around its trials: a folder of its own cleaned up on
// Ctrl-C, the machine's load for the results, the run's time stamp, and the results file.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { PostgresServer } from './postgres.ts';

/** The load average over 1, 5 and 15 minutes, `1.52, 2.58, 3.37`: how busy the shared machine was. */
export const loadAverage = (): string =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');

/**
 * On Ctrl-C or SIGTERM, stops the throwaway PostgreSQL cluster at once, removes the run's folder
 * and exits 130: the processes under test share the terminal's signal, and the cluster and files
 * would otherwise stay.
 *
 * @param folder - the run's temporary folder
 * @param postgres - the run's PostgreSQL, if any
 */
export function cleanUpOnInterrupt(folder: string, postgres: PostgresServer | undefined): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      postgres?.stopNow();
      rmSync(folder, { recursive: true, force: true });
      process.exit(130);
    });
  }
}

/**
 * A run's start, as the results show it.
 *
 * @param started - when the run started
 * @returns `time` for the header (`2026-12-01 04:52`, UTC) and `stamp` for the file name (`2026-12-01T0452`)
 */
export function runTime(started: Date): { readonly time: string; readonly stamp: string } {
  const iso = started.toISOString().slice(0, 16);
  return { time: iso.replace('T', ' '), stamp: iso.replace(':', '') };
}

/**
 * Prints the results (all but the header, printed at the start) and writes them all to a file of
 * the results folder, then says where.
 *
 * @param folder - the results folder, made if missing
 * @param fileName - such as `ingest-2026-12-01T0452.md`
 * @param lines - the header, then the results
 * @param headerLines - how many of `lines` the header is
 */
export function writeResults(folder: string, fileName: string, lines: readonly string[], headerLines: number): void {
  console.log(lines.slice(headerLines).join('\n'));
  mkdirSync(folder, { recursive: true });
  const file = join(folder, fileName);
  writeFileSync(file, `${lines.join('\n')}\n`);
  console.log(`\nwritten to ${file}`);
}
