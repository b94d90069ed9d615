// The parts createGuildkit makes from its options, each wired to the client and to the Guildkit's events.
import {
  ActivityRoles,
  ActivityTracker,
  BatchLogger,
  type ErrorContext,
  isSnowflake,
  JobBoard,
  RateLimiter,
  ReportGenerator,
  storeLogSink,
} from '@guildkit/core';
import { Cron } from 'croner';
import type { Client } from 'discord.js';
import { GUILDKIT_COMMAND_NAMES } from '../commands/command-data.ts';
import type { GuildkitCommand } from '../commands/guildkit-command.ts';
import { buildCommands } from '../commands/guildkit-commands.ts';
import { DiscordAdapter } from '../discord-adapter.ts';
import { ActivityLog } from '../features/activity-log.ts';
import { ActivityUpkeep } from '../features/activity-upkeep.ts';
import { AntiSpam } from '../features/anti-spam.ts';
import { type ReportSchedule, ReportScheduler } from '../features/report-scheduler.ts';
import { Translations } from '../i18n/translations.ts';
import { DiscordJobBoardPlatform } from '../job-board-platform.ts';
import { DiscordRolePlatform } from '../role-platform.ts';
import { webhookLogSink } from '../webhook-sink.ts';
import type { Guildkit } from './create-guildkit.ts';
import { GuildkitSettings } from './guild-settings.ts';
import type { GuildkitOptions, JobBoardFeature } from './guildkit-options.ts';
import { assertIntents, countsMessages } from './intents.ts';
import type { Runtime } from './runtime.ts';
import type { VoiceDelivery } from './voice-delivery.ts';
import { wire } from './wire-adapter.ts';

/** @internal What `createGuildkit` makes: the parts of a {@link Guildkit}. */
export interface Parts {
  readonly runtime: Runtime;
  readonly adapter: DiscordAdapter;
  readonly tracker: ActivityTracker | undefined;
  readonly board: JobBoard | undefined;
  readonly reports: ReportGenerator | undefined;
  readonly scheduler: ReportScheduler | undefined;
  readonly activityLog: ActivityLog | undefined;
  readonly antiSpam: AntiSpam | undefined;
  readonly roles: ActivityRoles | undefined;
  readonly upkeep: ActivityUpkeep | undefined;
  readonly recordsOnly: BatchLogger | undefined;
  readonly alerts: BatchLogger | undefined;
  readonly translations: Translations;
  readonly commands: GuildkitCommand[];
  readonly voice: VoiceDelivery;
  readonly settings: GuildkitSettings;
}

/** @internal Checks the options and makes the parts, wired to the client and to `events`. */
export function build(client: Client, options: GuildkitOptions, events: Guildkit): Parts {
  if (client === null || typeof client !== 'object' || typeof client.on !== 'function') {
    throw new TypeError('createGuildkit(client, options): client must be a discord.js Client');
  }
  const { store } = options ?? {};
  if (store === undefined || typeof store.recordActivity !== 'function') {
    throw new TypeError('GuildkitOptions.store must be a guildkit store (SqliteStore, PostgresStore, MemoryStore)');
  }
  const feature = <T extends object>(value: boolean | T | undefined): T | undefined =>
    value === undefined || value === false ? undefined : value === true ? ({} as T) : value;
  const activity = feature(options.activity);
  const jobBoard = feature(options.jobBoard);
  const reports = feature(options.reports);
  const activityLog = feature(options.activityLog);
  const antiSpamOptions = feature(options.antiSpam);
  const activityRoles = feature(options.activityRoles);
  if (activityRoles !== undefined && activity === undefined) {
    throw new TypeError('GuildkitOptions.activityRoles needs the activity feature: add activity: true');
  }
  const retentionDays = activity?.retentionDays;
  if (retentionDays !== undefined && (!Number.isInteger(retentionDays) || retentionDays < 1)) {
    throw new TypeError(
      `GuildkitOptions.activity.retentionDays must be a whole number of days, at least 1; received ${String(retentionDays)}`,
    );
  }
  if (reports !== undefined && activity === undefined) {
    throw new TypeError('GuildkitOptions.reports needs the activity feature: add activity: true');
  }
  const id = (value: unknown, option: string, what: string) => {
    if (!isSnowflake(value))
      throw new TypeError(
        `GuildkitOptions.${option} must be the id of ${what} (a string of digits); received ${String(value)}`,
      );
  };
  if (jobBoard?.forumChannelId !== undefined) id(jobBoard.forumChannelId, 'jobBoard.forumChannelId', 'a forum channel');
  if (jobBoard?.categoryId != null) id(jobBoard.categoryId, 'jobBoard.categoryId', 'a category');
  if (reports?.channelId !== undefined) id(reports.channelId, 'reports.channelId', 'a text channel');
  if (reports?.roleId != null) id(reports.roleId, 'reports.roleId', 'a role');
  if (activityLog?.channelId !== undefined) id(activityLog.channelId, 'activityLog.channelId', 'a text channel');
  assertSchedule(reports?.schedule, options.timeZone ?? 'UTC');
  for (const flag of ['answer', 'answerUnknownButtons'] as const) {
    const value = options.commands?.[flag];
    if (value !== undefined && typeof value !== 'boolean')
      throw new TypeError(`GuildkitOptions.commands.${flag} must be true or false; received ${String(value)}`);
  }
  assertIntents(client, options);
  const now = options.now ?? Date.now;
  const timeZone = options.timeZone ?? 'UTC';
  const weekStartsOn = options.weekStartsOn ?? 1;
  const translations = new Translations({
    ...(options.locales === undefined ? {} : { locales: options.locales }),
    ...(options.defaultLocale === undefined ? {} : { defaultLocale: options.defaultLocale }),
  });
  const failed = (step: string) => (error: unknown, context: ErrorContext) =>
    events.emit('error', error, { ...context, step: `${step}:${context.step}` });
  const settings = new GuildkitSettings({
    client,
    store,
    translations,
    now,
    defaults: {
      timeZone,
      weekStartsOn,
      activity: activity !== undefined,
      jobBoard:
        jobBoard === undefined
          ? undefined
          : {
              ...(jobBoard.forumChannelId === undefined ? {} : { forumChannelId: jobBoard.forumChannelId }),
              categoryId: jobBoard.categoryId ?? null,
              tagIds: jobBoard.tagIds ?? [],
            },
      reports:
        reports === undefined
          ? undefined
          : {
              ...(reports.channelId === undefined ? {} : { channelId: reports.channelId }),
              roleId: reports.roleId ?? null,
              schedule: reports.schedule ?? {},
            },
      activityLog:
        activityLog === undefined
          ? undefined
          : activityLog.channelId === undefined
            ? {}
            : { channelId: activityLog.channelId },
      antiSpam: antiSpamOptions !== undefined,
      retentionDays: retentionDays ?? null,
      activityRoles:
        activityRoles === undefined
          ? undefined
          : { schedule: activityRoles.schedule === undefined ? '0 4 * * *' : activityRoles.schedule },
    },
  });
  const guildTimeZone = (guildId: string) => settings.of(guildId).timeZone;
  const localeOf = (guildId: string) => settings.localeOf(guildId);

  const adapter = new DiscordAdapter({ client, now });
  const { messages: _messages, retentionDays: _retention, ...trackerOptions } = activity ?? {};
  const tracker =
    activity === undefined
      ? undefined
      : new ActivityTracker({ ...trackerOptions, store, now, timeZone, guildTimeZone });
  tracker?.on('error', failed('activity'));
  tracker?.on('invalidEvent', (_event, reason) => events.emit('invalidEvent', { source: 'activity', reason }));
  const board = jobBoard === undefined ? undefined : makeBoard(client, jobBoard, options, settings, translations, now);
  board?.on('error', failed('job-board'));
  const generator =
    reports === undefined || tracker === undefined
      ? undefined
      : new ReportGenerator({
          read: (query) => tracker.readTotals({ ...query, includeLive: true }),
          readChannels: (query) => store.readChannelTotals(query),
          readHours: (query) => store.readHourTotals(query),
          timeZone,
          guildTimeZone,
          weekStartsOn,
          guildWeekStartsOn: (guildId) => settings.of(guildId).weekStartsOn,
          now,
        });
  const log =
    activityLog === undefined
      ? undefined
      : new ActivityLog({
          client,
          store,
          on: (guildId) => settings.of(guildId).activityLog !== undefined,
          channelOf: (guildId) =>
            guildId === undefined ? activityLog.channelId : settings.of(guildId).activityLog?.channelId,
          // Guilds set their own log channels: a channel sink whenever the bot may be in more than one.
          anyChannel: true,
          localeOf,
          retentionDays: activityLog.retentionDays ?? 90,
          translations,
          now,
          failed: failed('activity-log'),
        });
  if (board !== undefined) log?.follow(board);
  // The anti-spam's records go to the activity log, or to the store alone when it is off.
  const recordsOnly =
    antiSpamOptions !== undefined && log === undefined
      ? new BatchLogger({ sinks: [storeLogSink(store)], now })
      : undefined;
  recordsOnly?.on('error', failed('anti-spam'));
  const antiSpam =
    antiSpamOptions === undefined
      ? undefined
      : new AntiSpam(antiSpamOptions, {
          log: (log?.logger ?? recordsOnly) as BatchLogger,
          translations,
          now,
          acted: (action) => events.emit('spam', action),
          failed: failed('anti-spam'),
          on: (guildId) => settings.of(guildId).antiSpam,
          localeOf,
        }).attach(client);
  const scheduler =
    generator === undefined
      ? undefined
      : new ReportScheduler({
          client,
          store,
          generator,
          settings,
          translations,
          chart: reports?.chart,
          now,
          failed: failed('reports'),
          posted: (post) => events.emit('reportPosted', post),
        });
  const roles =
    activityRoles === undefined || tracker === undefined
      ? undefined
      : new ActivityRoles({
          store,
          platform: new DiscordRolePlatform(client),
          dayOf: (guildId, at) => tracker.dayOf(guildId, at),
          read: (query) => tracker.readTotals({ ...query, includeLive: true }),
          now,
        });
  roles?.on('error', failed('roles'));
  if (roles !== undefined) log?.followRoles(roles);
  const upkeep =
    tracker === undefined
      ? undefined
      : new ActivityUpkeep({
          client,
          store,
          settings,
          roles,
          dayOf: (guildId, at) => tracker.dayOf(guildId, at),
          now,
          failed: (error, context) => events.emit('error', error, context),
        });
  const cooldownMs = options.commands?.cooldownMs ?? 0;
  const runtime: Runtime = {
    client,
    store,
    translations,
    now,
    settings,
    tracker,
    board,
    roles,
    reports:
      generator === undefined
        ? undefined
        : { generator, permission: reports?.permission ?? 'ManageGuild', chart: reports?.chart },
    cooldowns: cooldownMs > 0 ? new RateLimiter({ capacity: 1, refillMs: cooldownMs, now }) : undefined,
    failed: (error, context) => events.emit('error', error, context),
    answered: (outcome) => events.emit('command', outcome),
  };
  const names = GUILDKIT_COMMAND_NAMES.filter(
    (name) => ({ activity: tracker, job: board, report: generator, roles, settings: true })[name] !== undefined,
  );
  const commands = buildCommands(names, runtime);
  const answer = options.commands?.answer ?? true;
  const answerUnknownButtons = options.commands?.answerUnknownButtons ?? false;
  const voice = wire(adapter, {
    client,
    tracker,
    board,
    scheduler,
    settings,
    log,
    events,
    now,
    translations,
    commands,
    answer,
    answerUnknownButtons,
    countMessages: countsMessages(client, options.activity),
    runtime,
    upkeep,
  });
  adapter.attach();
  return {
    runtime,
    adapter,
    tracker,
    board,
    reports: generator,
    scheduler,
    activityLog: log,
    antiSpam,
    roles,
    upkeep,
    recordsOnly,
    alerts: makeAlerts(options, events, now),
    translations,
    commands,
    voice,
    settings,
  };
}

function makeBoard(
  client: Client,
  feature: JobBoardFeature,
  options: GuildkitOptions,
  settings: GuildkitSettings,
  translations: Translations,
  now: () => number,
): JobBoard {
  const { forumChannelId: _forum, categoryId: _category, tagIds: _tags, ...boardOptions } = feature;
  return new JobBoard({
    ...boardOptions,
    store: options.store,
    platform: new DiscordJobBoardPlatform({
      client,
      translations,
      locale: (guildId) => settings.localeOf(guildId),
      appliedTagIds: (guildId) => settings.of(guildId).jobBoard?.tagIds ?? [],
    }),
    // A guild's board, where it has a forum: its own setting, or the default forum in its guild.
    channels: (guildId) => settings.of(guildId).jobBoard,
    now,
  });
}

/** Refuses a default report schedule that is not a cron pattern, naming it. */
function assertSchedule(schedule: ReportSchedule | undefined, timeZone: string): void {
  for (const kind of ['daily', 'weekly', 'monthly'] as const) {
    const pattern = schedule?.[kind];
    if (pattern === undefined || pattern === null) continue;
    try {
      new Cron(pattern, { paused: true, timezone: timeZone }).stop();
    } catch (error) {
      throw new TypeError(
        `reports.schedule.${kind} must be a cron pattern such as "5 0 * * 1"; received "${pattern}" (${(error as Error).message})`,
      );
    }
  }
}

/** Error alerts: every `error` guildkit emits, as a record of the webhook sink's (its own failures excepted). */
function makeAlerts(options: GuildkitOptions, events: Guildkit, now: () => number): BatchLogger | undefined {
  const { alerts } = options;
  if (alerts === undefined || alerts === false) return undefined;
  const logger = new BatchLogger({
    sinks: [webhookLogSink({ url: alerts.webhookUrl, minLevel: alerts.minLevel ?? 'error', now })],
    now,
  });
  logger.on('error', (error, context) => events.emit('error', error, { ...context, step: `alerts:${context.step}` }));
  events.on('error', (error, context) => {
    if (context.step.startsWith('alerts:')) return;
    const { step, ...rest } = context;
    logger.error('guildkit', `${step} failed: ${error instanceof Error ? error.message : String(error)}`, rest);
  });
  return logger;
}
