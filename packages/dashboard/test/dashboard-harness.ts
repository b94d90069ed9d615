// A dashboard as a bot runs it, for the browser tests: fake-discord (with its OAuth2), a real
// discord.js client, guildkit on a real SQLite file, the dashboard on a real HTTP port, and a real
// headless Chromium signing in through the fake's consent page.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ActivitySlice, days } from '@guildkit/core';
import { createGuildkit, type Guildkit, guildkitIntents } from '@guildkit/discord';
import { type FakeDiscord, type GuildSeed, startFakeDiscord } from '@guildkit/fake-discord';
import { SqliteStore } from '@guildkit/sqlite-store';
import { Client } from 'discord.js';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { onTestFinished } from 'vitest';
import { browserForTest } from '../../fake-discord/test/browser.ts';
import { createDashboard, type Dashboard, type DashboardOptions } from '../src/index.ts';

const MANAGE_GUILD = 1n << 5n;
const MODERATE_MEMBERS = 1n << 40n;

/** How many members besides ana, ben and cara have activity: three leaderboard pages of 25. */
export const EXTRA_MEMBERS = 60;

const seeds: GuildSeed[] = [
  {
    name: 'Test',
    roles: [
      { name: 'Admins', permissions: MANAGE_GUILD },
      { name: 'Mods', permissions: MODERATE_MEMBERS },
      { name: 'Regulars' },
    ],
    channels: [
      { name: 'chat', type: 'text' },
      { name: 'mod-log', type: 'text' },
      { name: 'reports', type: 'text' },
      { name: 'Lounge', type: 'voice' },
      { name: 'Games', type: 'voice' },
      // Only Admins see it: its name and activity are theirs alone.
      {
        name: 'Staff Room',
        type: 'voice',
        deny: { everyone: ['ViewChannel'] },
        allow: { roles: { Admins: ['ViewChannel'] } },
      },
      { name: 'lfg', type: 'forum' },
    ],
    members: [
      { username: 'ana', globalName: 'Ana', roles: ['Admins'] },
      { username: 'ben', globalName: 'Ben' },
      { username: 'cara', globalName: 'Cara', roles: ['Mods'] },
      ...Array.from({ length: EXTRA_MEMBERS }, (_, index) => ({
        username: `m${String(index + 1).padStart(2, '0')}`,
        globalName: `Member ${String(index + 1).padStart(2, '0')}`,
      })),
    ],
    botRoleOnTop: true,
  },
  {
    name: 'Elsewhere',
    channels: [{ name: 'general', type: 'text' }],
    members: [{ username: 'olga', globalName: 'Olga' }],
  },
];

/** Where screenshots go: kept by CI as the test's artefacts (`test-results/` is not committed). */
export const SCREENSHOTS = join(import.meta.dirname, '..', 'test-results', 'screenshots');

export interface Harness {
  readonly fake: FakeDiscord;
  readonly store: SqliteStore;
  readonly guildkit: Guildkit;
  readonly dashboard: Dashboard;
  /** The dashboard's address, `http://127.0.0.1:<port>`. */
  readonly url: string;
  readonly guildId: string;
  readonly otherGuildId: string;
  readonly user: (username: string) => string;
  readonly channel: (name: string) => string;
  readonly browser: Browser;
  /** What the dashboard logged: `[level, message, fields]`. */
  readonly logged: [string, string, Record<string, unknown>][];
  /** A new browser profile (its own cookies) signed in as `username`, on the guild list. */
  signIn(username: string, options?: { readonly locale?: string }): Promise<{ context: BrowserContext; page: Page }>;
  /** Saves a full-page screenshot as `<name>.png`. */
  screenshot(page: Page, name: string): Promise<void>;
}

/** Starts everything for one test; it all stops when the test ends. */
export async function startHarness(options: Partial<DashboardOptions> = {}): Promise<Harness> {
  const fake = await startFakeDiscord({ guilds: seeds, allowedPrivilegedIntents: ['GuildMembers'] });
  onTestFinished(() => fake.close());
  const folder = mkdtempSync(join(tmpdir(), 'guildkit-dashboard-'));
  onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
  const store = await SqliteStore.open({ filename: join(folder, 'guildkit.db') });
  onTestFinished(() => store.close());
  const guildId = fake.guildId('Test');
  const features = {
    store,
    activity: true,
    activityLog: {},
    reports: {},
    activityRoles: {},
    jobBoard: { forumChannelId: fake.channelId(guildId, 'lfg') },
    commands: { register: false },
  };
  const client = new Client({ intents: guildkitIntents(features), rest: { api: fake.apiUrl } });
  onTestFinished(() => client.destroy());
  const guildkit = createGuildkit(client, features);
  onTestFinished(() => guildkit.close());
  await client.login(fake.token);
  await guildkit.ready;

  // The port first, so that the dashboard knows its own address (sign-in returns to it).
  let dashboard: Dashboard | undefined;
  const logged: Harness['logged'] = [];
  const logger = {
    info: (fields: Record<string, unknown>, message: string) => logged.push(['info', message, fields]),
    warn: (fields: Record<string, unknown>, message: string) => logged.push(['warn', message, fields]),
    error: (fields: Record<string, unknown>, message: string) => logged.push(['error', message, fields]),
  };
  const server = createServer((request, response) => dashboard?.handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve()).closeAllConnections()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dashboard = await createDashboard(guildkit, {
    url,
    oauth2: { clientSecret: fake.oauth2.clientSecret, authorizeUrl: fake.oauth2.authorizeUrl, apiUrl: fake.apiUrl },
    sessionSecret: 'a test secret of at least thirty-two characters',
    logger,
    ...options,
  });
  onTestFinished(() => dashboard?.close());

  const browser = await browserForTest();
  mkdirSync(SCREENSHOTS, { recursive: true });
  const harness: Harness = {
    fake,
    store,
    guildkit,
    dashboard,
    url,
    guildId,
    otherGuildId: fake.guildId('Elsewhere'),
    user: (username) => {
      const inTest = (() => {
        try {
          return fake.userId(guildId, username);
        } catch {
          return undefined;
        }
      })();
      return inTest ?? fake.userId(fake.guildId('Elsewhere'), username);
    },
    channel: (name) => fake.channelId(guildId, name),
    browser,
    logged,
    async signIn(username, { locale = 'en-US' } = {}) {
      const context = await browser.newContext({ locale, viewport: { width: 1200, height: 900 } });
      onTestFinished(() => context.close());
      const page = await context.newPage();
      await page.goto(url);
      await page.click('[data-sign-in]');
      await page.click(`a[data-user-id="${harness.user(username)}"]`);
      await page.waitForURL(`${url}/`);
      return { context, page };
    },
    async screenshot(page, name) {
      await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
  };
  return harness;
}

/**
 * Activity over the last `span` days up to today (UTC, the guild's default time zone): ana, ben,
 * cara and the extra members, in two voice channels and chat, at different hours, so that every
 * member has different totals.
 */
export async function seedActivity(harness: Harness, span = 10): Promise<void> {
  const { store, guildId, channel } = harness;
  const today = new Date().toISOString().slice(0, 10);
  const people = [
    'ana',
    'ben',
    'cara',
    ...Array.from({ length: EXTRA_MEMBERS }, (_, i) => `m${String(i + 1).padStart(2, '0')}`),
  ];
  const slices: ActivitySlice[] = [];
  people.forEach((username, index) => {
    const userId = harness.user(username);
    for (let back = 0; back < span; back += 1) {
      if ((index + back) % 3 === 0) continue; // not every member every day
      const day = days.add(today, -back);
      const voice = (index * 7 + back * 3 + 5) * 60_000;
      slices.push({
        guildId,
        userId,
        channelId: channel(index % 2 === 0 ? 'Lounge' : 'Games'),
        day,
        hour: (index + back) % 24,
        ms: voice,
        messages: 0,
      });
      slices.push({
        guildId,
        userId,
        channelId: channel('chat'),
        day,
        hour: (index * 5) % 24,
        ms: 0,
        messages: (index * 13) % 17,
      });
    }
  });
  const increments = new Map<string, { guildId: string; userId: string; day: string; ms: number; messages: number }>();
  for (const slice of slices) {
    const key = `${slice.userId}|${slice.day}`;
    const total = increments.get(key) ?? { guildId, userId: slice.userId, day: slice.day, ms: 0, messages: 0 };
    total.ms += slice.ms;
    total.messages += slice.messages;
    increments.set(key, total);
  }
  // Ana in the staff room, an hour today.
  slices.push({
    guildId,
    userId: harness.user('ana'),
    channelId: channel('Staff Room'),
    day: today,
    hour: 3,
    ms: 3_600_000,
    messages: 0,
  });
  const ana = `${harness.user('ana')}|${today}`;
  const anaToday = increments.get(ana) ?? { guildId, userId: harness.user('ana'), day: today, ms: 0, messages: 0 };
  anaToday.ms += 3_600_000;
  increments.set(ana, anaToday);
  await store.recordActivity({ increments: [...increments.values()], slices });
}
