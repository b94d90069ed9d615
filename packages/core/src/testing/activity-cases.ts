import type { ActivityIncrement } from '@guildkit/core';
import { ValidationError } from '@guildkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { snowflake } from './fixtures.ts';
import { openForTest, type StoreHarness } from './harness.ts';

const guildId = snowflake('guild', 1);
const alice = snowflake('user', 1);
const bob = snowflake('user', 2);
const carol = snowflake('user', 3);

/** @internal */
export function activityCases(harness: StoreHarness): void {
  describe('activity aggregates', () => {
    it('reads nothing from an empty store', async () => {
      const { store } = await openForTest(harness);
      expect(
        await store.readActivityTotals({
          guildId,
          startDay: '2026-01-01',
          endDay: '2027-01-01',
        }),
      ).toEqual([]);
    });

    it('adds increments of the same key within one batch and across batches', async () => {
      const { store } = await openForTest(harness);
      await store.addActivity([
        { guildId, userId: alice, day: '2026-11-25', ms: 1_000 },
        { guildId, userId: alice, day: '2026-11-25', ms: 2_500 },
        { guildId, userId: bob, day: '2026-11-25', ms: 700 },
      ]);
      await store.addActivity([{ guildId, userId: alice, day: '2026-11-25', ms: 500 }]);
      expect(
        await store.readActivityTotals({
          guildId,
          startDay: '2026-11-25',
          endDay: '2026-11-26',
        }),
      ).toEqual([
        { userId: alice, ms: 4_000, messages: 0 },
        { userId: bob, ms: 700, messages: 0 },
      ]);
    });

    it('sums a range that crosses days, months and years, start inclusive and end exclusive', async () => {
      const { store } = await openForTest(harness);
      const days = ['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02'];
      await store.addActivity(days.map((day, i) => ({ guildId, userId: alice, day, ms: 10 ** i })));
      const read = (startDay: string, endDay: string) => store.readActivityTotals({ guildId, startDay, endDay });
      expect(await read('2026-12-31', '2027-01-02')).toEqual([{ userId: alice, ms: 110, messages: 0 }]);
      expect(await read('2026-12-30', '2027-01-03')).toEqual([{ userId: alice, ms: 1_111, messages: 0 }]);
      expect(await read('2027-01-02', '2027-01-02')).toEqual([]);
      expect(await read('2027-01-03', '2027-02-01')).toEqual([]);
    });

    it('keeps guilds apart', async () => {
      const { store } = await openForTest(harness);
      const otherGuild = snowflake('guild', 2);
      await store.addActivity([
        { guildId, userId: alice, day: '2026-11-25', ms: 1_000 },
        { guildId: otherGuild, userId: alice, day: '2026-11-25', ms: 9_000 },
      ]);
      expect(
        await store.readActivityTotals({
          guildId,
          startDay: '2026-11-25',
          endDay: '2026-11-26',
        }),
      ).toEqual([{ userId: alice, ms: 1_000, messages: 0 }]);
    });

    it('limits a read to a set of members; an empty set reads nobody', async () => {
      const { store } = await openForTest(harness);
      await store.addActivity([
        { guildId, userId: alice, day: '2026-11-25', ms: 3 },
        { guildId, userId: bob, day: '2026-11-25', ms: 2 },
        { guildId, userId: carol, day: '2026-11-25', ms: 1 },
      ]);
      const range = { guildId, startDay: '2026-11-01', endDay: '2026-12-01' };
      expect(
        await store.readActivityTotals({
          ...range,
          userIds: [carol, alice, alice, snowflake('user', 99)],
        }),
      ).toEqual([
        { userId: alice, ms: 3, messages: 0 },
        { userId: carol, ms: 1, messages: 0 },
      ]);
      expect(await store.readActivityTotals({ ...range, userIds: [] })).toEqual([]);
    });

    it('reads a set of thousands of members in one call', async () => {
      const { store } = await openForTest(harness);
      const userIds = Array.from({ length: 5_000 }, (_, i) => snowflake('user', i));
      await store.addActivity(
        userIds.map((userId, i) => ({
          guildId,
          userId,
          day: '2026-11-25',
          ms: i + 1,
        })),
      );
      const totals = await store.readActivityTotals({
        guildId,
        startDay: '2026-11-25',
        endDay: '2026-11-26',
        userIds,
      });
      expect(totals).toHaveLength(5_000);
      expect(totals[0]).toEqual({ userId: userIds[4_999], ms: 5_000, messages: 0 });
      expect(totals.reduce((sum, total) => sum + total.ms, 0)).toBe((5_000 * 5_001) / 2);
    });

    it('orders by time, most first, and ties by member id', async () => {
      const { store } = await openForTest(harness);
      await store.addActivity([
        { guildId, userId: carol, day: '2026-11-25', ms: 5 },
        { guildId, userId: bob, day: '2026-11-25', ms: 9 },
        { guildId, userId: alice, day: '2026-11-25', ms: 5 },
      ]);
      const totals = await store.readActivityTotals({
        guildId,
        startDay: '2026-11-25',
        endDay: '2026-11-26',
      });
      expect(totals.map((total) => total.userId)).toEqual([bob, alice, carol]);
    });

    it('treats an empty batch and zero durations as nothing to write', async () => {
      const { store } = await openForTest(harness);
      await store.addActivity([]);
      await store.addActivity([{ guildId, userId: alice, day: '2026-11-25', ms: 0 }]);
      expect(
        await store.readActivityTotals({
          guildId,
          startDay: '2026-11-25',
          endDay: '2026-11-26',
        }),
      ).toEqual([]);
    });

    it('rejects a batch with one malformed increment and writes none of it', async () => {
      const { store } = await openForTest(harness);
      const good = { guildId, userId: alice, day: '2026-11-25', ms: 1_000 };
      const bad: ActivityIncrement[] = [
        { ...good, guildId: 'my-guild' },
        { ...good, userId: '' },
        { ...good, day: '2026-02-30' },
        { ...good, day: '25.11.2026' },
        { ...good, ms: -1 },
        { ...good, ms: 1.5 },
        { ...good, ms: Number.NaN },
      ];
      for (const increment of bad) {
        await expect(store.addActivity([good, increment])).rejects.toBeInstanceOf(ValidationError);
      }
      await expect(store.addActivity([good, { ...good, guildId: 'x' }])).rejects.toThrow(/increments\[1\]\.guildId/);
      expect(
        await store.readActivityTotals({
          guildId,
          startDay: '2026-11-25',
          endDay: '2026-11-26',
        }),
      ).toEqual([]);
    });

    it('rejects malformed queries', async () => {
      const { store } = await openForTest(harness);
      const range = { guildId, startDay: '2026-11-25', endDay: '2026-11-26' };
      await expect(store.readActivityTotals({ ...range, guildId: "1' OR '1'='1" })).rejects.toBeInstanceOf(
        ValidationError,
      );
      await expect(store.readActivityTotals({ ...range, endDay: '2026-11-24' })).rejects.toThrow(/endDay/);
      await expect(store.readActivityTotals({ ...range, userIds: ['abc'] })).rejects.toThrow(/userIds\[0\]/);
    });

    it('writes a batch larger than one statement holds', async () => {
      const { store } = await openForTest(harness);
      const batch = Array.from({ length: 12_000 }, (_, i) => ({
        guildId,
        userId: snowflake('user', i % 4_000),
        day: `2026-11-${String(1 + (i % 3)).padStart(2, '0')}`,
        ms: 1,
      }));
      await store.addActivity(batch);
      const totals = await store.readActivityTotals({
        guildId,
        startDay: '2026-11-01',
        endDay: '2026-11-04',
      });
      expect(totals).toHaveLength(4_000);
      expect(totals.every((total) => total.ms === 3)).toBe(true);
    });

    it('matches a reference sum for any sequence of batches (property)', async () => {
      const { store } = await openForTest(harness);
      const days = ['2026-10-31', '2026-11-01', '2026-11-02', '2026-11-03'];
      const increment = fc.record({
        user: fc.integer({ min: 0, max: 5 }),
        day: fc.integer({ min: 0, max: days.length - 1 }),
        ms: fc.integer({ min: 0, max: 86_400_000 }),
      });
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(increment, { maxLength: 12 }), { maxLength: 5 }),
          fc.integer({ min: 0, max: days.length - 1 }),
          fc.integer({ min: 0, max: days.length }),
          async (batches, from, length) => {
            run += 1;
            const runGuild = snowflake('guild', 1_000 + run);
            const expected = new Map<string, number>();
            for (const batch of batches) {
              await store.addActivity(
                batch.map(({ user, day, ms }) => ({
                  guildId: runGuild,
                  userId: snowflake('user', user),
                  day: days[day] as string,
                  ms,
                })),
              );
              for (const { user, day, ms } of batch) {
                if (day >= from && day < from + length && ms > 0) {
                  const userId = snowflake('user', user);
                  expected.set(userId, (expected.get(userId) ?? 0) + ms);
                }
              }
            }
            const endDay = from + length < days.length ? (days[from + length] as string) : '2026-11-04';
            const totals = await store.readActivityTotals({
              guildId: runGuild,
              startDay: days[from] as string,
              endDay,
            });
            expect(new Map(totals.map((total) => [total.userId, total.ms]))).toEqual(expected);
          },
        ),
        { numRuns: 25 },
      );
    });
  });
}
