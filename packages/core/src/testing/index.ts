/**
 * The storage conformance suite (vitest) that every guildkit store passes, and fixtures for tests.
 *
 * @packageDocumentation
 * @module @guildkit/core/testing
 */
// The suite imports core by its package name, so that a store built against @guildkit/core and
// this suite share one copy of the error classes (instanceof checks hold across the two entries).

import { describe } from 'vitest';
import { activityCases } from './activity-cases.ts';
import { checkpointCases } from './checkpoint-cases.ts';
import { detailCases } from './detail-cases.ts';
import type { StoreHarness } from './harness.ts';
import { jobBoardCases } from './job-board-cases.ts';
import { lifecycleCases } from './lifecycle-cases.ts';
import { logCases } from './log-cases.ts';
import { memberDataCases } from './member-data-cases.ts';
import { reportCases } from './report-cases.ts';
import { reportPostCases } from './report-post-cases.ts';
import { roleRunCases } from './role-run-cases.ts';
import { settingsCases } from './settings-cases.ts';
import { trackerCases } from './tracker-cases.ts';

export { jobListingFixture, snowflake, voiceEventFixture } from './fixtures.ts';
export type { StoreHarness, StoreUnderTest } from './harness.ts';
export { MemoryJobBoardPlatform, type MemoryJobPost } from './memory-job-board-platform.ts';

/**
 * Registers the storage conformance suite (vitest): every behaviour of {@link @guildkit/core!GuildkitStore} that
 * guildkit relies on, checked against the store that `harness` opens. Each test gets a new
 * database. Needs `vitest` and `fast-check` installed beside `@guildkit/core`.
 *
 * @param name - names the store in the test report
 * @param harness - makes databases and opens stores on them
 *
 * @example A store package's test file
 * ```ts
 * import { describeStoreConformance } from '@guildkit/core/testing';
 * import { MyStore } from '../src/index.ts';
 *
 * describeStoreConformance('MyStore', {
 *   async open() {
 *     const url = await createDatabase();
 *     return {
 *       store: await MyStore.open({ url }),
 *       openAnother: () => MyStore.open({ url }),
 *       dispose: () => dropDatabase(url),
 *     };
 *   },
 * });
 * ```
 */
export function describeStoreConformance(name: string, harness: StoreHarness): void {
  describe(`${name} conforms to the guildkit storage ports`, () => {
    activityCases(harness);
    checkpointCases(harness);
    detailCases(harness);
    memberDataCases(harness);
    roleRunCases(harness);
    jobBoardCases(harness);
    logCases(harness);
    lifecycleCases(harness);
    trackerCases(harness);
    reportCases(harness);
    reportPostCases(harness);
    settingsCases(harness);
  });
}
