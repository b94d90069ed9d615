import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  DiscordAPIError,
  Events,
  type ForumChannel,
  type Interaction,
  MessageFlags,
  OverwriteType,
  PermissionFlagsBits,
  type TextChannel,
} from 'discord.js';
import { describe, expect, it } from 'vitest';
import { clientForTest, fakeForTest } from './helpers.ts';

describe('a real discord.js client against fake-discord: REST', () => {
  it('registers guild and global commands with Korean and English localisations, replacing on bulk overwrite', async () => {
    const fake = await fakeForTest();
    const client = await clientForTest(fake);
    const guild = client.guilds.cache.get(fake.guildId('테스트 서버'));
    const activity = {
      name: 'activity',
      description: 'Voice time of a member',
      nameLocalizations: { ko: '활동' },
      descriptionLocalizations: { ko: '멤버의 음성 활동 시간' },
    };
    const registered = await guild?.commands.set([activity, { name: 'report', description: 'Activity report' }]);
    expect(registered?.map((command) => command.name).sort()).toEqual(['activity', 'report']);
    expect(registered?.find((command) => command.name === 'activity')?.nameLocalizations).toEqual({ ko: '활동' });
    const again = await guild?.commands.set([activity]);
    expect(again?.map((command) => command.name)).toEqual(['activity']);
    expect(again?.first()?.id).toBe(registered?.find((command) => command.name === 'activity')?.id);
    await client.application?.commands.set([{ name: 'job', description: 'Job board' }]);
    expect((await client.application?.commands.fetch())?.map((command) => command.name)).toEqual(['job']);
    expect(fake.requests.filter((request) => request.method === 'PUT').map((request) => request.status)).toEqual([
      200, 200, 200,
    ]);
  });

  it("refuses a command name Discord would refuse, with Discord's error shape", async () => {
    const fake = await fakeForTest();
    const client = await clientForTest(fake);
    const error = await client.application?.commands
      .set([{ name: 'Bad Name', description: 'x' }])
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(50035);
  });

  it('answers slash commands: an ephemeral reply, a public reply, a deferred reply edited later and a follow-up', async () => {
    const fake = await fakeForTest();
    const client = await clientForTest(fake);
    const guildId = fake.guildId('테스트 서버');
    const channelId = fake.channelId(guildId, '채팅');
    await client.guilds.cache.get(guildId)?.commands.set([
      { name: 'secret', description: 'x' },
      { name: 'hello', description: 'x' },
      { name: 'slow', description: 'x' },
    ]);
    client.on(Events.InteractionCreate, async (interaction: Interaction) => {
      if (!interaction.isChatInputCommand()) return;
      if (interaction.commandName === 'secret')
        await interaction.reply({ content: `비밀 ${interaction.locale}`, flags: MessageFlags.Ephemeral });
      if (interaction.commandName === 'hello')
        await interaction.reply({ content: 'hello @everyone', allowedMentions: { parse: [] } });
      if (interaction.commandName === 'slow') {
        await interaction.deferReply();
        await interaction.editReply('done');
        await interaction.followUp({ content: 'more', flags: MessageFlags.Ephemeral });
      }
    });
    const userId = fake.userId(guildId, 'minji');

    const secret = await fake.useSlashCommand({ guildId, channelId, userId, name: 'secret', locale: 'en-US' });
    expect(secret.type).toBe(4);
    expect(secret.data?.content).toBe('비밀 en-US');
    expect(((secret.data?.flags as number) & MessageFlags.Ephemeral) !== 0).toBe(true);
    expect(fake.events.filter((event) => event.type === 'MESSAGE_CREATE')).toHaveLength(0);
    // Ephemeral messages are not in the channel's history for anyone but their one reader.
    expect(fake.messages(channelId)).toEqual([]);
    expect(await (client.channels.cache.get(channelId) as TextChannel).messages.fetch({ limit: 10 })).toHaveProperty(
      'size',
      0,
    );

    const hello = await fake.useSlashCommand({ guildId, channelId, userId, name: 'hello' });
    expect(hello.message?.content).toBe('hello @everyone');
    expect(hello.data?.allowed_mentions).toEqual({ parse: [] });
    expect(fake.messages(channelId).map((message) => message.content)).toContain('hello @everyone');

    const slow = await fake.useSlashCommand({ guildId, channelId, userId, name: 'slow' });
    expect(slow.type).toBe(5);
    await expect
      .poll(() => fake.requests.some((request) => request.method === 'POST' && request.path.startsWith('/webhooks/')))
      .toBe(true);
    expect(fake.messages(channelId).map((message) => message.content)).toEqual(expect.arrayContaining(['done']));
    expect(fake.messages(channelId).map((message) => message.content)).not.toContain('more'); // an ephemeral follow-up
    expect(fake.unknownRoutes).toEqual([]);
  });

  it('creates a forum post with tags, an embed and buttons, then locks and archives it', async () => {
    const fake = await fakeForTest();
    const client = await clientForTest(fake);
    const guildId = fake.guildId('테스트 서버');
    const forum = client.channels.cache.get(fake.channelId(guildId, '구인구직')) as ForumChannel;
    const rank = forum.availableTags.find((tag) => tag.name === '랭크');
    const created = new Promise((resolve) => client.once(Events.ThreadCreate, resolve));
    const post = await forum.threads.create({
      name: '랭크 같이 하실 분',
      appliedTags: [rank?.id ?? ''],
      message: {
        embeds: [{ title: '랭크 같이 하실 분', fields: [{ name: '참여자', value: '0/5' }] }],
        components: [
          new ActionRowBuilder<ButtonBuilder>().addComponents(
            new ButtonBuilder().setCustomId('job:close').setLabel('마감').setStyle(ButtonStyle.Danger),
          ),
        ],
        allowedMentions: { parse: [] },
      },
    });
    await created;
    expect(post.parentId).toBe(forum.id);
    expect(post.appliedTags).toEqual([rank?.id]);
    const starter = await post.fetchStarterMessage();
    expect(starter?.embeds[0]?.fields[0]).toMatchObject({ name: '참여자', value: '0/5' });
    expect(starter?.components).toHaveLength(1);
    await post.setLocked(true);
    await post.setArchived(true);
    expect(fake.channel(post.id)?.thread_metadata).toMatchObject({ locked: true, archived: true });
    expect(post.locked).toBe(true);
  });

  it('creates a voice room with a user limit and permission overwrites, edits and deletes it', async () => {
    const fake = await fakeForTest();
    const client = await clientForTest(fake);
    const guildId = fake.guildId('테스트 서버');
    const guild = client.guilds.cache.get(guildId);
    const ownerId = fake.userId(guildId, 'alex');
    const room = await guild?.channels.create({
      name: '🎮 alex의 방',
      type: ChannelType.GuildVoice,
      parent: fake.channelId(guildId, '음성 채널'),
      userLimit: 5,
      permissionOverwrites: [
        {
          id: ownerId,
          type: OverwriteType.Member,
          allow: [PermissionFlagsBits.Connect, PermissionFlagsBits.Speak, PermissionFlagsBits.MoveMembers],
        },
      ],
    });
    expect(room?.type).toBe(ChannelType.GuildVoice);
    const held = fake.channel(room?.id ?? '');
    expect(held).toMatchObject({ user_limit: 5, parent_id: fake.channelId(guildId, '음성 채널') });
    expect(held?.permission_overwrites).toEqual([
      expect.objectContaining({
        id: ownerId,
        type: 1,
        allow: (PermissionFlagsBits.Connect | PermissionFlagsBits.Speak | PermissionFlagsBits.MoveMembers).toString(),
      }),
    ]);
    await room?.setUserLimit(8);
    expect(fake.channel(room?.id ?? '')?.user_limit).toBe(8);
    const deleted = new Promise((resolve) => client.once(Events.ChannelDelete, resolve));
    await room?.delete();
    await deleted;
    expect(fake.channel(room?.id ?? '')).toBeUndefined();
  });

  it('sends, fetches and edits messages, and changes member roles', async () => {
    const fake = await fakeForTest();
    const client = await clientForTest(fake);
    const guildId = fake.guildId('테스트 서버');
    const channel = client.channels.cache.get(fake.channelId(guildId, '채팅')) as TextChannel;
    const sent = await channel.send({ content: '안녕하세요', allowedMentions: { parse: [] } });
    await sent.edit('안녕하세요!');
    const fetched = await channel.messages.fetch({ limit: 10, cache: false });
    expect(fetched.map((message) => message.content)).toEqual(['안녕하세요!']);
    expect(fetched.first()?.editedTimestamp).not.toBeNull();
    const member = await client.guilds.cache.get(guildId)?.members.fetch(fake.userId(guildId, 'alex'));
    const role = client.guilds.cache.get(guildId)?.roles.cache.find((candidate) => candidate.name === '모더레이터');
    await member?.roles.add(role?.id ?? '');
    expect(
      (await client.guilds.cache.get(guildId)?.members.fetch({ user: member?.id ?? '', force: true }))?.roles.cache.has(
        role?.id ?? '',
      ),
    ).toBe(true);
  });

  it('sends a file-only message, refuses messages to a category, and pages with before and after', async () => {
    const fake = await fakeForTest();
    const client = await clientForTest(fake);
    const guildId = fake.guildId('테스트 서버');
    const channel = client.channels.cache.get(fake.channelId(guildId, '채팅')) as TextChannel;
    const chart = await channel.send({ files: [{ attachment: Buffer.from('png bytes'), name: 'chart.png' }] });
    expect(chart.attachments.first()?.name).toBe('chart.png');
    expect(fake.requests.at(-1)?.files.map((file) => [file.name, file.bytes.byteLength])).toEqual([['chart.png', 9]]);
    const category = fake.channelId(guildId, '음성 채널');
    const refused = await client.rest
      .post(`/channels/${category}/messages`, { body: { content: 'x' } })
      .catch((error: unknown) => error);
    expect((refused as DiscordAPIError).code).toBe(50008);
    const sent = [];
    for (const content of ['a', 'b', 'c', 'd']) sent.push(await channel.send(content));
    const after = await channel.messages.fetch({ after: sent[1]?.id ?? '', cache: false });
    expect(after.map((message) => message.content)).toEqual(['d', 'c']);
    const before = await channel.messages.fetch({ before: sent[1]?.id ?? '', limit: 1, cache: false });
    expect(before.map((message) => message.content)).toEqual(['a']);
  });

  it('answers a button press with an update of the message it is on', async () => {
    const fake = await fakeForTest();
    const client = await clientForTest(fake);
    const guildId = fake.guildId('테스트 서버');
    const channel = client.channels.cache.get(fake.channelId(guildId, '채팅')) as TextChannel;
    const message = await channel.send({
      content: '열림',
      components: [
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId('close').setLabel('닫기').setStyle(ButtonStyle.Secondary),
        ),
      ],
    });
    client.on(Events.InteractionCreate, async (interaction: Interaction) => {
      if (interaction.isButton() && interaction.customId === 'close')
        await interaction.update({ content: '닫힘', components: [] });
    });
    const response = await fake.pressButton({
      guildId,
      channelId: channel.id,
      userId: fake.userId(guildId, 'minji'),
      messageId: message.id,
      customId: 'close',
    });
    expect(response.type).toBe(7);
    expect(fake.messages(channel.id)[0]).toMatchObject({ content: '닫힘', components: [] });
    expect(() =>
      fake.pressButton({
        guildId,
        channelId: channel.id,
        userId: fake.userId(guildId, 'minji'),
        messageId: message.id,
        customId: 'nope',
      }),
    ).toThrow(/no component with custom id "nope"/);
  });
});

describe('rate limits and failures', () => {
  it('sends x-ratelimit headers, and discord.js waits out an injected 429 (route and global) and retries a 500', async () => {
    const fake = await fakeForTest();
    const client = await clientForTest(fake);
    const channel = client.channels.cache.get(fake.channelId(fake.guildId('테스트 서버'), '채팅')) as TextChannel;
    const limited: unknown[] = [];
    client.rest.on('rateLimited', (info) => limited.push(info));
    fake.injectFailure({ method: 'POST', path: /\/messages$/, status: 429, retryAfterMs: 300 });
    fake.injectFailure({ method: 'POST', path: /\/messages$/, status: 429, retryAfterMs: 200, global: true });
    fake.injectFailure({ method: 'POST', path: /\/messages$/, status: 500 });
    const started = Date.now();
    await channel.send('끝까지 간다');
    const sends = fake.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/messages'));
    expect(sends.map((request) => request.status)).toEqual([429, 429, 500, 200]);
    expect(sends[3]?.at ?? 0).toBeGreaterThanOrEqual(started + 500);
    expect(fake.messages(channel.id).map((message) => message.content)).toEqual(['끝까지 간다']);
  });

  it('limits each route like Discord: past the limit a 429, which discord.js waits out', async () => {
    const fake = await fakeForTest({
      rateLimits: { perRoute: { limit: 2, windowMs: 400 }, global: { limit: 50, windowMs: 1_000 } },
    });
    const client = await clientForTest(fake);
    const channel = client.channels.cache.get(fake.channelId(fake.guildId('테스트 서버'), '채팅')) as TextChannel;
    await Promise.all(['1', '2', '3', '4', '5'].map((content) => channel.send(content)));
    expect(
      fake
        .messages(channel.id)
        .map((message) => message.content)
        .sort(),
    ).toEqual(['1', '2', '3', '4', '5']);
    const sends = fake.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/messages'));
    // discord.js reads the headers and queues instead of hitting the limit.
    expect(sends.filter((request) => request.status === 200)).toHaveLength(5);
    const times = sends.filter((request) => request.status === 200).map((request) => request.at);
    expect((times[4] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(400);
  });

  it('answers unknown routes with a Discord 404 and reports them', async () => {
    const fake = await fakeForTest();
    const client = await clientForTest(fake);
    const guildId = fake.guildId('테스트 서버');
    const error = await client.rest.get(`/guilds/${guildId}/bans`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).status).toBe(404);
    expect(fake.unknownRoutes).toEqual([`GET /guilds/${guildId}/bans`]);
  });
});
