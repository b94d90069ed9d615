// One whole process that writes ROWS aggregate rows to a new store, batched or one per call,
// for timing from outside (for example with /usr/bin/time -v or hyperfine):
//   node --conditions=@guildkit/source bench/write-once.ts sqlite batched 10000
//   node --conditions=@guildkit/source bench/write-once.ts sqlite per-row 10000
import { closeAll, openStores } from './stores.ts';

const [kind = 'sqlite', mode = 'batched', rowsText = '10000'] = process.argv.slice(2);
if (mode !== 'batched' && mode !== 'per-row') throw new TypeError(`mode must be batched or per-row; received ${mode}`);
const rows = Number(rowsText);
const stores = await openStores([kind]);
const [opened] = stores;
if (opened === undefined) throw new Error(`store ${kind} is not available here`);
const batch = Array.from({ length: rows }, (_, i) => ({
  guildId: '1100000000000000001',
  userId: String(1_200_000_000_000_000_000n + BigInt(i)),
  day: '2026-11-25',
  ms: 60_000,
}));
if (mode === 'batched') await opened.store.addActivity(batch);
else for (const increment of batch) await opened.store.addActivity([increment]);
const [total] = await opened.store.readActivityTotals({
  guildId: '1100000000000000001',
  startDay: '2026-11-25',
  endDay: '2026-11-26',
  userIds: [batch[0]?.userId ?? ''],
});
await closeAll(stores);
if (total?.ms !== 60_000) throw new Error('the write did not land');
