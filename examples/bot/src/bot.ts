import type { GuildkitStore } from '@guildkit/core';
import type { Dashboard } from '@guildkit/dashboard';
import { createGuildkit, type Guildkit, guildkitIntents, type RegisteredCommands } from '@guildkit/discord';
import { reportChart } from '@guildkit/discord/chart';
import { Client, Events } from 'discord.js';
import type { Logger } from 'pino';
import type { BotConfig, DatabaseTarget } from './config.ts';
import { type HealthReport, startHealthServer } from './health-server.ts';
import { type BotMetrics, createMetrics, observe } from './metrics.ts';
import { answerManager } from './shard-process.ts';

/** A running bot and the way to stop it. */
export interface RunningBot {
  readonly client: Client;
  readonly store: GuildkitStore;
  readonly guildkit: Guildkit;
  readonly metrics: BotMetrics;
  /** The port /healthz and /metrics answer on; in a shard process, the manager answers for it (`undefined`). */
  readonly healthPort: number | undefined;
  /** Resolves once the gateway is ready and the commands are registered. */
  readonly ready: Promise<RegisteredCommands | undefined>;
  /** Stops taking events, then writes and closes everything; calling it again waits for the first. */
  shutdown(reason: string): Promise<void>;
}

/** Opens the store, connects to Discord with guildkit's features, and serves /healthz and /metrics. */
export async function startBot(
  config: BotConfig,
  logger: Logger,
  options: { readonly processMetrics?: boolean; readonly now?: () => number } = {},
): Promise<RunningBot> {
  const { store, scheduleBackups } = await openStore(config.database, config.databaseIfMissing);
  // In a shard process discord.js's ShardingManager gives the shard ids (SHARDS, SHARD_COUNT): the
  // client connects those, and only the process with shard 0 registers the commands.
  const shardIds = shardIdsOf(process.env);
  const commands = { ...config.guildkit.commands, ...(shardIds?.includes(0) === false ? { register: false } : {}) };
  const reports = { ...config.guildkit.reports, chart: reportChart() };
  const settings = { ...config.guildkit, store, reports, commands };
  const rest = config.apiUrl === undefined ? {} : { rest: { api: config.apiUrl } }; // a REST proxy, or the fake
  const client = new Client({ intents: guildkitIntents(settings), ...rest });
  const guildkit = createGuildkit(client, options.now === undefined ? settings : { ...settings, now: options.now });
  const counted = () => guildkit.adapter.stats().voiceStates;
  const metrics = createMetrics(() => client.ws.ping, options.processMetrics ?? false, counted);
  if (shardIds !== undefined) metrics.registry.setDefaultLabels({ shard: shardIds.join(',') });
  observe(guildkit, metrics, logger);
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord.js error'));
  client.once(Events.ClientReady, (ready) => logger.info({ user: ready.user.tag }, 'connected to Discord'));
  guildkit.ready.then((commands) => logger.info({ commands }, 'ready')).catch(() => {}); // failures: `error`

  const checkStore = () => {
    const stop = metrics.storeCheckSeconds.startTimer();
    const failed = (error: Error) => {
      logger.error({ err: error }, 'the store failed its health check');
      return `error: ${error.message}`;
    };
    return store
      .readRecentLogs({ limit: 1 })
      .then(() => 'ok', failed)
      .finally(stop);
  };
  // Ready once the gateway is and the commands are registered (or registering failed, which is
  // logged): a probe that says ready means members can use the commands.
  let registered = false;
  const settle = () => {
    registered = true;
  };
  guildkit.ready.then(settle, settle);
  const check = async (): Promise<HealthReport> => {
    const storeState = await checkStore();
    const gateway = client.isReady() && registered ? 'ready' : 'not ready';
    return { ok: gateway === 'ready' && storeState === 'ok', gateway, store: storeState };
  };
  let health: { readonly port: number | undefined; close(): Promise<void> } | undefined;
  let dashboard: Dashboard | undefined;
  try {
    if (config.dashboard !== null) dashboard = await startDashboard(guildkit, config, logger, options.now);
    // A shard process answers its manager, which serves /healthz and /metrics for all shards.
    health =
      shardIds === undefined
        ? await startHealthServer(config.healthPort, metrics.registry, check, dashboard?.handle)
        : answerManager(metrics.registry, check);
    await client.login(config.token);
  } catch (error) {
    await guildkit.close({ timeoutMs: 0 }).catch(() => {});
    await Promise.all([health?.close(), dashboard?.close(), client.destroy(), store.close()]);
    throw error;
  }
  const server = health;
  // Online backups of a SQLite file (BACKUP_*); a failure is reported as guildkit's are: logged, counted, alerted.
  const backups = config.backups ? scheduleBackups?.(config.backups) : undefined;
  backups?.on('error', (error, context) => guildkit.emit('error', error, context));
  backups?.on('backup', (backup) => logger.info(backup, 'database backed up'));
  let stopping: Promise<void> | undefined;
  const shutdown = (reason: string) =>
    (stopping ??= (async () => {
      logger.info({ reason }, 'shutting down');
      await server.close();
      await dashboard?.close();
      try {
        await guildkit.close({ timeoutMs: 10_000 }); // writes every second of voice time, or says why not
      } catch (error) {
        logger.error({ err: error }, 'voice activity could not be written before shutdown');
        throw error;
      } finally {
        await client.destroy();
        await backups?.close();
        await store.close();
      }
      logger.info('stopped cleanly');
    })());
  return { client, store, guildkit, metrics, healthPort: server.port, ready: guildkit.ready, shutdown };
}

/** The dashboard over this bot's guildkit, logging to the bot's log (sign-ins, refused sign-ins, failures). */
async function startDashboard(
  guildkit: Guildkit,
  config: BotConfig,
  logger: Logger,
  now: (() => number) | undefined,
): Promise<Dashboard> {
  const settings = config.dashboard as NonNullable<BotConfig['dashboard']>;
  const { createDashboard } = await import('@guildkit/dashboard');
  const oauth2 = {
    clientSecret: settings.clientSecret,
    ...(settings.authorizeUrl === undefined ? {} : { authorizeUrl: settings.authorizeUrl }),
    ...(config.apiUrl === undefined ? {} : { apiUrl: config.apiUrl }),
  };
  return createDashboard(guildkit, {
    url: settings.url,
    oauth2,
    sessionSecret: settings.sessionSecret,
    logger: logger.child({ component: 'dashboard' }),
    ...(now === undefined ? {} : { now }),
  });
}

/** The shard ids discord.js's ShardingManager gave this process, if it is one of its shard processes. */
function shardIdsOf(env: NodeJS.ProcessEnv): number[] | undefined {
  if (env.SHARDING_MANAGER === undefined || env.SHARDS === undefined) return undefined;
  const ids = JSON.parse(env.SHARDS) as number | number[];
  return Array.isArray(ids) ? ids : [ids];
}

/** Opens the configured store, loading only its package (a SQLite bot never loads PostgreSQL's 10 MiB driver). */
async function openStore(target: DatabaseTarget, ifMissing: 'create' | 'fail') {
  if (target.kind === 'postgres') {
    const { PostgresStore } = await import('@guildkit/postgres-store');
    return { store: (await PostgresStore.open({ connectionString: target.url, ifMissing })) as GuildkitStore };
  }
  const sqlite = await import('@guildkit/sqlite-store');
  const store = await sqlite.SqliteStore.open({ filename: target.filename, ifMissing });
  return { store, scheduleBackups: (backups: BotConfig['backups'] & {}) => sqlite.scheduleBackups(store, backups) };
}
