import { startFakeDiscord } from '@guildkit/fake-discord';
import { PostgresStore } from '@guildkit/postgres-store';
import { describe, expect, it, onTestFinished } from 'vitest';
import { demoCommunity } from '../src/demo-community.ts';
import { freePort, runBot } from './bot-process.ts';
import { throwawayPostgres } from './throwaway-postgres.ts';
import { voiceMoves } from './voice-moves.ts';

const CHECKPOINT_MS = 1_000;
/** How long PostgreSQL stays stopped: several checkpoints and flush retries fall due meanwhile. */
const OUTAGE_MS = 6_000;
/** Discord's time budget for the first answer to an interaction; a health probe gets no more. */
const PROMPT_MS = 3_000;

describe('the bot while PostgreSQL is stopped and started again', () => {
  it('stays up, answers /healthz with 503 in time (stopped or hung) and commands meanwhile, and stores every second once', async () => {
    const postgres = await throwawayPostgres();
    const fake = await startFakeDiscord({ guilds: [demoCommunity(10)] });
    onTestFinished(() => fake.close());
    const guildId = fake.guildId('guildkit community');
    const lounge = fake.channelId(guildId, 'lounge');
    const user = (n: number) => fake.userId(guildId, `member00${n}`);
    const port = await freePort();
    const bot = runBot({
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      DATABASE_URL: postgres.url,
      GUILD_ID: guildId,
      HEALTH_PORT: String(port),
      ACTIVITY_CHECKPOINT_SECONDS: String(CHECKPOINT_MS / 1000),
    });
    const health = async () => {
      const started = performance.now();
      const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(30_000) });
      return { status: response.status, body: await response.json(), ms: performance.now() - started };
    };
    const healthStatus = async () => (await health().catch(() => undefined))?.status;
    await expect.poll(healthStatus, { timeout: 15_000, interval: 50 }).toBe(200);

    const { move, expectExact } = voiceMoves(fake, guildId, user);
    const stored = async () => {
      const store = await PostgresStore.open({ connectionString: postgres.url });
      try {
        const totals = await store.readActivityTotals({ guildId, startDay: '2000-01-01', endDay: '2100-01-01' });
        return { totals, checkpoints: await store.listSessionCheckpoints(guildId) };
      } finally {
        await store.close();
      }
    };

    // Members 1 and 2 in voice, their time up to a checkpoint stored, before the server goes away.
    await move(1, lounge);
    await move(2, lounge);
    const checkpointed = async () => {
      const { checkpoints } = await stored();
      return checkpoints.length === 2 && checkpoints.every((it) => it.checkpointAt - it.startedAt >= 1_500);
    };
    await expect.poll(checkpointed, { timeout: 10_000, interval: 100 }).toBe(true);
    expect((await stored()).totals).toHaveLength(2);

    await postgres.stop();
    const stoppedAt = performance.now();
    await move(3, lounge); // joins while the server is down
    await move(1, null); // leaves while the server is down

    const down = await health();
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ ok: false, gateway: 'ready', store: expect.stringMatching(/^error: /) });
    expect(down.ms).toBeLessThan(PROMPT_MS);

    // A command is still answered within Discord's budget (useSlashCommand rejects past 3 s).
    const answer = await fake.useSlashCommand({
      guildId,
      channelId: fake.channelId(guildId, 'chat'),
      userId: user(2),
      name: 'activity',
      locale: 'en-US',
    });
    // Its stored totals cannot be read: the member is told so, privately, at once.
    expect(answer.data).toMatchObject({ content: expect.stringMatching(/went wrong/), flags: 64 });

    // Checkpoints and flush retries fall due and fail for the rest of the outage; the bot stays up.
    const during: { status: number; ms: number }[] = [];
    while (performance.now() - stoppedAt < OUTAGE_MS) {
      const { status, ms } = await health();
      during.push({ status, ms });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(during.every(({ status }) => status === 503)).toBe(true);
    expect(Math.max(...during.map(({ ms }) => ms))).toBeLessThan(PROMPT_MS);
    expect(bot.child.exitCode).toBeNull();

    await postgres.resume();
    await expect.poll(healthStatus, { timeout: 15_000, interval: 100 }).toBe(200);

    // Then the server hangs (frozen, nothing refused, nothing answered): /healthz still answers in time.
    await postgres.freeze();
    const frozenAt = performance.now();
    // A command asked meanwhile is deferred in time (the fake rejects past 3 s), and answered once the server is back.
    const askedWhileFrozen = fake.useSlashCommand({
      guildId,
      channelId: fake.channelId(guildId, 'chat'),
      userId: user(3),
      name: 'activity',
      locale: 'en-US',
    });
    const hung: { status: number; ms: number }[] = [];
    while (performance.now() - frozenAt < 4 * CHECKPOINT_MS) {
      const { status, ms } = await health();
      hung.push({ status, ms });
    }
    expect(hung.every(({ status }) => status === 503)).toBe(true);
    expect(Math.max(...hung.map(({ ms }) => ms))).toBeLessThan(PROMPT_MS);
    expect(bot.child.exitCode).toBeNull();
    await postgres.thaw();
    await expect.poll(healthStatus, { timeout: 15_000, interval: 100 }).toBe(200);
    const late = await askedWhileFrozen;
    expect(late.type).toBe(5);
    expect(String(late.message?.content)).toMatch(/voice activity\nToday: \d+/);

    await move(2, null);
    await move(3, null);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(bot.output().stderr).toBe('');

    // Each member's time is what the bot stamped between join and leave: no second lost, none twice.
    const { totals, checkpoints } = await stored();
    expect(checkpoints).toEqual([]);
    expect(totals).toHaveLength(3);
    expectExact(totals);
  }, 60_000);
});

describe("a guild's settings while PostgreSQL is stopped", () => {
  it('runs the guild on what it knows, and loads its settings once the server is back', async () => {
    const postgres = await throwawayPostgres();
    const fake = await startFakeDiscord({ guilds: [demoCommunity(3)] });
    onTestFinished(() => fake.close());
    const guildId = fake.guildId('guildkit community');
    const port = await freePort();
    const bot = runBot({
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      DATABASE_URL: postgres.url,
      GUILD_ID: guildId,
      HEALTH_PORT: String(port),
    });
    const healthStatus = async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.status;
    await expect.poll(healthStatus, { timeout: 15_000, interval: 50 }).toBe(200);
    const show = async () => {
      const answer = await fake.useSlashCommand({
        guildId,
        channelId: fake.channelId(guildId, 'chat'),
        userId: fake.userId(guildId, 'member000'), // staff: Manage Server
        name: 'settings',
        options: [{ name: 'show', type: 1, options: [] }],
      });
      return String(answer.message?.content ?? answer.data?.content);
    };
    // Once the commands are registered (the gateway is ready a moment before).
    await expect.poll(() => show().catch(() => ''), { timeout: 10_000 }).toContain('Time zone: UTC (default)');

    // Written by another process (a dashboard, say): this bot reads it when it next gets the guild.
    const other = await PostgresStore.open({ connectionString: postgres.url });
    await other.updateGuildSettings(guildId, { set: { timeZone: 'Asia/Seoul' } }, Date.now());
    await other.close();
    await postgres.stop();
    fake.dropConnections({ resumable: false }); // the gateway comes back with the guild: its settings are loaded
    await expect
      .poll(() => bot.output().stdout.includes('"step":"settings:load"'), { timeout: 15_000, interval: 100 })
      .toBe(true);
    expect(bot.child.exitCode).toBeNull();
    await postgres.resume();
    await expect.poll(show, { timeout: 20_000, interval: 250 }).toContain('Time zone: Asia/Seoul\n');
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  }, 60_000);
});
