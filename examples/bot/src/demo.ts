// `pnpm demo`: the reference bot's main job, with no network and no token. It starts the fake
// Discord with a community of a few hundred members, starts the real bot against it, drives a
// stream of voice traffic and commands, and prints what the bot did. GUILDKIT_LOCALE=en prints
// English; Korean is the default.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { days } from '@guildkit/core';
import { startFakeDiscord } from '@guildkit/fake-discord';
import { SqliteStore } from '@guildkit/sqlite-store';
import pino from 'pino';
import { startBot } from './bot.ts';
import { loadConfig } from './config.ts';
import { demoCommunity } from './demo-community.ts';
import { demoJobBoard } from './demo-jobs.ts';
import { demoWeeklyReport } from './demo-report.ts';
import { createLogger } from './logger.ts';
import { formatDuration, type Locale, messages } from './messages.ts';
import { runDemo } from './run-demo.ts';
import { mulberry32 } from './simulate.ts';

const MEMBERS = 300;
const VOICE_EVENTS = 3_000;

const locale: Locale = process.env.GUILDKIT_LOCALE === 'en' ? 'en' : 'ko';
const text = messages[locale];
const started = performance.now();
const folder = mkdtempSync(join(tmpdir(), 'guildkit-demo-'));
const say = (line: string) => console.log(line);

say(text.demoTitle);
say(text.demoScope);

const fake = await startFakeDiscord({ guilds: [demoCommunity(MEMBERS)], botName: 'guildkit' });
const guildId = fake.guildId('guildkit 커뮤니티');
say(text.fakeStarted(MEMBERS, 11, fake.apiUrl));

const logPath = join(folder, 'bot.log');
const config = loadConfig({
  DISCORD_TOKEN: fake.token,
  DISCORD_API_URL: fake.apiUrl,
  DATABASE_URL: `sqlite:${join(folder, 'guildkit.db')}`,
  GUILD_ID: guildId,
  FORUM_CHANNEL_ID: fake.channelId(guildId, '구인구직'),
  VOICE_CATEGORY_ID: fake.channelId(guildId, '구인 음성'),
  REPORT_CHANNEL_ID: fake.channelId(guildId, '공지'),
  HEALTH_PORT: '0',
  LOG_LEVEL: 'info',
});
// The bot runs on a simulated clock, so that a few seconds of traffic make an evening in Seoul.
let simulatedNow = Date.parse('2026-11-25T10:00:00Z'); // 19:00 KST
const bot = await startBot(config, createLogger(config.logLevel, pino.destination({ dest: logPath, sync: true })), {
  now: () => simulatedNow,
});
try {
  const commandCount = await bot.ready;
  say(text.botReady(Math.round(performance.now() - started), commandCount));

  // Voice traffic: members join, move, mute, deafen and leave, the waiting room and AFK room included.
  say(text.driving(VOICE_EVENTS));
  const random = mulberry32(20_261_125);
  const rooms = ['수다방', '게임방', '스터디', '대기실', '관전석', '잠수'].map((name) => fake.channelId(guildId, name));
  const inVoice = new Map<string, string>();
  const userIds = Array.from({ length: MEMBERS }, (_, i) =>
    fake.userId(guildId, `member${String(i).padStart(3, '0')}`),
  );
  const progress = progressBar(text.progress, VOICE_EVENTS);
  for (let sent = 1; sent <= VOICE_EVENTS; sent += 1) {
    const userId = userIds[Math.floor(random() * userIds.length)] as string;
    const current = inVoice.get(userId);
    const roll = random();
    const channelId =
      current === undefined || roll < 0.3
        ? (rooms[Math.floor(random() * rooms.length)] as string)
        : roll < 0.55
          ? null
          : current;
    if (channelId === null) inVoice.delete(userId);
    else inVoice.set(userId, channelId);
    fake.setVoiceState({ guildId, userId, channelId, selfMute: random() < 0.2, selfDeaf: random() < 0.05 });
    if (sent % 100 === 0) {
      progress(sent);
      await new Promise((resolve) => setImmediate(resolve));
      simulatedNow += 3 * 60_000; // three simulated minutes per hundred events
    }
  }
  while (bot.adapter.stats().voiceStates < VOICE_EVENTS) await new Promise((resolve) => setTimeout(resolve, 10));
  progress.done();
  const stats = bot.adapter.stats();
  say(text.handled(stats.voiceStates, stats.voiceSnapshots, stats.invalid));
  await bot.tracker.flush();
  const tracked = bot.tracker.stats();
  say(text.tracked(tracked.applied, tracked.duplicates, tracked.openSessions));
  const today = bot.tracker.dayOf(guildId, simulatedNow);
  const top = await bot.tracker.readTotals({ guildId, startDay: today, endDay: days.add(today, 1), includeLive: true });
  const names = new Map(
    demoCommunity(MEMBERS).members?.map((member, i) => [userIds[i] as string, member.globalName ?? member.username]),
  );
  say(text.topToday(today));
  for (const [index, total] of top.slice(0, 5).entries()) {
    say(`  ${text.rank(index + 1, names.get(total.userId) ?? total.userId, formatDuration(total.ms, locale))}`);
  }

  // Commands, answered in each member's language; /report checks Manage Server itself.
  const channelId = fake.channelId(guildId, '채팅');
  for (const [name, user, memberLocale] of [
    ['activity', 5, 'ko'],
    ['activity', 6, 'en-US'],
    ['report', 10, 'ko'],
    ['report', 0, 'en-GB'],
  ] as const) {
    const response = await fake.useSlashCommand({
      guildId,
      channelId,
      userId: userIds[user] as string,
      name,
      locale: memberLocale,
    });
    // A deferred answer (a report takes a moment) is the edited reply; its embed's title says what it is.
    let answer = String(response.data?.content ?? '');
    for (let tries = 0; response.type === 5 && answer === '' && tries < 500; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      answer = String((response.message?.embeds as { title?: string }[] | undefined)?.[0]?.title ?? '');
    }
    say(`  ${text.commandReply(name, memberLocale, answer.replaceAll('**', '').replaceAll('\n', ' · '))}`);
  }

  await demoJobBoard({ fake, bot, guildId, userIds, locale, say });
  const everyoneLeaves = async () => {
    const seen = bot.adapter.stats().voiceStates;
    for (const userId of userIds) fake.setVoiceState({ guildId, userId, channelId: null });
    while (bot.adapter.stats().voiceStates < seen + userIds.length)
      await new Promise((resolve) => setTimeout(resolve, 10));
  };
  await demoWeeklyReport({
    fake,
    bot,
    guildId,
    folder,
    locale,
    say,
    setNow: (at) => (simulatedNow = at),
    everyoneLeaves,
  });

  const health = await fetch(`http://127.0.0.1:${bot.healthPort}/healthz`);
  say(text.health(health.status, await health.text()));
  const metrics = await (await fetch(`http://127.0.0.1:${bot.healthPort}/metrics`)).text();
  for (const line of metrics.split('\n').filter((entry) => /^guildkit_(gateway_events|commands)_total\{/.test(entry)))
    say(`  ${text.metricLine(line)}`);
  say(text.logFile(logPath));
} finally {
  await bot.shutdown('demo finished');
  await fake.close();
}

// The storage foundation under the bot, end to end on its own file.
say('');
const storeFile = join(folder, 'storage-demo.db');
await runDemo({
  openStore: () => SqliteStore.open({ filename: storeFile }),
  storeName: 'SqliteStore',
  storeLocation: storeFile,
  locale,
  print: say,
});
say('');
say(text.stopped(process.uptime().toFixed(1)));

function progressBar(label: string, total: number): ((done: number) => void) & { done(): void } {
  const tty = process.stdout.isTTY === true;
  let lastQuarter = 0;
  const draw = (done: number) => {
    const filled = Math.round((done / total) * 30);
    if (tty) process.stdout.write(`\r  ${label} [${'#'.repeat(filled)}${'-'.repeat(30 - filled)}] ${done}/${total}`);
    else if (Math.floor((done / total) * 4) > lastQuarter) {
      lastQuarter = Math.floor((done / total) * 4);
      say(`  ${label} ${done}/${total}`);
    }
  };
  return Object.assign(draw, { done: () => tty && process.stdout.write('\n') });
}
