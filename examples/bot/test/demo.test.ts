import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import { browserForTest } from '../../../packages/fake-discord/test/browser.ts';

const demo = fileURLToPath(new URL('../src/demo.ts', import.meta.url));
const run = async (env: Record<string, string> = {}) =>
  (
    await promisify(execFile)(process.execPath, ['--conditions=@guildkit/source', demo], {
      env: { PATH: process.env.PATH ?? '', ...env },
    })
  ).stdout;
/** The demo's output without its temporary folder and its port, which are new each run. */
const figures = (stdout: string) =>
  stdout.replaceAll(/\/tmp\/guildkit-demo-\w+/g, '<folder>').replaceAll(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>');
const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/;

describe('pnpm demo', () => {
  it('speaks English by default, checks itself, and prints the same figures on every run', async () => {
    const [first, second] = await Promise.all([run(), run()]);
    expect(figures(first)).toBe(figures(second));
    const stdout = first;
    expect(stdout).not.toMatch(HANGUL);
    expect(stdout).toContain('Fake Discord started: 300 members, 11 channels');
    expect(stdout).toContain('Bot connected, 5 slash commands registered');
    expect(stdout).toContain('Events the bot handled: 3000 voice updates; guild snapshots on connect: 1; malformed: 0');
    expect(stdout).toMatch(
      /Verified: the bot's totals equal the simulation's, member by member \(\d+ members, \d+h \d+m in all\)/,
    );
    expect(stdout).toMatch(/Top 5 in voice today \(2026-11-25\), open sessions included\n {2}1\. .+ — \d+h \d+m/);
    expect(stdout).toMatch(/\/activity \(en-GB\) → ".+'s voice activity · Today: .+ · This week: .+ · This month: .+"/);
    expect(stdout).toMatch(/\/activity \(fr\) → ".+'s voice activity · Today: .+/); // no French: the default
    expect(stdout).toContain(
      '/report (en-US) → "Only members with the Manage Server permission can use this command."',
    );
    expect(stdout).toContain('/report (en-GB) → "Weekly activity report (2026-11-23 to 2026-11-29)"');
    expect(stdout).toContain(
      'Monday 00:05: the scheduled weekly report, posted to #announcements: Weekly activity report (2026-11-23 to 2026-11-29)',
    );
    expect(stdout).toMatch(/Active members: \d+ of 301 \(\d+%\)/);
    expect(stdout).toContain('Once only: the first run posted, a second run skipped');
    const [, chart = '', csv = ''] = /Chart: (\S+) · CSV: (\S+) \(301 members\)/.exec(stdout) ?? [];
    expect([...readFileSync(chart).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(readFileSync(csv, 'utf8')).toMatch(
      /^rank,user_id,display_name,ms,hours,messages\r\n1,\d+,.+,\d+,\d+\.\d\d,\d+\r\n/,
    );
    expect(stdout).toMatch(/"Ranked, anyone\? \(gold and up\)" opened: a forum post and the voice room ".+'s room"/);
    expect(stdout).toMatch(/after 40 voice events the post shows 4\/5 participants; it was edited 1 time\(s\)/);
    expect(stdout).toContain('→ post locked, closing message: "Its voice room was deleted."');
    expect(stdout).toContain('In the store: closed, because room-deleted');
    expect(stdout).toContain('/healthz → 200 {"ok":true,"gateway":"ready","store":"ok"}');
    expect(stdout).toContain('guildkit_gateway_events_total{type="voice_state"} 3340'); // the job board's 40 and 300 leaves included
    expect(stdout).toMatch(/Dashboard: http:\/\/127\.0\.0\.1:\d+ \(answers 200\)/);
    expect(stdout).toContain('Run `pnpm demo --keep-running`');
    expect(stdout).toContain('Bot stopped cleanly, fake Discord closed.');
  }, 120_000);

  it('with --keep-running, keeps the community and its dashboard up until Ctrl-C: a person signs in and clicks through', async () => {
    const child = spawn(process.execPath, ['--conditions=@guildkit/source', demo, '--keep-running'], {
      env: { PATH: process.env.PATH ?? '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    onTestFinished(() => {
      child.kill('SIGKILL');
    });
    let stdout = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    // Until the demo says it keeps running; if it exits first, at once, with what it printed.
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('Running until Ctrl-C.')) resolve();
      });
      void exited.then((code) => reject(new Error(`the demo exited (${code}) before it kept running:\n${stdout}`)));
    });
    const url = /Dashboard: (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1] as string;
    const browser = await browserForTest();
    const page = await browser.newPage();
    await page.goto(url);
    await page.click('[data-sign-in]');
    await page.click('a[data-user-id]:has-text("Sign in as")'); // the first member listed: one of the Staff
    await page.click('[data-guild-id]');
    // The community's evening, as the bot recorded it.
    expect(Number(await page.textContent('[data-figure="members"]'))).toBeGreaterThan(100);
    await page.click('nav.tabs a:has-text("Settings")');
    expect(await page.locator('[data-settings-form]').count()).toBe(1);
    child.kill('SIGINT');
    await exited;
    expect(stdout).toContain('Bot stopped cleanly, fake Discord closed.');
  }, 150_000);

  it('speaks Korean on request, and so does its community', async () => {
    const stdout = await run({ GUILDKIT_LOCALE: 'ko' });
    expect(stdout).toContain('가짜 Discord 시작: 멤버 300명, 채널 11개');
    expect(stdout).toMatch(/검증: 봇의 합계가 시뮬레이션과 멤버마다 일치/);
    expect(stdout).toContain(
      '월요일 00:05, 예약된 주간 보고서를 #공지에 올림: 주간 활동 보고서 (2026-11-23 ~ 2026-11-29)',
    );
    expect(stdout).toContain('마감 메시지: "연동된 음성 채널이 삭제되어 마감되었습니다."');
    expect(stdout).toContain('/report (ko) → "이 명령은 서버 관리 권한이 있는 멤버만 쓸 수 있어요."');
    expect(stdout).toMatch(/\/activity \(en-US\) → ".+'s voice activity/); // a member whose Discord is in English
  }, 120_000);
});
