import { GUILD_SETTING_PATHS, type GuildSettingPath, type GuildSettingsUpdate, ValidationError } from '@guildkit/core';
import {
  ApplicationCommandOptionType,
  ChannelType,
  type ChatInputCommandInteraction,
  PermissionFlagsBits,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { GuildSettingsError, type SettingsInEffect } from '../guildkit/guild-settings.ts';
import type { Runtime } from '../guildkit/runtime.ts';
import type { SettingProblem } from '../guildkit/settings-checks.ts';
import type { CommandText, GuildkitStrings } from '../i18n/guildkit-strings.ts';
import type { Translations } from '../i18n/translations.ts';
import { replyPrivately } from './reply.ts';

type Body = RESTPostAPIChatInputApplicationCommandsJSONBody;
type Named = (pick: (strings: GuildkitStrings) => CommandText) => Pick<Body, 'name' | 'description'>;
type Choice = <V extends string | number>(
  value: V,
  pick: (strings: GuildkitStrings, locale: string) => string,
) => {
  value: V;
  name: string;
};

/** The channel settings `/settings channel` offers, and the kinds of channel each takes. */
const CHANNEL_SETTINGS = [
  'reports.channelId',
  'activityLog.channelId',
  'jobBoard.forumChannelId',
  'jobBoard.categoryId',
] as const satisfies readonly GuildSettingPath[];
const FEATURES = ['activity', 'jobBoard', 'reports', 'activityLog', 'antiSpam', 'activityRoles'] as const;
const REPORTS = ['daily', 'weekly', 'monthly'] as const;
/** What `/settings schedule` sets: the reports' schedules, and the activity roles' runs. */
const SCHEDULES = [...REPORTS, 'roles'] as const;
const schedulePath = (kind: (typeof SCHEDULES)[number]): GuildSettingPath =>
  kind === 'roles' ? 'activityRoles.schedule' : `reports.schedule.${kind}`;
/** A Sunday: weekday names come from `Intl`, in each language. */
const A_SUNDAY = Date.UTC(2023, 0, 1);

const weekday = (locale: string, day: number) =>
  new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(A_SUNDAY + day * 86_400_000);
const languageName = (locale: string) => new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale;

/** @internal The body of `/settings`, for Manage Server by default (the bot checks it at every use as well). */
export function settingsCommandBody(named: Named, choice: Choice, translations: Translations): Omit<Body, 'contexts'> {
  const sub = (pick: (c: GuildkitStrings['commands']['settings']) => CommandText, options: object[] = []) =>
    ({
      type: ApplicationCommandOptionType.Subcommand,
      ...named((s) => pick(s.commands.settings)),
      options,
    }) as NonNullable<Body['options']>[number];
  const option = (
    type: ApplicationCommandOptionType,
    pick: (c: GuildkitStrings['commands']['settings']) => CommandText,
    more: object = {},
  ) => ({ type, required: true, ...named((s) => pick(s.commands.settings)), ...more });
  const S = ApplicationCommandOptionType;
  return {
    ...named((s) => s.commands.settings),
    default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
    options: [
      sub((c) => c.show),
      sub(
        (c) => c.channel,
        [
          option(S.String, (c) => c.channel.setting, {
            choices: CHANNEL_SETTINGS.map((path) => choice(path, (s) => s.settings.names[path])),
          }),
          option(S.Channel, (c) => c.channel.channel, {
            channel_types: [
              ChannelType.GuildText,
              ChannelType.GuildAnnouncement,
              ChannelType.GuildForum,
              ChannelType.GuildCategory,
            ],
          }),
        ],
      ),
      sub((c) => c.role, [option(S.Role, (c) => c.role.role)]),
      sub(
        (c) => c.feature,
        [
          option(S.String, (c) => c.feature.feature, {
            choices: FEATURES.map((feature) => choice(feature, (s) => s.settings.names[`${feature}.enabled`])),
          }),
          option(S.Boolean, (c) => c.feature.enabled),
        ],
      ),
      sub((c) => c.timeZone, [option(S.String, (c) => c.timeZone.zone, { max_length: 64 })]),
      sub(
        (c) => c.language,
        [
          option(S.String, (c) => c.language.language, {
            choices: [
              ...translations.locales.map((locale) => choice(locale, () => languageName(locale))),
              choice('server', (s) => s.settings.serverLanguage),
            ],
          }),
        ],
      ),
      sub(
        (c) => c.weekStart,
        [
          option(S.Integer, (c) => c.weekStart.day, {
            choices: [0, 1, 2, 3, 4, 5, 6].map((day) => choice(day, (_, locale) => weekday(locale, day))),
          }),
        ],
      ),
      sub(
        (c) => c.schedule,
        [
          option(S.String, (c) => c.schedule.report, {
            choices: SCHEDULES.map((kind) => choice(kind, (s) => s.settings.names[schedulePath(kind)])),
          }),
          option(S.String, (c) => c.schedule.pattern, { max_length: 120 }),
        ],
      ),
      sub((c) => c.retention, [option(S.Integer, (c) => c.retention.days, { min_value: 0, max_value: 36_500 })]),
      sub(
        (c) => c.reset,
        [
          option(S.String, (c) => c.reset.setting, {
            choices: GUILD_SETTING_PATHS.map((path) => choice(path, (s) => s.settings.names[path])),
          }),
        ],
      ),
    ],
  };
}

/**
 * @internal `/settings show | channel | report-role | feature | time-zone | language | week-start |
 * schedule | reset`: for members with Manage Server, checked at every use; every change checked
 * against the guild before it is stored.
 */
export async function answerSettings(
  interaction: ChatInputCommandInteraction,
  strings: GuildkitStrings,
  { settings, translations }: Runtime,
): Promise<void> {
  const text = strings.settings;
  const guildId = interaction.guildId;
  if (guildId === null) {
    await replyPrivately(interaction, text.notHere);
    return;
  }
  // A server's admins can change who sees the command: the bot checks the permission itself.
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) !== true) {
    const name = strings.replies.permissionNames.ManageGuild ?? 'Manage Server';
    await replyPrivately(interaction, strings.replies.needsPermission(name));
    return;
  }
  const subcommand = interaction.options.getSubcommand(true);
  if (subcommand === 'show') {
    const own = await settings.read(guildId);
    const shown = showSettings(settings.of(guildId), own, strings, interaction.locale, translations);
    await replyPrivately(interaction, shown);
    return;
  }
  const { update, path } = updateOf(subcommand, interaction);
  try {
    const inEffect = await settings.update(guildId, update);
    const name = text.names[path];
    const answer =
      update.reset === undefined || update.reset.length === 0 || update.set !== undefined
        ? text.saved(name, shownValue(inEffect, path, strings, interaction.locale, translations))
        : text.reset(name);
    await replyPrivately(interaction, answer);
  } catch (error) {
    const problems =
      error instanceof GuildSettingsError
        ? error.problems.map((problem) => settingProblemText(problem, strings))
        : error instanceof ValidationError
          ? [text.invalid(text.names[pathOfField(error.field) ?? path], error.message.replace(/^\S+ /, ''))]
          : undefined;
    if (problems === undefined) throw error;
    await replyPrivately(interaction, text.refused(problems.join('\n')));
  }
}

/** The update a subcommand asks for, and the setting it is about. */
function updateOf(
  subcommand: string,
  interaction: ChatInputCommandInteraction,
): { update: GuildSettingsUpdate; path: GuildSettingPath } {
  const options = interaction.options;
  switch (subcommand) {
    case 'channel': {
      const path = options.getString('setting', true) as (typeof CHANNEL_SETTINGS)[number];
      const id = options.getChannel('channel', true).id;
      const [feature, name] = path.split('.') as [string, string];
      return { update: { set: { [feature]: { [name]: id } } }, path };
    }
    case 'report-role':
      return { update: { set: { reports: { roleId: options.getRole('role', true).id } } }, path: 'reports.roleId' };
    case 'feature': {
      const feature = options.getString('feature', true) as (typeof FEATURES)[number];
      const enabled = options.getBoolean('enabled', true);
      return { update: { set: { [feature]: { enabled } } }, path: `${feature}.enabled` };
    }
    case 'time-zone':
      return { update: { set: { timeZone: options.getString('zone', true).trim() } }, path: 'timeZone' };
    case 'language': {
      const locale = options.getString('language', true);
      return { update: locale === 'server' ? { reset: ['locale'] } : { set: { locale } }, path: 'locale' };
    }
    case 'week-start':
      return { update: { set: { weekStartsOn: options.getInteger('day', true) } }, path: 'weekStartsOn' };
    case 'schedule': {
      const kind = options.getString('report', true) as (typeof SCHEDULES)[number];
      const pattern = options.getString('cron', true).trim();
      const value = pattern.toLowerCase() === 'off' ? null : pattern;
      if (kind === 'roles')
        return { update: { set: { activityRoles: { schedule: value } } }, path: schedulePath(kind) };
      return { update: { set: { reports: { schedule: { [kind]: value } } } }, path: schedulePath(kind) };
    }
    case 'retention': {
      const days = options.getInteger('days', true);
      return {
        update: { set: { activity: { retentionDays: days === 0 ? null : days } } },
        path: 'activity.retentionDays',
      };
    }
    case 'reset': {
      const path = options.getString('setting', true) as GuildSettingPath;
      return { update: { reset: [path] }, path };
    }
    default:
      throw new Error(`/settings has no subcommand "${subcommand}"`);
  }
}

/**
 * What is wrong with a setting, in a member's language: how `/settings` and the dashboard word a
 * {@link SettingProblem}.
 *
 * @example
 * ```ts
 * const lines = error.problems.map((problem) => settingProblemText(problem, guildkit.translations.strings('ko')));
 * ```
 */
export function settingProblemText(problem: SettingProblem, strings: GuildkitStrings): string {
  const text = strings.settings;
  const name = text.names[problem.path];
  switch (problem.reason) {
    case 'not-found':
      return text.notFound(name);
    case 'wrong-type':
      return text.wrongType(name, problem.expected ?? 'text');
    case 'missing-permissions':
      return text.missingPermissions(
        name,
        (problem.missing ?? [])
          .map((permission) => strings.replies.permissionNames[permission] ?? permission)
          .join(', '),
      );
    case 'feature-off':
      return text.featureOff(name);
    default:
      // In the member's language where guildkit knows what is wrong; a library's own words otherwise.
      if (problem.path === 'timeZone') return text.invalid(name, text.badTimeZone);
      if (problem.path.startsWith('reports.schedule.') || problem.path === 'activityRoles.schedule')
        return text.invalid(name, text.badSchedule);
      return text.invalid(name, problem.detail ?? '');
  }
}

/** `update.set.reports.channelId` → `reports.channelId`. */
function pathOfField(field: string): GuildSettingPath | undefined {
  const path = field.replace(/^update\.(set|reset)\.?/, '');
  return (GUILD_SETTING_PATHS as readonly string[]).includes(path) ? (path as GuildSettingPath) : undefined;
}

/** A setting's value in effect, as a member reads it. */
function shownValue(
  inEffect: SettingsInEffect,
  path: GuildSettingPath,
  strings: GuildkitStrings,
  locale: string,
  translations: Translations,
): string {
  const text = strings.settings;
  const channel = (id: string | null | undefined) => (id == null ? text.none : `<#${id}>`);
  const onOff = (on: boolean) => (on ? text.on : text.off);
  const schedule = (kind: (typeof REPORTS)[number]) => {
    const pattern = inEffect.reports?.schedule[kind];
    return pattern == null ? text.never : `\`${pattern}\``;
  };
  switch (path) {
    case 'locale':
      return inEffect.locale === undefined ? text.serverLanguage : languageName(translations.resolve(inEffect.locale));
    case 'timeZone':
      return inEffect.timeZone;
    case 'weekStartsOn':
      return weekday(locale, inEffect.weekStartsOn);
    case 'activity.enabled':
      return onOff(inEffect.activity);
    case 'jobBoard.enabled':
      return onOff(inEffect.switches.jobBoard);
    case 'jobBoard.forumChannelId':
      return channel(inEffect.jobBoard?.forumChannelId);
    case 'jobBoard.categoryId':
      return channel(inEffect.jobBoard?.categoryId);
    case 'jobBoard.tagIds':
      return (inEffect.jobBoard?.tagIds ?? []).length === 0 ? text.none : (inEffect.jobBoard?.tagIds.join(', ') ?? '');
    case 'reports.enabled':
      return onOff(inEffect.switches.reports);
    case 'reports.channelId':
      return channel(inEffect.reports?.channelId);
    case 'reports.roleId':
      return inEffect.reports?.roleId == null ? text.none : `<@&${inEffect.reports.roleId}>`;
    case 'reports.schedule.daily':
      return schedule('daily');
    case 'reports.schedule.weekly':
      return schedule('weekly');
    case 'reports.schedule.monthly':
      return schedule('monthly');
    case 'activityLog.enabled':
      return onOff(inEffect.switches.activityLog);
    case 'activityLog.channelId':
      return channel(inEffect.activityLog?.channelId);
    case 'antiSpam.enabled':
      return onOff(inEffect.antiSpam);
    case 'activity.retentionDays':
      return inEffect.retentionDays === null ? text.keepAll : text.days(inEffect.retentionDays);
    case 'activityRoles.enabled':
      return onOff(inEffect.switches.activityRoles);
    case 'activityRoles.rules':
      return text.rules(inEffect.activityRoles?.rules.length ?? 0);
    case 'activityRoles.schedule':
      return inEffect.activityRoles?.schedule == null ? text.never : `\`${inEffect.activityRoles.schedule}\``;
    case 'dashboard.leaderboard':
      return text.leaderboardFor[inEffect.leaderboard];
  }
}

/** Every setting in effect, one a line, those the guild did not set marked as the default. */
function showSettings(
  inEffect: SettingsInEffect,
  own: object,
  strings: GuildkitStrings,
  locale: string,
  translations: Translations,
): string {
  const text = strings.settings;
  const isOwn = (path: GuildSettingPath) =>
    path.split('.').reduce<unknown>((level, name) => (level as Record<string, unknown> | undefined)?.[name], own) !==
    undefined;
  const lines = GUILD_SETTING_PATHS.map((path) => {
    const value = shownValue(inEffect, path, strings, locale, translations);
    return `${text.names[path]}: ${value}${isOwn(path) ? '' : ` ${text.byDefault}`}`;
  });
  return [text.title, ...lines].join('\n');
}
