import { ActivityTracker, type GuildkitStore, type VoiceStateEvent } from '@guildkit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { snowflake } from './fixtures.ts';
import { openForTest, type StoreHarness } from './harness.ts';

const CHANNELS = [
  { id: snowflake('channel', 1), name: '일반', parentId: null },
  { id: snowflake('channel', 2), name: '게임', parentId: null },
  { id: snowflake('channel', 3), name: '대기실', parentId: null },
  { id: snowflake('channel', 4), name: '잠수', parentId: null },
];
const AFK = CHANNELS[3]?.id ?? '';
const START = Date.parse('2026-11-24T20:00:00Z');
const MINUTE = 60_000;

type Step =
  | { kind: 'voice'; user: number; channel: number | null; deaf: boolean; mute: boolean; gap: number }
  | { kind: 'duplicate' }
  | { kind: 'stale' }
  | { kind: 'malformed' }
  | { kind: 'restart' };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('voice' as const),
      user: fc.integer({ min: 0, max: 3 }),
      channel: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
      deaf: fc.boolean(),
      mute: fc.boolean(),
      gap: fc.integer({ min: 0, max: 240 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'duplicate' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'stale' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'malformed' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
);

/**
 * A reference model, as plain as it can be: each member's state holds from one accepted event to
 * the next; time counts in a counted channel unless deafened; it is cut at UTC midnights.
 */
class Reference {
  readonly totals = new Map<string, number>();
  readonly #state = new Map<string, { at: number; channel: number | null; deaf: boolean; mute: boolean }>();

  apply(userId: string, at: number, channel: number | null, deaf: boolean, mute = false): void {
    const before = this.#state.get(userId);
    if (before !== undefined && at < before.at) return;
    if (before !== undefined && before.channel !== null && before.channel < 2 && !before.deaf) {
      for (let cursor = before.at; cursor < at; ) {
        const dayEnd = (Math.floor(cursor / 86_400_000) + 1) * 86_400_000;
        const to = Math.min(at, dayEnd);
        const key = `${userId}:${new Date(cursor).toISOString().slice(0, 10)}`;
        this.totals.set(key, (this.totals.get(key) ?? 0) + to - cursor);
        cursor = to;
      }
    }
    this.#state.set(userId, { at, channel, deaf, mute });
  }

  inVoice(): { userId: string; channel: number; deaf: boolean; mute: boolean }[] {
    return [...this.#state]
      .filter(([, state]) => state.channel !== null)
      .map(([userId, state]) => ({ userId, channel: state.channel as number, deaf: state.deaf, mute: state.mute }));
  }
}

/** @internal The tracker over a real store, against the reference model, through restarts. */
export function trackerCases(harness: StoreHarness): void {
  describe('activity tracking on this store', () => {
    it('stores exactly what a reference model counts, through duplicates, stale and malformed events, midnights and restarts (property)', async () => {
      const { store } = await openForTest(harness);
      let run = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40 }), async (steps) => {
          run += 1;
          const guildId = snowflake('guild', 2_000 + run);
          const result = await replay(store, guildId, steps);
          const stored = await store.readActivityTotals({ guildId, startDay: '2026-11-01', endDay: '2027-01-01' });
          const expected = new Map<string, number>();
          for (const [key, ms] of result.totals) {
            const userId = key.split(':')[0] as string;
            expected.set(userId, (expected.get(userId) ?? 0) + ms);
          }
          expect(new Map(stored.map((total) => [total.userId, total.ms]))).toEqual(
            new Map([...expected].filter(([, ms]) => ms > 0)),
          );
          for (const day of new Set([...result.totals.keys()].map((key) => key.split(':')[1] as string))) {
            const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
            const daily = await store.readActivityTotals({ guildId, startDay: day, endDay: next });
            for (const total of daily) expect(total.ms).toBe(result.totals.get(`${total.userId}:${day}`));
          }
        }),
        { numRuns: Number(process.env.GUILDKIT_PROPERTY_RUNS ?? 15) },
      );
    }, 120_000);
  });
}

async function replay(store: GuildkitStore, guildId: string, steps: readonly Step[]): Promise<Reference> {
  const clock = { now: START };
  const make = () => new ActivityTracker({ store, now: () => clock.now, timeZone: 'UTC', flushIntervalMs: 0 });
  let tracker = make();
  const reference = new Reference();
  const event = (user: number, channel: number | null, deaf: boolean, mute: boolean, at: number): VoiceStateEvent => ({
    guildId,
    userId: snowflake('user', user),
    channel: channel === null ? null : (CHANNELS[channel] as (typeof CHANNELS)[number]),
    at,
    selfMute: mute,
    selfDeaf: deaf,
    serverMute: false,
    serverDeaf: false,
    bot: false,
    afkChannelId: AFK,
  });
  let last: VoiceStateEvent | undefined;
  for (const each of steps) {
    if (each.kind === 'voice') {
      clock.now += each.gap * MINUTE;
      last = event(each.user, each.channel, each.deaf, each.mute, clock.now);
      tracker.apply(last);
      reference.apply(last.userId, clock.now, each.channel, each.deaf, each.mute);
    } else if (each.kind === 'duplicate' && last !== undefined) {
      tracker.apply(last);
    } else if (each.kind === 'stale' && last !== undefined) {
      tracker.apply({ ...last, at: last.at - MINUTE, channel: null });
    } else if (each.kind === 'malformed') {
      tracker.apply({ guildId, userId: 'nobody', at: clock.now } as never);
    } else if (each.kind === 'restart') {
      await tracker.checkpoint(); // what the last checkpoint before a crash holds
      tracker = make();
      const inVoice = reference
        .inVoice()
        .map((member) => ({ ...event(0, member.channel, member.deaf, member.mute, clock.now), userId: member.userId }));
      await tracker.restore(guildId, inVoice, clock.now);
    }
  }
  // Everyone leaves at the end, and the tracker shuts down cleanly.
  clock.now += MINUTE;
  for (const { userId } of reference.inVoice()) {
    tracker.apply({ ...event(0, null, false, false, clock.now), userId });
    reference.apply(userId, clock.now, null, false);
  }
  await tracker.close();
  return reference;
}
