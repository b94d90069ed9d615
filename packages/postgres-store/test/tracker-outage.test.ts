import { ActivityTracker, type VoiceStateEvent } from '@guildkit/core';
import { describe, expect, inject, it, vi } from 'vitest';
import { PostgresStore } from '../src/index.ts';
import { outageProxy } from './outage-proxy.ts';

const guildId = '1100000000000000001';
const general = { id: '1300000000000000001', name: '일반', parentId: null };
const T0 = Date.parse('2026-11-25T01:00:00Z');
const MIN = 60_000;

const voice = (userId: string, channel: typeof general | null, minutes: number): VoiceStateEvent => ({
  guildId,
  userId,
  channel,
  at: T0 + minutes * MIN,
  selfMute: false,
  selfDeaf: false,
  serverMute: false,
  serverDeaf: false,
  bot: false,
  afkChannelId: null,
});

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
      { userId: '1200000000000000002', ms: 45 * MIN },
      { userId: '1200000000000000001', ms: 30 * MIN },
      { userId: '1200000000000000003', ms: 30 * MIN },
    ]);
    expect(await store.listSessionCheckpoints()).toEqual([]);
    await store.close();
    await proxy.stop();
  }, 20_000);
});
