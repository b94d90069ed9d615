// The bot's SQLite backups: BACKUP_* read from the environment, backups made on the schedule, and a
// failing backup logged and counted in guildkit_errors_total while the bot goes on.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeDiscord } from '@guildkit/fake-discord';
import { listSqliteBackups } from '@guildkit/sqlite-store';
import pino from 'pino';
import { afterAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { startBot } from '../src/bot.ts';
import { loadConfig } from '../src/config.ts';

const token = 'MTIz.secret-token-value';
const folder = mkdtempSync(join(tmpdir(), 'guildkit-bot-backups-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('BACKUP_* settings', () => {
  it('back up every six hours into ./data/backups, keeping 8, unless turned off', () => {
    expect(loadConfig({ DISCORD_TOKEN: token }).backups).toEqual({
      directory: './data/backups',
      schedule: '0 */6 * * *',
      keep: 8,
    });
    const custom = { DISCORD_TOKEN: token, BACKUP_DIR: '/backups', BACKUP_CRON: '30 3 * * *', BACKUP_KEEP: '14' };
    expect(loadConfig(custom).backups).toEqual({ directory: '/backups', schedule: '30 3 * * *', keep: 14 });
    expect(loadConfig({ DISCORD_TOKEN: token, BACKUP_DIR: 'off' }).backups).toBeNull();
    expect(loadConfig({ DISCORD_TOKEN: token, BACKUP_CRON: 'off' }).backups).toBeNull();
  });

  it('name a bad value and what is expected', () => {
    expect(() => loadConfig({ DISCORD_TOKEN: token, BACKUP_KEEP: '0', BACKUP_CRON: 'hourly' })).toThrow(
      'Configuration error: BACKUP_CRON must be a cron pattern such as "5 0 * * 1", or off; ' +
        'BACKUP_KEEP must be a whole number of backups from 1 to 1000.',
    );
  });
});

describe('the bot with a SQLite database', () => {
  async function start(backupDir: string) {
    const fake = await startFakeDiscord({ guilds: [{ name: 'backups' }], botName: 'guildkit' });
    onTestFinished(() => fake.close());
    const env = {
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.apiUrl,
      DATABASE_URL: `sqlite:${join(folder, `bot-${Math.random().toString(36).slice(2)}.db`)}`,
      DATABASE_CREATE: 'on',
      HEALTH_PORT: '0',
      BACKUP_DIR: backupDir,
      BACKUP_CRON: '* * * * * *', // every second
    };
    const bot = await startBot(loadConfig(env), pino({ level: 'silent' }));
    onTestFinished(() => bot.shutdown('test over'));
    return bot;
  }

  it('backs its database up on the schedule', async () => {
    const directory = join(folder, 'backups');
    await start(directory);
    await vi.waitFor(async () => expect(await listSqliteBackups(directory)).not.toHaveLength(0), { timeout: 5_000 });
  });

  it('logs and counts a backup that fails, and goes on', async () => {
    const blocker = join(folder, 'a-file');
    writeFileSync(blocker, '');
    const bot = await start(join(blocker, 'backups')); // a folder that cannot be made
    await vi.waitFor(
      async () => {
        const errors = await bot.metrics.errors.get();
        expect(errors.values.find((value) => value.labels.source === 'backup')?.value).toBeGreaterThanOrEqual(2);
      },
      { timeout: 5_000 },
    );
    expect(await bot.store.readRecentLogs({ limit: 1 })).toBeInstanceOf(Array);
  });
});
