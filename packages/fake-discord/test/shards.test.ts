import { Events, type VoiceState } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { ALL_INTENTS, clientForTest, fakeForTest, next } from './helpers.ts';

const guilds = ['하나', '둘', '셋', '넷', '다섯', '여섯'].map((name) => ({
  name,
  channels: [{ name: '음성', type: 'voice' as const }],
  members: [{ username: `member-${name}` }],
}));

describe('shards', () => {
  it("routes each guild to shard (guild_id >> 22) % count, and each shard gets only its guilds' events", async () => {
    const fake = await fakeForTest({ guilds, recommendedShards: 2, maxConcurrency: 2 });
    const client = await clientForTest(fake, ALL_INTENTS, { shards: 'auto' });
    expect(client.ws.shards.size).toBe(2);
    expect(client.guilds.cache.size).toBe(6);
    const shardOf = (guildId: string) => Number((BigInt(guildId) >> 22n) % 2n);
    for (const guild of client.guilds.cache.values()) expect(guild.shardId).toBe(shardOf(guild.id));
    expect(new Set(client.guilds.cache.map((guild) => guild.shardId))).toEqual(new Set([0, 1]));

    for (const name of ['하나', '둘', '셋']) {
      const guildId = fake.guildId(name);
      const arrived = next(
        client,
        Events.VoiceStateUpdate,
        (_before: VoiceState, after: VoiceState) => after.guild.id === guildId,
      );
      fake.setVoiceState({
        guildId,
        userId: fake.userId(guildId, `member-${name}`),
        channelId: fake.channelId(guildId, '음성'),
      });
      const [, after] = (await arrived) as [VoiceState, VoiceState];
      expect(after.guild.shardId).toBe(shardOf(guildId));
    }
  });
});

describe('replays', () => {
  it('sends recent events again on request, as duplicates a bot must tolerate', async () => {
    const fake = await fakeForTest();
    const client = await clientForTest(fake);
    const guildId = fake.guildId('테스트 서버');
    const userId = fake.userId(guildId, 'alex');
    const seen: (string | null)[] = [];
    client.on(Events.VoiceStateUpdate, (_before: VoiceState, after: VoiceState) => seen.push(after.channelId));
    const general = fake.channelId(guildId, '일반');
    const first = next(client, Events.VoiceStateUpdate);
    fake.setVoiceState({ guildId, userId, channelId: general });
    await first;
    const again = next(client, Events.VoiceStateUpdate);
    fake.replayRecentEvents(1);
    await again;
    expect(seen).toEqual([general, general]);
  });
});
