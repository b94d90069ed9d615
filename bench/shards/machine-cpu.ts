// The whole machine's CPU time, from /proc/stat: on a shared 2-core machine, how much of it the bot
// could have had is what decides whether two shard processes drain faster than one.
import { readFileSync } from 'node:fs';
import { processCpuMs } from '../ingest/client-process.ts';

/** CPU time of every core together since boot, in milliseconds (clock ticks of 10 ms). */
export interface MachineCpu {
  /** Time the cores ran anything: user, nice, system, irq, softirq. */
  readonly busyMs: number;
  /** Time the hypervisor ran other guests while this machine's cores wanted to run (a VM's `steal`). */
  readonly stealMs: number;
}

/** The machine's CPU time so far, every core. */
export function machineCpu(): MachineCpu {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  // cpu  user nice system idle iowait irq softirq steal …
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return { busyMs: (user + nice + system + irq + softirq) * 10, stealMs: steal * 10 };
}

/** The CPU time some processes used so far, every thread, in milliseconds, by pid; those that ended count 0. */
export function cpuOfProcesses(pids: readonly number[]): Map<number, number> {
  return new Map(
    pids.map((pid) => {
      try {
        return [pid, processCpuMs(pid)];
      } catch {
        return [pid, 0];
      }
    }),
  );
}

/** The CPU time spent between two readings of {@link cpuOfProcesses}; a process new in `after` counts from 0. */
export function cpuSpentBy(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number {
  let sum = 0;
  for (const [pid, ms] of after) sum += ms - (before.get(pid) ?? 0);
  return sum;
}
