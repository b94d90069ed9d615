// `pnpm start`: the reference bot against Discord (or DISCORD_API_URL), configured from the environment.
// A configuration or start-up problem prints one line and exits 1; SIGTERM and SIGINT stop it with exit 0.
// With SHARDS, this process is the shard manager, and each shard process runs this same file.

import { fileURLToPath } from 'node:url';
import { StoreMissingError } from '@guildkit/core';
import { startBot } from './bot.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { startShardManager } from './shard-manager.ts';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.env);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Configuration error: ${String(error)}`);
  process.exit(1);
}

const logger = createLogger(config.logLevel);
if (config.sharding !== null && process.env.SHARDING_MANAGER === undefined) await manage();
else await run();

/** The shard manager: starts the shard processes and serves /healthz and /metrics for all of them. */
async function manage(): Promise<void> {
  try {
    const running = await startShardManager(config, logger, fileURLToPath(import.meta.url));
    logger.info({ healthPort: running.healthPort }, 'health and metrics of every shard are served');
    // `on`, not `once`: a second signal (Ctrl-C, then systemd's SIGTERM) waits for the same stop.
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.on(signal, () => void running.stop(signal).then((code) => process.exit(code)));
    }
  } catch (error) {
    console.error(`Start-up failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    process.exit(1);
  }
}

/** One bot: the whole of it, or one shard process's share. */
async function run(): Promise<void> {
  // A shard process's lines say which shard they come from.
  const shard = process.env.SHARDING_MANAGER === undefined ? undefined : process.env.SHARDS;
  const log = shard === undefined ? logger : logger.child({ shard: Number(shard) });
  try {
    const bot = await startBot(config, log, { processMetrics: true });
    if (bot.healthPort !== undefined) log.info({ healthPort: bot.healthPort }, 'health and metrics are served');
    // Exit 1 when voice time could not be written: the bot has logged why.
    const stop = async (reason: string, code: number) => {
      const failed = await bot.shutdown(reason).catch(() => true);
      process.exit(failed === true ? 1 : code);
    };
    // `on`, not `once`: a process signalled twice (itself and its group, or a terminal's SIGINT and
    // its manager's SIGTERM) waits for the shutdown the first began instead of dying mid-write.
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => stop(signal, 0));
    // Last resort, for what got past guildkit's guards: write what the bot holds, say why, exit 1.
    for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
      process.on(event, (error: unknown) => {
        console.error(`Stopping after an ${event}: ${error instanceof Error ? error.message : String(error)}`);
        void stop(event, 1);
      });
    }
  } catch (error) {
    // One line, the error's own words: a store that cannot open names its file; a refused token says so.
    const why = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const hint = error instanceof StoreMissingError ? ' On a first start, set DATABASE_CREATE=on once.' : '';
    console.error(`Start-up failed: ${why}${hint}`);
    process.exit(1);
  }
}
