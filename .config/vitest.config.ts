import { fileURLToPath } from 'node:url';
import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('..', import.meta.url));
// Workspace packages resolve to their TypeScript sources in tests (see each package's exports).
const conditions = ['@guildkit/source', ...defaultServerConditions];

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
  ssr: { resolve: { conditions } },
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
    reporters: ['default', `${root}/.config/summary-reporter.ts`],
    coverage: {
      provider: 'v8',
      include: ['packages/*/src/**/*.ts', 'examples/*/src/**/*.ts'],
      reporter: ['text-summary', 'html'],
    },
  },
});
