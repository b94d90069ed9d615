import { describe, expect, it } from 'vitest';
import { ConfigError, databaseTarget, loadConfig } from '../src/config.ts';

const token = 'MTIz.secret-token-value';

describe('loadConfig', () => {
  it('fills in the defaults: UTC, English, every feature on, the channels left to each guild', () => {
    const config = loadConfig({ DISCORD_TOKEN: token });
    expect(config).toMatchObject({
      token,
      apiUrl: undefined,
      database: { kind: 'sqlite', filename: './data/guildkit.db' },
      databaseIfMissing: 'fail', // a missing database stops the bot unless DATABASE_CREATE=on
      healthPort: 8080,
      logLevel: 'info',
      guildId: undefined,
      sharding: null,
    });
    expect(config.guildkit.jobBoard).not.toHaveProperty('forumChannelId');
    expect(config.guildkit.reports).not.toHaveProperty('channelId');
    expect(config.guildkit).toMatchObject({
      timeZone: 'UTC',
      weekStartsOn: 1,
      defaultLocale: 'en',
      activity: { checkpointIntervalMs: 30_000 },
      jobBoard: { categoryId: null, tagIds: [], idleTimeoutMs: 1_800_000 },
      reports: { permission: 'ManageGuild', roleId: null },
      activityLog: { retentionDays: 90 },
      antiSpam: { maxMessages: 8, windowMs: 5_000, maxMentions: 5, deleteMessages: true, timeoutMs: 600_000 },
      commands: { register: true, cooldownMs: 3_000, answerUnknownButtons: true },
    });
  });

  it('reads every setting', () => {
    const config = loadConfig({
      DISCORD_TOKEN: token,
      DISCORD_API_URL: 'http://127.0.0.1:3000/api',
      DATABASE_URL: 'postgres://bot:pw@db:5432/guildkit',
      GUILD_ID: '1100000000000000001',
      FORUM_CHANNEL_ID: '1300000000000000001',
      VOICE_CATEGORY_ID: '1300000000000000002',
      JOB_TAG_ID: '1300000000000000003',
      REPORT_CHANNEL_ID: '1300000000000000004',
      REPORT_ROLE_ID: '1300000000000000005',
      LOG_CHANNEL_ID: '1300000000000000006',
      LOG_RETENTION_DAYS: '0',
      DATABASE_CREATE: 'on',
      TIMEZONE: 'Europe/Berlin',
      LOCALE: 'ko',
      HEALTH_PORT: '9090',
      LOG_LEVEL: 'debug',
      JOB_IDLE_TIMEOUT_MINUTES: '0',
      WEEK_STARTS_ON: '0',
      REPORT_WEEKLY_CRON: '5 0 * * 0',
      REPORT_DAILY_CRON: 'off',
      REPORT_PERMISSION: 'Administrator',
      ANTISPAM: 'off',
      ALERT_WEBHOOK_URL: 'https://hooks.slack.com/services/T000/B000/XXXX',
    });
    expect(config).toMatchObject({
      apiUrl: 'http://127.0.0.1:3000/api',
      database: { kind: 'postgres' },
      databaseIfMissing: 'create',
      guildId: '1100000000000000001',
      healthPort: 9090,
      logLevel: 'debug',
    });
    expect(config.guildkit).toMatchObject({
      timeZone: 'Europe/Berlin',
      defaultLocale: 'ko',
      weekStartsOn: 0,
      jobBoard: {
        forumChannelId: '1300000000000000001',
        categoryId: '1300000000000000002',
        tagIds: ['1300000000000000003'],
        idleTimeoutMs: 0,
      },
      reports: {
        channelId: '1300000000000000004',
        roleId: '1300000000000000005',
        permission: 'Administrator',
        schedule: { daily: null, weekly: '5 0 * * 0', monthly: '5 0 1 * *' },
      },
      activityLog: { channelId: '1300000000000000006', retentionDays: 0 },
      antiSpam: false,
      alerts: { webhookUrl: 'https://hooks.slack.com/services/T000/B000/XXXX' },
      commands: { register: { guildId: '1100000000000000001' } },
    });
  });

  it('schedules reports in every guild with a report channel, at the default times unless told', () => {
    expect(loadConfig({ DISCORD_TOKEN: token }).guildkit.reports).toMatchObject({
      schedule: { daily: '5 0 * * *', weekly: '5 0 * * 1', monthly: '5 0 1 * *' },
    });
    expect(
      loadConfig({ DISCORD_TOKEN: token, REPORT_WEEKLY_CRON: 'off' }).guildkit.reports.schedule?.weekly,
    ).toBeNull();
    expect(
      loadConfig({ DISCORD_TOKEN: token, REPORT_CHANNEL_ID: '1300000000000000004' }).guildkit.reports,
    ).toMatchObject({
      channelId: '1300000000000000004',
      schedule: { daily: '5 0 * * *', weekly: '5 0 * * 1', monthly: '5 0 1 * *' },
    });
  });

  it('still takes REPORT_WEEK_STARTS_ON, the old name of WEEK_STARTS_ON; the new name wins', () => {
    expect(loadConfig({ DISCORD_TOKEN: token, REPORT_WEEK_STARTS_ON: '0' }).guildkit.weekStartsOn).toBe(0);
    expect(
      loadConfig({ DISCORD_TOKEN: token, REPORT_WEEK_STARTS_ON: '0', WEEK_STARTS_ON: '3' }).guildkit.weekStartsOn,
    ).toBe(3);
  });

  it('names every problem in one line, and never the token', () => {
    const error = (() => {
      try {
        loadConfig({
          DISCORD_TOKEN: token,
          GUILD_ID: 'my-server',
          TIMEZONE: 'Mars/Olympus',
          HEALTH_PORT: 'eighty',
          LOG_LEVEL: 'loud',
          JOB_IDLE_TIMEOUT_MINUTES: '-5',
          REPORT_WEEKLY_CRON: 'every monday',
          REPORT_PERMISSION: 'BeKing',
          REPORT_WEEK_STARTS_ON: '7',
        });
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.message.split('\n')).toHaveLength(1);
    for (const name of [
      'GUILD_ID',
      'TIMEZONE',
      'HEALTH_PORT',
      'LOG_LEVEL',
      'JOB_IDLE_TIMEOUT_MINUTES must be a whole number of minutes from 0 (never)',
      'REPORT_WEEKLY_CRON must be a cron pattern',
      'REPORT_PERMISSION must be a Discord permission name',
      'REPORT_WEEK_STARTS_ON must be a whole number of days of the week, 0 (Sunday) to 6',
    ]) {
      expect(error?.message).toContain(name);
    }
    expect(error?.message).not.toContain(token);
  });

  it('says what is missing when there is no token', () => {
    expect(() => loadConfig({})).toThrow(/^Configuration error: DISCORD_TOKEN is required/);
    expect(() => loadConfig({ DISCORD_TOKEN: '' })).toThrow(/DISCORD_TOKEN is required/);
  });
});

describe('DATABASE_URL', () => {
  it('accepts file:, sqlite:, a bare path and postgres URLs', () => {
    expect(databaseTarget('file:/var/lib/guildkit/bot.db')).toEqual({
      kind: 'sqlite',
      filename: '/var/lib/guildkit/bot.db',
    });
    expect(databaseTarget('file:///var/lib/guildkit/bot.db')).toEqual({
      kind: 'sqlite',
      filename: '/var/lib/guildkit/bot.db',
    });
    expect(databaseTarget('sqlite:./data/bot.db')).toEqual({ kind: 'sqlite', filename: './data/bot.db' });
    expect(databaseTarget('sqlite:///abs/bot.db')).toEqual({ kind: 'sqlite', filename: '/abs/bot.db' });
    expect(databaseTarget('./bot.db')).toEqual({ kind: 'sqlite', filename: './bot.db' });
    expect(databaseTarget('postgresql://u:p@h/db')).toEqual({ kind: 'postgres', url: 'postgresql://u:p@h/db' });
  });

  it('refuses other schemes and relative file: URLs, without showing a password', () => {
    expect(() => databaseTarget('mysql://u:hunter2@h/db')).toThrow(/"mysql:" is not supported/);
    expect(() => databaseTarget('mysql://u:hunter2@h/db')).not.toThrow(/hunter2/);
    expect(() => databaseTarget('file:relative.db')).toThrow(/absolute path/);
    expect(() => databaseTarget('sqlite:')).toThrow(/needs a path/);
    expect(() => databaseTarget('postgres://u:hunter2@[bad')).toThrow(/not a valid postgres/);
    expect(() => databaseTarget('postgres://u:hunter2@[bad')).not.toThrow(/hunter2/);
  });
});

describe('SHARDS', () => {
  const postgres = { DISCORD_TOKEN: token, DATABASE_URL: 'postgres://bot:pw@db:5432/guildkit' };
  it('runs shard processes on one PostgreSQL database, all shards or this host’s list', () => {
    expect(loadConfig(postgres).sharding).toBeNull();
    expect(loadConfig({ ...postgres, SHARDS: 'auto' }).sharding).toEqual({ shards: 'auto', shardList: 'auto' });
    expect(loadConfig({ ...postgres, SHARDS: '4', SHARD_LIST: '3,1,1' }).sharding).toEqual({
      shards: 4,
      shardList: [1, 3],
    });
  });

  it('refuses SQLite, a list without a count, and ids past the count, saying what to do', () => {
    expect(() => loadConfig({ DISCORD_TOKEN: token, SHARDS: '2' })).toThrow(
      'Configuration error: SHARDS runs the bot in several processes, which share one PostgreSQL database: set DATABASE_URL to a postgres:// URL.',
    );
    expect(() => loadConfig({ ...postgres, SHARDS: 'many' })).toThrow(
      'SHARDS must be auto or a number of shards such as 2',
    );
    expect(() => loadConfig({ ...postgres, SHARD_LIST: '0' })).toThrow('SHARD_LIST needs SHARDS');
    expect(() => loadConfig({ ...postgres, SHARDS: 'auto', SHARD_LIST: '0' })).toThrow(
      /SHARD_LIST needs SHARDS to be a number/,
    );
    expect(() => loadConfig({ ...postgres, SHARDS: '2', SHARD_LIST: '0,2' })).toThrow(
      'SHARD_LIST holds ids from 0 to 1 (SHARDS is 2); received 0,2',
    );
  });

  it("leaves SHARDS to discord.js in a shard process, where its ShardingManager sets it to the process's shard", () => {
    expect(loadConfig({ ...postgres, SHARDING_MANAGER: 'true', SHARDS: '0', SHARD_COUNT: '2' }).sharding).toBeNull();
  });

  it('serves the dashboard when DASHBOARD_URL is set, with its secrets; names what is missing without showing them', () => {
    const secret = 'x'.repeat(40);
    expect(loadConfig({ DISCORD_TOKEN: token }).dashboard).toBeNull();
    expect(
      loadConfig({
        DISCORD_TOKEN: token,
        DASHBOARD_URL: 'https://bot.example.com',
        DISCORD_CLIENT_SECRET: 'client-secret-value',
        DASHBOARD_SESSION_SECRET: secret,
      }).dashboard,
    ).toEqual({
      url: 'https://bot.example.com',
      clientSecret: 'client-secret-value',
      sessionSecret: secret,
      authorizeUrl: undefined,
    });
    expect(() => loadConfig({ DISCORD_TOKEN: token, DASHBOARD_URL: 'https://bot.example.com' })).toThrow(
      /DASHBOARD_URL needs DISCORD_CLIENT_SECRET .* and DASHBOARD_SESSION_SECRET/,
    );
    const short = (() => {
      try {
        loadConfig({
          DISCORD_TOKEN: token,
          DASHBOARD_URL: 'https://bot.example.com',
          DISCORD_CLIENT_SECRET: 'c',
          DASHBOARD_SESSION_SECRET: 'too-short-secret',
        });
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(short).toMatch(/DASHBOARD_SESSION_SECRET must be at least 32 random characters/);
    expect(short).not.toContain('too-short-secret');
    expect(() =>
      loadConfig({
        DISCORD_TOKEN: token,
        DATABASE_URL: 'postgres://bot@db/guildkit',
        SHARDS: '2',
        DASHBOARD_URL: 'https://bot.example.com',
        DISCORD_CLIENT_SECRET: 'c',
        DASHBOARD_SESSION_SECRET: secret,
      }),
    ).toThrow(/the dashboard runs in a bot of one process/);
  });
});
