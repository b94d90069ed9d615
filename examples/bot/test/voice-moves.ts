import type { MemberActivityTotal } from '@guildkit/core';
import type { FakeDiscord } from '@guildkit/fake-discord';
import { expect } from 'vitest';

/** When a voice change was sent, and when the bot had taken it in: its own stamp lies between. */
type Moment = { readonly sent: number; readonly seen: number };

/**
 * Members' joins and leaves through the fake, each with the moments around it, so that a stored
 * total can be checked against the real time in voice to within those few milliseconds.
 */
export function voiceMoves(fake: FakeDiscord, guildId: string, user: (n: number) => string) {
  const moves = new Map<string, { joined?: Moment; left?: Moment }>();
  const move = async (n: number, channelId: string | null) => {
    const sent = Date.now();
    await fake.setVoiceState({ guildId, userId: user(n), channelId });
    const moment = { sent, seen: Date.now() };
    const entry = moves.get(user(n)) ?? {};
    moves.set(user(n), channelId === null ? { ...entry, left: moment } : { ...entry, joined: moment });
  };
  /** Each member's stored time is what the bot stamped between join and leave: no second lost, none twice. */
  const expectExact = (totals: readonly MemberActivityTotal[]) => {
    expect(totals.map((total) => total.userId).sort()).toEqual([...moves.keys()].sort());
    for (const { userId, ms } of totals) {
      const { joined, left } = moves.get(userId) as { joined: Moment; left: Moment };
      expect(ms).toBeGreaterThanOrEqual(left.sent - joined.seen);
      expect(ms).toBeLessThanOrEqual(left.seen - joined.sent);
    }
  };
  return { move, expectExact };
}
