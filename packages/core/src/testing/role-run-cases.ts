import type { PendingRoleChange } from '@guildkit/core';
import { describe, expect, it } from 'vitest';
import { snowflake } from './fixtures.ts';
import { openForTest, type StoreHarness } from './harness.ts';

const guildId = snowflake('guild', 1);
const otherGuild = snowflake('guild', 2);
const roleId = snowflake('channel', 900); // any snowflake
const AT = Date.parse('2026-11-25T00:15:00Z');

const change = (runId: string, index: number, overrides: Partial<PendingRoleChange> = {}): PendingRoleChange => ({
  runId,
  index,
  guildId,
  userId: snowflake('user', index),
  roleId,
  action: index % 2 === 0 ? 'add' : 'remove',
  createdAt: AT,
  ...overrides,
});

/** @internal */
export function roleRunCases(harness: StoreHarness): void {
  describe('role runs', () => {
    it('keeps pending changes until each is completed, oldest run first, by guild; saving again changes nothing', async () => {
      const { store, openAnother } = await openForTest(harness);
      const later = Array.from({ length: 3 }, (_, i) => change('run-b', i, { createdAt: AT + 1 }));
      const first = Array.from({ length: 3 }, (_, i) => change('run-a', i));
      await store.saveRoleChanges(later);
      await store.saveRoleChanges([...first, change('run-c', 0, { guildId: otherGuild })]);
      await store.saveRoleChanges([{ ...change('run-a', 0), action: 'remove' }]); // already saved: kept as it was
      expect(await store.listPendingRoleChanges(guildId)).toEqual([...first, ...later]);
      await store.completeRoleChanges('run-a', [0, 2, 7]);
      // Another store on the database (a restart) finds what is left.
      const restarted = await openAnother();
      expect(await restarted.listPendingRoleChanges(guildId)).toEqual([first[1], ...later]);
      expect((await restarted.listPendingRoleChanges()).map((left) => left.runId)).toEqual([
        'run-a',
        'run-c', // planned at the same time as run-a: by run id
        'run-b',
        'run-b',
        'run-b',
      ]);
      // A member forgotten leaves no pending change behind.
      await restarted.forgetMember({ guildId, userId: snowflake('user', 1) });
      expect((await restarted.listPendingRoleChanges(guildId)).map((left) => `${left.runId}:${left.index}`)).toEqual([
        'run-b:0',
        'run-b:2',
      ]);
    });

    it('saves ten thousand changes in one call', async () => {
      const { store } = await openForTest(harness);
      const many = Array.from({ length: 10_000 }, (_, i) => change('big', i));
      await store.saveRoleChanges(many);
      expect(await store.listPendingRoleChanges(guildId)).toHaveLength(10_000);
      await store.completeRoleChanges(
        'big',
        many.map((_, i) => i).filter((i) => i >= 500),
      );
      expect((await store.listPendingRoleChanges(guildId)).map((left) => left.index)).toEqual(
        Array.from({ length: 500 }, (_, i) => i),
      );
    });

    it('refuses malformed changes, naming the field, and saves none of the batch', async () => {
      const { store } = await openForTest(harness);
      await expect(
        store.saveRoleChanges([change('r', 0), { ...change('r', 1), action: 'toggle' as 'add' }]),
      ).rejects.toThrow(/changes\[1\]\.action/);
      await expect(store.saveRoleChanges([{ ...change('r', 0), index: -1 }])).rejects.toThrow(/changes\[0\]\.index/);
      await expect(store.completeRoleChanges('r', [1.5])).rejects.toThrow(/indexes\[0\]/);
      expect(await store.listPendingRoleChanges()).toEqual([]);
    });
  });
}
