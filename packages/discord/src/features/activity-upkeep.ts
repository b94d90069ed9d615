import { type ActivityRoles, days, type ErrorContext, type GuildkitStore } from '@guildkit/core';
import { Cron } from 'croner';
import type { Client } from 'discord.js';
import type { GuildkitSettings } from '../guildkit/guild-settings.ts';

/** Rows each prune deletes at most per table: one short transaction, the event loop free between. */
const PRUNE_BATCH = 5_000;

/** @internal What the upkeep needs. */
export interface ActivityUpkeepOptions {
  readonly client: Client;
  readonly store: GuildkitStore;
  readonly settings: GuildkitSettings;
  readonly roles: ActivityRoles | undefined;
  /** The local day of a moment in a guild. */
  readonly dayOf: (guildId: string, at: number) => string;
  readonly now: () => number;
  readonly failed: (error: unknown, context: ErrorContext) => void;
}

/**
 * @internal The activity's scheduled work per guild: activity-role runs on the guild's schedule in
 * its time zone (and what a restart left of one, when the guild becomes available), and, every
 * hour, the retention window (days before it are pruned in batches). Only the guilds this process
 * holds: each shard looks after its own.
 */
export class ActivityUpkeep {
  readonly #options: ActivityUpkeepOptions;
  /** Each guild's role run job, with the pattern and zone it was made for. */
  readonly #jobs = new Map<string, { readonly cron: Cron; readonly key: string }>();
  #prune: Cron | undefined;
  #pruning: Promise<void> | undefined;
  #stopped = false;

  constructor(options: ActivityUpkeepOptions) {
    this.#options = options;
  }

  /** Starts the hourly retention. */
  start(): void {
    if (this.#stopped || this.#prune !== undefined) return;
    this.#prune = new Cron('17 * * * *', { unref: true, catch: true }, () => void this.prune());
  }

  /** A guild became available (or its settings changed): its role schedule follows, and what a restart left runs. */
  follow(guildId: string, resume = false): void {
    if (this.#stopped) return;
    const { settings, roles, failed } = this.#options;
    const inEffect = settings.of(guildId);
    const schedule = inEffect.activityRoles?.schedule ?? null;
    const key = schedule === null ? '' : `${schedule}|${inEffect.timeZone}`;
    const job = this.#jobs.get(guildId);
    if (job?.key !== key) {
      job?.cron.stop();
      this.#jobs.delete(guildId);
      if (roles !== undefined && schedule !== null) {
        const cron = new Cron(schedule, { timezone: inEffect.timeZone, unref: true, catch: true }, () =>
          this.#runRoles(guildId),
        );
        this.#jobs.set(guildId, { cron, key });
      }
    }
    if (resume && roles !== undefined && inEffect.activityRoles !== undefined) {
      roles.resume(guildId).catch((error: unknown) => failed(error, { step: 'roles:resume', guildId }));
    }
  }

  /** A guild the bot left: its jobs stop. */
  forget(guildId: string): void {
    this.#jobs.get(guildId)?.cron.stop();
    this.#jobs.delete(guildId);
  }

  /**
   * Prunes every held guild's activity history before its retention window, in batches; never
   * rejects (failures go to `failed`). Calling it while it runs waits for that run.
   */
  prune(): Promise<void> {
    this.#pruning ??= (async () => {
      const { client, settings, store, dayOf, now, failed } = this.#options;
      for (const guildId of client.guilds.cache.keys()) {
        const keep = settings.of(guildId).retentionDays;
        if (keep === null || this.#stopped) continue;
        const beforeDay = days.add(dayOf(guildId, now()), 1 - keep);
        try {
          let deleted: number;
          do {
            deleted = await store.pruneActivity({ guildId, beforeDay, limit: PRUNE_BATCH });
            await new Promise((resolve) => setImmediate(resolve));
          } while (deleted > 0 && !this.#stopped);
        } catch (error) {
          failed(error, { step: 'activity:prune', guildId });
        }
      }
    })().finally(() => {
      this.#pruning = undefined;
    });
    return this.#pruning;
  }

  /** Stops every job; runs under way finish. */
  stop(): void {
    this.#stopped = true;
    this.#prune?.stop();
    for (const job of this.#jobs.values()) job.cron.stop();
    this.#jobs.clear();
  }

  #runRoles(guildId: string): void {
    const { settings, roles, failed } = this.#options;
    const rules = settings.of(guildId).activityRoles?.rules ?? [];
    if (roles === undefined || rules.length === 0 || this.#stopped) return;
    roles
      .run(guildId, rules)
      .then(({ plan }) => {
        if (plan.problems.length > 0) {
          const list = plan.problems.map((problem) => `${problem.roleId} (${problem.reason})`).join(', ');
          failed(new Error(`activity roles cannot run in guild ${guildId}: ${list}`), { step: 'roles:run', guildId });
        }
      })
      .catch((error: unknown) => failed(error, { step: 'roles:run', guildId }));
  }
}
