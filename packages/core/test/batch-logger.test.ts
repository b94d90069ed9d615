import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BatchLogger,
  functionLogSink,
  type LogRecord,
  type LogSink,
  MemoryStore,
  storeLogSink,
  ValidationError,
} from '../src/index.ts';

const T0 = 1_764_000_000_000;

/** A sink that records each batch; `failures` writes fail first, `gate` holds writes until opened. */
function recordingSink(name: string, options: { failures?: number; gate?: Promise<void>; batchSize?: number } = {}) {
  const batches: LogRecord[][] = [];
  let failures = options.failures ?? 0;
  const sink: LogSink = {
    name,
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    async write(records) {
      await options.gate;
      if (failures > 0) {
        failures -= 1;
        throw new Error(`${name} is down`);
      }
      batches.push([...records]);
    },
  };
  return { sink, batches, messages: () => batches.flat().map((record) => record.message) };
}

beforeEach(() => vi.useFakeTimers({ now: T0 }));
afterEach(() => vi.useRealTimers());

describe('BatchLogger', () => {
  it('writes in batches by size at once, and by time for the rest, one write per batch', async () => {
    const { sink, batches } = recordingSink('memory');
    const logger = new BatchLogger({ sinks: [sink], batchSize: 3, flushIntervalMs: 1_000 });
    for (let n = 1; n <= 7; n += 1) logger.info('voice', `event ${n}`);
    expect(batches).toEqual([]); // log() never writes in the caller's turn
    await vi.advanceTimersByTimeAsync(0);
    expect(batches.map((batch) => batch.length)).toEqual([3, 3]);
    await vi.advanceTimersByTimeAsync(999);
    expect(batches).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(batches.map((batch) => batch.map((record) => record.message))).toEqual([
      ['event 1', 'event 2', 'event 3'],
      ['event 4', 'event 5', 'event 6'],
      ['event 7'],
    ]);
    expect(batches[0]?.[0]).toEqual({ at: T0, level: 'info', source: 'voice', message: 'event 1', fields: {} });
    await logger.close();
  });

  it('loses nothing on close while many producers log at once, into a store, one transaction a batch', async () => {
    const store = new MemoryStore();
    const appendLogs = vi.spyOn(store, 'appendLogs');
    const logger = new BatchLogger({
      sinks: [storeLogSink(store, { maxBatchSize: 64 })],
      batchSize: 64,
      flushIntervalMs: 50,
    });
    const producer = async (id: number) => {
      for (let n = 0; n < 250; n += 1) {
        logger.info(`producer-${id}`, `${id}:${n}`, { n });
        if (n % 7 === 0) await vi.advanceTimersByTimeAsync(1);
      }
    };
    await Promise.all(Array.from({ length: 4 }, (_, id) => producer(id)));
    await logger.close();
    const all = await store.readRecentLogs({ limit: 1_000 });
    expect(all).toHaveLength(1_000);
    for (let id = 0; id < 4; id += 1) {
      const mine = all.filter((record) => record.source === `producer-${id}`).reverse();
      expect(mine.map((record) => record.fields.n)).toEqual(Array.from({ length: 250 }, (_, n) => n));
    }
    expect(appendLogs.mock.calls.every(([records]) => records.length <= 64)).toBe(true);
    expect(logger.stats().sinks.store).toMatchObject({ written: 1_000, buffered: 0, failedWrites: 0 });
    logger.info('late', 'after close');
    expect(logger.stats().logged).toBe(1_000);
  });

  it('catches up with larger writes, up to maxBatchSize, when records come faster than one write a turn', async () => {
    const batches: number[] = [];
    // Each write ends a timer tick later, as a write to a thread or a server ends a turn of the event loop later.
    const slow: LogSink = {
      name: 'slow',
      batchSize: 10,
      maxBatchSize: 100,
      write: async (records) => {
        batches.push(records.length);
        await new Promise((resolve) => setTimeout(resolve, 1));
      },
    };
    const logger = new BatchLogger({ sinks: [slow], maxBuffer: 120, flushIntervalMs: 10 });
    for (let n = 0; n < 1_000; n += 1) {
      logger.info('burst', `record ${n}`);
      if (n % 50 === 49) await vi.advanceTimersByTimeAsync(1); // 50 records a turn: five batches' worth
    }
    await logger.close();
    expect(logger.stats().sinks.slow).toMatchObject({ written: 1_000, buffered: 0 });
    expect(logger.stats().sinks.slow?.dropped.info).toBe(0);
    expect(Math.max(...batches)).toBeGreaterThan(10);
    expect(Math.max(...batches)).toBeLessThanOrEqual(100);
  });

  it('retries a failing sink with backoff until it recovers, losing nothing, while the other sink goes on', async () => {
    const failing = recordingSink('flaky', { failures: 3 });
    const healthy = recordingSink('healthy');
    const errors: string[] = [];
    const logger = new BatchLogger({ sinks: [failing.sink, healthy.sink], flushIntervalMs: 100, retryDelayMs: 1_000 });
    logger.on('error', (_error, { sink, retryInMs }) => errors.push(`${sink}:${retryInMs !== undefined}`));
    logger.warn('job-board', 'one');
    await vi.advanceTimersByTimeAsync(100);
    logger.warn('job-board', 'two');
    await vi.advanceTimersByTimeAsync(100);
    expect(healthy.messages()).toEqual(['one', 'two']);
    expect(failing.messages()).toEqual([]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(failing.messages()).toEqual(['one', 'two']);
    expect(errors).toEqual(['flaky:true', 'flaky:true', 'flaky:true']);
    expect(logger.stats().sinks.flaky).toMatchObject({ written: 2, failedWrites: 3, buffered: 0 });
    await logger.close();
  });

  it('keeps to maxBuffer behind a stuck sink, dropping the lowest levels first, and says so in the next batch', async () => {
    let open = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const stuck = recordingSink('stuck', { gate, batchSize: 5 });
    const logger = new BatchLogger({ sinks: [stuck.sink], minLevel: 'debug', maxBuffer: 10, flushIntervalMs: 10 });
    logger.error('a', 'first error'); // goes out in the first batch, which then hangs
    await vi.advanceTimersByTimeAsync(10);
    for (let n = 0; n < 6; n += 1) logger.warn('a', `warn ${n}`);
    for (let n = 0; n < 6; n += 1) logger.debug('a', `debug ${n}`);
    for (let n = 0; n < 3; n += 1) logger.info('a', `info ${n}`);
    const stats = logger.stats().sinks.stuck;
    expect(stats?.buffered).toBe(11); // 10 waiting and the batch being written
    expect(stats?.dropped).toEqual({ trace: 0, debug: 5, info: 0, warn: 0, error: 0, fatal: 0 });
    open();
    await logger.close();
    expect(stuck.messages()).toEqual([
      'first error',
      'dropped 5 log records for the stuck sink, to stay within maxBuffer (10)',
      ...['warn 0', 'warn 1', 'warn 2', 'warn 3'],
      ...['warn 4', 'warn 5', 'debug 5', 'info 0', 'info 1'],
      'info 2',
    ]);
    expect(stuck.batches[1]?.[0]).toMatchObject({
      level: 'warn',
      source: 'guildkit.logger',
      fields: { sink: 'stuck', debug: 5 },
    });
  });

  it("keeps to a sink's own maxBuffer, while the other sinks keep everything", async () => {
    const all = recordingSink('all');
    const few = recordingSink('few');
    const logger = new BatchLogger({ sinks: [all.sink, { ...few.sink, maxBuffer: 3 }], flushIntervalMs: 10 });
    for (let n = 0; n < 8; n += 1) logger.info('a', `info ${n}`);
    expect(logger.stats().sinks.few?.dropped.info).toBe(5);
    await logger.close();
    expect(all.messages()).toHaveLength(8);
    expect(few.messages()).toEqual([
      'dropped 5 log records for the few sink, to stay within maxBuffer (3)',
      'info 5',
      'info 6',
      'info 7',
    ]);
  });

  it('redacts secret fields at any depth before any sink sees them, and copies the fields', async () => {
    const first = recordingSink('first');
    const second = recordingSink('second');
    const logger = new BatchLogger({ sinks: [first.sink, second.sink] });
    const fields: Record<string, unknown> = {
      userId: '1200000000000000001',
      token: 'MTIz.abc.def',
      request: { headers: { Authorization: 'Bot MTIz', accept: 'json' }, body: [{ api_key: 'k', q: 'seoul' }] },
      DATABASE_URL: 'postgres://guildkit:hunter2@db/guildkit',
      clientSecret: 's',
    };
    fields.self = fields;
    logger.info('config', 'loaded', fields);
    fields.userId = 'changed afterwards';
    await logger.flush();
    for (const sink of [first, second]) {
      expect(sink.batches[0]?.[0]?.fields).toEqual({
        userId: '1200000000000000001',
        token: '[redacted]',
        request: {
          headers: { Authorization: '[redacted]', accept: 'json' },
          body: [{ api_key: '[redacted]', q: 'seoul' }],
        },
        DATABASE_URL: '[redacted]',
        clientSecret: '[redacted]',
        self: '[circular]',
      });
    }
    await logger.close();
  });

  it('does not retry a batch the sink refuses for good, and goes on with the next ones', async () => {
    let calls = 0;
    const sink = functionLogSink('strict', (records) => {
      calls += 1;
      if (records.some((record) => record.message === 'bad')) throw new ValidationError('records[0]', 'bad', 'good');
    });
    const errors: boolean[] = [];
    const logger = new BatchLogger({ sinks: [sink], batchSize: 1 });
    logger.on('error', (_error, { retryInMs }) => errors.push(retryInMs !== undefined));
    logger.info('x', 'bad');
    logger.info('x', 'fine');
    await logger.flush();
    expect(calls).toBe(2);
    expect(errors).toEqual([false]);
    expect(logger.stats().sinks.strict).toMatchObject({ written: 1, rejected: 1 });
    await logger.close();
  });

  it('never throws at the caller, counting what it cannot take', async () => {
    const { sink, batches } = recordingSink('memory');
    const logger = new BatchLogger({ sinks: [sink] });
    logger.log('loud' as never, 'x', 'y');
    logger.info(42 as never, { toString: () => 'an object' } as never);
    logger.info('x'.repeat(300), 'y'.repeat(5_000));
    logger.debug('x', 'below the minimum');
    await logger.flush();
    expect(logger.stats()).toMatchObject({ logged: 2, invalid: 1 });
    expect(batches[0]?.map((record) => [record.source.length, record.message.length])).toEqual([
      [2, 9],
      [100, 4_000],
    ]);
    await logger.close();
  });

  it('logs a record at the time it happened with logAt, whole milliseconds, and now for a time that is none', async () => {
    const { sink, batches } = recordingSink('memory');
    const logger = new BatchLogger({ sinks: [sink] });
    logger.logAt(T0 - 5_000.7, 'info', 'voice', 'joined earlier', { userId: '1' });
    logger.logAt(Number.NaN, 'info', 'voice', 'no time');
    logger.logAt('soon' as never, 'warn', 'voice', 'not a time either');
    logger.logAt(9e15, 'info', 'voice', 'past the last date');
    logger.logAt(T0 - 1, 'loud' as never, 'voice', 'no such level');
    logger.info('voice', 'now');
    await logger.flush();
    expect(batches.flat().map((record) => [record.at, record.message])).toEqual([
      [T0 - 5_001, 'joined earlier'],
      [T0, 'no time'],
      [T0, 'not a time either'],
      [T0, 'past the last date'],
      [T0, 'now'],
    ]);
    expect(logger.stats()).toMatchObject({ logged: 5, invalid: 1 });
    await logger.close();
  });

  it('gives up flushing after timeoutMs, naming the sink that keeps failing', async () => {
    vi.useRealTimers();
    const down = recordingSink('discord', { failures: Number.POSITIVE_INFINITY });
    const logger = new BatchLogger({ sinks: [down.sink], retryDelayMs: 5, maxRetryDelayMs: 10 });
    logger.error('x', 'lost?');
    await expect(logger.close({ timeoutMs: 100 })).rejects.toThrow(
      /after 100 ms these sinks still hold records: discord \(1 records\)/,
    );
  });

  it('refuses malformed options, naming them', () => {
    expect(() => new BatchLogger({ sinks: 'store' as never })).toThrow(/sinks must be an array/);
    expect(() => new BatchLogger({ sinks: [{ name: 'a' } as never] })).toThrow(/unique name and a write/);
    expect(() => new BatchLogger({ sinks: [], batchSize: 0 })).not.toThrow(); // no sink, nothing to check
    expect(() => new BatchLogger({ sinks: [recordingSink('a').sink], batchSize: 0 })).toThrow(
      /batchSize must be a positive integer/,
    );
    expect(() => new BatchLogger({ sinks: [], minLevel: 'loud' as never })).toThrow(/minLevel/);
  });
});

describe('BatchLogger: secrets inside message text', () => {
  it('replaces tokens, authorization values, URL passwords and webhook tokens before any sink sees them', async () => {
    const seen: string[] = [];
    const logger = new BatchLogger({
      sinks: [functionLogSink('memory', (records) => void seen.push(...records.map((r) => r.message)))],
    });
    const token = `${'M'.repeat(24)}.${'G'.repeat(6)}.${'x'.repeat(30)}`;
    logger.error('boot', `login failed with ${token}`);
    logger.error('http', 'sent Authorization: Bot abcdefghijklmnop to the API');
    logger.error('db', 'cannot connect to postgres://bot:hunter2@db:5432/guildkit');
    logger.error('rest', 'POST /interactions/1234567890/aW50ZXJhY3Rpb24.token/callback failed');
    logger.error('alerts', 'hooks.slack.com/services/T000/B000/XXXXXXXX answered 500; retrying with token=abc123&x=1');
    logger.info('voice', 'ana joined 🔊Lounge'); // nothing to redact: left as it is
    await logger.close();
    expect(seen).toEqual([
      'login failed with [redacted]',
      'sent Authorization: Bot [redacted] to the API',
      'cannot connect to postgres://bot:[redacted]@db:5432/guildkit',
      'POST /interactions/1234567890/[redacted]/callback failed',
      'hooks.slack.com/services/[redacted] answered 500; retrying with token=[redacted]&x=1',
      'ana joined 🔊Lounge',
    ]);
    expect(() => new BatchLogger({ sinks: [], redactPatterns: [/secret/] })).toThrow(
      'BatchLoggerOptions.redactPatterns must hold global regexes (with /g); received /secret/',
    );
  });
});
