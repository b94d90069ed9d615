// `pnpm demo`: the reference bot's main job, with no network and no token. It starts the fake
// Discord with a community of a few hundred members, starts the real bot against it on a simulated
// clock, drives a stream of voice traffic and commands, and prints what the bot did: in English, or
// in Korean with GUILDKIT_LOCALE=ko (the community then speaks Korean too). The same figures every
// run: the clock and the random numbers are seeded, and the clock moves only once the bot has every
// event sent before.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { days, formatDuration } from '@guildkit/core';
import { startFakeDiscord } from '@guildkit/fake-discord';
import pino from 'pino';
import { startBot } from './bot.ts';
import { loadConfig } from './config.ts';
import { COMMUNITY_NAMES, type DemoLocale, demoCommunity, mulberry32 } from './demo-community.ts';
import { demoJobBoard } from './demo-jobs.ts';
import { demoWeeklyReport } from './demo-report.ts';
import { demoStrings } from './demo-strings.ts';
import { VoiceModel } from './demo-voice-model.ts';
import { createLogger } from './logger.ts';

const MEMBERS = 300;
const VOICE_EVENTS = 3_000;

const locale: DemoLocale = process.env.GUILDKIT_LOCALE === 'ko' ? 'ko' : 'en';
const text = demoStrings[locale];
const names = COMMUNITY_NAMES[locale];
// An evening in the community's time zone: 19:00 on Wednesday 25 November 2026.
const timeZone = locale === 'ko' ? 'Asia/Seoul' : 'UTC';
let simulatedNow = Date.parse(locale === 'ko' ? '2026-11-25T10:00:00Z' : '2026-11-25T19:00:00Z');
const folder = mkdtempSync(join(tmpdir(), 'guildkit-demo-'));
/** Prints a line, with mentions of members and channels shown by name, as Discord shows them. */
const say = (line: string) =>
  console.log(
    line
      .replace(/<@(\d+)>/g, (_, id: string) => `@${nameOf.get(id) ?? id}`)
      .replace(/<#(\d+)>/g, (_, id: string) => `#${String(fake.channel(id)?.name ?? id)}`),
  );
const nameOf = new Map<string, string>();

say(text.title);
say(text.scope);
const seed = demoCommunity(MEMBERS, locale);
// The fake's ids and timestamps follow the simulated clock too, so that they are the same every run.
// Discord's 3 s to answer an interaction, stretched: the demo runs on busy machines too (CI runs
// it beside the other tests), where a slow second is the machine's and not the bot's.
const fake = await startFakeDiscord({
  guilds: [seed],
  botName: 'guildkit',
  now: () => simulatedNow,
  interactionDeadlineMs: 15_000,
});
const guildId = fake.guildId(names.guild);
for (const [i, member] of (seed.members ?? []).entries())
  nameOf.set(fake.userId(guildId, `member${String(i).padStart(3, '0')}`), member.globalName ?? member.username);
say(text.fakeStarted(MEMBERS, seed.channels?.length ?? 0));

const logPath = join(folder, 'bot.log');
// The dashboard is served on the health port, so its address is known before the bot starts.
const port = Number(process.env.DEMO_PORT ?? (await freePort()));
const dashboardUrl = `http://127.0.0.1:${port}`;
const keepRunning = process.argv.includes('--keep-running') || process.env.DEMO_KEEP_RUNNING === 'on';
const config = loadConfig({
  DISCORD_TOKEN: fake.token,
  DISCORD_API_URL: fake.apiUrl,
  DATABASE_URL: `sqlite:${join(folder, 'guildkit.db')}`,
  DATABASE_CREATE: 'on',
  GUILD_ID: guildId,
  FORUM_CHANNEL_ID: fake.channelId(guildId, names.jobs),
  VOICE_CATEGORY_ID: fake.channelId(guildId, names.jobVoice),
  REPORT_CHANNEL_ID: fake.channelId(guildId, names.announcements),
  TIMEZONE: timeZone,
  LOCALE: locale,
  COMMAND_COOLDOWN_SECONDS: '0',
  HEALTH_PORT: String(port),
  DASHBOARD_URL: dashboardUrl,
  DISCORD_CLIENT_SECRET: fake.oauth2.clientSecret,
  DASHBOARD_SESSION_SECRET: randomBytes(32).toString('hex'),
  DISCORD_AUTHORIZE_URL: fake.oauth2.authorizeUrl,
});
const bot = await startBot(config, createLogger('info', pino.destination({ dest: logPath, sync: true })), {
  now: () => simulatedNow,
});
const { guildkit } = bot;
try {
  const registered = await bot.ready;
  say(text.botReady(registered === undefined ? 0 : registered.created.length + registered.unchanged.length));

  // Voice traffic: members join, move, mute, deafen and leave, the waiting room and AFK room included.
  say(text.driving(VOICE_EVENTS));
  const random = mulberry32(20_261_125);
  const rooms = names.rooms.map((name) => fake.channelId(guildId, name));
  const userIds = Array.from({ length: MEMBERS }, (_, i) =>
    fake.userId(guildId, `member${String(i).padStart(3, '0')}`),
  );
  // What the time should be, from the events sent: the bot's figures are checked against it.
  const model = new VoiceModel(new Set(rooms.slice(3)));
  for (let sent = 1; sent <= VOICE_EVENTS; sent += 1) {
    const userId = userIds[Math.floor(random() * userIds.length)] as string;
    const current = model.channelOf(userId);
    const roll = random();
    const channelId =
      current === undefined || roll < 0.3
        ? (rooms[Math.floor(random() * rooms.length)] as string)
        : roll < 0.55
          ? null
          : current;
    const change = { guildId, userId, channelId, selfMute: random() < 0.2, selfDeaf: random() < 0.05 };
    model.apply(change, simulatedNow);
    void fake.setVoiceState(change);
    if (sent % 100 === 0) {
      if (sent % 750 === 0) say(`  ${text.progress} ${sent}/${VOICE_EVENTS}`);
      await fake.delivered(); // the bot has every event of these three minutes before the clock moves on
      simulatedNow += 3 * 60_000;
    }
  }
  const stats = guildkit.adapter.stats();
  say(text.handled(stats.voiceStates, stats.voiceSnapshots, stats.invalid));
  const tracker = guildkit.tracker as NonNullable<typeof guildkit.tracker>;
  await tracker.flush();
  const tracked = tracker.stats();
  say(text.tracked(tracked.applied, tracked.duplicates, tracked.openSessions));
  const today = tracker.dayOf(guildId, simulatedNow);
  const totals = await tracker.readTotals({ guildId, startDay: today, endDay: days.add(today, 1), includeLive: true });
  say(text.topToday(today));
  for (const [index, total] of totals.slice(0, 5).entries()) {
    say(`  ${text.rank(index + 1, nameOf.get(total.userId) ?? total.userId, formatDuration(total.ms, locale))}`);
  }
  const expected = model.totals(simulatedNow);
  const wrong = [...new Set([...expected.keys(), ...totals.map((total) => total.userId)])].filter(
    (userId) => (expected.get(userId) ?? 0) !== (totals.find((total) => total.userId === userId)?.ms ?? 0),
  );
  const sum = [...expected.values()].reduce((all, ms) => all + ms, 0);
  say(wrong.length === 0 ? text.verified(expected.size, formatDuration(sum, locale)) : text.mismatch(wrong.length));

  // Commands, answered in each member's language (a language without strings gets the default);
  // /report checks Manage Server itself.
  const chat = fake.channelId(guildId, names.chat);
  const uses =
    locale === 'ko'
      ? ([
          ['activity', 5, 'ko'],
          ['activity', 6, 'en-US'],
          ['report', 10, 'ko'],
          ['report', 0, 'ko'],
        ] as const)
      : ([
          ['activity', 5, 'en-GB'],
          ['activity', 6, 'fr'],
          ['report', 10, 'en-US'],
          ['report', 0, 'en-GB'],
        ] as const);
  for (const [name, user, memberLocale] of uses) {
    const answer = await fake.useSlashCommand({
      guildId,
      channelId: chat,
      userId: userIds[user] as string,
      name,
      locale: memberLocale,
    });
    // A report is an embed, whose title says what it is; other answers are text.
    const shown = String(
      (answer.message?.embeds as { title?: string }[] | undefined)?.[0]?.title ?? answer.message?.content ?? '',
    );
    say(`  ${text.commandReply(name, memberLocale, shown.replaceAll('**', '').replaceAll('\n', ' · '))}`);
  }

  await demoJobBoard({ fake, bot, guildId, userIds, locale, say });
  const everyoneLeaves = async () => {
    for (const userId of userIds) void fake.setVoiceState({ guildId, userId, channelId: null });
    await fake.delivered();
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
  const { uptimeSeconds: _, ...report } = (await health.json()) as Record<string, unknown>;
  say(text.health(health.status, JSON.stringify(report)));
  const metrics = await (await fetch(`http://127.0.0.1:${bot.healthPort}/metrics`)).text();
  for (const line of metrics.split('\n').filter((entry) => /^guildkit_(gateway_events|commands)_total\{/.test(entry)))
    say(`  ${text.metricLine(line)}`);
  say(text.logFile(logPath));
  const landing = await fetch(`${dashboardUrl}/`);
  say(text.dashboard(dashboardUrl, landing.status));
  if (keepRunning) {
    say(text.keepRunning);
    await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  } else say(text.dashboardHint);
} finally {
  await bot.shutdown('demo finished');
  await fake.close();
}
say(text.stopped);

/** A port free now, for the bot's health port and dashboard (DEMO_PORT picks one). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
