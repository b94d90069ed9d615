import {
  ActivityTracker,
  BatchLogger,
  type CloseOptions,
  type ErrorContext,
  isSnowflake,
  JobBoard,
  RateLimiter,
  ReportGenerator,
  storeLogSink,
} from '@guildkit/core';
import { type Client, Events } from 'discord.js';
import { EventEmitter } from 'eventemitter3';
import { GUILDKIT_COMMAND_NAMES } from '../commands/command-data.ts';
import type { GuildkitCommand } from '../commands/guildkit-command.ts';
import { buildCommands } from '../commands/guildkit-commands.ts';
import { type RegisteredCommands, registerCommands } from '../commands/register-commands.ts';
import { DiscordAdapter } from '../discord-adapter.ts';
import { ActivityLog } from '../features/activity-log.ts';
import { AntiSpam } from '../features/anti-spam.ts';
import { ReportScheduler } from '../features/report-scheduler.ts';
import { Translations } from '../i18n/translations.ts';
import { DiscordJobBoardPlatform } from '../job-board-platform.ts';
import { webhookLogSink } from '../webhook-sink.ts';
import { DEFAULT_CLOSE, type GuildkitEvents, type GuildkitOptions, type JobBoardFeature } from './guildkit-options.ts';
import { assertIntents } from './intents.ts';
import type { Runtime } from './runtime.ts';
import type { VoiceDelivery } from './voice-delivery.ts';
import { wire } from './wire-adapter.ts';

/**
 * guildkit on a discord.js client: the parts `createGuildkit` made, and one `close()`. Every part
 * stays usable on its own (`tracker.readTotals`, `board.open`, `scheduler.post`, ...).
 *
 * @example Shutting down in order
 * ```ts
 * process.once('SIGTERM', async () => {
 *   await guildkit.close(); // takes no more events, writes what it holds
 *   await client.destroy();
 *   await store.close();
 * });
 * ```
 */
export class Guildkit extends EventEmitter<GuildkitEvents> {
  /** Gateway events as guildkit's events. */
  public readonly adapter: DiscordAdapter;
  /** Voice time; with the activity feature. */
  public readonly tracker: ActivityTracker | undefined;
  /** The job board; with the jobBoard feature. */
  public readonly board: JobBoard | undefined;
  /** Reports computed on demand; with the reports feature. */
  public readonly reports: ReportGenerator | undefined;
  /** Scheduled reports; with a report channel and a schedule. */
  public readonly scheduler: ReportScheduler | undefined;
  /** The activity log; with the activityLog feature. */
  public readonly activityLog: ActivityLog | undefined;
  /** The anti-spam; with the antiSpam feature. */
  public readonly antiSpam: AntiSpam | undefined;
  /** The strings of every language on offer. */
  public readonly translations: Translations;
  /** The commands of the features on, in the discord.js guide's `{ data, execute }` shape. */
  public readonly commands: readonly GuildkitCommand[];
  /**
   * Resolves once the client is ready, the commands are registered (unless `commands.register` is
   * `false`) and the schedules run; rejects if registering fails (also emitted as `error`).
   */
  public readonly ready: Promise<RegisteredCommands | undefined>;
  readonly #client: Client;
  readonly #recordsOnly: BatchLogger | undefined;
  readonly #voice: VoiceDelivery;
  /** Error alerts to a webhook; with the alerts option. Records of the bot's own may go there too. */
  public readonly alerts: BatchLogger | undefined;
  #closing: Promise<void> | undefined;

  /** @internal Use {@link createGuildkit}. */
  public constructor(client: Client, options: GuildkitOptions) {
    super();
    const parts = build(client, options, this);
    this.#client = client;
    this.adapter = parts.adapter;
    this.tracker = parts.tracker;
    this.board = parts.board;
    this.reports = parts.reports;
    this.scheduler = parts.scheduler;
    this.activityLog = parts.activityLog;
    this.antiSpam = parts.antiSpam;
    this.translations = parts.translations;
    this.commands = parts.commands;
    this.#recordsOnly = parts.recordsOnly;
    this.#voice = parts.voice;
    this.alerts = parts.alerts;
    this.ready = this.#whenReady(options);
    this.ready.catch(() => {}); // emitted as `error`; a caller who awaits it sees the rejection
  }

  /**
   * Registers the commands of the features on, beside the bot's own (see `registerCommands`).
   *
   * @param options - `guildId` for one guild; globally by default
   */
  public registerCommands(options: { readonly guildId?: string } = {}): Promise<RegisteredCommands> {
    if (!this.#client.isReady()) throw new Error('registerCommands() needs a logged-in, ready client');
    return registerCommands(this.#client, { ...options, commands: this.commands });
  }

  /**
   * Stops everything in order: takes no more events, stops the anti-spam and the schedules,
   * writes the job posts and the activity log while REST still works, then checkpoints and writes
   * all voice time, retrying a store that is down for `timeoutMs` (default 10 s). Destroy the
   * client and close the store after it. Calling it again waits for the first call.
   *
   * @throws the store's error, if voice time could not be written within `timeoutMs`
   */
  public close(options: CloseOptions = {}): Promise<void> {
    this.#closing ??= (async () => {
      const { timeoutMs } = { ...DEFAULT_CLOSE, ...options };
      this.adapter.detach();
      this.adapter.removeAllListeners();
      this.#voice.deliver(); // the voice events of this turn, not yet handed on
      await this.antiSpam?.detach();
      this.scheduler?.stop();
      await this.board?.close({ timeoutMs });
      await this.activityLog?.close().catch((error: unknown) => this.#failed(error, { step: 'activity-log:close' }));
      await this.#recordsOnly?.close().catch((error: unknown) => this.#failed(error, { step: 'activity-log:close' }));
      try {
        await this.tracker?.close({ timeoutMs });
      } finally {
        // Last, so that a failure of the steps before still goes out.
        await this.alerts?.close({ timeoutMs: Math.min(timeoutMs, 5_000) }).catch(() => {});
      }
    })();
    return this.#closing;
  }

  #failed(error: unknown, context: ErrorContext): void {
    this.emit('error', error, context);
  }

  async #whenReady(options: GuildkitOptions): Promise<RegisteredCommands | undefined> {
    if (!this.#client.isReady()) await new Promise((resolve) => this.#client.once(Events.ClientReady, resolve));
    if (this.#closing !== undefined) return undefined;
    this.scheduler?.start();
    const register = options.commands?.register ?? true;
    if (register === false || this.commands.length === 0) return undefined;
    try {
      return await this.registerCommands(typeof register === 'object' ? { guildId: register.guildId } : {});
    } catch (error) {
      this.#failed(error, { step: 'commands:register' });
      throw error;
    }
  }
}

/**
 * Gives a discord.js bot guildkit's features in one call: voice-activity tracking and `/activity`,
 * the job board (`/job`), reports (`/report` and schedules posted once per period), the activity
 * log and the anti-spam, each opt-in. It attaches to the client (logged in or not yet), restores
 * each guild as it becomes available, answers its own commands (only those) in each member's
 * language, registers them beside the bot's own when the client is ready, and returns the parts and
 * one `close()`.
 *
 * @param client - a discord.js client with the intents the features need (see `guildkitIntents`)
 * @param options - the store, the community's settings, and the features
 * @throws `MissingIntentsError` when the client lacks an intent a feature needs; `TypeError` for a bad option
 *
 * @example A bot with every feature
 * ```ts
 * import { Client } from 'discord.js';
 * import { SqliteStore } from '@guildkit/sqlite-store';
 * import { createGuildkit, guildkitIntents } from '@guildkit/discord';
 * import { reportChart } from '@guildkit/discord/chart';
 *
 * const store = await SqliteStore.open({ filename: './data/guildkit.db' });
 * const options = {
 *   store,
 *   timeZone: 'Europe/Berlin',
 *   activity: true,
 *   reports: { channelId: process.env.REPORT_CHANNEL_ID, schedule: { weekly: '5 0 * * 1' }, chart: reportChart() },
 *   jobBoard: { forumChannelId: process.env.FORUM_CHANNEL_ID },
 * };
 * const client = new Client({ intents: guildkitIntents(options) });
 * const guildkit = createGuildkit(client, options);
 * guildkit.on('error', (error, { step }) => console.warn(step, error));
 * await client.login(process.env.DISCORD_TOKEN);
 * ```
 */
export function createGuildkit(client: Client, options: GuildkitOptions): Guildkit {
  return new Guildkit(client, options);
}

interface Parts {
  readonly adapter: DiscordAdapter;
  readonly tracker: ActivityTracker | undefined;
  readonly board: JobBoard | undefined;
  readonly reports: ReportGenerator | undefined;
  readonly scheduler: ReportScheduler | undefined;
  readonly activityLog: ActivityLog | undefined;
  readonly antiSpam: AntiSpam | undefined;
  readonly recordsOnly: BatchLogger | undefined;
  readonly alerts: BatchLogger | undefined;
  readonly translations: Translations;
  readonly commands: GuildkitCommand[];
  readonly voice: VoiceDelivery;
}

/** Checks the options and makes the parts, wired to the client and to `events`. */
function build(client: Client, options: GuildkitOptions, events: Guildkit): Parts {
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
  const jobBoard = options.jobBoard === false ? undefined : options.jobBoard;
  const reports = feature(options.reports);
  const activityLog = feature(options.activityLog);
  const antiSpamOptions = feature(options.antiSpam);
  if (reports !== undefined && activity === undefined) {
    throw new TypeError('GuildkitOptions.reports needs the activity feature: add activity: true');
  }
  const id = (value: unknown, option: string, what: string) => {
    if (!isSnowflake(value))
      throw new TypeError(
        `GuildkitOptions.${option} must be the id of ${what} (a string of digits); received ${String(value)}`,
      );
  };
  if (jobBoard !== undefined) id(jobBoard.forumChannelId, 'jobBoard.forumChannelId', 'a forum channel');
  if (jobBoard?.categoryId != null) id(jobBoard.categoryId, 'jobBoard.categoryId', 'a category');
  if (reports?.channelId !== undefined) id(reports.channelId, 'reports.channelId', 'a text channel');
  if (reports?.schedule !== undefined && reports.channelId === undefined) {
    throw new TypeError(
      'GuildkitOptions.reports.schedule needs reports.channelId, the channel scheduled reports are posted to',
    );
  }
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

  const adapter = new DiscordAdapter({ client, now });
  const tracker = activity === undefined ? undefined : new ActivityTracker({ ...activity, store, now, timeZone });
  tracker?.on('error', failed('activity'));
  tracker?.on('invalidEvent', (_event, reason) => events.emit('invalidEvent', { source: 'activity', reason }));
  const board = jobBoard === undefined ? undefined : makeBoard(client, jobBoard, options, translations, now);
  board?.on('error', failed('job-board'));
  const generator =
    reports === undefined || tracker === undefined
      ? undefined
      : new ReportGenerator({
          read: (query) => tracker.readTotals({ ...query, includeLive: true }),
          timeZone,
          weekStartsOn,
          now,
        });
  const log =
    activityLog === undefined
      ? undefined
      : new ActivityLog({
          client,
          store,
          channelId: activityLog.channelId,
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
        }).attach(client);
  const scheduler =
    generator === undefined || reports?.channelId === undefined || reports.schedule === undefined
      ? undefined
      : new ReportScheduler({
          client,
          store,
          generator,
          channelId: reports.channelId,
          roleId: reports.roleId ?? null,
          schedule: reports.schedule,
          timeZone,
          translations,
          chart: reports.chart,
          now,
          failed: failed('reports'),
          posted: (post) => events.emit('reportPosted', post),
        });
  const cooldownMs = options.commands?.cooldownMs ?? 0;
  const runtime: Runtime = {
    client,
    translations,
    now,
    weekStartsOn,
    tracker,
    board,
    reports:
      generator === undefined
        ? undefined
        : { generator, permission: reports?.permission ?? 'ManageGuild', chart: reports?.chart },
    cooldowns: cooldownMs > 0 ? new RateLimiter({ capacity: 1, refillMs: cooldownMs, now }) : undefined,
    failed: (error, context) => events.emit('error', error, context),
    answered: (outcome) => events.emit('command', outcome),
  };
  const names = GUILDKIT_COMMAND_NAMES.filter(
    (name) => ({ activity: tracker, job: board, report: generator })[name] !== undefined,
  );
  const commands = buildCommands(names, runtime);
  const answer = options.commands?.answer ?? true;
  const answerUnknownButtons = options.commands?.answerUnknownButtons ?? false;
  const voice = wire(adapter, {
    client,
    tracker,
    board,
    jobBoard,
    log,
    events,
    translations,
    commands,
    answer,
    answerUnknownButtons,
  });
  adapter.attach();
  return {
    adapter,
    tracker,
    board,
    reports: generator,
    scheduler,
    activityLog: log,
    antiSpam,
    recordsOnly,
    alerts: makeAlerts(options, events, now),
    translations,
    commands,
    voice,
  };
}

function makeBoard(
  client: Client,
  feature: JobBoardFeature,
  options: GuildkitOptions,
  translations: Translations,
  now: () => number,
): JobBoard {
  const { forumChannelId, categoryId = null, tagIds = [], ...boardOptions } = feature;
  const channels = { forumChannelId, categoryId };
  return new JobBoard({
    ...boardOptions,
    store: options.store,
    platform: new DiscordJobBoardPlatform({ client, translations, appliedTagIds: tagIds }),
    // The board works in its forum's guild (any guild while the forum is not in the cache yet).
    channels: (guildId) => {
      const forumGuildId = (client.channels.cache.get(forumChannelId) as { guildId?: string } | undefined)?.guildId;
      return forumGuildId === undefined || forumGuildId === guildId ? channels : undefined;
    },
    now,
  });
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
