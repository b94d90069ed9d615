// One shard's REST, in a process of its own (rest-proxy.test.ts): discord.js's REST at API_URL,
// with a global limit of GLOBAL_PER_SECOND if given (discord.js's 50 if not), sending COUNT messages
// round the CHANNEL_IDS as fast as it may once told "go" on stdin. Says "ready" first, and at the
// end one JSON line: how many were sent, and why any failed.
import { once } from 'node:events';
import { REST, Routes } from 'discord.js';

const { API_URL, DISCORD_TOKEN, GLOBAL_PER_SECOND, COUNT, CHANNEL_IDS } = process.env;
const channelIds = (CHANNEL_IDS ?? '').split(',');
const ownLimit = GLOBAL_PER_SECOND === undefined ? {} : { globalRequestsPerSecond: Number(GLOBAL_PER_SECOND) };
const rest = new REST({ api: API_URL ?? '', ...ownLimit }).setToken(DISCORD_TOKEN ?? '');

process.stdout.write('ready\n');
await once(process.stdin, 'data');
process.stdin.destroy();
const results = await Promise.allSettled(
  Array.from({ length: Number(COUNT) }, (_, n) =>
    rest.post(Routes.channelMessages(channelIds[n % channelIds.length] ?? ''), {
      body: { content: `${process.pid} #${n}` },
    }),
  ),
);
const failed = results.flatMap((result) => (result.status === 'rejected' ? [String(result.reason)] : []));
process.stdout.write(`${JSON.stringify({ sent: results.length - failed.length, failed })}\n`);
