// Messages beside voice, /activity's rolling figures, and members' data rights (/activity data and
// /activity forget) on a real discord.js client against fake-discord.
import { MemoryStore } from '@guildkit/core';
import { type GuildSeed, startFakeDiscord } from '@guildkit/fake-discord';
import { Client } from 'discord.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createGuildkit, guildkitIntents } from '../src/index.ts';

const seed: GuildSeed = {
  name: 'Test',
  roles: [{ name: 'Admins', permissions: 1n << 5n }], // Manage Server
  channels: [
    { name: 'chat', type: 'text' },
    { name: 'waiting room', type: 'text' },
    { name: 'Lounge', type: 'voice' },
    { name: 'lfg', type: 'forum' },
  ],
  members: [
    { username: 'ana', globalName: 'Ana', roles: ['Admins'] },
    { username: 'ben', globalName: 'Ben' },
  ],
};

async function setUp() {
  const fake = await startFakeDiscord({ guilds: [seed] });
  onTestFinished(() => fake.close());
  const guildId = fake.guildId('Test');
  const store = new MemoryStore();
  const options = { store, activity: true, jobBoard: { forumChannelId: fake.channelId(guildId, 'lfg') } };
  const client = new Client({ intents: guildkitIntents(options), rest: { api: fake.apiUrl } });
  onTestFinished(() => client.destroy());
  const guildkit = createGuildkit(client, options);
  onTestFinished(() => guildkit.close());
  await client.login(fake.token);
  await guildkit.ready;
  const channel = (name: string) => fake.channelId(guildId, name);
  const ana = fake.userId(guildId, 'ana');
  const ben = fake.userId(guildId, 'ben');
  const say = (userId: string, where = 'chat') =>
    fake.sendMessage({ guildId, channelId: channel(where), userId, content: 'hello' });
  const use = (userId: string, subcommand: string, member?: string, locale = 'en-US') =>
    fake.useSlashCommand({
      guildId,
      channelId: channel('chat'),
      userId,
      name: 'activity',
      locale,
      options: [
        {
          type: 1,
          name: subcommand,
          options: member === undefined ? [] : [{ type: 6, name: 'member', value: member }],
        },
      ],
    });
  return { fake, guildkit, store, guildId, channel, ana, ben, say, use };
}

describe('/activity and messages', () => {
  it('counts messages (not in ignored channels), and shows them with the last 7 and 30 days', async () => {
    const { fake, guildkit, store, guildId, channel, ana, ben, say, use } = await setUp();
    await fake.setVoiceState({ guildId, userId: ana, channelId: channel('Lounge') });
    say(ana);
    say(ana);
    say(ben);
    say(ben, 'waiting room'); // an ignored channel, by the same rules as voice
    await fake.delivered();
    expect(guildkit.tracker?.stats().messages).toBe(3);
    const shown = String((await use(ana, 'show')).message?.content);
    expect(shown).toMatch(/^\*\*Ana\*\*'s voice activity\nToday: \d+m · 2 messages\n/);
    expect(shown).toMatch(/\nLast 7 days: \d+m · 2 messages\nLast 30 days: \d+m · 2 messages$/);
    expect(String((await use(ana, 'show', ben, 'ko')).message?.content)).toMatch(/최근 30일: 0분 · 메시지 1개$/);
    await guildkit.tracker?.flush();
    const today = guildkit.tracker?.dayOf(guildId, Date.now()) as string;
    expect(await store.readChannelTotals({ guildId, startDay: today, endDay: '2100-01-01' })).toEqual([
      { channelId: channel('chat'), ms: 0, messages: 3 },
    ]);
  });

  it('gives a member everything kept about them as CSV files only they see', async () => {
    const { fake, ana, say, use } = await setUp();
    expect((await use(ana, 'data')).message?.content).toBe('This bot keeps nothing about you on this server.');
    say(ana);
    await fake.delivered();
    // Not flushed yet: the command writes what the tracker holds before it reads.
    const answer = await use(ana, 'data');
    expect(answer.message?.flags).toBe(64);
    expect(answer.message?.content).toMatch(/in 3 CSV files\. Message texts are never kept\./);
    const files = answer.message?.attachments as { id: string; filename: string }[];
    expect(files.map((file) => file.filename)).toEqual(['days.csv', 'channels.csv', 'hours.csv']);
    const days = new TextDecoder().decode(fake.attachment(files[0]?.id as string));
    expect(days).toMatch(/^guild_id,user_id,day,voice_ms,messages\r\n\d+,\d+,\d{4}-\d\d-\d\d,0,1\r\n$/);
  });

  it('forgets a member after they confirm, everywhere; only Manage Server may forget someone else', async () => {
    const { fake, guildkit, store, guildId, channel, ana, ben, say, use } = await setUp();
    const all = { guildId, startDay: '2000-01-01', endDay: '2100-01-01' };
    say(ana);
    say(ben);
    await fake.setVoiceState({ guildId, userId: ben, channelId: channel('Lounge') });
    await fake.delivered();
    await guildkit.tracker?.checkpoint();
    // Ben may not forget Ana: refused at once.
    expect((await use(ben, 'forget', ana)).message?.content).toBe(
      'Only members with the Manage Server permission can use this command.',
    );
    const ask = async () => {
      const question = await use(ben, 'forget');
      expect(question.message?.content).toMatch(/^Delete everything this bot keeps about you on this server/);
      return String(question.message?.id);
    };
    const press = (messageId: string, userId: string, answer: 'yes' | 'no') =>
      fake.pressButton({
        guildId,
        channelId: channel('chat'),
        userId,
        messageId,
        customId: `guildkit:forget:${answer}:${ben}:${ben}`,
      });
    expect((await press(await ask(), ben, 'no')).data?.content).toBe('Nothing was deleted.');
    expect((await store.readMemberData({ guildId, userId: ben })).days).toHaveLength(1);
    // Someone else pressing the question's button changes nothing.
    const question = await ask();
    expect((await press(question, ana, 'yes')).message?.content).toBe('Only the member who asked can answer this.');
    expect((await store.readMemberData({ guildId, userId: ben })).days).toHaveLength(1);
    const done = await press(question, ben, 'yes');
    expect(done.message?.content).toMatch(/^Deleted the data of \*\*Ben\*\*: 1 day,/);
    expect(await store.readMemberData({ guildId, userId: ben })).toMatchObject({
      days: [],
      channels: [],
      hours: [],
      checkpoint: undefined,
    });
    expect((await store.readActivityTotals(all)).map((total) => total.userId)).toEqual([ana]);
    // Ben is still in voice: from now on his time counts again, and nothing from before comes back.
    await guildkit.tracker?.checkpoint();
    expect((await store.readActivityTotals(all)).find((total) => total.userId === ben)?.messages ?? 0).toBe(0);
    // Ana has Manage Server: she may forget Ben (asked, then confirmed by her).
    const asked = await use(ana, 'forget', ben, 'ko');
    expect(asked.message?.content).toMatch(/\*\*Ben\*\*님의 데이터를 모두 지울까요/);
    const confirmed = await fake.pressButton({
      guildId,
      channelId: channel('chat'),
      userId: ana,
      messageId: String(asked.message?.id),
      customId: `guildkit:forget:yes:${ben}:${ana}`,
      locale: 'ko',
    });
    expect(confirmed.message?.content).toMatch(/^\*\*Ben\*\*님의 데이터를 지웠어요/);
  });
});

describe('/report with channels and hours', () => {
  it('lists the busiest channels and attaches the hour-of-week heatmap as a PNG, for the last 7 days', async () => {
    const { reportChart } = await import('../src/chart.ts');
    const fake = await startFakeDiscord({ guilds: [seed] });
    onTestFinished(() => fake.close());
    const guildId = fake.guildId('Test');
    const store = new MemoryStore();
    const options = { store, activity: true, reports: { chart: reportChart() } };
    const client = new Client({ intents: guildkitIntents(options), rest: { api: fake.apiUrl } });
    onTestFinished(() => client.destroy());
    const guildkit = createGuildkit(client, options);
    onTestFinished(() => guildkit.close());
    await client.login(fake.token);
    await guildkit.ready;
    const lounge = fake.channelId(guildId, 'Lounge');
    const today = guildkit.tracker?.dayOf(guildId, Date.now()) as string;
    await store.recordActivity({
      increments: [{ guildId, userId: fake.userId(guildId, 'ana'), day: today, ms: 5_400_000, messages: 4 }],
      slices: [
        {
          guildId,
          userId: fake.userId(guildId, 'ana'),
          channelId: lounge,
          day: today,
          hour: 20,
          ms: 5_400_000,
          messages: 0,
        },
        {
          guildId,
          userId: fake.userId(guildId, 'ana'),
          channelId: fake.channelId(guildId, 'chat'),
          day: today,
          hour: 21,
          ms: 0,
          messages: 4,
        },
      ],
    });
    const answer = await fake.useSlashCommand({
      guildId,
      channelId: fake.channelId(guildId, 'chat'),
      userId: fake.userId(guildId, 'ana'),
      name: 'report',
      options: [{ type: 3, name: 'period', value: 'last7' }],
    });
    const [report, heatmap] = (answer.message?.embeds ?? []) as {
      title: string;
      fields: { name: string; value: string }[];
      image?: { url: string };
    }[];
    expect(report?.title).toMatch(/^Activity of the last 7 days \(/);
    expect(report?.fields).toContainEqual({
      name: 'Busiest channels',
      value: `1. <#${lounge}> — 1h 30m\n2. <#${fake.channelId(guildId, 'chat')}> — 0m`,
      inline: false,
    });
    expect(report?.fields).toContainEqual({ name: 'Messages', value: '4', inline: true });
    expect(heatmap).toMatchObject({
      title: 'Voice time by hour of the week',
      image: { url: 'attachment://heatmap.png' },
    });
    const files = answer.message?.attachments as { id: string; filename: string }[];
    expect(files.map((file) => file.filename)).toEqual(['report.png', 'heatmap.png']);
    const png = Buffer.from(fake.attachment(files[1]?.id as string) as Uint8Array);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([56 + 24 * 28 + 16, 64 + 7 * 28 + 16]);
  });
});
