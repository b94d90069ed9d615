import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

describe('pnpm demo', () => {
  it('drives the real bot on the fake Discord and says what it did, in English on request', async () => {
    const demo = fileURLToPath(new URL('../src/demo.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--conditions=@guildkit/source', demo], {
      env: { PATH: process.env.PATH ?? '', GUILDKIT_LOCALE: 'en' },
    });
    expect(stdout).toContain('Fake Discord started: 300 members');
    expect(stdout).toMatch(/Bot connected \(\d+ ms\), 3 slash commands registered/);
    expect(stdout).toContain('Events the bot handled: 3000 voice updates; guild snapshots on connect: 1; malformed: 0');
    expect(stdout).toMatch(
      /Activity tracking: \d+ state changes applied, \d+ duplicates ignored, \d+ sessions open now/,
    );
    expect(stdout).toMatch(/Top 5 in voice today \(2026-11-25\), open sessions included\n {2}1\. .+ — \d+h \d+m/);
    expect(stdout).toMatch(
      /\/activity \(en-US\) → "Voice activity of .+ · Today: .+ · This week: .+ · This month: .+"/,
    );
    expect(stdout).toContain('/report (ko) → "이 명령은 서버 관리 권한이 있는 멤버만 쓸 수 있어요."');
    expect(stdout).toContain('/report (en-GB) → "Weekly activity report (2026-11-23 to 2026-11-29)"');
    expect(stdout).toContain(
      'Monday 00:05: the scheduled weekly report, posted to #공지: 주간 활동 보고서 (2026-11-23 ~ 2026-11-29)',
    );
    expect(stdout).toMatch(/활동 멤버: \d+\/301명 \(\d+%\)/);
    expect(stdout).toMatch(/Chart: (\S+weekly-report\.png) · CSV: (\S+weekly-report\.csv) \(301 members\)/);
    expect(stdout).toContain('Once only: the first run posted, a second run skipped');
    const [, chart = '', csv = ''] = /Chart: (\S+) · CSV: (\S+) /.exec(stdout) ?? [];
    expect([...readFileSync(chart).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(readFileSync(csv, 'utf8')).toMatch(/^rank,user_id,display_name,ms,hours\r\n1,\d+,.+,\d+,\d+\.\d\d\r\n/);
    expect(stdout).toMatch(/"랭크 같이 하실 분 \(골드 이상\)" opened: a forum post and the voice room ".+님의 방"/);
    expect(stdout).toMatch(/after 40 voice events the post shows 4\/5 participants; it was edited [12] time\(s\)/);
    expect(stdout).toContain('→ post locked, closing message: "연동된 음성 채널이 삭제되어 마감되었습니다."');
    expect(stdout).toContain('In the store: closed, because room-deleted');
    expect(stdout).toMatch(/\/job list \(en\) → "• <#\d+> 랭크 같이 하실 분 \(골드 이상\) \(4\/5\)"/);
    expect(stdout).toMatch(/\/healthz → 200 \{"ok":true,"gateway":"ready","store":"ok"/);
    expect(stdout).toContain('guildkit_gateway_events_total{type="voice_state"} 3340'); // the job board's 40 and 300 leaves included
    expect(stdout).toContain("Verified: the store's total matches the raw sessions");
    expect(stdout).toMatch(/Bot stopped cleanly, fake Discord closed/);
  }, 60_000);
});
