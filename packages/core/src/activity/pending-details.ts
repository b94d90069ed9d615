import type { ActivitySlice } from '../storage/activity-store.ts';

/** @internal One pending slice; `round` tells which drain takes it. */
type DetailEntry = {
  -readonly [K in keyof ActivitySlice]: ActivitySlice[K];
} & { readonly round: number };

/**
 * @internal Time and messages waiting to be written per (guild, member, channel, day, hour): the
 * slices of the channel totals and the heatmap, drained with the daily totals into one batch. Like
 * {@link PendingActivity}, it keeps each roster slot's latest entry, so that the usual call (the same
 * member, room and hour again) adds to it without building a key.
 */
export class PendingDetails {
  readonly #entries = new Map<string, DetailEntry>();
  readonly #bySlot: (DetailEntry | undefined)[] = [];
  #round = 0;

  /** Adds time or messages to the entry of (guild, member, channel, day, hour). */
  add(
    guildId: string,
    userId: string,
    channelId: string,
    day: string,
    hour: number,
    ms: number,
    messages: number,
  ): DetailEntry {
    const key = `${guildId}|${userId}|${channelId}|${day}|${hour}`;
    let entry = this.#entries.get(key);
    if (entry === undefined) {
      entry = { guildId, userId, channelId, day, hour, ms, messages, round: this.#round };
      this.#entries.set(key, entry);
    } else {
      entry.ms += ms;
      entry.messages += messages;
    }
    return entry;
  }

  /** {@link add} of voice time for the member in a roster slot. */
  addFor(
    slot: number,
    guildId: string,
    userId: string,
    channelId: string,
    day: string,
    hour: number,
    ms: number,
  ): void {
    const entry = this.#bySlot[slot];
    if (
      entry !== undefined &&
      entry.hour === hour &&
      entry.day === day &&
      entry.channelId === channelId &&
      entry.round === this.#round
    )
      entry.ms += ms;
    else this.#bySlot[slot] = this.add(guildId, userId, channelId, day, hour, ms, 0);
  }

  /** The slot is someone else's from now on. */
  forgetSlot(slot: number): void {
    this.#bySlot[slot] = undefined;
  }

  /** Takes every entry out. */
  drain(): ActivitySlice[] {
    const slices: ActivitySlice[] = [...this.#entries.values()];
    this.#entries.clear();
    this.#round += 1;
    return slices;
  }

  /** Drops what is pending of one member of one guild. */
  dropMember(guildId: string, userId: string): void {
    for (const [key, entry] of this.#entries)
      if (entry.guildId === guildId && entry.userId === userId) this.#entries.delete(key);
    for (let slot = 0; slot < this.#bySlot.length; slot += 1) {
      const entry = this.#bySlot[slot];
      if (entry?.guildId === guildId && entry.userId === userId) this.#bySlot[slot] = undefined;
    }
  }

  /** Entries waiting (a failed write's are held with its batch, by the tracker). */
  get size(): number {
    return this.#entries.size;
  }
}
