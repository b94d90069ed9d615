import { MemoryStore, type VoiceChannelRef, type VoiceStateEvent } from '@guildkit/core';
import { voiceEventFixture } from '@guildkit/core/testing';
import { describe, expect, it } from 'vitest';
import { ActivityLog, Translations } from '../src/index.ts';

const lounge: VoiceChannelRef = { id: '1300000000000000001', name: 'Lounge', parentId: null };
const games: VoiceChannelRef = { id: '1300000000000000002', name: 'Games', parentId: null };
const [first, second] = ['1100000000000000001', '1100000000000000002'];
const ana = '1200000000000000001';

const event = (
  guildId: string,
  userId: string,
  channel: VoiceChannelRef | null,
  extra: Partial<VoiceStateEvent> = {},
) => voiceEventFixture(guildId, userId, channel, { at: 1_764_000_000_000, ...extra });

describe('ActivityLog.voice', () => {
  it('logs joins, moves and leaves per guild and member, and nothing for mutes, bots or a snapshot', async () => {
    const store = new MemoryStore();
    const client = { guilds: { cache: new Map() }, channels: { cache: new Map() } };
    const log = new ActivityLog({
      client: client as never,
      store,
      channelId: undefined,
      translations: new Translations(),
      retentionDays: 0,
      now: () => 1_764_000_000_000,
      failed: (error) => {
        throw error;
      },
    });
    log.snapshot([event(second, ana, games)]);
    log.voice(event(first, ana, lounge)); // joins in the first guild; already in Games in the second
    log.voice(event(first, ana, lounge, { selfMute: true })); // a mute: not logged
    log.voice(event(second, ana, games, { selfDeaf: true })); // where the snapshot has them: not logged
    log.voice(event(first, ana, games));
    log.voice(event(second, ana, null));
    log.voice(event(second, ana, null)); // left already: not logged
    log.voice(event(first, '1200000000000000009', lounge, { bot: true }));
    log.voice(event(first, ana, null));
    log.voice(event(first, ana, lounge));
    await log.close();
    const records = (await store.readRecentLogs({ limit: 10 })).reverse();
    expect(records.map(({ message, fields }) => [message, fields])).toEqual([
      [`<@${ana}> joined 🔊Lounge`, { guildId: first, userId: ana, channelId: lounge.id }],
      [`<@${ana}> moved 🔊Lounge → 🔊Games`, { guildId: first, userId: ana, channelId: games.id }],
      [`<@${ana}> left 🔊Games`, { guildId: second, userId: ana, channelId: games.id }],
      [`<@${ana}> left 🔊Games`, { guildId: first, userId: ana, channelId: games.id }],
      [`<@${ana}> joined 🔊Lounge`, { guildId: first, userId: ana, channelId: lounge.id }],
    ]);
    expect(records.every((record) => record.level === 'info' && record.source === 'voice')).toBe(true);
  });
});
