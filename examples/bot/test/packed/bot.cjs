// A bot written from docs/getting-started.md and docs/dashboard.md, as a newcomer would: CommonJS.
const { createServer } = require('node:http');
const { createDashboard } = require('@guildkit/dashboard');
const { createGuildkit, guildkitIntents } = require('@guildkit/discord');
const { reportChart } = require('@guildkit/discord/chart');
const { SqliteStore } = require('@guildkit/sqlite-store');
const { Client } = require('discord.js');

async function main() {
  const store = await SqliteStore.open({ filename: './data/guildkit.db' });
  const options = {
    store,
    timeZone: 'Europe/Berlin',
    activity: true,
    jobBoard: { forumChannelId: process.env.FORUM_CHANNEL_ID },
    reports: {
      channelId: process.env.REPORT_CHANNEL_ID,
      schedule: { daily: process.env.DAILY_REPORT_CRON ?? '5 0 * * *' },
      chart: reportChart(),
    },
    commands: { register: { guildId: process.env.GUILD_ID } },
  };
  const client = new Client({
    intents: guildkitIntents(options),
    ...(process.env.DISCORD_API_URL && { rest: { api: process.env.DISCORD_API_URL } }),
  });
  const guildkit = createGuildkit(client, options);
  guildkit.on('error', (error, { step }) => console.error(`guildkit: ${step} failed:`, error));
  guildkit.ready.then(() => console.log('ready'));
  await client.login(process.env.DISCORD_TOKEN);

  const dashboard = await createDashboard(guildkit, {
    url: process.env.DASHBOARD_URL,
    oauth2: {
      clientSecret: process.env.DISCORD_CLIENT_SECRET,
      authorizeUrl: process.env.DISCORD_AUTHORIZE_URL,
      apiUrl: process.env.DISCORD_API_URL,
    },
    sessionSecret: process.env.DASHBOARD_SESSION_SECRET,
  });
  const server = createServer(dashboard.handle).listen(Number(new URL(process.env.DASHBOARD_URL).port));

  process.once('SIGTERM', async () => {
    server.close();
    await dashboard.close();
    await guildkit.close();
    await client.destroy();
    await store.close();
    process.exit(0);
  });
}

main();
