import { createTsupConfig } from '../../.config/tsup.ts';

// The bot's own code as one ESM file, dist/main.js, which `pnpm start` (scripts/start.mjs) runs. Its
// dependencies stay imports: the guildkit packages load from their own dist, the rest from node_modules.
// The bot is never published, so no CommonJS build and no declaration files.
export default createTsupConfig({ main: 'src/main.ts' }, { format: ['esm'], dts: false });
