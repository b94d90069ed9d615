// A process under test: the reference bot or the bare client, started as a child, frozen and
// thawed by signal, its memory read from /proc.
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Resident memory of a process, in KiB, from /proc/<pid>/status. */
export interface Memory {
  /** VmRSS: resident now. */
  readonly rssKiB: number;
  /** VmHWM: the most it has been resident. */
  readonly peakKiB: number;
}

/** How to start a process under test. */
export interface ProcessSpec {
  /** A short name for messages. */
  readonly name: string;
  /** Node.js's arguments: flags, then the script. */
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** A line of its output that says it is ready (connected, commands registered). */
  readonly ready: RegExp;
}

const READY_TIMEOUT_MS = 60_000;
const OUTPUT_KEPT = 16_384;

/** Processes under test still running: killed if this process exits first (an error, Ctrl-C). */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** A running process under test. */
export class ClientProcess {
  readonly #child: ChildProcess;
  #output = '';
  readonly exited: Promise<number | null>;

  private constructor(spec: ProcessSpec) {
    // The same Node.js as this process: the repository's pinned one under `pnpm bench`.
    this.#child = spawn(process.execPath, spec.args, {
      env: { PATH: process.env.PATH ?? '', ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Read everything it writes (a full pipe would block it), keep the end for error messages.
    const keep = (chunk: Buffer) => {
      this.#output = (this.#output + chunk.toString()).slice(-OUTPUT_KEPT);
    };
    this.#child.stdout?.on('data', keep);
    this.#child.stderr?.on('data', keep);
    running.add(this.#child);
    this.exited = new Promise((resolve) =>
      this.#child.once('exit', (code) => {
        running.delete(this.#child);
        resolve(code);
      }),
    );
  }

  /**
   * Starts a process and resolves once it prints its ready line.
   *
   * @throws Error if it exits or is not ready within 60 s; the message holds the end of its output
   */
  static async start(spec: ProcessSpec): Promise<ClientProcess> {
    const started = new ClientProcess(spec);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`not ready within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
      const check = () => {
        if (!spec.ready.test(started.#output)) return;
        done();
        resolve();
      };
      const fail = (error: Error) => {
        done();
        started.#child.kill('SIGKILL');
        reject(new Error(`${spec.name}: ${error.message}; its output ended with:\n${started.#output.slice(-2_000)}`));
      };
      const exited = (code: number | null) => fail(new Error(`exited with ${code} before it was ready`));
      const done = () => {
        clearTimeout(timer);
        started.#child.stdout?.off('data', check);
        started.#child.off('exit', exited);
      };
      started.#child.stdout?.on('data', check);
      started.#child.once('exit', exited);
    });
    return started;
  }

  /** The process id. */
  get pid(): number {
    return this.#child.pid as number;
  }

  /** The end of what it printed. */
  get output(): string {
    return this.#output;
  }

  /** Its resident memory now, and the most it has had. */
  memory(): Memory {
    return memoryOf(this.pid);
  }

  /** The CPU time it has used, every thread, in milliseconds (utime + stime of /proc/<pid>/stat, 10 ms steps). */
  cpuMs(): number {
    return processCpuMs(this.pid);
  }

  /**
   * The CPU time each kind of thread has used, in milliseconds, by the thread's name (`node` is
   * the main thread and worker threads' own, `V8 DefaultWorke` V8's helpers such as the parallel
   * garbage collector, `libuv-worker` the thread pool): where a drain's CPU went besides the
   * event loop. Threads that ended are not counted.
   */
  threadCpuMs(): Map<string, number> {
    return threadCpuMsOf(this.pid);
  }

  /** Stops it running (SIGSTOP): its sockets stay open and the kernel keeps taking what is sent to it. */
  freeze(): void {
    this.#child.kill('SIGSTOP');
  }

  /** Lets it run again (SIGCONT). */
  thaw(): void {
    this.#child.kill('SIGCONT');
  }

  /** Asks it to stop (SIGTERM) and waits; SIGKILL after `timeoutMs`. */
  async stop(timeoutMs = 15_000): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    this.#child.kill('SIGCONT');
    this.#child.kill('SIGTERM');
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Resident memory of any process (`VmRSS` and `VmHWM` of /proc/<pid>/status), such as one a process under test started. */
export function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rssKiB: field('VmRSS'), peakKiB: field('VmHWM') };
}

/** The CPU time any process has used, every thread, in milliseconds (utime + stime of /proc/<pid>/stat, 10 ms steps). */
export function processCpuMs(pid: number): number {
  return cpuMsOf(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

/** {@link ClientProcess.threadCpuMs} of any process, such as one a process under test started. */
export function threadCpuMsOf(pid: number): Map<string, number> {
  const byName = new Map<string, number>();
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return byName;
  }
  for (const task of tasks) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8');
      // Threads of the main isolate are named as the process; the first task is the main thread.
      const kind = task === String(pid) ? 'main thread' : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      byName.set(kind, (byName.get(kind) ?? 0) + cpuMsOf(stat));
    } catch {
      // The thread ended while it was read.
    }
  }
  return byName;
}

/** Waits until the kernel shows a process stopped (state `T`) after SIGSTOP, so that it takes nothing in before its thaw. */
export async function untilStopped(pid: number): Promise<void> {
  for (let tries = 0; tries < 1_000; tries += 1) {
    const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
    if (state === 'T') return;
    await sleep(1);
  }
  throw new Error(`process ${pid} did not stop`);
}

/** utime + stime of a `/proc/.../stat` line, in milliseconds (clock ticks of 10 ms). */
function cpuMsOf(stat: string): number {
  // After the name (which may hold spaces and parentheses): state is field 3, utime 14 and stime 15 (1-based).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
