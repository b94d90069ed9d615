import { type ReportPostKey, ValidationError } from '@guildkit/core';
import { describe, expect, it } from 'vitest';
import { snowflake } from './fixtures.ts';
import { openForTest, type StoreHarness } from './harness.ts';

/** @internal Scheduled reports are claimed once, across store instances and reopening. */
export function reportPostCases(harness: StoreHarness): void {
  describe('scheduled report posts', () => {
    const key: ReportPostKey = { guildId: snowflake('guild', 70), kind: 'weekly', periodStart: '2026-11-16' };
    const at = Date.parse('2026-11-23T00:05:00Z');

    it('gives a claim to the first caller only, across stores on one database, until it is released', async () => {
      const { store, openAnother } = await openForTest(harness);
      const other = await openAnother();
      const claims = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? store : other).claimReportPost(key, at)),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await other.claimReportPost({ ...key, kind: 'monthly' }, at)).toBe(true);
      expect(await other.claimReportPost({ ...key, periodStart: '2026-11-23' }, at)).toBe(true);
      expect(await other.claimReportPost({ ...key, guildId: snowflake('guild', 71) }, at)).toBe(true);
      await store.releaseReportPost(key);
      expect(await other.claimReportPost(key, at + 1)).toBe(true);
      expect(await store.claimReportPost(key, at + 2)).toBe(false);
      await store.releaseReportPost({ ...key, periodStart: '2020-01-06' }); // never claimed: nothing happens
      await other.close();
      await store.close();
      const reopened = await openAnother();
      expect(await reopened.claimReportPost(key, at + 3)).toBe(false);
      await reopened.close();
    });

    it("lists a guild's posted reports, the latest period first, for a report archive", async () => {
      const { store } = await openForTest(harness);
      const guildId = key.guildId;
      await store.claimReportPost({ guildId, kind: 'daily', periodStart: '2026-11-22' }, at);
      await store.claimReportPost({ guildId, kind: 'weekly', periodStart: '2026-11-16' }, at + 1);
      await store.claimReportPost({ guildId, kind: 'daily', periodStart: '2026-11-16' }, at + 2);
      await store.claimReportPost({ guildId: snowflake('guild', 71), kind: 'daily', periodStart: '2026-11-23' }, at);
      expect(await store.listReportPosts(guildId)).toEqual([
        { guildId, kind: 'daily', periodStart: '2026-11-22', claimedAt: at },
        { guildId, kind: 'daily', periodStart: '2026-11-16', claimedAt: at + 2 },
        { guildId, kind: 'weekly', periodStart: '2026-11-16', claimedAt: at + 1 },
      ]);
      expect(await store.listReportPosts(guildId, 1)).toHaveLength(1);
      await store.releaseReportPost({ guildId, kind: 'daily', periodStart: '2026-11-22' });
      expect((await store.listReportPosts(guildId)).map((post) => post.periodStart)).toEqual([
        '2026-11-16',
        '2026-11-16',
      ]);
      await expect(store.listReportPosts(guildId, 0)).rejects.toThrow(/^limit/);
      await expect(store.listReportPosts('nope')).rejects.toThrow(/^guildId/);
    });

    it('refuses malformed keys, naming the field', async () => {
      const { store } = await openForTest(harness);
      await expect(store.claimReportPost({ ...key, kind: 'yearly' as never }, at)).rejects.toThrow(/^key.kind/);
      await expect(store.claimReportPost({ ...key, periodStart: 'last week' }, at)).rejects.toBeInstanceOf(
        ValidationError,
      );
      await expect(store.claimReportPost({ ...key, guildId: '' }, at)).rejects.toThrow(/^key.guildId/);
      await expect(store.claimReportPost(key, Number.NaN)).rejects.toThrow(/^claimedAt/);
      await expect(store.releaseReportPost({ ...key, kind: 'hourly' as never })).rejects.toBeInstanceOf(
        ValidationError,
      );
    });
  });
}
