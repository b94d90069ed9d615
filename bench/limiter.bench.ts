// RateLimiter beside @sapphire/ratelimits and bottleneck: decisions per second, and bytes per idle
// key. Run: pnpm bench (all), or node --expose-gc --conditions=@guildkit/source limiter.bench.ts
import { RateLimiter } from '@guildkit/core';
import { RateLimitManager } from '@sapphire/ratelimits';
import Bottleneck from 'bottleneck';
import { median, printTable } from './table.ts';

const CAPACITY = 8;
const REFILL_MS = 5_000; // eight messages in five seconds, the bot's anti-spam default
const ACTIVE_KEYS = 10_000;
const DECISIONS = 3_000_000;
const ROUNDS = 7;
const IDLE_KEYS = 1_000_000;
const BOTTLENECK_KEYS = 20_000; // 1,000,000 bottleneck limiters would take gigabytes

const keysOf = (count: number, prefix: string) =>
  Array.from({ length: count }, (_, i) => `${prefix}:${1_200_000_000_000_000_000n + BigInt(i)}`);

/** A decision: true when allowed. Each library's own way of asking and spending one token. */
type Decide = (key: string) => boolean;

// @sapphire/ratelimits sweeps with an interval that keeps the process alive while it holds keys.
const managers: RateLimitManager[] = [];

/** Each contender, made with a refill time (the memory figures use an hour, so that no key is dropped as refilled). */
const contenders: Record<string, (refillMs: number) => Decide> = {
  guildkit: (refillMs) => {
    const limiter = new RateLimiter({ capacity: CAPACITY, refillMs });
    return (key) => limiter.tryTake(key).allowed;
  },
  '@sapphire/ratelimits': (refillMs) => {
    const manager = new RateLimitManager(refillMs, CAPACITY);
    managers.push(manager);
    return (key) => {
      const limit = manager.acquire(key);
      if (limit.limited) return false;
      limit.consume();
      return true;
    };
  },
};

/** Decisions per second over keys used in turn, most of them refused once their tokens are spent. */
function decisionsPerSecond(decide: Decide, keys: readonly string[]): number {
  for (let i = 0; i < 200_000; i += 1) decide(keys[i % keys.length] as string); // warm
  const started = performance.now();
  for (let i = 0; i < DECISIONS; i += 1) decide(keys[i % keys.length] as string);
  return DECISIONS / ((performance.now() - started) / 1000);
}

/** bottleneck decides asynchronously: a group holds one limiter (with its own queue) per key. */
async function bottleneckPerSecond(keys: readonly string[]): Promise<number> {
  const group = new Bottleneck.Group({
    reservoir: CAPACITY,
    reservoirRefreshAmount: CAPACITY,
    reservoirRefreshInterval: REFILL_MS,
  });
  const decisions = 20_000;
  const started = performance.now();
  for (let i = 0; i < decisions; i += 100) {
    await Promise.all(keys.slice(i % keys.length, (i % keys.length) + 100).map((key) => group.key(key).check()));
  }
  const elapsed = performance.now() - started;
  stop(group);
  return decisions / (elapsed / 1000);
}

const gc = (globalThis as { gc?: () => void }).gc;
function heapBytes(): number {
  gc?.();
  gc?.();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

/** Bytes each key costs once used and idle; the key strings exist before and are not counted. */
function bytesPerIdleKey(make: (refillMs: number) => Decide): number {
  const keys = keysOf(IDLE_KEYS, 'idle');
  const before = heapBytes();
  const decide = make(3_600_000);
  for (const key of keys) decide(key);
  const after = heapBytes();
  // Every key is still held: the token each spent is not back for an hour.
  const sample = keys.slice(0, 100);
  for (const key of sample) for (let i = 1; i < CAPACITY; i += 1) decide(key);
  if (sample.some((key) => decide(key))) throw new Error('a key was dropped before it refilled');
  return (after - before) / keys.length;
}

/** Stops a group's limiters, whose timers would otherwise keep the process alive. */
function stop(group: Bottleneck.Group): void {
  for (const { limiter } of group.limiters()) void limiter.disconnect(false);
}

/** bottleneck's bytes per key: a limiter per key in the group, with its own queue and timers. */
function bottleneckBytesPerKey(): number {
  const keys = keysOf(BOTTLENECK_KEYS, 'idle');
  const before = heapBytes();
  const group = new Bottleneck.Group({
    reservoir: CAPACITY,
    reservoirRefreshAmount: CAPACITY,
    reservoirRefreshInterval: REFILL_MS,
  });
  for (const key of keys) group.key(key);
  const after = heapBytes();
  if (group.keys().length !== keys.length) throw new Error('bottleneck dropped keys');
  stop(group);
  return (after - before) / keys.length;
}

if (gc === undefined) console.log('run with --expose-gc for the memory figures');
const active = keysOf(ACTIVE_KEYS, 'member');
const rates: Record<string, number[]> = Object.fromEntries(Object.keys(contenders).map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round += 1) {
  for (const [name, make] of Object.entries(contenders)) rates[name]?.push(decisionsPerSecond(make(REFILL_MS), active));
}
const bottleneckRate = await bottleneckPerSecond(active);

const ours = median(rates.guildkit ?? []);
const rows = Object.entries(contenders).map(([name, make]) => {
  const rate = median(rates[name] ?? []);
  const bytes = gc === undefined ? Number.NaN : bytesPerIdleKey(make);
  return [
    name,
    `${(rate / 1e6).toFixed(2)}M/s`,
    name === 'guildkit' ? '1.00' : (ours / rate).toFixed(2),
    Number.isNaN(bytes) ? '—' : `${Math.round(bytes)} B`,
  ];
});
const bottleneckBytes = gc === undefined ? Number.NaN : bottleneckBytesPerKey();
rows.push([
  'bottleneck (Group, check)',
  `${(bottleneckRate / 1e3).toFixed(1)}k/s`,
  (ours / bottleneckRate).toFixed(0),
  Number.isNaN(bottleneckBytes) ? '—' : `${Math.round(bottleneckBytes)} B`,
]);

console.log(
  `\n${CAPACITY} tokens per ${REFILL_MS / 1000} s a key; ${ACTIVE_KEYS.toLocaleString('en')} keys used in turn; median of ${ROUNDS} rounds of ${DECISIONS.toLocaleString('en')} decisions (bottleneck: 20,000, 100 at a time)\n`,
);
printTable(
  ['limiter', 'decisions', 'guildkit / this', `bytes per idle key (${IDLE_KEYS.toLocaleString('en')} keys)`],
  rows,
);
for (const manager of managers) {
  manager.clear();
  manager.sweep(); // an empty manager stops its interval
}

/** Memory with maxKeys = 1,000,000: after a million keys, and after three million. */
function boundedAtMaxKeys(): [number, number, number] {
  const before = heapBytes();
  const limiter = new RateLimiter({ capacity: CAPACITY, refillMs: 3_600_000, maxKeys: IDLE_KEYS });
  for (let i = 0; i < IDLE_KEYS; i += 1) limiter.tryTake(`first:${i}`);
  const atMillion = heapBytes() - before;
  for (let i = 0; i < 2 * IDLE_KEYS; i += 1) limiter.tryTake(`then:${i}`);
  return [atMillion, heapBytes() - before, limiter.size];
}
if (gc !== undefined) {
  const [atMillion, atThree, size] = boundedAtMaxKeys();
  console.log(
    `\nmaxKeys 1,000,000: ${(atMillion / 2 ** 20).toFixed(0)} MiB after 1,000,000 keys, ${(atThree / 2 ** 20).toFixed(0)} MiB after 3,000,000 (${size.toLocaleString('en')} held; key strings included)`,
  );
}
