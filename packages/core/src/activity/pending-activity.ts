import type { ActivityIncrement } from '../storage/activity-store.ts';

type Entry = { guildId: string; userId: string; day: string; ms: number };

/** @internal Finished time waiting to be written: one entry per (guild, member, day), by guild, member and day. */
export class PendingActivity {
  readonly #guilds = new Map<string, Map<string, Map<string, Entry>>>();
  #size = 0;

  get size(): number {
    return this.#size;
  }

  add(guildId: string, userId: string, day: string, ms: number): void {
    if (ms <= 0) return;
    let members = this.#guilds.get(guildId);
    if (members === undefined) {
      members = new Map();
      this.#guilds.set(guildId, members);
    }
    let byDay = members.get(userId);
    if (byDay === undefined) {
      byDay = new Map();
      members.set(userId, byDay);
    }
    const entry = byDay.get(day);
    if (entry === undefined) {
      byDay.set(day, { guildId, userId, day, ms });
      this.#size += 1;
    } else entry.ms += ms;
  }

  /** Takes every entry out. */
  drain(): ActivityIncrement[] {
    const entries: ActivityIncrement[] = [];
    for (const members of this.#guilds.values())
      for (const byDay of members.values()) for (const entry of byDay.values()) entries.push(entry);
    this.#guilds.clear();
    this.#size = 0;
    return entries;
  }

  /** Puts entries back (a failed write), adding to what arrived since. */
  restore(entries: readonly ActivityIncrement[]): void {
    for (const { guildId, userId, day, ms } of entries) this.add(guildId, userId, day, ms);
  }

  /** Pending time of one guild's members for days in `[startDay, endDay)`. */
  *inRange(guildId: string, startDay: string, endDay: string): Iterable<ActivityIncrement> {
    for (const byDay of this.#guilds.get(guildId)?.values() ?? []) {
      for (const entry of byDay.values()) if (entry.day >= startDay && entry.day < endDay) yield entry;
    }
  }
}
