import {
  type CategoryChannel,
  ChannelType,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  type Guild,
  type GuildChannel,
  Routes,
} from 'discord.js';
import { describe, expect, it } from 'vitest';
import { ALL_INTENTS, clientForTest, community, fakeForTest, next } from './helpers.ts';

const shardOf = (guildId: string) => Number((BigInt(guildId) >> 22n) % 2n);

/** Every dispatch of `type` the client receives, with the shard that received it. */
function rawOn(client: import('discord.js').Client, type: string): { shardId: number; data: { id: string } }[] {
  const seen: { shardId: number; data: { id: string } }[] = [];
  client.on(Events.Raw, (packet: { t?: string; d?: { id: string } }, shardId: number) => {
    if (packet.t === type && packet.d !== undefined) seen.push({ shardId, data: packet.d });
  });
  return seen;
}

describe('the bot joins and leaves guilds at runtime', () => {
  it('a guild added at runtime reaches the shard that owns it, with its channels, and a removed one leaves the cache', async () => {
    const fake = await fakeForTest({ recommendedShards: 2, maxConcurrency: 2 });
    const client = await clientForTest(fake, ALL_INTENTS, { shards: 'auto' });
    expect(client.ws.shards.size).toBe(2);
    const creates = rawOn(client, 'GUILD_CREATE');
    const deletes = rawOn(client, 'GUILD_DELETE');
    const created: Guild[] = [];
    client.on(Events.GuildCreate, (guild: Guild) => created.push(guild));

    // Two guilds made a day apart: one on each shard.
    const ids = ['새 서버', '또 다른 서버'].map((name) =>
      fake.addGuild({
        name,
        roles: [{ name: '모더레이터' }],
        channels: [
          { name: '음성 채널', type: 'category' },
          { name: '일반', type: 'voice', parent: '음성 채널' },
        ],
        members: [{ username: `member-${name}`, roles: ['모더레이터'] }],
      }),
    );
    await fake.delivered();
    expect(new Set(ids.map(shardOf))).toEqual(new Set([0, 1]));
    // Two shards, two connections: in either order.
    expect(created.map((guild) => guild.id).sort()).toEqual([...ids].sort());
    for (const id of ids) {
      const guild = client.guilds.cache.get(id);
      expect(guild?.shardId).toBe(shardOf(id));
      // Each sent once, to its own shard only.
      expect(creates.filter((event) => event.data.id === id).map((event) => event.shardId)).toEqual([shardOf(id)]);
      const voice = guild?.channels.cache.find((channel) => channel.name === '일반') as GuildChannel | undefined;
      expect(voice?.type).toBe(ChannelType.GuildVoice);
      expect(voice?.parent?.name).toBe('음성 채널');
      expect(guild?.members.me?.id).toBe(fake.botUserId);
      // The owner, the bot and the seeded member; without the presences intent only the bot is listed.
      expect(guild?.memberCount).toBe(3);
      expect(guild?.members.cache.map((member) => member.id)).toEqual([fake.botUserId]);
      expect(guild?.roles.cache.map((role) => role.name)).toContain('모더레이터');
    }
    expect(client.guilds.cache.size).toBe(3);

    const [first, second] = ids as [string, string];
    const voiceId = fake.channelId(first, '일반');
    const removed = next<[Guild]>(client, Events.GuildDelete);
    fake.removeGuild(first);
    const [gone] = await removed;
    expect(gone.id).toBe(first);
    expect(deletes).toEqual([{ shardId: shardOf(first), data: { id: first } }]);
    expect(client.guilds.cache.has(first)).toBe(false);
    expect(client.channels.cache.has(voiceId)).toBe(false);
    expect(client.guilds.cache.has(second)).toBe(true);
    // The fake forgot it: no such guild or channel any more.
    expect(() => fake.guildId('새 서버')).toThrow(TypeError);
    expect(fake.channel(voiceId)).toBeUndefined();
    const error = await client.guilds.fetch({ guild: first, force: true }).catch((caught: unknown) => caught);
    expect((error as DiscordAPIError).code).toBe(10004);
    expect(() => fake.removeGuild(first)).toThrow(/no guild/);

    // A guild added after one was removed gets an id of its own.
    const third = fake.addGuild({ name: '세 번째 서버' });
    expect([first, second]).not.toContain(third);
    await fake.delivered();
    expect(client.guilds.cache.get(third)?.shardId).toBe(shardOf(third));
  });

  it('the bot leaves a guild over REST: 204, then GUILD_DELETE; an unknown guild is 404 Unknown Guild', async () => {
    const fake = await fakeForTest();
    const client = await clientForTest(fake);
    const guildId = fake.guildId(community.name);
    const guild = client.guilds.cache.get(guildId);
    const removed = next<[Guild]>(client, Events.GuildDelete);
    await guild?.leave();
    const [gone] = await removed;
    expect(gone.id).toBe(guildId);
    expect(client.guilds.cache.size).toBe(0);
    expect(fake.requests.at(-1)).toMatchObject({ method: 'DELETE', path: `/users/@me/guilds/${guildId}`, status: 204 });
    expect(fake.events.at(-1)).toEqual({ type: 'GUILD_DELETE', data: { id: guildId }, guildId });

    const error = await client.rest.delete(Routes.userGuild(guildId)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({ status: 404, code: 10004, message: 'Unknown Guild' });
    expect(fake.unknownRoutes).toEqual([]);
  });

  it('sends each session the payload its intents allow: every member only with the presences intent', async () => {
    const fake = await fakeForTest();
    const plain = await clientForTest(fake);
    const withPresences = await clientForTest(fake, [...ALL_INTENTS, GatewayIntentBits.GuildPresences]);
    const received = [plain, withPresences].map((client) => rawOn(client, 'GUILD_CREATE'));
    const guildId = fake.addGuild({ name: '새 서버', members: [{ username: 'minji' }, { username: 'alex' }] });
    await fake.delivered();
    const memberCounts = received.map((seen) =>
      seen.map((event) => (event.data as unknown as { members: unknown[] }).members.length),
    );
    // The bot alone; the owner, the bot and both members.
    expect(memberCounts).toEqual([[1], [4]]);
    expect(plain.guilds.cache.get(guildId)?.memberCount).toBe(4);
    expect(withPresences.guilds.cache.get(guildId)?.members.cache.size).toBe(4);
    // The event log holds the whole guild, once.
    const logged = fake.events.filter((event) => event.type === 'GUILD_CREATE' && event.guildId === guildId);
    expect(logged.map((event) => (event.data as { members: unknown[] }).members.length)).toEqual([4]);
  });

  it('makes a channel at runtime under a category: CHANNEL_CREATE, and throws for what the guild lacks', async () => {
    const fake = await fakeForTest();
    const client = await clientForTest(fake);
    const guildId = fake.guildId(community.name);
    const made = next<[GuildChannel]>(client, Events.ChannelCreate);
    const channelId = fake.addChannel(guildId, { name: '새 음성', type: 'voice', parent: '음성 채널', userLimit: 4 });
    const [channel] = await made;
    expect(channel.id).toBe(channelId);
    expect((channel.parent as CategoryChannel | null)?.name).toBe('음성 채널');
    expect(fake.channel(channelId)).toMatchObject({ user_limit: 4, type: ChannelType.GuildVoice });
    expect(() => fake.addChannel(guildId, { name: 'x', type: 'text', parent: '없는 분류' })).toThrow(
      /category "없는 분류"/,
    );
    expect(() => fake.addChannel('1', { name: 'x', type: 'text' })).toThrow(/no guild 1/);
    // A guild seed that names a role it lacks throws, and leaves no guild behind.
    expect(() => fake.addGuild({ name: '잘못된 서버', members: [{ username: 'a', roles: ['없는 역할'] }] })).toThrow(
      /role "없는 역할"/,
    );
    expect(() => fake.guildId('잘못된 서버')).toThrow(TypeError);
  });
});
