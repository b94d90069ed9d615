import type { ActivityIncrement } from '../storage/activity-store.ts';

/** @internal One pending total; `round` tells which drain takes it (after that, it is written and left alone). */
export type PendingEntry = {
  guildId: string;
  userId: string;
  day: string;
  ms: number;
  messages: number;
  readonly round: number;
};

/** @internal Finished time waiting to be written: one entry per (guild, member, day), by guild, member and day. */
export class PendingActivity {
  readonly #guilds = new Map<string, Map<string, Map<string, PendingEntry>>>();
  #size = 0;
  /** Each roster slot's latest entry. */
  readonly #bySlot: (PendingEntry | undefined)[] = [];
  /** How many times it was drained: entries of an earlier round are written, and no longer held. */
  #round = 0;
  /** Entries of a write that failed and may have landed: sent again as they are, not merged. */
  #unsure: readonly ActivityIncrement[] = [];

  /** Entries not yet known to be written: pending, and those of a write in doubt. */
  get size(): number {
    return this.#size + this.#unsure.length;
  }

  /** Adds time (or messages) to the entry of (guild, member, day), and returns that entry. */
  add(guildId: string, userId: string, day: string, ms: number, messages = 0): PendingEntry | undefined {
    if (ms <= 0 && messages <= 0) return undefined;
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
    let entry = byDay.get(day);
    if (entry === undefined) {
      entry = { guildId, userId, day, ms, messages, round: this.#round };
      byDay.set(day, entry);
      this.#size += 1;
    } else {
      entry.ms += ms;
      entry.messages += messages;
    }
    return entry;
  }

  /**
   * {@link add} for the member in a roster slot: the slot's latest entry is kept, so that the usual
   * call (the same member and day again) adds to it without a look-up.
   */
  addFor(slot: number, guildId: string, userId: string, day: string, ms: number): void {
    const entry = this.#bySlot[slot];
    if (entry !== undefined && entry.day === day && entry.round === this.#round) entry.ms += ms;
    else this.#bySlot[slot] = this.add(guildId, userId, day, ms) ?? entry;
  }

  /** The slot is someone else's from now on. */
  forgetSlot(slot: number): void {
    this.#bySlot[slot] = undefined;
  }

  /** Takes every entry out. */
  drain(): ActivityIncrement[] {
    const entries: ActivityIncrement[] = [];
    for (const members of this.#guilds.values()) {
      for (const byDay of members.values()) {
        for (const entry of byDay.values()) entries.push(entry);
      }
    }
    this.#round += 1;
    this.#guilds.clear();
    this.#size = 0;
    return entries;
  }

  /**
   * Holds the entries of a failed write apart until it is known to have landed ({@link settle}):
   * the write may have landed, so they are sent again as they were, never merged into newer time.
   */
  hold(entries: readonly ActivityIncrement[]): void {
    this.#unsure = entries;
  }

  /** The held write landed (its retry went through). */
  settle(): void {
    this.#unsure = [];
  }

  /** Drops what is pending of one member of one guild (not a write in doubt, which may have landed). */
  dropMember(guildId: string, userId: string): void {
    const byDay = this.#guilds.get(guildId)?.get(userId);
    if (byDay === undefined) return;
    this.#size -= byDay.size;
    this.#guilds.get(guildId)?.delete(userId);
    for (let slot = 0; slot < this.#bySlot.length; slot += 1) {
      const entry = this.#bySlot[slot];
      if (entry?.guildId === guildId && entry.userId === userId) this.#bySlot[slot] = undefined;
    }
  }

  /** Time not yet known to be stored of one guild's members for days in `[startDay, endDay)`. */
  *inRange(guildId: string, startDay: string, endDay: string): Iterable<ActivityIncrement> {
    for (const byDay of this.#guilds.get(guildId)?.values() ?? []) {
      for (const entry of byDay.values()) if (entry.day >= startDay && entry.day < endDay) yield entry;
    }
    for (const entry of this.#unsure)
      if (entry.guildId === guildId && entry.day >= startDay && entry.day < endDay) yield entry;
  }
}
