import { ChannelType, Client, Events, GatewayIntentBits, type Message, type VoiceState } from 'discord.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ALL_INTENTS, clientForTest, fakeForTest, next } from './helpers.ts';

describe('a real discord.js client against fake-discord: login and guild state', () => {
  it('logs in and sees the guild, its channels, roles, members and the AFK channel', async () => {
    const fake = await fakeForTest();
    const client = await clientForTest(fake);
    const guildId = fake.guildId('테스트 서버');
    const guild = client.guilds.cache.get(guildId);
    expect(client.user?.id).toBe(fake.botUserId);
    expect(guild?.name).toBe('테스트 서버');
    expect(guild?.preferredLocale).toBe('ko');
    expect(guild?.channels.cache.map((channel) => channel.name).sort()).toEqual(
      ['게임', '구인구직', '대기실', '음성 채널', '일반', '채팅'].sort(),
    );
    const game = guild?.channels.cache.find((channel) => channel.name === '게임');
    expect(game?.type).toBe(ChannelType.GuildVoice);
    expect(game?.isVoiceBased() && game.userLimit).toBe(5);
    expect(game?.parent?.name).toBe('음성 채널');
    const forum = guild?.channels.cache.find((channel) => channel.name === '구인구직');
    expect(forum?.type === ChannelType.GuildForum && forum.availableTags.map((tag) => tag.name)).toEqual([
      '랭크',
      '일반',
    ]);
    expect(guild?.afkChannelId).toBe(fake.channelId(guildId, '대기실'));
    expect(guild?.roles.cache.map((role) => role.name)).toEqual(expect.arrayContaining(['@everyone', '모더레이터']));
    expect(guild?.memberCount).toBe(5);
    // Without the presences intent GUILD_CREATE carries only the bot (and members in voice), as on
    // Discord; the rest come from REQUEST_GUILD_MEMBERS.
    expect(guild?.members.cache.has(fake.userId(guildId, 'minji'))).toBe(false);
    const members = await guild?.members.fetch();
    expect(members?.size).toBe(5);
    expect(members?.get(fake.userId(guildId, 'minji'))?.displayName).toBe('민지');
    expect(fake.unknownRoutes).toEqual([]);
  });

  it('refuses a wrong token with close code 4004', async () => {
    const fake = await fakeForTest();
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiUrl } });
    const wrong = `${fake.token}x`;
    // REST refuses the token first (GET /gateway/bot answers 401), as Discord does.
    await expect(client.login(wrong)).rejects.toThrow();
    await client.destroy();
    expect(fake.requests.at(-1)?.status).toBe(401);
  });

  it('sends voice states only with the voice-states intent, and the whole member list only with presences', async () => {
    const fake = await fakeForTest();
    const guildId = fake.guildId('테스트 서버');
    fake.setVoiceState({ guildId, userId: fake.userId(guildId, 'alex'), channelId: fake.channelId(guildId, '일반') });
    const lean = await clientForTest(fake, [GatewayIntentBits.Guilds]);
    expect(lean.guilds.cache.get(guildId)?.voiceStates.cache.size).toBe(0);
    expect(lean.guilds.cache.get(guildId)?.members.cache.size).toBe(1); // the bot itself
    const full = await clientForTest(fake);
    expect(full.guilds.cache.get(guildId)?.voiceStates.cache.get(fake.userId(guildId, 'alex'))?.channel?.name).toBe(
      '일반',
    );
    expect([...(full.guilds.cache.get(guildId)?.members.cache.keys() ?? [])].sort()).toEqual(
      [fake.botUserId, fake.userId(guildId, 'alex')].sort(),
    );
    const withPresences = await clientForTest(fake, [...ALL_INTENTS, GatewayIntentBits.GuildPresences]);
    expect(withPresences.guilds.cache.get(guildId)?.members.cache.size).toBe(5);
  });

  it('closes with 4014 when the bot asks for a privileged intent the application may not use', async () => {
    const fake = await fakeForTest({ allowedPrivilegedIntents: [] });
    const client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers],
      rest: { api: fake.apiUrl },
    });
    onTestFinished(() => client.destroy());
    await expect(client.login(fake.token)).rejects.toThrow(/intent/i);
  });
});

describe('drivers', () => {
  it('a member joins, mutes, moves and leaves voice: voiceStateUpdate each time, in order', async () => {
    const fake = await fakeForTest();
    const client = await clientForTest(fake);
    const guildId = fake.guildId('테스트 서버');
    const userId = fake.userId(guildId, 'seojun');
    const seen: [string | null, string | null, boolean | null][] = [];
    client.on(Events.VoiceStateUpdate, (before: VoiceState, after: VoiceState) => {
      if (after.id === userId) seen.push([before.channelId, after.channelId, after.selfMute]);
    });
    const general = fake.channelId(guildId, '일반');
    const game = fake.channelId(guildId, '게임');
    fake.setVoiceState({ guildId, userId, channelId: general });
    fake.setVoiceState({ guildId, userId, channelId: general, selfMute: true });
    fake.setVoiceState({ guildId, userId, channelId: game, selfMute: true, selfDeaf: true });
    const done = next(
      client,
      Events.VoiceStateUpdate,
      (_before: VoiceState, after: VoiceState) => after.channelId === null,
    );
    fake.setVoiceState({ guildId, userId, channelId: null });
    await done;
    expect(seen).toEqual([
      [null, general, false],
      [general, general, true],
      [general, game, true],
      [game, null, false],
    ]);
    expect(client.guilds.cache.get(guildId)?.voiceStates.cache.get(userId)?.channelId ?? null).toBeNull();
  });

  it('a deleted voice channel disconnects its members, then goes', async () => {
    const fake = await fakeForTest();
    const client = await clientForTest(fake);
    const guildId = fake.guildId('테스트 서버');
    const game = fake.channelId(guildId, '게임');
    const joined = next(client, Events.VoiceStateUpdate);
    fake.setVoiceState({ guildId, userId: fake.userId(guildId, 'alex'), channelId: game });
    await joined;
    const order: string[] = [];
    client.on(Events.VoiceStateUpdate, (_before: VoiceState, after: VoiceState) =>
      order.push(`voice:${after.channelId}`),
    );
    const deleted = next(client, Events.ChannelDelete);
    fake.deleteChannel(game);
    const [channel] = await deleted;
    expect((channel as { id: string }).id).toBe(game);
    expect(order).toEqual(['voice:null']);
    expect(client.channels.cache.has(game)).toBe(false);
  });

  it('a member joins the guild', async () => {
    const fake = await fakeForTest();
    const client = await clientForTest(fake);
    const guildId = fake.guildId('테스트 서버');
    const joined = next(client, Events.GuildMemberAdd);
    const userId = fake.addMember(guildId, 'yuna', '유나');
    const [member] = await joined;
    expect((member as { id: string; displayName: string }).id).toBe(userId);
    expect((member as { displayName: string }).displayName).toBe('유나');
  });

  it('a member posts a message with mentions; the bot deletes it and times the member out', async () => {
    const fake = await fakeForTest();
    const client = await clientForTest(fake);
    const guildId = fake.guildId('테스트 서버');
    const channelId = fake.channelId(guildId, '채팅');
    const [alex, minji, seojun] = ['alex', 'minji', 'seojun'].map((name) => fake.userId(guildId, name)) as [
      string,
      string,
      string,
    ];
    const created = next(client, Events.MessageCreate);
    const messageId = fake.sendMessage({
      guildId,
      channelId,
      userId: alex,
      content: `<@${minji}> <@${seojun}>`,
      mentions: [minji, seojun],
    });
    const [message] = (await created) as [Message];
    expect(message.id).toBe(messageId);
    expect(message.author.id).toBe(alex);
    expect(message.member?.id).toBe(alex);
    expect([...message.mentions.users.keys()]).toEqual([minji, seojun]);
    expect(fake.messages(channelId)).toHaveLength(1);

    const deleted = next(client, Events.MessageDelete);
    await message.delete();
    await deleted;
    expect(fake.messages(channelId)).toHaveLength(0);
    const until = new Date(Date.now() + 600_000);
    await message.member?.timeout(600_000, 'spam');
    expect(Date.parse(fake.timedOutUntil(guildId, alex) ?? '')).toBeGreaterThanOrEqual(until.getTime() - 5_000);
    expect(() => fake.sendMessage({ guildId, channelId, userId: '1', content: 'x' })).toThrow(/not a member/);
  });

  it('a dropped connection resumes without losing an event, and a non-resumable drop identifies again', async () => {
    const fake = await fakeForTest({ heartbeatIntervalMs: 60_000 });
    const client = await clientForTest(fake);
    const guildId = fake.guildId('테스트 서버');
    const userId = fake.userId(guildId, 'alex');
    const general = fake.channelId(guildId, '일반');
    const seen: (string | null)[] = [];
    client.on(Events.VoiceStateUpdate, (_before: VoiceState, after: VoiceState) => seen.push(after.channelId));
    fake.dropConnections({ resumable: true });
    // Sent while the client is away: it must arrive after RESUME.
    fake.setVoiceState({ guildId, userId, channelId: general });
    fake.setVoiceState({ guildId, userId, channelId: null });
    await next(client, Events.VoiceStateUpdate, (_before: VoiceState, after: VoiceState) => after.channelId === null);
    expect(seen).toEqual([general, null]);
    const identifies = () => fake.events.filter((event) => event.type === 'READY').length;
    expect(identifies()).toBe(1);

    const readyAgain = next(client, Events.ShardReady);
    fake.dropConnections({ resumable: false });
    await readyAgain;
    expect(identifies()).toBe(2);
    expect(fake.events.filter((event) => event.type === 'RESUMED')).toHaveLength(1);
    // discord.js waits out Discord's identify limit (one per 5 s) before it identifies again.
  }, 15_000);
});

describe('awaitable drivers', () => {
  it('resolves a voice state once the client has it, and a deferred command with its final answer', async () => {
    const fake = await fakeForTest();
    const client = await clientForTest(fake);
    const guildId = fake.guildId('테스트 서버');
    const userId = fake.userId(guildId, 'alex');
    const general = fake.channelId(guildId, '일반');
    const seen: (string | null)[] = [];
    client.on(Events.VoiceStateUpdate, (_before, after) => seen.push(after.channelId));
    for (let i = 0; i < 20; i += 1)
      await fake.setVoiceState({ guildId, userId, channelId: i % 2 === 0 ? general : null });
    expect(seen).toHaveLength(20);
    fake.setVoiceState({ guildId, userId, channelId: general });
    await fake.delivered();
    expect(seen.at(-1)).toBe(general);

    await (client as Client<true>).application.commands.set([{ name: 'slow', description: 'answers late' }], guildId);
    client.on(Events.InteractionCreate, async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply();
      await new Promise((resolve) => setTimeout(resolve, 200));
      await interaction.editReply('done at last');
    });
    const answer = await fake.useSlashCommand({
      guildId,
      channelId: fake.channelId(guildId, '채팅'),
      userId,
      name: 'slow',
    });
    expect(answer.type).toBe(5);
    expect(answer.message?.content).toBe('done at last');
  });
});
