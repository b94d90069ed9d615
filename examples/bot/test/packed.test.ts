// guildkit as a newcomer gets it: every publishable package packed (`pnpm pack`), installed with npm
// from the tarballs into a throwaway project outside the workspace, and two bots written from the
// getting-started guide (ESM and CommonJS) run there against fake-discord, itself from its tarball.
// Needs `pnpm build` first (`pnpm test` builds before it tests) and the npm registry.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const here = fileURLToPath(new URL('./packed', import.meta.url));
const PACKAGES = ['core', 'kysely-store', 'sqlite-store', 'postgres-store', 'discord', 'dashboard', 'fake-discord'];
/** The lowest Node.js release that is refused: its better-sqlite3 would crash without a message. */
const TOO_OLD = '22.12.0';
const project = mkdtempSync(join(tmpdir(), 'guildkit-newcomer-'));
afterAll(() => rmSync(project, { recursive: true, force: true }));

beforeAll(() => {
  const tarballs = join(project, 'tarballs');
  for (const name of PACKAGES) {
    execFileSync('pnpm', ['pack', '--pack-destination', tarballs], {
      cwd: join(root, 'packages', name),
      stdio: 'pipe',
    });
  }
  const app = join(project, 'app');
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'my-bot', private: true, version: '1.0.0' }));
  const files = readdirSync(tarballs).map((file) => join(tarballs, file));
  // As the guide says: guildkit's packages and discord.js, its peer.
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...files, 'discord.js@14'], {
    cwd: app,
    stdio: 'pipe',
  });
  for (const bot of ['bot.mjs', 'bot.cjs']) copyFileSync(join(here, bot), join(app, bot));
}, 600_000);

type Fake = Awaited<ReturnType<typeof import('@guildkit/fake-discord').startFakeDiscord>>;

async function installed<T>(specifier: string): Promise<T> {
  const entry = execFileSync(process.execPath, ['-p', `require.resolve(${JSON.stringify(specifier)})`], {
    cwd: join(project, 'app'),
    encoding: 'utf8',
  }).trim();
  return (await import(entry.replace(/\.cjs$/, '.js'))) as T;
}

function start(bot: string, env: Record<string, string>, node = process.execPath) {
  const child: ChildProcess = spawn(node, [bot], {
    cwd: join(project, 'app'),
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  onTestFinished(() => void (child.exitCode === null && child.kill('SIGKILL')));
  return { child, output: () => output, exited };
}

/** A port free now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Signs in to the dashboard as a browser does (the redirects, by hand) and returns its session cookie. */
async function signIn(url: string, fake: Fake, userId: string): Promise<string> {
  const cookieOf = (response: Response) => (response.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const login = await fetch(`${url}/auth/login`, { redirect: 'manual' });
  const consent = await (await fetch(login.headers.get('location') as string)).text();
  const link = new RegExp(`<a href="([^"]+)" data-user-id="${userId}">`).exec(consent)?.[1] as string;
  const answer = await fetch(new URL(link.replaceAll('&#38;', '&'), fake.oauth2.authorizeUrl), { redirect: 'manual' });
  const callback = await fetch(answer.headers.get('location') as string, {
    redirect: 'manual',
    headers: { cookie: cookieOf(login) },
  });
  expect(callback.status).toBe(303);
  return cookieOf(callback);
}

describe.each(['bot.mjs', 'bot.cjs'])('the packed packages, installed with npm: %s', (bot) => {
  it('tracks voice time, answers /activity, /report with its chart and /job, and posts a scheduled report once', async () => {
    const { startFakeDiscord } = await installed<typeof import('@guildkit/fake-discord')>('@guildkit/fake-discord');
    const fake: Fake = await startFakeDiscord({
      guilds: [
        {
          name: 'Newcomers',
          roles: [{ name: 'Admins', permissions: 1n << 5n }], // Manage Server, for /report
          channels: [
            { name: 'general', type: 'text' },
            { name: 'reports', type: 'text' },
            { name: 'Lounge', type: 'voice' },
            { name: 'lfg', type: 'forum' },
          ],
          members: [{ username: 'ana', globalName: 'Ana', roles: ['Admins'] }, { username: 'ben' }],
        },
      ],
    });
    onTestFinished(() => fake.close());
    const guildId = fake.guildId('Newcomers');
    const channel = (name: string) => fake.channelId(guildId, name);
    const ana = fake.userId(guildId, 'ana');
    const dashboardUrl = `http://127.0.0.1:${await freePort()}`;
    const run = start(bot, {
      DASHBOARD_URL: dashboardUrl,
      DISCORD_CLIENT_SECRET: fake.oauth2.clientSecret,
      DISCORD_AUTHORIZE_URL: fake.oauth2.authorizeUrl,
      DASHBOARD_SESSION_SECRET: 'a newcomer secret of thirty-two or more characters',
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      GUILD_ID: guildId,
      FORUM_CHANNEL_ID: channel('lfg'),
      REPORT_CHANNEL_ID: channel('reports'),
      DAILY_REPORT_CRON: '* * * * * *', // every second: the claim lets one post through per day
    });
    await expect.poll(run.output, { timeout: 20_000 }).toContain('ready');

    // Voice time: in for about 1.5 s, as the store will say.
    const joined = performance.now();
    await fake.setVoiceState({ guildId, userId: ana, channelId: channel('Lounge') });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await fake.setVoiceState({ guildId, userId: ana, channelId: null });
    const inVoiceMs = performance.now() - joined;

    const use = (name: string, options: Record<string, unknown>[] = []) =>
      fake.useSlashCommand({ guildId, channelId: channel('general'), userId: ana, name, options, locale: 'en-GB' });
    const activity = await use('activity');
    expect(activity.message?.content).toBe(
      "**Ana**'s voice activity\nToday: 0m · 0 messages\nThis week: 0m · 0 messages\nThis month: 0m · 0 messages\nLast 7 days: 0m · 0 messages\nLast 30 days: 0m · 0 messages",
    );
    const report = (await use('report')).message ?? {};
    expect((report.embeds as { title: string }[])[0]?.title).toMatch(/^Weekly activity report \(/);
    expect((report.attachments as { filename: string }[]).map((file) => file.filename)).toEqual(['report.png']);
    const job = await use('job', [{ name: 'open', type: 1, options: [{ name: 'title', type: 3, value: 'Duo?' }] }]);
    const [, postId = ''] = /^Your listing is open: <#(\d+)>/.exec(String(job.message?.content)) ?? [];
    expect(fake.channel(postId)).toMatchObject({ name: 'Duo?', parent_id: channel('lfg') });

    // The daily report of yesterday, posted by the schedule once, however often it fires.
    await expect.poll(() => fake.messages(channel('reports')).length, { timeout: 5_000 }).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(fake.messages(channel('reports'))).toHaveLength(1);

    // The dashboard, from its tarball (its templates and stylesheet in the package): Ana signs in
    // through the fake's consent page and sees her server's overview.
    const cookie = await signIn(dashboardUrl, fake, ana);
    const overview = () => fetch(`${dashboardUrl}/guilds/${guildId}`, { headers: { cookie } });
    const first = await overview();
    expect(first.status).toBe(200);
    expect(first.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await first.text();
    expect(html).toContain('<h1>Newcomers</h1>');
    // Ana, once the tracker has written her time (it writes every few seconds).
    await expect
      .poll(async () => (await (await overview()).text()).match(/data-figure="members">(\d+)</)?.[1], {
        timeout: 15_000,
      })
      .toBe('1');
    const css = /href="(\/assets\/dashboard\.css\?v=\w+)"/.exec(html)?.[1] as string;
    expect((await fetch(`${dashboardUrl}${css}`)).status).toBe(200);

    run.child.kill('SIGTERM');
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(run.output()).not.toContain('failed');
    // Read back as the bot's own project would, with plain Node.js.
    const read = `const { SqliteStore } = require('@guildkit/sqlite-store');
      SqliteStore.open({ filename: './data/guildkit.db' }).then(async (store) => {
        const totals = await store.readActivityTotals({ guildId: '${guildId}', startDay: '2000-01-01', endDay: '2100-01-01' });
        await store.close();
        console.log(JSON.stringify(totals));
      });`;
    const app = join(project, 'app');
    const [total] = JSON.parse(execFileSync(process.execPath, ['-e', read], { cwd: app, encoding: 'utf8' })) as {
      userId: string;
      ms: number;
    }[];
    rmSync(join(app, 'data'), { recursive: true, force: true });
    expect(total?.userId).toBe(ana);
    expect(total?.ms).toBeGreaterThan(1_000);
    expect(total?.ms).toBeLessThanOrEqual(Math.ceil(inVoiceMs) + 50);
  }, 60_000);
});

describe('the packed packages on a Node.js older than they declare', () => {
  it('refuse at import with a line saying what to do, instead of a segmentation fault', async () => {
    const node = execFileSync('bash', [join(root, '.ci/node-binary.sh'), TOO_OLD], { encoding: 'utf8' }).trim();
    for (const bot of ['bot.mjs', 'bot.cjs']) {
      const run = start(bot, { DISCORD_TOKEN: 'unused' }, node);
      expect(await run.exited).toEqual({ code: 1, signal: null });
      expect(run.output()).toContain(`guildkit needs Node.js ^22.18.0 || >=23.6.0; this is Node.js ${TOO_OLD}.`);
    }
  }, 120_000);
});
