// Checks every publishable package as npm would ship it: publint for the package.json and its
// files, and "Are the types wrong?" for what TypeScript sees under every module resolution.
// Run after `pnpm build`: `pnpm check:packages`.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const packages = readdirSync(join(root, 'packages'))
  .map((name) => join(root, 'packages', name))
  .filter((dir) => !JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).private);

let failed = 0;
for (const dir of packages) {
  for (const [tool, args] of [
    ['publint', ['--strict', dir]],
    ['attw', ['--pack', dir, '--format', 'table-flipped']],
  ] as const) {
    try {
      const output = execFileSync(join(root, 'node_modules/.bin', tool), args, {
        cwd: root,
        encoding: 'utf8',
        stdio: 'pipe',
      });
      console.log(`ok   ${tool} ${dir.slice(root.length)}: ${summary(output)}`);
    } catch (error) {
      failed += 1;
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
      console.error(`FAIL ${tool} ${dir.slice(root.length)}\n${indent(stdout + stderr)}`);
    }
  }
}
if (failed > 0) {
  console.error(`${failed} package check(s) failed`);
  process.exit(1);
}
console.log(`${packages.length} packages: publint and attw report no problem`);

function indent(text: string): string {
  return text
    .trim()
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => `     ${line}`)
    .join('\n');
}

function summary(output: string): string {
  const line = output.split('\n').find((text) => /All good|No problems found/.test(text));
  return line?.trim() ?? 'passed';
}
