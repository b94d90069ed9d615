// The processes of a bot under test: the one process, or the shard manager and the shard
// processes it started (found by the manager's `shard process started` log lines), frozen and
// thawed together, their memory and CPU summed from /proc.
import { ClientProcess, memoryOf, type ProcessSpec, threadCpuMsOf, untilStopped } from '../ingest/client-process.ts';
import type { Layout } from './layouts.ts';

/** Resident memory of a bot's processes, in KiB: together, and each (`bot`, `manager`, `shard 0`, …). */
export interface BotMemory {
  readonly totalKiB: number;
  readonly byProcess: ReadonlyMap<string, number>;
}

/**
 * CPU time of a bot's processes in milliseconds, by process (`bot`, `manager`, `shard 0`, …) then
 * by kind of thread (`main thread`, `V8Worker` for V8's helpers such as the parallel
 * garbage collector, …); 10 ms steps.
 */
export type BotCpu = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** The CPU time spent between two readings of {@link BotProcesses.cpu}. */
export function cpuBetween(before: BotCpu, after: BotCpu): BotCpu {
  return new Map(
    [...after].map(([name, threads]) => [
      name,
      new Map([...threads].map(([kind, ms]) => [kind, ms - (before.get(name)?.get(kind) ?? 0)])),
    ]),
  );
}

/** The CPU time of every thread of some processes, together. */
export function cpuTotal(cpu: BotCpu): number {
  let sum = 0;
  for (const threads of cpu.values()) for (const ms of threads.values()) sum += ms;
  return sum;
}

/** How long a sharded bot has to stop: the manager gives each shard process 30 s. */
const STOP_MS = 40_000;

/** Shard processes not yet stopped: killed if this process exits first (the manager is killed by ClientProcess). */
const shardsRunning = new Set<number>();
process.on('exit', () => {
  for (const pid of shardsRunning) killQuietly(pid);
});

/** SIGKILL to a process that may have exited already. */
function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Gone already.
  }
}

/** A running bot: one process, or a shard manager and its shard processes. */
export class BotProcesses {
  readonly layout: Layout;
  /** The process the benchmark started: the bot, or the shard manager. */
  readonly main: ClientProcess;
  /** The shard processes by shard id (none for one process). */
  readonly shardPids: ReadonlyMap<number, number>;
  #stopped: Promise<number | null> | undefined;

  private constructor(layout: Layout, main: ClientProcess, shardPids: ReadonlyMap<number, number>) {
    this.layout = layout;
    this.main = main;
    this.shardPids = shardPids;
  }

  /**
   * Starts the bot in a layout and resolves once every process of it is ready.
   *
   * @param layout - one process or SHARDS=2
   * @param spec - from `layoutSpec`
   */
  static async start(layout: Layout, spec: ProcessSpec): Promise<BotProcesses> {
    const main = await ClientProcess.start(spec);
    const shardPids = new Map<number, number>();
    for (const line of main.output.split('\n')) {
      if (!line.includes('"msg":"shard process started"')) continue;
      const { shard, pid } = JSON.parse(line) as { shard: number; pid: number };
      shardPids.set(shard, pid);
    }
    if (layout === 'sharded' && shardPids.size === 0) {
      await main.stop();
      throw new Error(`${spec.name}: no 'shard process started' line in its output:\n${main.output.slice(-2_000)}`);
    }
    for (const pid of shardPids.values()) shardsRunning.add(pid);
    return new BotProcesses(layout, main, shardPids);
  }

  /** Every process of the bot, by name: `bot`, or `manager`, `shard 0`, `shard 1`. */
  #processes(): [string, number][] {
    if (this.layout === 'single') return [['bot', this.main.pid]];
    return [
      ['manager', this.main.pid],
      ...[...this.shardPids].map(([shard, pid]): [string, number] => [`shard ${shard}`, pid]),
    ];
  }

  /** The processes that hold gateway sockets: the bot, or the shard processes. */
  #gatewayPids(): number[] {
    return this.layout === 'single' ? [this.main.pid] : [...this.shardPids.values()];
  }

  /** Resident memory now, every process. */
  memory(): BotMemory {
    const byProcess = new Map(this.#processes().map(([name, pid]) => [name, memoryOf(pid).rssKiB]));
    return { totalKiB: [...byProcess.values()].reduce((sum, kib) => sum + kib, 0), byProcess };
  }

  /** CPU time used so far by each process, by kind of thread (see `ClientProcess.threadCpuMs`). */
  cpu(): BotCpu {
    return new Map(this.#processes().map(([name, pid]) => [name, threadCpuMsOf(pid)]));
  }

  /**
   * Stops the processes that take gateway events (SIGSTOP) and waits until the kernel shows them
   * stopped. A shard manager runs on: it holds no gateway socket, and the answers go through its REST proxy.
   */
  async freeze(): Promise<void> {
    for (const pid of this.#gatewayPids()) process.kill(pid, 'SIGSTOP');
    for (const pid of this.#gatewayPids()) await untilStopped(pid);
  }

  /** Lets them run again (SIGCONT), all at once. */
  thaw(): void {
    for (const pid of this.#gatewayPids()) process.kill(pid, 'SIGCONT');
  }

  /**
   * SIGTERM to the bot or the manager (which stops its shard processes, each writing what it
   * holds), and waits; what is still running after 40 s is killed.
   *
   * @returns the exit code of the bot or the manager (`null` if killed)
   */
  stop(): Promise<number | null> {
    this.#stopped ??= (async () => {
      await this.main.stop(STOP_MS);
      const code = await this.main.exited;
      // A manager that did not exit cleanly may have left shard processes behind.
      if (code !== 0) for (const pid of this.shardPids.values()) killQuietly(pid);
      for (const pid of this.shardPids.values()) shardsRunning.delete(pid);
      return code;
    })();
    return this.#stopped;
  }
}
