import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';

const holdLock = fileURLToPath(new URL('./fixtures/hold-lock.ts', import.meta.url));

/** Another process that takes the write lock and holds it for `holdMs`, as a backup or a second bot would. */
export async function lockHolder(filename: string, holdMs: number): Promise<{ released: Promise<void> }> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=@guildkit/source', holdLock, filename, `${holdMs}`],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  onTestFinished(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let said = '';
  const heard = (word: string) =>
    new Promise<void>((resolve, reject) => {
      const listen = (chunk: Buffer) => {
        said += chunk;
        if (said.includes(word)) resolve(child.stdout?.off('data', listen) && undefined);
      };
      child.stdout?.on('data', listen);
      child.once('exit', (code) => reject(new Error(`the lock holder exited (${code}) before saying ${word}`)));
    });
  const released = heard('released');
  await heard('locked');
  return { released };
}

/** The longest the event loop went without running a 5 ms timer, from now until `stop()`. */
export function loopWatch(): { stop(): number } {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(longest, performance.now() - last);
    },
  };
}

/** How many turns the event loop takes while `work` runs: none when it runs on the main thread. */
export async function turnsDuring(work: Promise<unknown>): Promise<number> {
  let turns = 0;
  let done = false;
  const tick = () => {
    if (done) return;
    turns += 1;
    setImmediate(tick);
  };
  setImmediate(tick);
  await work;
  done = true;
  return turns;
}
