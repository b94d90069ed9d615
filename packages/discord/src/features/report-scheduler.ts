import type { ErrorContext, ReportGenerator, ReportStore } from '@guildkit/core';
import { Cron } from 'croner';
import type { Client } from 'discord.js';
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
  readonly channelId: string;
  readonly roleId: string | null;
  readonly schedule: ReportSchedule;
  readonly timeZone: string;
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

/**
 * Scheduled reports to one channel: each kind on its cron pattern, covering the last complete
 * period, and each posted once per period even across restarts and processes (the store records
 * the claim; a failed post gives it back, to be tried at the next run). Made by `createGuildkit`
 * from its `reports.schedule` option.
 *
 * @example Posting last week's report now (once: a second call posts nothing)
 * ```ts
 * const posted: boolean = await guildkit.scheduler?.post('weekly');
 * ```
 */
export class ReportScheduler {
  readonly #options: ReportSchedulerOptions;
  readonly #jobs: Cron[] = [];

  /** @internal */
  public constructor(options: ReportSchedulerOptions) {
    for (const kind of ['daily', 'weekly', 'monthly'] as const) {
      const pattern = options.schedule[kind];
      if (pattern === undefined || pattern === null) continue;
      try {
        new Cron(pattern, { paused: true, timezone: options.timeZone }).stop();
      } catch (error) {
        throw new TypeError(
          `reports.schedule.${kind} must be a cron pattern such as "5 0 * * 1"; received "${pattern}" (${(error as Error).message})`,
        );
      }
    }
    this.#options = options;
  }

  /** Starts the schedules; calling it again does nothing. */
  public start(): this {
    if (this.#jobs.length > 0) return this;
    const { schedule, timeZone, failed } = this.#options;
    for (const kind of ['daily', 'weekly', 'monthly'] as const) {
      const pattern = schedule[kind];
      if (pattern === undefined || pattern === null) continue;
      this.#jobs.push(
        new Cron(pattern, { timezone: timeZone, protect: true }, () => {
          this.post(kind).catch((error: unknown) => failed(error, { step: `scheduled-report:${kind}` }));
        }),
      );
    }
    return this;
  }

  /** Stops the schedules. */
  public stop(): void {
    for (const job of this.#jobs.splice(0)) job.stop();
  }

  /** Posts the last complete period's report of a kind, unless it was posted already; whether it posted. */
  public async post(kind: ScheduledReportKind): Promise<boolean> {
    const { client, store, generator, channelId, roleId, translations, chart, now } = this.#options;
    const channel = await client.channels.fetch(channelId);
    if (channel === null || !channel.isSendable() || !('guild' in channel)) {
      throw new Error(`the report channel ${channelId} is not a server channel the bot can post in`);
    }
    const guildId = channel.guild.id;
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
      const strings = translations.strings(channel.guild.preferredLocale);
      await channel.send(reportMessage(report, strings, { chart, chartFailed }));
    } catch (error) {
      await store.releaseReportPost(key).catch(() => {});
      throw error;
    }
    this.#options.posted({ guildId, kind, startDay: range.startDay });
    return true;
  }
}
