// A bot written from docs/getting-started.md, as a newcomer would: ESM.
import { createGuildkit, guildkitIntents } from '@guildkit/discord';
import { reportChart } from '@guildkit/discord/chart';
import { SqliteStore } from '@guildkit/sqlite-store';
import { Client } from 'discord.js';

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

process.once('SIGTERM', async () => {
  await guildkit.close();
  await client.destroy();
  await store.close();
  process.exit(0);
});
