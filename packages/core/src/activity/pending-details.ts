import type { ActivitySlice } from '../storage/activity-store.ts';

/** @internal A slice being summed. */
type Slice = { -readonly [K in keyof ActivitySlice]: ActivitySlice[K] };

/**
 * @internal Time and messages waiting to be written per (guild, member, channel, day, hour): the
 * slices of the channel totals and the heatmap, drained with the daily totals into one batch.
 *
 * The hot path allocates as little as it can: each roster slot sums its current stretch (the same
 * room and hour) in one object; a stretch that ends (another room or hour) is set aside as it is,
 * with no key built and no map touched. Slices are merged by key once, when drained.
 */
export class PendingDetails {
  /** Each roster slot's current stretch. */
  readonly #open: (Slice | undefined)[] = [];
  /** Stretches that ended, and messages, in the order they came. */
  #closed: Slice[] = [];

  /** Adds voice time for the member in a roster slot. */
  addFor(
    slot: number,
    guildId: string,
    userId: string,
    channelId: string,
    day: string,
    hour: number,
    ms: number,
  ): void {
    const open = this.#open[slot];
    if (open !== undefined && open.hour === hour && open.channelId === channelId && open.day === day) {
      open.ms += ms;
      return;
    }
    if (open !== undefined) this.#closed.push(open);
    this.#open[slot] = { guildId, userId, channelId, day, hour, ms, messages: 0 };
  }

  /** Adds one message. */
  addMessage(guildId: string, userId: string, channelId: string, day: string, hour: number): void {
    this.#closed.push({ guildId, userId, channelId, day, hour, ms: 0, messages: 1 });
  }

  /** The slot is someone else's from now on: its stretch is set aside. */
  forgetSlot(slot: number): void {
    const open = this.#open[slot];
    if (open === undefined) return;
    this.#closed.push(open);
    this.#open[slot] = undefined;
  }

  /** Takes every slice out, merged by key. */
  drain(): ActivitySlice[] {
    const merged = new Map<string, Slice>();
    const take = (slice: Slice) => {
      const key = `${slice.guildId}|${slice.userId}|${slice.channelId}|${slice.day}|${slice.hour}`;
      const sum = merged.get(key);
      if (sum === undefined) merged.set(key, slice);
      else {
        sum.ms += slice.ms;
        sum.messages += slice.messages;
      }
    };
    for (const slice of this.#closed) take(slice);
    for (let slot = 0; slot < this.#open.length; slot += 1) {
      const open = this.#open[slot];
      if (open === undefined) continue;
      this.#open[slot] = undefined;
      take(open);
    }
    this.#closed = [];
    return [...merged.values()];
  }

  /** Drops what is pending of one member of one guild. */
  dropMember(guildId: string, userId: string): void {
    this.#closed = this.#closed.filter((slice) => slice.guildId !== guildId || slice.userId !== userId);
    for (let slot = 0; slot < this.#open.length; slot += 1) {
      const open = this.#open[slot];
      if (open?.guildId === guildId && open.userId === userId) this.#open[slot] = undefined;
    }
  }
}
