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
    expect(await page.getAttribute('nav.tabs a[aria-current="page"]', 'href')).toBe(`/guilds/${harness.guildId}`);
    await harness.screenshot(page, 'overview');

    const query = { guildId: harness.guildId, startDay: days.add(today(), -29), endDay: days.add(today(), 1) };
    const members = await harness.store.readActivityTotals(query);
    const { days: series } = await harness.store.readActivitySummary(query);
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

  it('pages and sorts the leaderboard as the store ranks, and downloads it as CSV', async () => {
    const harness = await startHarness();
    await seedActivity(harness);
    const { page } = await harness.signIn('ben');
    await page.goto(`${harness.url}/guilds/${harness.guildId}/leaderboard?period=last7`);
    const query = { guildId: harness.guildId, startDay: days.add(today(), -6), endDay: days.add(today(), 1) };
    const byVoice = await harness.store.readActivityTotals(query);
    const byMessages = await harness.store.readActivityTotals({ ...query, rankBy: 'messages' });
    const shown = () =>
      page
        .locator('[data-leaderboard] tbody tr')
        .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-user-id')));
    expect(await shown()).toEqual(byVoice.slice(0, 25).map((row) => row.userId));
    expect(await page.getAttribute('[data-page]', 'data-pages')).toBe(String(Math.ceil(byVoice.length / 25)));
    await harness.screenshot(page, 'leaderboard');
    await page.click('[data-page-link="next"]');
    expect(await page.getAttribute('[data-page]', 'data-page')).toBe('2');
    expect(await shown()).toEqual(byVoice.slice(25, 50).map((row) => row.userId));
    await page.click('[data-sort-by="messages"]');
    expect(await page.getAttribute('[data-leaderboard]', 'data-sort')).toBe('messages');
    expect(await page.getAttribute('[data-page]', 'data-page')).toBe('1');
    expect(await shown()).toEqual(byMessages.slice(0, 25).map((row) => row.userId));
    // The names are the members' display names.
    for (const name of await page.locator('[data-leaderboard] tbody a').allTextContents())
      expect(name).toMatch(/^(Ana|Ben|Cara|Member \d\d)$/);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-csv]')]);
    const csv = await new Response(await download.createReadStream()).text();
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe('rank,user_id,name,voice_ms,voice_minutes,messages');
    expect(lines).toHaveLength(byMessages.length + 1);
    expect(lines[1]?.split(',').slice(0, 2)).toEqual(['1', byMessages[0]?.userId]);
  });

  it('shows a member their days, channels and hours, and deletes their data when they confirm', async () => {
    const harness = await startHarness();
    await seedActivity(harness);
    const ben = harness.user('ben');
    const { page } = await harness.signIn('ben');
    await page.goto(`${harness.url}/guilds/${harness.guildId}/members/@me?period=last30`);
    const query = {
      guildId: harness.guildId,
      startDay: days.add(today(), -29),
      endDay: days.add(today(), 1),
      userId: ben,
    };
    const { days: series } = await harness.store.readActivitySummary(query);
    expect(
      await page.locator('[data-days] tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-day'))),
    ).toEqual(series.map((day) => day.day).toReversed());
    expect(await page.locator('[data-channel-id]').count()).toBe((await harness.store.readChannelTotals(query)).length);
    await harness.screenshot(page, 'member');
    await page.click('[data-forget]');
    await harness.screenshot(page, 'forget');
    await page.click('[data-confirm-forget]');
    await page.waitForSelector('[data-forgotten]');
    const data = await harness.store.readMemberData({ guildId: harness.guildId, userId: ben });
    expect(data.days).toEqual([]);
    expect(data.channels).toEqual([]);
    expect((await harness.store.readActivityTotals({ ...query, userIds: [harness.user('ana')] })).length).toBe(1);
  });

  it('shows the job board and the report archive', async () => {
    const harness = await startHarness();
    await seedActivity(harness);
    const { guildId, store } = harness;
    const lastWeek = days.startOfWeek(days.add(today(), -7), 1);
    await store.claimReportPost({ guildId, kind: 'weekly', periodStart: lastWeek }, Date.now());
    await store.claimReportPost({ guildId, kind: 'daily', periodStart: days.add(today(), -1) }, Date.now());
    await store.saveJobListing({
      guildId,
      postId: '1300000000000000001',
      forumChannelId: harness.channel('lfg'),
      voiceChannelId: '1300000000000000002',
      ownerId: harness.user('cara'),
      ownerName: 'Cara',
      title: 'Ranked <b>duo</b> tonight',
      description: 'mic on',
      tags: [],
      userLimit: 2,
      status: 'closed',
      createdAt: Date.now() - 7_200_000,
      closedAt: Date.now() - 3_600_000,
      closeReason: 'owner',
      participantCount: 0,
      peakParticipants: 2,
      totalVoiceMs: 3_600_000,
    });
    const { page } = await harness.signIn('ben');
    await page.goto(`${harness.url}/guilds/${guildId}/jobs`);
    // User text is shown as text, never as markup.
    expect(await page.locator('[data-jobs="closed"] tbody tr a').textContent()).toBe('Ranked <b>duo</b> tonight');
    await harness.screenshot(page, 'jobs');
    await page.goto(`${harness.url}/guilds/${guildId}/reports`);
    expect(await page.locator('[data-reports] li').count()).toBe(2);
    await harness.screenshot(page, 'reports');
    await page.click(`a[href$="/reports/weekly/${lastWeek}"]`);
    const week = await store.readActivityTotals({ guildId, startDay: lastWeek, endDay: days.add(lastWeek, 7) });
    expect(await page.textContent('[data-figure="members"]')).toBe(String(week.length));
    await harness.screenshot(page, 'report');
  });

  it("speaks Korean by the browser, and by the person's choice", async () => {
    const harness = await startHarness();
    await seedActivity(harness);
    const { page } = await harness.signIn('ana', { locale: 'ko-KR' });
    expect(await page.textContent('h1')).toBe('내 서버');
    await page.selectOption('select[name="language"]', 'en');
    await page.click('form[action$="/language"] button');
    expect(await page.textContent('h1')).toBe('Your servers');
    await page.goto(`${harness.url}/guilds/${harness.guildId}`);
    await page.selectOption('select[name="language"]', 'ko');
    await page.click('form[action$="/language"] button');
    expect(await page.textContent('[data-figure="members"]')).toBe('63');
    expect(await page.locator('.figure .label').first().textContent()).toBe('활동 멤버');
    expect(await page.textContent('[data-figure="voice"]')).toMatch(/^\d+시간 \d+분$/);
    await harness.screenshot(page, 'overview-ko');
  });
});
