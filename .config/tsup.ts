import { defineConfig, type Options } from 'tsup';

/**
 * The one tsup configuration every publishable package builds with: ESM and CJS side by side,
 * each with its own declaration file, for Node.js 22 and later.
 *
 * @param entry - entry points by output name, relative to the package folder
 * @param overrides - options that differ for one package
 */
export function createTsupConfig(entry: Record<string, string> = { index: 'src/index.ts' }, overrides: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node22',
    platform: 'node',
    splitting: false,
    treeshake: true,
    keepNames: true,
    ...overrides,
  });
}
