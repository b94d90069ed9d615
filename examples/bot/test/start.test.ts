// `pnpm start` as operators run it: scripts/start.mjs, which runs the packages' dist and the bot's own
// dist/main.js in its own process. `pnpm test` builds first, so here it starts at once; run alone after
// editing sources, it builds what is stale first, which can take a minute.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeDiscord } from '@guildkit/fake-discord';
import { describe, expect, it, onTestFinished } from 'vitest';
import { demoCommunity } from '../src/demo-community.ts';
import { asPnpmStart, freePort, runBot } from './bot-process.ts';

const BUILD_MS = 120_000;

describe('pnpm start', () => {
  it(
    'runs the built bot with no TypeScript: it answers /healthz and stops cleanly on SIGTERM',
    async () => {
      const fake = await startFakeDiscord({ guilds: [demoCommunity(5)] });
      onTestFinished(() => fake.close());
      const folder = mkdtempSync(join(tmpdir(), 'guildkit-start-'));
      onTestFinished(() => rmSync(folder, { recursive: true, force: true }));
      const port = await freePort();
      const bot = runBot(
        {
          DISCORD_TOKEN: fake.token,
          DISCORD_API_URL: fake.apiUrl,
          DATABASE_URL: `sqlite:${join(folder, 'guildkit.db')}`,
          GUILD_ID: fake.guildId('guildkit community'),
          HEALTH_PORT: String(port),
          HOME: process.env.HOME ?? '',
          // Node.js refuses any .ts file it is asked to load: the bot runs on built JavaScript alone.
          NODE_OPTIONS: '--no-experimental-strip-types',
        },
        asPnpmStart,
      );

      await expect
        .poll(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.status, {
          timeout: BUILD_MS,
          interval: 50,
        })
        .toBe(200);
      const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as Record<string, unknown>;
      expect(health).toMatchObject({ ok: true, gateway: 'ready', store: 'ok' });

      bot.child.kill('SIGTERM');
      expect(await bot.exited).toBe(0);
      const { stdout, stderr } = bot.output();
      expect(stdout).toContain('"msg":"stopped cleanly"');
      // Nothing, or the one line that says what it built and why.
      expect(stderr).toMatch(/^(Building before starting: [^\n]+\n)?$/);
    },
    BUILD_MS + 20_000,
  );

  it('refuses a BUILD_ON_START that is neither on nor off, in one line', async () => {
    const bot = runBot({ BUILD_ON_START: 'maybe', HOME: process.env.HOME ?? '' }, asPnpmStart);
    expect(await bot.exited).toBe(1);
    expect(bot.output().stderr).toBe('Start-up failed: BUILD_ON_START must be on or off; received "maybe".\n');
  });
});
