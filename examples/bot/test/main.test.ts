import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeDiscord } from '@guildkit/fake-discord';
import { SqliteStore } from '@guildkit/sqlite-store';
import { describe, expect, it, onTestFinished } from 'vitest';
import { demoCommunity } from '../src/demo-community.ts';
import { freePort, runBot } from './bot-process.ts';

describe('the bot as a process', () => {
  it('connects to fake Discord, serves /healthz and /metrics, and stops cleanly on SIGTERM', async () => {
    const fake = await startFakeDiscord({ guilds: [demoCommunity(20, 'ko')] });
    onTestFinished(() => fake.close());
    const folder = mkdtempSync(join(tmpdir(), 'guildkit-bot-'));
    onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
    const port = await freePort();
    const guildId = fake.guildId('guildkit 커뮤니티');
    const bot = runBot({
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      DATABASE_URL: `sqlite:${join(folder, 'data', 'guildkit.db')}`,
      GUILD_ID: guildId,
      HEALTH_PORT: String(port),
    });

    await expect
      .poll(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.status, {
        timeout: 10_000,
        interval: 50,
      })
      .toBe(200);
    const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ ok: true, gateway: 'ready', store: 'ok' });
    await expect
      .poll(() =>
        fake.requests.some(
          (request) => request.method === 'POST' && request.path.includes(`/guilds/${guildId}/commands`),
        ),
      )
      .toBe(true);

    fake.setVoiceState({
      guildId,
      userId: fake.userId(guildId, 'member001'),
      channelId: fake.channelId(guildId, '수다방'),
    });
    await expect
      .poll(async () =>
        (await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).includes(
          'guildkit_gateway_events_total{type="voice_state"} 1',
        ),
      )
      .toBe(true);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    for (const name of [
      'guildkit_gateway_latency_seconds',
      'guildkit_store_check_seconds_count',
      'guildkit_errors_total',
      'guildkit_process_cpu_seconds_total',
    ]) {
      expect(metrics).toContain(name);
    }

    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    const { stdout, stderr } = bot.output();
    expect(stdout).toContain('"msg":"stopped cleanly"');
    expect(stdout).not.toContain(fake.token);
    expect(stderr).toBe('');
  }, 20_000);

  it('when something still gets past the guards, writes what it holds, says why in one line and exits 1', async () => {
    const fake = await startFakeDiscord({ guilds: [demoCommunity(5, 'ko')] });
    onTestFinished(() => fake.close());
    const folder = mkdtempSync(join(tmpdir(), 'guildkit-bot-'));
    onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
    const port = await freePort();
    const guildId = fake.guildId('guildkit 커뮤니티');
    const filename = join(folder, 'guildkit.db');
    const bot = runBot({
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      DATABASE_URL: `sqlite:${filename}`,
      GUILD_ID: guildId,
      HEALTH_PORT: String(port),
    });
    await expect
      .poll(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.status, {
        timeout: 10_000,
      })
      .toBe(200);
    const userId = fake.userId(guildId, 'member001');
    await fake.setVoiceState({ guildId, userId, channelId: fake.channelId(guildId, '수다방') });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // A frame guildkit does not check (a role event) that discord.js's own handler throws on.
    await fake.dispatchRaw('GUILD_ROLE_CREATE', { guild_id: guildId, role: null }, guildId);
    expect(await bot.exited).toBe(1);
    expect(bot.output().stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^Stopping after an (unhandledRejection|uncaughtException): Cannot read properties of null/,
      ),
    ]);
    const store = await SqliteStore.open({ filename });
    const [total] = await store.readActivityTotals({ guildId, startDay: '2000-01-01', endDay: '2100-01-01' });
    await store.close();
    expect(total?.ms).toBeGreaterThanOrEqual(1_000); // the second in voice, written before the exit
  }, 20_000);

  it('exits 1 with one clear line when the token is missing', async () => {
    const bot = runBot({ HEALTH_PORT: '0' });
    expect(await bot.exited).toBe(1);
    const { stderr } = bot.output();
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^Configuration error: DISCORD_TOKEN is required/),
    ]);
  });

  it('exits 1 with one clear line for a DATABASE_URL it cannot use', async () => {
    const badScheme = runBot({ DISCORD_TOKEN: 'x', DATABASE_URL: 'mysql://bot:pw@db/guildkit', HEALTH_PORT: '0' });
    expect(await badScheme.exited).toBe(1);
    expect(badScheme.output().stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^Configuration error: DATABASE_URL .*"mysql:" is not supported/),
    ]);

    const notAFolder = runBot({ DISCORD_TOKEN: 'x', DATABASE_URL: '/dev/null/guildkit.db', HEALTH_PORT: '0' });
    expect(await notAFolder.exited).toBe(1);
    const lines = notAFolder.output().stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Start-up failed: .*\/dev\/null/);
  });
});
