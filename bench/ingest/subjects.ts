// The two processes the ingest benchmark compares: the reference bot, started as its users start
// it (every feature on), and the bare discord.js client beside it.
import { readFileSync } from 'node:fs';
import { guildkitIntents } from '@guildkit/discord';
import type { FakeDiscord } from '@guildkit/fake-discord';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { ProcessSpec } from './client-process.ts';
import type { CommunityIds } from './community.ts';

/** Which process a trial measures. */
export type Subject = 'bot' | 'bare';

const BOT_FOLDER = new URL('../../examples/bot/', import.meta.url);

/**
 * Node's arguments in the bot's `start` script (examples/bot/package.json), its script's path made
 * absolute: the benchmark starts the bot with exactly the flags `pnpm start` gives it.
 */
export function startArguments(): string[] {
  const manifest = JSON.parse(readFileSync(new URL('package.json', BOT_FOLDER), 'utf8')) as {
    scripts: { start: string };
  };
  const [command, ...args] = manifest.scripts.start.trim().split(/\s+/);
  if (command !== 'node') throw new Error(`the bot's start script does not run node: ${manifest.scripts.start}`);
  return args.map((arg) => (arg.startsWith('-') ? arg : new URL(arg, BOT_FOLDER).pathname));
}
const BARE_CLIENT = new URL('./bare-client.ts', import.meta.url).pathname;

/** Where the bot keeps its data in a trial: a SQLite file, or a PostgreSQL database URL. */
export interface BotDatabase {
  /** `sqlite:<file>` or `postgres://…`, as `DATABASE_URL`. */
  readonly url: string;
  /** A folder of the trial's own, for SQLite backups. */
  readonly folder: string;
}

/** The slash command each subject answers: the bot's own `/activity`, the bare client's `/ping`. */
export const MARKER_COMMAND: Readonly<Record<Subject, string>> = { bot: 'activity', bare: 'ping' };

/**
 * The reference bot as `pnpm start` runs it (`node --max-semi-space-size=16 scripts/start.mjs`, read
 * from its package.json: the packages' dist and the bot's own dist, built first if missing or
 * stale), configured as a one-guild deployment with every
 * feature on: activity, job board (forum and voice category), activity log to a channel, scheduled
 * reports to a channel, anti-spam, backups.
 *
 * @param fake - the fake Discord it connects to
 * @param ids - the guild's ids
 * @param database - its database
 * @param nodeFlags - extra Node.js flags, such as `--cpu-prof`
 */
export function botSpec(
  fake: FakeDiscord,
  ids: CommunityIds,
  database: BotDatabase,
  nodeFlags: readonly string[] = [],
): ProcessSpec {
  return {
    name: 'reference bot',
    args: [...nodeFlags, ...startArguments()],
    env: {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      DATABASE_URL: database.url,
      DATABASE_CREATE: 'on',
      GUILD_ID: ids.guildId,
      HEALTH_PORT: '0',
      FORUM_CHANNEL_ID: ids.channel.forum,
      VOICE_CATEGORY_ID: ids.channel.jobCategory,
      LOG_CHANNEL_ID: ids.channel.log,
      REPORT_CHANNEL_ID: ids.channel.reports,
      BACKUP_DIR: `${database.folder}/backups`,
    },
    // guildkit's `ready`: connected and its commands registered.
    ready: /"msg":"ready"/,
  };
}

/** The gateway intents of the bot with every feature on: the bare client asks for the same. */
export function botIntents(): number[] {
  const everyFeature = { activity: true, jobBoard: true, reports: true, activityLog: true, antiSpam: true };
  return guildkitIntents(everyFeature);
}

/**
 * A bare discord.js client (bare-client.ts) with the bot's intents and one empty voice listener.
 *
 * @param fake - the fake Discord it connects to
 * @param ids - the guild's ids
 * @param nodeFlags - extra Node.js flags, such as `--cpu-prof`
 */
export function bareSpec(fake: FakeDiscord, ids: CommunityIds, nodeFlags: readonly string[] = []): ProcessSpec {
  return {
    name: 'bare discord.js client',
    args: [...nodeFlags, BARE_CLIENT],
    env: {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      GUILD_ID: ids.guildId,
      BENCH_INTENTS: JSON.stringify(botIntents()),
    },
    ready: /^ready$/m,
  };
}

/**
 * How many voice updates the bot's adapter has taken in, from its /metrics
 * (`guildkit_gateway_events_total{type="voice_state"}`, summed over the `shard` label when a shard
 * manager serves every shard's); `undefined` if it cannot tell.
 *
 * @param output - the bot's output, where it logs the port of /healthz and /metrics
 */
export async function botVoiceEventCount(output: string): Promise<number | undefined> {
  const port = /"healthPort":(\d+)/.exec(output)?.[1];
  if (port === undefined) return undefined;
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const counts = [...text.matchAll(/^guildkit_gateway_events_total\{type="voice_state"(?:,[^}]*)?\} (\d+)/gm)];
  return counts.length === 0 ? undefined : counts.reduce((sum, match) => sum + Number(match[1]), 0);
}

/**
 * The activity log's records of voice changes (joins, moves, leaves) in the bot's store, read
 * after it stopped.
 *
 * @param url - the bot's `DATABASE_URL`: `sqlite:<file>` or `postgres://…`
 */
export async function storedVoiceRecords(url: string): Promise<number> {
  const query = "select count(*) as count from log_records where source = 'voice'";
  if (url.startsWith('sqlite:')) {
    const database = new Database(url.slice('sqlite:'.length), { readonly: true });
    try {
      return Number((database.prepare(query).get() as { count: number }).count);
    } finally {
      database.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ count: string }>(query)).rows[0]?.count);
  } finally {
    await client.end();
  }
}
