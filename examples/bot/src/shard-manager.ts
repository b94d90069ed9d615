// SHARDS: the bot as Discord shards in processes of their own, run by discord.js's ShardingManager
// (no sharding of our own). Each guild belongs to one shard, so its open voice sessions, job board
// and schedules live in one process; all of them share one PostgreSQL database and, through one REST
// proxy in this process, one limiter for Discord's per-token global limit. This process serves
// /healthz and /metrics for every shard, restarts a shard process that dies (discord.js's respawn),
// and on SIGTERM stops every shard process and waits for each to write what it holds.
import type { ChildProcess } from 'node:child_process';
import type { Worker } from 'node:worker_threads';
import { REST } from '@discordjs/rest';
import { type RESTGetAPIGatewayBotResult, Routes, type Shard, ShardingManager } from 'discord.js';
import type { Logger } from 'pino';
import {
  AggregatorRegistry,
  Counter,
  Gauge,
  type MetricObjectWithValues,
  type MetricValue,
  Registry,
} from 'prom-client';
import type { BotConfig } from './config.ts';
import { type ShardHealth, startHealthServer } from './health-server.ts';
import { startRestProxy } from './rest-proxy.ts';
import { isGuildkitMessage, type ShardAnswer } from './shard-process.ts';

/** A running shard manager. */
export interface RunningManager {
  readonly manager: ShardingManager;
  readonly healthPort: number;
  /** Stops every shard process (SIGTERM, each writing what it holds), then the proxy; resolves the exit code. */
  stop(reason: string): Promise<number>;
}

/** How long a shard process has to answer its manager. */
const ANSWER_MS = 2_000;
/** How long a shard process has to stop after SIGTERM before it is killed. */
const STOP_MS = 30_000;
/** Discord lets one shard of a rate-limit bucket identify every 5 s. */
const IDENTIFY_SPACING_MS = 5_500;

/**
 * Starts the shard processes of `file` (the bot's own main module) under a ShardingManager.
 *
 * @param file - the module each shard process runs: the bot's main, which starts one shard's bot there
 */
export async function startShardManager(config: BotConfig, logger: Logger, file: string): Promise<RunningManager> {
  const sharding = config.sharding;
  if (sharding === null) throw new TypeError('startShardManager needs SHARDS');
  // One limiter for every shard process: Discord's global limit is per token, not per process.
  const proxy = await startRestProxy({
    token: config.token,
    ...(config.apiUrl === undefined ? {} : { apiUrl: config.apiUrl }),
  });
  // The count Discord recommends and how many shards may identify at once, asked through the proxy
  // (discord.js's own `auto` would ask discord.com, whatever DISCORD_API_URL says).
  const gateway = (await new REST({ api: proxy.url })
    .setToken(config.token)
    .get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  const totalShards = sharding.shards === 'auto' ? gateway.shards : sharding.shards;
  const here = sharding.shardList === 'auto' ? totalShards : sharding.shardList.length;
  const delay = here <= gateway.session_start_limit.max_concurrency ? 0 : IDENTIFY_SPACING_MS;
  const manager = new ShardingManager(file, {
    token: config.token,
    totalShards,
    shardList: sharding.shardList === 'auto' ? 'auto' : [...sharding.shardList],
    mode: 'process',
    respawn: true,
    execArgv: process.execArgv,
  });

  const registry = new Registry();
  const restarts = new Counter({
    name: 'guildkit_shard_restarts_total',
    help: 'Shard processes that exited and were started again by the manager',
    labelNames: ['shard'],
    registers: [registry],
  });
  const up = new Gauge({
    name: 'guildkit_shard_up',
    help: 'Whether a shard process is running and its gateway ready (1), or not (0)',
    labelNames: ['shard'],
    registers: [registry],
  });
  const restartCounts = new Map<number, number>();
  let stopping = false;
  let asked = 0;
  const waiting = new Map<number, (answer: ShardAnswer) => void>();
  manager.on('shardCreate', (shard) => {
    (shard.env as NodeJS.ProcessEnv).DISCORD_API_URL = proxy.url;
    restartCounts.set(shard.id, 0);
    shard.on('spawn', (child: ChildProcess | Worker) =>
      logger.info({ shard: shard.id, pid: 'pid' in child ? child.pid : undefined }, 'shard process started'),
    );
    shard.on('ready', () => logger.info({ shard: shard.id }, 'shard ready'));
    shard.on('death', (child) => {
      if (stopping) return;
      restarts.inc({ shard: String(shard.id) });
      restartCounts.set(shard.id, (restartCounts.get(shard.id) ?? 0) + 1);
      const code = 'exitCode' in child ? child.exitCode : undefined;
      logger.error({ shard: shard.id, code }, 'shard process exited; the manager starts it again');
    });
    shard.on('error', (error) => logger.error({ err: error, shard: shard.id }, 'shard process error'));
    shard.on('message', (message: unknown) => {
      if (!isGuildkitMessage(message) || !('report' in message || 'metrics' in message || 'error' in message)) return;
      waiting.get(message.id)?.(message);
    });
  });

  /** Asks a shard process for its health or metrics; `undefined` if it is down or does not answer in time. */
  const ask = async (shard: Shard, guildkit: 'health' | 'metrics'): Promise<ShardAnswer | undefined> => {
    if (shard.process === null) return undefined;
    asked += 1;
    const id = asked;
    try {
      return await new Promise<ShardAnswer | undefined>((resolve) => {
        const timer = setTimeout(resolve, ANSWER_MS, undefined);
        waiting.set(id, (answer) => {
          clearTimeout(timer);
          resolve(answer);
        });
        shard.send({ guildkit, id }).catch(() => resolve(undefined));
      });
    } finally {
      waiting.delete(id);
    }
  };
  const shardHealth = async (shard: Shard): Promise<ShardHealth> => {
    const restartsSoFar = restartCounts.get(shard.id) ?? 0;
    if (shard.process === null) return { shard: shard.id, state: 'down', restarts: restartsSoFar };
    const answer = await ask(shard, 'health');
    const report = answer !== undefined && 'report' in answer ? answer.report : undefined;
    const detail = report !== undefined && 'gateway' in report ? { gateway: report.gateway, store: report.store } : {};
    const state = report?.ok === true ? 'ready' : 'starting';
    return { shard: shard.id, state, ...detail, restarts: restartsSoFar };
  };
  const check = async () => {
    const shards = await Promise.all([...manager.shards.values()].map(shardHealth));
    for (const { shard, state } of shards) up.set({ shard: String(shard) }, state === 'ready' ? 1 : 0);
    return { ok: shards.length > 0 && shards.every((shard) => shard.state === 'ready'), shards };
  };
  // Every shard's metrics, each labelled with its shard, and the manager's own.
  const metrics = {
    contentType: registry.contentType,
    async metrics() {
      await check(); // guildkit_shard_up as of now
      const answers = await Promise.all([...manager.shards.values()].map((shard) => ask(shard, 'metrics')));
      const all: MetricObjectWithValues<MetricValue<string>>[][] = [await registry.getMetricsAsJSON()];
      for (const answer of answers) if (answer !== undefined && 'metrics' in answer) all.push(answer.metrics);
      return AggregatorRegistry.aggregate(all).metrics();
    },
  };
  const health = await startHealthServer(config.healthPort, metrics, check).catch(async (error: unknown) => {
    await proxy.close();
    throw error;
  });
  logger.info({ totalShards, shardList: manager.shardList, delay }, 'starting shard processes');
  // Not waiting for each to be ready: /healthz says when they are, and a slow one is not an error.
  await manager.spawn({ amount: totalShards, delay, timeout: -1 });

  let stopped: Promise<number> | undefined;
  const stop = (reason: string) =>
    (stopped ??= (async () => {
      stopping = true;
      manager.respawn = false;
      logger.info({ reason }, 'stopping every shard process');
      const codes = await Promise.all([...manager.shards.values()].map((shard) => stopShard(shard, logger)));
      await health.close();
      await proxy.close();
      const failed = codes.filter((code) => code !== 0).length;
      if (failed > 0) logger.error({ failed }, 'shard processes that did not stop cleanly');
      else logger.info('every shard process stopped cleanly');
      return failed > 0 ? 1 : 0;
    })());
  return { manager, healthPort: health.port, stop };
}

/** SIGTERM to a shard process, which writes what it holds and exits; killed if it takes longer than 30 s. */
async function stopShard(shard: Shard, logger: Logger): Promise<number> {
  const child = shard.process;
  if (child === null || child.exitCode !== null) return 0;
  const exited = new Promise<number>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? (signal === null ? 0 : 1))),
  );
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    logger.error({ shard: shard.id }, `shard process still running ${STOP_MS / 1000} s after SIGTERM: killed`);
    child.kill('SIGKILL');
  }, STOP_MS);
  try {
    return await exited;
  } finally {
    clearTimeout(timer);
  }
}
