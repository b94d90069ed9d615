import { isSnowflake, isTimeZone } from '@guildkit/core';
import type { GuildkitOptions, ReportsFeature } from '@guildkit/discord';
import { Cron } from 'croner';
import { PermissionFlagsBits, type PermissionsString } from 'discord.js';
import { z } from 'zod';

/** The bot's settings, from the environment: how it runs, and guildkit's options. */
export interface BotConfig {
  readonly token: string;
  /** REST base URL, for a REST proxy or the fake Discord; `undefined` is Discord itself. */
  readonly apiUrl: string | undefined;
  readonly database: DatabaseTarget;
  /** `'create'` only on a first start (`DATABASE_CREATE=on`): a bot that had data and finds none stops. */
  readonly databaseIfMissing: 'create' | 'fail';
  /** The guild commands are registered on (at once); `undefined` registers them globally. */
  readonly guildId: string | undefined;
  readonly healthPort: number;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  /** Online backups of a SQLite database (BACKUP_*); `null` when off. Not used with PostgreSQL. */
  readonly backups: { readonly directory: string; readonly schedule: string; readonly keep: number } | null;
  /**
   * Discord shards in processes of their own (`SHARDS`), run by discord.js's ShardingManager; `null`
   * runs one process. `shardList` is this host's share (`SHARD_LIST`), all shards by default.
   */
  readonly sharding: { readonly shards: 'auto' | number; readonly shardList: 'auto' | readonly number[] } | null;
  /**
   * The web dashboard on the health port (`DASHBOARD_URL`, `DISCORD_CLIENT_SECRET`,
   * `DASHBOARD_SESSION_SECRET`, `DISCORD_AUTHORIZE_URL`); `null` when off.
   */
  readonly dashboard: {
    readonly url: string;
    readonly clientSecret: string;
    readonly sessionSecret: string;
    readonly authorizeUrl: string | undefined;
  } | null;
  /** guildkit's options, all but the store. */
  readonly guildkit: Omit<GuildkitOptions, 'store' | 'reports'> & { readonly reports: ReportsFeature };
}

/** Where the bot keeps its data. */
export type DatabaseTarget =
  | { readonly kind: 'sqlite'; readonly filename: string }
  | { readonly kind: 'postgres'; readonly url: string };

/** The configuration is missing something or holds a bad value; the message says all of it in one line. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Whether `run` runs without throwing: how croner and Intl say a value is good. */
function works(run: () => unknown): boolean {
  try {
    run();
    return true;
  } catch {
    return false;
  }
}
const isCron = (pattern: string) => works(() => new Cron(pattern, { paused: true }).stop());

/** A cron pattern (croner's syntax, five or six fields), or `off`. */
function cronPattern(fallback: string) {
  return z
    .string()
    .default(fallback)
    .refine((pattern) => pattern === 'off' || isCron(pattern), 'must be a cron pattern such as "5 0 * * 1", or off')
    .transform((pattern) => (pattern === 'off' ? null : pattern));
}

/** A whole number of `unit` from `min` to `max`, `fallback` when unset. */
function whole(unit: string, min: number, max: number, fallback: number, range = `from ${min} to ${max}`) {
  const message = `must be a whole number of ${unit} ${range}`;
  return z.coerce.number({ error: message }).int(message).min(min, message).max(max, message).default(fallback);
}

const id = z.string().refine(isSnowflake, 'must be a Discord id (a string of digits)').optional();
const onOff = z.enum(['on', 'off'], { error: 'must be on or off' }).default('on');
const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;

const schema = z.object({
  DISCORD_TOKEN: z.string({ error: 'is required: the bot token from the Discord developer portal' }).min(1),
  DISCORD_API_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://127.0.0.1:3000/api' })
    .optional(),
  DATABASE_URL: z.string().optional(),
  DATABASE_CREATE: z.enum(['on', 'off'], { error: 'must be on (first start only) or off' }).default('off'),
  GUILD_ID: id,
  FORUM_CHANNEL_ID: id,
  VOICE_CATEGORY_ID: id,
  JOB_TAG_ID: id,
  REPORT_CHANNEL_ID: id,
  REPORT_ROLE_ID: id,
  LOG_CHANNEL_ID: id,
  LOG_RETENTION_DAYS: whole('days', 0, 3_650, 90, 'from 0 (keep for ever) to 3650'),
  ALERT_WEBHOOK_URL: z.url({ error: 'must be a webhook URL (Discord or Slack-compatible)' }).optional(),
  TIMEZONE: z
    .string()
    .default('UTC')
    .refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin or Asia/Seoul'),
  LOCALE: z.enum(['en', 'ko'], { error: 'must be en or ko' }).default('en'),
  ACTIVITY_CHECKPOINT_SECONDS: whole('seconds', 1, 60, 30),
  ACTIVITY_RETENTION_DAYS: whole('days', 0, 36_500, 0, 'from 0 (keep everything) to 36500'),
  ACTIVITY_ROLES_CRON: cronPattern('0 4 * * *'),
  JOB_IDLE_TIMEOUT_MINUTES: whole('minutes', 0, 10_080, 30, 'from 0 (never) to 10080 (a week)'),
  REPORT_DAILY_CRON: cronPattern('5 0 * * *'),
  REPORT_WEEKLY_CRON: cronPattern('5 0 * * 1'),
  REPORT_MONTHLY_CRON: cronPattern('5 0 1 * *'),
  WEEK_STARTS_ON: whole('days', 0, 6, 1, 'of the week, 0 (Sunday) to 6 (Saturday)'),
  REPORT_PERMISSION: z
    .string()
    .default('ManageGuild')
    .refine((name) => name in PermissionFlagsBits, 'must be a Discord permission name such as ManageGuild'),
  ANTISPAM: onOff,
  ANTISPAM_MAX_MESSAGES: whole('messages', 1, 1_000, 8),
  ANTISPAM_WINDOW_SECONDS: whole('seconds', 1, 3_600, 5),
  ANTISPAM_MAX_MENTIONS: whole('mentions', 1, 100, 5),
  ANTISPAM_DELETE: onOff,
  ANTISPAM_OFFENCES_BEFORE_TIMEOUT: whole('offences', 1, 100, 3),
  ANTISPAM_OFFENCE_WINDOW_MINUTES: whole('minutes', 1, 1_440, 10),
  ANTISPAM_TIMEOUT_MINUTES: whole('minutes', 0, 40_320, 10),
  COMMAND_COOLDOWN_SECONDS: whole('seconds', 0, 3_600, 3),
  HEALTH_PORT: whole('port', 0, 65_535, 8080, 'from 0 (any free port) to 65535'),
  DASHBOARD_URL: z
    .url({
      protocol: /^https?$/,
      error: 'must be the address people reach the dashboard at, such as https://bot.example.com',
    })
    .optional(),
  DISCORD_CLIENT_SECRET: z.string().min(1).optional(),
  DASHBOARD_SESSION_SECRET: z
    .string()
    .min(32, 'must be at least 32 random characters, such as the output of openssl rand -hex 32')
    .optional(),
  DISCORD_AUTHORIZE_URL: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL of Discord's consent page" })
    .optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  BACKUP_DIR: z.string().default('./data/backups'),
  BACKUP_CRON: cronPattern('0 */6 * * *'),
  BACKUP_KEEP: whole('backups', 1, 1_000, 8),
  SHARDS: z
    .string()
    .regex(/^(auto|[1-9][0-9]{0,4})$/, 'must be auto or a number of shards such as 2')
    .optional(),
  SHARD_LIST: z
    .string()
    .regex(/^[0-9]{1,5}(,[0-9]{1,5})*$/, 'must be the shard ids this host runs, such as 0,1')
    .optional(),
});

/** Old names operators may still use, and the names they stand for now. */
const ALIASES: Readonly<Record<string, string>> = { REPORT_WEEK_STARTS_ON: 'WEEK_STARTS_ON' };

/** Reads and checks the configuration: every problem is named in one line, which never shows the token. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): BotConfig {
  // Empty variables count as unset, as in most shells' `VAR= cmd`; a new name wins over its alias.
  const present: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (value !== undefined && value !== '') present[name] = value;
  for (const [old, now] of Object.entries(ALIASES))
    if (present[now] === undefined && present[old] !== undefined) present[now] = present[old];
  // In a shard process, discord.js's ShardingManager sets SHARDS to that process's shard ids.
  if (present.SHARDING_MANAGER !== undefined) {
    delete present.SHARDS;
    delete present.SHARD_LIST;
  }
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      const old = Object.keys(ALIASES).find((alias) => ALIASES[alias] === name && !env[name] && env[alias]);
      return `${old ?? issue.path.join('.')} ${issue.message}`;
    });
    throw new ConfigError(`Configuration error: ${problems.join('; ')}.`);
  }
  const v = parsed.data;
  const minutes = (count: number) => count * 60_000;
  const database = databaseTarget(v.DATABASE_URL);
  const sharding = shardingOf(v.SHARDS, v.SHARD_LIST, database);
  return {
    token: v.DISCORD_TOKEN,
    apiUrl: v.DISCORD_API_URL,
    database,
    databaseIfMissing: v.DATABASE_CREATE === 'on' ? 'create' : 'fail',
    guildId: v.GUILD_ID,
    sharding,
    healthPort: v.HEALTH_PORT,
    dashboard: dashboardOf(v, sharding),
    logLevel: v.LOG_LEVEL,
    backups:
      v.BACKUP_DIR === 'off' || v.BACKUP_CRON === null
        ? null
        : { directory: v.BACKUP_DIR, schedule: v.BACKUP_CRON, keep: v.BACKUP_KEEP },
    guildkit: {
      timeZone: v.TIMEZONE,
      weekStartsOn: v.WEEK_STARTS_ON,
      defaultLocale: v.LOCALE,
      activity: {
        checkpointIntervalMs: v.ACTIVITY_CHECKPOINT_SECONDS * 1000,
        ...(v.ACTIVITY_RETENTION_DAYS > 0 && { retentionDays: v.ACTIVITY_RETENTION_DAYS }),
      },
      // Each guild's rules (/roles) run on this schedule in its time zone; guilds set their own.
      activityRoles: { schedule: v.ACTIVITY_ROLES_CRON },
      // On in every guild that has a forum: FORUM_CHANNEL_ID's guild, and those that set one with /settings.
      jobBoard: {
        ...(v.FORUM_CHANNEL_ID === undefined ? {} : { forumChannelId: v.FORUM_CHANNEL_ID }),
        categoryId: v.VOICE_CATEGORY_ID ?? null,
        tagIds: v.JOB_TAG_ID === undefined ? [] : [v.JOB_TAG_ID],
        idleTimeoutMs: minutes(v.JOB_IDLE_TIMEOUT_MINUTES),
      },
      reports: {
        roleId: v.REPORT_ROLE_ID ?? null,
        permission: v.REPORT_PERMISSION as PermissionsString,
        // Posted in every guild with a report channel: REPORT_CHANNEL_ID's guild, and those that set one.
        ...(v.REPORT_CHANNEL_ID === undefined ? {} : { channelId: v.REPORT_CHANNEL_ID }),
        schedule: { daily: v.REPORT_DAILY_CRON, weekly: v.REPORT_WEEKLY_CRON, monthly: v.REPORT_MONTHLY_CRON },
      },
      activityLog: { retentionDays: v.LOG_RETENTION_DAYS, ...(v.LOG_CHANNEL_ID && { channelId: v.LOG_CHANNEL_ID }) },
      alerts: v.ALERT_WEBHOOK_URL === undefined ? false : { webhookUrl: v.ALERT_WEBHOOK_URL },
      antiSpam:
        v.ANTISPAM === 'off'
          ? false
          : {
              maxMessages: v.ANTISPAM_MAX_MESSAGES,
              windowMs: v.ANTISPAM_WINDOW_SECONDS * 1000,
              maxMentions: v.ANTISPAM_MAX_MENTIONS,
              deleteMessages: v.ANTISPAM_DELETE === 'on',
              offencesBeforeTimeout: v.ANTISPAM_OFFENCES_BEFORE_TIMEOUT,
              offenceWindowMs: minutes(v.ANTISPAM_OFFENCE_WINDOW_MINUTES),
              timeoutMs: minutes(v.ANTISPAM_TIMEOUT_MINUTES),
            },
      commands: {
        register: v.GUILD_ID === undefined ? true : { guildId: v.GUILD_ID },
        cooldownMs: v.COMMAND_COOLDOWN_SECONDS * 1000,
        answerUnknownButtons: true, // the bot has no buttons of its own
      },
    },
  };
}

/** The dashboard's settings: all three of its variables, or none; one process only, in this version. */
function dashboardOf(
  v: Partial<
    Record<
      'DASHBOARD_URL' | 'DISCORD_CLIENT_SECRET' | 'DASHBOARD_SESSION_SECRET' | 'DISCORD_AUTHORIZE_URL',
      string | undefined
    >
  >,
  sharding: BotConfig['sharding'],
): BotConfig['dashboard'] {
  if (v.DASHBOARD_URL === undefined) return null;
  const missing = [
    v.DISCORD_CLIENT_SECRET === undefined && "DISCORD_CLIENT_SECRET (the application's OAuth2 client secret)",
    v.DASHBOARD_SESSION_SECRET === undefined &&
      'DASHBOARD_SESSION_SECRET (32 or more random characters: openssl rand -hex 32)',
  ].filter(Boolean);
  if (missing.length > 0) throw new ConfigError(`Configuration error: DASHBOARD_URL needs ${missing.join(' and ')}.`);
  if (sharding !== null) {
    throw new ConfigError(
      'Configuration error: the dashboard runs in a bot of one process in this version; unset DASHBOARD_URL or SHARDS.',
    );
  }
  return {
    url: v.DASHBOARD_URL,
    clientSecret: v.DISCORD_CLIENT_SECRET as string,
    sessionSecret: v.DASHBOARD_SESSION_SECRET as string,
    authorizeUrl: v.DISCORD_AUTHORIZE_URL,
  };
}

/** `SHARDS` and `SHARD_LIST`: shard processes share one PostgreSQL database, and each runs shards of the count. */
function shardingOf(
  shards: string | undefined,
  list: string | undefined,
  database: DatabaseTarget,
): BotConfig['sharding'] {
  const fail = (problem: string) => new ConfigError(`Configuration error: ${problem}.`);
  if (shards === undefined) {
    if (list !== undefined) throw fail('SHARD_LIST needs SHARDS, the number of shards in all (or auto)');
    return null;
  }
  if (database.kind !== 'postgres') {
    throw fail(
      'SHARDS runs the bot in several processes, which share one PostgreSQL database: set DATABASE_URL to a postgres:// URL',
    );
  }
  const count = shards === 'auto' ? 'auto' : Number(shards);
  const shardList = list === undefined ? 'auto' : [...new Set(list.split(',').map(Number))].sort((a, b) => a - b);
  if (shardList !== 'auto' && count === 'auto') {
    throw fail(
      'SHARD_LIST needs SHARDS to be a number: the shard ids of one host only mean something for a fixed count',
    );
  }
  if (shardList !== 'auto' && typeof count === 'number' && shardList.some((id) => id >= count)) {
    throw fail(`SHARD_LIST holds ids from 0 to ${count - 1} (SHARDS is ${count}); received ${list}`);
  }
  return { shards: count, shardList };
}

/**
 * `DATABASE_URL`: unset is `./data/guildkit.db`; `file:/abs/path`, `sqlite:path` and a bare path
 * are SQLite files; `postgres://` and `postgresql://` URLs select PostgreSQL.
 */
export function databaseTarget(value: string | undefined): DatabaseTarget {
  const fail = (problem: string) => new ConfigError(`Configuration error: DATABASE_URL ${problem}.`);
  if (value === undefined) return { kind: 'sqlite', filename: './data/guildkit.db' };
  if (/^postgres(ql)?:\/\//.test(value)) {
    if (!URL.canParse(value)) throw fail('is not a valid postgres:// URL');
    return { kind: 'postgres', url: value };
  }
  if (value.startsWith('file:')) {
    const path = value.startsWith('file://') ? new URL(value).pathname : value.slice('file:'.length);
    if (!path.startsWith('/'))
      throw fail('file: URLs need an absolute path, such as file:/var/lib/guildkit/guildkit.db');
    return { kind: 'sqlite', filename: decodeURIComponent(path) };
  }
  if (value.startsWith('sqlite:')) {
    const filename = value.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (filename === '') throw fail('sqlite: needs a path, such as sqlite:./data/guildkit.db');
    return { kind: 'sqlite', filename };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw fail(
      `must be a postgres:// URL, a file: or sqlite: path, or a plain path; "${value.split(':')[0]}:" is not supported`,
    );
  }
  return { kind: 'sqlite', filename: value };
}
