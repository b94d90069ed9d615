import { EventEmitter } from 'eventemitter3';
import { LRUCache } from 'lru-cache';
import type { VoiceChannelRef, VoiceStateEvent } from '../events/voice-events.ts';
import type { ActivityBatch, MemberActivityTotal, MemberKey, SessionCheckpoint } from '../storage/activity-store.ts';
import { compareMemberTotals } from '../storage/prepare-activity.ts';
import { DayCalendar } from './day-calendar.ts';
import { PendingActivity } from './pending-activity.ts';
import { retryFor } from './retry-for.ts';
import type { ActivityTrackerEvents, ActivityTrackerStats } from './tracker-events.ts';
import {
  type ActivityTrackerOptions,
  isCounted,
  type ResolvedTrackerOptions,
  resolveTrackerOptions,
} from './tracker-options.ts';
import { addUnwritten, type TrackerTotalsQuery } from './tracker-reads.ts';
import {
  invalidReason,
  leaveOf,
  MemberIndex,
  type MemberVoice,
  memberKey,
  memberVoice,
  type OpenSession,
  openSession,
  sameState,
} from './tracker-state.ts';

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
 * const tracker = new ActivityTracker({ store, timeZone: 'Asia/Seoul' });
 * adapter.on('voiceSnapshot', (snapshot) => void tracker.restore(snapshot.guildId, snapshot.states, snapshot.at));
 * adapter.on('voiceState', (event) => tracker.apply(event));
 * process.once('SIGTERM', () => void tracker.close());
 * ```
 */
export class ActivityTracker extends EventEmitter<ActivityTrackerEvents> {
  readonly #options: ResolvedTrackerOptions;
  readonly #members = new MemberIndex();
  /** Last event time of members who left voice, to refuse their stale events. */
  readonly #departed = new LRUCache<string, number>({ max: 100_000 });
  readonly #occupants = new Map<string, Set<string>>();
  readonly #pending = new PendingActivity();
  readonly #ended = new Map<string, MemberKey>();
  readonly #calendars = new Map<string, DayCalendar>();
  readonly #stats = { applied: 0, duplicates: 0, outOfOrder: 0, invalid: 0, bots: 0, flushes: 0, flushFailures: 0 };
  #flushing: Promise<void> | undefined;
  #retryDelayMs = 0;
  #timers: ReturnType<typeof setInterval>[] = [];
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  public constructor(options: ActivityTrackerOptions) {
    super();
    this.#options = resolveTrackerOptions(options);
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
      this.#stats.invalid += 1;
      this.emit('invalidEvent', event, `could not be applied: ${(error as Error)?.message ?? String(error)}`);
    }
  }

  /** Reconciles a guild's checkpoints and held sessions with who is in voice now (see the guide). */
  public async restore(guildId: string, states: readonly VoiceStateEvent[], at = this.#options.now()): Promise<void> {
    const present = new Map(
      states.filter((state) => state.channel !== null && !state.bot).map((state) => [state.userId, state]),
    );
    for (const member of [...this.#members.inGuild(guildId)]) {
      if (!present.has(member.userId)) this.apply({ ...leaveOf(member), at: Math.max(at, member.lastAt) });
    }
    const checkpoints = await this.#options.store.listSessionCheckpoints(guildId);
    const resumed: MemberVoice[] = [];
    for (const checkpoint of checkpoints) {
      const key = memberKey(guildId, checkpoint.userId);
      if (this.#members.get(guildId, checkpoint.userId) !== undefined) continue;
      const state = present.get(checkpoint.userId);
      const channel = state?.channel ?? null;
      if (state !== undefined && channel !== null && isCounted(this.#options, guildId, channel, state.afkChannelId)) {
        resumed.push(this.#resumeFrom(state, checkpoint, at)); // still in voice: the session goes on
        continue;
      }
      const { userId, channelId, startedAt, checkpointAt: endedAt } = checkpoint;
      const channelRef = { id: channelId, name: '', parentId: null };
      this.emit('sessionEnd', { guildId, userId, channel: channelRef, startedAt, endedAt, countedMs: 0 });
      this.#ended.set(key, { guildId, userId });
    }
    // Counted once all are back, so that members restored together keep each other company.
    for (const member of resumed) this.#recount(member, member.session?.accruedThrough ?? at);
    for (const state of present.values()) this.apply({ ...state, at: Math.max(at, state.at) });
    await this.flush();
  }

  /** Writes finished time, ended sessions and changed checkpoints now; rejects (keeping all of it) when the store fails. */
  public async flush(): Promise<void> {
    // One write at a time; a flush asked for during another waits for it, then writes what is left.
    while (this.#flushing !== undefined) await this.#flushing.catch(() => {});
    this.#flushing = this.#flush().finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
  }

  /** Moves open sessions' time so far into the pending totals and checkpoints them, then flushes. */
  public checkpoint(): Promise<void> {
    const now = this.#options.now();
    for (const member of this.#members.values()) if (member.session !== null) this.#accrue(member, now);
    return this.flush();
  }

  /** Totals per member over `[startDay, endDay)`: stored, plus pending, plus live time on request. */
  public async readTotals(query: TrackerTotalsQuery): Promise<MemberActivityTotal[]> {
    const { includeLive = false, ...storeQuery } = query;
    const totals = new Map(
      (await this.#options.store.readActivityTotals(storeQuery)).map((total) => [total.userId, total.ms]),
    );
    const live = includeLive ? this.#members.inGuild(query.guildId) : [];
    addUnwritten(
      totals,
      query,
      this.#pending.inRange(query.guildId, query.startDay, query.endDay),
      live,
      this.#calendar(query.guildId),
      this.#options.now(),
    );
    return [...totals].map(([userId, ms]) => ({ userId, ms })).sort(compareMemberTotals);
  }

  /** The local day of a moment in a guild's time zone. */
  public dayOf(guildId: string, at: number): string {
    return this.#calendar(guildId).dayOf(at);
  }

  public stats(): ActivityTrackerStats {
    let openSessions = 0;
    for (const member of this.#members.values()) if (member.session !== null) openSessions += 1;
    return { ...this.#stats, openSessions, pending: this.#pending.size };
  }

  /** Stops the timers, checkpoints and flushes, retrying for `retryForMs` of real time (default: once). */
  public async close(options: { readonly retryForMs?: number } = {}): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      for (const timer of this.#timers) clearInterval(timer);
      if (this.#retryTimer !== undefined) clearTimeout(this.#retryTimer);
    }
    await retryFor(
      () => this.checkpoint(),
      options.retryForMs ?? 0,
      () => this.#retryDelayMs || this.#options.retryDelayMs,
    );
  }

  #apply(event: VoiceStateEvent): void {
    const reason = invalidReason(event);
    if (reason !== undefined) {
      this.#stats.invalid += 1;
      this.emit('invalidEvent', event, reason);
      return;
    }
    if (event.bot === true) {
      this.#stats.bots += 1;
      return;
    }
    const at = event.at ?? this.#options.now();
    const member = this.#members.get(event.guildId, event.userId);
    const lastAt = member?.lastAt ?? this.#departed.get(memberKey(event.guildId, event.userId));
    if (lastAt !== undefined && at < lastAt) {
      this.#stats.outOfOrder += 1;
      return;
    }
    if ((member !== undefined && sameState(member, event)) || (member === undefined && event.channel === null)) {
      this.#stats.duplicates += 1;
      // Still the last event seen: what is older than it is stale from now on.
      if (member !== undefined) member.lastAt = at;
      return;
    }
    this.#stats.applied += 1;
    const current = member ?? this.#newMember(event, at);
    const oldChannel = current.channel;
    const newChannel = event.channel;
    const moved = (oldChannel?.id ?? null) !== (newChannel?.id ?? null);
    // Everyone whose counting may change: the member, and (for the alone rule) who shares either room.
    const affected: MemberVoice[] = [current];
    if (!this.#options.countAlone && moved) {
      for (const channel of [oldChannel, newChannel]) {
        for (const other of this.#inChannel(event.guildId, channel)) if (other !== current) affected.push(other);
      }
    }
    for (const each of affected) this.#accrue(each, at);

    if (moved) {
      if (oldChannel !== null) this.#occupants.get(oldChannel.id)?.delete(event.userId);
      if (current.session !== null) this.#endSession(current, at);
      if (newChannel !== null) {
        this.#occupy(newChannel.id, event.userId);
        if (isCounted(this.#options, event.guildId, newChannel, event.afkChannelId)) {
          current.session = openSession(at, newChannel, at, false);
          if (this.#ended.size > 0) this.#ended.delete(memberKey(event.guildId, event.userId));
        }
      }
    }
    current.channel = newChannel;
    current.selfMute = event.selfMute ?? false;
    current.selfDeaf = event.selfDeaf ?? false;
    current.serverMute = event.serverMute ?? false;
    current.serverDeaf = event.serverDeaf ?? false;
    current.lastAt = at;
    for (const each of affected) this.#recount(each, at);
    if (newChannel === null) {
      this.#members.delete(event.guildId, event.userId);
      this.#departed.set(memberKey(event.guildId, event.userId), at);
    }
    if (this.#pending.size >= this.#options.maxPending) this.#flushQuietly();
  }

  #newMember(event: VoiceStateEvent, at: number): MemberVoice {
    const member = memberVoice(event.guildId, event.userId, at);
    this.#members.set(member);
    return member;
  }

  #resumeFrom(state: VoiceStateEvent, checkpoint: SessionCheckpoint, at: number): MemberVoice {
    const member = this.#newMember(state, Math.max(at, state.at));
    const channel = state.channel as VoiceChannelRef;
    Object.assign(member, {
      channel,
      selfMute: state.selfMute,
      selfDeaf: state.selfDeaf,
      serverMute: state.serverMute,
      serverDeaf: state.serverDeaf,
    });
    this.#occupy(channel.id, state.userId);
    member.session = openSession(checkpoint.startedAt, channel, checkpoint.checkpointAt, true);
    return member;
  }

  /** Moves a member's counted time up to `until` into the pending totals. */
  #accrue(member: MemberVoice, until: number): void {
    const session = member.session;
    if (session === null || until < session.accruedThrough) return;
    const since = session.countingSince;
    if (since !== null && until > since) {
      const calendar = this.#calendar(member.guildId);
      const bounds = calendar.boundsOf(since);
      if (until <= bounds.end) this.#pending.add(member.guildId, member.userId, bounds.day, until - since);
      else
        for (const piece of calendar.split(since, until))
          this.#pending.add(member.guildId, member.userId, piece.day, piece.ms);
      session.countedMs += until - since;
      session.countingSince = until;
    }
    session.accruedThrough = until;
    session.dirty = true;
  }

  /** Starts or stops a member's counting stretch at `at`, by the rules. */
  #recount(member: MemberVoice, at: number): void {
    const session = member.session;
    if (session === null) return;
    const { countDeafened, countMuted, countAlone } = this.#options;
    const counting =
      (countDeafened || !(member.selfDeaf || member.serverDeaf)) &&
      (countMuted || !(member.selfMute || member.serverMute)) &&
      (countAlone || (this.#occupants.get(session.channel.id)?.size ?? 0) > 1);
    if (counting && session.countingSince === null) session.countingSince = at;
    if (!counting) session.countingSince = null;
  }

  #endSession(member: MemberVoice, at: number): void {
    const session = member.session as OpenSession;
    this.#accrue(member, at);
    member.session = null;
    // A session whose checkpoint never reached the store has nothing there to remove.
    if (session.persisted)
      this.#ended.set(memberKey(member.guildId, member.userId), { guildId: member.guildId, userId: member.userId });
    this.emit('sessionEnd', {
      guildId: member.guildId,
      userId: member.userId,
      channel: session.channel,
      startedAt: session.startedAt,
      endedAt: at,
      countedMs: session.countedMs,
    });
  }

  *#inChannel(guildId: string, channel: VoiceChannelRef | null): Iterable<MemberVoice> {
    if (channel === null) return;
    for (const userId of this.#occupants.get(channel.id) ?? []) {
      const member = this.#members.get(guildId, userId);
      if (member !== undefined) yield member;
    }
  }

  /** Channel ids are unique across guilds, so occupancy needs no guild in its key. */
  #occupy(channelId: string, userId: string): void {
    let occupants = this.#occupants.get(channelId);
    if (occupants === undefined) {
      occupants = new Set();
      this.#occupants.set(channelId, occupants);
    }
    occupants.add(userId);
  }

  #calendar(guildId: string): DayCalendar {
    let calendar = this.#calendars.get(guildId);
    if (calendar === undefined) {
      calendar = new DayCalendar(this.#options.guildTimeZone?.(guildId) ?? this.#options.timeZone);
      this.#calendars.set(guildId, calendar);
    }
    return calendar;
  }

  async #flush(): Promise<void> {
    const increments = this.#pending.drain();
    const ended = [...this.#ended.values()];
    this.#ended.clear();
    const open = [...this.#members.values()].filter((member) => member.session?.dirty === true);
    const written = open.map((member) => [member, member.session as OpenSession] as const);
    const saveCheckpoints = open.map((member) => {
      const session = member.session as OpenSession;
      session.dirty = false;
      return {
        guildId: member.guildId,
        userId: member.userId,
        channelId: session.channel.id,
        startedAt: session.startedAt,
        checkpointAt: session.accruedThrough,
      };
    });
    if (increments.length === 0 && ended.length === 0 && saveCheckpoints.length === 0) return;
    const batch: ActivityBatch = { increments, removeCheckpoints: ended, saveCheckpoints };
    const started = this.#options.now();
    try {
      await this.#options.store.recordActivity(batch);
    } catch (error) {
      // Keep everything: the time, the ended sessions, and the checkpoints still to write.
      this.#pending.restore(increments);
      for (const key of ended)
        if (!this.#members.get(key.guildId, key.userId)?.session)
          this.#ended.set(memberKey(key.guildId, key.userId), key);
      for (const member of open) if (member.session !== null) member.session.dirty = true;
      this.#stats.flushFailures += 1;
      this.#retryDelayMs = Math.min(
        this.#retryDelayMs === 0 ? this.#options.retryDelayMs : this.#retryDelayMs * 2,
        this.#options.maxRetryDelayMs,
      );
      this.emit('flushError', error, this.#retryDelayMs);
      if (!this.#closed && this.#retryTimer === undefined) {
        this.#retryTimer = setTimeout(() => {
          this.#retryTimer = undefined;
          this.#flushQuietly();
        }, this.#retryDelayMs);
        this.#retryTimer.unref?.();
      }
      throw error;
    }
    for (const [member, session] of written) {
      session.persisted = true;
      // Ended while this flush was on its way: the checkpoint just written must go next time.
      if (member.session !== session)
        this.#ended.set(memberKey(member.guildId, member.userId), { guildId: member.guildId, userId: member.userId });
    }
    this.#retryDelayMs = 0;
    this.#stats.flushes += 1;
    this.emit('flush', {
      increments: increments.length,
      checkpoints: saveCheckpoints.length,
      durationMs: this.#options.now() - started,
    });
  }

  #flushQuietly(): void {
    this.flush().catch(() => {});
  }
}
