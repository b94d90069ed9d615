import type {
  ActivityTrackerOptions,
  CloseOptions,
  ErrorContext,
  GuildkitLocale,
  GuildkitStore,
  JobBoardOptions,
  LogLevel,
} from '@guildkit/core';
import type { PermissionsString } from 'discord.js';
import type { AntiSpamOptions, SpamAction } from '../features/anti-spam.ts';
import type { ReportSchedule, ScheduledReportKind } from '../features/report-scheduler.ts';
import type { PartialStrings } from '../i18n/translations.ts';
import type { ReportChart } from '../report-render.ts';
import type { CommandOutcome } from './runtime.ts';

/**
 * The activity feature: voice time per member and day, `/activity`. The tracker's options, but for
 * those `createGuildkit` gives it (the store, the clock, and the time zone of each guild: its settings).
 *
 * @example Muted time does not count, time alone does not either
 * ```ts
 * const activity: ActivityFeature = { countMuted: false, countAlone: false, messages: true };
 * ```
 */
export type ActivityFeature = Omit<ActivityTrackerOptions, 'store' | 'now' | 'timeZone' | 'guildTimeZone'> & {
  /**
   * Whether messages are counted beside voice time (never their content). `true` needs the
   * GuildMessages intent, which `guildkitIntents` lists; left out, they are counted when the client
   * has it.
   * @defaultValue counted when the client has the GuildMessages intent
   */
  readonly messages?: boolean;
  /**
   * Days of activity history kept (daily, channel and hour rows), pruned every hour in batches;
   * guilds set their own with `/settings retention`.
   * @defaultValue everything is kept
   */
  readonly retentionDays?: number;
};

/**
 * Activity roles: roles given and taken by activity, by each guild's rules (`/roles`), run on a
 * schedule in the guild's time zone and on demand. Needs the activity feature, and the bot needs
 * Manage Roles with its highest role above the roles it gives.
 *
 * @example Runs at 04:00 every day unless a guild chooses otherwise
 * ```ts
 * const activityRoles: ActivityRolesFeature = { schedule: '0 4 * * *' };
 * ```
 */
export interface ActivityRolesFeature {
  /** When guilds' rules run, a cron pattern in the guild's time zone; `null`: only on demand. @defaultValue '0 4 * * *' */
  readonly schedule?: string | null;
}

/**
 * The job board: `/job open|close|list`, a forum post and a voice room per listing.
 *
 * @example Rooms under a category, posts tagged
 * ```ts
 * const jobBoard: JobBoardFeature = { forumChannelId: '1300000000000000009', categoryId: '1300000000000000008', tagIds: ['1500000000000000001'] };
 * ```
 */
export interface JobBoardFeature extends Omit<JobBoardOptions, 'store' | 'platform' | 'channels' | 'now'> {
  /**
   * The forum that holds the posts, in its guild; other guilds set their own forum with `/settings`.
   * @defaultValue none: each guild sets its own
   */
  readonly forumChannelId?: string | undefined;
  /** The category rooms are created in (in the forum's guild). @defaultValue none: at the top of the server */
  readonly categoryId?: string | null | undefined;
  /** Forum tags every new post gets. @defaultValue [] */
  readonly tagIds?: readonly string[];
}

/**
 * Reports: `/report`, and scheduled reports posted once per period. Needs the activity feature.
 *
 * @example The weekly report to a channel on Monday at 00:05, with a chart
 * ```ts
 * import { reportChart } from '@guildkit/discord/chart';
 *
 * const reports: ReportsFeature = { channelId: '1300000000000000001', schedule: { weekly: '5 0 * * 1' }, chart: reportChart() };
 * ```
 */
export interface ReportsFeature {
  /** Where scheduled reports go, in its guild; other guilds set theirs with `/settings`. @defaultValue none: `/report` only */
  readonly channelId?: string | undefined;
  /**
   * When scheduled reports are posted, in each guild's time zone, in every guild with a report
   * channel (a guild may set its own). @defaultValue none
   */
  readonly schedule?: ReportSchedule;
  /** Scheduled reports count only members with this role (in its guild). @defaultValue everyone */
  readonly roleId?: string | null | undefined;
  /** The permission `/report` needs, checked at every use. @defaultValue 'ManageGuild' */
  readonly permission?: PermissionsString;
  /** Draws the chart of each report, from `@guildkit/discord/chart`. @defaultValue none: reports without a chart */
  readonly chart?: ReportChart;
}

/**
 * The activity log: voice joins, moves and leaves, job listings, the anti-spam's actions, in the
 * store and, with a channel, there too.
 *
 * @example
 * ```ts
 * const activityLog: ActivityLogFeature = { channelId: '1300000000000000002' };
 * ```
 */
export interface ActivityLogFeature {
  /** The log channel, in its guild; other guilds set theirs with `/settings`. @defaultValue none: the store only */
  readonly channelId?: string | undefined;
  /** Days records are kept in the store, pruned every hour in batches; `0` keeps them for ever. @defaultValue 90 */
  readonly retentionDays?: number;
}

/**
 * Error alerts: every `error` guildkit emits (a store write that fails, a post it cannot edit, a
 * scheduled report that fails), posted to a Discord or Slack-compatible webhook, at most 6 posts a
 * minute, secrets redacted.
 *
 * @example
 * ```ts
 * const alerts: AlertsFeature = { webhookUrl: process.env.ALERT_WEBHOOK_URL as string };
 * ```
 */
export interface AlertsFeature {
  /** A Discord webhook URL, or any Slack-compatible one (Slack, Mattermost, Rocket.Chat). */
  readonly webhookUrl: string;
  /** Records of `guildkit.alerts` below this level are not sent; guildkit's own failures are errors. @defaultValue 'error' */
  readonly minLevel?: LogLevel;
}

/**
 * How guildkit's slash commands are offered.
 *
 * @example The bot registers and answers them itself
 * ```ts
 * const commands: CommandsFeature = { register: false, answer: false };
 * ```
 */
export interface CommandsFeature {
  /**
   * Registers the commands of the features on when the client is ready, beside the bot's own
   * (never deleting them): globally, or on one guild. @defaultValue true (globally)
   */
  readonly register?: boolean | { readonly guildId: string };
  /**
   * Answers guildkit's commands (and only those) as they come. With `false`, the bot dispatches
   * `guildkit.commands` from its own handler. @defaultValue true
   */
  readonly answer?: boolean;
  /** The time a member waits between two uses of a command, in milliseconds; `0` for none. @defaultValue 0 */
  readonly cooldownMs?: number;
  /**
   * Answers any button, whatever its custom id, that nothing else answered within 2 seconds, with a
   * short private "This button no longer does anything" in the member's language: a button of an
   * old message or of a feature since removed, which Discord would otherwise show as "This
   * interaction failed". The bot's own handlers answer first; guildkit's own buttons are always
   * answered. @defaultValue false
   */
  readonly answerUnknownButtons?: boolean;
}

/**
 * Options of `createGuildkit`: the store, the community's settings, and each feature, opt-in
 * (`true` or its options turns it on; left out or `false`, it is off).
 *
 * @example Voice activity and reports, in Berlin
 * ```ts
 * const options: GuildkitOptions = { store, timeZone: 'Europe/Berlin', activity: true, reports: { chart: reportChart() } };
 * ```
 */
export interface GuildkitOptions {
  readonly store: GuildkitStore;
  /** The community's time zone, IANA, for days, weeks, months and schedules. @defaultValue 'UTC' */
  readonly timeZone?: string;
  /** The day weeks start on in `/activity` and reports, 0 (Sunday) to 6. @defaultValue 1 (Monday) */
  readonly weekStartsOn?: number;
  /** The language when neither the member's nor the guild's has strings. @defaultValue 'en' */
  readonly defaultLocale?: GuildkitLocale;
  /** Languages added, and strings changed, by locale: see `Translations`. */
  readonly locales?: Readonly<Record<GuildkitLocale, PartialStrings>>;
  /** The clock, epoch milliseconds. @defaultValue Date.now */
  readonly now?: () => number;
  readonly activity?: boolean | ActivityFeature;
  readonly jobBoard?: boolean | JobBoardFeature;
  readonly reports?: boolean | ReportsFeature;
  readonly activityLog?: boolean | ActivityLogFeature;
  readonly antiSpam?: boolean | AntiSpamOptions;
  readonly activityRoles?: boolean | ActivityRolesFeature;
  readonly alerts?: false | AlertsFeature;
  readonly commands?: CommandsFeature;
}

/**
 * What a `Guildkit` emits.
 *
 * @example Logging and counting
 * ```ts
 * guildkit.on('error', (error, { step }) => logger.warn({ err: error, step }, 'guildkit: a step failed'));
 * guildkit.on('command', ({ name, outcome }) => metrics.commands.inc({ command: name, outcome }));
 * ```
 */
export interface GuildkitEvents {
  /**
   * Something failed that guildkit carried on past: a store write (retried), a post edit, a
   * command (the member was told), a scheduled report. `step` says which, prefixed by the feature.
   */
  error: [error: unknown, context: ErrorContext];
  /** A guildkit command was used. */
  command: [outcome: CommandOutcome];
  /** The anti-spam acted on a message. */
  spam: [action: SpamAction];
  /** A scheduled report was posted. */
  reportPosted: [post: { readonly guildId: string; readonly kind: ScheduledReportKind; readonly startDay: string }];
  /** A gateway event or a voice event was malformed and dropped (counted). */
  invalidEvent: [event: { readonly source: string; readonly reason: string }];
}

/** @internal How long `Guildkit.close()` retries a store that is down, by default. */
export const DEFAULT_CLOSE: Required<CloseOptions> = { timeoutMs: 10_000 };
