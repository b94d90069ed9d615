import { EventEmitter } from 'eventemitter3';
import type { MessageEvent, VoiceChannelRef, VoiceStateEvent } from '../events/voice-events.ts';
import type { CloseOptions } from '../lifecycle/lifecycle.ts';
import { Pauses, retryUntilStopped } from '../lifecycle/retry-until-stopped.ts';
import type { ActivityBatch, MemberActivityTotal, MemberKey, SessionCheckpoint } from '../storage/activity-store.ts';
import { refuseRenamed } from '../validation.ts';
import { DayCalendar } from './day-calendar.ts';
import { FlushRetries } from './flush-retries.ts';
import { FlushTurns } from './flush-turns.ts';
import { PendingActivity, type PendingEntry } from './pending-activity.ts';
import { PendingDetails } from './pending-details.ts';
import { retryFor } from './retry-for.ts';
import type { ActivityTrackerEvents, ActivityTrackerStats } from './tracker-events.ts';
import {
  type ActivityTrackerOptions,
  isCounted,
  type ResolvedTrackerOptions,
  resolveTrackerOptions,
} from './tracker-options.ts';
import { type TrackerTotalsQuery, withUnwritten } from './tracker-reads.ts';
import { invalidFlagsOrTime, invalidReason, leaveOf, memberKey, voiceBits } from './tracker-state.ts';
import {
  ACCRUED,
  COUNTED_MS,
  COUNTING_SINCE,
  DIRTY,
  IN_SESSION,
  LAST_AT,
  NONE,
  PERSISTED,
  type RosterGuild,
  SELF_DEAF,
  SELF_MUTE,
  SERVER_DEAF,
  SERVER_MUTE,
  STARTED_AT,
  TIMES as T,
  VOICE_FLAGS,
  VoiceRoster,
} from './voice-roster.ts';

/** A batch on its way to the store, and the roster slots (with session tokens) of its checkpoints. */
type WriteAttempt = { readonly batch: ActivityBatch; readonly written: readonly number[] };

/** Members who left voice whose last event time is kept, to refuse their stale events. */
const MAX_DEPARTED = 100_000;

/**
 * Exact voice time per member: takes platform-neutral voice events, keeps open sessions in
 * memory, and writes finished time per (guild, member, day in the guild's time zone) to the store
 * in batches, with checkpoints of open sessions so that a restart can resume them. It never throws
 * into the caller: malformed, duplicate and out-of-order events are counted and dropped.
 *
 * @example Feeding it from the discord adapter
 * ```ts
 * import { ActivityTracker } from '@guildkit/core';
 *
 * const tracker = new ActivityTracker({ store, timeZone: 'Europe/Berlin' });
 * tracker.on('error', (error, { step }) => console.warn(`voice activity: ${step} failed, retrying`, error));
 * // restore() never rejects: failures are emitted and retried.
 * adapter.on('voiceSnapshot', (snapshot) => tracker.restore(snapshot.guildId, snapshot.states, snapshot.at));
 * adapter.on('voiceState', (event) => tracker.apply(event));
 * process.once('SIGTERM', () => tracker.close({ timeoutMs: 10_000 }).catch(console.error));
 * ```
 */
export class ActivityTracker extends EventEmitter<ActivityTrackerEvents> {
  readonly #options: ResolvedTrackerOptions;
  /** Members in voice, and those who left lately (to refuse their stale events). */
  readonly #roster = new VoiceRoster(MAX_DEPARTED);
  readonly #pending = new PendingActivity();
  /** Time and messages per channel and hour, when `details` is on. */
  readonly #details: PendingDetails | undefined;
  readonly #ended = new Map<string, MemberKey>();
  readonly #stats = {
    applied: 0,
    duplicates: 0,
    outOfOrder: 0,
    invalid: 0,
    bots: 0,
    messages: 0,
    flushes: 0,
    flushFailures: 0,
    restoreFailures: 0,
  };
  /** The last write, if it failed: it may have landed, so it is sent again as it was, before anything newer. */
  #unsure: WriteAttempt | undefined;
  /** Reads of stored totals under way: a flush waits for them, so that none counts its time twice or never. */
  #timers: ReturnType<typeof setInterval>[] = [];
  #closed = false;
  /** Restores waiting to try again: woken when the tracker closes. */
  readonly #pauses = new Pauses();
  readonly #turns = new FlushTurns(this.#pauses);
  readonly #retries: FlushRetries;
  /**
   * Per guild being restored, the members who had an event since its snapshot: what the snapshot
   * says of them is stale by then, and is not applied.
   */
  readonly #restoring = new Map<string, Set<string>>();

  public constructor(options: ActivityTrackerOptions) {
    super();
    this.#options = resolveTrackerOptions(options);
    this.#details = this.#options.details ? new PendingDetails() : undefined;
    this.#retries = new FlushRetries(this.#options.retryDelayMs, this.#options.maxRetryDelayMs, () =>
      this.#flushQuietly(),
    );
    new DayCalendar(this.#options.timeZone); // refuse a bad default time zone now
    const { flushIntervalMs, checkpointIntervalMs } = this.#options;
    if (flushIntervalMs > 0) this.#timers.push(setInterval(() => this.#flushQuietly(), flushIntervalMs));
    this.#timers.push(setInterval(() => this.checkpoint().catch(() => {}), checkpointIntervalMs));
    for (const timer of this.#timers) timer.unref?.();
  }

  /** Applies one voice event; never throws. */
  public apply(event: VoiceStateEvent): void {
    try {
      this.#apply(event);
    } catch (error) {
      this.#invalid(event, `could not be applied: ${(error as Error)?.message ?? String(error)}`);
    }
  }

  /**
   * Counts one message beside voice time, in the daily totals and (with `details`) per channel and
   * hour. Bots and ignored channels are not counted, by the same rules as voice; never throws.
   */
  public countMessage(event: MessageEvent): void {
    try {
      const { guildId, userId, channel, at } = event;
      if (event.bot) {
        this.#stats.bots += 1;
        return;
      }
      if (!isCounted(this.#options, guildId, channel, undefined)) return;
      const calendar = this.#calendar(guildId);
      const total = this.#pending.add(guildId, userId, calendar.dayOf(at), 0, 1) as PendingEntry;
      this.#details?.addMessage(total, channel.id, calendar, at);
      this.#stats.messages += 1;
      if (this.#pending.size >= this.#options.maxPending) this.#flushQuietly();
    } catch (error) {
      this.#invalid(event, `could not be counted: ${(error as Error)?.message ?? String(error)}`);
    }
  }

  /**
   * Lets go of what the tracker holds of one member of one guild before their data is deleted
   * (`store.forgetMember`): what is pending is written first, so that none of it lands after the
   * deletion, and a session still open counts again from now. Rejects, changing nothing of the
   * member, when the store fails.
   */
  public async forget(member: MemberKey): Promise<void> {
    await this.flush();
    const { guildId, userId } = member;
    const guild = this.#roster.guild(guildId);
    const slot = guild?.members.get(userId);
    if (slot !== undefined) this.#roster.restartSession(slot, this.#options.now());
    this.#pending.dropMember(guildId, userId);
    this.#details?.dropMember(guildId, userId);
  }

  /**
   * Reconciles a guild's checkpoints and held sessions with who is in voice now (see the guide).
   * Never rejects: when the store cannot be read, the failure is emitted as `error` (`step:
   * 'restore'`, with `guildId` and `retryInMs`) and the restore is tried again with backoff until it
   * succeeds or the tracker closes; the promise resolves then. Events applied meanwhile are kept:
   * the snapshot never overrides what is newer than it.
   */
  public async restore(guildId: string, states: readonly VoiceStateEvent[], at = this.#options.now()): Promise<void> {
    const present = new Map(
      states
        .filter((state) => invalidReason(state) === undefined && state.channel !== null && !state.bot)
        .map((state) => [state.userId, state]),
    );
    this.#leaveAllBut(guildId, present, at);
    const touched = new Set<string>();
    this.#restoring.set(guildId, touched);
    await retryUntilStopped(() => this.#resume(guildId, present, touched, at), {
      ...this.#options,
      pauses: this.#pauses,
      stopped: () => this.#closed,
      failed: (error, retryInMs) => {
        if (retryInMs !== undefined) this.#stats.restoreFailures += 1;
        this.emit(
          'error',
          error,
          retryInMs === undefined ? { step: 'restore', guildId } : { step: 'restore', guildId, retryInMs },
        );
      },
    });
    if (this.#restoring.get(guildId) === touched) this.#restoring.delete(guildId);
    if (this.#closed) return;
    // A failed flush keeps its time and is retried on its own (and emitted as `error`).
    await this.flush().catch(() => {});
  }

  /**
   * Ends every open session of a guild at `at`, as when the bot leaves the guild and hears no more
   * of its voice states. The time up to then counts; their checkpoints go with the next flush.
   *
   * @returns how many sessions it ended
   */
  public release(guildId: string, at = this.#options.now()): number {
    return this.#leaveAllBut(guildId, new Map(), at);
  }

  /** Ends the sessions held in a guild of the members not in `present`, at `at`; how many it ended. */
  #leaveAllBut(guildId: string, present: ReadonlyMap<string, unknown>, at: number): number {
    const roster = this.#roster;
    const guild = roster.guild(guildId);
    let ended = 0;
    for (const slot of guild === undefined ? [] : [...roster.inVoice(guild)]) {
      const userId = roster.userIds[slot] as string;
      if (present.has(userId)) continue;
      this.apply(leaveOf(guildId, userId, Math.max(at, roster.times[slot * T] as number)));
      ended += 1;
    }
    return ended;
  }

  /** Resumes or ends the guild's checkpointed sessions, then applies who is in voice now. */
  async #resume(
    guildId: string,
    present: ReadonlyMap<string, VoiceStateEvent>,
    touched: ReadonlySet<string>,
    at: number,
  ): Promise<void> {
    const roster = this.#roster;
    const checkpoints = await this.#options.store.listSessionCheckpoints(guildId);
    const resumed: number[] = [];
    for (const checkpoint of checkpoints) {
      const held = roster.guild(guildId)?.members.get(checkpoint.userId);
      if (held !== undefined && roster.channelOf[held] !== NONE) continue;
      // A member with an event since the snapshot and no session now has left since: the session ends.
      const state = touched.has(checkpoint.userId) ? undefined : present.get(checkpoint.userId);
      const channel = state?.channel ?? null;
      if (state !== undefined && channel !== null && isCounted(this.#options, guildId, channel, state.afkChannelId)) {
        resumed.push(this.#resumeFrom(state, channel, checkpoint, at)); // still in voice: the session goes on
        continue;
      }
      const { userId, channelId, startedAt, checkpointAt: endedAt } = checkpoint;
      const channelRef = { id: channelId, name: '', parentId: null };
      this.emit('sessionEnd', { guildId, userId, channel: channelRef, startedAt, endedAt, countedMs: 0 });
      this.#ended.set(memberKey(guildId, userId), { guildId, userId });
    }
    // Counted once all are back, so that members restored together keep each other company.
    for (const slot of resumed) this.#recount(slot, roster.times[slot * T + ACCRUED] as number);
    for (const state of present.values())
      if (!touched.has(state.userId)) this.apply({ ...state, at: Math.max(at, state.at) });
  }

  /** Writes finished time, ended sessions and changed checkpoints now; rejects (keeping all of it) when the store fails. */
  public async flush(): Promise<void> {
    // One write at a time, none while stored totals are read; one asked for meanwhile writes what is left.
    return this.#turns.flush(() => this.#flush());
  }

  /** Moves open sessions' time so far into the pending totals and checkpoints them, then flushes. */
  public checkpoint(): Promise<void> {
    const now = this.#options.now();
    for (const slot of this.#roster.withSessions()) this.#accrue(slot, now);
    return this.flush();
  }

  /** Totals per member over `[startDay, endDay)`: stored, plus pending, plus live time on request. */
  public async readTotals(query: TrackerTotalsQuery): Promise<MemberActivityTotal[]> {
    const { includeLive: _, ...storeQuery } = query;
    // Counts each millisecond once: a flush under way is waited for briefly, then counted from memory.
    const { stored, inFlight } = await this.#turns.read(() => this.#options.store.readActivityTotals(storeQuery));
    const unwritten = { pending: this.#pending, inFlight };
    return withUnwritten(stored, query, this.#roster, unwritten, this.#calendar(query.guildId), this.#options.now());
  }

  /** The local day of a moment in a guild's time zone. */
  public dayOf(guildId: string, at: number): string {
    return this.#calendar(guildId).dayOf(at);
  }

  public stats(): ActivityTrackerStats {
    return { ...this.#stats, openSessions: this.#roster.openSessions, pending: this.#pending.size };
  }

  /**
   * Stops the timers and restores still retrying, then checkpoints and flushes, retrying a failing
   * store for `timeoutMs` of real time (default `0`: once); rejects with the store's error after that.
   */
  public async close(options: CloseOptions = {}): Promise<void> {
    refuseRenamed(options, 'ActivityTracker.close() options', { retryForMs: 'timeoutMs' });
    if (!this.#closed) {
      this.#closed = true;
      for (const timer of this.#timers) clearInterval(timer);
      this.#retries.stop();
      this.#pauses.wakeAll();
    }
    await retryFor(
      () => this.checkpoint(),
      options.timeoutMs ?? 0,
      () => this.#retries.delayMs,
    );
  }

  #invalid(event: unknown, reason: string): void {
    this.#stats.invalid += 1;
    this.emit('invalidEvent', event, reason);
  }

  #apply(event: VoiceStateEvent): void {
    if (event === null || typeof event !== 'object') {
      this.#invalid(event, 'not an object');
      return;
    }
    if (this.#restoring.size > 0) this.#restoring.get(event.guildId)?.add(event.userId);
    const roster = this.#roster;
    let guild = roster.guild(event.guildId);
    let slot = guild?.members.get(event.userId) ?? NONE;
    const channel = event.channel;
    let next = channel === null || typeof channel !== 'object' ? NONE : roster.channelIndex(channel.id);
    // Ids seen before were checked then: a known member and channel leave only the time and flags to check.
    const known = slot !== NONE && (channel === null || (next !== NONE && typeof channel.name === 'string'));
    const reason = known ? invalidFlagsOrTime(event) : invalidReason(event);
    if (reason !== undefined) {
      this.#invalid(event, reason);
      return;
    }
    if (event.bot === true) {
      this.#stats.bots += 1;
      return;
    }
    const at = event.at ?? this.#options.now();
    const previous = slot === NONE ? NONE : (roster.channelOf[slot] as number);
    if (slot !== NONE && at < (roster.times[slot * T + LAST_AT] as number)) {
      this.#stats.outOfOrder += 1;
      return;
    }
    const bits = voiceBits(event);
    if (
      previous === NONE
        ? channel === null
        : next === previous && ((roster.flags[slot] as number) & VOICE_FLAGS) === bits
    ) {
      this.#stats.duplicates += 1;
      // Still the last event seen: what is older than it is stale from now on (not for who is out of voice).
      if (previous !== NONE) roster.times[slot * T + LAST_AT] = at;
      return;
    }
    this.#stats.applied += 1;
    guild ??= roster.addGuild(event.guildId);
    const placed = slot !== NONE;
    if (!placed) slot = this.#add(guild, event.userId, at);
    if (channel !== null) next = roster.useChannel(channel);
    const moved = next !== previous;
    // Who else starts or stops counting by the alone rule: only someone left alone in the room
    // this member leaves, or no longer alone in the one they join. Everyone else's counting goes
    // on as it was, and their time accrues later, at the same rate.
    let leftAlone = NONE;
    let joined = NONE;
    if (moved && !this.#options.countAlone) {
      leftAlone = this.#soleOther(previous, slot, 2);
      joined = this.#soleOther(next, slot, 1);
      if (leftAlone !== NONE) this.#accrue(leftAlone, at);
      if (joined !== NONE) this.#accrue(joined, at);
    }
    this.#accrue(slot, at);
    if (moved) {
      if (((roster.flags[slot] as number) & IN_SESSION) !== 0) this.#endSession(slot, at);
      roster.move(slot, next, placed);
      if (channel !== null && isCounted(this.#options, guild.id, channel, event.afkChannelId, roster.channel(next))) {
        roster.openSession(slot, at, at, false);
        if (this.#ended.size > 0) this.#ended.delete(memberKey(guild.id, event.userId));
      }
    }
    roster.flags[slot] = ((roster.flags[slot] as number) & ~VOICE_FLAGS) | bits;
    roster.times[slot * T + LAST_AT] = at;
    this.#recount(slot, at);
    if (leftAlone !== NONE) this.#recount(leftAlone, at);
    if (joined !== NONE) this.#recount(joined, at);
    if (this.#pending.size >= this.#options.maxPending) this.#flushQuietly();
  }

  /**
   * The one member other than `slot` in a room of `size` members, or `NONE` when the room has
   * another size (or is none).
   */
  #soleOther(channel: number, slot: number, size: number): number {
    if (channel === NONE) return NONE;
    const room = this.#roster.channel(channel);
    if (room === undefined || room.size !== size) return NONE;
    for (const other of this.#roster.inChannel(channel)) if (other !== slot) return other;
    return NONE;
  }

  #resumeFrom(state: VoiceStateEvent, channel: VoiceChannelRef, checkpoint: SessionCheckpoint, at: number): number {
    const roster = this.#roster;
    const guild = roster.guild(state.guildId) ?? roster.addGuild(state.guildId);
    const lastAt = Math.max(at, state.at);
    const held = guild.members.get(state.userId);
    const slot = held ?? this.#add(guild, state.userId, lastAt);
    roster.times[slot * T + LAST_AT] = lastAt;
    roster.move(slot, roster.useChannel(channel), held !== undefined);
    roster.flags[slot] = voiceBits(state);
    roster.openSession(slot, checkpoint.startedAt, checkpoint.checkpointAt, true);
    return slot;
  }

  /** A new roster slot (perhaps a forgotten member's): nothing of its own pending yet. */
  #add(guild: RosterGuild, userId: string, lastAt: number): number {
    const slot = this.#roster.add(guild, userId, lastAt);
    this.#pending.forgetSlot(slot);
    this.#details?.forgetSlot(slot);
    return slot;
  }

  /** Moves a member's counted time up to `until` into the pending totals. */
  #accrue(slot: number, until: number): void {
    const roster = this.#roster;
    const flags = roster.flags[slot] as number;
    const times = roster.times;
    const base = slot * T;
    if ((flags & IN_SESSION) === 0 || until < (times[base + ACCRUED] as number)) return;
    const since = times[base + COUNTING_SINCE] as number;
    if (until > since) {
      const guildId = (roster.guilds[slot] as RosterGuild).id;
      const userId = roster.userIds[slot] as string;
      const calendar = this.#calendar(guildId);
      const bounds = calendar.boundsOf(since);
      if (until <= bounds.end) this.#pending.addFor(slot, guildId, userId, bounds.day, until - since);
      else
        for (const piece of calendar.split(since, until))
          this.#pending.addFor(slot, guildId, userId, piece.day, piece.ms);
      const details = this.#details;
      if (details !== undefined) {
        const channelId = roster.channel(roster.channelOf[slot] as number).ref.id;
        details.addStretch(slot, guildId, userId, channelId, calendar, since, until);
      }
      times[base + COUNTED_MS] = (times[base + COUNTED_MS] as number) + until - since;
      times[base + COUNTING_SINCE] = until;
    }
    times[base + ACCRUED] = until;
    roster.flags[slot] = flags | DIRTY;
  }

  /** Starts or stops a member's counting stretch at `at`, by the rules. */
  #recount(slot: number, at: number): void {
    const roster = this.#roster;
    const flags = roster.flags[slot] as number;
    if ((flags & IN_SESSION) === 0) return;
    const { countDeafened, countMuted, countAlone } = this.#options;
    const counting =
      (countDeafened || (flags & (SELF_DEAF | SERVER_DEAF)) === 0) &&
      (countMuted || (flags & (SELF_MUTE | SERVER_MUTE)) === 0) &&
      (countAlone || roster.channel(roster.channelOf[slot] as number).size > 1);
    const index = slot * T + COUNTING_SINCE;
    if (!counting) roster.times[index] = Number.NaN;
    else if (Number.isNaN(roster.times[index])) roster.times[index] = at;
  }

  #endSession(slot: number, at: number): void {
    const roster = this.#roster;
    this.#accrue(slot, at);
    const guildId = (roster.guilds[slot] as RosterGuild).id;
    const userId = roster.userIds[slot] as string;
    // A session whose checkpoint never reached the store has nothing there to remove.
    if (((roster.flags[slot] as number) & PERSISTED) !== 0)
      this.#ended.set(memberKey(guildId, userId), { guildId, userId });
    roster.closeSession(slot);
    if (this.listenerCount('sessionEnd') === 0) return;
    const base = slot * T;
    this.emit('sessionEnd', {
      guildId,
      userId,
      channel: roster.channel(roster.channelOf[slot] as number).ref,
      startedAt: roster.times[base + STARTED_AT] as number,
      endedAt: at,
      countedMs: roster.times[base + COUNTED_MS] as number,
    });
  }

  #calendar(guildId: string): DayCalendar {
    const guild = this.#roster.guild(guildId) ?? this.#roster.addGuild(guildId);
    // Asked each time: a guild whose time zone changed counts days in the new one from then on.
    const timeZone = this.#options.guildTimeZone?.(guildId) ?? this.#options.timeZone;
    if (guild.calendar?.timeZone !== timeZone) guild.calendar = new DayCalendar(timeZone);
    return guild.calendar;
  }

  async #flush(): Promise<void> {
    // A write that failed may have landed all the same (the connection lost during its COMMIT): it
    // goes again as it was, under its id, which a store that has it already ignores; then newer time.
    if (this.#unsure !== undefined) await this.#write(this.#unsure);
    const roster = this.#roster;
    const increments = this.#pending.drain();
    const slices = this.#details?.drain() ?? [];
    const ended = [...this.#ended.values()];
    this.#ended.clear();
    const { written, checkpoints: saveCheckpoints } = roster.takeDirtyCheckpoints();
    if (increments.length + slices.length + ended.length + saveCheckpoints.length === 0) return;
    const batch: ActivityBatch = {
      id: crypto.randomUUID(),
      increments,
      slices,
      removeCheckpoints: ended,
      saveCheckpoints,
    };
    await this.#turns.writing(increments, () => this.#write({ batch, written }));
  }

  async #write(attempt: WriteAttempt): Promise<void> {
    const roster = this.#roster;
    const { batch, written } = attempt;
    const saveCheckpoints = batch.saveCheckpoints as readonly SessionCheckpoint[];
    const started = this.#options.now();
    const sameSession = (i: number) => roster.isSession(written[i] as number, written[i + 1] as number);
    try {
      await this.#options.store.recordActivity(batch);
    } catch (error) {
      // Kept as it is, to be sent again first; sessions still open get a fresh checkpoint after it.
      this.#unsure = attempt;
      this.#pending.hold(batch.increments ?? []);
      for (let i = 0; i < written.length; i += 2)
        if (sameSession(i)) roster.flags[written[i] as number] = (roster.flags[written[i] as number] as number) | DIRTY;
      this.#failed(error);
      throw error;
    }
    this.#unsure = undefined;
    this.#pending.settle();
    for (let i = 0; i < written.length; i += 2) {
      const slot = written[i] as number;
      if (sameSession(i)) roster.flags[slot] = (roster.flags[slot] as number) | PERSISTED;
      else {
        // Ended while this write was on its way: the checkpoint just written must go next time.
        const { guildId, userId } = saveCheckpoints[i / 2] as SessionCheckpoint;
        this.#ended.set(memberKey(guildId, userId), { guildId, userId });
      }
    }
    this.#retries.succeeded();
    this.#stats.flushes += 1;
    this.emit('flush', {
      increments: batch.increments?.length ?? 0,
      checkpoints: saveCheckpoints.length,
      durationMs: this.#options.now() - started,
    });
  }

  #failed(error: unknown): void {
    this.#stats.flushFailures += 1;
    this.emit('error', error, { step: 'flush', retryInMs: this.#retries.failed() });
  }

  #flushQuietly(): void {
    this.flush().catch(() => {});
  }
}
