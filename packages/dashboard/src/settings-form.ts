import type { GuildSettingPath, GuildSettings, GuildSettingsUpdate } from '@guildkit/core';
import type { Guildkit, SettingsInEffect } from '@guildkit/discord';
import { ChannelType, type Guild } from 'discord.js';

// The settings page's form: what it shows of a guild's settings (each value in effect, and whether
// it is the guild's own or the bot's default), and the update a submitted form asks for. Only what
// a person changed is written: a form sent back untouched changes nothing, so the bot's defaults
// stay defaults.

/** @internal A choice in a list. */
export interface Choice {
  readonly value: string;
  readonly label: string;
}

/** @internal The form's lists: the guild's channels of each kind and its roles, by position. */
export function choicesOf(guild: Guild) {
  const channels = [...guild.channels.cache.values()].sort((a, b) =>
    'rawPosition' in a && 'rawPosition' in b ? a.rawPosition - b.rawPosition : 0,
  );
  const of = (...types: ChannelType[]): Choice[] =>
    channels
      .filter((channel) => types.includes(channel.type))
      .map((channel) => ({ value: channel.id, label: `#${channel.name}` }));
  return {
    text: of(ChannelType.GuildText, ChannelType.GuildAnnouncement),
    forum: of(ChannelType.GuildForum),
    category: of(ChannelType.GuildCategory).map((choice) => ({ ...choice, label: choice.label.slice(1) })),
    roles: [...guild.roles.cache.values()]
      .filter((role) => role.id !== guild.id && !role.managed)
      .sort((a, b) => b.position - a.position)
      .map((role) => ({ value: role.id, label: `@${role.name}` })),
  };
}

/**
 * @internal The values the form shows, as form values (`'on'`/`'off'`, ids, `'none'`): those in
 * effect, and for a feature switched off, what the guild saved for it (shown as it will be when
 * the feature is switched on again).
 */
export function formValues(inEffect: SettingsInEffect, own: GuildSettings): Record<string, string> {
  const id = (value: string | null | undefined) => (value == null ? 'none' : value);
  const onOff = (on: boolean) => (on ? 'on' : 'off');
  const schedule = inEffect.reports?.schedule ?? own.reports?.schedule;
  return {
    locale: inEffect.locale ?? '',
    timeZone: inEffect.timeZone,
    weekStartsOn: String(inEffect.weekStartsOn),
    'activity.enabled': onOff(inEffect.switches.activity),
    'activity.retentionDays': inEffect.retentionDays === null ? '' : String(inEffect.retentionDays),
    'reports.enabled': onOff(inEffect.switches.reports),
    'reports.channelId': id(inEffect.reports?.channelId ?? own.reports?.channelId),
    'reports.roleId': id(inEffect.reports === undefined ? own.reports?.roleId : inEffect.reports.roleId),
    'reports.schedule.daily': schedule?.daily ?? '',
    'reports.schedule.weekly': schedule?.weekly ?? '',
    'reports.schedule.monthly': schedule?.monthly ?? '',
    'jobBoard.enabled': onOff(inEffect.switches.jobBoard),
    'jobBoard.forumChannelId': id(inEffect.jobBoard?.forumChannelId ?? own.jobBoard?.forumChannelId),
    'jobBoard.categoryId': id(
      inEffect.jobBoard === undefined ? own.jobBoard?.categoryId : inEffect.jobBoard.categoryId,
    ),
    'activityLog.enabled': onOff(inEffect.switches.activityLog),
    'activityLog.channelId': id(inEffect.activityLog?.channelId ?? own.activityLog?.channelId),
    'antiSpam.enabled': onOff(inEffect.switches.antiSpam),
    'activityRoles.enabled': onOff(inEffect.switches.activityRoles),
    'activityRoles.schedule':
      (inEffect.activityRoles === undefined ? own.activityRoles?.schedule : inEffect.activityRoles.schedule) ?? '',
    'dashboard.leaderboard': inEffect.leaderboard,
  };
}

/** How each field of the form becomes a setting's value. */
const FIELDS: Readonly<Record<string, (value: string) => unknown>> = {
  locale: (value) => value,
  timeZone: (value) => value,
  weekStartsOn: (value) => Number(value),
  'activity.enabled': (value) => value === 'on',
  'activity.retentionDays': (value) => (value === '' || value === '0' ? null : Number(value)),
  'reports.enabled': (value) => value === 'on',
  'reports.channelId': (value) => (value === 'none' ? null : value),
  'reports.roleId': (value) => (value === 'none' ? null : value),
  'reports.schedule.daily': (value) => (value === '' ? null : value),
  'reports.schedule.weekly': (value) => (value === '' ? null : value),
  'reports.schedule.monthly': (value) => (value === '' ? null : value),
  'jobBoard.enabled': (value) => value === 'on',
  'jobBoard.forumChannelId': (value) => (value === 'none' ? null : value),
  'jobBoard.categoryId': (value) => (value === 'none' ? null : value),
  'activityLog.enabled': (value) => value === 'on',
  'activityLog.channelId': (value) => (value === 'none' ? null : value),
  'antiSpam.enabled': (value) => value === 'on',
  'activityRoles.enabled': (value) => value === 'on',
  'activityRoles.schedule': (value) => (value === '' ? null : value),
  'dashboard.leaderboard': (value) => value,
};

/**
 * @internal The update a submitted form asks for: each field whose value differs from the one the
 * form showed (sent back in `_shown`), so that what someone else changed meanwhile is not written
 * over with the old value. The language's empty choice ("the server's") resets it.
 */
export function updateOf(
  body: Record<string, unknown>,
  inEffect: SettingsInEffect,
  own: GuildSettings,
): GuildSettingsUpdate {
  const shown = { ...formValues(inEffect, own), ...shownIn(body) };
  const set: Record<string, unknown> = {};
  const reset: GuildSettingPath[] = [];
  for (const [field, convert] of Object.entries(FIELDS)) {
    const raw = body[field];
    if (typeof raw !== 'string') continue;
    const value = raw.trim();
    if (value === shown[field]) continue;
    if (field === 'locale' && value === '') {
      if (own.locale !== undefined) reset.push('locale');
      continue;
    }
    let level = set;
    const names = field.split('.');
    for (const name of names.slice(0, -1)) {
      level[name] ??= {};
      level = level[name] as Record<string, unknown>;
    }
    level[names.at(-1) as string] = convert(value);
  }
  return { set: set as GuildSettings, reset };
}

/** @internal Which groups of settings the bot has the features of. */
export function featuresOf(guildkit: Guildkit) {
  return {
    activity: guildkit.tracker !== undefined,
    reports: guildkit.reports !== undefined,
    jobBoard: guildkit.board !== undefined,
    activityLog: guildkit.activityLog !== undefined,
    antiSpam: guildkit.antiSpam !== undefined,
    roles: guildkit.roles !== undefined,
  };
}

/** The values the form showed, from its `_shown` field; none when it is missing or not readable. */
function shownIn(body: Record<string, unknown>): Record<string, string> {
  if (typeof body._shown !== 'string') return {};
  try {
    const parsed: unknown = JSON.parse(body._shown);
    if (parsed === null || typeof parsed !== 'object') return {};
    return Object.fromEntries(
      Object.entries(parsed).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] in FIELDS,
      ),
    );
  } catch {
    return {};
  }
}

/** @internal What a refused form showed, with the person's own entries kept: they fix one and send it again. */
export function enteredValues(body: Record<string, unknown>, shown: Record<string, string>): Record<string, string> {
  const values = { ...shown };
  for (const field of Object.keys(FIELDS)) {
    const value = body[field];
    if (typeof value === 'string') values[field] = value.trim();
  }
  return values;
}
