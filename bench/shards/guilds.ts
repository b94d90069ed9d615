// The guilds of the shards benchmark: several of the ingest benchmark's communities in one fake
// Discord, spread over two shards (fake-discord gives new guilds ids that alternate between shards),
// each configured through /settings as an operator would, and a burst of voice updates dealt out
// to all of them in turn.
import type { FakeDiscord, GuildSeed, VoiceChange } from '@guildkit/fake-discord';
import { benchCommunity, type CommunityIds, communityIds } from '../ingest/community.ts';
import { type BurstMix, VoiceBurst } from '../ingest/voice-burst.ts';

/** The shard count the fake recommends and the sharded bot runs. */
export const SHARD_COUNT = 2;

/** The shard that owns a guild, as Discord routes it: `(id >> 22) % shards`. */
export const shardOf = (guildId: string): number => Number((BigInt(guildId) >> 22n) % BigInt(SHARD_COUNT));

/**
 * The seeds of `guildCount` communities of `memberCount` members each, named `shards bench 1`, ….
 *
 * @param guildCount - how many guilds; at least 2, so that both shards have one
 * @param memberCount - members of each guild
 */
export function benchGuilds(guildCount: number, memberCount: number): GuildSeed[] {
  if (!Number.isInteger(guildCount) || guildCount < SHARD_COUNT)
    throw new TypeError(`guilds must be a whole number of at least ${SHARD_COUNT}; received ${guildCount}`);
  return Array.from({ length: guildCount }, (_, i) => benchCommunity(memberCount, `shards bench ${i + 1}`));
}

/** The ids of every guild of {@link benchGuilds} in a fake that holds them, in the seeds' order. */
export function guildIds(fake: FakeDiscord, seeds: readonly GuildSeed[], memberCount: number): CommunityIds[] {
  return seeds.map((seed) => communityIds(fake, memberCount, seed.name));
}

/**
 * The first guild of each shard, by shard: where the benchmark's marker commands go, one a shard.
 *
 * @throws Error if a shard owns none of the guilds
 */
export function firstGuildOfEachShard(guilds: readonly CommunityIds[]): CommunityIds[] {
  return Array.from({ length: SHARD_COUNT }, (_, shard) => {
    const first = guilds.find((ids) => shardOf(ids.guildId) === shard);
    if (first === undefined) throw new Error(`no guild of the fake is on shard ${shard}: the bench needs both shards`);
    return first;
  });
}

/** The channel settings each guild is given by /settings: every feature on, as FORUM_CHANNEL_ID and co. give one guild. */
const CHANNEL_SETTINGS = [
  ['reports.channelId', 'reports'],
  ['activityLog.channelId', 'log'],
  ['jobBoard.forumChannelId', 'forum'],
  ['jobBoard.categoryId', 'jobCategory'],
] as const;

/**
 * Gives every guild its report channel, log channel, job forum and job room category by
 * `/settings channel`, used by a member with Manage Server (`member0000`, staff).
 *
 * @throws Error if the bot does not answer `Saved.`
 */
export async function configureGuilds(fake: FakeDiscord, guilds: readonly CommunityIds[]): Promise<void> {
  for (const ids of guilds) {
    for (const [setting, channel] of CHANNEL_SETTINGS) {
      const answer = await fake.useSlashCommand({
        guildId: ids.guildId,
        channelId: ids.channel.commands,
        userId: ids.memberIds[0] as string,
        name: 'settings',
        options: [
          {
            name: 'channel',
            type: 1,
            options: [
              { name: 'setting', type: 3, value: setting },
              { name: 'channel', type: 7, value: ids.channel[channel] },
            ],
          },
        ],
      });
      const content = String(answer.message?.content ?? '');
      if (!content.startsWith('Saved.')) throw new Error(`/settings ${setting} in ${ids.guildId}: ${content}`);
    }
  }
}

/** Voice updates for several guilds, one guild's turn after another's, each guild's as {@link VoiceBurst} makes them. */
export class GuildsBurst {
  readonly #bursts: readonly VoiceBurst[];
  #turn = 0;

  /**
   * @param guilds - the guilds, members and rooms
   * @param seed - the PRNG seed: guild `i` uses `seed * 64 + i`
   */
  constructor(guilds: readonly CommunityIds[], seed: number) {
    this.#bursts = guilds.map((ids, i) => new VoiceBurst(ids, seed * 64 + i));
  }

  /** The next update, in the next guild. */
  next(): VoiceChange {
    const burst = this.#bursts[this.#turn % this.#bursts.length] as VoiceBurst;
    this.#turn += 1;
    return burst.next();
  }

  /** The updates so far by kind, every guild together. */
  get mix(): BurstMix {
    const sum: BurstMix = { joins: 0, moves: 0, leaves: 0, mutes: 0 };
    for (const { mix } of this.#bursts) {
      sum.joins += mix.joins;
      sum.moves += mix.moves;
      sum.leaves += mix.leaves;
      sum.mutes += mix.mutes;
    }
    return sum;
  }
}
