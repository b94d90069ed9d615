import { isSnowflake } from '@guildkit/core';
import { describe, expect, it } from 'vitest';
import { DISCORD_EPOCH_MS, SnowflakeGenerator } from '../src/index.ts';

describe('SnowflakeGenerator', () => {
  it('mints valid ids that carry their time', () => {
    const at = Date.parse('2026-11-25T12:00:00Z');
    const id = new SnowflakeGenerator({ now: () => at }).next();
    expect(isSnowflake(id)).toBe(true);
    expect(SnowflakeGenerator.timestampOf(id)).toBe(at);
    // A known id from Discord's documentation decodes to its documented time.
    expect(new Date(SnowflakeGenerator.timestampOf('175928847299117063')).toISOString()).toBe(
      '2016-04-30T11:18:25.796Z',
    );
  });

  it('stays unique and increasing past 4,096 ids in one millisecond and when the clock steps back', () => {
    let now = Date.parse('2026-11-25T12:00:00Z');
    const ids = new SnowflakeGenerator({ now: () => now });
    const minted: bigint[] = [];
    for (let i = 0; i < 10_000; i += 1) {
      if (i === 9_000) now -= 5_000;
      minted.push(BigInt(ids.next()));
    }
    expect(new Set(minted).size).toBe(minted.length);
    expect(minted.every((id, i) => i === 0 || id > (minted[i - 1] as bigint))).toBe(true);
  });

  it('never goes before the Discord epoch and refuses a bad worker id', () => {
    expect(SnowflakeGenerator.timestampOf(new SnowflakeGenerator({ now: () => 0 }).next())).toBe(DISCORD_EPOCH_MS);
    expect(() => new SnowflakeGenerator({ workerId: 32 })).toThrow(/workerId/);
  });
});
