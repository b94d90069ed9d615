import { MemoryDatabase, MemoryStore } from '@guildkit/core';
import { describe, expect, it } from 'vitest';
import { formatDuration } from '../src/messages.ts';
import { runDemo } from '../src/run-demo.ts';
import { simulateCommunity } from '../src/simulate.ts';

describe('the storage demo', () => {
  it('reads back exactly the simulated week, in order, and keeps it across a reopen', async () => {
    const database = new MemoryDatabase();
    const lines: string[] = [];
    const result = await runDemo({
      openStore: async () => new MemoryStore({ database }),
      storeName: 'MemoryStore',
      storeLocation: 'memory',
      locale: 'en',
      print: (line) => lines.push(line),
    });
    expect(result.storedTotalMs).toBe(result.expectedTotalMs);
    expect(result.expectedTotalMs).toBeGreaterThan(0);
    expect(result.top).toHaveLength(5);
    expect(result.top.every((total, i) => i === 0 || (result.top[i - 1]?.ms ?? 0) >= total.ms)).toBe(true);
    expect(lines).toContain('guildkit demo: the storage foundation');
    expect(lines.some((line) => line.startsWith('Verified:'))).toBe(true);
    expect(lines.some((line) => line.startsWith('Closed and reopened the store'))).toBe(true);
  });

  it('speaks Korean by default wording and formats durations per locale', async () => {
    expect(formatDuration(3 * 3_600_000 + 25 * 60_000 + 59_000, 'ko')).toBe('3시간 25분');
    expect(formatDuration(3 * 3_600_000 + 25 * 60_000, 'en')).toBe('3h 25m');
    expect(formatDuration(59_000, 'en')).toBe('0m');
  });

  it('simulates the same community from the same seed', () => {
    const days = ['2026-11-23', '2026-11-24'];
    expect(simulateCommunity(7, 10, days)).toEqual(simulateCommunity(7, 10, days));
    expect(simulateCommunity(7, 10, days)).not.toEqual(simulateCommunity(8, 10, days));
  });
});
