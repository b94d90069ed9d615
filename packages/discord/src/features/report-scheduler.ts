import type { ErrorContext, ReportGenerator, ReportStore } from '@guildkit/core';
import { Cron } from 'croner';
import type { Client } from 'discord.js';
import type { GuildkitSettings } from '../guildkit/guild-settings.ts';
import type { Translations } from '../i18n/translations.ts';
import { type ReportChart, reportMessage } from '../report-render.ts';
import { reportMembers } from './report-members.ts';

/**
 * When scheduled reports are posted: a cron pattern per kind (croner's syntax, in the reports' time
 * zone), or left out for never.
 *
 * @example Weekly on Monday at 00:05, monthly on the 1st
 * ```ts
 * const schedule: ReportSchedule = { weekly: '5 0 * * 1', monthly: '5 0 1 * *' };
 * ```
 */
export interface ReportSchedule {
  readonly daily?: string | null;
  readonly weekly?: string | null;
  readonly monthly?: string | null;
}

/**
 * The kinds of scheduled report.
 *
 * @example
 * ```ts
 * const kind: ScheduledReportKind = 'weekly';
 * ```
 */
export type ScheduledReportKind = 'daily' | 'weekly' | 'monthly';

/** @internal What the scheduler needs. */
export interface ReportSchedulerOptions {
  readonly client: Client;
  readonly store: ReportStore;
  readonly generator: ReportGenerator;
  /** A guild's settings in effect, and the language of its posts. */
  readonly settings: Pick<GuildkitSettings, 'of' | 'localeOf'>;
  readonly translations: Translations;
  readonly chart: ReportChart | undefined;
  readonly now: () => number;
  readonly failed: (error: unknown, context: ErrorContext) => void;
  readonly posted: (post: {
    readonly guildId: string;
    readonly kind: ScheduledReportKind;
    readonly startDay: string;
  }) => void;
}

const KINDS = ['daily', 'weekly', 'monthly'] as const;

/** One cron job and the guilds on it: guilds with the same pattern and time zone share one. */
interface Group {
  readonly job: Cron;
  readonly guildIds: Set<string>;
}

/**
 * Scheduled reports, per guild: each guild with a report channel gets each kind on its cron
 * pattern (its own, or the bot's default) in its time zone, covering the last complete period, and
 * each posted once per period even across restarts and processes (the store records the claim; a
 * failed post gives it back, to be tried at the next run). Guilds that share a pattern and a time
 * zone share one timer. Made by `createGuildkit` with the reports feature; it follows each guild's
 * settings as they change.
 *
 * @example Posting last week's report of a guild now (once: a second call posts nothing)
 * ```ts
 * const posted: boolean = await guildkit.scheduler?.post('weekly', guildId);
 * ```
 */
export class ReportScheduler {
  readonly #options: ReportSchedulerOptions;
  /** By `kind pattern timeZone`. */
  readonly #groups = new Map<string, Group>();
  /** Each guild's group keys, by guild. */
  readonly #guilds = new Map<string, string[]>();
  #started = false;

  /** @internal */
  public constructor(options: ReportSchedulerOptions) {
    this.#options = options;
  }

  /** Starts the schedules of the guilds the client holds; calling it again does nothing. */
  public start(): this {
    if (this.#started) return this;
    this.#started = true;
    for (const guildId of this.#options.client.guilds.cache.keys()) this.follow(guildId);
    return this;
  }

  /** Stops every schedule. */
  public stop(): void {
    this.#started = false;
    for (const guildId of [...this.#guilds.keys()]) this.forget(guildId);
  }

  /** @internal Puts a guild on the schedules its settings in effect give (none without a report channel). */
  public follow(guildId: string): void {
    this.forget(guildId);
    if (!this.#started) return;
    const settings = this.#options.settings.of(guildId);
    const reports = settings.reports;
    if (reports?.channelId === undefined) return;
    const keys: string[] = [];
    for (const kind of KINDS) {
      const pattern = reports.schedule[kind];
      if (pattern === undefined || pattern === null) continue;
      const key = `${kind} ${pattern} ${settings.timeZone}`;
      let group = this.#groups.get(key);
      if (group === undefined) {
        const made = this.#group(kind, pattern, settings.timeZone, guildId);
        if (made === undefined) continue;
        group = made;
        this.#groups.set(key, group);
      }
      group.guildIds.add(guildId);
      keys.push(key);
    }
    this.#guilds.set(guildId, keys);
  }

  /** @internal Takes a guild off every schedule (the bot left it, or its settings changed). */
  public forget(guildId: string): void {
    for (const key of this.#guilds.get(guildId) ?? []) {
      const group = this.#groups.get(key);
      group?.guildIds.delete(guildId);
      if (group?.guildIds.size === 0) {
        group.job.stop();
        this.#groups.delete(key);
      }
    }
    this.#guilds.delete(guildId);
  }

  #group(kind: ScheduledReportKind, pattern: string, timeZone: string, guildId: string): Group | undefined {
    const guildIds = new Set<string>();
    try {
      const job = new Cron(pattern, { timezone: timeZone, protect: true }, () => {
        for (const id of guildIds) {
          this.post(kind, id).catch((error: unknown) =>
            this.#options.failed(error, { step: `scheduled-report:${kind}`, guildId: id }),
          );
        }
      });
      return { job, guildIds };
    } catch (error) {
      // Checked when it was set: only a pattern this version of croner refuses gets here.
      this.#options.failed(error, { step: `scheduled-report:${kind}`, guildId });
      return undefined;
    }
  }

  /**
   * Posts the last complete period's report of a kind in a guild's report channel, unless it was
   * posted already; whether it posted.
   *
   * @param guildId - the guild; without it, the guild of the one report channel there is
   * @throws `Error` when the guild has no report channel, or it is not one the bot can post in;
   *   `TypeError` when `guildId` is left out and not exactly one guild has a report channel
   */
  public async post(kind: ScheduledReportKind, guildId = this.#onlyGuild()): Promise<boolean> {
    const { client, store, generator, settings, translations, chart, now } = this.#options;
    const reports = settings.of(guildId).reports;
    if (reports?.channelId === undefined) throw new Error(`guild ${guildId} has no report channel`);
    const { channelId, roleId } = reports;
    const channel = await client.channels.fetch(channelId);
    if (channel === null || !channel.isSendable() || !('guild' in channel) || channel.guild.id !== guildId) {
      throw new Error(`the report channel ${channelId} is not a channel of guild ${guildId} the bot can post in`);
    }
    const at = now();
    const range = generator.rangeOf({ guildId, period: kind, at, which: 'last-complete' });
    const key = { guildId, kind, periodStart: range.startDay };
    if (!(await store.claimReportPost(key, at))) return false;
    try {
      const report = await generator.generate({
        guildId,
        period: kind,
        at,
        which: 'last-complete',
        members: await reportMembers(channel.guild),
        roleId,
      });
      const chartFailed = (error: unknown) => this.#options.failed(error, { step: 'report:chart', guildId });
      const strings = translations.strings(settings.localeOf(guildId));
      await channel.send(reportMessage(report, strings, { chart, chartFailed }));
    } catch (error) {
      await store.releaseReportPost(key).catch(() => {});
      throw error;
    }
    this.#options.posted({ guildId, kind, startDay: range.startDay });
    return true;
  }

  #onlyGuild(): string {
    const guildIds = [...this.#options.client.guilds.cache.keys()].filter(
      (guildId) => this.#options.settings.of(guildId).reports?.channelId !== undefined,
    );
    if (guildIds.length !== 1) {
      throw new TypeError(
        `post(kind) needs a guild id: ${guildIds.length} guilds have a report channel; call post(kind, guildId)`,
      );
    }
    return guildIds[0] as string;
  }
}
