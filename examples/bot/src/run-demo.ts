import { type GuildkitStore } from '@guildkit/core';
import { chunk } from '@guildkit/core/store-kit';
import { formatDuration, type Locale, messages } from './messages.ts';
import { simulateCommunity, toIncrements } from './simulate.ts';

export interface DemoOptions {
  /** Opens the store; called twice, to show that data outlives a close. */
  readonly openStore: () => Promise<GuildkitStore>;
  readonly storeName: string;
  readonly storeLocation: string;
  readonly locale: Locale;
  readonly print: (line: string) => void;
  /** Milliseconds now, for the timings printed. */
  readonly now?: () => number;
}

export interface DemoResult {
  readonly storedTotalMs: number;
  readonly expectedTotalMs: number;
  readonly top: readonly { readonly userId: string; readonly ms: number }[];
}

const WEEK = ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29'];
const BATCH_SIZE = 250;

/**
 * The storage foundation end to end: a simulated week of voice activity flushed in batches,
 * the week's top members read back and checked against the raw sessions, a job listing and log
 * records saved, and everything read again after the store is closed and reopened.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const { locale, print } = options;
  const now = options.now ?? Date.now;
  const text = messages[locale];
  print(text.title);
  print(text.scope);
  print(text.store(options.storeName, options.storeLocation));

  const community = simulateCommunity(20_261_125, 200, WEEK);
  print(text.simulated(community.members.length, community.sessions.length, WEEK.length));
  const names = new Map(community.members.map((member) => [member.id, member.name]));

  let store = await options.openStore();
  const started = now();
  const batches = chunk(toIncrements(community), BATCH_SIZE);
  for (const batch of batches) await store.addActivity(batch);
  print(text.written(community.sessions.length, batches.length, Math.round(now() - started)));

  const week = { guildId: community.guildId, startDay: WEEK[0] as string, endDay: '2026-11-30' };
  const totals = await store.readActivityTotals(week);
  print(text.weekTop(week.startDay, week.endDay));
  totals.slice(0, 5).forEach((total, index) => {
    print(`  ${text.rank(index + 1, names.get(total.userId) ?? total.userId, formatDuration(total.ms, locale))}`);
  });

  const storedTotalMs = totals.reduce((sum, total) => sum + total.ms, 0);
  const expectedTotalMs = community.sessions.reduce((sum, session) => sum + session.ms, 0);
  print(
    storedTotalMs === expectedTotalMs
      ? text.verified(formatDuration(storedTotalMs, locale))
      : text.mismatch(formatDuration(storedTotalMs, locale), formatDuration(expectedTotalMs, locale)),
  );

  const owner = community.members[0] as { id: string; name: string };
  const listing = {
    guildId: community.guildId,
    postId: '1400000000000000001',
    forumChannelId: '1300000000000000009',
    voiceChannelId: '1300000000000000010',
    ownerId: owner.id,
    ownerName: owner.name,
    title: locale === 'ko' ? '랭크 같이 하실 분' : 'Ranked, anyone?',
    description: '',
    tags: ['rank'],
    userLimit: 5,
    status: 'open' as const,
    createdAt: Date.parse('2026-11-29T20:00:00Z'),
    closedAt: null,
    closeReason: null,
    participantCount: 3,
    peakParticipants: 3,
    totalVoiceMs: 0,
  };
  if ((await store.getJobListingByPost(listing.postId)) === undefined) await store.saveJobListing(listing);
  print(text.listing(listing.title, listing.participantCount));
  await store.appendLogs([
    {
      at: Date.parse('2026-11-29T20:00:00Z'),
      level: 'info',
      source: 'job-board',
      message: 'listing opened',
      fields: { postId: listing.postId },
    },
    {
      at: Date.parse('2026-11-29T20:01:00Z'),
      level: 'info',
      source: 'voice',
      message: 'member joined',
      fields: { userId: owner.id },
    },
  ]);

  await store.close();
  store = await options.openStore();
  const again = await store.readActivityTotals(week);
  print(text.reopened(again.length));
  print(text.logs((await store.readRecentLogs({ limit: 10 })).length));
  await store.close();
  return { storedTotalMs, expectedTotalMs, top: totals.slice(0, 5) };
}
