import type { RoleChange } from '../roles/role-rules.ts';

/**
 * A role run's changes as the store keeps them until each is applied: the run, the change's place
 * in it, and its guild.
 *
 * @example The changes left of a run that a restart interrupted
 * ```ts
 * const left: PendingRoleChange[] = await store.listPendingRoleChanges(guildId);
 * ```
 */
export interface PendingRoleChange extends RoleChange {
  /** The run, as the caller named it (up to 100 characters). */
  readonly runId: string;
  /** The change's place in its run, from 0. */
  readonly index: number;
  readonly guildId: string;
  /** When the run was planned, epoch milliseconds. */
  readonly createdAt: number;
}

/**
 * The changes of activity-role runs not applied yet: saved when a run is planned, each removed
 * once applied, so that a run a restart interrupts resumes where it was and applies nothing twice.
 *
 * @example A run of two changes, the first applied
 * ```ts
 * await store.saveRoleChanges([
 *   { runId, index: 0, guildId, userId: alice, roleId, action: 'add', createdAt },
 *   { runId, index: 1, guildId, userId: bob, roleId, action: 'remove', createdAt },
 * ]);
 * await store.completeRoleChanges(runId, [0]);
 * ```
 */
export interface RoleRunStore {
  /**
   * Saves changes, pending; a change already saved (the same run and index) is left as it is.
   *
   * @throws {@link @guildkit/core!ValidationError} when one is malformed; nothing is written
   */
  saveRoleChanges(changes: readonly PendingRoleChange[]): Promise<void>;
  /**
   * The pending changes of one guild (or of all), oldest run first, in each run's order.
   *
   * @param guildId - only this guild's; leave it out for every guild's
   */
  listPendingRoleChanges(guildId?: string): Promise<PendingRoleChange[]>;
  /** Removes applied changes of a run; indexes not pending are ignored. */
  completeRoleChanges(runId: string, indexes: readonly number[]): Promise<void>;
}
