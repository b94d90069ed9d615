import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { ActivityIncrement, MemberActivityTotal } from '@guildkit/core';
import { SqliteStore } from '../src/index.ts';

export const GUILDS = ['100', '200'] as const;
/** Every total a test writes falls in these days. */
export const RANGE = { startDay: '2026-01-01', endDay: '2026-12-31' };

/** `members` members of each guild, `days` days each from 2026-03-01, a known number of ms a row. */
export function history(members: number, days: number): ActivityIncrement[] {
  const rows: ActivityIncrement[] = [];
  for (const guildId of GUILDS)
    for (let member = 0; member < members; member += 1)
      for (let day = 0; day < days; day += 1)
        rows.push({
          guildId,
          userId: String(10_000 + member),
          day: new Date(Date.UTC(2026, 2, 1 + day)).toISOString().slice(0, 10),
          ms: 1_000 * (1 + ((member * 7 + day) % 50)),
        });
  return rows;
}

/** Each guild's totals, by member, as a store reads them. */
export async function totals(store: SqliteStore): Promise<Record<string, MemberActivityTotal[]>> {
  const byGuild: Record<string, MemberActivityTotal[]> = {};
  for (const guildId of GUILDS) {
    const rows = await store.readActivityTotals({ guildId, ...RANGE });
    byGuild[guildId] = rows.sort((a, b) => a.userId.localeCompare(b.userId));
  }
  return byGuild;
}

/** The totals of a database file, read by a store opened on it. */
export async function totalsOfFile(filename: string): Promise<Record<string, MemberActivityTotal[]>> {
  const store = await SqliteStore.open({ filename, readerThreads: 0 });
  try {
    return await totals(store);
  } finally {
    await store.close();
  }
}

/** The totals `rows` add up to. */
export function totalsOfRows(rows: readonly ActivityIncrement[]): Record<string, MemberActivityTotal[]> {
  const sums = new Map<string, number>();
  for (const { guildId, userId, ms } of rows)
    sums.set(`${guildId}/${userId}`, (sums.get(`${guildId}/${userId}`) ?? 0) + ms);
  const byGuild: Record<string, MemberActivityTotal[]> = {};
  for (const guildId of GUILDS) {
    byGuild[guildId] = [...sums]
      .filter(([key]) => key.startsWith(`${guildId}/`))
      .map(([key, ms]) => ({ userId: key.slice(guildId.length + 1), ms, messages: 0 }))
      .sort((a, b) => a.userId.localeCompare(b.userId));
  }
  return byGuild;
}

/** Runs the `guildkit-sqlite` command from source, as a child process: its exit code and output. */
export async function runCommand(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--conditions=@guildkit/source', cli, ...args],
      {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}
