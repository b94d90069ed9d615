import { StoreClosedError } from '@guildkit/core';
import { describe, expect, it } from 'vitest';
import { jobListingFixture, snowflake } from './fixtures.ts';
import { openForTest, type StoreHarness } from './harness.ts';

const guildId = snowflake('guild', 1);

/** @internal */
export function lifecycleCases(harness: StoreHarness): void {
  describe('lifecycle and concurrency', () => {
    it('keeps every kind of data across close and reopen', async () => {
      const { store, openAnother } = await openForTest(harness);
      const checkpoint = {
        guildId,
        userId: snowflake('user', 1),
        channelId: snowflake('channel', 1),
        startedAt: 1_000,
        checkpointAt: 2_000,
      };
      await store.addActivity([{ guildId, userId: snowflake('user', 1), day: '2026-11-25', ms: 42 }]);
      await store.recordActivity({ saveCheckpoints: [checkpoint] });
      await store.saveJobListing(jobListingFixture(1));
      await store.appendLogs([{ at: 5, level: 'info', source: 'test', message: '재시작 전' }]);
      await store.close();

      const reopened = await openAnother();
      expect(
        await reopened.readActivityTotals({
          guildId,
          startDay: '2026-11-25',
          endDay: '2026-11-26',
        }),
      ).toEqual([{ userId: snowflake('user', 1), ms: 42, messages: 0 }]);
      expect(await reopened.listSessionCheckpoints()).toEqual([checkpoint]);
      expect(await reopened.getJobListingByPost(jobListingFixture(1).postId)).toEqual(jobListingFixture(1));
      expect(await reopened.readRecentLogs()).toEqual([
        {
          at: 5,
          level: 'info',
          source: 'test',
          message: '재시작 전',
          fields: {},
        },
      ]);
    });

    it('sums concurrent batches from two stores on one database exactly', async () => {
      const { store, openAnother } = await openForTest(harness);
      const other = await openAnother();
      const users = Array.from({ length: 50 }, (_, i) => snowflake('user', i));
      // Both writers touch the same keys in opposite orders, batch after batch.
      const batch = (reverse: boolean) =>
        (reverse ? [...users].reverse() : users).flatMap((userId) => [
          { guildId, userId, day: '2026-11-24', ms: 1 },
          { guildId, userId, day: '2026-11-25', ms: 2 },
        ]);
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? store : other).addActivity(batch(i % 4 < 2))),
      );
      const totals = await other.readActivityTotals({
        guildId,
        startDay: '2026-11-24',
        endDay: '2026-11-26',
      });
      expect(totals).toHaveLength(50);
      expect(totals.every((total) => total.ms === 20 * 3)).toBe(true);
    });

    it('rejects every call after close with StoreClosedError; closing twice is harmless', async () => {
      const { store } = await openForTest(harness);
      await store.close();
      await store.close();
      await expect(
        store.readActivityTotals({
          guildId,
          startDay: '2026-11-25',
          endDay: '2026-11-26',
        }),
      ).rejects.toBeInstanceOf(StoreClosedError);
      await expect(store.addActivity([])).rejects.toBeInstanceOf(StoreClosedError);
      await expect(store.appendLogs([])).rejects.toBeInstanceOf(StoreClosedError);
      await expect(store.getJobListingByPost(snowflake('post', 1))).rejects.toBeInstanceOf(StoreClosedError);
      await expect(store.listSessionCheckpoints()).rejects.toBeInstanceOf(StoreClosedError);
    });
  });
}
