import { describe, expect, it } from 'vitest';
import {
  type ActivityReport,
  MemoryStore,
  previousRange,
  ReportGenerator,
  type ReportMember,
  reportRange,
  reportToCsv,
  reportToText,
} from '../src/index.ts';

const guildId = '1100000000000000001';
const member = (n: number, displayName: string, extra: Partial<ReportMember> = {}): ReportMember => ({
  id: String(1_200_000_000_000_000_000n + BigInt(n)),
  displayName,
  roleIds: [],
  bot: false,
  ...extra,
});

describe('report periods', () => {
  it('finds the day, week and month around a day, or the last complete one', () => {
    expect(reportRange('daily', '2026-11-26', 'current')).toEqual({
      kind: 'daily',
      startDay: '2026-11-26',
      endDay: '2026-11-27',
    });
    expect(reportRange('daily', '2026-11-26', 'last-complete')).toMatchObject({
      startDay: '2026-11-25',
      endDay: '2026-11-26',
    });
    expect(reportRange('weekly', '2026-11-29', 'current')).toMatchObject({
      startDay: '2026-11-23',
      endDay: '2026-11-30',
    });
    expect(reportRange('weekly', '2026-11-30', 'last-complete')).toMatchObject({
      startDay: '2026-11-23',
      endDay: '2026-11-30',
    });
    expect(reportRange('weekly', '2026-11-29', 'current', 0)).toMatchObject({
      startDay: '2026-11-29',
      endDay: '2026-12-06',
    });
    expect(reportRange('monthly', '2026-12-01', 'last-complete')).toMatchObject({
      startDay: '2026-11-01',
      endDay: '2026-12-01',
    });
    expect(reportRange('monthly', '2027-01-15', 'last-complete')).toMatchObject({
      startDay: '2026-12-01',
      endDay: '2027-01-01',
    });
    expect(reportRange({ from: '2026-11-01', to: '2026-11-15' }, '2026-12-01', 'current')).toEqual({
      kind: 'custom',
      startDay: '2026-11-01',
      endDay: '2026-11-16',
    });
  });

  it('compares with the period before: the month before, or as many days before', () => {
    expect(previousRange({ kind: 'monthly', startDay: '2026-03-01', endDay: '2026-04-01' })).toEqual({
      kind: 'monthly',
      startDay: '2026-02-01',
      endDay: '2026-03-01',
    });
    expect(previousRange({ kind: 'custom', startDay: '2026-11-01', endDay: '2026-11-16' })).toMatchObject({
      startDay: '2026-10-17',
      endDay: '2026-11-01',
    });
  });

  it('refuses periods it cannot cover, naming them', () => {
    expect(() => reportRange({ from: '2026-11-15', to: '2026-11-01' }, '2026-12-01', 'current')).toThrow(
      /^period must be/,
    );
    expect(() => reportRange('yearly' as never, '2026-12-01', 'current')).toThrow(/'daily', 'weekly', 'monthly'/);
    expect(() => reportRange({ from: '2026-11-01', to: 'soon' }, '2026-12-01', 'current')).toThrow(/period.to/);
  });
});

describe('ReportGenerator', () => {
  it('counts members who are not bots, with the role, and orders ties by id', async () => {
    const store = new MemoryStore();
    const members = [
      member(3, '하늘'),
      member(2, 'Alex', { roleIds: ['1300000000000000001'] }),
      member(1, '민지'),
      member(9, 'bot', { bot: true }),
    ];
    await store.addActivity([
      { guildId, userId: members[0]?.id as string, day: '2026-11-25', ms: 3_600_000 },
      { guildId, userId: members[1]?.id as string, day: '2026-11-25', ms: 3_600_000 },
      { guildId, userId: members[3]?.id as string, day: '2026-11-25', ms: 9_000_000 },
      { guildId, userId: members[2]?.id as string, day: '2026-11-24', ms: 600_000 }, // the week before
    ]);
    const reports = new ReportGenerator({
      read: (query) => store.readActivityTotals(query),
      now: () => Date.parse('2026-11-25T12:00:00Z'),
    });
    const report = await reports.generate({ guildId, period: 'daily', members });
    expect(report).toMatchObject({
      membersCounted: 3,
      activeMembers: 2,
      totalMs: 7_200_000,
      averageMs: 3_600_000,
      top: [{ displayName: 'Alex' }, { displayName: '하늘' }],
      leastActive: [{ displayName: '하늘' }, { displayName: 'Alex' }],
      inactive: [{ displayName: '민지', ms: 0, messages: 0 }],
      previous: { activeMembers: 1, totalMs: 600_000 },
    });
    const withRole = await reports.generate({ guildId, period: 'daily', members, roleId: '1300000000000000001' });
    expect(withRole).toMatchObject({
      membersCounted: 1,
      activeMembers: 1,
      activeShare: 1,
      previous: { activeMembers: 0 },
    });
    const nobody = await reports.generate({ guildId, period: 'daily', members: [] });
    expect(nobody).toMatchObject({ membersCounted: 0, activeShare: 0, averageMs: 0, top: [] });
  });

  it('refuses malformed requests and options, naming them', async () => {
    const reports = new ReportGenerator({ read: async () => [] });
    await expect(reports.generate({ guildId, period: 'daily', members: [{ id: '1' } as never] })).rejects.toThrow(
      /^members\[0\]/,
    );
    await expect(reports.generate({ guildId, period: 'daily', members: [], roleId: 'mods' })).rejects.toThrow(
      /^roleId/,
    );
    await expect(reports.generate({ guildId: 'x', period: 'daily', members: [] })).rejects.toThrow(/^guildId/);
    expect(() => new ReportGenerator({} as never)).toThrow(/ReportGeneratorOptions.read/);
    expect(() => new ReportGenerator({ read: async () => [], weekStartsOn: 7 })).toThrow(/weekStartsOn/);
    expect(() => new ReportGenerator({ read: async () => [], timeZone: 'Mars/Base' })).toThrow(/Mars\/Base/);
  });
});

describe('report renderings', () => {
  const report: ActivityReport = {
    guildId,
    range: { kind: 'weekly', startDay: '2026-11-23', endDay: '2026-11-30' },
    previousRange: { kind: 'weekly', startDay: '2026-11-16', endDay: '2026-11-23' },
    roleId: null,
    membersCounted: 4,
    activeMembers: 2,
    activeShare: 0.5,
    totalMs: 16_200_000,
    totalMessages: 0,
    averageMs: 8_100_000,
    top: [
      { userId: '1200000000000000001', displayName: '민지', ms: 12_300_000, messages: 0 },
      { userId: '1200000000000000002', displayName: '=HYPERLINK("x")', ms: 3_900_000, messages: 0 },
    ],
    leastActive: [
      { userId: '1200000000000000002', displayName: '=HYPERLINK("x")', ms: 3_900_000, messages: 0 },
      { userId: '1200000000000000001', displayName: '민지', ms: 12_300_000, messages: 0 },
    ],
    active: [
      { userId: '1200000000000000001', displayName: '민지', ms: 12_300_000, messages: 0 },
      { userId: '1200000000000000002', displayName: '=HYPERLINK("x")', ms: 3_900_000, messages: 0 },
    ],
    inactive: [
      { userId: '1200000000000000003', displayName: 'Alex, Jr.', ms: 0, messages: 0 },
      { userId: '1200000000000000004', displayName: 'Sam', ms: 0, messages: 0 },
    ],
    previous: { activeMembers: 1, totalMs: 8_100_000, totalMessages: 0, averageMs: 8_100_000 },
  };

  it('writes plain text in Korean and English', () => {
    expect(reportToText(report, 'ko')).toBe(
      [
        '주간 활동 보고서 (2026-11-23 ~ 2026-11-29)',
        '활동 멤버: 2/4명 (50%)',
        '총 활동 시간: 4시간 30분 · 활동 멤버 평균: 2시간 15분',
        '지난 기간 대비: 총 시간 +100%, 활동 멤버 +1',
        '가장 활발한 멤버:',
        '  1. 민지 — 3시간 25분',
        '  2. =HYPERLINK("x") — 1시간 5분',
        '활동이 적은 멤버:',
        '  1. =HYPERLINK("x") — 1시간 5분',
        '  2. 민지 — 3시간 25분',
        '활동 없음: 2명',
      ].join('\n'),
    );
    expect(reportToText(report, 'en').split('\n').slice(0, 4)).toEqual([
      'Weekly activity report (2026-11-23 to 2026-11-29)',
      'Active members: 2 of 4 (50%)',
      'Total time: 4h 30m · average per active member: 2h 15m',
      'Against the period before: total time +100%, active members +1',
    ]);
  });

  it('writes CSV with every counted member, quoted where needed and never a formula', () => {
    expect(reportToCsv(report)).toBe(
      [
        'rank,user_id,display_name,ms,hours,messages',
        '1,1200000000000000001,민지,12300000,3.42,0',
        `2,1200000000000000002,"'=HYPERLINK(""x"")",3900000,1.08,0`,
        ',1200000000000000003,"Alex, Jr.",0,0.00,0',
        ',1200000000000000004,Sam,0,0.00,0',
        '',
      ].join('\r\n'),
    );
  });
});
