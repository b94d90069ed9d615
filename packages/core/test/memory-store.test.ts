import { describe, expect, it } from 'vitest';
import { MemoryDatabase, MemoryStore } from '../src/index.ts';
import { describeStoreConformance, snowflake } from '../src/testing/index.ts';

describeStoreConformance('MemoryStore', {
  async open() {
    const database = new MemoryDatabase();
    return {
      store: new MemoryStore({ database }),
      openAnother: async () => new MemoryStore({ database }),
      dispose: async () => {},
    };
  },
});

describe('MemoryStore options', () => {
  it('keeps at most maxLogRecords, dropping the oldest', async () => {
    const store = new MemoryStore({ maxLogRecords: 3 });
    await store.appendLogs(
      Array.from({ length: 5 }, (_, i) => ({
        at: i,
        level: 'info' as const,
        source: 'test',
        message: `m${i}`,
      })),
    );
    expect((await store.readRecentLogs()).map((record) => record.message)).toEqual(['m4', 'm3', 'm2']);
  });

  it('refuses a negative maxLogRecords and a database of the wrong kind, naming the option', () => {
    expect(() => new MemoryStore({ maxLogRecords: -1 })).toThrow(/maxLogRecords/);
    expect(() => new MemoryStore({ database: {} as MemoryDatabase })).toThrow(/database must be a MemoryDatabase/);
  });

  it('hands out copies: changing a returned listing does not change the store', async () => {
    const store = new MemoryStore();
    const { jobListingFixture } = await import('../src/testing/index.ts');
    const listing = jobListingFixture(1);
    await store.saveJobListing(listing);
    const read = await store.getJobListingByPost(listing.postId);
    (read?.tags as string[] | undefined)?.push('mutated');
    expect(read?.tags).toContain('mutated');
    expect((await store.getJobListingByPost(listing.postId))?.tags).toEqual(listing.tags);
    expect(snowflake('guild', 1)).toBe(listing.guildId);
  });
});
