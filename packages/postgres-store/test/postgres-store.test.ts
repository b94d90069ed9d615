import { describeStoreConformance } from '@guildkit/core/testing';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { PostgresStore } from '../src/index.ts';

const connectionString = inject('databaseUrl');
const admin = new pg.Pool({ connectionString, max: 2 });
afterAll(() => admin.end());
let schemas = 0;

// Each test gets its own schema on the throwaway server, dropped when the test ends.
describeStoreConformance('PostgresStore', {
  async open() {
    schemas += 1;
    const schema = `conformance_${process.pid}_${schemas}`;
    return {
      store: await PostgresStore.open({
        connectionString,
        schema,
        poolSize: 4,
      }),
      openAnother: () => PostgresStore.open({ connectionString, schema, poolSize: 4 }),
      dispose: async () => {
        await admin.query(`drop schema if exists ${schema} cascade`);
      },
    };
  },
});
