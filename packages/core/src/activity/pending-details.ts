import type { ActivitySlice } from '../storage/activity-store.ts';
import type { DayCalendar } from './day-calendar.ts';

/** Slices held column by column: no object per stretch, little for the garbage collector to trace. */
class SliceColumns {
  guildId: (string | undefined)[] = [];
  userId: string[] = [];
  channelId: string[] = [];
  day: string[] = [];
  hour: number[] = [];
  ms: number[] = [];
  messages: number[] = [];
}

/**
 * @internal Time and messages waiting to be written per (guild, member, channel, day, hour): the
 * slices of the channel totals and the heatmap, drained with the daily totals into one batch.
 *
 * The hot path allocates as little as it can: each roster slot sums its current stretch (the same
 * room and hour) in place, in columns indexed by slot; a stretch that ends (another room or hour)
 * is appended to columns of ended stretches, with no object made, no key built and no map touched.
 */
export class PendingDetails {
  /** Each roster slot's current stretch, by slot; `guildId` undefined for none. */
  #open = new SliceColumns();
  /** Stretches that ended, and messages, in the order they came. */
  #closed = new SliceColumns();

  /** Adds the member's voice time of `[since, until)` in a channel, cut at the guild clock's hours. */
  addStretch(
    slot: number,
    guildId: string,
    userId: string,
    channelId: string,
    calendar: DayCalendar,
    since: number,
    until: number,
  ): void {
    for (let from = since; from < until; ) {
      const hour = calendar.hourOf(from);
      const to = Math.min(until, hour.end);
      this.#addFor(slot, guildId, userId, channelId, hour.day, hour.hour, to - from);
      from = to;
    }
  }

  /** Adds voice time for the member in a roster slot, in one hour. */
  #addFor(
    slot: number,
    guildId: string,
    userId: string,
    channelId: string,
    day: string,
    hour: number,
    ms: number,
  ): void {
    const open = this.#open;
    const current = open.guildId[slot];
    if (current !== undefined) {
      if (open.hour[slot] === hour && open.channelId[slot] === channelId && open.day[slot] === day) {
        open.ms[slot] = (open.ms[slot] as number) + ms;
        return;
      }
      this.#close(slot);
    }
    open.guildId[slot] = guildId;
    open.userId[slot] = userId;
    open.channelId[slot] = channelId;
    open.day[slot] = day;
    open.hour[slot] = hour;
    open.ms[slot] = ms;
  }

  /** Adds one message. */
  addMessage(guildId: string, userId: string, channelId: string, day: string, hour: number): void {
    const closed = this.#closed;
    closed.guildId.push(guildId);
    closed.userId.push(userId);
    closed.channelId.push(channelId);
    closed.day.push(day);
    closed.hour.push(hour);
    closed.ms.push(0);
    closed.messages.push(1);
  }

  /** The slot is someone else's from now on: its stretch is set aside. */
  forgetSlot(slot: number): void {
    if (this.#open.guildId[slot] !== undefined) this.#close(slot);
  }

  /**
   * Takes every slice out: a stretch each (a member's stretches in one room and hour are summed in
   * place already, so that few repeat a key; the store merges those that do).
   */
  drain(): ActivitySlice[] {
    const slices: ActivitySlice[] = [];
    const take = (from: SliceColumns, i: number) => {
      const guildId = from.guildId[i];
      if (guildId === undefined) return;
      slices.push({
        guildId,
        userId: from.userId[i] as string,
        channelId: from.channelId[i] as string,
        day: from.day[i] as string,
        hour: from.hour[i] as number,
        ms: from.ms[i] as number,
        messages: from.messages[i] ?? 0,
      });
    };
    for (let i = 0; i < this.#closed.guildId.length; i += 1) take(this.#closed, i);
    for (let slot = 0; slot < this.#open.guildId.length; slot += 1) take(this.#open, slot);
    this.#closed = new SliceColumns();
    this.#open = new SliceColumns();
    return slices;
  }

  /** Drops what is pending of one member of one guild. */
  dropMember(guildId: string, userId: string): void {
    for (const columns of [this.#open, this.#closed]) {
      for (let i = 0; i < columns.guildId.length; i += 1)
        if (columns.guildId[i] === guildId && columns.userId[i] === userId) columns.guildId[i] = undefined;
    }
  }

  /** Appends a slot's stretch to the ended ones. */
  #close(slot: number): void {
    const open = this.#open;
    const closed = this.#closed;
    closed.guildId.push(open.guildId[slot]);
    closed.userId.push(open.userId[slot] as string);
    closed.channelId.push(open.channelId[slot] as string);
    closed.day.push(open.day[slot] as string);
    closed.hour.push(open.hour[slot] as number);
    closed.ms.push(open.ms[slot] as number);
    closed.messages.push(0);
    open.guildId[slot] = undefined;
  }
}
