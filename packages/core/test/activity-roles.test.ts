import { describe, expect, it } from 'vitest';
import {
  type ActivityRoleRule,
  ActivityRoles,
  MemoryDatabase,
  MemoryStore,
  type RolePlatform,
  type RoleProblem,
} from '../src/index.ts';

const guildId = '1100000000000000001';
const regulars = '1500000000000000001';
const stars = '1500000000000000002';
const sleepers = '1500000000000000003';
const user = (n: number) => String(1_200_000_000_000_000_000n + BigInt(n));
const NOW = Date.parse('2026-11-25T12:00:00Z');
const HOUR = 3_600_000;

/** A guild in memory: members' roles, and every call the run makes. */
class Guild implements RolePlatform {
  readonly roles = new Map<string, Set<string>>();
  readonly bots = new Set<string>();
  readonly calls: string[] = [];
  problems: RoleProblem[] = [];
  /** Calls after which the platform hangs, as a process killed mid-run would. */
  hangAfter = Number.POSITIVE_INFINITY;

  constructor(members: number) {
    for (let i = 0; i < members; i += 1) this.roles.set(user(i), new Set());
  }

  async members() {
    return [...this.roles].map(([id, roles]) => ({ id, roleIds: [...roles], bot: this.bots.has(id) }));
  }

  async memberRoles(_guildId: string, userId: string) {
    const roles = this.roles.get(userId);
    return roles === undefined ? undefined : [...roles];
  }

  roleProblems() {
    return this.problems;
  }

  async addRole(_guildId: string, userId: string, roleId: string) {
    await this.#call(`+${userId}:${roleId}`);
    this.roles.get(userId)?.add(roleId);
  }

  async removeRole(_guildId: string, userId: string, roleId: string) {
    await this.#call(`-${userId}:${roleId}`);
    this.roles.get(userId)?.delete(roleId);
  }

  async #call(call: string) {
    if (this.calls.length >= this.hangAfter) await new Promise(() => {});
    this.calls.push(call);
  }
}

async function setUp(members: number, database = new MemoryDatabase()) {
  const store = new MemoryStore({ database });
  const guild = new Guild(members);
  const roles = new ActivityRoles({ store, platform: guild, dayOf: () => '2026-11-25', now: () => NOW, batchSize: 10 });
  return { store, guild, roles, database };
}

describe('ActivityRoles', () => {
  it('plans by each rule over its rolling window: a minimum, the top, the inactive; bots are never touched', async () => {
    const { store, guild, roles } = await setUp(6);
    guild.bots.add(user(5));
    await store.addActivity([
      { guildId, userId: user(0), day: '2026-11-25', ms: 11 * HOUR },
      { guildId, userId: user(1), day: '2026-11-20', ms: 4 * HOUR, messages: 500 },
      { guildId, userId: user(2), day: '2026-10-01', ms: 50 * HOUR }, // outside every window
      { guildId, userId: user(3), day: '2026-11-24', ms: 1 * HOUR },
      { guildId, userId: user(5), day: '2026-11-25', ms: 99 * HOUR }, // a bot
    ]);
    guild.roles.get(user(2))?.add(regulars); // no longer qualifies
    guild.roles.get(user(4))?.add(sleepers); // still inactive: nothing to do
    const rules: ActivityRoleRule[] = [
      { kind: 'minimum', roleId: regulars, days: 30, hours: 10, messages: 400 },
      { kind: 'top', roleId: stars, days: 7, count: 2 },
      { kind: 'inactive', roleId: sleepers, days: 30 },
    ];
    const plan = await roles.preview(guildId, rules);
    expect(plan).toEqual({
      guildId,
      members: 5, // the bot is not counted
      problems: [],
      changes: [
        { userId: user(0), roleId: regulars, action: 'add' },
        { userId: user(1), roleId: regulars, action: 'add' }, // by messages
        { userId: user(2), roleId: regulars, action: 'remove' },
        { userId: user(0), roleId: stars, action: 'add' },
        { userId: user(1), roleId: stars, action: 'add' },
        { userId: user(2), roleId: sleepers, action: 'add' },
      ],
    });
    expect(guild.calls).toEqual([]); // a dry run changes nothing
  });

  it('makes one call per change, none for members whose roles are right already', async () => {
    const { store, guild, roles } = await setUp(1_000);
    await store.addActivity(
      Array.from({ length: 100 }, (_, i) => ({ guildId, userId: user(i), day: '2026-11-25', ms: 2 * HOUR })),
    );
    for (let i = 50; i < 150; i += 1) guild.roles.get(user(i))?.add(regulars);
    const progress: number[] = [];
    roles.on('progress', (event) => progress.push(event.done));
    const { plan, runs } = await roles.run(guildId, [{ kind: 'minimum', roleId: regulars, days: 7, hours: 1 }]);
    expect(plan.changes).toHaveLength(100); // 50 gain, 50 lose
    expect(guild.calls).toHaveLength(100);
    expect(runs[0]).toMatchObject({ applied: 100, skipped: 0, failed: 0, total: 100 });
    expect(progress).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 100]);
    expect(await store.listPendingRoleChanges(guildId)).toEqual([]);
    expect((await roles.run(guildId, [{ kind: 'minimum', roleId: regulars, days: 7, hours: 1 }])).plan.changes).toEqual(
      [],
    );
  });

  it('resumes a run a restart interrupted, applying each change once', async () => {
    const first = await setUp(300);
    await first.store.addActivity(
      Array.from({ length: 300 }, (_, i) => ({ guildId, userId: user(i), day: '2026-11-25', ms: HOUR })),
    );
    first.guild.hangAfter = 137; // killed after 137 calls, mid-batch
    void first.roles.run(guildId, [{ kind: 'minimum', roleId: regulars, days: 1, hours: 1 }]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(first.guild.calls).toHaveLength(137);
    const left = await first.store.listPendingRoleChanges(guildId);
    expect(left).toHaveLength(300 - 130); // completed a batch at a time: 13 batches of 10
    // A new process on the same data; the guild's roles are as the calls left them.
    const second = await setUp(300, first.database);
    second.guild.roles.clear();
    for (const [id, held] of first.guild.roles) second.guild.roles.set(id, new Set(held));
    const [resumed] = await second.roles.resume();
    expect(resumed).toMatchObject({ applied: 163, skipped: 7, total: 170 });
    const calls = [...first.guild.calls, ...second.guild.calls];
    expect(calls).toHaveLength(300);
    expect(new Set(calls).size).toBe(300);
    expect(await second.store.listPendingRoleChanges()).toEqual([]);
  });

  it('refuses a run with a role it cannot manage, changing nothing, and malformed rules', async () => {
    const { guild, roles, store } = await setUp(3);
    guild.problems = [{ roleId: stars, reason: 'above-bot' }];
    const { plan, runs } = await roles.run(guildId, [{ kind: 'top', roleId: stars, days: 7, count: 1 }]);
    expect(plan.problems).toEqual([{ roleId: stars, reason: 'above-bot' }]);
    expect(runs).toEqual([]);
    expect(await store.listPendingRoleChanges()).toEqual([]);
    await expect(roles.preview(guildId, [{ kind: 'top', roleId: stars, days: 0, count: 1 }])).rejects.toThrow(
      /rules\[0\]\.days/,
    );
    await expect(
      roles.preview(guildId, [
        { kind: 'inactive', roleId: stars, days: 3 },
        { kind: 'top', roleId: stars, days: 7, count: 1 },
      ]),
    ).rejects.toThrow(/rules\[1\]\.roleId .*a role no other rule gives/);
  });
});
