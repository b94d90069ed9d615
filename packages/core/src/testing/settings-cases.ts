import { type GuildSettings, ValidationError } from '@guildkit/core';
import { describe, expect, it } from 'vitest';
import { snowflake } from './fixtures.ts';
import { openForTest, type StoreHarness } from './harness.ts';

/** @internal Each guild's settings: kept per guild, merged atomically, checked, and read back across stores. */
export function settingsCases(harness: StoreHarness): void {
  describe('guild settings', () => {
    const guildId = snowflake('guild', 80);
    const otherGuildId = snowflake('guild', 81);
    const channelId = snowflake('channel', 80);
    const at = Date.parse('2026-12-01T09:00:00Z');

    it('starts empty, keeps each guild apart, and merges updates setting by setting', async () => {
      const { store, openAnother } = await openForTest(harness);
      expect(await store.readGuildSettings(guildId)).toEqual({});
      const first = await store.updateGuildSettings(
        guildId,
        { set: { timeZone: 'Asia/Seoul', reports: { channelId, schedule: { weekly: '0 9 * * 1', daily: null } } } },
        at,
      );
      expect(first).toEqual({
        timeZone: 'Asia/Seoul',
        reports: { channelId, schedule: { daily: null, weekly: '0 9 * * 1' } },
      });
      const second = await store.updateGuildSettings(
        guildId,
        { set: { reports: { roleId: null }, activityLog: { enabled: false } }, reset: ['reports.schedule.daily'] },
        at + 1,
      );
      const expected: GuildSettings = {
        timeZone: 'Asia/Seoul',
        reports: { channelId, roleId: null, schedule: { weekly: '0 9 * * 1' } },
        activityLog: { enabled: false },
      };
      expect(second).toEqual(expected);
      expect(await store.readGuildSettings(otherGuildId)).toEqual({});
      await store.updateGuildSettings(otherGuildId, { set: { locale: 'ko', jobBoard: { tagIds: [channelId] } } }, at);
      expect(await store.readGuildSettings(guildId)).toEqual(expected);
      await store.close();
      const reopened = await openAnother();
      expect(await reopened.readGuildSettings(guildId)).toEqual(expected);
      expect(await reopened.readGuildSettings(otherGuildId)).toEqual({
        locale: 'ko',
        jobBoard: { tagIds: [channelId] },
      });
      const cleared = await reopened.updateGuildSettings(
        guildId,
        {
          reset: ['timeZone', 'reports.channelId', 'reports.roleId', 'reports.schedule.weekly', 'activityLog.enabled'],
        },
        at + 2,
      );
      expect(cleared).toEqual({});
      expect(await reopened.readGuildSettings(guildId)).toEqual({});
    });

    it('keeps every change when stores on one database update one guild at once', async () => {
      const { store, openAnother } = await openForTest(harness);
      const other = await openAnother();
      const switches = ['activity', 'jobBoard', 'reports', 'activityLog', 'antiSpam'] as const;
      await Promise.all(
        switches.flatMap((feature, i) => [
          (i % 2 === 0 ? store : other).updateGuildSettings(guildId, { set: { [feature]: { enabled: false } } }, at),
          (i % 2 === 0 ? other : store).updateGuildSettings(guildId, { set: { weekStartsOn: i } }, at),
        ]),
      );
      const settings = await store.readGuildSettings(guildId);
      for (const feature of switches) expect(settings[feature]).toEqual({ enabled: false });
      expect([0, 1, 2, 3, 4]).toContain(settings.weekStartsOn); // one of the writes, the last to commit
    });

    it('refuses bad values and unknown settings, naming them, and changes nothing', async () => {
      const { store } = await openForTest(harness);
      await store.updateGuildSettings(guildId, { set: { weekStartsOn: 1 } }, at);
      const refusals: [Parameters<typeof store.updateGuildSettings>[1], RegExp][] = [
        [{ set: { timeZone: 'Mars/Olympus' } }, /^update\.set\.timeZone must be an IANA time zone/],
        [{ set: { weekStartsOn: 7 } }, /^update\.set\.weekStartsOn/],
        [{ set: { reports: { channelId: '#general' } } }, /^update\.set\.reports\.channelId/],
        [{ set: { activity: { enabled: 'yes' as never } } }, /^update\.set\.activity\.enabled must be true or false/],
        [{ set: { color: 'red' } as never }, /^update\.set\.color must be one of guildkit's settings/],
        [{ set: { jobBoard: { tagIds: ['1', '2', '3', '4', '5', '6'] } } }, /^update\.set\.jobBoard\.tagIds/],
        [{ set: { locale: 'Korean' } }, /^update\.set\.locale/],
        [{ reset: ['reports'] as never }, /^update\.reset\[0\]/],
      ];
      for (const [update, message] of refusals) {
        const attempt = store.updateGuildSettings(guildId, update, at);
        await expect(attempt).rejects.toBeInstanceOf(ValidationError);
        await expect(store.updateGuildSettings(guildId, update, at)).rejects.toThrow(message);
      }
      await expect(store.updateGuildSettings('', { set: {} }, at)).rejects.toThrow(/^guildId/);
      await expect(store.readGuildSettings('guild')).rejects.toThrow(/^guildId/);
      await expect(store.updateGuildSettings(guildId, { set: {} }, Number.NaN)).rejects.toThrow(/^updatedAt/);
      expect(await store.readGuildSettings(guildId)).toEqual({ weekStartsOn: 1 });
    });
  });
}
