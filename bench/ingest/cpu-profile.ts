// Where the bot spends a drain: its V8 CPU profile (`--cpu-prof`, written when it exits), cut to
// the drain's window, summed by function (self time) and by where the code lives.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatTable } from '../table.ts';

/** The parts of a `.cpuprofile` this reads. */
interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  }[];
  /** Microseconds, on the monotonic clock. */
  readonly startTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Where code lives, by its URL: a package of the repository, a dependency, Node.js itself, or V8. */
export function areaOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node: (Node.js internals)';
  const dependency = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (dependency !== undefined) return dependency;
  const workspace = /\/(packages\/[^/]+|examples\/[^/]+|bench)\//.exec(url)?.[1];
  return workspace ?? url;
}

/** `file:line` of a URL, shortened to the repository or the package. */
function place(url: string, line: number): string {
  const short = url
    .replace(/^.*node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?/, '')
    .replace(/^.*\/(packages|examples)\//, '$1/');
  return short === '' ? '' : `${short}:${line + 1}`;
}

/**
 * Sums the samples of the one profile in `folder` that fall inside `window`.
 *
 * @param folder - where `--cpu-prof-dir` wrote the profile
 * @param window - the drain's start and end, microseconds on the monotonic clock
 * @param top - how many functions to list
 * @returns Markdown lines: time by area, then the functions with the most self time
 */
export function summariseProfile(folder: string, window: readonly [number, number], top = 25): string[] {
  const file = readdirSync(folder).find((name) => name.endsWith('.cpuprofile'));
  if (file === undefined) return ['(no profile was written)'];
  const profile = JSON.parse(readFileSync(join(folder, file), 'utf8')) as CpuProfile;
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  let at = profile.startTime;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i += 1) {
    at += profile.timeDeltas[i] ?? 0;
    // A sample stands for the time until the next one.
    const micros = profile.timeDeltas[i + 1] ?? 0;
    if (at < window[0] || at > window[1]) continue;
    const frame = frames.get(profile.samples[i] as number);
    if (frame === undefined) continue;
    const name = `${frame.functionName || '(anonymous)'} ${place(frame.url, frame.lineNumber)}`.trim();
    const area = areaOf(frame.url, frame.functionName);
    byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
    byArea.set(area, (byArea.get(area) ?? 0) + micros);
    total += micros;
  }
  if (total === 0) return ['(no samples in the drain window)'];
  const rows = (map: Map<string, number>, limit: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([name, micros]) => [name, `${(micros / 1000).toFixed(0)} ms`, `${((100 * micros) / total).toFixed(1)} %`]);
  return [
    `${(total / 1000).toFixed(0)} ms of samples in the drain (${((window[1] - window[0]) / 1000).toFixed(0)} ms of wall time).`,
    '',
    ...formatTable(['where (self time)', 'time', 'share'], rows(byArea, 15)),
    '',
    ...formatTable(['function (self time)', 'time', 'share'], rows(byFunction, top)),
  ];
}
