/**
 * Helpers for authors of guildkit stores: the checks and preparations every store runs on its
 * input before it writes (so that all stores refuse the same input with the same
 * {@link @guildkit/core!ValidationError}), the job listing's column mapping, and the migration
 * check. A bot never needs them; the stores in `@guildkit/sqlite-store` and
 * `@guildkit/postgres-store` are built on them.
 *
 * @packageDocumentation
 * @module @guildkit/core/store-kit
 */

export { chunk } from './storage/chunk.ts';
export {
  JOB_LISTING_COLUMNS,
  type JobListingCodecs,
  jobListingFromColumns,
  jobListingToColumns,
} from './storage/job-listing-columns.ts';
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
  type ChannelRow,
  type HourRow,
  type PreparedActivityDetails,
  prepareActivitySlices,
  prepareBreakdownQuery,
  prepareMemberKey,
  preparePruneActivityQuery,
  prepareRoleChanges,
  prepareRoleCompletion,
  type SliceRow,
} from './storage/prepare-activity-details.ts';
export { prepareJobListing, prepareJobListingPatch } from './storage/prepare-job-listing.ts';
export {
  type PreparedLogRecord,
  type PreparedRecentLogsQuery,
  parseLogFields,
  prepareLogRecords,
  preparePruneLogsQuery,
  prepareRecentLogsQuery,
} from './storage/prepare-logs.ts';
export { prepareListQuery, prepareReportPostKey } from './storage/report-store.ts';
export { assertKnownMigrations, resolveIfMissing } from './storage/schema-version.ts';
export {
  applyGuildSettingsUpdate,
  type GuildSettingsChange,
  parseGuildSettings,
  prepareGuildSettingsChange,
  prepareGuildSettingsUpdate,
} from './storage/settings-store.ts';
export {
  assertDayKey,
  assertEpochMs,
  assertNonNegativeInteger,
  assertSnowflake,
  assertText,
} from './validation.ts';
