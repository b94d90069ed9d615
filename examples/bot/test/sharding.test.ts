// The reference bot as operators run a bot in many guilds: SHARDS=2, so discord.js's ShardingManager
// runs two shard processes, each with the guilds Discord routes to its shard, on one real PostgreSQL,
// against fake-discord with four guilds over two shards.

import { type GuildSeed, startFakeDiscord } from '@guildkit/fake-discord';
import { PostgresStore } from '@guildkit/postgres-store';
import { describe, expect, it, onTestFinished } from 'vitest';
import { freePort, runBot } from './bot-process.ts';
import { throwawayPostgres } from './throwaway-postgres.ts';

const CHECKPOINT_MS = 1_000;
const NAMES = ['Alpha', 'Bravo', 'Charlie', 'Delta'];
const seed = (name: string): GuildSeed => ({
  name,
  roles: [{ name: 'Admins', permissions: 1n << 5n }],
  channels: [
    { name: 'chat', type: 'text' },
    { name: 'reports', type: 'text' },
    { name: 'Lounge', type: 'voice' },
    { name: 'lfg', type: 'forum' },
  ],
  members: [{ username: 'ana', roles: ['Admins'] }, { username: 'ben' }, { username: 'cy' }],
});
const shardOf = (guildId: string) => Number((BigInt(guildId) >> 22n) % 2n);

async function setUp() {
  const fake = await startFakeDiscord({ guilds: NAMES.map(seed), recommendedShards: 2, maxConcurrency: 2 });
  onTestFinished(() => fake.close());
  const postgres = await throwawayPostgres();
  const port = await freePort();
  const bot = runBot({
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.apiUrl,
    DATABASE_URL: postgres.url,
    SHARDS: 'auto', // what fake-discord recommends: 2
    HEALTH_PORT: String(port),
    ACTIVITY_CHECKPOINT_SECONDS: String(CHECKPOINT_MS / 1000),
    COMMAND_COOLDOWN_SECONDS: '0',
    // Every second: the daily report is due at each run, and must be posted once per guild all the same.
    REPORT_DAILY_CRON: '* * * * * *',
  });
  const health = async () => {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
    return response === undefined ? undefined : { status: response.status, body: await response.json() };
  };
  const ready = () => expect.poll(async () => (await health())?.status, { timeout: 40_000, interval: 100 }).toBe(200);
  const guildIds = NAMES.map((name) => fake.guildId(name));
  const user = (guildId: string, name: string) => fake.userId(guildId, name);
  const channel = (guildId: string, name: string) => fake.channelId(guildId, name);
  const command = (guildId: string, name: string, options: Record<string, unknown>[]) =>
    fake
      .useSlashCommand({ guildId, channelId: channel(guildId, 'chat'), userId: user(guildId, 'ana'), name, options })
      .then((answer) => answer.message?.content);
  const setChannel = (guildId: string, setting: string, name: string) =>
    command(guildId, 'settings', [
      {
        name: 'channel',
        type: 1,
        options: [
          { name: 'setting', type: 3, value: setting },
          { name: 'channel', type: 7, value: channel(guildId, name) },
        ],
      },
    ]);
  const stored = async () => {
    const store = await PostgresStore.open({ connectionString: postgres.url });
    try {
      const totals = new Map<string, Map<string, number>>();
      const checkpoints = [];
      for (const guildId of guildIds) {
        const rows = await store.readActivityTotals({ guildId, startDay: '2000-01-01', endDay: '2100-01-01' });
        totals.set(guildId, new Map(rows.map((row) => [row.userId, row.ms])));
        checkpoints.push(...(await store.listSessionCheckpoints(guildId)));
      }
      return { totals, checkpoints };
    } finally {
      await store.close();
    }
  };
  /** The pids of the shard processes, from the manager's log lines. */
  const shardPids = () => {
    const pids = new Map<number, number>();
    for (const line of bot.output().stdout.split('\n')) {
      if (!line.includes('shard process started')) continue;
      const { shard, pid } = JSON.parse(line) as { shard: number; pid: number };
      pids.set(shard, pid);
    }
    return pids;
  };
  return { fake, bot, port, health, ready, guildIds, user, channel, command, setChannel, stored, shardPids };
}

describe('SHARDS=2: two shard processes on one PostgreSQL', () => {
  it('serves each guild from its shard, posts each report once, and loses at most a checkpoint to a SIGKILL', async () => {
    const { fake, bot, port, health, ready, guildIds, user, channel, command, setChannel, stored, shardPids } =
      await setUp();
    await ready();
    expect(new Set(guildIds.map(shardOf))).toEqual(new Set([0, 1]));
    const report = (await health())?.body as { shards: { shard: number; state: string }[] };
    expect(report.shards.map(({ shard, state }) => [shard, state])).toEqual([
      [0, 'ready'],
      [1, 'ready'],
    ]);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain('guildkit_shard_up{shard="0"} 1');
    expect(metrics).toContain('guildkit_shard_up{shard="1"} 1');
    for (const shard of [0, 1]) {
      expect(metrics).toMatch(
        new RegExp(`guildkit_gateway_events_total\\{type="voice_snapshot",shard="${shard}"\\} 2`),
      );
    }

    // The process of shard 0 registers the commands once it is ready, a moment after /healthz says so.
    const show = [{ name: 'show', type: 1, options: [] }];
    await expect
      .poll(() => command(guildIds[0] as string, 'settings', show).catch(() => ''), { timeout: 10_000 })
      .toMatch(/Settings of this server/);
    // Settings by command in every guild: a report channel each; a forum in one guild of each shard.
    for (const guildId of guildIds) {
      expect(await setChannel(guildId, 'reports.channelId', 'reports')).toMatch(/^Saved\. Report channel/);
    }
    const boards = [0, 1].map((shard) => guildIds.find((guildId) => shardOf(guildId) === shard) as string);
    for (const guildId of boards) {
      expect(await setChannel(guildId, 'jobBoard.forumChannelId', 'lfg')).toMatch(/^Saved\. Job forum/);
      const opened = await command(guildId, 'job', [
        { name: 'open', type: 1, options: [{ name: 'title', type: 3, value: `Raid on shard ${shardOf(guildId)}` }] },
      ]);
      expect(opened).toMatch(/^Your listing is open: <#\d+>/);
      expect(fake.channel(channel(guildId, 'lfg'))).toBeDefined();
    }

    // Voice in every guild: ana for a while, ben through the crash of one shard process.
    const at = new Map<string, number>();
    for (const guildId of guildIds) {
      for (const name of ['ana', 'ben']) {
        at.set(`${guildId}:${name}:in`, Date.now());
        await fake.setVoiceState({ guildId, userId: user(guildId, name), channelId: channel(guildId, 'Lounge') });
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    for (const guildId of guildIds) {
      at.set(`${guildId}:ana:before`, Date.now());
      await fake.setVoiceState({ guildId, userId: user(guildId, 'ana'), channelId: null });
      at.set(`${guildId}:ana:out`, Date.now());
    }
    // Each guild's daily report, once, however many times the schedule ran.
    await expect
      .poll(() => guildIds.map((guildId) => fake.messages(channel(guildId, 'reports')).length), { timeout: 10_000 })
      .toEqual([1, 1, 1, 1]);

    // Shard 0's process is killed once its checkpoints cover the sessions; the manager starts it again.
    await expect
      .poll(async () => (await stored()).checkpoints.filter((c) => c.userId !== '').length, { timeout: 10_000 })
      .toBe(4);
    const killed = shardPids().get(0) as number;
    process.kill(killed, 'SIGKILL');
    // Meanwhile the manager says so: shard 0 not ready, shard 1 still serving.
    await expect
      .poll(
        async () => {
          const { status, body } = (await health()) ?? { status: 0, body: {} };
          const states = (body as typeof report).shards?.map((shard) => shard.state);
          return status === 503 && states?.[0] !== 'ready' && states?.[1] === 'ready';
        },
        { timeout: 10_000, interval: 20 },
      )
      .toBe(true);
    await expect.poll(() => shardPids().get(0), { timeout: 20_000 }).not.toBe(killed);
    await ready();
    const restarted = (await health())?.body as { shards: { restarts: number }[] };
    expect(restarted.shards.map((shard) => shard.restarts)).toEqual([1, 0]);
    expect(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).toContain(
      'guildkit_shard_restarts_total{shard="0"} 1',
    );
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    for (const guildId of guildIds) {
      at.set(`${guildId}:ben:before`, Date.now());
      await fake.setVoiceState({ guildId, userId: user(guildId, 'ben'), channelId: null });
      at.set(`${guildId}:ben:out`, Date.now());
    }
    // cy is still in voice when the manager is stopped: the time up to then is written, and checkpointed.
    const cyGuild = guildIds[0] as string;
    at.set('cy:in', Date.now());
    await fake.setVoiceState({ guildId: cyGuild, userId: user(cyGuild, 'cy'), channelId: channel(cyGuild, 'Lounge') });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stoppingAt = Date.now();
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    const stoppedAt = Date.now();

    const { totals, checkpoints } = await stored();
    for (const guildId of guildIds) {
      const ms = (name: string) => totals.get(guildId)?.get(user(guildId, name)) ?? 0;
      const within = (name: string) => {
        const longest = (at.get(`${guildId}:${name}:out`) as number) - (at.get(`${guildId}:${name}:in`) as number);
        const shortest = (at.get(`${guildId}:${name}:before`) as number) - (at.get(`${guildId}:${name}:in`) as number);
        return [shortest, longest] as const;
      };
      // ana left while both processes ran: her time is exact, in every guild.
      const [anaLeast, anaMost] = within('ana');
      expect(ms('ana')).toBeGreaterThanOrEqual(anaLeast - 50);
      expect(ms('ana')).toBeLessThanOrEqual(anaMost + 50);
      // ben stayed through the crash: in the other shard's guilds his time is exact; in the killed
      // shard's, the session went on from its last checkpoint, so at most one interval is lost.
      const [benLeast, benMost] = within('ben');
      const lost = shardOf(guildId) === 0 ? CHECKPOINT_MS + 200 : 50;
      expect(ms('ben')).toBeGreaterThanOrEqual(benLeast - lost);
      expect(ms('ben')).toBeLessThanOrEqual(benMost + 50);
    }
    const cy = totals.get(cyGuild)?.get(user(cyGuild, 'cy')) ?? 0;
    expect(cy).toBeGreaterThanOrEqual(stoppingAt - (at.get('cy:in') as number) - 100);
    expect(cy).toBeLessThanOrEqual(stoppedAt - (at.get('cy:in') as number));
    expect(checkpoints).toEqual([expect.objectContaining({ guildId: cyGuild, userId: user(cyGuild, 'cy') })]);
    // Still one report per guild, and each was claimed once in the database.
    expect(guildIds.map((guildId) => fake.messages(channel(guildId, 'reports')).length)).toEqual([1, 1, 1, 1]);
    expect(bot.output().stdout).toContain('every shard process stopped cleanly');
  }, 120_000);
});
