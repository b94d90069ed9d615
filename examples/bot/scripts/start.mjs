// `pnpm start`: the reference bot as built JavaScript. The guildkit packages it depends on load from
// their dist and its own code from examples/bot/dist, so Node.js strips no types (from the TypeScript
// sources it idles in about 30 MiB more). What is missing or older than a source is built first, with
// one line saying so; then the bot runs in this same process, so that SIGTERM and SIGINT reach its own
// handlers and nothing stands between it and whoever started it. Plain JavaScript, so that starting
// needs no type stripping; the check takes a few milliseconds.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bot = fileURLToPath(new URL('..', import.meta.url));
const root = join(bot, '..', '..');
const main = join(bot, 'dist', 'main.js');
/** What every build reads besides its own sources: the shared tsup configuration. */
const sharedConfig = join(root, '.config', 'tsup.ts');
const NOT_BUILT = 'not built yet';

/**
 * @typedef {object} Build
 * @property {string} name - the package's name, for `pnpm --filter`
 * @property {string} dir - its folder
 * @property {string[]} inputs - what its build reads: files and folders, relative to `dir` or absolute
 * @property {string[]} outputs - files its build must have written
 */

/** @param {string} dir */
const readManifest = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));

/**
 * The workspace packages the bot needs at run time, from its package.json's `dependencies` and theirs.
 *
 * @returns {Build[]}
 */
function packageBuilds() {
  /** @type {Map<string, Build>} */
  const found = new Map();
  /** @param {string} dir */
  const visit = (dir) => {
    for (const [name, range] of Object.entries(readManifest(dir).dependencies ?? {})) {
      if (found.has(name) || !String(range).startsWith('workspace:')) continue;
      const target = realpathSync(join(dir, 'node_modules', name));
      const exports = Object.values(readManifest(target).exports ?? {});
      found.set(name, {
        name,
        dir: target,
        inputs: ['src', 'tsup.config.ts', sharedConfig],
        // The ESM file of every entry: what `import` loads.
        outputs: exports.flatMap((entry) => (typeof entry?.import?.default === 'string' ? [entry.import.default] : [])),
      });
      visit(target);
    }
  };
  visit(bot);
  return [...found.values()];
}

/**
 * Every file under the given paths (files or folders), with its modification time in milliseconds.
 *
 * @param {string} dir
 * @param {string[]} paths
 * @returns {{ file: string, mtimeMs: number }[]}
 */
function files(dir, paths) {
  return paths.flatMap((path) => {
    const full = resolve(dir, path);
    if (!existsSync(full)) return [];
    const stat = statSync(full);
    if (!stat.isDirectory()) return [{ file: full, mtimeMs: stat.mtimeMs }];
    return readdirSync(full, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const file = join(entry.parentPath, entry.name);
        return { file, mtimeMs: statSync(file).mtimeMs };
      });
  });
}

/**
 * Why a package needs building, or `undefined` when its dist is complete and newer than every source.
 *
 * @param {Build} build
 * @returns {string | undefined}
 */
function staleness(build) {
  const outputs = files(build.dir, ['dist']);
  if (outputs.length === 0) return NOT_BUILT;
  const missing = build.outputs.find((output) => !existsSync(join(build.dir, output)));
  if (missing !== undefined) return `${missing} is missing`;
  // A build rewrites the whole of dist: its oldest file tells when the last build began.
  const built = Math.min(...outputs.map((output) => output.mtimeMs));
  const newer = files(build.dir, build.inputs).find((input) => input.mtimeMs > built);
  return newer === undefined ? undefined : `${relative(build.dir, newer.file)} is newer than its build`;
}

const builds = [
  ...packageBuilds(),
  {
    name: readManifest(bot).name,
    dir: bot,
    inputs: ['src', 'tsup.config.ts', sharedConfig],
    outputs: ['dist/main.js'],
  },
];
const stale = builds.flatMap((build) => {
  const why = staleness(build);
  return why === undefined ? [] : [{ ...build, why }];
});

// BUILD_ON_START=off: a deployment that built once (and may have copied sources after the build)
// never builds at start; it starts what is built, and refuses to start only what is not built.
const buildOnStart = (process.env.BUILD_ON_START ?? 'on').trim().toLowerCase();
if (buildOnStart !== 'on' && buildOnStart !== 'off') {
  console.error(
    `Start-up failed: BUILD_ON_START must be on or off; received ${JSON.stringify(process.env.BUILD_ON_START)}.`,
  );
  process.exit(1);
}
if (buildOnStart === 'off' && stale.length > 0) {
  const missing = stale.filter((build) => build.why === NOT_BUILT);
  if (missing.length > 0) {
    console.error(
      `Start-up failed: ${missing.map((build) => build.name).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not built, ` +
        'and BUILD_ON_START is off. Run pnpm build, or start with BUILD_ON_START=on.',
    );
    process.exit(1);
  }
  console.error(
    `Starting without building (BUILD_ON_START=off): ${stale.map((build) => `${build.name} (${build.why})`).join(', ')}.`,
  );
}

if (stale.length > 0 && buildOnStart === 'on') {
  const what = stale.every((build) => build.why === NOT_BUILT)
    ? `${stale.map((build) => build.name).join(', ')} (${NOT_BUILT})`
    : stale.map((build) => `${build.name} (${build.why})`).join(', ');
  console.error(`Building before starting: ${what}.`);
  // Each package's own build script, as `pnpm build` runs it; its output is shown only if it fails.
  const filters = stale.flatMap((build) => ['--filter', build.name]);
  const result = spawnSync('pnpm', [...filters, 'run', 'build'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    if (result.stdout) process.stderr.write(result.stdout);
    if (result.stderr) process.stderr.write(result.stderr);
    const why = result.error ? result.error.message : `exit code ${result.status ?? result.signal}`;
    console.error(`Build failed (${why}): the bot was not started.`);
    process.exit(1);
  }
}

await import(pathToFileURL(main).href);
