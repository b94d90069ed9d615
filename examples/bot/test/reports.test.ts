// Reports end to end: /report through the fake Discord, and a scheduled report that croner fires,
// posted exactly once across a restart; the bot's clock is simulated, so the periods are known.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type GuildSeed, startFakeDiscord } from '@guildkit/fake-discord';
import { SqliteStore } from '@guildkit/sqlite-store';
import { PermissionFlagsBits } from 'discord.js';
import pino from 'pino';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { startBot } from '../src/bot.ts';
import { loadConfig } from '../src/config.ts';

const folder = mkdtempSync(join(tmpdir(), 'guildkit-report-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const seed: GuildSeed = {
  name: '보고서 서버',
  preferredLocale: 'ko',
  roles: [{ name: '운영진', permissions: PermissionFlagsBits.ManageGuild }, { name: '게이머' }],
  channels: [
    { name: '공지', type: 'text' },
    { name: '채팅', type: 'text' },
    { name: '수다방', type: 'voice' },
  ],
  members: [
    { username: 'admin', globalName: '운영자', roles: ['운영진'] },
    { username: 'minji', globalName: '민지', roles: ['게이머'] },
    { username: 'alex', roles: ['게이머'] },
    { username: 'sam' },
    { username: 'music', bot: true },
  ],
};

type Embed = {
  title?: string;
  description?: string;
  image?: { url: string };
  fields?: { name: string; value: string }[];
};

async function setUp(extra: Record<string, string> = {}) {
  const fake = await startFakeDiscord({ guilds: [seed], botName: 'guildkit' });
  onTestFinished(() => fake.close());
  const guildId = fake.guildId('보고서 서버');
  const clock = { now: Date.parse('2026-11-25T08:00:00Z') }; // Wednesday, 17:00 in Seoul
  const env = {
    TIMEZONE: 'Asia/Seoul',
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.apiUrl,
    DATABASE_URL: `sqlite:${join(folder, `report-${Math.random().toString(36).slice(2)}.db`)}`,
    DATABASE_CREATE: 'on',
    GUILD_ID: guildId,
    REPORT_CHANNEL_ID: fake.channelId(guildId, '공지'),
    HEALTH_PORT: '0',
    ...extra,
  };
  const start = async (overrides: Record<string, string> = {}) => {
    const bot = await startBot(loadConfig({ ...env, ...overrides }), pino({ level: 'silent' }), {
      now: () => clock.now,
    });
    await bot.ready;
    onTestFinished(() => bot.shutdown('test over'));
    return bot;
  };
  const user = (name: string) => fake.userId(guildId, name);
  // An evening: 민지 2 h, alex 30 min, sam 10 min, the bot 5 h (never counted).
  const evening = async (bot: Awaited<ReturnType<typeof start>>) => {
    const room = fake.channelId(guildId, '수다방');
    const step = async (name: string, channelId: string | null, minutes: number) => {
      clock.now += minutes * 60_000;
      const seen = bot.guildkit.adapter.stats().voiceStates;
      fake.setVoiceState({ guildId, userId: user(name), channelId });
      // The bot stamps an event with its clock when it arrives: wait for it before the clock moves on.
      await expect.poll(() => bot.guildkit.adapter.stats().voiceStates).toBe(seen + 1);
    };
    for (const name of ['minji', 'alex', 'sam', 'music']) await step(name, room, 0);
    await step('sam', null, 10);
    await step('alex', null, 20);
    await step('minji', null, 90);
    await step('music', null, 180);
    await bot.guildkit.tracker?.flush();
  };
  const database = env.DATABASE_URL.slice('sqlite:'.length);
  return { fake, guildId, clock, start, user, evening, channelId: env.REPORT_CHANNEL_ID, database };
}

describe('reports in the bot', () => {
  it('answers /report in the channel with the embed and the chart, for the role asked, and refuses members without Manage Server', async () => {
    const { fake, guildId, start, user, evening } = await setUp();
    const bot = await start();
    await evening(bot);
    const chat = fake.channelId(guildId, '채팅');
    const refused = await fake.useSlashCommand({
      locale: 'ko',
      guildId,
      channelId: chat,
      userId: user('minji'),
      name: 'report',
    });
    expect(refused.data).toMatchObject({ content: '이 명령은 서버 관리 권한이 있는 멤버만 쓸 수 있어요.', flags: 64 });

    const gamers = fake.roleId(guildId, '게이머');
    const response = await fake.useSlashCommand({
      guildId,
      channelId: chat,
      userId: user('admin'),
      name: 'report',
      locale: 'en-US',
      options: [
        { name: 'period', type: 3, value: 'daily' },
        { name: 'role', type: 8, value: gamers },
      ],
    });
    await expect
      .poll(() => (response.message?.embeds as Embed[] | undefined)?.length ?? 0, { timeout: 10_000 })
      .toBe(2);
    const [embed, heatmap] = (response.message?.embeds ?? []) as [Embed, Embed];
    // The second embed is the guild's hour-of-week heatmap (the bot's chart renderer draws it too).
    expect(heatmap).toMatchObject({
      title: 'Voice time by hour of the week',
      image: { url: 'attachment://heatmap.png' },
    });
    expect(embed.title).toBe('Daily activity report (2026-11-25)');
    expect(embed.description).toBe(
      [
        'Active members: 2 of 2 (100%)',
        'Total time: 2h 30m · average per active member: 1h 15m',
        'Against the period before: total time new, active members +2',
      ].join('\n'),
    );
    expect(embed.fields?.[0]).toEqual({
      name: 'Most active (top 10)',
      value: `1. <@${user('minji')}> — 2h 0m\n2. <@${user('alex')}> — 30m`,
      inline: false, // as Discord stores a field sent without it
    });
    expect(embed.image?.url).toBe('attachment://report.png');
    expect(((response.message?.flags as number | undefined) ?? 0) & 64).toBe(0); // in the channel, for everyone
    const upload = fake.requests.find((request) => request.method === 'PATCH' && request.files.length > 0);
    expect(upload?.files[0]).toMatchObject({ name: 'report.png', contentType: 'image/png' });
    expect(upload?.files[1]).toMatchObject({ name: 'heatmap.png', contentType: 'image/png' });
    expect([...(upload?.files[0]?.bytes.subarray(0, 4) ?? [])]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  }, 30_000);

  it('posts a scheduled weekly report when croner fires, once, even across a restart', async () => {
    const { fake, guildId, clock, start, user, channelId, database } = await setUp({
      REPORT_WEEKLY_CRON: '* * * * * *', // every second, so that the test need not wait for Monday
      REPORT_DAILY_CRON: 'off',
      REPORT_MONTHLY_CRON: 'off',
    });
    // Last week's time is in the database when the bot starts; its clock says Monday, 00:05 in Seoul.
    const store = await SqliteStore.open({ filename: database });
    await store.addActivity([
      { guildId, userId: user('minji'), day: '2026-11-25', ms: 7_200_000 },
      { guildId, userId: user('sam'), day: '2026-11-29', ms: 600_000 },
      { guildId, userId: user('alex'), day: '2026-11-30', ms: 600_000 }, // this week: not in the report
    ]);
    await store.close();
    clock.now = Date.parse('2026-11-30T00:05:00+09:00');
    const first = await start();
    const reports = () => fake.messages(channelId).filter((message) => (message.embeds as Embed[] | undefined)?.length);
    await expect.poll(() => reports().length, { timeout: 10_000 }).toBe(1);
    const embed = ((reports()[0]?.embeds ?? []) as Embed[])[0];
    expect(embed?.title).toBe('주간 활동 보고서 (2026-11-23 ~ 2026-11-29)');
    // Counted: the owner, 운영자, 민지, alex and sam (not the music bot); active: 민지 and sam.
    expect(embed?.description?.split('\n')[0]).toBe('활동 멤버: 2/5명 (40%)');
    await new Promise((resolve) => setTimeout(resolve, 2_200)); // it fires twice more
    await first.shutdown('restart');
    await start();
    await new Promise((resolve) => setTimeout(resolve, 2_200)); // and twice more after the restart
    expect(reports()).toHaveLength(1);
  }, 40_000);
});
