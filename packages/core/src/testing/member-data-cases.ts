import { days } from '@guildkit/core';
import { describe, expect, it } from 'vitest';
import { jobListingFixture, snowflake } from './fixtures.ts';
import { openForTest, type StoreHarness } from './harness.ts';

const guildId = snowflake('guild', 1);
const otherGuild = snowflake('guild', 2);
const alice = snowflake('user', 1);
const bob = snowflake('user', 2);
const lounge = snowflake('channel', 1);
const AT = Date.parse('2026-11-25T21:00:00Z');

/** @internal */
export function memberDataCases(harness: StoreHarness): void {
  describe("members' data and retention", () => {
    it("reads everything kept about a member, and forgetting them deletes all of it and nobody else's", async () => {
      const { store } = await openForTest(harness);
      const slice = { channelId: lounge, day: '2026-11-25', hour: 21, ms: 600_000, messages: 2 };
      await store.recordActivity({
        increments: [
          { guildId, userId: alice, day: '2026-11-25', ms: 600_000, messages: 2 },
          { guildId, userId: bob, day: '2026-11-25', ms: 300_000 },
          { guildId: otherGuild, userId: alice, day: '2026-11-25', ms: 7 },
        ],
        slices: [
          { guildId, userId: alice, ...slice },
          { guildId, userId: bob, ...slice, ms: 300_000, messages: 0 },
        ],
        saveCheckpoints: [{ guildId, userId: alice, channelId: lounge, startedAt: AT, checkpointAt: AT + 1_000 }],
      });
      const listing = jobListingFixture(1, { guildId, ownerId: alice });
      const bobs = jobListingFixture(2, { guildId, ownerId: bob });
      await store.saveJobListing(listing);
      await store.saveJobListing(bobs);
      await store.appendLogs([
        {
          at: AT,
          level: 'info',
          source: 'voice',
          message: 'joined',
          fields: { guildId, userId: alice, channelId: lounge },
        },
        { at: AT + 1, level: 'info', source: 'voice', message: 'joined', fields: { guildId, userId: bob } },
        {
          at: AT + 2,
          level: 'info',
          source: 'voice',
          message: 'joined',
          fields: { guildId: otherGuild, userId: alice },
        },
      ]);

      const data = await store.readMemberData({ guildId, userId: alice });
      expect(data).toEqual({
        guildId,
        userId: alice,
        days: [{ day: '2026-11-25', ms: 600_000, messages: 2 }],
        channels: [{ day: '2026-11-25', channelId: lounge, ms: 600_000, messages: 2 }],
        hours: [{ day: '2026-11-25', hour: 21, ms: 600_000, messages: 2 }],
        checkpoint: { guildId, userId: alice, channelId: lounge, startedAt: AT, checkpointAt: AT + 1_000 },
        jobListings: [listing],
        logs: [
          {
            at: AT,
            level: 'info',
            source: 'voice',
            message: 'joined',
            fields: { guildId, userId: alice, channelId: lounge },
          },
        ],
      });

      expect(await store.forgetMember({ guildId, userId: alice })).toEqual({
        days: 1,
        details: 1,
        checkpoints: 1,
        jobListings: 1,
        logs: 1,
      });
      const gone = await store.readMemberData({ guildId, userId: alice });
      expect(gone).toEqual({
        guildId,
        userId: alice,
        days: [],
        channels: [],
        hours: [],
        checkpoint: undefined,
        jobListings: [],
        logs: [],
      });
      const range = { guildId, startDay: '2026-11-25', endDay: '2026-11-26' };
      expect(await store.readActivityTotals(range)).toEqual([{ userId: bob, ms: 300_000, messages: 0 }]);
      // The guild's own totals lose alice's share, and keep bob's.
      expect(await store.readChannelTotals(range)).toEqual([{ channelId: lounge, ms: 300_000, messages: 0 }]);
      expect(await store.readHourTotals(range)).toEqual([{ day: '2026-11-25', hour: 21, ms: 300_000, messages: 0 }]);
      expect(await store.getJobListingByPost(listing.postId)).toBeUndefined();
      expect(await store.getJobListingByPost(bobs.postId)).toEqual(bobs);
      expect((await store.readRecentLogs()).map((record) => record.fields.userId)).toEqual([alice, bob]);
      expect(await store.readActivityTotals({ ...range, guildId: otherGuild })).toEqual([
        { userId: alice, ms: 7, messages: 0 },
      ]);
      // Forgetting someone with nothing kept deletes nothing.
      expect(await store.forgetMember({ guildId, userId: alice })).toEqual({
        days: 0,
        details: 0,
        checkpoints: 0,
        jobListings: 0,
        logs: 0,
      });
    });

    it('prunes the days before the retention window in batches, oldest first, one guild at a time', async () => {
      const { store } = await openForTest(harness);
      const allDays = Array.from({ length: 10 }, (_, i) => days.add('2026-11-01', i));
      await store.recordActivity({
        increments: allDays.flatMap((day) => [
          { guildId, userId: alice, day, ms: 1 },
          { guildId, userId: bob, day, ms: 1 },
          { guildId: otherGuild, userId: alice, day, ms: 1 },
        ]),
        slices: allDays.map((day) => ({
          guildId,
          userId: alice,
          channelId: lounge,
          day,
          hour: 12,
          ms: 1,
          messages: 0,
        })),
      });
      const beforeDay = '2026-11-06'; // 5 days to prune: 10 daily rows, 5 of each detail table
      // A batch of 3 takes 3 rows of each table: daily, member slices, guild channels, guild hours.
      expect(await store.pruneActivity({ guildId, beforeDay, limit: 3 })).toBe(12);
      const everything = { guildId, startDay: '2000-01-01', endDay: '2100-01-01' };
      expect((await store.readHourTotals(everything)).map((row) => row.day)).toEqual(allDays.slice(3));
      let deleted = 0;
      for (let batch = 0; batch < 10; batch += 1)
        deleted += await store.pruneActivity({ guildId, beforeDay, limit: 3 });
      expect(deleted).toBe(10 + 3 * 5 - 12);
      expect(await store.pruneActivity({ guildId, beforeDay, limit: 3 })).toBe(0);
      expect(await store.readActivityTotals(everything)).toEqual([
        { userId: alice, ms: 5, messages: 0 },
        { userId: bob, ms: 5, messages: 0 },
      ]);
      expect((await store.readChannelTotals({ ...everything, userId: alice }))[0]?.ms).toBe(5);
      expect((await store.readHourTotals(everything)).map((row) => row.day)).toEqual(allDays.slice(5));
      expect(await store.readActivityTotals({ ...everything, guildId: otherGuild })).toEqual([
        { userId: alice, ms: 10, messages: 0 },
      ]);
      await expect(store.pruneActivity({ guildId, beforeDay, limit: 0 })).rejects.toThrow(/query\.limit/);
    });
  });
}
