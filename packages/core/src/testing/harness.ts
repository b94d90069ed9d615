import type { GuildkitStore } from '@guildkit/core';
import { onTestFinished } from 'vitest';

/**
 * How the conformance suite gets databases from a store package: one new, empty database per
 * call of `open`.
 *
 * @example A harness for an in-memory store
 * ```ts
 * import { MemoryDatabase, MemoryStore } from '@guildkit/core';
 * import type { StoreHarness } from '@guildkit/core/testing';
 *
 * const harness: StoreHarness = {
 *   async open() {
 *     const database = new MemoryDatabase();
 *     return {
 *       store: new MemoryStore({ database }),
 *       openAnother: async () => new MemoryStore({ database }),
 *       dispose: async () => {},
 *     };
 *   },
 * };
 * ```
 */
export interface StoreHarness {
  /** Creates a new, empty database and opens a store on it. */
  open(): Promise<StoreUnderTest>;
}

/**
 * A store on a database made for one test, and the means to open more stores on that database.
 *
 * @example Opening a database for a test
 * ```ts
 * const { store, openAnother, dispose } = await harness.open();
 * ```
 */
export interface StoreUnderTest {
  /** The store, open. */
  readonly store: GuildkitStore;
  /** Opens another store on the same database, beside the first or after it was closed. */
  openAnother(): Promise<GuildkitStore>;
  /** Deletes the database; called once every store on it was closed. */
  dispose(): Promise<void>;
}

/** @internal A store for one test, closed and disposed of when the test ends. */
export interface TestDatabase {
  readonly store: GuildkitStore;
  openAnother(): Promise<GuildkitStore>;
}

/** @internal */
export async function openForTest(harness: StoreHarness): Promise<TestDatabase> {
  const underTest = await harness.open();
  const opened: GuildkitStore[] = [underTest.store];
  onTestFinished(async () => {
    for (const store of opened) await store.close();
    await underTest.dispose();
  });
  return {
    store: underTest.store,
    async openAnother() {
      const store = await underTest.openAnother();
      opened.push(store);
      return store;
    },
  };
}
