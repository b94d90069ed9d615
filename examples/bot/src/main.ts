// `pnpm start`: the reference bot against Discord (or DISCORD_API_URL), configured from the
// environment. A configuration or start-up problem prints one line and exits 1; SIGTERM and
// SIGINT stop it cleanly with exit 0.

import { startBot } from './bot.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.env);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : `Configuration error: ${String(error)}`);
  process.exit(1);
}

const logger = createLogger(config.logLevel);
try {
  const bot = await startBot(config, logger, { processMetrics: true });
  logger.info({ healthPort: bot.healthPort }, 'health and metrics are served');
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    // Exit 1 when voice time could not be written: the bot has logged why.
    process.once(signal, () =>
      bot.shutdown(signal).then(
        () => process.exit(0),
        () => process.exit(1),
      ),
    );
  }
} catch (error) {
  // One line, the error's own words: a store that cannot open names its file; a refused token says so.
  console.error(`Start-up failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  process.exit(1);
}
