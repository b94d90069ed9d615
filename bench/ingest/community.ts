// The guild the ingest benchmark runs on: a community of 2,000 members with voice rooms, a job
// forum, a log channel and a report channel, so that every feature of the reference bot has its
// place. Like the demo's community, bigger, and named for the benchmark.
import type { FakeDiscord, GuildSeed } from '@guildkit/fake-discord';

/** Voice rooms members move between: counted ones, and the ones the tracker ignores by rule. */
export const COUNTED_ROOMS = Array.from({ length: 16 }, (_, i) => `room ${i + 1}`);
/** Rooms that match the tracker's default ignore rules (waiting room, spectators); AFK is the guild's AFK channel. */
export const IGNORED_ROOMS = ['waiting room', 'spectators', 'afk'] as const;

/** The name of the ingest benchmark's guild. */
const BENCH_GUILD = 'ingest bench';

/** The channel names the benchmark configures the bot with. */
export const CHANNELS = {
  voiceCategory: 'Voice',
  jobCategory: 'Listing rooms',
  forum: 'looking-for-group',
  log: 'activity-log',
  reports: 'reports',
  commands: 'bot-commands',
} as const;

/**
 * The benchmark's guild: `memberCount` members (`member0000`, …), 16 counted voice rooms and three
 * ignored ones, a job forum and its voice category, and text channels for the log, reports and commands.
 *
 * @param memberCount - how many members the guild has
 * @param name - the guild's name: one of several guilds of a fake needs a name of its own
 * @returns the seed for `startFakeDiscord({ guilds: [seed] })`
 */
export function benchCommunity(memberCount: number, name = BENCH_GUILD): GuildSeed {
  return {
    name,
    roles: [{ name: 'Staff', permissions: (1n << 5n) | (1n << 4n) }, { name: 'Gamer' }],
    channels: [
      { name: CHANNELS.commands, type: 'text' },
      { name: CHANNELS.log, type: 'text' },
      { name: CHANNELS.reports, type: 'text' },
      { name: CHANNELS.voiceCategory, type: 'category' },
      ...[...COUNTED_ROOMS, ...IGNORED_ROOMS].map((name) => ({
        name,
        type: 'voice' as const,
        parent: CHANNELS.voiceCategory,
      })),
      { name: CHANNELS.jobCategory, type: 'category' },
      { name: CHANNELS.forum, type: 'forum', tags: ['ranked', 'casual'] },
    ],
    members: Array.from({ length: memberCount }, (_, i) => ({
      username: memberName(i),
      globalName: `Member ${i}`,
      roles: i < 3 ? ['Staff'] : i % 4 === 0 ? ['Gamer'] : [],
    })),
    afkChannel: 'afk',
  };
}

/** The username of the `index`th member. */
export function memberName(index: number): string {
  return `member${String(index).padStart(4, '0')}`;
}

/** The ids the benchmark needs from a fake holding {@link benchCommunity}. */
export interface CommunityIds {
  readonly guildId: string;
  readonly memberIds: readonly string[];
  /** Counted rooms first, then the ignored ones. */
  readonly roomIds: readonly string[];
  readonly countedRoomCount: number;
  readonly channel: Readonly<Record<keyof typeof CHANNELS, string>>;
}

/**
 * Looks up the guild's, members' and channels' ids in a fake that holds {@link benchCommunity}.
 *
 * @param fake - the fake that holds it
 * @param memberCount - how many members it was made with
 * @param name - its name, as given to {@link benchCommunity}
 */
export function communityIds(fake: FakeDiscord, memberCount: number, name = BENCH_GUILD): CommunityIds {
  const guildId = fake.guildId(name);
  const channelId = (name: string) => fake.channelId(guildId, name);
  const channel = Object.fromEntries(
    Object.entries(CHANNELS).map(([key, name]) => [key, channelId(name)]),
  ) as unknown as Record<keyof typeof CHANNELS, string>;
  return {
    guildId,
    memberIds: Array.from({ length: memberCount }, (_, i) => fake.userId(guildId, memberName(i))),
    roomIds: [...COUNTED_ROOMS, ...IGNORED_ROOMS].map(channelId),
    countedRoomCount: COUNTED_ROOMS.length,
    channel,
  };
}
