import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type FakeDiscord, startFakeDiscord } from '@guildkit/fake-discord';
import { DiscordAPIError, HTTPError, REST, Routes } from 'discord.js';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { startRestProxy } from '../src/rest-proxy.ts';
import { freePort } from './bot-process.ts';

const sender = fileURLToPath(new URL('./rest-proxy-sender.ts', import.meta.url));
/** The token's global limit, at the fake and in the proxy (Discord's is 50; smaller is quicker). */
const PER_SECOND = 10;
const PER_PROCESS = 25;
const CHANNELS = ['a', 'b', 'c', 'd', 'e'];

async function fakeDiscord(): Promise<{ fake: FakeDiscord; channelIds: string[] }> {
  const fake = await startFakeDiscord({
    guilds: [{ name: 'shards', channels: CHANNELS.map((name) => ({ name, type: 'text' as const })) }],
    // Route buckets roomy, so that only the global limit paces the senders.
    rateLimits: { perRoute: { limit: 50, windowMs: 1_000 }, global: { limit: PER_SECOND, windowMs: 1_000 } },
  });
  onTestFinished(() => fake.close());
  const guildId = fake.guildId('shards');
  return { fake, channelIds: CHANNELS.map((name) => fake.channelId(guildId, name)) };
}

/**
 * Two processes sending PER_PROCESS messages each at once to `apiUrl`, with discord.js's REST: its
 * own global limit `ownPerSecond` (discord.js's 50 when not given, as a shard's client has).
 */
async function sendFromTwoProcesses(
  apiUrl: string,
  token: string,
  channelIds: readonly string[],
  ownPerSecond?: number,
) {
  const senders = [0, 1].map(() => {
    const child = spawn(process.execPath, ['--conditions=@guildkit/source', sender], {
      env: {
        PATH: process.env.PATH ?? '',
        API_URL: apiUrl,
        DISCORD_TOKEN: token,
        ...(ownPerSecond === undefined ? {} : { GLOBAL_PER_SECOND: String(ownPerSecond) }),
        COUNT: String(PER_PROCESS),
        CHANNEL_IDS: channelIds.join(','),
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    onTestFinished(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const ready = expect
      .poll(() => stdout.startsWith('ready\n') || child.exitCode !== null, { timeout: 20_000 })
      .toBe(true);
    const result = async () => {
      const code = await exited;
      const last = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !last.startsWith('{')) throw new Error(`a sender exited with ${code}: ${stdout}${stderr}`);
      return JSON.parse(last) as { sent: number; failed: string[] };
    };
    return { child, ready, result };
  });
  // Both ready before either sends: the two bursts overlap, as shards' do.
  await Promise.all(senders.map(({ ready }) => ready));
  for (const { child } of senders) child.stdin.end('go\n');
  return Promise.all(senders.map(({ result }) => result()));
}

/**
 * The most requests in one of the fake's 1-second windows, counted by its own timestamps as its
 * limiter and @discordjs/rest's count them: a window opens with the first request after the last
 * one closed. (Not any sliding second: neither limiter promises that, and the fake stamps a request
 * when it answers it, up to a few hundred ms after it arrived in a burst; a sliding second then
 * holds 13 to 19 of these requests although the fake refused none.)
 */
function fullestWindow(times: readonly number[]): number {
  let fullest = 0;
  let opened = Number.NEGATIVE_INFINITY;
  let count = 0;
  for (const time of [...times].sort((a, b) => a - b)) {
    if (time - opened >= 1_000) [opened, count] = [time, 0];
    count += 1;
    fullest = Math.max(fullest, count);
  }
  return fullest;
}

describe('startRestProxy: one global limit for shards in several processes', () => {
  // The answer validator (vitest setup) compiles a route's schemas on its first answer, which stalls
  // this process (the fake's and the proxy's) for about half a second: not in the middle of a burst.
  beforeAll(async () => {
    const fake = await startFakeDiscord({ guilds: [{ name: 'warm', channels: [{ name: 'a', type: 'text' }] }] });
    const channel = fake.channelId(fake.guildId('warm'), 'a');
    await new REST({ api: fake.apiUrl })
      .setToken(fake.token)
      .post(Routes.channelMessages(channel), { body: { content: 'warm' } });
    await fake.close();
  });

  it("keeps two processes together within the global limit: no 429, at most the limit in each of the fake's seconds", async () => {
    const { fake, channelIds } = await fakeDiscord();
    const proxy = await startRestProxy({
      apiUrl: fake.apiUrl,
      token: fake.token,
      globalRequestsPerSecond: PER_SECOND,
      // The proxy's window starts when it sends its first request, the fake's when it takes it in;
      // on a busy machine that first request (a new connection) takes 60 to 180 ms, beyond the
      // default 50 ms margin, and the next second's burst would meet the fake's first window.
      offsetMs: 300,
    });
    onTestFinished(() => proxy.close());

    const results = await sendFromTwoProcesses(proxy.url, fake.token, channelIds);

    expect(results).toEqual([
      { sent: PER_PROCESS, failed: [] },
      { sent: PER_PROCESS, failed: [] },
    ]);
    // Every request reached the fake once, and none was refused: the proxy never went over.
    expect(fake.requests.map(({ method, status }) => `${method} ${status}`)).toEqual(
      Array(2 * PER_PROCESS).fill('POST 200'),
    );
    expect(fullestWindow(fake.requests.map(({ at }) => at))).toBeLessThanOrEqual(PER_SECOND);
    expect(channelIds.map((id) => fake.messages(id).length)).toEqual(channelIds.map(() => 10));
  }, 60_000);

  it('(control) without the proxy, the same two processes go over the limit together', async () => {
    const { fake, channelIds } = await fakeDiscord();

    await sendFromTwoProcesses(fake.apiUrl, fake.token, channelIds, PER_SECOND);

    // Each process keeps to PER_SECOND on its own: together they send more, and the fake refuses some.
    expect(fullestWindow(fake.requests.map(({ at }) => at))).toBeGreaterThan(PER_SECOND);
    // Route buckets are roomy (fakeDiscord): every 429 is the global limit's.
    expect(fake.requests.filter(({ status }) => status === 429).length).toBeGreaterThan(0);
  }, 60_000);
});

describe('startRestProxy: what it forwards', () => {
  async function throughProxy() {
    const { fake, channelIds } = await fakeDiscord();
    const proxy = await startRestProxy({ apiUrl: fake.apiUrl, token: fake.token });
    onTestFinished(() => proxy.close());
    const client = new REST({ api: proxy.url, retries: 0 }).setToken(fake.token);
    return { fake, channel: channelIds[0] ?? '', proxy, client };
  }

  it("answers Discord's errors as Discord gave them", async () => {
    const { client } = await throughProxy();
    const sent = client.post(Routes.channelMessages('1234567890123456789'), { body: { content: 'hi' } });
    await expect(sent).rejects.toBeInstanceOf(DiscordAPIError);
    await expect(sent).rejects.toMatchObject({ status: 404, code: 10003 });
  });

  it('sends the same body again when Discord asks to retry (a 429, a 5xx)', async () => {
    const { fake, channel, client } = await throughProxy();
    fake.injectFailure({ method: 'POST', status: 429, retryAfterMs: 1 });
    fake.injectFailure({ method: 'POST', status: 502 });

    await client.post(Routes.channelMessages(channel), { body: { content: 'once more' } });

    expect(fake.requests.map(({ status, body }) => `${status} ${JSON.stringify(body)}`)).toEqual([
      '429 {"content":"once more"}',
      '502 {"content":"once more"}',
      '200 {"content":"once more"}',
    ]);
    expect(fake.messages(channel).map(({ content }) => content)).toEqual(['once more']);
  });

  it("refuses another token's requests without forwarding them", async () => {
    const { fake, channel, proxy } = await throughProxy();
    const stranger = new REST({ api: proxy.url, retries: 0 }).setToken('another.bot.token');

    await expect(stranger.get(Routes.channel(channel))).rejects.toMatchObject({ status: 401 });
    expect(fake.requests).toEqual([]);
  });

  it('answers 502 when Discord cannot be reached', async () => {
    const proxy = await startRestProxy({ apiUrl: `http://127.0.0.1:${await freePort()}/api`, token: 'a.bot.token' });
    onTestFinished(() => proxy.close());
    const client = new REST({ api: proxy.url, retries: 0 }).setToken('a.bot.token');

    const sent = client.get(Routes.gatewayBot());
    await expect(sent).rejects.toBeInstanceOf(HTTPError);
    await expect(sent).rejects.toMatchObject({ status: 502 });
  });

  it('validates its options', async () => {
    await expect(startRestProxy({ token: '' })).rejects.toThrow(new TypeError('token must be a bot token, got none'));
    await expect(startRestProxy({ token: 't', globalRequestsPerSecond: 0 })).rejects.toThrow(
      'globalRequestsPerSecond must be a whole number from 1, got 0',
    );
    await expect(startRestProxy({ token: 't', apiUrl: 'discord' })).rejects.toThrow(
      'apiUrl must be a URL, got "discord"',
    );
    await expect(startRestProxy({ token: 't', offsetMs: -1 })).rejects.toThrow('offsetMs must be a number');
    await expect(startRestProxy({ token: 't', port: -1 })).rejects.toThrow('port must be a whole number');
  });
});
