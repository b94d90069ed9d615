import type { SessionCheckpoint } from '@guildkit/core';
import { ValidationError } from '@guildkit/core';
import { describe, expect, it } from 'vitest';
import { snowflake } from './fixtures.ts';
import { openForTest, type StoreHarness } from './harness.ts';

const guildA = snowflake('guild', 1);
const guildB = snowflake('guild', 2);
const startedAt = Date.UTC(2026, 10, 25, 20, 0, 0);

function checkpoint(guildId: string, user: number, overrides: Partial<SessionCheckpoint> = {}): SessionCheckpoint {
  return {
    guildId,
    userId: snowflake('user', user),
    channelId: snowflake('channel', 1),
    startedAt,
    checkpointAt: startedAt + 30_000,
    ...overrides,
  };
}

/** @internal */
export function checkpointCases(harness: StoreHarness): void {
  describe('open-session checkpoints', () => {
    it('lists nothing from an empty store', async () => {
      const { store } = await openForTest(harness);
      expect(await store.listSessionCheckpoints()).toEqual([]);
      expect(await store.listSessionCheckpoints(guildA)).toEqual([]);
    });

    it('saves a batch and lists it per guild or for all, ordered by guild and member', async () => {
      const { store } = await openForTest(harness);
      const saved = [checkpoint(guildB, 1), checkpoint(guildA, 2), checkpoint(guildA, 1)];
      await store.recordActivity({ saveCheckpoints: saved });
      expect(await store.listSessionCheckpoints()).toEqual([saved[2], saved[1], saved[0]]);
      expect(await store.listSessionCheckpoints(guildA)).toEqual([saved[2], saved[1]]);
    });

    it('replaces the checkpoint of a member on a later save; the last one of a batch wins', async () => {
      const { store } = await openForTest(harness);
      await store.recordActivity({ saveCheckpoints: [checkpoint(guildA, 1)] });
      const moved = checkpoint(guildA, 1, {
        channelId: snowflake('channel', 2),
        checkpointAt: startedAt + 60_000,
      });
      const latest = checkpoint(guildA, 1, {
        channelId: snowflake('channel', 3),
        checkpointAt: startedAt + 90_000,
      });
      await store.recordActivity({ saveCheckpoints: [moved, latest] });
      expect(await store.listSessionCheckpoints(guildA)).toEqual([latest]);
    });

    it('keeps times exactly, however far from 1970', async () => {
      const { store } = await openForTest(harness);
      const ancient = checkpoint(guildA, 1, { startedAt: -62_135_596_800_000, checkpointAt: -62_135_596_799_999 });
      const distant = checkpoint(guildA, 2, { startedAt: 8_639_999_999_999_000, checkpointAt: 8_640_000_000_000_000 });
      await store.recordActivity({ saveCheckpoints: [ancient, distant] });
      expect(await store.listSessionCheckpoints(guildA)).toEqual([ancient, distant]);
    });

    it('removes a batch of members and ignores members without one', async () => {
      const { store } = await openForTest(harness);
      await store.recordActivity({
        saveCheckpoints: [checkpoint(guildA, 1), checkpoint(guildA, 2), checkpoint(guildB, 1)],
      });
      await store.recordActivity({
        removeCheckpoints: [
          { guildId: guildA, userId: snowflake('user', 1) },
          { guildId: guildB, userId: snowflake('user', 1) },
          { guildId: guildB, userId: snowflake('user', 7) },
        ],
      });
      expect(await store.listSessionCheckpoints()).toEqual([checkpoint(guildA, 2)]);
      await store.recordActivity({ removeCheckpoints: [] });
      expect(await store.listSessionCheckpoints()).toHaveLength(1);
    });

    it('records a flush in one call: time added, ended sessions removed, open ones saved (saves after removals)', async () => {
      const { store } = await openForTest(harness);
      await store.recordActivity({ saveCheckpoints: [checkpoint(guildA, 1), checkpoint(guildA, 2)] });
      const reopened = checkpoint(guildA, 2, { checkpointAt: startedAt + 90_000 });
      await store.recordActivity({
        increments: [
          { guildId: guildA, userId: snowflake('user', 1), day: '2026-11-25', ms: 30_000 },
          { guildId: guildA, userId: snowflake('user', 1), day: '2026-11-25', ms: 12_000 },
        ],
        removeCheckpoints: [
          { guildId: guildA, userId: snowflake('user', 1) },
          { guildId: guildA, userId: snowflake('user', 2) },
        ],
        saveCheckpoints: [reopened, checkpoint(guildB, 3)],
      });
      expect(await store.listSessionCheckpoints()).toEqual([reopened, checkpoint(guildB, 3)]);
      expect(await store.readActivityTotals({ guildId: guildA, startDay: '2026-11-25', endDay: '2026-11-26' })).toEqual(
        [{ userId: snowflake('user', 1), ms: 42_000, messages: 0 }],
      );
      await store.recordActivity({});
      await store.recordActivity({ increments: [], removeCheckpoints: [], saveCheckpoints: [] });
      expect(await store.listSessionCheckpoints()).toHaveLength(2);
    });

    it('records a flush larger than one statement holds, all at once', async () => {
      const { store } = await openForTest(harness);
      const many = Array.from({ length: 2_500 }, (_, i) => checkpoint(guildA, i));
      await store.recordActivity({
        increments: many.map((open) => ({ guildId: guildA, userId: open.userId, day: '2026-11-25', ms: 1 })),
        saveCheckpoints: many,
      });
      expect(await store.listSessionCheckpoints(guildA)).toHaveLength(2_500);
      await store.recordActivity({ removeCheckpoints: many });
      expect(await store.listSessionCheckpoints(guildA)).toEqual([]);
      expect(
        await store.readActivityTotals({ guildId: guildA, startDay: '2026-11-25', endDay: '2026-11-26' }),
      ).toHaveLength(2_500);
    });

    it('writes nothing of a flush with one malformed part', async () => {
      const { store } = await openForTest(harness);
      await store.recordActivity({ saveCheckpoints: [checkpoint(guildA, 1)] });
      const good = { guildId: guildA, userId: snowflake('user', 1), day: '2026-11-25', ms: 5 };
      for (const batch of [
        {
          increments: [good],
          removeCheckpoints: [{ guildId: guildA, userId: snowflake('user', 1) }],
          saveCheckpoints: [checkpoint(guildA, 2, { channelId: 'x' })],
        },
        {
          increments: [good, { ...good, day: 'today' }],
          removeCheckpoints: [{ guildId: guildA, userId: snowflake('user', 1) }],
        },
        { increments: [good], removeCheckpoints: [{ guildId: guildA, userId: 'me' }] },
      ]) {
        await expect(store.recordActivity(batch)).rejects.toBeInstanceOf(ValidationError);
      }
      expect(await store.listSessionCheckpoints()).toEqual([checkpoint(guildA, 1)]);
      expect(await store.readActivityTotals({ guildId: guildA, startDay: '2026-11-25', endDay: '2026-11-26' })).toEqual(
        [],
      );
    });

    it('rejects malformed checkpoints and writes none of the batch', async () => {
      const { store } = await openForTest(harness);
      for (const bad of [
        checkpoint(guildA, 2, { channelId: 'voice' }),
        checkpoint(guildA, 2, { startedAt: Number.POSITIVE_INFINITY }),
        checkpoint(guildA, 2, { checkpointAt: startedAt - 1 }),
      ]) {
        await expect(store.recordActivity({ saveCheckpoints: [checkpoint(guildA, 1), bad] })).rejects.toBeInstanceOf(
          ValidationError,
        );
      }
      await expect(store.listSessionCheckpoints('guild')).rejects.toBeInstanceOf(ValidationError);
      await expect(
        store.recordActivity({ removeCheckpoints: [{ guildId: guildA, userId: '-1' }] }),
      ).rejects.toBeInstanceOf(ValidationError);
      expect(await store.listSessionCheckpoints()).toEqual([]);
    });
  });
}
