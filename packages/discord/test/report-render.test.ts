import type { ActivityReport } from '@guildkit/core';
import { describe, expect, it } from 'vitest';
import { reportChart, reportChartPng } from '../src/chart.ts';
import { reportChartSvg, reportEmbed, reportMessage } from '../src/index.ts';

const entry = (n: number, displayName: string, ms: number) => ({
  userId: `120000000000000000${n}`,
  displayName,
  ms,
  messages: 0,
});
const report: ActivityReport = {
  guildId: '1100000000000000001',
  range: { kind: 'weekly', startDay: '2026-11-23', endDay: '2026-11-30' },
  previousRange: { kind: 'weekly', startDay: '2026-11-16', endDay: '2026-11-23' },
  roleId: null,
  membersCounted: 4,
  activeMembers: 3,
  activeShare: 0.75,
  totalMs: 30_000_000,
  totalMessages: 0,
  averageMs: 10_000_000,
  top: [entry(1, '민지 <script>&', 20_000_000), entry(2, 'Alex', 7_000_000), entry(3, 'Sam', 3_000_000)],
  leastActive: [entry(3, 'Sam', 3_000_000), entry(2, 'Alex', 7_000_000), entry(1, '민지 <script>&', 20_000_000)],
  active: [],
  inactive: [entry(4, 'Yuna', 0)],
  previous: { activeMembers: 2, totalMs: 20_000_000, totalMessages: 0, averageMs: 10_000_000 },
};

describe('report rendering for Discord', () => {
  it('makes an embed in Korean and English, with mentions that never ping', () => {
    const ko = reportEmbed(report, 'ko');
    expect(ko.title).toBe('주간 활동 보고서 (2026-11-23 ~ 2026-11-29)');
    expect(ko.description).toBe(
      '활동 멤버: 3/4명 (75%)\n총 활동 시간: 8시간 20분 · 활동 멤버 평균: 2시간 46분\n지난 기간 대비: 총 시간 +50%, 활동 멤버 +1',
    );
    expect(ko.fields).toEqual([
      {
        name: '가장 활발한 멤버 (상위 10명)',
        value:
          '1. <@1200000000000000001> — 5시간 33분\n2. <@1200000000000000002> — 1시간 56분\n3. <@1200000000000000003> — 50분',
      },
      {
        name: '활동이 적은 멤버 (5명)',
        value:
          '1. <@1200000000000000003> — 50분\n2. <@1200000000000000002> — 1시간 56분\n3. <@1200000000000000001> — 5시간 33분',
      },
      { name: '활동 없는 멤버', value: '1', inline: true },
    ]);
    expect(reportEmbed(report, 'en').fields?.[0]?.name).toBe('Most active (top 10)');
    expect(reportMessage(report, 'en').files).toEqual([]); // no chart renderer: no chart
    const message = reportMessage(report, 'en', { chart: reportChart() });
    expect(message.allowedMentions).toEqual({ parse: [] });
    expect(message.embeds[0]?.image).toEqual({ url: 'attachment://report.png' });
    expect(message.files.map((file) => file.name)).toEqual(['report.png']);
  });

  it('draws the top members as a PNG, names escaped, and attaches none when nobody was active', () => {
    const svg = reportChartSvg(report, 'ko');
    expect(svg).toContain('민지 &lt;script&gt;&amp;');
    expect(svg.match(/<rect x="220"/g)).toHaveLength(3);
    const png = reportChartPng(report, 'ko');
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.readUInt32BE(16)).toBe(800); // width, from the IHDR chunk
    const quiet = reportMessage({ ...report, top: [], leastActive: [], activeMembers: 0 }, 'ko', {
      chart: reportChart(),
    });
    expect(quiet.files).toEqual([]);
    expect(quiet.embeds[0]?.image).toBeUndefined();
  });

  it('sends the report without its chart when the chart cannot be drawn, and says why', () => {
    const broken = () => {
      throw new Error('resvg: no binary for this platform');
    };
    const failures: unknown[] = [];
    const message = reportMessage(report, 'en', { chart: broken, chartFailed: (error) => failures.push(error) });
    expect(message.files).toEqual([]);
    expect(message.embeds[0]?.image).toBeUndefined();
    expect(message.embeds[0]?.fields?.[0]?.name).toBe('Most active (top 10)');
    expect(failures).toEqual([new Error('resvg: no binary for this platform')]);
    expect(() => reportMessage(report, 'en', { chart: broken })).toThrow('no binary for this platform');
  });
});
