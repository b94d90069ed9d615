import type { ActivitySlice } from '../storage/activity-store.ts';
import type { DayCalendar } from './day-calendar.ts';

/** No member yet. */
const NONE = -1;

/**
 * Stretches of voice time and messages, in the order they came: typed columns of numbers that grow
 * together by doubling. V8 copies a typed array's bytes at once and its garbage collector never
 * traces them, where pushing onto plain arrays of hundreds of thousands of strings cost about 200 ns
 * an entry in the details bench, most of it copying and tracing.
 */
class Entries {
  length = 0;
  member: Int32Array;
  channel: Int32Array;
  calendar: Int32Array;
  since: Float64Array;
  until: Float64Array;
  constructor(capacity = 1024) {
    this.member = new Int32Array(capacity);
    this.channel = new Int32Array(capacity);
    this.calendar = new Int32Array(capacity);
    this.since = new Float64Array(capacity);
    this.until = new Float64Array(capacity);
  }
  /** A stretch `[since, until)`; a message when `until` is NaN. */
  push(member: number, channel: number, calendar: number, since: number, until: number): void {
    const at = this.length;
    if (at === this.member.length) this.#grow();
    this.member[at] = member;
    this.channel[at] = channel;
    this.calendar[at] = calendar;
    this.since[at] = since;
    this.until[at] = until;
    this.length = at + 1;
  }
  #grow(): void {
    const wider = new Entries(this.member.length * 2);
    wider.member.set(this.member);
    wider.channel.set(this.channel);
    wider.calendar.set(this.calendar);
    wider.since.set(this.since);
    wider.until.set(this.until);
    this.member = wider.member;
    this.channel = wider.channel;
    this.calendar = wider.calendar;
    this.since = wider.since;
    this.until = wider.until;
  }
}

/**
 * Strings (members, channels) and calendars numbered in the order they come, for one drain: the
 * entries hold the numbers, not the strings.
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

/**
 * @internal Time and messages waiting to be written per (guild, member, channel, day, hour): the
 * slices of the channel totals and the heatmap, drained with the daily totals into one batch.
 *
 * The hot path does little and allocates nothing: each stretch of voice time and each message is
 * appended as five numbers (member, channel, calendar, since, until) to typed columns; the strings
 * and calendars behind the numbers are kept once a drain. The drain cuts the stretches at the hours
 * of their guild's clock and sums a member's pieces of one room and hour that follow each other.
 */
export class PendingDetails {
  /** Each roster slot's member's number in this drain, NONE before their first stretch. */
  #slotMember = new Int32Array(1024).fill(NONE);
  readonly #entries = new Entries();
  /** The members of the stretches (a number a roster slot) and of the messages (one a message). */
  #members: Member[] = [];
  #channels = new Numbering<string>();
  #calendars = new Numbering<DayCalendar>();

  /** Adds the member's voice time of `[since, until)` in a channel; the drain cuts it at the guild clock's hours. */
  addStretch(
    slot: number,
    guildId: string,
    userId: string,
    channelId: string,
    calendar: DayCalendar,
    since: number,
    until: number,
  ): void {
    let member = this.#slotMember[slot] as number;
    if (member === NONE) {
      member = this.#members.push({ guildId, userId }) - 1;
      this.#slotMember[slot] = member;
    }
    this.#entries.push(member, this.#channels.numberOf(channelId), this.#calendars.numberOf(calendar), since, until);
  }

  /**
   * Adds one message sent `at`. `from` is kept as it is, not copied (the tracker gives its pending
   * daily total, which holds the guild and the member).
   */
  addMessage(from: Member, channelId: string, calendar: DayCalendar, at: number): void {
    const member = this.#members.push(from) - 1;
    this.#entries.push(member, this.#channels.numberOf(channelId), this.#calendars.numberOf(calendar), at, Number.NaN);
  }

  /** The slot is someone else's from now on. A new slot (the roster numbers them in order) gets its place here. */
  forgetSlot(slot: number): void {
    if (slot >= this.#slotMember.length) {
      const wider = new Int32Array(Math.max(slot + 1, this.#slotMember.length * 2)).fill(NONE);
      wider.set(this.#slotMember);
      this.#slotMember = wider;
    }
    this.#slotMember[slot] = NONE;
  }

  /**
   * Takes every slice out: a stretch's piece of each hour, summed with the member's piece before it
   * when that is of the same room and hour (the store merges the slices that repeat a key).
   */
  drain(): ActivitySlice[] {
    const slices: ActivitySlice[] = [];
    const members = this.#members;
    const channels = this.#channels.keys;
    const calendars = this.#calendars.keys;
    const { member, channel, calendar, since, until } = this.#entries;
    /** Each member's latest slice, by number. */
    const latest: (ActivitySlice | undefined)[] = new Array(members.length);
    for (let i = 0; i < this.#entries.length; i += 1) {
      const number = member[i] as number;
      const who = members[number] as Member;
      if (who === DROPPED) continue;
      const clock = calendars[calendar[i] as number] as DayCalendar;
      const channelId = channels[channel[i] as number] as string;
      const end = until[i] as number;
      if (Number.isNaN(end)) {
        const { day, hour } = clock.hourOf(since[i] as number);
        slices.push({ guildId: who.guildId, userId: who.userId, channelId, day, hour, ms: 0, messages: 1 });
        continue;
      }
      for (let from = since[i] as number; from < end; ) {
        const { day, hour, end: hourEnd } = clock.hourOf(from);
        const to = Math.min(end, hourEnd);
        const last = latest[number];
        if (last !== undefined && last.hour === hour && last.channelId === channelId && last.day === day)
          (last as { ms: number }).ms += to - from;
        else {
          const slice = { guildId: who.guildId, userId: who.userId, channelId, day, hour, ms: to - from, messages: 0 };
          slices.push(slice);
          latest[number] = slice;
        }
        from = to;
      }
    }
    this.#entries.length = 0;
    this.#slotMember.fill(NONE);
    this.#members = [];
    this.#channels = new Numbering();
    this.#calendars = new Numbering();
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
    for (let slot = 0; slot < this.#slotMember.length; slot += 1) {
      const member = this.#slotMember[slot] as number;
      if (member !== NONE && members[member] === DROPPED) this.#slotMember[slot] = NONE;
    }
  }
}
