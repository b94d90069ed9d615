// The guildkit reference bot under PM2: see docs/deploy.md.
//
//   pm2 start deploy/ecosystem.config.cjs     # from the built checkout (pnpm install --frozen-lockfile && pnpm build)
//   pm2 save && pm2 startup                   # start it again at boot
//
// One app, one process, in fork mode. Do not raise `instances` or use cluster mode: a PM2 instance is a
// whole bot, and each would connect every shard and count every voice minute again. With SHARDS the
// bot's own process starts the shard processes (discord.js's ShardingManager) and stops them itself.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { parseEnv } = require('node:util');

const checkout = join(__dirname, '..');
// The bot's configuration, as the systemd unit reads it (deploy/bot.env.example); GUILDKIT_ENV_FILE for another file.
const envFile = process.env.GUILDKIT_ENV_FILE ?? '/etc/guildkit/bot.env';

module.exports = {
  apps: [
    {
      name: 'guildkit-bot',
      cwd: checkout,
      script: 'examples/bot/scripts/start.mjs',
      // The Node.js 24 the checkout pins, with the young generation capped as `pnpm start` does.
      interpreter: join(checkout, 'node_modules', '.bin', 'node'),
      node_args: ['--max-semi-space-size=16'],
      exec_mode: 'fork',
      instances: 1,
      // Built once, beforehand (docs/deploy.md), unless the env file says BUILD_ON_START=on.
      env: { BUILD_ON_START: 'off', ...parseEnv(readFileSync(envFile, 'utf8')) },
      // Stopping: PM2 sends SIGINT to the bot and (treekill, its default) to every shard process; the
      // bot takes it as SIGTERM, and a shard process also stops on the manager's SIGTERM that follows.
      // Keep SIGINT: do not set PM2_KILL_SIGNAL=SIGTERM, as a second SIGTERM kills a shard process
      // while it writes. Whatever still runs after 45 s (10 s for a store that is down, 30 s a shard
      // process, and margin) gets SIGKILL, the shard processes too.
      kill_timeout: 45_000,
      // A start that fails (exit code 1 within 30 s: a bad configuration) is tried 10 times, then left stopped.
      autorestart: true,
      min_uptime: 30_000,
      max_restarts: 10,
      restart_delay: 5_000,
    },
  ],
};
