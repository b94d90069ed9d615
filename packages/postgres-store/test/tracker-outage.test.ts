import { ActivityTracker, StoreUnavailableError, type VoiceStateEvent } from '@guildkit/core';
import { voiceEventFixture } from '@guildkit/core/testing';
import pg from 'pg';
import { describe, expect, inject, it, vi } from 'vitest';
import { PostgresStore } from '../src/index.ts';
import { outageProxy } from './outage-proxy.ts';

const guildId = '1100000000000000001';
const general = { id: '1300000000000000001', name: '일반', parentId: null };
const T0 = Date.parse('2026-11-25T01:00:00Z');
const MIN = 60_000;

const voice = (userId: string, channel: typeof general | null, minutes: number): VoiceStateEvent =>
  voiceEventFixture(guildId, userId, channel, { at: T0 + minutes * MIN });

describe('ActivityTracker while PostgreSQL is away', () => {
  it('keeps every millisecond while the server is stopped, retries, and writes it all once it is back', async () => {
    const proxy = await outageProxy(inject('databaseUrl'));
    const store = await PostgresStore.open({
      connectionString: proxy.url,
      schema: `outage_${process.pid}`,
      connectTimeoutMs: 1_000,
    });
    const clock = { now: T0 };
    const tracker = new ActivityTracker({
      store,
      now: () => clock.now,
      flushIntervalMs: 0,
      retryDelayMs: 50,
      maxRetryDelayMs: 200,
    });
    const failures: unknown[] = [];
    tracker.on('error', (error) => failures.push(error));

    tracker.apply(voice('1200000000000000001', general, 0));
    tracker.apply(voice('1200000000000000002', general, 0));
    tracker.apply(voice('1200000000000000001', null, 30));
    await tracker.flush();

    await proxy.stop();
    tracker.apply(voice('1200000000000000002', null, 45));
    tracker.apply(voice('1200000000000000003', general, 45));
    tracker.apply(voice('1200000000000000003', null, 75));
    await expect(tracker.flush()).rejects.toThrow();
    // The tracker keeps taking events and retrying in the background while the server is away.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(failures.length).toBeGreaterThanOrEqual(2);
    expect(tracker.stats().pending).toBe(2);

    await proxy.start();
    await vi.waitFor(() => expect(tracker.stats().pending).toBe(0), { timeout: 5_000, interval: 50 });
    await tracker.close();
    expect(await store.readActivityTotals({ guildId, startDay: '2026-11-25', endDay: '2026-11-26' })).toEqual([
      { userId: '1200000000000000002', ms: 45 * MIN, messages: 0 },
      { userId: '1200000000000000001', ms: 30 * MIN, messages: 0 },
      { userId: '1200000000000000003', ms: 30 * MIN, messages: 0 },
    ]);
    expect(await store.listSessionCheckpoints()).toEqual([]);
    await store.close();
    await proxy.stop();
  }, 20_000);

  it('counts a flush once when the connection was lost during its COMMIT and it is sent again', async () => {
    const proxy = await outageProxy(inject('databaseUrl'));
    const schema = `lost_reply_${process.pid}`;
    const store = await PostgresStore.open({ connectionString: proxy.url, schema, connectTimeoutMs: 1_000 });
    const direct = await PostgresStore.open({ connectionString: inject('databaseUrl'), schema });
    const clock = { now: T0 };
    const tracker = new ActivityTracker({ store, now: () => clock.now, flushIntervalMs: 0, retryDelayMs: 50 });
    const failures: unknown[] = [];
    tracker.on('error', (error) => failures.push(error));
    const totals = () => direct.readActivityTotals({ guildId, startDay: '2026-11-25', endDay: '2026-11-26' });

    tracker.apply(voice('1200000000000000001', general, 0));
    tracker.apply(voice('1200000000000000002', general, 0));
    clock.now = T0 + 30 * MIN;
    tracker.apply(voice('1200000000000000001', null, 30));
    const lost = proxy.loseNextCommitReply();
    await expect(tracker.checkpoint()).rejects.toThrow(StoreUnavailableError);
    await lost;
    // The tracker saw a failure, yet the batch is in: both members' 30 minutes, and member 2's checkpoint.
    expect(await totals()).toEqual([
      { userId: '1200000000000000001', ms: 30 * MIN, messages: 0 },
      { userId: '1200000000000000002', ms: 30 * MIN, messages: 0 },
    ]);
    expect(await direct.listSessionCheckpoints(guildId)).toHaveLength(1);
    expect(failures).toHaveLength(1);

    // Sent again (as the tracker retries), with newer time after it: each counted once.
    clock.now = T0 + 45 * MIN;
    tracker.apply(voice('1200000000000000002', null, 45));
    await tracker.flush();
    await tracker.close();
    expect(await totals()).toEqual([
      { userId: '1200000000000000002', ms: 45 * MIN, messages: 0 },
      { userId: '1200000000000000001', ms: 30 * MIN, messages: 0 },
    ]);
    expect(await direct.listSessionCheckpoints(guildId)).toEqual([]);
    expect(tracker.stats().pending).toBe(0);
    await Promise.all([store.close(), direct.close()]);
    await proxy.stop();
  }, 20_000);

  it('records a batch sent twice under one id once, and forgets ids after a week', async () => {
    const schema = `batch_ids_${process.pid}`;
    const store = await PostgresStore.open({ connectionString: inject('databaseUrl'), schema });
    const admin = new pg.Pool({ connectionString: inject('databaseUrl'), max: 1 });
    const weekAgo = Date.now() - 7 * 86_400_000;
    await admin.query(`insert into ${schema}.activity_batches values ('old', $1), ('recent', $2)`, [
      weekAgo - 60_000,
      weekAgo + 60_000,
    ]);
    const batch = {
      id: 'batch-1',
      increments: [{ guildId, userId: '1200000000000000001', day: '2026-11-25', ms: MIN }],
    };
    await store.recordActivity(batch);
    await store.recordActivity(batch);
    await store.recordActivity({ ...batch, id: 'batch-2' });
    await store.recordActivity({ increments: batch.increments }); // no id: always recorded
    expect(await store.readActivityTotals({ guildId, startDay: '2026-11-25', endDay: '2026-11-26' })).toEqual([
      { userId: '1200000000000000001', ms: 3 * MIN, messages: 0 },
    ]);
    await expect(store.recordActivity({ ...batch, id: 'x'.repeat(101) })).rejects.toThrow(/id/);
    const { rows } = await admin.query(`select id from ${schema}.activity_batches order by id`);
    expect(rows.map((row) => row.id)).toEqual(['batch-1', 'batch-2', 'recent']);
    await Promise.all([store.close(), admin.end()]);
  });
});
