import { createTsupConfig } from '../../.config/tsup.ts';

// The reader thread's module is an entry of its own: the store starts it from its file. `shims`
// gives the CommonJS build the import.meta.url the store finds it by.
export default createTsupConfig({ index: 'src/index.ts', 'read-worker': 'src/read-worker.ts' }, { shims: true });
