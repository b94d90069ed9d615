import { activityHeatmap, days } from '@guildkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchOf, type RawMessage, type RawSession, referenceUnits, sumBy } from './activity-reference.ts';
import { snowflake } from './fixtures.ts';
import { openForTest, type StoreHarness } from './harness.ts';

const guildId = snowflake('guild', 1);
const otherGuild = snowflake('guild', 2);
const alice = snowflake('user', 1);
const bob = snowflake('user', 2);
const lounge = snowflake('channel', 1);
const games = snowflake('channel', 2);
const chat = snowflake('channel', 3);

/** Sunday 2026-11-01, 00:00 UTC: New York leaves DST at 06:00 UTC that day. */
const BASE = Date.parse('2026-11-01T00:00:00Z');
const MINUTE = 60_000;
const ZONES = ['UTC', 'Asia/Seoul', 'America/New_York', 'Asia/Kathmandu'] as const;

/** @internal */
export function detailCases(harness: StoreHarness): void {
  describe('messages, channels and hours', () => {
    it('sums messages beside voice, ranks by either, and keeps members with only messages', async () => {
      const { store } = await openForTest(harness);
      await store.addActivity([
        { guildId, userId: alice, day: '2026-11-25', ms: 60_000, messages: 1 },
        { guildId, userId: bob, day: '2026-11-25', ms: 0, messages: 5 },
        { guildId, userId: bob, day: '2026-11-26', ms: 0, messages: 2 },
      ]);
      const range = { guildId, startDay: '2026-11-25', endDay: '2026-11-27' };
      expect(await store.readActivityTotals(range)).toEqual([
        { userId: alice, ms: 60_000, messages: 1 },
        { userId: bob, ms: 0, messages: 7 },
      ]);
      expect(await store.readActivityTotals({ ...range, rankBy: 'messages' })).toEqual([
        { userId: bob, ms: 0, messages: 7 },
        { userId: alice, ms: 60_000, messages: 1 },
      ]);
    });

    it('sums a range at a glance and day by day, each member counted once, for the guild and for one member', async () => {
      const { store } = await openForTest(harness);
      await store.addActivity([
        { guildId, userId: alice, day: '2026-11-24', ms: 60_000 },
        { guildId, userId: alice, day: '2026-11-25', ms: 120_000, messages: 2 },
        { guildId, userId: bob, day: '2026-11-25', ms: 0, messages: 5 },
        { guildId, userId: bob, day: '2026-11-27', ms: 30_000 },
        { guildId: otherGuild, userId: bob, day: '2026-11-25', ms: 7, messages: 7 },
      ]);
      const range = { guildId, startDay: '2026-11-25', endDay: '2026-11-28' };
      expect(await store.readActivitySummary(range)).toEqual({
        members: 2,
        ms: 150_000,
        messages: 7,
        days: [
          { day: '2026-11-25', members: 2, ms: 120_000, messages: 7 },
          { day: '2026-11-27', members: 1, ms: 30_000, messages: 0 },
        ],
      });
      // Bob on two days is one active member of the three days.
      expect((await store.readActivitySummary({ ...range, startDay: '2026-11-24' })).members).toBe(2);
      expect(await store.readActivitySummary({ ...range, startDay: '2026-11-01', userId: alice })).toEqual({
        members: 1,
        ms: 180_000,
        messages: 2,
        days: [
          { day: '2026-11-24', members: 1, ms: 60_000, messages: 0 },
          { day: '2026-11-25', members: 1, ms: 120_000, messages: 2 },
        ],
      });
      expect(await store.readActivitySummary({ ...range, startDay: '2026-12-01', endDay: '2026-12-02' })).toEqual({
        members: 0,
        ms: 0,
        messages: 0,
        days: [],
      });
      // Over more than 1,000 days, the SQL stores take another path to a member's days.
      const years = { guildId, startDay: '2020-01-01', endDay: '2030-01-01', userId: bob };
      expect((await store.readActivitySummary(years)).days).toEqual([
        { day: '2026-11-25', members: 1, ms: 0, messages: 5 },
        { day: '2026-11-27', members: 1, ms: 30_000, messages: 0 },
      ]);
      await expect(
        store.readActivitySummary({ guildId, startDay: '2026-11-25', endDay: '2026-11-24' }),
      ).rejects.toThrow(/query\.endDay/);
    });

    it('reads channel and hour totals for the guild and for one member, by the range asked', async () => {
      const { store } = await openForTest(harness);
      await store.recordActivity({
        slices: [
          { guildId, userId: alice, channelId: lounge, day: '2026-11-25', hour: 21, ms: 1_800_000, messages: 0 },
          { guildId, userId: alice, channelId: games, day: '2026-11-25', hour: 22, ms: 600_000, messages: 0 },
          { guildId, userId: bob, channelId: lounge, day: '2026-11-25', hour: 21, ms: 900_000, messages: 0 },
          { guildId, userId: bob, channelId: chat, day: '2026-11-26', hour: 9, ms: 0, messages: 4 },
          { guildId: otherGuild, userId: bob, channelId: chat, day: '2026-11-25', hour: 9, ms: 5, messages: 5 },
        ],
      });
      const range = { guildId, startDay: '2026-11-25', endDay: '2026-11-27' };
      expect(await store.readChannelTotals(range)).toEqual([
        { channelId: lounge, ms: 2_700_000, messages: 0 },
        { channelId: games, ms: 600_000, messages: 0 },
        { channelId: chat, ms: 0, messages: 4 },
      ]);
      expect(await store.readChannelTotals({ ...range, limit: 1 })).toEqual([
        { channelId: lounge, ms: 2_700_000, messages: 0 },
      ]);
      expect(await store.readChannelTotals({ ...range, userId: bob })).toEqual([
        { channelId: lounge, ms: 900_000, messages: 0 },
        { channelId: chat, ms: 0, messages: 4 },
      ]);
      expect(await store.readHourTotals(range)).toEqual([
        { day: '2026-11-25', hour: 21, ms: 2_700_000, messages: 0 },
        { day: '2026-11-25', hour: 22, ms: 600_000, messages: 0 },
        { day: '2026-11-26', hour: 9, ms: 0, messages: 4 },
      ]);
      expect(await store.readHourTotals({ ...range, endDay: '2026-11-26', userId: alice })).toEqual([
        { day: '2026-11-25', hour: 21, ms: 1_800_000, messages: 0 },
        { day: '2026-11-25', hour: 22, ms: 600_000, messages: 0 },
      ]);
      expect(await store.readHourTotals({ ...range, startDay: '2026-11-27', endDay: '2026-11-27' })).toEqual([]);
      // A range of years is read as a short one (a SQL store looks a short range's days up one by
      // one and scans for a long one).
      const years = { guildId, startDay: '2020-01-01', endDay: '2030-01-01' };
      expect(await store.readChannelTotals({ ...years, userId: bob })).toEqual(
        await store.readChannelTotals({ ...range, userId: bob }),
      );
      expect(await store.readHourTotals({ ...years, userId: alice })).toEqual(
        await store.readHourTotals({ ...range, userId: alice }),
      );
    });

    it('refuses malformed slices and queries, naming the field, and writes nothing', async () => {
      const { store } = await openForTest(harness);
      const good = { guildId, userId: alice, channelId: lounge, day: '2026-11-25', hour: 21, ms: 1, messages: 0 };
      await expect(
        store.recordActivity({
          increments: [{ guildId, userId: alice, day: '2026-11-25', ms: 1 }],
          slices: [good, { ...good, hour: 24 }],
        }),
      ).rejects.toThrow(/slices\[1\]\.hour/);
      await expect(store.recordActivity({ slices: [{ ...good, messages: -1 }] })).rejects.toThrow(
        /slices\[0\]\.messages/,
      );
      await expect(
        store.readChannelTotals({ guildId, startDay: '2026-11-25', endDay: '2026-11-26', limit: 0 }),
      ).rejects.toThrow(/query\.limit/);
      await expect(store.readHourTotals({ guildId, startDay: '2026-11-25', endDay: '2026-11-24' })).rejects.toThrow(
        /query\.endDay/,
      );
      expect(await store.readActivityTotals({ guildId, startDay: '2026-11-01', endDay: '2026-12-01' })).toEqual([]);
      expect(await store.readHourTotals({ guildId, startDay: '2026-11-01', endDay: '2026-12-01' })).toEqual([]);
    });

    it('matches a reference computed from raw sessions and messages: rolling sums, channels, the heatmap, and after forgetting a member', async () => {
      const { store } = await openForTest(harness);
      const member = fc.constantFrom(alice, bob, snowflake('user', 3));
      const channel = fc.constantFrom(lounge, games, chat);
      const session = fc.record({
        guildId: fc.constantFrom(guildId, otherGuild),
        userId: member,
        channelId: channel,
        start: fc.integer({ min: 0, max: 4 * 1440 }).map((minute) => BASE + minute * MINUTE),
        minutes: fc.integer({ min: 1, max: 360 }),
      });
      const message = fc.record({
        guildId: fc.constant(guildId),
        userId: member,
        channelId: channel,
        at: fc.integer({ min: 0, max: 5 * 1440 * 60 }).map((second) => BASE + second * 1_000),
      });
      const window = fc
        .tuple(fc.integer({ min: -1, max: 5 }), fc.integer({ min: 0, max: 7 }))
        .map(([from, length]) => ({
          startDay: days.add('2026-11-01', from),
          endDay: days.add('2026-11-01', from + length),
        }));
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...ZONES),
          fc.array(session, { maxLength: 6 }),
          fc.array(message, { maxLength: 8 }),
          window,
          member,
          async (timeZone, sessions: RawSession[], messages: RawMessage[], { startDay, endDay }, forgotten) => {
            // A new database a run: the store of the first run is reused, emptied by forgetting everyone.
            for (const userId of [alice, bob, snowflake('user', 3)])
              for (const guild of [guildId, otherGuild]) await store.forgetMember({ guildId: guild, userId });
            await store.recordActivity(batchOf(sessions, messages, timeZone));
            const check = async (units: ReturnType<typeof referenceUnits>) => {
              const inRange = units.filter(
                (unit) => unit.guildId === guildId && unit.day >= startDay && unit.day < endDay,
              );
              const totals = [...sumBy(inRange, (unit) => unit.userId)].map(([userId, sum]) => ({ userId, ...sum }));
              totals.sort((a, b) => b.ms - a.ms || b.messages - a.messages || (a.userId < b.userId ? -1 : 1));
              expect(await store.readActivityTotals({ guildId, startDay, endDay })).toEqual(totals);
              const channels = [...sumBy(inRange, (unit) => unit.channelId)].map(([channelId, sum]) => ({
                channelId,
                ...sum,
              }));
              channels.sort((a, b) => b.ms - a.ms || b.messages - a.messages || (a.channelId < b.channelId ? -1 : 1));
              expect(await store.readChannelTotals({ guildId, startDay, endDay })).toEqual(channels);
              const mine = inRange.filter((unit) => unit.userId === alice);
              const aliceChannels = [...sumBy(mine, (unit) => unit.channelId)].map(([channelId, sum]) => ({
                channelId,
                ...sum,
              }));
              aliceChannels.sort(
                (a, b) => b.ms - a.ms || b.messages - a.messages || (a.channelId < b.channelId ? -1 : 1),
              );
              expect(await store.readChannelTotals({ guildId, startDay, endDay, userId: alice })).toEqual(
                aliceChannels,
              );
              const heatmap = { weekStartsOn: 1, ms: grid(), messages: grid() };
              for (const unit of inRange) {
                const row = (days.weekday(unit.day) + 6) % 7;
                const ms = heatmap.ms[row] as number[];
                const sent = heatmap.messages[row] as number[];
                ms[unit.hour] = (ms[unit.hour] as number) + unit.ms;
                sent[unit.hour] = (sent[unit.hour] as number) + unit.messages;
              }
              expect(activityHeatmap(await store.readHourTotals({ guildId, startDay, endDay }))).toEqual(heatmap);
            };
            const units = referenceUnits(sessions, messages, timeZone);
            await check(units);
            const forgot = await store.forgetMember({ guildId, userId: forgotten });
            expect(forgot.days).toBe(
              sumBy(units, (unit) => (unit.guildId === guildId && unit.userId === forgotten ? unit.day : undefined))
                .size,
            );
            await check(units.filter((unit) => !(unit.guildId === guildId && unit.userId === forgotten)));
            const data = await store.readMemberData({ guildId, userId: forgotten });
            expect([data.days, data.channels, data.hours]).toEqual([[], [], []]);
            // The other guild keeps everything of the member.
            const elsewhere = units.filter((unit) => unit.guildId === otherGuild && unit.userId === forgotten);
            const kept = await store.readMemberData({ guildId: otherGuild, userId: forgotten });
            expect(kept.days.map((row) => row.day)).toEqual([...sumBy(elsewhere, (unit) => unit.day).keys()].sort());
          },
        ),
        { numRuns: 25 },
      );
    });
  });
}

function grid(): number[][] {
  return Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
}
