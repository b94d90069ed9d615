import type { ActivityIncrement } from '@guildkit/core';

/** A finished voice session of the simulated community, already split at midnight (UTC here). */
export interface SimulatedSession {
  readonly userId: string;
  readonly day: string;
  readonly ms: number;
}

export interface SimulatedCommunity {
  readonly guildId: string;
  readonly members: readonly { readonly id: string; readonly name: string }[];
  readonly sessions: readonly SimulatedSession[];
  readonly days: readonly string[];
}

/**
 * A reproducible community: `memberCount` members, each joining voice a few times a day with
 * a habit of their own. The same seed gives the same community.
 */
export function simulateCommunity(seed: number, memberCount: number, days: readonly string[]): SimulatedCommunity {
  const random = mulberry32(seed);
  const guildId = '1100000000000000001';
  const members = Array.from({ length: memberCount }, (_, i) => ({
    id: String(1_200_000_000_000_000_000n + BigInt(i)),
    name: `${NAMES[i % NAMES.length]}${i >= NAMES.length ? ` ${Math.floor(i / NAMES.length) + 1}` : ''}`,
  }));
  const sessions: SimulatedSession[] = [];
  for (const member of members) {
    const habit = random(); // some members are regulars, some drop by
    for (const day of days) {
      const visits = Math.floor(random() * 4 * habit);
      for (let visit = 0; visit < visits; visit += 1) {
        sessions.push({ userId: member.id, day, ms: Math.round((5 + random() * 175) * 60_000) });
      }
    }
  }
  return { guildId, members, sessions, days };
}

/** The sessions as store increments: one per session, as a tracker would flush them. */
export function toIncrements(community: SimulatedCommunity): ActivityIncrement[] {
  return community.sessions.map(({ userId, day, ms }) => ({ guildId: community.guildId, userId, day, ms }));
}

/** A small, well-known 32-bit PRNG: reproducible runs without a dependency. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const NAMES = ['민지', '하늘', 'Alex', '서준', 'Yuna', '지호', 'Sam', '도윤', 'Mina', '예린', 'Chris', '수아'];
