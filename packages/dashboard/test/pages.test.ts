// The dashboard's pages in a real headless Chromium, signed in through fake-discord's consent page:
// what each page shows is what the store holds.
import { activityHeatmap, days } from '@guildkit/core';
import { describe, expect, it } from 'vitest';
import { seedActivity, startHarness } from './dashboard-harness.ts';

const today = () => new Date().toISOString().slice(0, 10);

describe('the dashboard in a browser', () => {
  it("lists the person's guilds and shows an overview whose figures are the store's", async () => {
    const harness = await startHarness();
    await seedActivity(harness);
    const { page } = await harness.signIn('ana');
    await harness.screenshot(page, 'guilds');
    // Ana's guild with the bot, not the one she is not in.
    expect(await page.locator('[data-guild-id]').allTextContents()).toEqual(['Test']);
    await page.click(`[data-guild-id="${harness.guildId}"]`);
    await page.waitForSelector('[data-figure="members"]');
    await harness.screenshot(page, 'overview');

    const query = { guildId: harness.guildId, startDay: days.add(today(), -29), endDay: days.add(today(), 1) };
    const members = await harness.store.readActivityTotals(query);
    const series = await harness.store.readDayTotals(query);
    const channels = await harness.store.readChannelTotals({ ...query, limit: 10 });
    const hours = await harness.store.readHourTotals(query);
    expect(members.length).toBe(63);
    expect(await page.textContent('[data-figure="members"]')).toBe('63');
    const voice = members.reduce((sum, member) => sum + member.ms, 0);
    expect(Number(await page.getAttribute('[data-figure="voice"]', 'data-ms'))).toBe(voice);
    const messages = members.reduce((sum, member) => sum + member.messages, 0);
    expect(await page.textContent('[data-figure="messages"]')).toBe(messages.toLocaleString('en'));
    expect(Number(await page.getAttribute('[data-chart="active-members"]', 'data-most'))).toBe(
      Math.max(...series.map((day) => day.members)),
    );
    const shownChannels = await page.locator('[data-channel-id]').evaluateAll((rows) =>
      rows.map((row) => ({
        channelId: row.getAttribute('data-channel-id'),
        ms: Number(row.querySelector('[data-ms]')?.getAttribute('data-ms')),
        messages: Number(row.querySelector('[data-messages]')?.getAttribute('data-messages')),
      })),
    );
    expect(shownChannels).toEqual(channels);
    const heatmap = activityHeatmap(hours, { weekStartsOn: 1 });
    const cells = await page
      .locator('[data-heatmap] td')
      .evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-ms'))));
    expect(cells).toEqual(heatmap.ms.flat());
  });
});
