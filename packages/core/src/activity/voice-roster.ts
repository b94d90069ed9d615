import type { VoiceChannelRef } from '../events/voice-events.ts';
import type { SessionCheckpoint } from '../storage/activity-store.ts';
import type { DayCalendar } from './day-calendar.ts';

/** @internal No slot, channel or link. */
export const NONE = -1;

/** @internal Bits of a slot's flags: the four voice flags, then the session's. */
export const SELF_MUTE = 1;
/** @internal */
export const SELF_DEAF = 2;
/** @internal */
export const SERVER_MUTE = 4;
/** @internal */
export const SERVER_DEAF = 8;
/** @internal The four voice flags together. */
export const VOICE_FLAGS = 15;
/** @internal An open session: in a counted channel since `startedAt`. */
export const IN_SESSION = 16;
/** @internal The session's checkpoint must be written at the next flush. */
export const DIRTY = 32;
/** @internal A checkpoint of the session is in the store, so that its end must remove it. */
export const PERSISTED = 64;

/** @internal Offsets of a slot's times in {@link VoiceRoster.times}. */
export const LAST_AT = 0;
/** @internal When the session started. */
export const STARTED_AT = 1;
/** @internal Counted milliseconds of the session so far (since the tracker took it over, after a restore). */
export const COUNTED_MS = 2;
/** @internal When the current counting stretch began; `NaN` while not counting. */
export const COUNTING_SINCE = 3;
/** @internal Time before this is in the pending totals (or the store). */
export const ACCRUED = 4;
/** @internal Times per slot. */
export const TIMES = 5;

/** @internal A guild the roster has seen. */
export interface RosterGuild {
  readonly id: string;
  /** Its members in voice, and those who left lately: user id to slot. */
  readonly members: Map<string, number>;
  calendar: DayCalendar | undefined;
}

/** @internal A channel with members in it. */
export interface RosterChannel {
  ref: VoiceChannelRef;
  head: number;
  size: number;
  /** The name the ignore patterns were last tested on, and their verdict. */
  testedName: string | undefined;
  ignoredByName: boolean;
}

/**
 * @internal The members the tracker knows, one slot each, in typed arrays: no object per member,
 * so that 100,000 open sessions cost little heap and no garbage. Every slot is on exactly one list:
 * its channel's occupants, or (after it left voice) the departed, oldest first, who are forgotten
 * past `maxDeparted` so that memory stays bounded.
 */
export class VoiceRoster {
  readonly #guilds = new Map<string, RosterGuild>();
  readonly #channelIds = new Map<string, number>();
  readonly #channels: (RosterChannel | undefined)[] = [];
  readonly #freeChannels: number[] = [];
  readonly #freeSlots: number[] = [];
  readonly #departed = { head: NONE, tail: NONE, size: 0 };
  readonly #maxDeparted: number;
  #used = 0;
  #open = 0;
  userIds: (string | undefined)[] = [];
  guilds: (RosterGuild | undefined)[] = [];
  channelOf = new Int32Array(0);
  flags = new Uint8Array(0);
  sessionNo = new Uint32Array(0);
  times = new Float64Array(0);
  #prev = new Int32Array(0);
  #next = new Int32Array(0);
  #sessions = 0;

  constructor(maxDeparted: number) {
    this.#maxDeparted = maxDeparted;
  }

  /** Open sessions. */
  get openSessions(): number {
    return this.#open;
  }

  guild(guildId: string): RosterGuild | undefined {
    return this.#guilds.get(guildId);
  }

  addGuild(guildId: string): RosterGuild {
    const guild: RosterGuild = { id: guildId, members: new Map(), calendar: undefined };
    this.#guilds.set(guildId, guild);
    return guild;
  }

  channelIndex(channelId: string): number {
    return this.#channelIds.get(channelId) ?? NONE;
  }

  channel(index: number): RosterChannel {
    return this.#channels[index] as RosterChannel;
  }

  /** The channel's index, adding it (empty) when it is new; its reference is the latest seen. */
  useChannel(ref: VoiceChannelRef): number {
    let index = this.#channelIds.get(ref.id);
    if (index === undefined) {
      index = this.#freeChannels.pop() ?? this.#channels.length;
      this.#channels[index] = { ref, head: NONE, size: 0, testedName: undefined, ignoredByName: false };
      this.#channelIds.set(ref.id, index);
    } else (this.#channels[index] as RosterChannel).ref = ref;
    return index;
  }

  /** A new slot for a member, on no list yet. */
  add(guild: RosterGuild, userId: string, lastAt: number): number {
    const slot = this.#freeSlots.pop() ?? this.#grow();
    this.userIds[slot] = userId;
    this.guilds[slot] = guild;
    this.channelOf[slot] = NONE;
    this.flags[slot] = 0;
    this.times.fill(Number.NaN, slot * TIMES, slot * TIMES + TIMES);
    this.times[slot * TIMES + LAST_AT] = lastAt;
    this.#prev[slot] = NONE;
    this.#next[slot] = NONE;
    guild.members.set(userId, slot);
    return slot;
  }

  /** Puts a slot in a channel, or among the departed (`NONE`), taking it off the list it was on. */
  move(slot: number, channel: number, placed = true): void {
    if (placed) this.#unlink(slot, this.channelOf[slot] as number);
    this.channelOf[slot] = channel;
    const list = channel === NONE ? this.#departed : (this.#channels[channel] as RosterChannel);
    this.#prev[slot] = NONE;
    this.#next[slot] = list.head;
    if (list.head !== NONE) this.#prev[list.head] = slot;
    list.head = slot;
    if (channel === NONE && list.size === 0) this.#departed.tail = slot;
    list.size += 1;
    // The departed list is kept oldest last: the newest is at its head, the one to forget at its tail.
    if (channel === NONE && this.#departed.size > this.#maxDeparted) this.#forget(this.#departed.tail);
  }

  /** Opens a session for a slot: its times from `startedAt`, counted from `accruedThrough`. */
  openSession(slot: number, startedAt: number, accruedThrough: number, persisted: boolean): void {
    const base = slot * TIMES;
    this.times[base + STARTED_AT] = startedAt;
    this.times[base + COUNTED_MS] = 0;
    this.times[base + COUNTING_SINCE] = Number.NaN;
    this.times[base + ACCRUED] = accruedThrough;
    this.flags[slot] = ((this.flags[slot] as number) & VOICE_FLAGS) | IN_SESSION | DIRTY | (persisted ? PERSISTED : 0);
    this.#sessions = (this.#sessions + 1) >>> 0;
    this.sessionNo[slot] = this.#sessions;
    this.#open += 1;
  }

  /** Starts an open session again at `at`, as if it began then: nothing before it counts any more. */
  restartSession(slot: number, at: number): void {
    if (((this.flags[slot] as number) & IN_SESSION) === 0) return;
    const base = slot * TIMES;
    this.times[base + STARTED_AT] = at;
    this.times[base + COUNTED_MS] = 0;
    if (!Number.isNaN(this.times[base + COUNTING_SINCE])) this.times[base + COUNTING_SINCE] = at;
    this.times[base + ACCRUED] = at;
    this.flags[slot] = (this.flags[slot] as number) | DIRTY;
  }

  closeSession(slot: number): void {
    this.flags[slot] = (this.flags[slot] as number) & VOICE_FLAGS;
    this.#open -= 1;
  }

  /** Checkpoints of the sessions changed since they were last taken, with the slot and session number of each. */
  takeDirtyCheckpoints(): { readonly written: number[]; readonly checkpoints: SessionCheckpoint[] } {
    const written: number[] = [];
    const checkpoints: SessionCheckpoint[] = [];
    for (const slot of this.withSessions()) {
      const flags = this.flags[slot] as number;
      if ((flags & DIRTY) === 0) continue;
      this.flags[slot] = flags & ~DIRTY;
      written.push(slot, this.sessionNo[slot] as number);
      checkpoints.push({
        guildId: (this.guilds[slot] as RosterGuild).id,
        userId: this.userIds[slot] as string,
        channelId: (this.#channels[this.channelOf[slot] as number] as RosterChannel).ref.id,
        startedAt: this.times[slot * TIMES + STARTED_AT] as number,
        checkpointAt: this.times[slot * TIMES + ACCRUED] as number,
      });
    }
    return { written, checkpoints };
  }

  /** Whether a slot still has the session of that number open. */
  isSession(slot: number, sessionNo: number): boolean {
    return this.sessionNo[slot] === sessionNo && ((this.flags[slot] as number) & IN_SESSION) !== 0;
  }

  /** Slots in a channel (none for `NONE`, or a channel that has emptied). */
  *inChannel(channel: number): Iterable<number> {
    // A channel left empty is gone from the roster: nobody is in it.
    const head = channel === NONE ? NONE : (this.#channels[channel]?.head ?? NONE);
    for (let slot = head; slot !== NONE; slot = this.#next[slot] as number) yield slot;
  }

  /** Slots of a guild in voice. */
  *inVoice(guild: RosterGuild): Iterable<number> {
    for (const slot of guild.members.values()) if (this.channelOf[slot] !== NONE) yield slot;
  }

  /** Slots with an open session, of every guild. */
  *withSessions(): Iterable<number> {
    for (let slot = 0; slot < this.#used; slot += 1)
      if (((this.flags[slot] as number) & IN_SESSION) !== 0 && this.guilds[slot] !== undefined) yield slot;
  }

  #unlink(slot: number, channel: number): void {
    const list = channel === NONE ? this.#departed : (this.#channels[channel] as RosterChannel);
    const prev = this.#prev[slot] as number;
    const next = this.#next[slot] as number;
    if (prev === NONE) list.head = next;
    else this.#next[prev] = next;
    if (next !== NONE) this.#prev[next] = prev;
    else if (channel === NONE) this.#departed.tail = prev;
    list.size -= 1;
    if (channel !== NONE && list.size === 0) {
      this.#channelIds.delete((list as RosterChannel).ref.id);
      this.#channels[channel] = undefined;
      this.#freeChannels.push(channel);
    }
  }

  /** Drops a departed member's slot: their stale events are no longer recognised as stale. */
  #forget(slot: number): void {
    this.#unlink(slot, NONE);
    (this.guilds[slot] as RosterGuild).members.delete(this.userIds[slot] as string);
    this.userIds[slot] = undefined;
    this.guilds[slot] = undefined;
    this.#freeSlots.push(slot);
  }

  #grow(): number {
    const slot = this.#used;
    if (slot === this.channelOf.length) {
      const capacity = Math.max(1_024, slot * 2);
      const grown = <T extends Int32Array | Uint8Array | Uint32Array | Float64Array>(old: T, size: number): T => {
        const next = new (old.constructor as new (length: number) => T)(size);
        next.set(old);
        return next;
      };
      this.channelOf = grown(this.channelOf, capacity);
      this.flags = grown(this.flags, capacity);
      this.sessionNo = grown(this.sessionNo, capacity);
      this.times = grown(this.times, capacity * TIMES);
      this.#prev = grown(this.#prev, capacity);
      this.#next = grown(this.#next, capacity);
    }
    this.#used += 1;
    return slot;
  }
}
