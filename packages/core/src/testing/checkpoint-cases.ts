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
      await store.saveSessionCheckpoints(saved);
      expect(await store.listSessionCheckpoints()).toEqual([saved[2], saved[1], saved[0]]);
      expect(await store.listSessionCheckpoints(guildA)).toEqual([saved[2], saved[1]]);
    });

    it('replaces the checkpoint of a member on a later save; the last one of a batch wins', async () => {
      const { store } = await openForTest(harness);
      await store.saveSessionCheckpoints([checkpoint(guildA, 1)]);
      const moved = checkpoint(guildA, 1, {
        channelId: snowflake('channel', 2),
        checkpointAt: startedAt + 60_000,
      });
      const latest = checkpoint(guildA, 1, {
        channelId: snowflake('channel', 3),
        checkpointAt: startedAt + 90_000,
      });
      await store.saveSessionCheckpoints([moved, latest]);
      expect(await store.listSessionCheckpoints(guildA)).toEqual([latest]);
    });

    it('keeps times exactly, however far from 1970', async () => {
      const { store } = await openForTest(harness);
      const ancient = checkpoint(guildA, 1, { startedAt: -62_135_596_800_000, checkpointAt: -62_135_596_799_999 });
      const distant = checkpoint(guildA, 2, { startedAt: 8_639_999_999_999_000, checkpointAt: 8_640_000_000_000_000 });
      await store.saveSessionCheckpoints([ancient, distant]);
      expect(await store.listSessionCheckpoints(guildA)).toEqual([ancient, distant]);
    });

    it('removes a batch of members and ignores members without one', async () => {
      const { store } = await openForTest(harness);
      await store.saveSessionCheckpoints([checkpoint(guildA, 1), checkpoint(guildA, 2), checkpoint(guildB, 1)]);
      await store.removeSessionCheckpoints([
        { guildId: guildA, userId: snowflake('user', 1) },
        { guildId: guildB, userId: snowflake('user', 1) },
        { guildId: guildB, userId: snowflake('user', 7) },
      ]);
      expect(await store.listSessionCheckpoints()).toEqual([checkpoint(guildA, 2)]);
      await store.removeSessionCheckpoints([]);
      expect(await store.listSessionCheckpoints()).toHaveLength(1);
    });

    it('rejects malformed checkpoints and writes none of the batch', async () => {
      const { store } = await openForTest(harness);
      for (const bad of [
        checkpoint(guildA, 2, { channelId: 'voice' }),
        checkpoint(guildA, 2, { startedAt: Number.POSITIVE_INFINITY }),
        checkpoint(guildA, 2, { checkpointAt: startedAt - 1 }),
      ]) {
        await expect(store.saveSessionCheckpoints([checkpoint(guildA, 1), bad])).rejects.toBeInstanceOf(
          ValidationError,
        );
      }
      await expect(store.listSessionCheckpoints('guild')).rejects.toBeInstanceOf(ValidationError);
      await expect(store.removeSessionCheckpoints([{ guildId: guildA, userId: '-1' }])).rejects.toBeInstanceOf(
        ValidationError,
      );
      expect(await store.listSessionCheckpoints()).toEqual([]);
    });
  });
}
