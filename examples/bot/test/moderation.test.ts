// Anti-spam, command cooldowns and the activity log end to end: the real bot on the fake Discord.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type GuildSeed, startFakeDiscord } from '@guildkit/fake-discord';
import { PermissionFlagsBits } from 'discord.js';
import pino from 'pino';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { startBot } from '../src/bot.ts';
import { loadConfig } from '../src/config.ts';

const folder = mkdtempSync(join(tmpdir(), 'guildkit-moderation-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const seed: GuildSeed = {
  name: '모더레이션 서버',
  roles: [{ name: '모더레이터', permissions: PermissionFlagsBits.ManageMessages }],
  channels: [
    { name: '채팅', type: 'text' },
    { name: '봇-로그', type: 'text' },
    { name: '수다방', type: 'voice' },
    { name: '게임방', type: 'voice' },
  ],
  members: [
    { username: 'minji', globalName: '민지', roles: ['모더레이터'] },
    { username: 'alex' },
    ...Array.from({ length: 40 }, (_, n) => ({ username: `member${n}` })),
  ],
};

let databases = 0;
async function setUp(
  options: {
    readonly rateLimits?: NonNullable<Parameters<typeof startFakeDiscord>[0]>['rateLimits'];
    readonly env?: Record<string, string>;
  } = {},
) {
  const fake = await startFakeDiscord({
    guilds: [seed],
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
  });
  onTestFinished(() => fake.close());
  const guildId = fake.guildId(seed.name);
  databases += 1;
  const env = {
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.apiUrl,
    DATABASE_URL: `sqlite:${join(folder, `moderation-${databases}.db`)}`,
    DATABASE_CREATE: 'on',
    GUILD_ID: guildId,
    LOG_CHANNEL_ID: fake.channelId(guildId, '봇-로그'),
    HEALTH_PORT: '0',
    ...options.env,
  };
  const bot = await startBot(loadConfig(env), pino({ level: 'silent' }));
  await bot.ready;
  onTestFinished(() => bot.shutdown('test over'));
  const user = (name: string) => fake.userId(guildId, name);
  return { fake, bot, guildId, user, chat: fake.channelId(guildId, '채팅'), logChannel: env.LOG_CHANNEL_ID };
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('moderation in the bot', () => {
  it('deletes a flood and mention spam, warns in the log channel, times out the third offence, spares moderators', async () => {
    const { fake, bot, guildId, user, chat, logChannel } = await setUp({ env: { ANTISPAM_WINDOW_SECONDS: '1' } });
    const alex = user('alex');
    const send = (userId: string, content: string, mentions: string[] = []) =>
      fake.sendMessage({ guildId, channelId: chat, userId, content, mentions });

    // A flood of 12 in well under a second: the 9th to the 12th go, as one offence.
    for (let n = 1; n <= 12; n += 1) send(alex, `spam ${n}`);
    await until(() => fake.messages(chat).length === 8, 'the flood to be cut to 8 messages');
    expect(fake.messages(chat).map((message) => message.content)).toEqual(
      Array.from({ length: 8 }, (_, n) => `spam ${n + 1}`),
    );

    // Six people mentioned at once: deleted, the second offence.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const six = Array.from({ length: 6 }, (_, n) => user(`member${n}`));
    send(alex, six.map((id) => `<@${id}>`).join(' '), six);
    const five = six.slice(0, 5);
    send(user('member9'), five.map((id) => `<@${id}>`).join(' '), five); // five is allowed
    await until(() => fake.messages(chat).length === 9, 'the mention spam to go');
    expect(fake.timedOutUntil(guildId, alex)).toBeNull();

    // A moderator may post as fast as they like.
    for (let n = 1; n <= 12; n += 1) send(user('minji'), `announcement ${n}`);
    // A second flood a second later: the third offence, and a ten-minute time-out.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    for (let n = 1; n <= 10; n += 1) send(alex, `again ${n}`);
    await until(() => fake.timedOutUntil(guildId, alex) !== null, 'the time-out');
    const until10 = Date.parse(fake.timedOutUntil(guildId, alex) as string) - Date.now();
    expect(until10).toBeGreaterThan(9 * 60_000);
    expect(until10).toBeLessThanOrEqual(10 * 60_000);
    await until(() => fake.messages(chat).length === 9 + 12 + 8, 'the second flood to be cut');
    expect(fake.messages(chat).filter((message) => String(message.content).startsWith('announcement'))).toHaveLength(
      12,
    );

    // The log channel hears of it (within the sink's five seconds), pinging no one.
    await until(
      () => fake.messages(logChannel).some((message) => String(message.content).includes('timed out')),
      'the warning in the log channel',
    );
    const posts = fake.requests.filter(
      (request) => request.method === 'POST' && request.path === `/channels/${logChannel}/messages`,
    );
    expect(posts.every((request) => JSON.stringify(request.body.allowed_mentions) === '{"parse":[]}')).toBe(true);
    const warned = fake
      .messages(logChannel)
      .map((message) => String(message.content))
      .join('\n');
    expect(warned).toContain(`deleted a message of <@${alex}>: 9 messages in 1 s (more than 8)`);
    expect(warned).toContain(`deleted a message of <@${alex}>: 6 mentions in one message (more than 5)`);
    expect(warned).toContain(`timed out <@${alex}> for 10 minutes: 3 offences in 10 minutes`);
    const stored = await bot.store.readRecentLogs({ source: 'anti-spam', limit: 100 });
    expect(stored.filter((record) => record.message.startsWith('deleted'))).toHaveLength(4 + 1 + 2);
  }, 30_000);

  it('makes a member wait between two uses of a command', async () => {
    const { fake, guildId, user, chat } = await setUp({ env: { COMMAND_COOLDOWN_SECONDS: '60' } });
    const use = () =>
      fake.useSlashCommand({ guildId, channelId: chat, userId: user('alex'), name: 'activity', locale: 'en' });
    const first = await use();
    expect(JSON.stringify(first)).toMatch(/voice activity/i);
    const second = await use();
    expect(JSON.stringify(second)).toMatch(/Slow down! Try again in (59|60) s\./);
    const other = await fake.useSlashCommand({
      locale: 'ko',
      guildId,
      channelId: chat,
      userId: user('minji'),
      name: 'activity',
    });
    expect(JSON.stringify(other)).toContain('음성 활동');
  });

  it('logs a burst of 500 voice events a second to the store, and to the log channel in a few messages without a 429', async () => {
    const { fake, bot, guildId, user, logChannel } = await setUp({
      rateLimits: { perRoute: { limit: 5, windowMs: 5_000 }, global: { limit: 50, windowMs: 1_000 } },
      env: { ANTISPAM: 'off' },
    });
    const rooms = ['수다방', '게임방'].map((name) => fake.channelId(guildId, name));
    const members = Array.from({ length: 40 }, (_, n) => user(`member${n}`));
    const started = Date.now();
    for (let event = 0; event < 500; event += 1) {
      const member = members[event % members.length] as string;
      // Each member goes in, moves, and out again, over and over.
      const step = Math.floor(event / members.length) % 3;
      fake.setVoiceState({ guildId, userId: member, channelId: step === 2 ? null : (rooms[step] as string) });
      if (event % 50 === 49) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(Date.now() - started).toBeLessThan(2_000);
    await until(
      async () => (await bot.store.readRecentLogs({ source: 'voice', limit: 1_000 })).length === 500,
      'all 500 in the store',
    );
    // Two flushes of the log channel's sink: every burst record has had its turn.
    await new Promise((resolve) => setTimeout(resolve, 11_000));
    const posts = fake.requests.filter(
      (request) => request.method === 'POST' && request.path === `/channels/${logChannel}/messages`,
    );
    expect(posts.length).toBeGreaterThanOrEqual(2);
    expect(posts.length).toBeLessThanOrEqual(6);
    expect(posts.every((request) => request.status === 200)).toBe(true);
    expect(fake.requests.some((request) => request.status === 429)).toBe(false);
    const contents = fake.messages(logChannel).map((message) => String(message.content));
    expect(contents.every((content) => content.length <= 2_000)).toBe(true);
    expect(contents.join('\n')).toMatch(/… and \d+ more \(see the store's log\)/); // in the guild's language, English here
    expect(bot.guildkit.activityLog?.logger.stats().sinks.discord).toMatchObject({
      buffered: 0,
      failedWrites: 0,
    });
  }, 40_000);
});
