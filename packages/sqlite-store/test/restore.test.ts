import { spawn } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SchemaVersionError } from '@guildkit/core';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupSqliteStore, restoreSqliteBackup, SqliteRestoreError, SqliteStore } from '../src/index.ts';
import { history, runCommand, totals, totalsOfFile, totalsOfRows } from './backup-helpers.ts';

let folder: string;
let backup: string;
const base = history(20, 10);
beforeEach(async () => {
  folder = mkdtempSync(join(tmpdir(), 'guildkit-sqlite-restore-'));
  const store = await SqliteStore.open({ filename: join(folder, 'source.db') });
  await store.addActivity(base);
  backup = (await backupSqliteStore(store, { directory: join(folder, 'backups') })).file;
  await store.close();
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

describe('restoreSqliteBackup and guildkit-sqlite restore', () => {
  it('refuses while the database is open in another program, then restores and keeps the replaced one aside', async () => {
    const target = join(folder, 'live.db');
    const live = await SqliteStore.open({ filename: target });
    const later = [{ guildId: '100', userId: '777', day: '2026-11-25', ms: 42_000 }];
    await live.addActivity(later);
    // Never read the file with fs here: closing any descriptor of it drops this process's POSIX locks on it.
    const inode = statSync(target).ino;

    const refused = await runCommand('restore', backup, target);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(
      `Not restored: The database "${target}" is open in another program (is the bot running?); stop it, then restore again.\n`,
    );
    expect(statSync(target).ino).toBe(inode);
    expect(await totals(live)).toEqual(totalsOfRows(later));
    expect(readdirSync(folder).filter((name) => name.includes('.replaced-') || name.includes('.restoring-'))).toEqual(
      [],
    );

    await live.close();
    const done = await runCommand('restore', backup, target);
    expect(done.stderr).toBe('');
    const replaced = /the database that was there is kept at (.+)\.\n$/.exec(done.stdout)?.[1] as string;
    expect(replaced).toMatch(/live\.db\.replaced-\d{8}-\d{6}-\d{3}Z$/);
    expect(done.code).toBe(0);
    // The restored file has the backup's totals; the replaced one still has the later write, WAL folded in.
    expect(await totalsOfFile(target)).toEqual(totalsOfRows(base));
    expect(existsSync(`${replaced}-wal`)).toBe(false);
    expect(await totalsOfFile(replaced)).toEqual(totalsOfRows(later));
  });

  it('refuses a SQLite file that is not a guildkit database, and a file that is not SQLite, saying so', async () => {
    const target = join(folder, 'guildkit.db');
    const other = join(folder, 'other.db');
    const sqlite = new Database(other);
    sqlite.exec('create table notes (text)');
    sqlite.close();
    const text = join(folder, 'notes.txt');
    writeFileSync(text, 'not a database at all, but long enough to have a header of sorts.'.repeat(10));

    const notGuildkit = await runCommand('restore', other, target);
    expect(notGuildkit.code).toBe(1);
    expect(notGuildkit.stderr).toBe(
      `Not restored: "${other}" is a SQLite database but not a guildkit one: it has no guildkit schema; give a backup guildkit made.\n`,
    );
    const notSqlite = await runCommand('restore', text, target);
    expect(notSqlite.code).toBe(1);
    expect(notSqlite.stderr).toBe(
      `Not restored: "${text}" is not a SQLite database (file is not a database); give a backup guildkit made.\n`,
    );
    const missing = await runCommand('restore', join(folder, 'nothing.db'), target);
    expect(missing.stderr).toMatch(/^Not restored: There is no backup file at ".+nothing\.db"/);
    expect(existsSync(target)).toBe(false);

    await expect(restoreSqliteBackup({ from: other, to: target })).rejects.toMatchObject({
      name: 'SqliteRestoreError',
      reason: 'not-guildkit',
      from: other,
      to: target,
    });
  });

  it('refuses a damaged backup', async () => {
    const damaged = join(folder, 'damaged.db');
    copyFileSync(backup, damaged);
    const pageSize = 4096;
    const file = openSync(damaged, 'r+');
    writeSync(file, Buffer.alloc(pageSize, 0xab), 0, pageSize, pageSize * 2); // page 3: garbage
    closeSync(file);
    const failure = restoreSqliteBackup({ from: damaged, to: join(folder, 'guildkit.db') });
    await expect(failure).rejects.toBeInstanceOf(SqliteRestoreError);
    await expect(failure).rejects.toMatchObject({
      reason: 'damaged',
      message: expect.stringMatching(/restore an older backup\.$/),
    });
    expect(existsSync(join(folder, 'guildkit.db'))).toBe(false);
  });

  it('refuses a backup from a newer guildkit with SchemaVersionError, and restoring a file onto itself', async () => {
    const newer = join(folder, 'newer.db');
    copyFileSync(backup, newer);
    const sqlite = new Database(newer);
    sqlite.prepare("insert into kysely_migration (name, timestamp) values ('9999_future', '2099-01-01')").run();
    sqlite.close();
    await expect(restoreSqliteBackup({ from: newer, to: join(folder, 'guildkit.db') })).rejects.toBeInstanceOf(
      SchemaVersionError,
    );
    await expect(restoreSqliteBackup({ from: backup, to: backup })).rejects.toMatchObject({ reason: 'same-file' });
  });

  it('refuses a target that is a folder, with or without a trailing slash, in one line; nothing is made', async () => {
    const backups = join(folder, 'backups');
    const before = readdirSync(backups).sort();
    for (const to of [backups, `${backups}/`, `${join(folder, 'new')}/`]) {
      const failure = restoreSqliteBackup({ from: backup, to });
      await expect(failure).rejects.toBeInstanceOf(SqliteRestoreError);
      await expect(failure).rejects.toMatchObject({
        reason: 'target-not-a-file',
        from: backup,
        to,
        message: `"${to}" names a folder, not a database file; give the path of the database file to replace (such as ./data/guildkit.db) after the backup's.`,
      });
    }
    // The mistake as the newcomer made it: the paths the wrong way round.
    const target = join(folder, 'target.db');
    copyFileSync(backup, target);
    const swapped = await runCommand('restore', target, backups);
    expect(swapped).toEqual({
      code: 1,
      stdout: '',
      stderr: `Not restored: "${backups}" names a folder, not a database file; give the path of the database file to replace (such as ./data/guildkit.db) after the backup's.\n`,
    });
    const slashed = await runCommand('restore', target, `${backups}/`);
    expect(slashed.code).toBe(1);
    expect(slashed.stderr).toMatch(/^Not restored: ".+\/backups\/" names a folder, not a database file; .+\.\n$/);
    expect(readdirSync(backups).sort()).toEqual(before);
    expect(readdirSync(folder).sort()).toEqual(['backups', 'source.db', 'target.db']);
  });

  it('leaves no -journal beside the replaced database, and no -wal or -shm beside a backup in WAL mode', async () => {
    const backups = join(folder, 'backups');
    const target = join(folder, 'data', 'guildkit.db');
    const live = await SqliteStore.open({ filename: target }); // WAL mode, as a bot has it
    const later = [{ guildId: '100', userId: '777', day: '2026-11-25', ms: 42_000 }];
    await live.addActivity(later);
    await live.close();
    // A backup in WAL mode, as one opened with SqliteStore.open to look inside is left.
    const walBackup = join(backups, 'guildkit-20260101-000000-000Z.db');
    copyFileSync(backup, walBackup);
    const sqlite = new Database(walBackup);
    expect(sqlite.pragma('journal_mode = wal', { simple: true })).toBe('wal');
    sqlite.close();
    const backupsBefore = readdirSync(backups).sort();

    const first = await restoreSqliteBackup({ from: walBackup, to: target, now: () => Date.UTC(2026, 0, 25, 9) });
    const second = await runCommand('restore', backup, target);
    expect(second.code).toBe(0);
    expect(readdirSync(backups).sort()).toEqual(backupsBefore);
    const kept = readdirSync(join(folder, 'data')).sort();
    expect(kept).toEqual([
      'guildkit.db',
      'guildkit.db.replaced-20260125-090000-000Z',
      expect.stringMatching(/^guildkit\.db\.replaced-\d{8}-\d{6}-\d{3}Z$/),
    ]);
    expect(first.replaced).toBe(join(folder, 'data', 'guildkit.db.replaced-20260125-090000-000Z'));
    expect(await totalsOfFile(first.replaced as string)).toEqual(totalsOfRows(later));
    expect(readdirSync(join(folder, 'data')).sort()).toEqual(kept); // reading them leaves nothing either
    expect(await totalsOfFile(target)).toEqual(totalsOfRows(base));
  });

  it('lists backups newest first', async () => {
    const listed = await runCommand('list', join(folder, 'backups'));
    expect(listed.stdout).toBe(`${backup}  ${(readFileSync(backup).length / 1_048_576).toFixed(1)} MiB\n`);
  });

  it('prints its usage for help, --help and -h (exit 0); names a command it does not know in one line (exit 2)', async () => {
    for (const asked of ['help', '--help', '-h']) {
      const help = await runCommand(asked);
      expect(help.code).toBe(0);
      expect(help.stderr).toBe('');
      expect(help.stdout).toMatch(/^Usage: guildkit-sqlite restore <backup> <database> .+\n.+list <backup-folder>/);
    }
    expect(await runCommand('restroe', backup, join(folder, 'guildkit.db'))).toEqual({
      code: 2,
      stdout: '',
      stderr: 'Unknown command "restroe"; run guildkit-sqlite --help for the commands.\n',
    });
    expect(await runCommand('restore', backup)).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'guildkit-sqlite restore takes <backup> <database>, given 1 path; run guildkit-sqlite --help for the usage.\n',
    });
    const none = await runCommand();
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^Usage: guildkit-sqlite restore/);
  });
});

describe('guildkit-sqlite in a pipeline', () => {
  it('stops quietly when the reader of its output goes away (`list | head -1`), as Unix tools do', async () => {
    const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
    const child = spawn(process.execPath, ['--conditions=@guildkit/source', cli, '--help'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy(); // the reader is gone before the first line
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    const code = await new Promise<number | null>((resolve) => child.once('close', (exit) => resolve(exit)));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
