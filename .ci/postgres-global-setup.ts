// vitest global setup of the postgres-store tests: uses DATABASE_URL when it is set, otherwise
// starts a throwaway cluster with .ci/postgres.sh (the same script .ci/run and the benchmarks
// use) and stops it when the tests end. Tests read the URL with inject('databaseUrl').
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

const script = fileURLToPath(new URL('./postgres.sh', import.meta.url));

export default function setup(project: TestProject): () => void {
  const given = process.env.DATABASE_URL;
  if (given !== undefined && given !== '') {
    project.provide('databaseUrl', given);
    return () => {};
  }
  const folder = mkdtempSync(join(tmpdir(), 'guildkit-pg-'));
  const cluster = join(folder, 'cluster');
  const url = execFileSync('bash', [script, 'start', cluster], {
    encoding: 'utf8',
  }).trim();
  project.provide('databaseUrl', url);
  return () => {
    execFileSync('bash', [script, 'stop', cluster]);
    rmSync(folder, { recursive: true, force: true });
  };
}
