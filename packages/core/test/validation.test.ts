import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDayKey, isSnowflake, SchemaVersionError, ValidationError } from '../src/index.ts';
import { assertKnownMigrations, chunk, prepareActivityIncrements } from '../src/store-kit.ts';

describe('isSnowflake', () => {
  it('accepts strings of 1 to 20 digits and nothing else', () => {
    expect(['0', '1234567890123456789', '9'.repeat(20)].every(isSnowflake)).toBe(true);
    expect(['', '9'.repeat(21), '12a', ' 1', '-1', '1.0', 1234, 12n, null, undefined].some(isSnowflake)).toBe(false);
  });
});

describe('isDayKey', () => {
  it('accepts real calendar days only', () => {
    expect(['2026-11-25', '2024-02-29', '2000-02-29', '1999-12-31', '0001-01-01', '0050-06-15'].every(isDayKey)).toBe(
      true,
    );
    expect(isDayKey('0000-01-01')).toBe(false);
    expect(
      ['2026-02-29', '1900-02-29', '2026-13-01', '2026-00-10', '2026-1-5', '20261125', '2026-11-25T00:00'].some(
        isDayKey,
      ),
    ).toBe(false);
  });
});

describe('prepareActivityIncrements', () => {
  it('keeps every millisecond, one entry per key, sorted by guild, day and member (property)', () => {
    const increment = fc.record({
      guildId: fc.constantFrom('1', '2'),
      userId: fc.constantFrom('10', '11', '9'),
      day: fc.constantFrom('2026-11-24', '2026-11-25'),
      ms: fc.integer({ min: 0, max: 10_000_000 }),
    });
    fc.assert(
      fc.property(fc.array(increment, { maxLength: 40 }), (increments) => {
        const prepared = prepareActivityIncrements(increments);
        const total = (list: { ms: number }[]) => list.reduce((sum, entry) => sum + entry.ms, 0);
        expect(total(prepared)).toBe(total(increments));
        const keys = prepared.map((entry) => `${entry.guildId}:${entry.day}:${entry.userId}`);
        expect(new Set(keys).size).toBe(keys.length);
        expect(keys).toEqual([...keys].sort());
        expect(prepared.every((entry) => entry.ms > 0)).toBe(true);
      }),
    );
  });

  it('names the field and the index of the first bad increment', () => {
    const error = (() => {
      try {
        prepareActivityIncrements([
          { guildId: '1', userId: '2', day: '2026-11-25', ms: 1 },
          { guildId: '1', userId: '2', day: 'today', ms: 1 },
        ]);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'increments[1].day', value: 'today' });
    expect((error as Error).message).toBe(
      'increments[1].day must be a calendar day written YYYY-MM-DD; received "today"',
    );
  });

  it('refuses a sum that would pass Number.MAX_SAFE_INTEGER', () => {
    const big = { guildId: '1', userId: '2', day: '2026-11-25', ms: Number.MAX_SAFE_INTEGER };
    expect(() => prepareActivityIncrements([big, { ...big, ms: 1 }])).toThrow(ValidationError);
  });
});

describe('chunk', () => {
  it('splits into runs of the given size and refuses a size below 1', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 3)).toEqual([]);
    expect(() => chunk([1], 0)).toThrow(RangeError);
  });
});

describe('assertKnownMigrations', () => {
  it('passes older and equal databases and refuses newer ones', () => {
    const known = ['0001_a', '0002_b'];
    expect(() => assertKnownMigrations('db', known, [])).not.toThrow();
    expect(() => assertKnownMigrations('db', known, ['0001_a'])).not.toThrow();
    expect(() => assertKnownMigrations('db', known, ['0001_a', '0003_c'])).toThrow(SchemaVersionError);
  });
});

describe('renamed options', () => {
  it('are refused with their new name', async () => {
    const { BatchLogger, RetryingExecutor, ActivityTracker, MemoryStore } = await import('../src/index.ts');
    expect(() => new BatchLogger({ sinks: [], retryBaseMs: 5 } as never)).toThrow(
      'BatchLoggerOptions.retryBaseMs is now called retryDelayMs',
    );
    expect(() => new RetryingExecutor({ maxDelayMs: 5 } as never)).toThrow(
      'RetryingExecutorOptions.maxDelayMs is now called maxRetryDelayMs',
    );
    const tracker = new ActivityTracker({ store: new MemoryStore() });
    await expect(tracker.close({ retryForMs: 5 } as never)).rejects.toThrow('retryForMs is now called timeoutMs');
    await tracker.close();
  });
});
