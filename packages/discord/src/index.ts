/**
 * guildkit's discord.js adapter: gateway events to guildkit's platform-neutral events, and
 * guildkit's slash commands with Korean and English names.
 *
 * @packageDocumentation
 * @module @guildkit/discord
 */
export { guildkitCommands, registerCommands } from './commands.ts';
export {
  type ButtonUse,
  type CommandUse,
  DiscordAdapter,
  type DiscordAdapterEvents,
  type DiscordAdapterOptions,
  type DiscordAdapterStats,
  type InvalidEvent,
} from './discord-adapter.ts';
export {
  DiscordJobBoardPlatform,
  type DiscordJobBoardPlatformOptions,
  type JobBoardPermissionGap,
  missingJobBoardPermissions,
} from './job-board-platform.ts';
export { JOB_CLOSE_BUTTON } from './job-post.ts';
export { type GuildkitLocale, resolveLocale } from './locale.ts';
export { type DiscordLogSinkOptions, discordLogSink, formatLogLine } from './log-sink.ts';
export {
  type ReportChartOptions,
  reportChartPng,
  reportChartSvg,
  reportEmbed,
  reportMessage,
} from './report-render.ts';
