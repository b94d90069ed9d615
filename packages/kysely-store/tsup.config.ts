import { createTsupConfig } from '../../.config/tsup.ts';

export default createTsupConfig();
