import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeDiscord } from '@guildkit/fake-discord';
import { SqliteStore } from '@guildkit/sqlite-store';
import { describe, expect, it, onTestFinished } from 'vitest';
import { demoCommunity } from '../src/demo-community.ts';
import { freePort, runBot } from './bot-process.ts';
import { voiceMoves } from './voice-moves.ts';

/** Discord's time budget for the first answer to an interaction; a health probe gets no more. */
const PROMPT_MS = 3_000;
/** Longer than the store's busyTimeoutMs (5 s): writes give up once and are tried again. */
const LOCK_MS = 6_500;
const holdLock = fileURLToPath(new URL('../../../packages/sqlite-store/test/fixtures/hold-lock.ts', import.meta.url));

async function setUp() {
  const fake = await startFakeDiscord({ guilds: [demoCommunity(10)] });
  onTestFinished(() => fake.close());
  const folder = mkdtempSync(join(tmpdir(), 'guildkit-sqlite-faults-'));
  onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
  const guildId = fake.guildId('guildkit community');
  const lounge = fake.channelId(guildId, 'lounge');
  const user = (n: number) => fake.userId(guildId, `member00${n}`);
  const port = await freePort();
  const filename = join(folder, 'data', 'guildkit.db');
  const env = {
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.apiUrl,
    DATABASE_URL: `sqlite:${filename}`,
    GUILD_ID: guildId,
    HEALTH_PORT: String(port),
    ACTIVITY_CHECKPOINT_SECONDS: '1',
  };
  const health = async () => {
    const started = performance.now();
    const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(30_000) });
    return { status: response.status, body: await response.json(), ms: performance.now() - started };
  };
  const started = async () => {
    const bot = runBot(env);
    await expect.poll(async () => (await health().catch(() => undefined))?.status, { timeout: 15_000 }).toBe(200);
    return bot;
  };
  const { move, expectExact } = voiceMoves(fake, guildId, user);
  const activity = async (n: number) => {
    const asked = performance.now();
    const answer = await fake.useSlashCommand({
      guildId,
      channelId: fake.channelId(guildId, 'chat'),
      userId: user(n),
      name: 'activity',
      locale: 'en-US',
    });
    return { content: String(answer.data?.content ?? answer.message?.content ?? ''), ms: performance.now() - asked };
  };
  return { fake, env, filename, health, started, move, expectExact, activity, user, lounge, guildId };
}

/** Another process takes the database's write lock and holds it for `holdMs`, as a backup tool might. */
async function lockHolder(filename: string, holdMs: number): Promise<{ released: Promise<void> }> {
  const child = spawn(process.execPath, ['--conditions=@guildkit/source', holdLock, filename, `${holdMs}`], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  onTestFinished(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  let said = '';
  child.stdout.on('data', (chunk: Buffer) => {
    said += chunk;
  });
  const heard = (word: string) => expect.poll(() => said.includes(word), { timeout: holdMs + 10_000 }).toBe(true);
  await heard('locked');
  return { released: heard('released').then(() => undefined) };
}

describe('the bot while another process holds the SQLite write lock', () => {
  it('answers /healthz and commands in time, and stores every member the time they were really in voice', async () => {
    const { filename, health, started, move, expectExact, activity, lounge, guildId } = await setUp();
    const bot = await started();
    await move(1, lounge);
    const holder = await lockHolder(filename, LOCK_MS);
    const lockedAt = performance.now();
    await move(2, lounge); // joins while the lock is held: the bot must not stall, so its stamp is the real one

    const during: { status: number; ms: number }[] = [];
    const answers: { content: string; ms: number }[] = [];
    while (performance.now() - lockedAt < LOCK_MS - 500) {
      const { status, ms } = await health();
      during.push({ status, ms });
      answers.push(await activity(1));
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // Reads go on under WAL, so the store is healthy; nothing waits on the lock on the event loop.
    expect(during.every(({ status }) => status === 200)).toBe(true);
    expect(Math.max(...during.map(({ ms }) => ms))).toBeLessThan(PROMPT_MS);
    expect(answers.every(({ content }) => content !== '')).toBe(true);
    expect(Math.max(...answers.map(({ ms }) => ms))).toBeLessThan(PROMPT_MS);
    await holder.released;

    await move(2, null);
    await move(1, null);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    const store = await SqliteStore.open({ filename });
    const totals = await store.readActivityTotals({ guildId, startDay: '2000-01-01', endDay: '2100-01-01' });
    await store.close();
    expect(totals).toHaveLength(2);
    expectExact(totals);
  }, 60_000);
});

describe('the bot when its data folder is deleted', () => {
  it('turns /healthz 503 and logs why while it is gone, and then refuses to start afresh without DATABASE_CREATE', async () => {
    const { env, filename, health, started, move, lounge } = await setUp();
    const bot = await started();
    await move(1, lounge);
    const folder = join(filename, '..');
    rmSync(folder, { recursive: true });

    const gone = await health();
    expect(gone.status).toBe(503);
    expect(gone.body).toMatchObject({
      ok: false,
      gateway: 'ready',
      store: expect.stringMatching(/was moved or deleted/),
    });
    expect(gone.ms).toBeLessThan(PROMPT_MS);
    await expect
      .poll(() => bot.output().stdout)
      .toMatch(
        /"level":50.*"msg":"the store failed its health check"|"msg":"the store failed its health check".*"level":50/,
      );
    expect(bot.child.exitCode).toBeNull();

    // The member's time cannot be written: the bot says so and exits 1, rather than claim a clean stop.
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(1);
    expect(bot.output().stdout).toMatch(/voice activity could not be written before shutdown/);

    // Started again as operators do, without DATABASE_CREATE: one line, and no empty database made.
    mkdirSync(folder);
    const again = runBot({ ...env, DATABASE_CREATE: 'off' });
    expect(await again.exited).toBe(1);
    expect(again.output().stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^Start-up failed: StoreMissingError: No guildkit database at ".*guildkit\.db": there is no such file.* On a first start, set DATABASE_CREATE=on once\.$/,
      ),
    ]);
    expect(existsSync(filename)).toBe(false);
  }, 60_000);
});
