// The report part of `pnpm demo`: the weekly report the scheduler posts on Monday at 00:05, and its
// chart and CSV written to the demo's folder.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportToCsv } from '@guildkit/core';
import { reportMembers } from '@guildkit/discord';
import type { FakeDiscord } from '@guildkit/fake-discord';
import type { RunningBot } from './bot.ts';
import { COMMUNITY_NAMES, type DemoLocale } from './demo-community.ts';
import { demoStrings } from './demo-strings.ts';

interface ReportDemo {
  readonly fake: FakeDiscord;
  readonly bot: RunningBot;
  readonly guildId: string;
  readonly folder: string;
  readonly locale: DemoLocale;
  readonly say: (line: string) => void;
  /** Moves the bot's simulated clock. */
  readonly setNow: (at: number) => void;
  /** Everyone still in voice leaves (the evening is over); resolves once the bot has seen it. */
  readonly everyoneLeaves: () => Promise<void>;
}

type Embed = { title?: string; description?: string; fields?: { name: string; value: string }[] };

export async function demoWeeklyReport(demo: ReportDemo): Promise<void> {
  const { fake, bot, guildId, folder, locale, say, setNow } = demo;
  const text = demoStrings[locale];
  const { tracker, scheduler, reports } = bot.guildkit;
  if (tracker === undefined || scheduler === undefined || reports === undefined) throw new Error('reports are off');
  await demo.everyoneLeaves();
  // Monday, 00:05 in the community's time zone: the weekly report is due.
  setNow(Date.parse(locale === 'ko' ? '2026-11-30T00:05:00+09:00' : '2026-11-30T00:05:00Z'));
  await tracker.flush();
  const channelName = COMMUNITY_NAMES[locale].announcements;
  const channelId = fake.channelId(guildId, channelName);
  const posted = await scheduler.post('weekly');
  const message = fake.messages(channelId).at(-1);
  const embed = (message?.embeds as Embed[] | undefined)?.[0];
  say(text.reportPosted(channelName, embed?.title ?? '?'));
  for (const line of (embed?.description ?? '').split('\n')) say(`  ${line}`);
  for (const line of (embed?.fields?.[0]?.value ?? '').split('\n').slice(0, 3)) say(`  ${line}`);

  // The chart as Discord received it, and the same report as CSV.
  const upload = fake.requests.find(
    (request) => request.path === `/channels/${channelId}/messages` && request.files.length > 0,
  );
  const chart = join(folder, 'weekly-report.png');
  writeFileSync(chart, upload?.files[0]?.bytes ?? new Uint8Array());
  const guild = bot.client.guilds.cache.get(guildId);
  const members = guild === undefined ? [] : await reportMembers(guild);
  const report = await reports.generate({ guildId, period: 'weekly', which: 'last-complete', members });
  const csv = join(folder, 'weekly-report.csv');
  writeFileSync(csv, reportToCsv(report));
  say(text.reportFiles(chart, csv, report.membersCounted));
  say(text.reportOnce(posted, await scheduler.post('weekly')));
}
