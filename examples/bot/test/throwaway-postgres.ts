import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { onTestFinished } from 'vitest';

const script = new URL('../../../.ci/postgres.sh', import.meta.url).pathname;
const run = promisify(execFile);

/** A PostgreSQL server of the test's own, that it may stop, start again, freeze and thaw. */
export interface ThrowawayPostgres {
  readonly url: string;
  /** Stops the server (`pg_ctl stop -m fast`: connections are dropped, new ones refused). */
  stop(): Promise<void>;
  /** Starts the stopped server again, on the same port. */
  resume(): Promise<void>;
  /**
   * Freezes the running server and its backends (SIGSTOP): connections stay open and the kernel
   * still takes new ones, but nothing answers, as with a hung host or a network dropping packets.
   */
  freeze(): Promise<void>;
  /** Lets a frozen server go on (SIGCONT). */
  thaw(): Promise<void>;
}

/**
 * Starts a throwaway cluster with .ci/postgres.sh, removed when the test ends. The script runs
 * asynchronously so that servers in this process (the fake Discord) keep answering meanwhile.
 */
export async function throwawayPostgres(): Promise<ThrowawayPostgres> {
  const folder = await mkdtemp(join(tmpdir(), 'guildkit-pg-outage-'));
  const cluster = join(folder, 'cluster');
  const postgres = (command: string) => run('bash', [script, command, cluster], { encoding: 'utf8' });
  // The postmaster (the first line of postmaster.pid) and the processes it started.
  const processes = async () => {
    const postmaster = Number((await readFile(join(cluster, 'data', 'postmaster.pid'), 'utf8')).split('\n')[0]);
    const { stdout } = await run('ps', ['-o', 'pid=', '--ppid', String(postmaster)], { encoding: 'utf8' });
    return [
      postmaster,
      ...stdout
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map(Number),
    ];
  };
  const signal = async (name: 'SIGSTOP' | 'SIGCONT') => {
    for (const pid of await processes()) process.kill(pid, name);
  };
  onTestFinished(async () => {
    await signal('SIGCONT').catch(() => {});
    await postgres('stop').catch(() => {});
    await rm(folder, { recursive: true, force: true });
  });
  const url = (await postgres('start')).stdout.trim();
  return {
    url,
    stop: async () => void (await postgres('stop')),
    resume: async () => void (await postgres('resume')),
    freeze: () => signal('SIGSTOP'),
    thaw: () => signal('SIGCONT'),
  };
}
