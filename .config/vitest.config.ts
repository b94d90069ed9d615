import { fileURLToPath } from 'node:url';
import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('..', import.meta.url));
// Workspace packages resolve to their TypeScript sources in tests (see each package's exports).
const conditions = ['@guildkit/source', ...defaultServerConditions];

// Every answer of a fake Discord a test starts is checked against Discord's OpenAPI description.
const validateAnswers = `${root}/packages/fake-discord/test/validate-answers.setup.ts`;

const project = (
  name: string,
  extra: { globalSetup?: string[]; setupFiles?: string[]; testTimeout?: number } = {},
) => ({
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
      project('packages/discord', { setupFiles: [validateAnswers] }),
      project('packages/fake-discord', { setupFiles: [validateAnswers] }),
      project('packages/dashboard', { setupFiles: [validateAnswers], testTimeout: 60_000 }),
      project('examples/bot', { setupFiles: [validateAnswers] }),
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
