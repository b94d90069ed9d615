import type { ActivitySlice } from '../storage/activity-store.ts';
import type { DayCalendar, HourBounds } from './day-calendar.ts';

/** No member, channel or hour yet. */
const NONE = -1;

/**
 * Stretches that ended, and messages, in the order they came: typed columns of numbers that grow
 * together by doubling. V8 copies a typed array's bytes at once and its garbage collector never
 * traces them, where pushing onto plain arrays of hundreds of thousands of strings cost about 200 ns
 * an entry in the details bench, most of it copying and tracing.
 */
class EndedColumns {
  length = 0;
  member: Int32Array;
  channel: Int32Array;
  hour: Int32Array;
  ms: Float64Array;
  messages: Int32Array;
  constructor(capacity = 1024) {
    this.member = new Int32Array(capacity);
    this.channel = new Int32Array(capacity);
    this.hour = new Int32Array(capacity);
    this.ms = new Float64Array(capacity);
    this.messages = new Int32Array(capacity);
  }
  push(member: number, channel: number, hour: number, ms: number, messages: number): void {
    const at = this.length;
    if (at === this.member.length) this.#grow();
    this.member[at] = member;
    this.channel[at] = channel;
    this.hour[at] = hour;
    this.ms[at] = ms;
    this.messages[at] = messages;
    this.length = at + 1;
  }
  #grow(): void {
    const wider = new EndedColumns(this.member.length * 2);
    wider.member.set(this.member);
    wider.channel.set(this.channel);
    wider.hour.set(this.hour);
    wider.ms.set(this.ms);
    wider.messages.set(this.messages);
    this.member = wider.member;
    this.channel = wider.channel;
    this.hour = wider.hour;
    this.ms = wider.ms;
    this.messages = wider.messages;
  }
}

/**
 * Strings (members, channels) and hours numbered in the order they come, for one drain: the ended
 * stretches hold the numbers, not the strings.
 */
class Numbering<Key> {
  readonly keys: Key[] = [];
  readonly #numbers = new Map<Key, number>();
  #last: Key | undefined;
  #lastNumber = NONE;
  numberOf(key: Key): number {
    if (key === this.#last) return this.#lastNumber;
    let number = this.#numbers.get(key);
    if (number === undefined) {
      number = this.keys.length;
      this.keys.push(key);
      this.#numbers.set(key, number);
    }
    this.#last = key;
    this.#lastNumber = number;
    return number;
  }
}

/** A member of one drain. */
type Member = { readonly guildId: string; readonly userId: string };
/** In place of a member whose pending details were dropped. */
const DROPPED: Member = Object.freeze({ guildId: '', userId: '' });

// A roster slot's numbers, four side by side:
/** The slot's member's number in this drain, NONE before their first stretch or message. */
const MEMBER = 0;
/** The current stretch's channel and hour numbers (HOUR is NONE for no stretch), and its time. */
const CHANNEL = 1;
const HOUR = 2;
const MS = 3;
const STRIDE = 4;

/**
 * @internal Time and messages waiting to be written per (guild, member, channel, day, hour): the
 * slices of the channel totals and the heatmap, drained with the daily totals into one batch.
 *
 * The hot path allocates nothing and touches little memory: each roster slot sums its current
 * stretch (the same room and hour) in place, in a typed array of eight numbers a slot; a stretch
 * that ends (another room or hour) and each message are appended to typed columns of numbers
 * (member, channel, hour, time, messages); the strings behind the numbers are kept once a drain.
 */
export class PendingDetails {
  /** The roster slots' current stretches, STRIDE numbers a slot. */
  #open = new Float64Array(0);
  /** Slots with a place in {@link #open}. */
  #slots = 0;
  readonly #ended = new EndedColumns();

  // What the numbers stand for, in this drain.
  /** The members of the stretches (a number a roster slot) and of the messages (one a message). */
  #members: Member[] = [];
  #channels = new Numbering<string>();
  #hours = new Numbering<HourBounds>();

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
    const at = slot * STRIDE;
    const channel = this.#channels.numberOf(channelId);
    for (let from = since; from < until; ) {
      const hour = calendar.hourOf(from);
      const to = Math.min(until, hour.end);
      this.#addFor(at, guildId, userId, channel, this.#hours.numberOf(hour), to - from);
      from = to;
    }
  }

  /** Adds voice time for the member in the slot at `at`, in one hour. */
  #addFor(at: number, guildId: string, userId: string, channel: number, hour: number, ms: number): void {
    const open = this.#open;
    const current = open[at + HOUR];
    if (current === hour && open[at + CHANNEL] === channel) {
      open[at + MS] = (open[at + MS] as number) + ms;
      return;
    }
    if (current !== NONE) this.#close(at);
    if (open[at + MEMBER] === NONE) open[at + MEMBER] = this.#members.push({ guildId, userId }) - 1;
    open[at + CHANNEL] = channel;
    open[at + HOUR] = hour;
    open[at + MS] = ms;
  }

  /**
   * Adds one message, in the hour of the guild's clock it was sent in. `from` is kept as it is, not
   * copied (the tracker gives its pending daily total, which holds the guild and the member).
   */
  addMessage(from: Member, channelId: string, hour: HourBounds): void {
    const member = this.#members.push(from) - 1;
    this.#ended.push(member, this.#channels.numberOf(channelId), this.#hours.numberOf(hour), 0, 1);
  }

  /**
   * The slot is someone else's from now on: its stretch is set aside. A new slot (the roster
   * numbers them in order) gets its place here.
   */
  forgetSlot(slot: number): void {
    const at = slot * STRIDE;
    if (slot < this.#slots) {
      if (this.#open[at + HOUR] !== NONE) this.#close(at);
      this.#open[at + MEMBER] = NONE;
      return;
    }
    if (at + STRIDE > this.#open.length) {
      const wider = new Float64Array(Math.max(at + STRIDE, this.#open.length * 2, 1024 * STRIDE));
      wider.set(this.#open);
      this.#open = wider;
    }
    for (let next = this.#slots; next <= slot; next += 1) {
      this.#open[next * STRIDE + MEMBER] = NONE;
      this.#open[next * STRIDE + HOUR] = NONE;
    }
    this.#slots = slot + 1;
  }

  /**
   * Takes every slice out: a stretch each (a member's stretches in one room and hour are summed in
   * place already, so that few repeat a key; the store merges those that do).
   */
  drain(): ActivitySlice[] {
    for (let at = 0; at < this.#slots * STRIDE; at += STRIDE) {
      if (this.#open[at + HOUR] !== NONE) this.#close(at);
      this.#open[at + MEMBER] = NONE;
    }
    const slices: ActivitySlice[] = [];
    const members = this.#members;
    const channels = this.#channels.keys;
    const hours = this.#hours.keys;
    const { member, channel, hour, ms, messages } = this.#ended;
    for (let i = 0; i < this.#ended.length; i += 1) {
      const who = members[member[i] as number] as Member;
      if (who === DROPPED) continue;
      const { guildId, userId } = who;
      const { day, hour: hourOfDay } = hours[hour[i] as number] as HourBounds;
      slices.push({
        guildId,
        userId,
        channelId: channels[channel[i] as number] as string,
        day,
        hour: hourOfDay,
        ms: ms[i] as number,
        messages: messages[i] as number,
      });
    }
    this.#ended.length = 0;
    this.#members = [];
    this.#channels = new Numbering();
    this.#hours = new Numbering();
    return slices;
  }

  /** Drops what is pending of one member of one guild. */
  dropMember(guildId: string, userId: string): void {
    const members = this.#members;
    for (let i = 0; i < members.length; i += 1) {
      const member = members[i] as Member;
      if (member.guildId === guildId && member.userId === userId) members[i] = DROPPED;
    }
    // Their slot starts over, under a new number, if they have time after this.
    for (let at = 0; at < this.#slots * STRIDE; at += STRIDE) {
      const member = this.#open[at + MEMBER] as number;
      if (member !== NONE && members[member] === DROPPED) {
        this.#open[at + MEMBER] = NONE;
        this.#open[at + HOUR] = NONE;
      }
    }
  }

  /** Appends the stretch of the slot at `at` to the ended ones. */
  #close(at: number): void {
    const open = this.#open;
    this.#ended.push(
      open[at + MEMBER] as number,
      open[at + CHANNEL] as number,
      open[at + HOUR] as number,
      open[at + MS] as number,
      0,
    );
    open[at + HOUR] = NONE;
  }
}
