import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));

/** How the tests start the bot: from its TypeScript sources and the packages' sources, so nothing needs building. */
const fromSources = ['--conditions=@guildkit/source', main] as const;

/** How `pnpm start` starts the bot: scripts/start.mjs, which runs the built JavaScript (building what is stale first). */
export const asPnpmStart = [fileURLToPath(new URL('../scripts/start.mjs', import.meta.url))] as const;

export interface Run {
  readonly child: ChildProcess;
  readonly output: () => { stdout: string; stderr: string };
  readonly exited: Promise<number | null>;
}

export function runBot(env: Record<string, string>, args: readonly string[] = fromSources): Run {
  const child = spawn(process.execPath, args, {
    // Each test's database is new: the bot creates it (operators set this on a first start only).
    env: { PATH: process.env.PATH ?? '', DATABASE_CREATE: 'on', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  onTestFinished(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  return { child, output: () => ({ stdout, stderr }), exited };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
