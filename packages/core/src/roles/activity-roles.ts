import { EventEmitter } from 'eventemitter3';
import { days } from '../activity/day-math.ts';
import type { ErrorContext } from '../lifecycle/lifecycle.ts';
import type { ActivityStore, ActivityTotalsQuery, MemberActivityTotal } from '../storage/activity-store.ts';
import type { PendingRoleChange, RoleRunStore } from '../storage/role-run-store.ts';
import {
  type ActivityRoleRule,
  assertRoleRules,
  planRoleChanges,
  type RoleChange,
  type RoleMember,
  type WindowTotals,
} from './role-rules.ts';

/**
 * Why the bot cannot give or take a role: it does not exist, an integration manages it, it is not
 * below the bot's highest role, or the bot lacks Manage Roles.
 *
 * @example
 * ```ts
 * const problem: RoleProblem = { roleId, reason: 'above-bot' };
 * ```
 */
export interface RoleProblem {
  readonly roleId: string;
  readonly reason: 'missing' | 'managed' | 'above-bot' | 'no-permission';
}

/**
 * What {@link ActivityRoles} needs of a chat platform: the members and their roles, what keeps the
 * bot from a role, and giving and taking one.
 *
 * @example The shape of a platform (the discord package has one)
 * ```ts
 * const platform: RolePlatform = {
 *   members: async (guildId) => [...],
 *   memberRoles: async (guildId, userId) => [...],
 *   roleProblems: (guildId, roleIds) => [],
 *   addRole: async (guildId, userId, roleId, reason) => {},
 *   removeRole: async (guildId, userId, roleId, reason) => {},
 * };
 * ```
 */
export interface RolePlatform {
  /** Every member of the guild, with their roles now. */
  members(guildId: string): Promise<readonly RoleMember[]>;
  /** One member's roles now, or `undefined` when they left the guild. */
  memberRoles(guildId: string, userId: string): Promise<readonly string[] | undefined>;
  /** What keeps the bot from giving or taking each of these roles; empty when nothing does. */
  roleProblems(guildId: string, roleIds: readonly string[]): readonly RoleProblem[];
  addRole(guildId: string, userId: string, roleId: string, reason: string): Promise<void>;
  removeRole(guildId: string, userId: string, roleId: string, reason: string): Promise<void>;
}

/**
 * Options of {@link ActivityRoles}. `store`, `platform` and `dayOf` are required.
 *
 * @example With the tracker's totals (time not yet written counts too)
 * ```ts
 * const options: ActivityRolesOptions = {
 *   store,
 *   platform,
 *   dayOf: (guildId, at) => tracker.dayOf(guildId, at),
 *   read: (query) => tracker.readTotals({ ...query, includeLive: true }),
 * };
 * ```
 */
export interface ActivityRolesOptions {
  readonly store: ActivityStore & RoleRunStore;
  readonly platform: RolePlatform;
  /** The day a moment falls on in a guild's time zone, `YYYY-MM-DD`: where windows end. */
  readonly dayOf: (guildId: string, at: number) => string;
  /** Totals over a range. @defaultValue the store's `readActivityTotals` */
  readonly read?: (query: ActivityTotalsQuery) => Promise<MemberActivityTotal[]>;
  /** Changes applied between two saves of the run's progress. @defaultValue 50 */
  readonly batchSize?: number;
  /** The clock, epoch milliseconds. @defaultValue Date.now */
  readonly now?: () => number;
}

/**
 * A run's plan: the changes, how many members were looked at, and what keeps the bot from the
 * roles (a run with problems changes nothing).
 *
 * @example What a dry run shows
 * ```ts
 * const plan = await roles.preview(guildId, rules);
 * console.log(`${plan.changes.filter((c) => c.action === 'add').length} gain, ${plan.problems.length} problems`);
 * ```
 */
export interface RolePlan {
  readonly guildId: string;
  /** Members looked at (bots are not). */
  readonly members: number;
  readonly changes: readonly RoleChange[];
  readonly problems: readonly RoleProblem[];
}

/**
 * How far a run is: changes applied, skipped (the member left, or had it already), failed, out of
 * the total.
 *
 * @example Showing progress
 * ```ts
 * roles.on('progress', ({ done, total }: RoleRunProgress) => console.log(`${done}/${total}`));
 * ```
 */
export interface RoleRunProgress {
  readonly guildId: string;
  readonly runId: string;
  readonly applied: number;
  readonly skipped: number;
  readonly failed: number;
  /** `applied + skipped + failed`. */
  readonly done: number;
  readonly total: number;
}

/**
 * What {@link ActivityRoles} emits.
 *
 * @example Logging every change
 * ```ts
 * roles.on('changed', ({ guildId, change }) => log.info('roles', `${change.action} ${change.roleId}`, { guildId, userId: change.userId }));
 * ```
 */
export interface ActivityRolesEvents {
  /** A role was given or taken. */
  changed: [event: { readonly guildId: string; readonly runId: string; readonly change: RoleChange }];
  /** A run went on: after each batch, and once at its end. */
  progress: [progress: RoleRunProgress];
  /** A change could not be applied (it stays done: the next run plans it again). */
  error: [error: unknown, context: ErrorContext];
}

const DEFAULTS = { batchSize: 50 } as const satisfies Partial<ActivityRolesOptions>;

/**
 * Gives and takes roles by activity, per guild, by rules ({@link ActivityRoleRule}). A run plans
 * every change first from the members' roles now, saves the plan in the store, then applies it
 * change by change, saving its progress as it goes: only members whose role must change cost a
 * call, and a run a restart interrupts resumes ({@link ActivityRoles.resume}) without applying a
 * change twice (each is checked against the member's roles again before it is made).
 *
 * @example A scheduled run
 * ```ts
 * import { ActivityRoles } from '@guildkit/core';
 *
 * const roles = new ActivityRoles({ store, platform, dayOf: (guildId, at) => tracker.dayOf(guildId, at) });
 * await roles.resume(); // what a restart left
 * const result = await roles.run(guildId, [{ kind: 'top', roleId, days: 7, count: 5 }]);
 * ```
 */
export class ActivityRoles extends EventEmitter<ActivityRolesEvents> {
  readonly #options: Required<Omit<ActivityRolesOptions, 'read'>> & Pick<ActivityRolesOptions, 'read'>;
  /** Guilds with a run under way: one at a time each. */
  readonly #running = new Map<string, Promise<RoleRunProgress[]>>();

  public constructor(options: ActivityRolesOptions) {
    super();
    if (options?.store === undefined || typeof options.store.saveRoleChanges !== 'function') {
      throw new TypeError(
        'ActivityRolesOptions.store must be a guildkit store (MemoryStore, SqliteStore, PostgresStore)',
      );
    }
    if (typeof options.platform?.addRole !== 'function')
      throw new TypeError('ActivityRolesOptions.platform must be a RolePlatform');
    if (typeof options.dayOf !== 'function') throw new TypeError('ActivityRolesOptions.dayOf must be a function');
    const batchSize = options.batchSize ?? DEFAULTS.batchSize;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new TypeError(
        `ActivityRolesOptions.batchSize must be a whole number of at least 1; received ${String(batchSize)}`,
      );
    }
    this.#options = { ...options, batchSize, now: options.now ?? Date.now };
  }

  /**
   * Works out what a run would change now, changing nothing: the dry run.
   *
   * @throws {@link @guildkit/core!ValidationError} when the rules are malformed
   */
  public async preview(guildId: string, rules: readonly ActivityRoleRule[]): Promise<RolePlan> {
    assertRoleRules(rules, 'rules');
    const { platform } = this.#options;
    const problems = platform.roleProblems(
      guildId,
      rules.map((rule) => rule.roleId),
    );
    const members = await platform.members(guildId);
    const windows = await this.#windows(guildId, rules);
    const changes = planRoleChanges(rules, members, (rule) => windows.get(rule.days) ?? new Map());
    return { guildId, members: members.filter((member) => !member.bot).length, changes, problems };
  }

  /**
   * Plans and applies a run in a guild (after what an earlier run left, if any). Refuses, changing
   * nothing, when a rule's role is one the bot cannot manage: the plan's `problems` say why.
   *
   * @returns the plan, and the progress of each run applied (the left-over one first)
   */
  public async run(
    guildId: string,
    rules: readonly ActivityRoleRule[],
  ): Promise<{ readonly plan: RolePlan; readonly runs: readonly RoleRunProgress[] }> {
    const plan = await this.preview(guildId, rules);
    if (plan.problems.length > 0) return { plan, runs: [] };
    const runs = await this.#exclusively(guildId, async () => {
      const left = await this.#applyPending(guildId);
      const runId = `${guildId}-${this.#options.now()}-${Math.random().toString(36).slice(2, 8)}`;
      const createdAt = this.#options.now();
      const pending = plan.changes.map((change, index) => ({ ...change, runId, index, guildId, createdAt }));
      await this.#options.store.saveRoleChanges(pending);
      return [...left, await this.#apply(guildId, runId, pending)];
    });
    return { plan, runs };
  }

  /**
   * Applies what runs interrupted by a restart left, in one guild or in all.
   *
   * @returns the progress of each run resumed
   */
  public async resume(guildId?: string): Promise<RoleRunProgress[]> {
    if (guildId !== undefined) return this.#exclusively(guildId, () => this.#applyPending(guildId));
    const guilds = new Set((await this.#options.store.listPendingRoleChanges()).map((change) => change.guildId));
    const runs: RoleRunProgress[] = [];
    for (const guild of guilds) runs.push(...(await this.resume(guild)));
    return runs;
  }

  /** One run at a time in a guild: a second waits for the first. */
  async #exclusively(guildId: string, work: () => Promise<RoleRunProgress[]>): Promise<RoleRunProgress[]> {
    const before = this.#running.get(guildId);
    const mine = (async () => {
      await before?.catch(() => {});
      return work();
    })();
    this.#running.set(guildId, mine);
    try {
      return await mine;
    } finally {
      if (this.#running.get(guildId) === mine) this.#running.delete(guildId);
    }
  }

  async #applyPending(guildId: string): Promise<RoleRunProgress[]> {
    const pending = await this.#options.store.listPendingRoleChanges(guildId);
    const byRun = new Map<string, PendingRoleChange[]>();
    for (const change of pending) {
      const run = byRun.get(change.runId);
      if (run === undefined) byRun.set(change.runId, [change]);
      else run.push(change);
    }
    const runs: RoleRunProgress[] = [];
    for (const [runId, changes] of byRun) runs.push(await this.#apply(guildId, runId, changes));
    return runs;
  }

  /** Applies a run's pending changes in order, completing them in the store a batch at a time. */
  async #apply(guildId: string, runId: string, changes: readonly PendingRoleChange[]): Promise<RoleRunProgress> {
    const { store, platform, batchSize } = this.#options;
    const progress = { guildId, runId, applied: 0, skipped: 0, failed: 0, done: 0, total: changes.length };
    let completed: number[] = [];
    const save = async () => {
      if (completed.length > 0) await store.completeRoleChanges(runId, completed);
      completed = [];
      this.emit('progress', { ...progress });
    };
    for (const change of changes) {
      const roles = await platform.memberRoles(guildId, change.userId);
      const has = roles?.includes(change.roleId) ?? false;
      if (roles === undefined || has === (change.action === 'add')) progress.skipped += 1;
      else {
        const reason = 'activity roles';
        try {
          if (change.action === 'add') await platform.addRole(guildId, change.userId, change.roleId, reason);
          else await platform.removeRole(guildId, change.userId, change.roleId, reason);
          progress.applied += 1;
          this.emit('changed', {
            guildId,
            runId,
            change: { userId: change.userId, roleId: change.roleId, action: change.action },
          });
        } catch (error) {
          progress.failed += 1;
          this.emit('error', error, { step: 'roles:apply', guildId });
        }
      }
      progress.done += 1;
      completed.push(change.index);
      if (completed.length >= batchSize) await save();
    }
    await save();
    return { ...progress };
  }

  /** Each rule's window (the last `days` days, today included) read once per length. */
  async #windows(guildId: string, rules: readonly ActivityRoleRule[]): Promise<Map<number, WindowTotals>> {
    const { dayOf, now, read, store } = this.#options;
    const today = dayOf(guildId, now());
    const reader = read ?? ((query: ActivityTotalsQuery) => store.readActivityTotals(query));
    const windows = new Map<number, WindowTotals>();
    for (const length of new Set(rules.map((rule) => rule.days))) {
      const totals = await reader({ guildId, startDay: days.add(today, 1 - length), endDay: days.add(today, 1) });
      windows.set(length, new Map(totals.map((total) => [total.userId, total])));
    }
    return windows;
  }
}
