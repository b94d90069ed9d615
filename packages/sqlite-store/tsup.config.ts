import { createTsupConfig } from '../../.config/tsup.ts';

// The reader, log writer and check threads' modules are entries of their own, started from their files, and so is
// the guildkit-sqlite command (package.json's bin). `shims` gives the CommonJS build the
// import.meta.url the store finds them by.
export default createTsupConfig(
  {
    index: 'src/index.ts',
    'read-worker': 'src/read-worker.ts',
    'log-write-worker': 'src/log-write-worker.ts',
    'check-worker': 'src/check-worker.ts',
    cli: 'src/cli.ts',
  },
  { shims: true },
);
