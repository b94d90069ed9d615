// `pnpm demo`: the reference bot's main job. Until the Discord pieces land (issue 3), it runs the
// storage foundation end to end on SQLite (a file in a new temporary folder), or on PostgreSQL
// when DATABASE_URL is set. GUILDKIT_LOCALE=en prints English; Korean is the default.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GuildkitStore } from '@guildkit/core';
import { PostgresStore } from '@guildkit/postgres-store';
import { SqliteStore } from '@guildkit/sqlite-store';
import type { Locale } from './messages.ts';
import { runDemo } from './run-demo.ts';

const locale: Locale = process.env.GUILDKIT_LOCALE === 'en' ? 'en' : 'ko';
const databaseUrl = process.env.DATABASE_URL;

let openStore: () => Promise<GuildkitStore>;
let storeName: string;
let storeLocation: string;
if (databaseUrl !== undefined && databaseUrl !== '') {
  const schema = `demo_${Date.now()}`;
  openStore = () => PostgresStore.open({ connectionString: databaseUrl, schema });
  storeName = 'PostgresStore';
  storeLocation = `schema ${schema}`;
} else {
  const filename = join(mkdtempSync(join(tmpdir(), 'guildkit-demo-')), 'guildkit.db');
  openStore = () => SqliteStore.open({ filename });
  storeName = 'SqliteStore';
  storeLocation = filename;
}

try {
  const result = await runDemo({ openStore, storeName, storeLocation, locale, print: (line) => console.log(line) });
  process.exitCode = result.storedTotalMs === result.expectedTotalMs ? 0 : 1;
} catch (error) {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
}
