// The two ways the shards benchmark runs the reference bot, both as `pnpm start` runs it, on one
// PostgreSQL database: as one process (no SHARDS: discord.js's one shard, every guild on one
// gateway socket), and with SHARDS=2 (discord.js's ShardingManager: a manager process, which also
// holds the REST proxy and serves /metrics for all, and two shard processes).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import type { FakeDiscord } from '@guildkit/fake-discord';
import type { ProcessSpec } from '../ingest/client-process.ts';
import { startArguments } from '../ingest/subjects.ts';
import { SHARD_COUNT } from './guilds.ts';

/** How the bot runs: one process, or a manager and its shard processes. */
export type Layout = 'single' | 'sharded';

/** Each layout as the results name it. */
export const LAYOUT_NAMES: Readonly<Record<Layout, string>> = {
  single: 'A: one process, 1 shard',
  sharded: `B: SHARDS=${SHARD_COUNT}, manager + ${SHARD_COUNT} shard processes`,
};

/**
 * The bot in a layout, configured for many guilds: no GUILD_ID (its commands are registered
 * globally, by shard 0's process when sharded), each guild's channels set later by /settings,
 * no command cooldown (the setup uses /settings sixteen times), and BUILD_ON_START=off: every trial
 * of a run starts the same build ({@link buildOnce}), even if sources change meanwhile.
 *
 * @param layout - one process or SHARDS=2
 * @param fake - the fake Discord it connects to
 * @param databaseUrl - its PostgreSQL database, new and empty
 */
export function layoutSpec(layout: Layout, fake: FakeDiscord, databaseUrl: string): ProcessSpec {
  return {
    name: LAYOUT_NAMES[layout],
    args: startArguments(),
    env: {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      DATABASE_URL: databaseUrl,
      DATABASE_CREATE: 'on',
      HEALTH_PORT: '0',
      COMMAND_COOLDOWN_SECONDS: '0',
      BUILD_ON_START: 'off',
      ...(layout === 'sharded' ? { SHARDS: String(SHARD_COUNT) } : {}),
    },
    // guildkit's `ready` (connected, commands registered), from the one process or from each shard process.
    ready: layout === 'single' ? /"msg":"ready"/ : new RegExp(Array(SHARD_COUNT).fill('"msg":"ready"').join('[^]*')),
  };
}

/**
 * Builds what the bot's start script finds stale, once, before the trials: the start script with no
 * DISCORD_TOKEN builds, then stops at its configuration check.
 *
 * @returns what it built and why (`@guildkit/discord (src/… is newer than its build)`), or `undefined` if nothing was stale
 * @throws Error if the build failed
 */
export function buildOnce(): string | undefined {
  const result = spawnSync(process.execPath, startArguments(), {
    env: { PATH: process.env.PATH ?? '', BUILD_ON_START: 'on' },
    encoding: 'utf8',
    timeout: 10 * 60_000,
  });
  if (!result.stderr.includes('DISCORD_TOKEN'))
    throw new Error(`the bot's build failed:\n${result.stdout}\n${result.stderr}`.slice(-4_000));
  return /^Building before starting: (.*)\.$/m.exec(result.stderr)?.[1];
}

const ROOT = new URL('../../', import.meta.url);

/**
 * When the build the bot starts from was last written: the newest of the bot's `dist/main.js` and
 * the packages' `dist/index.js`, epoch milliseconds. Others working in the repository rebuild as
 * they go; a change between trials means the two sides of a pair may not have run the same code.
 */
export function buildWrittenAt(): number {
  const packages = readdirSync(new URL('packages/', ROOT)).map((name) => `packages/${name}/dist/index.js`);
  return Math.max(
    ...['examples/bot/dist/main.js', ...packages].map((file) => {
      try {
        return statSync(new URL(file, ROOT)).mtimeMs;
      } catch {
        return 0; // being rebuilt
      }
    }),
  );
}
