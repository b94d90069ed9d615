import type { ActivityStore } from './activity-store.ts';
import type { JobBoardStore } from './job-board-store.ts';
import type { LogStore } from './log-store.ts';
import type { MemberDataStore } from './member-data-store.ts';
import type { ReportStore } from './report-store.ts';
import type { RoleRunStore } from './role-run-store.ts';
import type { SettingsStore } from './settings-store.ts';

/**
 * Everything guildkit keeps: what every store package implements (memory, SQLite, PostgreSQL),
 * and what the conformance suite in `@guildkit/core/testing` checks.
 *
 * @example Writing code that works with any store
 * ```ts
 * import type { GuildkitStore } from '@guildkit/core';
 *
 * async function todayOf(store: GuildkitStore, guildId: string, day: string) {
 *   return store.readActivityTotals({ guildId, startDay: day, endDay: nextDay(day) });
 * }
 * ```
 */
export interface GuildkitStore
  extends ActivityStore,
    JobBoardStore,
    LogStore,
    MemberDataStore,
    ReportStore,
    RoleRunStore,
    SettingsStore {
  /**
   * Waits for writes in progress, then releases the database. Calling it again does nothing;
   * any other call after it rejects with {@link @guildkit/core!StoreClosedError}.
   */
  close(): Promise<void>;
}
