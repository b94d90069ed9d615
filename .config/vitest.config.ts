import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('..', import.meta.url));
// Workspace packages resolve to their TypeScript sources in tests (see each package's exports).
const conditions = ['@guildkit/source', 'import', 'module', 'node', 'default'];

const project = (name: string, extra: { globalSetup?: string[]; testTimeout?: number } = {}) => ({
  extends: true as const,
  test: {
    name,
    root: `${root}/${name}`,
    include: ['test/**/*.test.ts'],
    ...extra,
  },
});

export default defineConfig({
  root,
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    projects: [
      project('packages/core'),
      project('packages/sqlite-store'),
      project('packages/postgres-store', { globalSetup: [`${root}/.ci/postgres-global-setup.ts`] }),
      project('packages/discord'),
      project('packages/fake-discord'),
      project('examples/bot'),
    ],
    passWithNoTests: false,
    coverage: {
      provider: 'v8',
      include: ['packages/*/src/**/*.ts', 'examples/*/src/**/*.ts'],
      reporter: ['text-summary', 'html'],
    },
  },
});
