import { isSnowflake } from '@guildkit/core';
import { Cron } from 'croner';
import { PermissionFlagsBits, type PermissionsString } from 'discord.js';
import { z } from 'zod';

/** The bot's settings, from the environment. */
export interface BotConfig {
  readonly token: string;
  /** REST base URL, for a REST proxy or the fake Discord; `undefined` is Discord itself. */
  readonly apiUrl: string | undefined;
  readonly database: DatabaseTarget;
  readonly guildId: string | undefined;
  readonly forumChannelId: string | undefined;
  readonly voiceCategoryId: string | undefined;
  readonly jobTagId: string | undefined;
  readonly reportChannelId: string | undefined;
  readonly reportRoleId: string | undefined;
  readonly logChannelId: string | undefined;
  readonly timeZone: string;
  readonly healthPort: number;
  /** How often open voice sessions are checkpointed, in milliseconds. */
  readonly checkpointIntervalMs: number;
  /** How long a job listing's room may stay empty before the listing closes, in milliseconds; 0 never. */
  readonly jobIdleTimeoutMs: number;
  /** When scheduled reports are posted (cron, in `timeZone`); `null` for never. */
  readonly reportSchedule: {
    readonly daily: string | null;
    readonly weekly: string | null;
    readonly monthly: string | null;
  };
  /** The permission `/report` needs, a discord.js permission name. */
  readonly reportPermission: PermissionsString;
  /** The day weeks start on in reports, 0 (Sunday) to 6. */
  readonly reportWeekStartsOn: number;
  readonly logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  /** Anti-spam limits, or `null` when it is off. */
  readonly antiSpam: AntiSpamConfig | null;
  /** Time a member waits between two uses of a command, in milliseconds; 0 for none. */
  readonly commandCooldownMs: number;
}

/** Anti-spam limits: what counts as an offence, and what the third one in a while costs. */
export interface AntiSpamConfig {
  /** More messages than this within `windowMs` is an offence. */
  readonly maxMessages: number;
  readonly windowMs: number;
  /** More user mentions than this in one message is an offence. */
  readonly maxMentions: number;
  /** Whether an offending message is deleted. */
  readonly deleteMessages: boolean;
  /** This many offences within `offenceWindowMs` time the member out. */
  readonly offencesBeforeTimeout: number;
  readonly offenceWindowMs: number;
  /** How long a time-out lasts; 0 never times out. */
  readonly timeoutMs: number;
}

/** Where the bot keeps its data. */
export type DatabaseTarget =
  | { readonly kind: 'sqlite'; readonly filename: string }
  | { readonly kind: 'postgres'; readonly url: string };

/** The configuration is missing something or holds a bad value; the message says all of it in one line. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** A cron pattern (croner's syntax, five or six fields), or `off`. */
function cronPattern(fallback: string) {
  return z
    .string()
    .default(fallback)
    .refine((pattern) => pattern === 'off' || isCron(pattern), 'must be a cron pattern such as "5 0 * * 1", or off')
    .transform((pattern) => (pattern === 'off' ? null : pattern));
}

function isCron(pattern: string): boolean {
  try {
    new Cron(pattern, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
}

/** A whole number of `unit` from `min` to `max`, `fallback` when unset. */
function whole(unit: string, min: number, max: number, fallback: number) {
  const range = `must be a whole number of ${unit} from ${min} to ${max}`;
  return z.coerce.number({ error: range }).int(range).min(min, range).max(max, range).default(fallback);
}

const snowflake = z.string().refine(isSnowflake, 'must be a Discord id (a string of digits)');
const optionalId = snowflake.optional();

const schema = z.object({
  DISCORD_TOKEN: z
    .string({ error: 'is required: the bot token from the Discord developer portal' })
    .min(1, 'is required: the bot token from the Discord developer portal'),
  DISCORD_API_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://127.0.0.1:3000/api' })
    .optional(),
  DATABASE_URL: z.string().optional(),
  GUILD_ID: optionalId,
  FORUM_CHANNEL_ID: optionalId,
  VOICE_CATEGORY_ID: optionalId,
  JOB_TAG_ID: optionalId,
  REPORT_CHANNEL_ID: optionalId,
  REPORT_ROLE_ID: optionalId,
  LOG_CHANNEL_ID: optionalId,
  TIMEZONE: z
    .string()
    .default('Asia/Seoul')
    .refine(isTimeZone, 'must be an IANA time zone such as Asia/Seoul or Europe/Berlin'),
  ACTIVITY_CHECKPOINT_SECONDS: z.coerce
    .number({ error: 'must be a number of seconds' })
    .int('must be a whole number of seconds')
    .min(1, 'must be from 1 to 60 seconds')
    .max(60, 'must be from 1 to 60 seconds')
    .default(30),
  JOB_IDLE_TIMEOUT_MINUTES: z.coerce
    .number({ error: 'must be a number of minutes' })
    .int('must be a whole number of minutes')
    .min(0, 'must be from 0 (never) to 10080 minutes (a week)')
    .max(10_080, 'must be from 0 (never) to 10080 minutes (a week)')
    .default(30),
  REPORT_DAILY_CRON: cronPattern('5 0 * * *'),
  REPORT_WEEKLY_CRON: cronPattern('5 0 * * 1'),
  REPORT_MONTHLY_CRON: cronPattern('5 0 1 * *'),
  REPORT_WEEK_STARTS_ON: z.coerce
    .number({ error: 'must be a day of the week, 0 (Sunday) to 6 (Saturday)' })
    .int('must be a day of the week, 0 (Sunday) to 6 (Saturday)')
    .min(0, 'must be a day of the week, 0 (Sunday) to 6 (Saturday)')
    .max(6, 'must be a day of the week, 0 (Sunday) to 6 (Saturday)')
    .default(1),
  REPORT_PERMISSION: z
    .string()
    .default('ManageGuild')
    .refine(
      (name) => name in PermissionFlagsBits,
      'must be a Discord permission name such as ManageGuild or Administrator',
    ),
  ANTISPAM: z.enum(['on', 'off'], { error: 'must be on or off' }).default('on'),
  ANTISPAM_MAX_MESSAGES: whole('messages', 1, 1_000, 8),
  ANTISPAM_WINDOW_SECONDS: whole('seconds', 1, 3_600, 5),
  ANTISPAM_MAX_MENTIONS: whole('mentions', 1, 100, 5),
  ANTISPAM_DELETE: z.enum(['on', 'off'], { error: 'must be on or off' }).default('on'),
  ANTISPAM_OFFENCES_BEFORE_TIMEOUT: whole('offences', 1, 100, 3),
  ANTISPAM_OFFENCE_WINDOW_MINUTES: whole('minutes', 1, 1_440, 10),
  ANTISPAM_TIMEOUT_MINUTES: whole('minutes', 0, 40_320, 10),
  COMMAND_COOLDOWN_SECONDS: whole('seconds', 0, 3_600, 3),
  HEALTH_PORT: z.coerce
    .number({ error: 'must be a port number' })
    .int('must be a whole number')
    .min(0)
    .max(65_535)
    .default(8080),
  LOG_LEVEL: z
    .enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal'], {
      error: 'must be one of trace, debug, info, warn, error, fatal',
    })
    .default('info'),
});

/**
 * Reads and checks the configuration. Every problem is named in one readable line; the token's
 * value never appears in it.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): BotConfig {
  // Empty variables count as unset, as in most shells' `VAR= cmd`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new ConfigError(`Configuration error: ${problems.join('; ')}.`);
  }
  const values = parsed.data;
  return {
    token: values.DISCORD_TOKEN,
    apiUrl: values.DISCORD_API_URL,
    database: databaseTarget(values.DATABASE_URL),
    guildId: values.GUILD_ID,
    forumChannelId: values.FORUM_CHANNEL_ID,
    voiceCategoryId: values.VOICE_CATEGORY_ID,
    jobTagId: values.JOB_TAG_ID,
    reportChannelId: values.REPORT_CHANNEL_ID,
    reportRoleId: values.REPORT_ROLE_ID,
    logChannelId: values.LOG_CHANNEL_ID,
    timeZone: values.TIMEZONE,
    healthPort: values.HEALTH_PORT,
    checkpointIntervalMs: values.ACTIVITY_CHECKPOINT_SECONDS * 1000,
    jobIdleTimeoutMs: values.JOB_IDLE_TIMEOUT_MINUTES * 60_000,
    reportSchedule: {
      daily: values.REPORT_DAILY_CRON,
      weekly: values.REPORT_WEEKLY_CRON,
      monthly: values.REPORT_MONTHLY_CRON,
    },
    reportPermission: values.REPORT_PERMISSION as PermissionsString,
    reportWeekStartsOn: values.REPORT_WEEK_STARTS_ON,
    logLevel: values.LOG_LEVEL,
    antiSpam:
      values.ANTISPAM === 'off'
        ? null
        : {
            maxMessages: values.ANTISPAM_MAX_MESSAGES,
            windowMs: values.ANTISPAM_WINDOW_SECONDS * 1000,
            maxMentions: values.ANTISPAM_MAX_MENTIONS,
            deleteMessages: values.ANTISPAM_DELETE === 'on',
            offencesBeforeTimeout: values.ANTISPAM_OFFENCES_BEFORE_TIMEOUT,
            offenceWindowMs: values.ANTISPAM_OFFENCE_WINDOW_MINUTES * 60_000,
            timeoutMs: values.ANTISPAM_TIMEOUT_MINUTES * 60_000,
          },
    commandCooldownMs: values.COMMAND_COOLDOWN_SECONDS * 1000,
  };
}

/**
 * `DATABASE_URL`: unset is `./data/guildkit.db`; `file:/abs/path`, `sqlite:path` and a bare path
 * are SQLite files; `postgres://` and `postgresql://` URLs select PostgreSQL.
 */
export function databaseTarget(value: string | undefined): DatabaseTarget {
  if (value === undefined) return { kind: 'sqlite', filename: './data/guildkit.db' };
  if (/^postgres(ql)?:\/\//.test(value)) {
    try {
      new URL(value);
    } catch {
      throw new ConfigError('Configuration error: DATABASE_URL is not a valid postgres:// URL.');
    }
    return { kind: 'postgres', url: value };
  }
  if (value.startsWith('file:')) {
    const path = value.startsWith('file://') ? new URL(value).pathname : value.slice('file:'.length);
    if (!path.startsWith('/'))
      throw new ConfigError(
        'Configuration error: DATABASE_URL file: URLs need an absolute path, such as file:/var/lib/guildkit/guildkit.db.',
      );
    return { kind: 'sqlite', filename: decodeURIComponent(path) };
  }
  if (value.startsWith('sqlite:')) {
    const filename = value.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (filename === '')
      throw new ConfigError(
        'Configuration error: DATABASE_URL sqlite: needs a path, such as sqlite:./data/guildkit.db.',
      );
    return { kind: 'sqlite', filename };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new ConfigError(
      `Configuration error: DATABASE_URL must be a postgres:// URL, a file: or sqlite: path, or a plain path; "${value.split(':')[0]}:" is not supported.`,
    );
  }
  return { kind: 'sqlite', filename: value };
}

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
