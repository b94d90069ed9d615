// A role run killed midway (SIGKILL of the bot's process) and resumed by the next start: each
// change is applied once, through fake-discord's role routes, none twice and none lost.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { days } from '@guildkit/core';
import { startFakeDiscord } from '@guildkit/fake-discord';
import { SqliteStore } from '@guildkit/sqlite-store';
import { describe, expect, it, onTestFinished } from 'vitest';
import { COMMUNITY_NAMES, demoCommunity } from '../src/demo-community.ts';
import { freePort, runBot } from './bot-process.ts';

const MEMBERS = 120;
const ROLE_CALL = /^\/guilds\/\d+\/members\/(\d+)\/roles\/(\d+)$/;

describe('activity roles across a crash', () => {
  it('resumes a run killed midway after the restart, applying each change exactly once', {
    timeout: 90_000,
  }, async () => {
    // Discord's role routes are limited per guild: 10 a second here, so the run takes seconds.
    const fake = await startFakeDiscord({
      guilds: [demoCommunity(MEMBERS, 'en')],
      rateLimits: { perRoute: { limit: 10, windowMs: 1_000 }, global: { limit: 50, windowMs: 1_000 } },
    });
    onTestFinished(() => fake.close());
    const folder = mkdtempSync(join(tmpdir(), 'guildkit-roles-'));
    onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
    const guildId = fake.guildId(COMMUNITY_NAMES.en.guild);
    const gamer = fake.roleId(guildId, COMMUNITY_NAMES.en.gamer);
    const user = (n: number) => fake.userId(guildId, `member${String(n).padStart(3, '0')}`);
    const filename = join(folder, 'guildkit.db');
    // Members 0 to 89 were in voice an hour or more this week; a quarter of all hold the role already.
    const store = await SqliteStore.open({ filename });
    const today = new Date().toISOString().slice(0, 10);
    await store.addActivity(
      Array.from({ length: 90 }, (_, n) => ({ guildId, userId: user(n), day: days.add(today, -1), ms: 2 * 3_600_000 })),
    );
    await store.updateGuildSettings(
      guildId,
      { set: { activityRoles: { rules: [{ kind: 'minimum', roleId: gamer, days: 7, hours: 1 }] } } },
      Date.now(),
    );
    await store.close();
    const expected = new Map<string, 'PUT' | 'DELETE'>();
    for (let n = 0; n < MEMBERS; n += 1) {
      const holds = n >= 3 && n % 4 === 0;
      if (n < 90 && !holds) expected.set(user(n), 'PUT');
      if (n >= 90 && holds) expected.set(user(n), 'DELETE');
    }
    const port = await freePort();
    const env = {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      DATABASE_URL: `sqlite:${filename}`,
      GUILD_ID: guildId,
      HEALTH_PORT: String(port),
      ACTIVITY_ROLES_CRON: 'off',
    };
    const start = async () => {
      const bot = runBot(env);
      await expect
        .poll(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.status, {
          timeout: 15_000,
          interval: 50,
        })
        .toBe(200);
      return bot;
    };
    const applied = () =>
      fake.requests.filter(
        (request) => request.status === 204 && ROLE_CALL.test(request.path) && request.method !== 'GET',
      );

    const first = await start();
    // A member with Manage Roles runs the rules now; the bot is killed partway through.
    void fake
      .useSlashCommand({
        guildId,
        channelId: fake.channelId(guildId, COMMUNITY_NAMES.en.chat),
        userId: user(0),
        name: 'roles',
        options: [{ type: 1, name: 'run' }],
      })
      .then(
        () => {},
        () => {},
      );
    await expect.poll(() => applied().length, { timeout: 20_000, interval: 20 }).toBeGreaterThanOrEqual(25);
    first.child.kill('SIGKILL');
    await first.exited;
    const beforeRestart = applied().length;
    expect(beforeRestart).toBeLessThan(expected.size); // truly midway

    // The next start resumes when the guild becomes available.
    const second = await start();
    await expect.poll(() => applied().length, { timeout: 30_000, interval: 50 }).toBe(expected.size);
    const calls = applied().map((request) => {
      const [, userId, roleId] = ROLE_CALL.exec(request.path) as RegExpExecArray;
      expect(roleId).toBe(gamer);
      return `${request.method} ${userId}`;
    });
    expect(new Set(calls).size).toBe(calls.length); // none twice
    expect(calls.toSorted()).toEqual([...expected].map(([userId, method]) => `${method} ${userId}`).toSorted());
    for (let n = 0; n < MEMBERS; n += 1) {
      const roles = fake.member(guildId, user(n))?.roles ?? [];
      expect(roles.includes(gamer)).toBe(n < 90);
    }
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    const after = await SqliteStore.open({ filename });
    expect(await after.listPendingRoleChanges(guildId)).toEqual([]);
    await after.close();
  });
});
