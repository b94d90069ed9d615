import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeDiscord } from '@guildkit/fake-discord';
import { SqliteStore } from '@guildkit/sqlite-store';
import { describe, expect, it, onTestFinished } from 'vitest';
import { demoCommunity } from '../src/demo-community.ts';
import { freePort, runBot } from './bot-process.ts';

const CHECKPOINT_MS = 1_000;

async function setUp() {
  const fake = await startFakeDiscord({ guilds: [demoCommunity(10, 'ko')] });
  onTestFinished(() => fake.close());
  const folder = mkdtempSync(join(tmpdir(), 'guildkit-durability-'));
  onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
  const guildId = fake.guildId('guildkit 커뮤니티');
  const port = await freePort();
  const filename = join(folder, 'guildkit.db');
  const env = {
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.apiUrl,
    DATABASE_URL: `sqlite:${filename}`,
    GUILD_ID: guildId,
    HEALTH_PORT: String(port),
    ACTIVITY_CHECKPOINT_SECONDS: String(CHECKPOINT_MS / 1000),
  };
  const start = async () => {
    const bot = runBot(env);
    await expect
      .poll(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.status, {
        timeout: 10_000,
        interval: 25,
      })
      .toBe(200);
    return bot;
  };
  const voiceEvents = async () => {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    return Number(/guildkit_gateway_events_total\{type="voice_state"\} (\d+)/.exec(text)?.[1] ?? 0);
  };
  const stored = async () => {
    const store = await SqliteStore.open({ filename });
    try {
      const totals = await store.readActivityTotals({ guildId, startDay: '2000-01-01', endDay: '2100-01-01' });
      return {
        totals: new Map(totals.map((total) => [total.userId, total.ms])),
        checkpoints: await store.listSessionCheckpoints(guildId),
      };
    } finally {
      await store.close();
    }
  };
  const user = (n: number) => fake.userId(guildId, `member00${n}`);
  const room = fake.channelId(guildId, '수다방');
  return { fake, guildId, start, voiceEvents, stored, user, room };
}

describe('voice time across crashes and shutdowns', () => {
  it('after SIGKILL and a restart, the stored time is within one checkpoint interval of the truth', async () => {
    const { fake, guildId, start, voiceEvents, stored, user, room } = await setUp();
    const first = await start();
    const joinedAt = Date.now();
    fake.setVoiceState({ guildId, userId: user(1), channelId: room }); // stays through the crash
    fake.setVoiceState({ guildId, userId: user(2), channelId: room }); // leaves while the bot is down
    await expect.poll(voiceEvents).toBe(2);
    // Wait for a checkpoint that covers most of a second, then kill without warning.
    await expect
      .poll(
        async () =>
          (await stored()).checkpoints.every((checkpoint) => checkpoint.checkpointAt >= joinedAt + 1_500) &&
          (await stored()).checkpoints.length === 2,
        { timeout: 10_000, interval: 50 },
      )
      .toBe(true);
    first.child.kill('SIGKILL');
    await first.exited;
    const killedAt = Date.now();
    fake.setVoiceState({ guildId, userId: user(2), channelId: null });

    const second = await start();
    const leftAt = Date.now();
    fake.setVoiceState({ guildId, userId: user(1), channelId: null });
    await expect.poll(voiceEvents).toBe(1);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const { totals, checkpoints } = await stored();
    // Still there after the restart: the session went on from its start, downtime included.
    expect(Math.abs((totals.get(user(1)) ?? 0) - (leftAt - joinedAt))).toBeLessThanOrEqual(CHECKPOINT_MS);
    // Gone meanwhile: closed at the last checkpoint, so at most one interval short of the truth.
    const truth = killedAt - joinedAt;
    expect(totals.get(user(2)) ?? 0).toBeLessThanOrEqual(truth);
    expect(totals.get(user(2)) ?? 0).toBeGreaterThanOrEqual(truth - CHECKPOINT_MS - 500);
    expect(checkpoints).toEqual([]);
  }, 40_000);

  it('after SIGTERM (twice) nothing is lost: time up to the shutdown is stored and the open session checkpointed', async () => {
    const { fake, guildId, start, voiceEvents, stored, user, room } = await setUp();
    const bot = await start();
    const joinedAt = Date.now();
    fake.setVoiceState({ guildId, userId: user(3), channelId: room });
    await expect.poll(voiceEvents).toBe(1);
    const stoppingAt = Date.now();
    bot.child.kill('SIGTERM');
    bot.child.kill('SIGTERM'); // a supervisor signalling the process and its group: the same shutdown
    expect(await bot.exited).toBe(0);
    const stoppedAt = Date.now();
    const { totals, checkpoints } = await stored();
    const ms = totals.get(user(3)) ?? 0;
    expect(ms).toBeGreaterThanOrEqual(stoppingAt - joinedAt - 100);
    expect(ms).toBeLessThanOrEqual(stoppedAt - joinedAt);
    expect(checkpoints).toEqual([expect.objectContaining({ userId: user(3), checkpointAt: expect.any(Number) })]);
  }, 30_000);
});
