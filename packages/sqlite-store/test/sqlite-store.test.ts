import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStoreConformance } from '@guildkit/core/testing';
import { afterAll } from 'vitest';
import { SqliteStore } from '../src/index.ts';

const folder = mkdtempSync(join(tmpdir(), 'guildkit-sqlite-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
let databases = 0;

describeStoreConformance('SqliteStore (a WAL file)', {
  async open() {
    databases += 1;
    const filename = join(folder, `conformance-${databases}.db`);
    return {
      store: await SqliteStore.open({ filename }),
      openAnother: () => SqliteStore.open({ filename }),
      dispose: async () => {
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${filename}${suffix}`, { force: true });
      },
    };
  },
});
