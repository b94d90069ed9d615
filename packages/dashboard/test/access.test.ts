// Who may do what, checked on the server at each request: settings need Manage Server now, a
// guild's pages need membership, a leaderboard may be kept to moderators, and no change happens
// without the page's CSRF token. In a real headless Chromium, signed in through fake-discord.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChannelType } from 'discord.js';
import { describe, expect, it, onTestFinished } from 'vitest';
import { type Harness, seedActivity, startHarness } from './dashboard-harness.ts';

/** The CSRF token of a page the person may open (every page's language form carries one). */
const tokenOf = (page: import('playwright-core').Page) => page.getAttribute('input[name="_csrf"]', 'value');

describe('who may see and change what', () => {
  it('lets an administrator change a setting, and the bot follows it at once', async () => {
    const harness = await startHarness();
    const { guildkit, guildId, fake, channel } = harness;
    const { page } = await harness.signIn('ana');
    await page.goto(`${harness.url}/guilds/${guildId}/settings`);
    expect(harness.logged.filter(([level]) => level === 'error')).toEqual([]);
    await harness.screenshot(page, 'settings');
    expect(guildkit.settings.of(guildId).activityLog?.channelId).toBeUndefined();
    // The form sent back untouched changes nothing: the bot's defaults stay defaults.
    await page.click('[data-save]');
    await page.waitForSelector('[data-saved]');
    expect(await guildkit.settings.read(guildId)).toEqual({});
    // Channels are picked from the guild's list, by name.
    await page.selectOption('select[name="activityLog.channelId"]', { label: '#mod-log' });
    await page.selectOption('select[name="timeZone"]', 'Asia/Seoul');
    await page.click('[data-save]');
    await page.waitForSelector('[data-saved]');
    await harness.screenshot(page, 'settings-saved');
    expect(guildkit.settings.of(guildId).activityLog?.channelId).toBe(channel('mod-log'));
    expect(guildkit.settings.of(guildId).timeZone).toBe('Asia/Seoul');
    // Only what was changed is the guild's own; the rest stays the bot's default.
    expect(await guildkit.settings.read(guildId)).toEqual({
      timeZone: 'Asia/Seoul',
      activityLog: { channelId: channel('mod-log') },
    });
    // The bot follows: a member joining voice is logged in #mod-log.
    await fake.setVoiceState({ guildId, userId: harness.user('ben'), channelId: channel('Lounge') });
    await expect.poll(() => fake.messages(channel('mod-log')).length, { timeout: 10_000 }).toBeGreaterThan(0);
  });

  it('names what is wrong with a setting and saves nothing', async () => {
    const harness = await startHarness();
    const { page } = await harness.signIn('ana');
    await page.goto(`${harness.url}/guilds/${harness.guildId}/settings`);
    await page.fill('input[name="reports.schedule.daily"]', 'every day at noon');
    await page.selectOption('select[name="activityLog.channelId"]', { label: '#mod-log' });
    await page.click('[data-save]');
    expect(await page.textContent('[data-problems]')).toMatch(/Daily report/i);
    expect(await harness.guildkit.settings.read(harness.guildId)).toEqual({});
  });

  it('refuses the settings page and its form endpoint to a member without Manage Server, asked at each request', async () => {
    const harness = await startHarness();
    const { guildkit, guildId } = harness;
    const ben = await harness.signIn('ben');
    await ben.page.goto(`${harness.url}/guilds/${guildId}/settings`);
    expect(await ben.page.getAttribute('[data-error]', 'data-error')).toBe('forbidden');
    expect(await ben.page.textContent('h1')).toContain('Manage Server');
    await harness.screenshot(ben.page, 'settings-refused');
    // The form endpoint, with a token Ben's own pages gave him: refused all the same.
    await ben.page.goto(`${harness.url}/guilds/${guildId}`);
    const token = await tokenOf(ben.page);
    const posted = await ben.page.request.post(`${harness.url}/guilds/${guildId}/settings`, {
      form: { _csrf: token ?? '', timeZone: 'Asia/Seoul' },
    });
    expect(posted.status()).toBe(403);
    const rule = await ben.page.request.post(`${harness.url}/guilds/${guildId}/settings/roles`, {
      form: {
        _csrf: token ?? '',
        action: 'add',
        kind: 'inactive',
        roleId: harness.fake.roleId(guildId, 'Regulars'),
        days: '30',
      },
    });
    expect(rule.status()).toBe(403);
    expect(await guildkit.settings.read(guildId)).toEqual({});

    // Ana signed in as an administrator; she loses the role in Discord and is refused at once.
    const ana = await harness.signIn('ana');
    await ana.page.goto(`${harness.url}/guilds/${guildId}/settings`);
    const anaToken = await tokenOf(ana.page);
    const guild = harness.guildkit.client.guilds.cache.get(guildId);
    await guild?.members.cache.get(harness.user('ana'))?.roles.remove(harness.fake.roleId(guildId, 'Admins'));
    const late = await ana.page.request.post(`${harness.url}/guilds/${guildId}/settings`, {
      form: { _csrf: anaToken ?? '', timeZone: 'Asia/Seoul' },
    });
    expect(late.status()).toBe(403);
    expect(await guildkit.settings.read(guildId)).toEqual({});
    await ana.page.reload();
    expect(await ana.page.getAttribute('[data-error]', 'data-error')).toBe('forbidden');
  });

  it('shows a member of another guild nothing of this one', async () => {
    const harness = await startHarness();
    await seedActivity(harness);
    const { guildId } = harness;
    const { page } = await harness.signIn('olga');
    expect(await page.locator('[data-guild-id]').allTextContents()).toEqual(['Elsewhere']);
    const ana = harness.user('ana');
    for (const path of ['', '/leaderboard', '/leaderboard.csv', `/members/${ana}`, '/jobs', '/reports', '/settings']) {
      const response = await page.goto(`${harness.url}/guilds/${guildId}${path}`);
      expect(response?.status(), path).toBe(404);
      const text = (await page.textContent('main')) ?? '';
      expect(text).toContain('Nothing here for you');
      expect(text).not.toContain('Test');
      expect(text).not.toContain('Ana');
    }
    await harness.screenshot(page, 'not-a-member');
    // The same page as for a guild that does not exist: it tells nothing about this one.
    const unknown = await page.goto(`${harness.url}/guilds/1999999999999999999`);
    expect(unknown?.status()).toBe(404);
    const forget = await page.request.post(`${harness.url}/guilds/${guildId}/members/${ana}/forget`, {
      form: { _csrf: (await tokenOf(page)) ?? '' },
    });
    expect(forget.status()).toBe(404);
    expect((await harness.store.readMemberData({ guildId, userId: ana })).days.length).toBeGreaterThan(0);
  });

  it('changes nothing on a forged request without the CSRF token: from another site, or without or with a wrong token', async () => {
    const harness = await startHarness();
    const { guildkit, guildId } = harness;
    const { page } = await harness.signIn('ana');
    await page.goto(`${harness.url}/guilds/${guildId}/settings`);
    const settingsUrl = `${harness.url}/guilds/${guildId}/settings`;

    // Another site's page posts a form to the dashboard while Ana is signed in.
    const attacker = createServer((_request, response) =>
      response
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          `<form method="post" action="${settingsUrl}"><input name="timeZone" value="Asia/Seoul"><button id="go">win a prize</button></form>`,
        ),
    );
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.2', resolve));
    onTestFinished(() => new Promise<void>((resolve) => attacker.close(() => resolve())));
    await page.goto(`http://127.0.0.2:${(attacker.address() as AddressInfo).port}/`);
    const [answer] = await Promise.all([page.waitForNavigation(), page.click('#go')]);
    expect([401, 403]).toContain(answer?.status());
    await harness.screenshot(page, 'forged-request');

    // From the dashboard's own origin with Ana's cookie, but no token, or another session's.
    const bare = await page.request.post(settingsUrl, { form: { timeZone: 'Asia/Seoul' } });
    expect(bare.status()).toBe(403);
    expect(await bare.text()).toContain('Nothing changed');
    const other = await harness.signIn('cara');
    await other.page.goto(`${harness.url}/guilds/${guildId}`);
    const wrong = await page.request.post(settingsUrl, {
      form: { _csrf: (await tokenOf(other.page)) ?? '', timeZone: 'Asia/Seoul' },
    });
    expect(wrong.status()).toBe(403);
    expect(await guildkit.settings.read(guildId)).toEqual({});
    expect(guildkit.settings.of(guildId).timeZone).toBe('UTC');
  });

  it("keeps the leaderboard to moderators when the guild says so, and another member's data to Manage Server", async () => {
    const harness = await startHarness();
    await seedActivity(harness);
    const { guildId, guildkit } = harness;
    await guildkit.settings.update(guildId, { set: { dashboard: { leaderboard: 'moderators' } } });
    const ben = await harness.signIn('ben');
    const refused = await ben.page.goto(`${harness.url}/guilds/${guildId}/leaderboard`);
    expect(refused?.status()).toBe(403);
    expect(await ben.page.locator('nav.tabs a', { hasText: 'Leaderboard' }).count()).toBe(0);
    expect((await ben.page.goto(`${harness.url}/guilds/${guildId}/members/${harness.user('ana')}`))?.status()).toBe(
      403,
    );
    expect((await ben.page.goto(`${harness.url}/guilds/${guildId}/members/@me`))?.status()).toBe(200);
    const cara = await harness.signIn('cara'); // Timeout Members: a moderator
    expect((await cara.page.goto(`${harness.url}/guilds/${guildId}/leaderboard`))?.status()).toBe(200);
    // A moderator sees Ben's page, but deleting his data needs Manage Server.
    const benId = harness.user('ben');
    expect((await cara.page.goto(`${harness.url}/guilds/${guildId}/members/${benId}`))?.status()).toBe(200);
    expect(await cara.page.locator('[data-forget]').count()).toBe(0);
    const forget = await cara.page.request.post(`${harness.url}/guilds/${guildId}/members/${benId}/forget`, {
      form: { _csrf: (await tokenOf(cara.page)) ?? '' },
    });
    expect(forget.status()).toBe(403);
    expect((await harness.store.readMemberData({ guildId, userId: benId })).days.length).toBeGreaterThan(0);
  });

  it('adds an activity-role rule from lists, and previews what a run would change without changing anything', async () => {
    const harness = await startHarness();
    await seedActivity(harness);
    const { guildId, fake } = harness;
    const { page } = await harness.signIn('ana');
    await page.goto(`${harness.url}/guilds/${guildId}/settings`);
    await page.selectOption('[data-add-rule] select[name="kind"]', 'top');
    await page.selectOption('[data-add-rule] select[name="roleId"]', { label: '@Regulars' });
    await page.fill('[data-add-rule] input[name="days"]', '7');
    await page.fill('[data-add-rule] input[name="count"]', '5');
    await page.click('[data-add-rule] button');
    await page.waitForSelector('[data-saved]');
    const regulars = fake.roleId(guildId, 'Regulars');
    expect(harness.guildkit.settings.of(guildId).activityRoles?.rules).toEqual([
      { kind: 'top', roleId: regulars, days: 7, count: 5, rankBy: 'voice' },
    ]);
    await page.click('[data-preview-rules]');
    expect(await page.textContent('[data-preview]')).toMatch(
      /5 would gain a role and 0 would lose one\. Nothing was changed\./,
    );
    await harness.screenshot(page, 'settings-roles-preview');
    const holders = [...(fake as Harness['fake']).events].filter((event) => event.type === 'GUILD_MEMBER_UPDATE');
    expect(holders).toEqual([]);
    expect(ChannelType.GuildText).toBe(0);
  });

  it("names only the channels a person sees in Discord, and shows the archive's rankings only to those who see the leaderboard", async () => {
    const harness = await startHarness();
    await seedActivity(harness);
    const { guildId, store, guildkit } = harness;
    const staffRoom = harness.channel('Staff Room');
    const ana = await harness.signIn('ana');
    await ana.page.goto(`${harness.url}/guilds/${guildId}?period=today`);
    expect(await ana.page.locator(`[data-channel-id="${staffRoom}"]`).count()).toBe(1);
    const ben = await harness.signIn('ben');
    await ben.page.goto(`${harness.url}/guilds/${guildId}?period=today`);
    expect(await ben.page.locator(`[data-channel-id="${staffRoom}"]`).count()).toBe(0);
    expect(await ben.page.textContent('main')).not.toContain('Staff Room');

    // The archive shows reports that were posted, nothing else.
    const today = new Date().toISOString().slice(0, 10);
    await store.claimReportPost({ guildId, kind: 'daily', periodStart: today }, Date.now());
    expect((await ben.page.goto(`${harness.url}/guilds/${guildId}/reports/daily/${today}`))?.status()).toBe(200);
    expect(await ben.page.locator('.leaderboard [data-user-id]').count()).toBeGreaterThan(0);
    expect((await ben.page.goto(`${harness.url}/guilds/${guildId}/reports/weekly/${today}`))?.status()).toBe(404);
    await guildkit.settings.update(guildId, { set: { dashboard: { leaderboard: 'moderators' } } });
    await ben.page.goto(`${harness.url}/guilds/${guildId}/reports/daily/${today}`);
    expect(await ben.page.locator('.leaderboard [data-user-id]').count()).toBe(0);
    expect(await ben.page.textContent('[data-figure="members"]')).not.toBe('0');
  });

  it('goes back only to its own pages after sign-in, and keeps no code, token or secret in pages or logs', async () => {
    const harness = await startHarness();
    const { fake, url } = harness;
    for (const returnTo of ['/%09/evil.example', '//evil.example', 'https://evil.example/', '/\\evil.example']) {
      const login = await fetch(`${url}/auth/login?returnTo=${encodeURIComponent(decodeURIComponent(returnTo))}`, {
        redirect: 'manual',
      });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
      const consent = await (await fetch(login.headers.get('location') as string)).text();
      const link = new RegExp(`<a href="([^"]+)" data-user-id="${harness.user('ana')}">`).exec(consent)?.[1] as string;
      const answer = await fetch(new URL(link.replaceAll('&#38;', '&'), fake.oauth2.authorizeUrl), {
        redirect: 'manual',
      });
      const callback = await fetch(answer.headers.get('location') as string, {
        redirect: 'manual',
        headers: { cookie },
      });
      expect(callback.status, returnTo).toBe(303);
      expect(callback.headers.get('location'), returnTo).toBe('/');
    }
    // A page with a form, then sign-out: nothing secret anywhere.
    const { page } = await harness.signIn('ana');
    const pages = [await page.content()];
    await page.goto(`${url}/guilds/${harness.guildId}/settings`);
    pages.push(await page.content());
    // A callback that fails still carries no code in its page.
    const failed = await page.goto(`${url}/auth/callback?code=secret-code-123&state=wrong`);
    expect(failed?.status()).toBe(400);
    pages.push(await page.content());
    const everything = [...pages, JSON.stringify(harness.logged)].join('\n');
    expect(everything).not.toContain(fake.oauth2.clientSecret);
    expect(everything).not.toContain('secret-code-123');
    expect(everything).not.toContain(fake.token);
    expect(everything).not.toMatch(/access_token|Bearer /);
    expect(harness.logged.some(([, message]) => message === 'signed in to the dashboard')).toBe(true);
  });

  it('writes only what the admin changed, over what someone else saved meanwhile, and keeps their entries when refused', async () => {
    const harness = await startHarness();
    const { guildkit, guildId, channel } = harness;
    const { page } = await harness.signIn('ana');
    await page.goto(`${harness.url}/guilds/${guildId}/settings`);
    // Meanwhile, another admin sets the time zone with /settings.
    await guildkit.settings.update(guildId, { set: { timeZone: 'Asia/Seoul' } });
    await page.selectOption('select[name="activityLog.channelId"]', { label: '#mod-log' });
    await page.click('[data-save]');
    await page.waitForSelector('[data-saved]');
    expect(await guildkit.settings.read(guildId)).toEqual({
      timeZone: 'Asia/Seoul',
      activityLog: { channelId: channel('mod-log') },
    });
    // Refused: the entries are still there to fix.
    await page.fill('input[name="reports.schedule.weekly"]', 'whenever');
    await page.click('[data-save]');
    await page.waitForSelector('[data-problems]');
    expect(await page.inputValue('input[name="reports.schedule.weekly"]')).toBe('whenever');
  });
});
