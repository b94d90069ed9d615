import type { ActivityIncrement } from '../storage/activity-store.ts';

/** @internal Finished time waiting to be written: one entry per (guild, member, day). */
export class PendingActivity {
  readonly #entries = new Map<string, { guildId: string; userId: string; day: string; ms: number }>();

  get size(): number {
    return this.#entries.size;
  }

  add(guildId: string, userId: string, day: string, ms: number): void {
    if (ms <= 0) return;
    const key = `${guildId}:${userId}:${day}`;
    const entry = this.#entries.get(key);
    if (entry === undefined) this.#entries.set(key, { guildId, userId, day, ms });
    else entry.ms += ms;
  }

  /** Takes every entry out. */
  drain(): ActivityIncrement[] {
    const entries = [...this.#entries.values()];
    this.#entries.clear();
    return entries;
  }

  /** Puts entries back (a failed write), adding to what arrived since. */
  restore(entries: readonly ActivityIncrement[]): void {
    for (const { guildId, userId, day, ms } of entries) this.add(guildId, userId, day, ms);
  }

  /** Pending time of one guild's members for days in `[startDay, endDay)`. */
  *inRange(guildId: string, startDay: string, endDay: string): Iterable<ActivityIncrement> {
    for (const entry of this.#entries.values()) {
      if (entry.guildId === guildId && entry.day >= startDay && entry.day < endDay) yield entry;
    }
  }
}
