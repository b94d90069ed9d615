import type { ActivityBatch, ActivityTotalsQuery, VoiceStateEvent } from '@guildkit/core';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ActivityTracker,
  type ActivityTrackerOptions,
  MemoryDatabase,
  MemoryStore,
  type SessionEnd,
} from '../src/index.ts';

const guildId = '1100000000000000001';
const alice = '1200000000000000001';
const bob = '1200000000000000002';
const general = { id: '1300000000000000001', name: '일반', parentId: null };
const games = { id: '1300000000000000002', name: '게임', parentId: null };
const waiting = { id: '1300000000000000003', name: '대기실', parentId: null };
const afk = { id: '1300000000000000004', name: '쉬는 곳', parentId: null };
const T0 = Date.parse('2026-11-25T10:00:00Z'); // 19:00 in Seoul
const MIN = 60_000;

function voice(
  userId: string,
  channel: typeof general | null,
  minutes: number,
  flags: Partial<VoiceStateEvent> = {},
): VoiceStateEvent {
  return {
    guildId,
    userId,
    channel,
    at: T0 + minutes * MIN,
    selfMute: false,
    selfDeaf: false,
    serverMute: false,
    serverDeaf: false,
    bot: false,
    afkChannelId: afk.id,
    ...flags,
  };
}

function setUp<Store extends MemoryStore = MemoryStore>(
  options: Partial<ActivityTrackerOptions> = {},
  store: Store = new MemoryStore() as Store,
) {
  const clock = { now: T0 };
  const tracker = new ActivityTracker({ store, now: () => clock.now, flushIntervalMs: 0, ...options });
  const sessions: SessionEnd[] = [];
  tracker.on('sessionEnd', (session) => sessions.push(session));
  return { tracker, store, clock, sessions };
}

const day = (startDay: string, endDay: string) => ({ guildId, startDay, endDay });

afterEach(() => vi.useRealTimers());

describe('ActivityTracker', () => {
  it('counts time in a channel and writes it on flush, with a sessionEnd', async () => {
    const { tracker, store, sessions } = setUp();
    tracker.apply(voice(alice, general, 0));
    tracker.apply(voice(alice, null, 90));
    await tracker.flush();
    expect(await store.readActivityTotals(day('2026-11-25', '2026-11-26'))).toEqual([
      { userId: alice, ms: 90 * MIN, messages: 0 },
    ]);
    expect(sessions).toEqual([
      { guildId, userId: alice, channel: general, startedAt: T0, endedAt: T0 + 90 * MIN, countedMs: 90 * MIN },
    ]);
    expect(await store.listSessionCheckpoints()).toEqual([]);
  });

  it('does not count waiting rooms, the AFK channel, channels you ignore, or deafened time; a move into one ends the session', async () => {
    const { tracker, store, sessions } = setUp({ ignoreChannel: (channel) => channel.id === games.id });
    tracker.apply(voice(alice, general, 0));
    tracker.apply(voice(alice, waiting, 10));
    tracker.apply(voice(alice, afk, 20));
    tracker.apply(voice(alice, games, 30));
    tracker.apply(voice(alice, general, 40));
    tracker.apply(voice(alice, general, 50, { selfDeaf: true }));
    tracker.apply(voice(alice, general, 55, { selfMute: true }));
    tracker.apply(voice(alice, null, 60));
    await tracker.flush();
    expect(await store.readActivityTotals(day('2026-11-25', '2026-11-26'))).toEqual([
      { userId: alice, ms: 25 * MIN, messages: 0 },
    ]);
    expect(sessions.map((session) => [session.channel.name, session.countedMs / MIN])).toEqual([
      ['일반', 10],
      ['일반', 15],
    ]);
  });

  it('leaves out muted time or time alone when told to', async () => {
    const { tracker, store } = setUp({ countMuted: false, countAlone: false });
    tracker.apply(voice(alice, general, 0)); // alone: not counted
    tracker.apply(voice(bob, general, 10)); // both count from here
    tracker.apply(voice(bob, general, 20, { selfMute: true })); // bob muted
    tracker.apply(voice(bob, null, 30)); // alice alone again
    tracker.apply(voice(alice, null, 40));
    await tracker.flush();
    expect(await store.readActivityTotals(day('2026-11-25', '2026-11-26'))).toEqual([
      { userId: alice, ms: 20 * MIN, messages: 0 },
      { userId: bob, ms: 10 * MIN, messages: 0 },
    ]);
  });

  it("splits at midnight in the guild's time zone", async () => {
    const { tracker, store } = setUp({ timeZone: 'Asia/Seoul' });
    // 23:30 to 00:30 in Seoul.
    tracker.apply(voice(alice, general, 270));
    tracker.apply(voice(alice, null, 330));
    await tracker.flush();
    expect(await store.readActivityTotals(day('2026-11-25', '2026-11-26'))).toEqual([
      { userId: alice, ms: 30 * MIN, messages: 0 },
    ]);
    expect(await store.readActivityTotals(day('2026-11-26', '2026-11-27'))).toEqual([
      { userId: alice, ms: 30 * MIN, messages: 0 },
    ]);
    const berlin = setUp({ guildTimeZone: () => 'Europe/Berlin' });
    berlin.tracker.apply(voice(alice, general, 270));
    berlin.tracker.apply(voice(alice, null, 330));
    await berlin.tracker.flush();
    expect(await berlin.store.readActivityTotals(day('2026-11-25', '2026-11-26'))).toEqual([
      { userId: alice, ms: 60 * MIN, messages: 0 },
    ]);
  });

  it('changes nothing for duplicates, replays and stale events, and drops malformed ones without throwing', async () => {
    const { tracker, store } = setUp();
    const invalid: string[] = [];
    tracker.on('invalidEvent', (_event, reason) => invalid.push(reason));
    tracker.apply(voice(alice, general, 0));
    tracker.apply(voice(alice, general, 0));
    tracker.apply(voice(alice, general, 5)); // a replay after RESUME: same state, later
    tracker.apply(voice(alice, null, 30));
    tracker.apply(voice(alice, general, 20)); // older than the last event seen
    tracker.apply(voice(alice, null, 31));
    for (const bad of [
      null,
      {},
      { ...voice(alice, general, 40), guildId: 'x' },
      { ...voice(alice, general, 40), at: Number.NaN },
      { ...voice(alice, general, 40), channel: { id: 'a' } },
    ]) {
      expect(() => tracker.apply(bad as never)).not.toThrow();
    }
    tracker.apply(voice(bob, general, 0, { bot: true }));
    await tracker.flush();
    expect(await store.readActivityTotals(day('2026-11-25', '2026-11-26'))).toEqual([
      { userId: alice, ms: 30 * MIN, messages: 0 },
    ]);
    expect(tracker.stats()).toMatchObject({ applied: 2, duplicates: 3, outOfOrder: 1, invalid: 5, bots: 1 });
    expect(invalid).toHaveLength(5);
  });

  it('keeps a failed flush, retries with backoff, and loses nothing', async () => {
    vi.useFakeTimers();
    const store = new MemoryStore();
    let failures = 2;
    const flaky = Object.assign(Object.create(store) as MemoryStore, {
      recordActivity: (batch: Parameters<MemoryStore['recordActivity']>[0]) =>
        failures-- > 0 ? Promise.reject(new Error('database down')) : store.recordActivity(batch),
    });
    const { tracker } = setUp({ retryDelayMs: 100 }, flaky);
    const retries: number[] = [];
    tracker.on('error', (_error, { retryInMs }) => retries.push(retryInMs as number));
    tracker.apply(voice(alice, general, 0));
    tracker.apply(voice(alice, null, 60));
    await expect(tracker.flush()).rejects.toThrow('database down');
    tracker.apply(voice(bob, general, 60));
    tracker.apply(voice(bob, null, 70));
    await vi.advanceTimersByTimeAsync(100);
    await vi.advanceTimersByTimeAsync(200);
    expect(retries).toEqual([100, 200]);
    expect(await store.readActivityTotals(day('2026-11-25', '2026-11-26'))).toEqual([
      { userId: alice, ms: 60 * MIN, messages: 0 },
      { userId: bob, ms: 10 * MIN, messages: 0 },
    ]);
    expect(tracker.stats()).toMatchObject({ flushFailures: 2, pending: 0 });
  });

  it('sends a failed flush again as it was, under its id, before newer time: a write that landed unseen counts once', async () => {
    const store = new MemoryStore();
    const sent: ActivityBatch[] = [];
    let failures = 1;
    const flaky = Object.assign(Object.create(store) as MemoryStore, {
      recordActivity: (batch: ActivityBatch) => {
        sent.push(batch);
        return failures-- > 0
          ? Promise.reject(new Error('connection lost during COMMIT'))
          : store.recordActivity(batch);
      },
      readActivityTotals: (query: ActivityTotalsQuery) => store.readActivityTotals(query),
    });
    const { tracker } = setUp({ retryDelayMs: 60_000 }, flaky);
    tracker.apply(voice(alice, general, 0));
    tracker.apply(voice(alice, null, 60));
    await expect(tracker.flush()).rejects.toThrow('COMMIT');
    expect(tracker.stats().pending).toBe(1);
    expect(await tracker.readTotals(day('2026-11-25', '2026-11-26'))).toEqual([
      { userId: alice, ms: 60 * MIN, messages: 0 },
    ]);
    tracker.apply(voice(alice, general, 60));
    tracker.apply(voice(alice, null, 70));
    await tracker.flush();
    const [failed, again, newer] = sent;
    expect(sent).toHaveLength(3);
    expect(again).toBe(failed);
    expect(failed?.id).toEqual(expect.any(String));
    expect(newer?.id).not.toBe(failed?.id);
    expect(newer?.increments).toEqual([expect.objectContaining({ userId: alice, day: '2026-11-25', ms: 10 * MIN })]);
    expect(tracker.stats().pending).toBe(0);
  });

  it('checkpoints open sessions, and a restart restores them: still there goes on, gone ends at the checkpoint', async () => {
    const database = new MemoryDatabase();
    const before = setUp({}, new MemoryStore({ database }));
    before.tracker.apply(voice(alice, general, 0));
    before.tracker.apply(voice(bob, general, 0, { selfMute: true }));
    before.clock.now = T0 + 30 * MIN;
    await before.tracker.checkpoint();
    before.clock.now = T0 + 40 * MIN; // then the process dies: nothing after the checkpoint is written
    expect(await before.store.listSessionCheckpoints()).toHaveLength(2);

    const after = setUp({}, new MemoryStore({ database }));
    after.clock.now = T0 + 50 * MIN;
    await after.tracker.restore(guildId, [voice(alice, general, 50)], T0 + 50 * MIN);
    expect(after.sessions.map((session) => [session.userId, session.endedAt])).toEqual([[bob, T0 + 30 * MIN]]);
    after.clock.now = T0 + 60 * MIN;
    after.tracker.apply(voice(alice, null, 60));
    await after.tracker.flush();
    // alice: 0-30 checkpointed, then 30-60 after the restore (the downtime counts: she stayed); bob: 0-30.
    expect(await after.store.readActivityTotals(day('2026-11-25', '2026-11-26'))).toEqual([
      { userId: alice, ms: 60 * MIN, messages: 0 },
      { userId: bob, ms: 30 * MIN, messages: 0 },
    ]);
    expect(after.sessions.find((session) => session.userId === alice)?.startedAt).toBe(T0);
    expect(await after.store.listSessionCheckpoints()).toEqual([]);
  });

  it('never rejects a restore: a store that fails is emitted and retried with backoff, and nothing is lost', async () => {
    vi.useFakeTimers();
    const database = new MemoryDatabase();
    const before = setUp({}, new MemoryStore({ database }));
    before.tracker.apply(voice(alice, general, 0));
    before.clock.now = T0 + 30 * MIN;
    await before.tracker.checkpoint(); // then the process dies

    let failures = 2;
    class FlakyStore extends MemoryStore {
      override listSessionCheckpoints(guild?: string) {
        return failures-- > 0 ? Promise.reject(new Error('database down')) : super.listSessionCheckpoints(guild);
      }
    }
    const store = new FlakyStore({ database });
    const after = setUp({ retryDelayMs: 100 }, store);
    const errors: unknown[] = [];
    after.tracker.on('error', (error, context) => errors.push([(error as Error).message, context]));
    after.clock.now = T0 + 40 * MIN;
    let settled = false;
    const restoring = after.tracker.restore(
      guildId,
      [voice(alice, general, 40), voice(bob, general, 40)],
      T0 + 40 * MIN,
    );
    restoring.then(() => (settled = true));
    // bob leaves while the store is down: the snapshot, applied later, does not bring him back.
    after.clock.now = T0 + 45 * MIN;
    after.tracker.apply(voice(bob, null, 45));
    await vi.advanceTimersByTimeAsync(100);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    await restoring;
    expect(errors).toEqual([
      ['database down', { step: 'restore', guildId, retryInMs: 100 }],
      ['database down', { step: 'restore', guildId, retryInMs: 200 }],
    ]);
    expect(after.tracker.stats()).toMatchObject({ restoreFailures: 2, openSessions: 1 });
    after.clock.now = T0 + 60 * MIN;
    after.tracker.apply(voice(alice, null, 60));
    await after.tracker.flush();
    // alice: her checkpointed session resumed (0-60); bob: none, he left before the restore could see him.
    expect(await store.readActivityTotals(day('2026-11-25', '2026-11-26'))).toEqual([
      { userId: alice, ms: 60 * MIN, messages: 0 },
    ]);
  });

  it('stops retrying a restore when it closes, and the restore resolves', async () => {
    class DownStore extends MemoryStore {
      override listSessionCheckpoints() {
        return Promise.reject(new Error('database down'));
      }
    }
    const { tracker } = setUp({ retryDelayMs: 60_000 }, new DownStore());
    const steps: (number | undefined)[] = [];
    tracker.on('error', (_error, { retryInMs }) => steps.push(retryInMs));
    const restoring = tracker.restore(guildId, [voice(alice, general, 0)]);
    await vi.waitFor(() => expect(steps).toEqual([60_000]));
    await tracker.close();
    await expect(restoring).resolves.toBeUndefined();
  });

  it('counts time once when a flush and a read of totals overlap, whichever starts first', async () => {
    /** A store whose reads see the data when asked and answer later, as a reader thread or a server does. */
    class SlowStore extends MemoryStore {
      readonly reads = Promise.withResolvers<void>();
      readonly writes = Promise.withResolvers<void>();
      override async readActivityTotals(query: ActivityTotalsQuery) {
        const totals = await super.readActivityTotals(query);
        await this.reads.promise;
        return totals;
      }
      override async recordActivity(batch: ActivityBatch) {
        await this.writes.promise;
        return super.recordActivity(batch);
      }
    }
    const today = day('2026-11-25', '2026-11-26');

    // A flush asked for while a read is on its way waits for it.
    const first = setUp({}, new SlowStore());
    first.tracker.apply(voice(alice, general, 0));
    first.tracker.apply(voice(alice, null, 90));
    first.store.writes.resolve();
    const read = first.tracker.readTotals(today);
    await Promise.resolve();
    const flushed = first.tracker.flush();
    first.store.reads.resolve();
    expect(await read).toEqual([{ userId: alice, ms: 90 * MIN, messages: 0 }]);
    await flushed;
    expect(await first.tracker.readTotals(today)).toEqual([{ userId: alice, ms: 90 * MIN, messages: 0 }]);

    // A read asked for while a flush is being written waits for it.
    const second = setUp({}, new SlowStore());
    second.tracker.apply(voice(alice, general, 0));
    second.tracker.apply(voice(alice, null, 30));
    second.store.reads.resolve();
    const writing = second.tracker.flush();
    const during = second.tracker.readTotals(today);
    second.store.writes.resolve();
    expect(await during).toEqual([{ userId: alice, ms: 30 * MIN, messages: 0 }]);
    await writing;

    // A flush stuck on the store (a lock, an outage) holds a read a second at most: its time is
    // counted from memory, once, and once it lands the store has it, still once.
    const third = setUp({}, new SlowStore());
    third.tracker.apply(voice(alice, general, 0));
    third.tracker.apply(voice(alice, null, 45));
    third.store.reads.resolve();
    const stuck = third.tracker.flush();
    let answered = false;
    const meanwhile = third.tracker.readTotals(today).finally(() => {
      answered = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(answered).toBe(true);
    expect(await meanwhile).toEqual([{ userId: alice, ms: 45 * MIN, messages: 0 }]);
    third.store.writes.resolve();
    await stuck;
    expect(await third.tracker.readTotals(today)).toEqual([{ userId: alice, ms: 45 * MIN, messages: 0 }]);
    expect(await third.store.readActivityTotals(today)).toEqual([{ userId: alice, ms: 45 * MIN, messages: 0 }]);
  });

  it('loses nothing on close, and includes pending and live time in reads', async () => {
    const { tracker, store, clock } = setUp();
    tracker.apply(voice(alice, general, 0));
    tracker.apply(voice(bob, general, 0));
    tracker.apply(voice(bob, null, 15));
    clock.now = T0 + 45 * MIN;
    expect(await tracker.readTotals({ ...day('2026-11-25', '2026-11-26'), includeLive: true })).toEqual([
      { userId: alice, ms: 45 * MIN, messages: 0 },
      { userId: bob, ms: 15 * MIN, messages: 0 },
    ]);
    expect(await tracker.readTotals({ ...day('2026-11-25', '2026-11-26'), userIds: [alice] })).toEqual([]);
    await tracker.close();
    expect(await store.readActivityTotals(day('2026-11-25', '2026-11-26'))).toEqual([
      { userId: alice, ms: 45 * MIN, messages: 0 },
      { userId: bob, ms: 15 * MIN, messages: 0 },
    ]);
    expect(await store.listSessionCheckpoints()).toEqual([
      expect.objectContaining({ userId: alice, checkpointAt: T0 + 45 * MIN }),
    ]);
  });

  it('flushes when pending passes maxPending, and refuses bad options by name', async () => {
    const { tracker, store } = setUp({ maxPending: 2 });
    tracker.apply(voice(alice, general, 0));
    tracker.apply(voice(alice, null, 1));
    tracker.apply(voice(bob, general, 0));
    tracker.apply(voice(bob, null, 1));
    await vi.waitFor(async () =>
      expect(await store.readActivityTotals(day('2026-11-25', '2026-11-26'))).toHaveLength(2),
    );
    expect(() => new ActivityTracker({ store, checkpointIntervalMs: 120_000 })).toThrow(/checkpointIntervalMs/);
    expect(() => new ActivityTracker({ store, timeZone: 'Nowhere/Land' })).toThrow(/Nowhere\/Land/);
    expect(() => new ActivityTracker({} as never)).toThrow(/store/);
  });
});

describe('ActivityTracker restore with the alone rule', () => {
  it('lets members restored together keep each other company', async () => {
    const database = new MemoryDatabase();
    const before = setUp({ countAlone: false }, new MemoryStore({ database }));
    before.tracker.apply(voice(alice, general, 0));
    before.tracker.apply(voice(bob, general, 0));
    before.clock.now = T0 + 10 * MIN;
    await before.tracker.checkpoint();

    const after = setUp({ countAlone: false }, new MemoryStore({ database }));
    after.clock.now = T0 + 20 * MIN;
    await after.tracker.restore(guildId, [voice(alice, general, 20), voice(bob, general, 20)], T0 + 20 * MIN);
    after.tracker.apply(voice(alice, null, 30));
    after.tracker.apply(voice(bob, null, 30));
    await after.tracker.flush();
    expect(await after.store.readActivityTotals(day('2026-11-25', '2026-11-26'))).toEqual([
      { userId: alice, ms: 30 * MIN, messages: 0 },
      { userId: bob, ms: 30 * MIN, messages: 0 },
    ]);
  });
});

describe('ActivityTracker.close while the store is down', () => {
  function flakyStore(failures: { left: number }) {
    const store = new MemoryStore();
    const flaky = Object.assign(Object.create(store) as MemoryStore, {
      recordActivity: (batch: Parameters<MemoryStore['recordActivity']>[0]) =>
        failures.left-- > 0 ? Promise.reject(new Error('database down')) : store.recordActivity(batch),
    });
    return { store, flaky };
  }

  it('keeps trying for the grace period and writes everything once the store is back', async () => {
    const failures = { left: 3 };
    const { store, flaky } = flakyStore(failures);
    const { tracker } = setUp({ retryDelayMs: 10 }, flaky);
    tracker.apply(voice(alice, general, 0));
    tracker.apply(voice(alice, null, 5));
    await tracker.close({ timeoutMs: 5_000 });
    expect(await store.readActivityTotals(day('2026-11-25', '2026-11-26'))).toEqual([
      { userId: alice, ms: 5 * MIN, messages: 0 },
    ]);
  });

  it('rejects after the grace period, with the time still held', async () => {
    const { flaky } = flakyStore({ left: Number.POSITIVE_INFINITY });
    const { tracker } = setUp({ retryDelayMs: 10 }, flaky);
    tracker.apply(voice(alice, general, 0));
    tracker.apply(voice(alice, null, 5));
    await expect(tracker.close({ timeoutMs: 50 })).rejects.toThrow('database down');
    expect(tracker.stats().pending).toBe(1);
  });
});

describe('ActivityTracker against a model of the counting rules', () => {
  const members = ['1200000000000000011', '1200000000000000012', '1200000000000000013', '1200000000000000014'];
  // A waiting room (by its name) would not count: the model leaves that rule to its own test.
  const lounge = { id: '1300000000000000005', name: 'lounge', parentId: null };
  const rooms = [general, games, lounge, afk, null];
  const step = fc.record({
    member: fc.nat(members.length - 1),
    room: fc.nat(rooms.length - 1),
    selfMute: fc.boolean(),
    selfDeaf: fc.boolean(),
    minutes: fc.integer({ min: 0, max: 7 }),
    write: fc.constantFrom('none', 'flush', 'checkpoint'),
  });

  /** Each member's counted minutes, minute by minute: in a room that is not the AFK one, with someone else, neither muted nor deafened. */
  function modelMinutes(
    steps: readonly (typeof step extends fc.Arbitrary<infer S> ? S : never)[],
  ): Map<string, number> {
    const where = new Map<string, { room: (typeof rooms)[number]; muted: boolean }>();
    const counted = new Map<string, number>();
    let minute = 0;
    const tick = (until: number) => {
      for (const [member, state] of where) {
        if (state.room === null || state.room.id === afk.id || state.muted) continue;
        const company = [...where.values()].filter((other) => other.room?.id === state.room?.id).length;
        if (company > 1) counted.set(member, (counted.get(member) ?? 0) + (until - minute));
      }
      minute = until;
    };
    for (const { member, room, selfMute, selfDeaf, minutes } of steps) {
      tick(minute + minutes);
      where.set(members[member] as string, { room: rooms[room] ?? null, muted: selfMute || selfDeaf });
    }
    tick(minute + 10);
    return counted;
  }

  it('counts exactly the minutes the rules count, alone rule included, with flushes and checkpoints anywhere', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 60 }), async (steps) => {
        const { tracker, store, clock } = setUp({ countMuted: false, countDeafened: false, countAlone: false });
        let minute = 0;
        for (const { member, room, selfMute, selfDeaf, minutes, write } of steps) {
          minute += minutes;
          clock.now = T0 + minute * MIN;
          tracker.apply(voice(members[member] as string, rooms[room] ?? null, minute, { selfMute, selfDeaf }));
          if (write === 'flush') await tracker.flush();
          else if (write === 'checkpoint') await tracker.checkpoint();
        }
        clock.now = T0 + (minute + 10) * MIN;
        await tracker.checkpoint(); // open sessions' time so far, written
        const totals = await store.readActivityTotals(day('2026-11-25', '2026-11-26'));
        const expected = modelMinutes(steps);
        const stored = new Map(totals.map((total) => [total.userId, total.ms / MIN]));
        for (const member of members) expect(stored.get(member) ?? 0).toBe(expected.get(member) ?? 0);
      }),
      { numRuns: 300 },
    );
  });
});
