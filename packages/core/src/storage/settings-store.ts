import { ValidationError } from '../errors.ts';
import { type ActivityRoleRule, assertRoleRules } from '../roles/role-rules.ts';
import { assertEpochMs, assertObject, assertSnowflake, isSnowflake } from '../validation.ts';

/**
 * One guild's settings, as its admins set them: each setting left out takes the bot's default
 * (the options it was started with). The names are those of `createGuildkit`'s options. A `null`
 * channel or role is "none in this guild", which differs from "the default"; a `null` schedule is
 * "never".
 *
 * @example A guild with its own report channel, Seoul's time, and no activity log
 * ```ts
 * const settings: GuildSettings = {
 *   timeZone: 'Asia/Seoul',
 *   reports: { channelId: '1300000000000000001', schedule: { weekly: '0 9 * * 1' } },
 *   activityLog: { enabled: false },
 * };
 * ```
 */
export interface GuildSettings {
  /** The language of what the bot posts in the guild (reports, log lines, job posts), a Discord locale such as `ko`. */
  readonly locale?: string;
  /** An IANA time zone, for days, weeks, months and schedules. */
  readonly timeZone?: string;
  /** The day weeks start on, 0 (Sunday) to 6. */
  readonly weekStartsOn?: number;
  readonly activity?: {
    readonly enabled?: boolean;
    /** Days of activity history kept (daily, channel and hour rows); `null` keeps everything. */
    readonly retentionDays?: number | null;
  };
  /** Roles given and taken by activity: the rules, and when they run (a cron pattern; `null`: on demand only). */
  readonly activityRoles?: {
    readonly enabled?: boolean;
    readonly rules?: readonly ActivityRoleRule[];
    readonly schedule?: string | null;
  };
  readonly jobBoard?: {
    readonly enabled?: boolean;
    readonly forumChannelId?: string | null;
    readonly categoryId?: string | null;
    readonly tagIds?: readonly string[];
  };
  readonly reports?: {
    readonly enabled?: boolean;
    readonly channelId?: string | null;
    readonly roleId?: string | null;
    readonly schedule?: {
      readonly daily?: string | null;
      readonly weekly?: string | null;
      readonly monthly?: string | null;
    };
  };
  readonly activityLog?: { readonly enabled?: boolean; readonly channelId?: string | null };
  readonly antiSpam?: { readonly enabled?: boolean };
  /** The web dashboard (`@guildkit/dashboard`): who sees the leaderboard and other members' pages. */
  readonly dashboard?: { readonly leaderboard?: 'members' | 'moderators' };
}

/**
 * The path of one setting, as `reset` names it.
 *
 * @example
 * ```ts
 * const path: GuildSettingPath = 'reports.channelId';
 * ```
 */
export type GuildSettingPath =
  | 'locale'
  | 'timeZone'
  | 'weekStartsOn'
  | 'activity.enabled'
  | 'activity.retentionDays'
  | 'activityRoles.enabled'
  | 'activityRoles.rules'
  | 'activityRoles.schedule'
  | 'jobBoard.enabled'
  | 'jobBoard.forumChannelId'
  | 'jobBoard.categoryId'
  | 'jobBoard.tagIds'
  | 'reports.enabled'
  | 'reports.channelId'
  | 'reports.roleId'
  | 'reports.schedule.daily'
  | 'reports.schedule.weekly'
  | 'reports.schedule.monthly'
  | 'activityLog.enabled'
  | 'activityLog.channelId'
  | 'antiSpam.enabled'
  | 'dashboard.leaderboard';

/**
 * A change of a guild's settings: the settings in `set` take their new values (the others keep
 * theirs), then those named in `reset` go back to the default.
 *
 * @example A new report channel, and the log channel back to the default
 * ```ts
 * const update: GuildSettingsUpdate = { set: { reports: { channelId: '1300000000000000001' } }, reset: ['activityLog.channelId'] };
 * ```
 */
export interface GuildSettingsUpdate {
  readonly set?: GuildSettings;
  readonly reset?: readonly GuildSettingPath[];
}

/**
 * Storage of each guild's settings. Updates are atomic: two processes changing two settings of one
 * guild at once keep both changes.
 *
 * @example Setting the report channel
 * ```ts
 * const settings = await store.updateGuildSettings(guildId, { set: { reports: { channelId } } }, Date.now());
 * ```
 */
export interface SettingsStore {
  /** A guild's settings; `{}` for a guild that set none. */
  readGuildSettings(guildId: string): Promise<GuildSettings>;
  /** Applies `update` to a guild's settings in one step, and resolves the settings after it. */
  updateGuildSettings(guildId: string, update: GuildSettingsUpdate, updatedAt: number): Promise<GuildSettings>;
}

type Check = (value: unknown, field: string) => void;

const boolean: Check = (value, field) => {
  if (typeof value !== 'boolean') throw new ValidationError(field, value, 'true or false');
};
const idOrNull: Check = (value, field) => {
  if (value !== null) assertSnowflake(value, field);
};
const cronOrNull: Check = (value, field) => {
  if (value !== null && (typeof value !== 'string' || value.trim() === '' || value.length > 120)) {
    throw new ValidationError(field, value, 'a cron pattern such as "5 0 * * 1", or null for never');
  }
};
const LOCALE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** Every setting by its path, and how its value is checked. */
const CHECKS: Readonly<Record<GuildSettingPath, Check>> = {
  locale: (value, field) => {
    if (typeof value !== 'string' || value.length > 35 || !LOCALE.test(value))
      throw new ValidationError(field, value, 'a Discord locale such as "en-US" or "ko"');
  },
  timeZone: (value, field) => {
    if (typeof value !== 'string' || value.length > 64 || !isTimeZone(value))
      throw new ValidationError(field, value, 'an IANA time zone such as "Europe/Berlin" or "Asia/Seoul"');
  },
  weekStartsOn: (value, field) => {
    if (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 6)
      throw new ValidationError(field, value, 'a day of the week, 0 (Sunday) to 6 (Saturday)');
  },
  'activity.enabled': boolean,
  'activity.retentionDays': (value, field) => {
    if (value !== null && (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 36_500))
      throw new ValidationError(field, value, 'a number of days from 1 to 36,500, or null to keep everything');
  },
  'activityRoles.enabled': boolean,
  'activityRoles.rules': (value, field) => assertRoleRules(value, field),
  'activityRoles.schedule': cronOrNull,
  'jobBoard.enabled': boolean,
  'jobBoard.forumChannelId': idOrNull,
  'jobBoard.categoryId': idOrNull,
  'jobBoard.tagIds': (value, field) => {
    if (!Array.isArray(value) || value.length > 5 || !value.every(isSnowflake))
      throw new ValidationError(field, value, 'at most 5 forum tag ids (strings of digits)');
  },
  'reports.enabled': boolean,
  'reports.channelId': idOrNull,
  'reports.roleId': idOrNull,
  'reports.schedule.daily': cronOrNull,
  'reports.schedule.weekly': cronOrNull,
  'reports.schedule.monthly': cronOrNull,
  'activityLog.enabled': boolean,
  'activityLog.channelId': idOrNull,
  'antiSpam.enabled': boolean,
  'dashboard.leaderboard': (value, field) => {
    if (value !== 'members' && value !== 'moderators')
      throw new ValidationError(field, value, "'members' or 'moderators'");
  },
};

/**
 * Every setting's path, in a stable order.
 *
 * @example
 * ```ts
 * GUILD_SETTING_PATHS.includes('reports.channelId'); // true
 * ```
 */
export const GUILD_SETTING_PATHS = Object.keys(CHECKS) as readonly GuildSettingPath[];

/**
 * Whether a value is an IANA time zone this runtime knows, such as `'Europe/Berlin'`.
 *
 * @example
 * ```ts
 * import { isTimeZone } from '@guildkit/core';
 *
 * isTimeZone('Asia/Seoul'); // true
 * isTimeZone('Mars/Olympus'); // false
 * ```
 */
export function isTimeZone(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The settings as a flat map of path to value, checking each value and refusing unknown names. */
function flatten(settings: unknown, field: string, prefix = '', into = new Map<GuildSettingPath, unknown>()) {
  assertObject(settings, field);
  for (const [name, value] of Object.entries(settings)) {
    if (value === undefined) continue;
    const path = `${prefix}${name}`;
    const here = `${field}.${name}`;
    if (path in CHECKS) {
      CHECKS[path as GuildSettingPath](value, here);
      into.set(path as GuildSettingPath, Array.isArray(value) ? structuredClone(value) : value);
    } else if (GUILD_SETTING_PATHS.some((known) => known.startsWith(`${path}.`))) {
      flatten(value, here, `${path}.`, into);
    } else {
      throw new ValidationError(here, value, `one of guildkit's settings (${GUILD_SETTING_PATHS.join(', ')})`);
    }
  }
  return into;
}

/** The nested settings of a flat map. */
function nest(flat: ReadonlyMap<GuildSettingPath, unknown>): GuildSettings {
  const settings: Record<string, unknown> = {};
  for (const path of GUILD_SETTING_PATHS) {
    if (!flat.has(path)) continue;
    const names = path.split('.');
    let level = settings;
    for (const name of names.slice(0, -1)) {
      level[name] ??= {};
      level = level[name] as Record<string, unknown>;
    }
    level[names.at(-1) as string] = flat.get(path);
  }
  return settings;
}

/**
 * Checks an update of a guild's settings, naming the setting at fault; every store calls it.
 *
 * @example
 * ```ts
 * const update = prepareGuildSettingsUpdate({ set: { timeZone: 'Asia/Seoul' } });
 * ```
 */
export function prepareGuildSettingsUpdate(update: GuildSettingsUpdate): GuildSettingsUpdate {
  assertObject(update, 'update');
  const set = update.set === undefined ? {} : nest(flatten(update.set, 'update.set'));
  const reset = update.reset ?? [];
  if (!Array.isArray(reset)) throw new ValidationError('update.reset', reset, 'an array of setting paths');
  for (const [i, path] of reset.entries()) {
    if (!(path in CHECKS)) {
      throw new ValidationError(`update.reset[${i}]`, path, `a setting path (${GUILD_SETTING_PATHS.join(', ')})`);
    }
  }
  return { set, reset: [...reset] };
}

/**
 * A guild's settings after an update (prepared by {@link prepareGuildSettingsUpdate}): what every
 * store writes, inside its transaction. `document` is what to store: the stored one (a JSON string
 * or an object) with the update applied, keeping what this version does not know (settings a newer
 * version wrote), so that no process drops another's settings; `settings` is what to hand back.
 *
 * @example
 * ```ts
 * const { document, settings } = applyGuildSettingsUpdate('{"timeZone":"UTC"}', { set: { weekStartsOn: 0 }, reset: ['timeZone'] });
 * // document: { weekStartsOn: 0 }, settings: { weekStartsOn: 0 }
 * ```
 */
export function applyGuildSettingsUpdate(
  stored: unknown,
  update: GuildSettingsUpdate,
): { readonly document: Record<string, unknown>; readonly settings: GuildSettings } {
  const document = structuredClone(documentOf(stored));
  for (const [path, value] of flatten(update.set ?? {}, 'update.set')) {
    const names = path.split('.');
    let level = document;
    for (const name of names.slice(0, -1)) {
      if (!isPlainObject(level[name])) level[name] = {};
      level = level[name] as Record<string, unknown>;
    }
    level[names.at(-1) as string] = value;
  }
  for (const path of update.reset ?? []) {
    const names = path.split('.');
    const parents = [document];
    for (const name of names.slice(0, -1)) {
      const next = (parents.at(-1) as Record<string, unknown>)[name];
      if (!isPlainObject(next)) break;
      parents.push(next);
    }
    if (parents.length !== names.length) continue;
    delete (parents.at(-1) as Record<string, unknown>)[names.at(-1) as string];
    // Levels left empty go too: a reset guild stores `{}`.
    for (let depth = names.length - 1; depth > 0; depth -= 1) {
      const parent = parents[depth - 1] as Record<string, unknown>;
      if (Object.keys(parents[depth] as object).length === 0) delete parent[names[depth - 1] as string];
    }
  }
  return { document, settings: parseGuildSettings(document) };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The stored document as an object: `{}` for nothing stored or something that is not a JSON object. */
function documentOf(stored: unknown): Record<string, unknown> {
  let value = stored;
  if (typeof stored === 'string') {
    try {
      value = JSON.parse(stored);
    } catch {
      return {};
    }
  }
  return isPlainObject(value) ? value : {};
}

/**
 * Settings read back from a database: what is not a known setting with a good value (a value an
 * older or newer version wrote) is left out, so that it takes the default.
 *
 * @example
 * ```ts
 * const settings = parseGuildSettings(row.settings); // a JSON string, or an object from JSONB
 * ```
 */
export function parseGuildSettings(stored: unknown): GuildSettings {
  const flat = new Map<GuildSettingPath, unknown>();
  const visit = (level: unknown, prefix: string) => {
    if (!isPlainObject(level)) return;
    for (const [name, inner] of Object.entries(level)) {
      const path = `${prefix}${name}`;
      if (!(path in CHECKS)) {
        visit(inner, `${path}.`);
        continue;
      }
      try {
        CHECKS[path as GuildSettingPath](inner, path);
        flat.set(path as GuildSettingPath, inner);
      } catch {
        // a value this version does not understand: the default applies
      }
    }
  };
  visit(documentOf(stored), '');
  return nest(flat);
}

/**
 * An update of one guild's settings, checked and ready to write.
 *
 * @example
 * ```ts
 * const change: GuildSettingsChange = { guildId, update: { set: { timeZone: 'UTC' }, reset: [] }, updatedAt: Date.now() };
 * ```
 */
export interface GuildSettingsChange {
  readonly guildId: string;
  readonly update: GuildSettingsUpdate;
  readonly updatedAt: number;
}

/**
 * Checks the arguments of `updateGuildSettings` in the order every store checks them (the guild,
 * the update, the time), naming the one at fault, before anything is written.
 *
 * @example
 * ```ts
 * const { guildId, update, updatedAt } = prepareGuildSettingsChange(id, { set: { weekStartsOn: 0 } }, Date.now());
 * ```
 */
export function prepareGuildSettingsChange(
  guildId: string,
  update: GuildSettingsUpdate,
  updatedAt: number,
): GuildSettingsChange {
  assertSnowflake(guildId, 'guildId');
  const prepared = prepareGuildSettingsUpdate(update);
  assertEpochMs(updatedAt, 'updatedAt');
  return { guildId, update: prepared, updatedAt };
}
