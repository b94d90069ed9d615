#!/usr/bin/env node
// `guildkit-sqlite`: restores a backup of a guildkit SQLite database, or lists a folder's backups.
// Every outcome is one line: what was done, or why nothing was and what to do. Exit code 0 when
// done, 1 when refused or failed, 2 for a command it does not know or the wrong number of paths.
// `help`, `--help` and `-h` print the usage (exit code 0), as does no command at all (to stderr, 2).
import { stat } from 'node:fs/promises';
import { listSqliteBackups } from './backups.ts';
import { restoreSqliteBackup } from './restore.ts';

const USAGE = [
  'Usage: guildkit-sqlite restore <backup> <database>   put a backup in place of a database (stop the bot first)',
  '       guildkit-sqlite list <backup-folder>           the backups in a folder, newest first',
  '       guildkit-sqlite --help                         this usage',
].join('\n');

/** How many paths each command takes, and what they are. */
const COMMANDS: Readonly<Record<string, readonly string[]>> = {
  restore: ['<backup>', '<database>'],
  list: ['<backup-folder>'],
};

const [command, ...args] = process.argv.slice(2);
// A reader that went away (`guildkit-sqlite list | head -1`) is not a failure: stop quietly, as Unix tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});
// No top-level await: the package's CommonJS build bundles this entry too.
run().then((code) => {
  process.exitCode = code;
});

async function run(): Promise<number> {
  try {
    if (command === 'restore' && args.length === 2) {
      const [from, to] = args as [string, string];
      const done = await restoreSqliteBackup({ from, to });
      const kept =
        done.replaced === undefined
          ? 'there was no database there before'
          : `the database that was there is kept at ${done.replaced}`;
      say(`Restored ${from} to ${to} (${mebibytes(done.bytes)}, schema ${done.schemaVersion}); ${kept}.`);
    } else if (command === 'list' && args.length === 1) {
      const backups = await listSqliteBackups(args[0] as string);
      if (backups.length === 0) say(`No backups in ${args[0]}.`);
      for (const backup of backups) say(`${backup}  ${mebibytes((await stat(backup)).size)}`);
    } else if (command === 'help' || command === '--help' || command === '-h') {
      say(USAGE);
    } else if (command === undefined) {
      console.error(USAGE);
      return 2;
    } else {
      const paths = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
      console.error(
        paths === undefined
          ? `Unknown command "${command}"; run guildkit-sqlite --help for the commands.`
          : `guildkit-sqlite ${command} takes ${paths.join(' ')}, given ${args.length} path${args.length === 1 ? '' : 's'}; run guildkit-sqlite --help for the usage.`,
      );
      return 2;
    }
    return 0;
  } catch (error) {
    // Refusals carry their own advice; anything else is given in its own words.
    const what = error instanceof Error ? error.message : String(error);
    console.error(`Not ${command === 'list' ? 'listed' : 'restored'}: ${what}`);
    return 1;
  }
}

/** Writes a line to stdout: what was done. Refusals and failures go to stderr. */
function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function mebibytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MiB`;
}
