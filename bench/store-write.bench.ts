// How much a batched aggregate write saves over one write per row, on the same database.
// The batched side is what ActivityTracker does on each flush: one addActivity call, one
// transaction. The other side is the seed bot's way: one call (one transaction) per row.
import type { ActivityIncrement } from '@guildkit/core';
import { measure } from 'mitata';
import { closeAll, openStores } from './stores.ts';
import { printTable } from './table.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000);
const guildId = '1100000000000000001';

function increments(day: string): ActivityIncrement[] {
  return Array.from({ length: ROWS }, (_, i) => ({
    guildId,
    userId: String(1_200_000_000_000_000_000n + BigInt(i)),
    day,
    ms: 60_000 + i,
  }));
}

const stores = await openStores();
const rows: string[][] = [];
for (const { name, store } of stores) {
  const batch = increments('2026-11-25');
  const batched = await measure(async () => store.addActivity(batch), { min_samples: 10, max_samples: 200 });
  const perRow = await measure(
    async () => {
      for (const increment of batch) await store.addActivity([increment]);
    },
    { min_samples: 5, max_samples: 50 },
  );
  rows.push([
    name,
    ms(batched.p50),
    ms(perRow.p50),
    `${(perRow.p50 / batched.p50).toFixed(1)}x`,
    `${Math.round((ROWS / batched.p50) * 1e9).toLocaleString('en')} rows/s`,
  ]);
}
await closeAll(stores);

console.log(
  `\nAggregate write of ${ROWS.toLocaleString('en')} rows (median of each side; ratio = one-per-row / batched)\n`,
);
printTable(['store', 'batched', 'one write per row', 'ratio', 'batched throughput'], rows);

function ms(nanoseconds: number): string {
  return `${(nanoseconds / 1e6).toFixed(2)} ms`;
}
