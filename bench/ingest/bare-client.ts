// The baseline of the ingest benchmark: a bare discord.js 14 client with the reference bot's
// intents, one empty `voiceStateUpdate` listener, and a `/ping` command it answers at once — the
// marker that proves it has taken in every event queued before it. Run as a child process by
// ingest.bench.ts, with DISCORD_TOKEN, DISCORD_API_URL, GUILD_ID and BENCH_INTENTS (a JSON array
// of intent bits) in the environment; prints `ready` once `/ping` is registered.
import { Client, Events, MessageFlags } from 'discord.js';

const { DISCORD_TOKEN, DISCORD_API_URL, GUILD_ID, BENCH_INTENTS } = process.env;
if (!DISCORD_TOKEN || !DISCORD_API_URL || !GUILD_ID || !BENCH_INTENTS) {
  console.error('bare-client: DISCORD_TOKEN, DISCORD_API_URL, GUILD_ID and BENCH_INTENTS are required');
  process.exit(1);
}

const client = new Client({ intents: JSON.parse(BENCH_INTENTS) as number[], rest: { api: DISCORD_API_URL } });
client.on(Events.VoiceStateUpdate, () => {});
client.on(Events.InteractionCreate, (interaction) => {
  if (interaction.isChatInputCommand())
    interaction.reply({ content: 'pong', flags: MessageFlags.Ephemeral }).catch(console.error);
});
client.once(Events.ClientReady, async (ready) => {
  await ready.application.commands.set([{ name: 'ping', description: 'Answers pong.' }], GUILD_ID);
  console.log('ready');
});
process.once('SIGTERM', () => {
  void client.destroy().finally(() => process.exit(0));
});
await client.login(DISCORD_TOKEN);
