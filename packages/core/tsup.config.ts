import type { Options } from 'tsup';
import { createTsupConfig } from '../../.config/tsup.ts';

// The error classes live in the main entry only: the other entries import them from the package
// itself, so that `instanceof ValidationError` holds whichever entry threw it.
const errorsFromMainEntry: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'errors-from-main-entry',
  setup(build) {
    build.onResolve({ filter: /(^|\/)errors\.ts$/ }, () => ({ path: '@guildkit/core', external: true }));
  },
};

export default [
  createTsupConfig(
    { index: 'src/index.ts', testing: 'src/testing/index.ts' },
    { external: ['vitest', 'fast-check', '@guildkit/core'], clean: false },
  ),
  createTsupConfig(
    { 'store-kit': 'src/store-kit.ts' },
    { external: ['@guildkit/core'], esbuildPlugins: [errorsFromMainEntry], clean: false },
  ),
];
