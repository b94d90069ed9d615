/**
 * The domain of guildkit: voice-activity tracking, the job board, reports, batched logging and
 * rate limits, with the storage ports, an in-memory store, errors and the built-in strings. Never
 * imports discord.js, a database driver or node: I/O. Helpers for store authors are in
 * `@guildkit/core/store-kit`; the store conformance suite is in `@guildkit/core/testing`.
 *
 * @packageDocumentation
 * @module @guildkit/core
 */

import { assertSupportedRuntime } from './runtime/supported-runtime.ts';

export { ActivityTracker } from './activity/activity-tracker.ts';
export { DayCalendar, type HourBounds } from './activity/day-calendar.ts';
export { days } from './activity/day-math.ts';
export type { ActivityTrackerEvents, ActivityTrackerStats, SessionEnd } from './activity/tracker-events.ts';
export { type ActivityTrackerOptions, DEFAULT_IGNORED_CHANNEL_PATTERNS } from './activity/tracker-options.ts';
export type { TrackerTotalsQuery } from './activity/tracker-reads.ts';
export * from './errors.ts';
export type * from './events/voice-events.ts';
export {
  baseLanguage,
  type CoreStrings,
  coreStrings,
  type GuildkitLocale,
  matchLocale,
} from './i18n/core-strings.ts';
export { JobBoard } from './jobs/job-board.ts';
export type {
  JobBoardChannels,
  JobBoardEvents,
  JobBoardOptions,
  JobBoardStats,
  JobCloseActor,
  JobCloseResult,
} from './jobs/job-board-options.ts';
export {
  type JobBoardPlatform,
  type JobCloseReason,
  type JobClosing,
  JobOpenError,
  type JobPostRequest,
  type JobRoomRequest,
  JobTargetGoneError,
} from './jobs/job-board-platform.ts';
export type { JobOpenRequest, JobOpenResult } from './jobs/job-open.ts';
export type { CloseOptions, ErrorContext } from './lifecycle/lifecycle.ts';
export { type RateLimitDecision, RateLimiter, type RateLimiterOptions } from './limits/rate-limiter.ts';
export {
  classifyFailure,
  RateLimitedError,
  RetryGaveUpError,
  type RetryVerdict,
} from './limits/retry-verdict.ts';
export { type RetryCall, RetryingExecutor, type RetryingExecutorOptions } from './limits/retrying-executor.ts';
export {
  BatchLogger,
  type BatchLoggerEvents,
  type BatchLoggerOptions,
  type BatchLoggerStats,
} from './logging/batch-logger.ts';
export { functionLogSink, type LogSink, storeLogSink } from './logging/log-sink.ts';
export { DEFAULT_REDACT_KEYS, DEFAULT_REDACT_PATTERNS, REDACTED } from './logging/redact.ts';
export type { SinkStats } from './logging/sink-runner.ts';
export { MemoryDatabase } from './memory/memory-database.ts';
export { MemoryStore, type MemoryStoreOptions } from './memory/memory-store.ts';
export { type ActivityHeatmap, activityHeatmap } from './reports/activity-heatmap.ts';
export { memberDataToCsv } from './reports/member-data-csv.ts';
export {
  type ActivityReport,
  type ReportEntry,
  type ReportFigures,
  ReportGenerator,
  type ReportGeneratorOptions,
  type ReportMember,
  type ReportRequest,
} from './reports/report-generator.ts';
export { previousRange, type ReportPeriod, type ReportRange, reportRange } from './reports/report-periods.ts';
export { formatDuration, reportToCsv, reportToText, toCsv } from './reports/report-text.ts';
export {
  ActivityRoles,
  type ActivityRolesEvents,
  type ActivityRolesOptions,
  type RolePlan,
  type RolePlatform,
  type RoleProblem,
  type RoleRunProgress,
} from './roles/activity-roles.ts';
export {
  type ActivityRoleRule,
  assertRoleRules,
  MAX_ROLE_RULES,
  type RoleChange,
  type RoleMember,
} from './roles/role-rules.ts';
export { SUPPORTED_NODE_VERSIONS } from './runtime/supported-runtime.ts';
export type * from './storage/activity-store.ts';
export type * from './storage/guildkit-store.ts';
export type * from './storage/job-board-store.ts';
export type {
  LogLevel,
  LogRecord,
  LogStore,
  PruneLogsQuery,
  RecentLogsQuery,
  StoredLogRecord,
} from './storage/log-store.ts';
export { LOG_LEVEL_VALUES } from './storage/log-store.ts';
export type * from './storage/member-data-store.ts';
export type { ReportPost, ReportPostKey, ReportStore } from './storage/report-store.ts';
export type * from './storage/role-run-store.ts';
export {
  GUILD_SETTING_PATHS,
  type GuildSettingPath,
  type GuildSettings,
  type GuildSettingsUpdate,
  isTimeZone,
  type SettingsStore,
} from './storage/settings-store.ts';
export { isDayKey, isSnowflake } from './validation.ts';

// An unsupported Node.js gets a readable error when guildkit is imported, not a crash later.
assertSupportedRuntime();
