// The dashboard's pages over a guild of 10,000 members and 1,000,000 voice sessions in a year, on
// a SQLite file and on PostgreSQL. Issue 20's targets: the server time of the overview and of a
// leaderboard page, median under 100 ms on each store, beside the same queries without the
// dashboard; and the page weight.
//
// How: a real discord.js client on fake-discord (10,000 members, their names in the client's cache
// as a bot with the GuildMembers intent has them), guildkit on the store, and the dashboard over it.
// A person signs in through the fake's OAuth2 (the same redirects a browser follows); each page is
// then asked with fastify's inject (the whole server side: session, CSRF token, membership check,
// store reads, names, templates), alternately with the same store reads alone, RUNS times each.
//
// Environment: BENCH_DASHBOARD_SESSIONS (1,000,000), BENCH_DASHBOARD_RUNS (21),
// BENCH_DASHBOARD_OUT (the results folder). Prints its tables and writes results/dashboard-<date>.md.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type ActivityBatch, type ActivitySlice, days, type GuildkitStore } from '@guildkit/core';
import { createDashboard, type Dashboard } from '@guildkit/dashboard';
import { createGuildkit, guildkitIntents } from '@guildkit/discord';
import { type FakeDiscord, type GuildSeed, startFakeDiscord } from '@guildkit/fake-discord';
import { PostgresStore } from '@guildkit/postgres-store';
import { SqliteStore } from '@guildkit/sqlite-store';
import { Client } from 'discord.js';
import pg from 'pg';
import { openPostgres } from './ingest/postgres.ts';
import { cleanUpOnInterrupt, loadAverage, runTime, writeResults } from './ingest/run.ts';
import { formatTable, median, prng } from './table.ts';

const SESSIONS = Number(process.env.BENCH_DASHBOARD_SESSIONS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_DASHBOARD_RUNS ?? 21);
/** The guild's members: the seeded ones, the owner and the bot. */
const MEMBERS = 10_000;
const SEEDED = MEMBERS - 2;
const CHANNELS = 12;
const YEAR = 365;
const LAST_DAY = '2026-11-30';
const FIRST_DAY = days.add(LAST_DAY, 1 - YEAR);
/** Noon on the last day: "today" for the dashboard, so that its windows end with the data. */
const NOW = Date.parse(`${LAST_DAY}T12:00:00Z`);
const BATCH = 20_000;
const HOUR_WEIGHTS = [2, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 7, 8, 8, 8, 8, 9, 10, 12, 14, 16, 16, 12, 6];

const started = runTime(new Date());
const folder = mkdtempSync(join(tmpdir(), 'guildkit-dashboard-bench-'));
const postgres = openPostgres(folder);
cleanUpOnInterrupt(folder, postgres);

function seed(): GuildSeed {
  return {
    name: 'dashboard bench',
    roles: [{ name: 'Admins', permissions: 1n << 5n }],
    channels: Array.from({ length: CHANNELS }, (_, i) => ({ name: `room-${i}`, type: 'voice' as const })),
    members: Array.from({ length: SEEDED }, (_, i) => ({
      username: `member${String(i).padStart(5, '0')}`,
      globalName: `Member ${i}`,
      ...(i === 0 ? { roles: ['Admins'] } : {}),
    })),
  };
}

/**
 * A year of sessions as a tracker writes them, in batches of 20,000: daily totals and slices (UTC,
 * each session cut at the hours), some members and rooms far busier than others, evenings busiest,
 * 5 to 180 minutes each; a tenth of the sessions' members also wrote messages.
 */
function* year(guildId: string, userIds: readonly string[], channelIds: readonly string[]): Generator<ActivityBatch> {
  const random = prng(20);
  const hourSum = HOUR_WEIGHTS.reduce((sum, weight) => sum + weight, 0);
  for (let from = 0; from < SESSIONS; from += BATCH) {
    const daily = new Map<string, { guildId: string; userId: string; day: string; ms: number; messages: number }>();
    const slices = new Map<string, ActivitySlice & { ms: number; messages: number }>();
    for (let i = from; i < Math.min(SESSIONS, from + BATCH); i += 1) {
      const dayIndex = Math.floor((i / SESSIONS) * YEAR);
      let pick = random() * hourSum;
      let hour = 0;
      while (pick >= (HOUR_WEIGHTS[hour] as number)) pick -= HOUR_WEIGHTS[hour++] as number;
      const userId = userIds[Math.floor(random() ** 1.5 * userIds.length)] as string;
      const channelId = channelIds[Math.floor(random() ** 1.5 * channelIds.length)] as string;
      const messages = random() < 0.1 ? 1 + Math.floor(random() * 20) : 0;
      let start = Date.parse(`${days.add(FIRST_DAY, dayIndex)}T00:00:00Z`) + Math.floor((hour + random()) * 3_600_000);
      let left = 300_000 + Math.floor(random() * 10_500_001);
      let first = true;
      while (left > 0) {
        const at = new Date(start);
        const day = at.toISOString().slice(0, 10);
        if (day > LAST_DAY) break;
        const h = at.getUTCHours();
        const ms = Math.min(left, 3_600_000 - (start % 3_600_000));
        const sent = first ? messages : 0;
        const key = `${userId}|${day}|${h}|${channelId}`;
        const slice = slices.get(key);
        if (slice === undefined) slices.set(key, { guildId, userId, channelId, day, hour: h, ms, messages: sent });
        else {
          slice.ms += ms;
          slice.messages += sent;
        }
        const total = daily.get(`${userId}|${day}`);
        if (total === undefined) daily.set(`${userId}|${day}`, { guildId, userId, day, ms, messages: sent });
        else {
          total.ms += ms;
          total.messages += sent;
        }
        start += ms;
        left -= ms;
        first = false;
      }
    }
    yield { increments: [...daily.values()], slices: [...slices.values()] };
  }
}

interface Timed {
  readonly page: string;
  readonly withDashboard: readonly number[];
  readonly queriesOnly: readonly number[];
  readonly bytes: number;
  readonly gzipBytes: number;
}

/** Signs in through the fake's OAuth2 as a browser would, and returns the session cookie. */
async function signIn(dashboard: Dashboard, fake: FakeDiscord, userId: string): Promise<string> {
  const cookieOf = (header: string | string[] | undefined) => String(header).split(';')[0] as string;
  const login = await dashboard.app.inject({ method: 'GET', url: '/auth/login' });
  const consent = await (await fetch(login.headers.location as string)).text();
  const link = new RegExp(`<a href="([^"]+)" data-user-id="${userId}">`).exec(consent)?.[1] as string;
  const answer = await fetch(new URL(link.replaceAll('&#38;', '&'), fake.oauth2.authorizeUrl), { redirect: 'manual' });
  const back = new URL(answer.headers.get('location') as string);
  const callback = await dashboard.app.inject({
    method: 'GET',
    url: `${back.pathname}${back.search}`,
    headers: { cookie: cookieOf(login.headers['set-cookie']) },
  });
  if (callback.statusCode !== 303) throw new Error(`sign-in failed: ${callback.statusCode} ${callback.body}`);
  return cookieOf(callback.headers['set-cookie']);
}

async function trial(name: string, store: GuildkitStore, settle: () => Promise<GuildkitStore>): Promise<Timed[]> {
  const fake = await startFakeDiscord({ guilds: [seed()], allowedPrivilegedIntents: ['GuildMembers'] });
  const guildId = fake.guildId('dashboard bench');
  const userIds = Array.from({ length: SEEDED }, (_, i) => fake.userId(guildId, `member${String(i).padStart(5, '0')}`));
  const channelIds = Array.from({ length: CHANNELS }, (_, i) => fake.channelId(guildId, `room-${i}`));
  const filled = performance.now();
  let rows = 0;
  for (const batch of year(guildId, userIds, channelIds)) {
    await store.recordActivity(batch);
    rows += batch.increments?.length ?? 0;
  }
  console.log(
    `${name}: ${SESSIONS.toLocaleString('en')} sessions written (${rows.toLocaleString('en')} daily rows) in ${((performance.now() - filled) / 1000).toFixed(0)} s`,
  );
  const settled = await settle();
  const features = { store: settled, activity: true, reports: {}, commands: { register: false } } as const;
  const client = new Client({ intents: guildkitIntents(features), rest: { api: fake.apiUrl } });
  const guildkit = createGuildkit(client, { ...features, now: () => NOW });
  await client.login(fake.token);
  await guildkit.ready;
  const guild = client.guilds.cache.get(guildId);
  await guild?.members.fetch(); // a bot with the GuildMembers intent has its members cached
  const dashboard = await createDashboard(guildkit, {
    url: 'http://127.0.0.1:9',
    oauth2: { clientSecret: fake.oauth2.clientSecret, authorizeUrl: fake.oauth2.authorizeUrl, apiUrl: fake.apiUrl },
    sessionSecret: 'a bench secret of at least thirty-two characters',
    now: () => NOW,
  });
  try {
    const cookie = await signIn(dashboard, fake, userIds[0] as string);
    const last30 = { guildId, startDay: days.add(LAST_DAY, -29), endDay: days.add(LAST_DAY, 1) };
    const last365 = { guildId, startDay: FIRST_DAY, endDay: days.add(LAST_DAY, 1) };
    // The overview's reads, as its route makes them (25 channels, of which it names the ten the person sees).
    const overviewReads = (range: typeof last30) =>
      Promise.all([
        settled.readActivitySummary(range),
        settled.readChannelTotals({ ...range, limit: 25 }),
        settled.readHourTotals(range),
      ]);
    const pages = [
      {
        page: 'overview, last 30 days',
        url: `/guilds/${guildId}?period=last30`,
        queries: () => overviewReads(last30),
      },
      {
        page: 'leaderboard page 1, last 30 days',
        url: `/guilds/${guildId}/leaderboard?period=last30`,
        queries: () => settled.readActivityTotals(last30),
      },
      {
        page: 'leaderboard page 3, by messages, last 30 days',
        url: `/guilds/${guildId}/leaderboard?period=last30&sort=messages&page=3`,
        queries: () => settled.readActivityTotals({ ...last30, rankBy: 'messages' }),
      },
      ...(
        [
          ['readActivitySummary', () => settled.readActivitySummary(last30)],
          ['readChannelTotals', () => settled.readChannelTotals({ ...last30, limit: 25 })],
          ['readHourTotals', () => settled.readHourTotals(last30)],
        ] as const
      ).map(([read, run]) => ({
        page: `the overview's ${read} alone (beside)`,
        url: '',
        queries: run as () => Promise<unknown>,
      })),
      {
        page: 'settings, Manage Server asked of Discord (beside)',
        url: `/guilds/${guildId}/settings`,
        queries: () => settled.readGuildSettings(guildId),
      },
      {
        page: 'overview, last 365 days (beside)',
        url: `/guilds/${guildId}?period=last365`,
        queries: () => overviewReads(last365),
      },
      {
        page: 'leaderboard page 1, last 365 days (beside)',
        url: `/guilds/${guildId}/leaderboard?period=last365`,
        queries: () => settled.readActivityTotals(last365),
      },
    ];
    const results: Timed[] = [];
    for (const { page, url, queries } of pages) {
      const ask = async () => {
        const response = await dashboard.app.inject({ method: 'GET', url, headers: { cookie } });
        if (response.statusCode !== 200)
          throw new Error(`${page}: ${response.statusCode} ${response.body.slice(0, 300)}`);
        return response.body;
      };
      const body = url === '' ? '' : await ask(); // warm: templates compiled, the membership answer cached as pages reuse it
      await queries();
      const withDashboard: number[] = [];
      const queriesOnly: number[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        // Alternately, so that the two see the same machine.
        const order = run % 2 === 0 ? ['page', 'queries'] : ['queries', 'page'];
        for (const which of order) {
          const at = performance.now();
          if (which === 'page' && url === '') continue;
          if (which === 'page') await ask();
          else await queries();
          (which === 'page' ? withDashboard : queriesOnly).push(performance.now() - at);
        }
      }
      results.push({
        page,
        withDashboard,
        queriesOnly,
        bytes: Buffer.byteLength(body),
        gzipBytes: body === '' ? 0 : gzipSync(body).length,
      });
      console.log(
        `${name}: ${page}: ${withDashboard.length === 0 ? '–' : median(withDashboard).toFixed(1)} ms (queries alone ${median(queriesOnly).toFixed(1)} ms)`,
      );
    }
    const css = await dashboard.app.inject({ method: 'GET', url: '/assets/dashboard.css' });
    results.push({
      page: 'the stylesheet (cached a year)',
      withDashboard: [],
      queriesOnly: [],
      bytes: css.rawPayload.length,
      gzipBytes: gzipSync(css.rawPayload).length,
    });
    return results;
  } finally {
    await dashboard.close();
    await guildkit.close();
    await client.destroy();
    await fake.close();
  }
}

const header = [
  `# Dashboard pages — ${started.time} UTC`,
  '',
  `A guild of ${MEMBERS.toLocaleString('en')} members and ${SESSIONS.toLocaleString('en')} voice sessions over ${YEAR} days, ${RUNS} runs each, the page and the same store reads alone taken in turn. Server time: fastify's inject, from the request to the last byte of the page (session, CSRF token, membership, reads, names, template). Target: median under 100 ms for the overview and a leaderboard page on each store.`,
  '',
];
console.log(header.join('\n'));
const lines: string[] = [];
try {
  const trials: [string, () => Promise<{ store: GuildkitStore; settle: () => Promise<GuildkitStore> }>][] = [
    [
      'sqlite (file, WAL)',
      async () => {
        const filename = join(folder, 'dashboard.db');
        const entry = { store: (await SqliteStore.open({ filename })) as GuildkitStore };
        return {
          store: entry.store,
          settle: async () => {
            await entry.store.close();
            entry.store = await SqliteStore.open({ filename });
            return entry.store;
          },
        };
      },
    ],
  ];
  if (postgres !== undefined) {
    trials.push([
      'postgres (loopback, durable)',
      async () => {
        const connectionString = await postgres.newDatabase();
        const store = await PostgresStore.open({ connectionString });
        return {
          store,
          settle: async () => {
            const client = new pg.Client({ connectionString });
            await client.connect();
            await client
              .query('vacuum analyze activity_daily, activity_slices, guild_channels, guild_hours')
              .finally(() => client.end());
            return store;
          },
        };
      },
    ]);
  } else console.log('postgres: skipped (install PostgreSQL: .ci/setup does)');
  const only = process.env.BENCH_DASHBOARD_STORES; // such as "postgres": the trials whose name starts so
  if (only !== undefined) trials.splice(0, trials.length, ...trials.filter(([name]) => name.startsWith(only)));
  const ms = (values: readonly number[]) => (values.length === 0 ? '–' : `${median(values).toFixed(1)} ms`);
  const kib = (bytes: number) => (bytes === 0 ? '–' : `${(bytes / 1024).toFixed(1)} KiB`);
  for (const [name, open] of trials) {
    const { store, settle } = await open();
    let results: Timed[];
    try {
      results = await trial(name, store, settle);
    } finally {
      await store.close().catch(() => {});
    }
    const rows = results.map((result) => {
      const targeted = !result.page.includes('beside') && result.withDashboard.length > 0;
      const met = targeted ? (median(result.withDashboard) < 100 ? 'met' : 'NOT met') : '';
      const p90 =
        result.withDashboard.length === 0
          ? '–'
          : `${[...result.withDashboard].sort((a, b) => a - b)[Math.floor(result.withDashboard.length * 0.9)]?.toFixed(1)} ms`;
      return [
        result.page,
        ms(result.withDashboard),
        p90,
        ms(result.queriesOnly),
        kib(result.bytes),
        kib(result.gzipBytes),
        met,
      ];
    });
    lines.push(
      `## ${name}`,
      '',
      ...formatTable(
        ['page', 'server time (median)', 'p90', 'the same reads alone (median)', 'page', 'gzipped', '< 100 ms'],
        rows,
      ),
      '',
    );
  }
  lines.push(`Load average at the end: ${loadAverage()}.`);
  writeResults(
    process.env.BENCH_DASHBOARD_OUT ?? new URL('./results', import.meta.url).pathname,
    `dashboard-${started.stamp}.md`,
    [...header, ...lines],
    header.length,
  );
} finally {
  await postgres?.close();
  rmSync(folder, { recursive: true, force: true });
}
