import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  ActivityTracker,
  type GuildkitStore,
  JobBoard,
  RateLimiter,
  ReportGenerator,
  type VoiceStateEvent,
} from '@guildkit/core';
import {
  DiscordAdapter,
  DiscordJobBoardPlatform,
  JOB_CLOSE_BUTTON,
  missingJobBoardPermissions,
  registerCommands,
} from '@guildkit/discord';
import { PostgresStore } from '@guildkit/postgres-store';
import { SqliteStore } from '@guildkit/sqlite-store';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { Logger } from 'pino';
import { ActivityLog } from './activity-log.ts';
import { AntiSpam } from './anti-spam.ts';
import { answerCommand, replyPrivately } from './commands/answer-command.ts';
import { answerJobButton, answerJobCommand } from './commands/job-command.ts';
import type { BotConfig, DatabaseTarget } from './config.ts';
import { type HealthReport, startHealthServer } from './health-server.ts';
import { messages } from './messages.ts';
import { type BotMetrics, createMetrics } from './metrics.ts';
import { answerReportCommand, ReportScheduler } from './reports.ts';

/** A running bot and the way to stop it. */
export interface RunningBot {
  readonly client: Client;
  readonly store: GuildkitStore;
  readonly adapter: DiscordAdapter;
  readonly tracker: ActivityTracker;
  /** The job board; `undefined` without FORUM_CHANNEL_ID. */
  readonly board: JobBoard | undefined;
  readonly reports: ReportGenerator;
  readonly scheduler: ReportScheduler;
  readonly activityLog: ActivityLog;
  /** The anti-spam; `undefined` with ANTISPAM=off. */
  readonly antiSpam: AntiSpam | undefined;
  readonly metrics: BotMetrics;
  /** The port /healthz and /metrics answer on. */
  readonly healthPort: number;
  /** Resolves once the gateway is ready and the commands are registered, with how many there are. */
  readonly ready: Promise<number>;
  /** Stops taking events, then flushes and closes everything; calling it again waits for the first. */
  shutdown(reason: string): Promise<void>;
}

const INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildVoiceStates,
  GatewayIntentBits.GuildMembers,
  GatewayIntentBits.GuildMessages,
];

/** Opens the store, connects to Discord and serves /healthz and /metrics. */
export async function startBot(
  config: BotConfig,
  logger: Logger,
  options: {
    readonly processMetrics?: boolean;
    /** The bot's clock, epoch ms: voice times, days and commands use it. @defaultValue Date.now */
    readonly now?: () => number;
  } = {},
): Promise<RunningBot> {
  const now = options.now ?? Date.now;
  const store = await openStore(config.database);
  const client = new Client({
    intents: INTENTS,
    ...(config.apiUrl === undefined ? {} : { rest: { api: config.apiUrl } }),
  });
  const metrics = createMetrics(() => client.ws.ping, options.processMetrics ?? false);
  const adapter = new DiscordAdapter({ client, now }).attach();
  const tracker = new ActivityTracker({
    store,
    timeZone: config.timeZone,
    checkpointIntervalMs: config.checkpointIntervalMs,
    now,
  });
  tracker.on('flush', (report) => metrics.storeFlushSeconds.observe(report.durationMs / 1000));
  tracker.on('error', (error, context) => {
    metrics.errors.inc({ source: context.step === 'flush' ? 'store_flush' : context.step });
    logger.warn({ err: error, ...context }, `voice activity: ${context.step} failed; kept in memory and retried`);
  });
  tracker.on('invalidEvent', (_event, reason) => metrics.invalidEvents.inc({ source: `tracker: ${reason}` }));
  const board = startJobBoard(config, { client, store, logger, metrics, now });
  const activityLog = new ActivityLog({ config, store, client, logger, metrics, now });
  if (board !== undefined) activityLog.follow(board);
  const antiSpam =
    config.antiSpam === null
      ? undefined
      : new AntiSpam(config.antiSpam, activityLog.logger, metrics, now).attach(client);
  const cooldowns =
    config.commandCooldownMs > 0
      ? new RateLimiter({ capacity: 1, refillMs: config.commandCooldownMs, now })
      : undefined;
  // Reports read through the tracker: time not yet written, and open sessions, count too.
  const reports = new ReportGenerator({
    read: (query) => tracker.readTotals({ ...query, includeLive: true }),
    timeZone: config.timeZone,
    weekStartsOn: config.reportWeekStartsOn,
    now,
  });
  const scheduler = new ReportScheduler({ client, store, reports, config, logger, metrics, now });
  adapter.on('voiceState', (event) => {
    tracker.apply(event);
    board?.apply(event);
    activityLog.voice(event);
    metrics.gatewayEvents.inc({ type: 'voice_state' });
    logger.debug({ guildId: event.guildId, userId: event.userId, channel: event.channel?.name ?? null }, 'voice state');
  });
  adapter.on('voiceSnapshot', (snapshot) => {
    void tracker.restore(snapshot.guildId, snapshot.states, snapshot.at); // never rejects: failures are emitted
    if (board !== undefined) restoreJobBoard(board, snapshot, { client, config, logger, metrics });
    activityLog.snapshot(snapshot.states);
    metrics.gatewayEvents.inc({ type: 'voice_snapshot' });
    logger.info({ guildId: snapshot.guildId, inVoice: snapshot.states.length }, 'guild voice snapshot');
  });
  adapter.on('channelDelete', (event) => {
    metrics.gatewayEvents.inc({ type: 'channel_delete' });
    void board?.channelDeleted(event);
  });
  adapter.on('button', (press) => {
    if (press.customId !== JOB_CLOSE_BUTTON) return;
    answerJobButton(press, board).catch((error: unknown) => {
      metrics.errors.inc({ source: 'button' });
      logger.error({ err: error }, 'answering a button failed');
    });
  });
  adapter.on('command', (use) => {
    metrics.gatewayEvents.inc({ type: 'command' });
    const wait = cooldowns?.tryTake(`${use.guildId}:${use.userId}:${use.name}:${use.subcommand}`).retryAfterMs ?? 0;
    if (wait > 0) {
      metrics.cooldowns.inc({ command: use.name });
      replyPrivately(use, messages[use.locale].cooldown(Math.ceil(wait / 1000))).catch(() => {});
      return;
    }
    const answer =
      use.name === 'job'
        ? answerJobCommand(use, board)
        : use.name === 'report'
          ? answerReportCommand(use, reports, config.reportPermission)
          : answerCommand(use, { tracker, now });
    answer.then(
      () => metrics.commands.inc({ command: use.name }),
      (error: unknown) => {
        metrics.errors.inc({ source: 'command' });
        logger.error({ err: error, command: use.name }, 'answering a command failed');
      },
    );
  });
  adapter.on('invalidEvent', (event) => {
    metrics.invalidEvents.inc({ source: event.source });
    logger.warn(event, 'dropped a malformed gateway event');
  });
  adapter.on('handlerError', (error, event) => {
    metrics.errors.inc({ source: event });
    logger.error({ err: error, event }, 'a handler failed');
  });
  client.on(Events.Error, (error) => {
    metrics.errors.inc({ source: 'discord.js' });
    logger.error({ err: error }, 'discord.js error');
  });

  const ready = new Promise<number>((resolve, reject) => {
    client.once(Events.ClientReady, (readyClient) => {
      logger.info({ user: readyClient.user.tag, guilds: readyClient.guilds.cache.size }, 'connected to Discord');
      registerCommands(readyClient, config.guildId).then(
        (count) => {
          logger.info({ count, scope: config.guildId ?? 'global' }, 'slash commands registered');
          scheduler.start();
          resolve(count);
        },
        (error: unknown) => {
          metrics.errors.inc({ source: 'register_commands' });
          reject(error);
        },
      );
    });
  });
  ready.catch((error: unknown) => logger.error({ err: error }, 'registering slash commands failed'));

  let health: Awaited<ReturnType<typeof startHealthServer>> | undefined;
  try {
    health = await startHealthServer(config.healthPort, () => checkHealth(client, store, metrics), metrics.registry);
    await client.login(config.token);
  } catch (error) {
    adapter.detach();
    await health?.close();
    await client.destroy();
    await store.close();
    throw error;
  }
  const server = health;

  let stopping: Promise<void> | undefined;
  return {
    client,
    store,
    adapter,
    tracker,
    board,
    reports,
    scheduler,
    activityLog,
    antiSpam,
    metrics,
    healthPort: server.port,
    ready,
    shutdown(reason) {
      stopping ??= (async () => {
        logger.info({ reason }, 'shutting down');
        adapter.detach(); // take no more events
        await antiSpam?.detach();
        scheduler.stop();
        await server.close();
        await board?.close(); // pending post edits written while REST still works; listings stay open
        // The activity log's last records, to the channel too while REST still works.
        await activityLog
          .close()
          .catch((error: unknown) => logger.error({ err: error }, 'the activity log lost records'));
        await client.destroy();
        try {
          // Every open session checkpointed, all time written; a store that is down gets 10 s to return.
          await tracker.close({ timeoutMs: 10_000 });
        } catch (error) {
          logger.error(
            { err: error, pending: tracker.stats().pending },
            'voice activity could not be written before shutdown',
          );
          await store.close();
          throw error;
        }
        await store.close();
        logger.info('stopped cleanly');
      })();
      return stopping;
    },
  };
}

interface JobBoardDeps {
  readonly client: Client;
  readonly store: GuildkitStore;
  readonly logger: Logger;
  readonly metrics: BotMetrics;
  readonly now: () => number;
}

/** The job board, when a forum is configured: rooms under VOICE_CATEGORY_ID, posts tagged JOB_TAG_ID. */
function startJobBoard(config: BotConfig, { client, store, logger, metrics, now }: JobBoardDeps): JobBoard | undefined {
  const { forumChannelId } = config;
  if (forumChannelId === undefined) return undefined;
  const board = new JobBoard({
    store,
    platform: new DiscordJobBoardPlatform({
      client,
      ...(config.jobTagId === undefined ? {} : { appliedTagIds: [config.jobTagId] }),
    }),
    channels: () => ({ forumChannelId, categoryId: config.voiceCategoryId ?? null }),
    idleTimeoutMs: config.jobIdleTimeoutMs,
    now,
  });
  board.on('error', (error, context) => {
    metrics.errors.inc({ source: `job_board_${context.step}` });
    logger.warn({ err: error, ...context }, 'a job board step failed; the board carries on');
  });
  board.on('opened', (listing) =>
    logger.info({ postId: listing.postId, ownerId: listing.ownerId }, 'job listing opened'),
  );
  board.on('closed', (listing, reason) => logger.info({ postId: listing.postId, reason }, 'job listing closed'));
  return board;
}

/** On each guild snapshot: says which permissions the board lacks there, and picks its listings up again. */
function restoreJobBoard(
  board: JobBoard,
  snapshot: { readonly guildId: string; readonly states: readonly VoiceStateEvent[]; readonly at: number },
  { client, config, logger, metrics }: Pick<JobBoardDeps, 'client' | 'logger' | 'metrics'> & { config: BotConfig },
): void {
  const channels = { forumChannelId: config.forumChannelId as string, categoryId: config.voiceCategoryId ?? null };
  for (const gap of missingJobBoardPermissions(client, snapshot.guildId, channels)) {
    logger.error(
      { guildId: snapshot.guildId, where: gap.where, channelId: gap.channelId, missing: gap.missing },
      `the job board cannot work here: the bot lacks ${gap.missing.join(', ')} in the ${gap.where} ${gap.channelId ?? '(the server)'}`,
    );
  }
  board.restore(snapshot.guildId, snapshot.states, snapshot.at).catch((error: unknown) => {
    metrics.errors.inc({ source: 'job_board_restore' });
    logger.error({ err: error, guildId: snapshot.guildId }, 'picking up job listings failed');
  });
}

async function openStore(target: DatabaseTarget): Promise<GuildkitStore> {
  if (target.kind === 'postgres') return PostgresStore.open({ connectionString: target.url });
  if (target.filename !== ':memory:') mkdirSync(dirname(target.filename), { recursive: true });
  return SqliteStore.open({ filename: target.filename });
}

async function checkHealth(client: Client, store: GuildkitStore, metrics: BotMetrics): Promise<HealthReport> {
  const stopTimer = metrics.storeCheckSeconds.startTimer();
  let storeState = 'ok';
  try {
    await store.readRecentLogs({ limit: 1 });
  } catch (error) {
    storeState = `error: ${(error as Error).message}`;
  } finally {
    stopTimer();
  }
  const gateway = client.isReady() ? 'ready' : 'not ready';
  return {
    ok: gateway === 'ready' && storeState === 'ok',
    gateway,
    store: storeState,
    uptimeSeconds: Math.round(process.uptime()),
  };
}
