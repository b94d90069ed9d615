// What a guild's settings are checked against before they are stored: the guild itself, as
// discord.js's cache holds it (its channels, roles and the bot's permissions), and what the bot offers.
import { type GuildSettingPath, type GuildSettings, isTimeZone } from '@guildkit/core';
import { Cron } from 'croner';
import { ChannelType, type Guild, type PermissionsString } from 'discord.js';
import type { Translations } from '../i18n/translations.ts';
import { missingJobBoardPermissions } from '../job-board-platform.ts';
import { roleProblemsIn } from '../role-platform.ts';
import type { SettingsDefaults, SettingsInEffect } from './guild-settings.ts';

/**
 * Why a guild's setting was refused: the channel or role is not in the guild, is of the wrong kind,
 * or the bot lacks permissions there; or the value itself is not good.
 *
 * @example Telling the member what to fix
 * ```ts
 * for (const { path, reason, missing } of error.problems) console.log(path, reason, missing?.join(', '));
 * ```
 */
export interface SettingProblem {
  readonly path: GuildSettingPath;
  readonly reason: 'not-found' | 'wrong-type' | 'missing-permissions' | 'invalid' | 'feature-off';
  /** With `'wrong-type'`: what the setting needs. */
  readonly expected?: 'text' | 'forum' | 'category' | 'role';
  /** With `'missing-permissions'`: what the bot lacks there. */
  readonly missing?: readonly PermissionsString[];
  /** With `'invalid'`: why, in English. */
  readonly detail?: string;
}

const TEXT = [ChannelType.GuildText, ChannelType.GuildAnnouncement];
const REPORT_NEEDS: PermissionsString[] = ['ViewChannel', 'SendMessages', 'EmbedLinks', 'AttachFiles'];
const LOG_NEEDS: PermissionsString[] = ['ViewChannel', 'SendMessages'];

/** @internal What a guild's settings are checked against. */
export interface CheckContext {
  readonly guild: Guild;
  readonly defaults: SettingsDefaults;
  /** The guild's settings in effect before the change. */
  readonly inEffect: SettingsInEffect;
  readonly translations: Translations;
}

/** @internal Every problem the settings in `set` would meet in the guild; empty when they are good. */
export function settingProblems(context: CheckContext, set: GuildSettings): SettingProblem[] {
  const { guild, defaults, inEffect, translations } = context;
  const problems: SettingProblem[] = [];
  const featureOff = (path: GuildSettingPath, on: unknown) => {
    if (on === undefined || on === false) problems.push({ path, reason: 'feature-off' });
  };
  if (set.activity !== undefined) featureOff('activity.enabled', defaults.activity);
  if (set.jobBoard !== undefined) featureOff('jobBoard.enabled', defaults.jobBoard);
  if (set.reports !== undefined) featureOff('reports.enabled', defaults.reports);
  if (set.activityLog !== undefined) featureOff('activityLog.enabled', defaults.activityLog);
  if (set.antiSpam !== undefined) featureOff('antiSpam.enabled', defaults.antiSpam);
  const text = (path: GuildSettingPath, id: string | null | undefined, needs: PermissionsString[]) => {
    if (id === undefined || id === null) return;
    const channel = guild.channels.cache.get(id);
    if (channel === undefined) problems.push({ path, reason: 'not-found' });
    else if (!TEXT.includes(channel.type)) problems.push({ path, reason: 'wrong-type', expected: 'text' });
    else {
      const me = guild.members.me;
      const missing = me === null ? needs : channel.permissionsFor(me).missing(needs);
      if (missing.length > 0) problems.push({ path, reason: 'missing-permissions', missing });
    }
  };
  text('reports.channelId', set.reports?.channelId, REPORT_NEEDS);
  text('activityLog.channelId', set.activityLog?.channelId, LOG_NEEDS);
  const roleId = set.reports?.roleId;
  if (roleId !== undefined && roleId !== null && !guild.roles.cache.has(roleId)) {
    problems.push({ path: 'reports.roleId', reason: 'not-found' });
  }
  checkJobBoard(guild, inEffect, set.jobBoard, problems);
  if (set.activityRoles !== undefined) featureOff('activityRoles.enabled', defaults.activityRoles);
  // Roles the bot cannot give: said now, not at the first run.
  for (const { roleId, reason } of roleProblemsIn(guild, set.activityRoles?.rules?.map((rule) => rule.roleId) ?? [])) {
    problems.push(
      reason === 'missing'
        ? { path: 'activityRoles.rules', reason: 'not-found' }
        : reason === 'no-permission'
          ? { path: 'activityRoles.rules', reason: 'missing-permissions', missing: ['ManageRoles'] }
          : { path: 'activityRoles.rules', reason: 'invalid', detail: `<@&${roleId}>: ${reason}` },
    );
  }
  const timeZone = set.timeZone !== undefined && isTimeZone(set.timeZone) ? set.timeZone : inEffect.timeZone;
  const cron = (path: GuildSettingPath, pattern: string | null | undefined) => {
    if (pattern === undefined || pattern === null) return;
    try {
      new Cron(pattern, { paused: true, timezone: timeZone }).stop();
    } catch (error) {
      problems.push({ path, reason: 'invalid', detail: (error as Error).message });
    }
  };
  for (const kind of ['daily', 'weekly', 'monthly'] as const)
    cron(`reports.schedule.${kind}`, set.reports?.schedule?.[kind]);
  cron('activityRoles.schedule', set.activityRoles?.schedule);
  if (set.timeZone !== undefined && !isTimeZone(set.timeZone)) {
    problems.push({ path: 'timeZone', reason: 'invalid', detail: 'not an IANA time zone such as Europe/Berlin' });
  }
  if (set.locale !== undefined && !translations.locales.includes(set.locale)) {
    const offered = translations.locales.join(', ');
    problems.push({ path: 'locale', reason: 'invalid', detail: `guildkit has strings for ${offered}` });
  }
  return problems;
}

function checkJobBoard(
  guild: Guild,
  inEffect: SettingsInEffect,
  set: GuildSettings['jobBoard'],
  problems: SettingProblem[],
): void {
  if (set === undefined) return;
  const current = inEffect.jobBoard;
  const forumChannelId = set.forumChannelId === undefined ? current?.forumChannelId : set.forumChannelId;
  if (set.forumChannelId !== undefined && set.forumChannelId !== null) {
    const categoryId = set.categoryId === undefined ? (current?.categoryId ?? null) : set.categoryId;
    for (const gap of missingJobBoardPermissions(guild.client, guild.id, {
      forumChannelId: set.forumChannelId,
      categoryId,
    })) {
      if (gap.where === 'category' && set.categoryId === undefined) continue; // not what is being set
      const path: GuildSettingPath = gap.where === 'forum' ? 'jobBoard.forumChannelId' : 'jobBoard.categoryId';
      problems.push(gapProblem(guild, path, gap.where, gap.channelId, gap.missing));
    }
  } else if (set.categoryId !== undefined && set.categoryId !== null) {
    const gaps = missingJobBoardPermissions(guild.client, guild.id, {
      forumChannelId: forumChannelId ?? '0',
      categoryId: set.categoryId,
    });
    for (const gap of gaps.filter((gap) => gap.where === 'category')) {
      problems.push(gapProblem(guild, 'jobBoard.categoryId', 'category', gap.channelId, gap.missing));
    }
  }
  if (set.tagIds !== undefined && set.tagIds.length > 0) {
    const forum = forumChannelId == null ? undefined : guild.channels.cache.get(forumChannelId);
    const tags = new Set(forum?.type === ChannelType.GuildForum ? forum.availableTags.map((tag) => tag.id) : []);
    if (!set.tagIds.every((id) => tags.has(id))) problems.push({ path: 'jobBoard.tagIds', reason: 'not-found' });
  }
}

function gapProblem(
  guild: Guild,
  path: GuildSettingPath,
  where: 'forum' | 'category',
  channelId: string | null,
  missing: readonly string[],
): SettingProblem {
  if (!missing.includes('missing channel')) {
    return { path, reason: 'missing-permissions', missing: missing as PermissionsString[] };
  }
  const exists = channelId !== null && guild.channels.cache.has(channelId);
  return exists ? { path, reason: 'wrong-type', expected: where } : { path, reason: 'not-found' };
}
