import { createTsupConfig } from '../../.config/tsup.ts';

export default createTsupConfig(
  { index: 'src/index.ts', testing: 'src/testing/index.ts' },
  { external: ['vitest', 'fast-check', '@guildkit/core'] },
);
