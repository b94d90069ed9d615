/**
 * The domain of guildkit: storage ports, the in-memory store, validation and errors. Never imports discord.js, a database driver or node: I/O.
 *
 * @packageDocumentation
 * @module @guildkit/core
 */

export { ActivityTracker } from './activity/activity-tracker.ts';
export { DayCalendar } from './activity/day-calendar.ts';
export { days } from './activity/day-math.ts';
export type { ActivityTrackerEvents, ActivityTrackerStats, SessionEnd } from './activity/tracker-events.ts';
export { type ActivityTrackerOptions, DEFAULT_IGNORED_CHANNEL_PATTERNS } from './activity/tracker-options.ts';
export type { TrackerTotalsQuery } from './activity/tracker-reads.ts';
export * from './errors.ts';
export type * from './events/voice-events.ts';
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
export { DEFAULT_REDACT_KEYS, REDACTED } from './logging/redact.ts';
export type { SinkStats } from './logging/sink-runner.ts';
export { MemoryDatabase } from './memory/memory-database.ts';
export { MemoryStore, type MemoryStoreOptions } from './memory/memory-store.ts';
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
export { formatDuration, type ReportLocale, reportToCsv, reportToText } from './reports/report-text.ts';
export type * from './storage/activity-store.ts';
export { chunk } from './storage/chunk.ts';
export type * from './storage/guildkit-store.ts';
export type * from './storage/job-board-store.ts';
export {
  JOB_LISTING_COLUMNS,
  type JobListingCodecs,
  jobListingFromColumns,
  jobListingToColumns,
} from './storage/job-listing-columns.ts';
export type {
  LogLevel,
  LogRecord,
  LogStore,
  RecentLogsQuery,
  StoredLogRecord,
} from './storage/log-store.ts';
export { LOG_LEVEL_VALUES } from './storage/log-store.ts';
export {
  assertOptionalGuildId,
  compareMemberTotals,
  type PreparedActivityBatch,
  prepareActivityBatch,
  prepareActivityIncrements,
  prepareActivityTotalsQuery,
  prepareMemberKeys,
  prepareSessionCheckpoints,
} from './storage/prepare-activity.ts';
export {
  prepareJobListing,
  prepareJobListingPatch,
} from './storage/prepare-job-listing.ts';
export {
  type PreparedLogRecord,
  type PreparedRecentLogsQuery,
  parseLogFields,
  prepareLogRecords,
  prepareRecentLogsQuery,
} from './storage/prepare-logs.ts';
export { prepareReportPostKey, type ReportPostKey, type ReportStore } from './storage/report-store.ts';
export { assertKnownMigrations } from './storage/schema-version.ts';
export {
  assertDayKey,
  assertEpochMs,
  assertNonNegativeInteger,
  assertSnowflake,
  assertText,
  isDayKey,
  isSnowflake,
} from './validation.ts';
