import {
  DiscordAPIError,
  type ForumChannel,
  type Interaction,
  OverwriteType,
  PermissionFlagsBits,
  type TextChannel,
} from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { GuildSeed } from '../src/index.ts';
import { clientForTest, fakeForTest } from './helpers.ts';

// The bot is no administrator here (administrators skip overwrites): it may see and write, and
// open threads, as @everyone may.
const guild = {
  name: '권한 서버',
  botPermissions:
    PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.SendMessagesInThreads,
  roles: [{ name: '모더레이터' }],
  members: [{ username: 'minji', roles: ['모더레이터'] }, { username: 'alex' }],
  channels: [
    { name: '채팅', type: 'text' },
    { name: '공지', type: 'text', deny: { bot: ['SendMessages'] } },
    { name: '비밀', type: 'text', deny: { everyone: ['ViewChannel'] } },
    {
      name: '모더레이터 전용',
      type: 'text',
      deny: { everyone: ['SendMessages'] },
      allow: { roles: { 모더레이터: ['SendMessages'] } },
    },
    { name: '구인구직', type: 'forum', tags: ['랭크'], deny: { bot: ['SendMessages'] } },
    { name: '자유 포럼', type: 'forum' },
  ],
} as const satisfies GuildSeed;

describe('channel permission overwrites', () => {
  it('sends the overwrites so that discord.js computes what Discord would, and refuses to post where the bot may not', async () => {
    const fake = await fakeForTest({ guilds: [guild] });
    const client = await clientForTest(fake);
    const guildId = fake.guildId(guild.name);
    const me = client.guilds.cache.get(guildId)?.members.me ?? undefined;
    if (me === undefined) throw new Error('the bot is not in the guild');
    const channel = (name: string) => client.channels.cache.get(fake.channelId(guildId, name)) as TextChannel;

    expect(channel('공지').permissionOverwrites.cache.get(fake.botUserId)).toMatchObject({
      type: OverwriteType.Member,
    });
    expect(channel('공지').permissionsFor(me).has('SendMessages')).toBe(false);
    expect(channel('공지').permissionsFor(me).has('ViewChannel')).toBe(true);
    expect(channel('채팅').permissionsFor(me).has('SendMessages')).toBe(true);
    expect(channel('비밀').permissionsFor(me).has('ViewChannel')).toBe(false);

    const refused = await channel('공지')
      .send('안녕하세요')
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DiscordAPIError);
    expect(refused).toMatchObject({ status: 403, code: 50013, message: 'Missing Permissions' });
    // Not seeing a channel at all is Missing Access, as on Discord.
    const unseen = await channel('비밀')
      .send('안녕하세요')
      .catch((error: unknown) => error);
    expect(unseen).toMatchObject({ status: 403, code: 50001, message: 'Missing Access' });
    expect(fake.messages(channel('공지').id)).toEqual([]);

    const sent = await channel('채팅').send('안녕하세요');
    expect(fake.messages(channel('채팅').id).map((message) => message.id)).toEqual([sent.id]);
  });

  it('refuses a forum post where the bot may not create posts, and allows one where it may, and a message in it', async () => {
    const fake = await fakeForTest({ guilds: [guild] });
    const client = await clientForTest(fake);
    const guildId = fake.guildId(guild.name);
    const forum = (name: string) => client.channels.cache.get(fake.channelId(guildId, name)) as ForumChannel;

    const refused = await forum('구인구직')
      .threads.create({ name: '랭크 같이 하실 분', message: { content: '3명 구해요' } })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 403, code: 50013 });
    const post = await forum('자유 포럼').threads.create({ name: '잡담', message: { content: '안녕하세요' } });
    // A thread takes its parent's overwrites; writing in it is SendMessagesInThreads.
    await post.send('두 번째 글');
    expect(fake.messages(post.id).map((message) => message.content)).toEqual(['안녕하세요', '두 번째 글']);
  });

  it("computes in Discord's order: @everyone, then roles, then the member; the owner and administrators skip overwrites", async () => {
    const fake = await fakeForTest({ guilds: [guild] });
    const client = await clientForTest(fake);
    const guildId = fake.guildId(guild.name);
    const channelId = fake.channelId(guildId, '모더레이터 전용');
    const members = client.guilds.cache.get(guildId)?.members;
    const minji = await members?.fetch(fake.userId(guildId, 'minji'));
    const alex = await members?.fetch(fake.userId(guildId, 'alex'));
    const channel = client.channels.cache.get(channelId) as TextChannel;
    expect(channel.permissionsFor(minji ?? '')?.has('SendMessages')).toBe(true);
    expect(channel.permissionsFor(alex ?? '')?.has('SendMessages')).toBe(false);

    // What the fake computes reaches the bot too: an interaction's member and app permissions are
    // those in its channel.
    await client.guilds.cache.get(guildId)?.commands.set([{ name: 'ping', description: 'x' }]);
    const seen: { member: bigint | undefined; app: bigint }[] = [];
    client.on('interactionCreate', async (interaction: Interaction) => {
      if (!interaction.isChatInputCommand()) return;
      seen.push({ member: interaction.memberPermissions?.bitfield, app: interaction.appPermissions.bitfield });
      await interaction.reply({ content: 'pong', flags: 64 });
    });
    for (const username of ['minji', 'alex'])
      await fake.useSlashCommand({ guildId, channelId, userId: fake.userId(guildId, username), name: 'ping' });
    const canSend = (bits: bigint | undefined) => ((bits ?? 0n) & PermissionFlagsBits.SendMessages) !== 0n;
    expect(seen.map(({ member }) => canSend(member))).toEqual([true, false]);
    expect(seen.map(({ app }) => canSend(app))).toEqual([false, false]);

    // A seed that denies an administrator bot anything is a mistake: it would have no effect.
    expect(() =>
      fake.addGuild({ name: '관리자 봇', channels: [{ name: '공지', type: 'text', deny: { bot: ['SendMessages'] } }] }),
    ).toThrow(/administrator/);
    // The owner passes every overwrite; an everyone overwrite does not bind the administrator bot.
    const adminGuildId = fake.addGuild({
      name: '관리자 봇',
      channels: [{ name: '비밀', type: 'text', deny: { everyone: ['ViewChannel', 'SendMessages'] } }],
    });
    await fake.delivered();
    const secret = client.channels.cache.get(fake.channelId(adminGuildId, '비밀')) as TextChannel;
    await secret.send('관리자는 됩니다');
    const owner = await client.guilds.cache.get(adminGuildId)?.fetchOwner();
    expect(secret.permissionsFor(owner ?? '')?.has('SendMessages')).toBe(true);
  });

  it('gives each overwrite its type, both allow and deny, and refuses unknown names', async () => {
    const fake = await fakeForTest({ guilds: [guild] });
    const guildId = fake.guildId(guild.name);
    const channelId = fake.addChannel(guildId, {
      name: '혼합',
      type: 'text',
      allow: { members: { alex: ['SendMessages'] }, bot: ['EmbedLinks'] },
      deny: { everyone: ['SendMessages'], members: { alex: ['AttachFiles'] } },
    });
    expect(fake.channel(channelId)?.permission_overwrites).toEqual([
      { id: guildId, type: 0, allow: '0', deny: String(PermissionFlagsBits.SendMessages) },
      { id: fake.botUserId, type: 1, allow: String(PermissionFlagsBits.EmbedLinks), deny: '0' },
      {
        id: fake.userId(guildId, 'alex'),
        type: 1,
        allow: String(PermissionFlagsBits.SendMessages),
        deny: String(PermissionFlagsBits.AttachFiles),
      },
    ]);
    expect(() =>
      fake.addChannel(guildId, { name: 'x', type: 'text', deny: { roles: { 없는역할: ['SendMessages'] } } }),
    ).toThrow(/role "없는역할"/);
    expect(() =>
      fake.addChannel(guildId, { name: 'x', type: 'text', deny: { members: { nobody: ['SendMessages'] } } }),
    ).toThrow(/member "nobody"/);
    expect(() =>
      // @ts-expect-error: not a permission name
      fake.addChannel(guildId, { name: 'x', type: 'text', deny: { everyone: ['SendMessage'] } }),
    ).toThrow(/"SendMessage" is not a Discord permission name/);
  });
});
