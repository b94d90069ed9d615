import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { onTestFinished } from 'vitest';

const script = new URL('../../../.ci/postgres.sh', import.meta.url).pathname;
const run = promisify(execFile);

/** A PostgreSQL server of the test's own, that it may stop and start again. */
export interface ThrowawayPostgres {
  readonly url: string;
  /** Stops the server (`pg_ctl stop -m fast`: connections are dropped, new ones refused). */
  stop(): Promise<void>;
  /** Starts the stopped server again, on the same port. */
  resume(): Promise<void>;
}

/**
 * Starts a throwaway cluster with .ci/postgres.sh, removed when the test ends. The script runs
 * asynchronously so that servers in this process (the fake Discord) keep answering meanwhile.
 */
export async function throwawayPostgres(): Promise<ThrowawayPostgres> {
  const folder = await mkdtemp(join(tmpdir(), 'guildkit-pg-outage-'));
  const cluster = join(folder, 'cluster');
  const postgres = (command: string) => run('bash', [script, command, cluster], { encoding: 'utf8' });
  onTestFinished(async () => {
    await postgres('stop').catch(() => {});
    await rm(folder, { recursive: true, force: true });
  });
  const url = (await postgres('start')).stdout.trim();
  return {
    url,
    stop: async () => void (await postgres('stop')),
    resume: async () => void (await postgres('resume')),
  };
}
