import type { VoiceStateEvent } from '@guildkit/core';
import { describe, expect, it } from 'vitest';
import { ActivityTracker, type ActivityTrackerOptions, activityHeatmap, MemoryStore } from '../src/index.ts';

const guildId = '1100000000000000001';
const alice = '1200000000000000001';
const bob = '1200000000000000002';
const general = { id: '1300000000000000001', name: 'general', parentId: null };
const games = { id: '1300000000000000002', name: 'games', parentId: null };
const waiting = { id: '1300000000000000003', name: 'waiting room', parentId: null };
const chat = { id: '1300000000000000009', name: 'chat', parentId: null };
const T0 = Date.parse('2026-11-25T11:30:00Z'); // 20:30 in Seoul
const MIN = 60_000;

function voice(userId: string, channel: typeof general | null, minutes: number): VoiceStateEvent {
  return {
    guildId,
    userId,
    channel,
    at: T0 + minutes * MIN,
    selfMute: false,
    selfDeaf: false,
    serverMute: false,
    serverDeaf: false,
    bot: false,
    afkChannelId: null,
  };
}

function message(userId: string, channel: typeof general, minutes: number, bot = false) {
  return { guildId, userId, channel, at: T0 + minutes * MIN, bot };
}

function setUp(options: Partial<ActivityTrackerOptions> = {}) {
  const store = new MemoryStore();
  const clock = { now: T0 };
  const tracker = new ActivityTracker({
    store,
    now: () => clock.now,
    flushIntervalMs: 0,
    timeZone: 'Asia/Seoul',
    ...options,
  });
  return { tracker, store, clock };
}

const range = { guildId, startDay: '2026-11-25', endDay: '2026-11-27' };

describe('ActivityTracker: channels, hours and messages', () => {
  it("writes each member's time per channel and per hour of the guild's clock, with the daily totals", async () => {
    const { tracker, store } = setUp();
    tracker.apply(voice(alice, general, 0)); // 20:30
    tracker.apply(voice(bob, general, 10));
    tracker.apply(voice(alice, games, 60)); // 21:30
    tracker.apply(voice(alice, null, 240)); // 00:30 the next day
    tracker.apply(voice(bob, null, 40));
    await tracker.flush();
    expect(await store.readActivityTotals(range)).toEqual([
      { userId: alice, ms: 240 * MIN, messages: 0 },
      { userId: bob, ms: 30 * MIN, messages: 0 },
    ]);
    expect(await store.readChannelTotals(range)).toEqual([
      { channelId: games.id, ms: 180 * MIN, messages: 0 },
      { channelId: general.id, ms: 90 * MIN, messages: 0 },
    ]);
    expect(await store.readHourTotals({ ...range, userId: alice })).toEqual([
      { day: '2026-11-25', hour: 20, ms: 30 * MIN, messages: 0 },
      { day: '2026-11-25', hour: 21, ms: 60 * MIN, messages: 0 },
      { day: '2026-11-25', hour: 22, ms: 60 * MIN, messages: 0 },
      { day: '2026-11-25', hour: 23, ms: 60 * MIN, messages: 0 },
      { day: '2026-11-26', hour: 0, ms: 30 * MIN, messages: 0 },
    ]);
    const heatmap = activityHeatmap(await store.readHourTotals(range));
    expect(heatmap.ms[2]?.[20]).toBe(30 * MIN + 20 * MIN); // Wednesday 20:00: alice from 20:30, bob from 20:40
    expect(heatmap.ms[2]?.[21]).toBe(60 * MIN + 10 * MIN);
  });

  it('counts messages beside voice, not those of bots or in ignored channels, and never their content', async () => {
    const { tracker, store } = setUp();
    tracker.countMessage(message(alice, chat, 0));
    tracker.countMessage(message(alice, chat, 1));
    tracker.countMessage(message(bob, general, 45));
    tracker.countMessage(message(bob, chat, 2, true));
    tracker.countMessage(message(bob, waiting, 3));
    expect(tracker.stats()).toMatchObject({ messages: 3, bots: 1 });
    // Counted before they are written.
    expect(await tracker.readTotals({ ...range, rankBy: 'messages' })).toEqual([
      { userId: alice, ms: 0, messages: 2 },
      { userId: bob, ms: 0, messages: 1 },
    ]);
    await tracker.flush();
    expect(await store.readActivityTotals({ ...range, rankBy: 'messages' })).toEqual([
      { userId: alice, ms: 0, messages: 2 },
      { userId: bob, ms: 0, messages: 1 },
    ]);
    expect(await store.readChannelTotals(range)).toEqual([
      { channelId: chat.id, ms: 0, messages: 2 },
      { channelId: general.id, ms: 0, messages: 1 },
    ]);
    expect(await store.readHourTotals(range)).toEqual([
      { day: '2026-11-25', hour: 20, ms: 0, messages: 2 },
      { day: '2026-11-25', hour: 21, ms: 0, messages: 1 },
    ]);
  });

  it('writes only the daily totals with details off', async () => {
    const { tracker, store } = setUp({ details: false });
    tracker.apply(voice(alice, general, 0));
    tracker.countMessage(message(alice, chat, 1));
    tracker.apply(voice(alice, null, 30));
    await tracker.flush();
    expect(await store.readActivityTotals(range)).toEqual([{ userId: alice, ms: 30 * MIN, messages: 1 }]);
    expect(await store.readChannelTotals(range)).toEqual([]);
    expect(await store.readHourTotals(range)).toEqual([]);
  });

  it('forget(): writes what is pending, then counts an open session again from now', async () => {
    const { tracker, store, clock } = setUp();
    tracker.apply(voice(alice, general, 0));
    tracker.apply(voice(bob, general, 0));
    tracker.countMessage(message(alice, chat, 5));
    clock.now = T0 + 20 * MIN;
    await tracker.forget({ guildId, userId: alice });
    await store.forgetMember({ guildId, userId: alice });
    expect(await store.readMemberData({ guildId, userId: alice })).toMatchObject({ days: [], channels: [], hours: [] });
    tracker.apply(voice(alice, null, 30));
    tracker.apply(voice(bob, null, 30));
    await tracker.flush();
    // alice: only the 10 minutes after forgetting; bob: all 30.
    expect(await store.readActivityTotals(range)).toEqual([
      { userId: bob, ms: 30 * MIN, messages: 0 },
      { userId: alice, ms: 10 * MIN, messages: 0 },
    ]);
    expect(await store.readChannelTotals(range)).toEqual([{ channelId: general.id, ms: 40 * MIN, messages: 0 }]);
  });

  it('refuses a details option that is not a boolean', () => {
    expect(() => setUp({ details: 'yes' as unknown as boolean })).toThrow(/ActivityTrackerOptions\.details/);
  });
});
