import type { SessionCheckpoint } from '../storage/activity-store.ts';
import type { JobListing } from '../storage/job-board-store.ts';
import type { ChannelRow, HourRow, SliceRow } from '../storage/prepare-activity-details.ts';
import type { PreparedLogRecord } from '../storage/prepare-logs.ts';
import type { ReportPost } from '../storage/report-store.ts';
import type { PendingRoleChange } from '../storage/role-run-store.ts';

/**
 * The data of one or more {@link @guildkit/core!MemoryStore}s. A new `MemoryStore` makes its own; hand one to
 * several stores to have them share it, as several SQL stores share one database (for tests of
 * restarts and of concurrent writers).
 *
 * @example Data outliving a store
 * ```ts
 * import { MemoryDatabase, MemoryStore } from '@guildkit/core';
 *
 * const database = new MemoryDatabase();
 * const first = new MemoryStore({ database });
 * await first.addActivity([{ guildId: '1', userId: '2', day: '2026-11-25', ms: 1000 }]);
 * await first.close();
 * const second = new MemoryStore({ database }); // sees the 1000 ms
 * ```
 */
export class MemoryDatabase {
  /** @internal guildId -> day -> userId -> totals */
  public readonly activity = new Map<string, Map<string, Map<string, { ms: number; messages: number }>>>();
  /** @internal `${guildId}|${day}|${userId}|${hour}|${channelId}` -> a member's slice */
  public readonly slices = new Map<string, SliceRow>();
  /** @internal `${guildId}|${day}|${channelId}` -> the guild's channel totals */
  public readonly channels = new Map<string, ChannelRow>();
  /** @internal `${guildId}|${day}|${hour}` -> the guild's hour totals */
  public readonly hours = new Map<string, HourRow>();
  /** @internal `${guildId}:${userId}` -> checkpoint */
  public readonly checkpoints = new Map<string, SessionCheckpoint>();
  /** @internal postId -> listing */
  public readonly listings = new Map<string, JobListing>();
  /** @internal voiceChannelId -> postId */
  public readonly listingsByVoiceChannel = new Map<string, string>();
  /** @internal in order of appending */
  public readonly logs: PreparedLogRecord[] = [];
  /** @internal `${guildId}:${kind}:${periodStart}` of scheduled reports posted */
  public readonly reportPosts = new Map<string, ReportPost>();
  /** @internal `${runId}\u0000${index}` -> a pending role change, in order of saving */
  public readonly roleChanges = new Map<string, PendingRoleChange>();
  /** @internal guildId -> settings */
  public readonly settings = new Map<string, Record<string, unknown>>();
}
