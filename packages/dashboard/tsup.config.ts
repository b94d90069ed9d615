import { createTsupConfig } from '../../.config/tsup.ts';

export default createTsupConfig({ index: 'src/index.ts' }, { shims: true });
