import type { LogRecord } from '@guildkit/core';
import { BatchLogger, storeLogSink, ValidationError } from '@guildkit/core';
import { describe, expect, it } from 'vitest';
import { openForTest, type StoreHarness } from './harness.ts';

const records: LogRecord[] = [
  {
    at: 1_000,
    level: 'info',
    source: 'voice',
    message: 'joined',
    fields: { user: '1', channel: '일반' },
  },
  { at: 2_000, level: 'warn', source: 'voice', message: 'replayed event' },
  {
    at: 3_000,
    level: 'error',
    source: 'job-board',
    message: 'post edit failed',
    fields: { status: 429, nested: { a: [1, 2] } },
  },
  {
    at: 3_000,
    level: 'debug',
    source: 'voice',
    message: 'same time, appended later',
  },
];

const stored = (record: LogRecord) => ({ fields: {}, ...record });

/** @internal */
export function logCases(harness: StoreHarness): void {
  describe('log records', () => {
    it('reads nothing from an empty store', async () => {
      const { store } = await openForTest(harness);
      expect(await store.readRecentLogs()).toEqual([]);
    });

    it('prunes the oldest records from before a time, in batches, and refuses a bad query', async () => {
      const { store } = await openForTest(harness);
      const many: LogRecord[] = Array.from({ length: 25 }, (_, i) => ({
        at: 1_000 + Math.floor(i / 2) * 10, // pairs at the same millisecond
        level: 'info',
        source: 'voice',
        message: `record ${i}`,
      }));
      await store.appendLogs(many);
      // Before 1,100: the first 20 records (times 1,000 to 1,090), 8 at a time, the oldest first.
      expect(await store.pruneLogs({ before: 1_100, limit: 8 })).toBe(8);
      expect((await store.readRecentLogs({ limit: 1000 })).at(-1)?.message).toBe('record 8');
      expect(await store.pruneLogs({ before: 1_100, limit: 8 })).toBe(8);
      expect(await store.pruneLogs({ before: 1_100, limit: 8 })).toBe(4);
      expect(await store.pruneLogs({ before: 1_100 })).toBe(0);
      expect((await store.readRecentLogs({ limit: 1000 })).map((record) => record.message).reverse()).toEqual(
        many.slice(20).map((record) => record.message),
      );
      await expect(store.pruneLogs({ before: Number.NaN })).rejects.toThrow(ValidationError);
      await expect(store.pruneLogs({ before: 1_100, limit: 0 })).rejects.toThrow(ValidationError);
    });

    it('reads the newest first, by time and then by order of appending', async () => {
      const { store } = await openForTest(harness);
      await store.appendLogs(records.slice(0, 2));
      await store.appendLogs(records.slice(2));
      await store.appendLogs([]);
      expect(await store.readRecentLogs()).toEqual(
        [records[3], records[2], records[1], records[0]].map((r) => stored(r as LogRecord)),
      );
      expect(await store.readRecentLogs({ limit: 2 })).toEqual([
        stored(records[3] as LogRecord),
        stored(records[2] as LogRecord),
      ]);
    });

    it('filters by minimum level, by source, and by both', async () => {
      const { store } = await openForTest(harness);
      await store.appendLogs(records);
      const messages = async (query: Parameters<typeof store.readRecentLogs>[0]) =>
        (await store.readRecentLogs(query)).map((record) => record.message);
      expect(await messages({ minLevel: 'warn' })).toEqual(['post edit failed', 'replayed event']);
      expect(await messages({ source: 'voice' })).toEqual(['same time, appended later', 'replayed event', 'joined']);
      expect(await messages({ source: 'voice', minLevel: 'info' })).toEqual(['replayed event', 'joined']);
      expect(await messages({ source: 'nobody' })).toEqual([]);
    });

    it('stores bigints in fields as strings', async () => {
      const { store } = await openForTest(harness);
      await store.appendLogs([
        {
          at: 1,
          level: 'info',
          source: 's',
          message: 'm',
          fields: { id: 1234567890123456789n },
        },
      ]);
      expect((await store.readRecentLogs())[0]?.fields).toEqual({
        id: '1234567890123456789',
      });
    });

    it('keeps a record whose text holds NUL characters or lone surrogates, with U+FFFD in their place', async () => {
      const { store } = await openForTest(harness);
      await store.appendLogs([
        { at: 1, level: 'warn', source: 's', message: 'a\u0000b', fields: { text: 'c\u0000d' } },
        { at: 2, level: 'warn', source: 's', message: 'e\ud800f', fields: { '\udc00key': ['g\ud83d'], big: 12n } },
      ]);
      expect(await store.readRecentLogs()).toEqual([
        { at: 2, level: 'warn', source: 's', message: 'e\ufffdf', fields: { '\ufffdkey': ['g\ufffd'], big: '12' } },
        { at: 1, level: 'warn', source: 's', message: 'a\ufffdb', fields: { text: 'c\ufffdd' } },
      ]);
    });

    it('takes the batches of a BatchLogger, one transaction each, in the order they were logged', async () => {
      const { store } = await openForTest(harness);
      const logger = new BatchLogger({ sinks: [storeLogSink(store)], batchSize: 500, flushIntervalMs: 10 });
      for (let n = 0; n < 1_200; n += 1) logger.info('voice', `event ${n}`, { n, token: 'secret' });
      await logger.close();
      const newest = await store.readRecentLogs({ limit: 1_000 });
      expect(newest).toHaveLength(1_000);
      expect(newest.map((record) => record.fields.n)).toEqual(Array.from({ length: 1_000 }, (_, i) => 1_199 - i));
      expect(newest.every((record) => record.fields.token === '[redacted]')).toBe(true);
      expect(logger.stats().sinks.store).toMatchObject({ written: 1_200, buffered: 0 });
    });

    it('rejects malformed records and queries, and writes none of the batch', async () => {
      const { store } = await openForTest(harness);
      const circular: Record<string, unknown> = {};
      circular.self = circular;
      const good = records[0] as LogRecord;
      for (const bad of [
        { ...good, level: 'verbose' },
        { ...good, source: '' },
        { ...good, at: Number.NaN },
        { ...good, fields: circular },
        { ...good, fields: [1, 2] },
      ]) {
        await expect(store.appendLogs([good, bad as LogRecord])).rejects.toBeInstanceOf(ValidationError);
      }
      await expect(store.readRecentLogs({ limit: 0 })).rejects.toBeInstanceOf(ValidationError);
      await expect(store.readRecentLogs({ limit: 1_001 })).rejects.toBeInstanceOf(ValidationError);
      await expect(store.readRecentLogs({ minLevel: 'loud' as never })).rejects.toBeInstanceOf(ValidationError);
      expect(await store.readRecentLogs()).toEqual([]);
    });
  });
}
