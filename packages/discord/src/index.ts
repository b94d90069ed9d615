/**
 * guildkit on discord.js: `createGuildkit`, which gives a bot every feature in one call, and the
 * parts beneath it: the adapter from gateway events to guildkit's events, the commands in the
 * discord.js guide's `{ data, execute }` shape, the job board's platform, report messages, the
 * activity log, the anti-spam, and the strings in every language. Report charts (a native module)
 * are in `@guildkit/discord/chart`.
 *
 * @packageDocumentation
 * @module @guildkit/discord
 */
export type { GuildkitLocale } from '@guildkit/core';
export { type GuildkitCommandName, guildkitCommandData } from './commands/command-data.ts';
export type { GuildkitCommand, GuildkitCommandData } from './commands/guildkit-command.ts';
export {
  type RegisterCommandsOptions,
  type RegisteredCommands,
  registerCommands,
} from './commands/register-commands.ts';
export { settingProblemText } from './commands/settings-command.ts';
export {
  type ButtonUse,
  type CommandUse,
  DiscordAdapter,
  type DiscordAdapterEvents,
  type DiscordAdapterOptions,
  type DiscordAdapterStats,
  type InvalidEvent,
} from './discord-adapter.ts';
export { ActivityLog } from './features/activity-log.ts';
export { AntiSpam, type AntiSpamOptions, type SpamAction } from './features/anti-spam.ts';
export { reportMembers } from './features/report-members.ts';
export { type ReportSchedule, ReportScheduler, type ScheduledReportKind } from './features/report-scheduler.ts';
export { createGuildkit, Guildkit } from './guildkit/create-guildkit.ts';
export {
  GuildkitSettings,
  type GuildkitSettingsEvents,
  GuildSettingsError,
  type SettingsInEffect,
} from './guildkit/guild-settings.ts';
export type {
  ActivityFeature,
  ActivityLogFeature,
  ActivityRolesFeature,
  AlertsFeature,
  CommandsFeature,
  GuildkitEvents,
  GuildkitOptions,
  JobBoardFeature,
  ReportsFeature,
} from './guildkit/guildkit-options.ts';
export { guildkitIntents, type IntentFeatures, MissingIntentsError } from './guildkit/intents.ts';
export type { CommandOutcome } from './guildkit/runtime.ts';
export type { SettingProblem } from './guildkit/settings-checks.ts';
export type {
  ActivityView,
  ActivityWindow,
  ActivityWindows,
  CommandText,
  GuildkitStrings,
} from './i18n/guildkit-strings.ts';
export {
  builtInStrings,
  type PartialStrings,
  Translations,
  type TranslationsOptions,
} from './i18n/translations.ts';
export {
  DiscordJobBoardPlatform,
  type DiscordJobBoardPlatformOptions,
  type JobBoardPermissionGap,
  missingJobBoardPermissions,
} from './job-board-platform.ts';
export { JOB_CLOSE_BUTTON } from './job-post.ts';
export { type DiscordLogSinkOptions, discordLogSink, formatLogLine } from './log-sink.ts';
export {
  heatmapSvg,
  type ReportChart,
  type ReportMessageOptions,
  reportChartSvg,
  reportEmbed,
  reportMessage,
} from './report-render.ts';
export { DiscordRolePlatform } from './role-platform.ts';
export { type WebhookLogSinkOptions, webhookLogSink } from './webhook-sink.ts';
