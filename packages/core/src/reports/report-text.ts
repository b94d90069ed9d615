import type { ActivityReport, ReportEntry } from './report-generator.ts';

/**
 * The languages core's renderings come in.
 *
 * @example
 * ```ts
 * const locale: ReportLocale = 'en';
 * ```
 */
export type ReportLocale = 'ko' | 'en';

// Every user-facing string of core's report renderings, Korean and English.
const strings = {
  ko: {
    duration: (hours: number, minutes: number) => (hours > 0 ? `${hours}시간 ${minutes}분` : `${minutes}분`),
    title: {
      daily: '일간 활동 보고서',
      weekly: '주간 활동 보고서',
      monthly: '월간 활동 보고서',
      custom: '활동 보고서',
    },
    period: (start: string, last: string) => (start === last ? start : `${start} ~ ${last}`),
    members: (active: number, counted: number, share: string) => `활동 멤버: ${active}/${counted}명 (${share})`,
    total: (total: string, average: string) => `총 활동 시간: ${total} · 활동 멤버 평균: ${average}`,
    change: (total: string, active: string) => `지난 기간 대비: 총 시간 ${total}, 활동 멤버 ${active}`,
    top: '가장 활발한 멤버',
    least: '활동이 적은 멤버',
    inactive: (count: number) => `활동 없음: ${count}명`,
    none: '없음',
    fresh: '새 기록',
  },
  en: {
    duration: (hours: number, minutes: number) => (hours > 0 ? `${hours}h ${minutes}m` : `${minutes}m`),
    title: {
      daily: 'Daily activity report',
      weekly: 'Weekly activity report',
      monthly: 'Monthly activity report',
      custom: 'Activity report',
    },
    period: (start: string, last: string) => (start === last ? start : `${start} to ${last}`),
    members: (active: number, counted: number, share: string) => `Active members: ${active} of ${counted} (${share})`,
    total: (total: string, average: string) => `Total time: ${total} · average per active member: ${average}`,
    change: (total: string, active: string) =>
      `Against the period before: total time ${total}, active members ${active}`,
    top: 'Most active',
    least: 'Least active',
    inactive: (count: number) => `No activity: ${count}`,
    none: 'none',
    fresh: 'new',
  },
} as const;

/**
 * A duration as guildkit shows it: whole hours and minutes, `3시간 25분` in Korean and `3h 25m`
 * in English; under an hour, minutes only.
 *
 * @param ms - milliseconds, rounded down to the minute
 * @param locale - the language
 *
 * @example
 * ```ts
 * import { formatDuration } from '@guildkit/core';
 *
 * formatDuration(12_300_000, 'ko'); // '3시간 25분'
 * formatDuration(12_300_000, 'en'); // '3h 25m'
 * ```
 */
export function formatDuration(ms: number, locale: ReportLocale): string {
  const totalMinutes = Math.max(0, Math.floor(ms / 60_000));
  return strings[locale].duration(Math.floor(totalMinutes / 60), totalMinutes % 60);
}

/** @internal A change as `+12%` / `-3%`, or `+5` for counts; "new" when there was nothing before. */
export function formatChange(now: number, before: number, locale: ReportLocale, asCount = false): string {
  if (asCount) return `${now - before >= 0 ? '+' : ''}${now - before}`;
  if (before === 0) return now === 0 ? '0%' : strings[locale].fresh;
  const percent = Math.round(((now - before) / before) * 100);
  return `${percent >= 0 ? '+' : ''}${percent}%`;
}

/** @internal The period's first and last day, as a reader says it. */
export function periodLabel(report: ActivityReport, locale: ReportLocale): string {
  const last = new Date(Date.parse(`${report.range.endDay}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return strings[locale].period(report.range.startDay, last);
}

/**
 * A report as plain text, for logs, e-mail or a chat without embeds.
 *
 * @example
 * ```ts
 * import { reportToText } from '@guildkit/core';
 *
 * console.log(reportToText(report, 'en'));
 * ```
 */
export function reportToText(report: ActivityReport, locale: ReportLocale = 'ko'): string {
  const text = strings[locale];
  const line = (entry: ReportEntry, index: number) =>
    `${index + 1}. ${entry.displayName} — ${formatDuration(entry.ms, locale)}`;
  const list = (entries: readonly ReportEntry[]) =>
    entries.length === 0 ? [`  ${text.none}`] : entries.map((entry, i) => `  ${line(entry, i)}`);
  return [
    `${text.title[report.range.kind]} (${periodLabel(report, locale)})`,
    text.members(report.activeMembers, report.membersCounted, `${Math.round(report.activeShare * 100)}%`),
    text.total(formatDuration(report.totalMs, locale), formatDuration(report.averageMs, locale)),
    text.change(
      formatChange(report.totalMs, report.previous.totalMs, locale),
      formatChange(report.activeMembers, report.previous.activeMembers, locale, true),
    ),
    `${text.top}:`,
    ...list(report.top),
    `${text.least}:`,
    ...list(report.leastActive),
    text.inactive(report.inactive.length),
  ].join('\n');
}

/**
 * A report as CSV (RFC 4180): one row per counted member, the active ones by rank, then those with
 * no time. Cells that a spreadsheet would run as a formula are prefixed with `'`.
 *
 * @example
 * ```ts
 * import { reportToCsv } from '@guildkit/core';
 *
 * await writeFile('weekly.csv', reportToCsv(report));
 * ```
 */
export function reportToCsv(report: ActivityReport): string {
  const rows = [
    ['rank', 'user_id', 'display_name', 'ms', 'hours'],
    ...report.active.map((entry, index) => [
      String(index + 1),
      entry.userId,
      entry.displayName,
      String(entry.ms),
      hours(entry.ms),
    ]),
    ...report.inactive.map((entry) => ['', entry.userId, entry.displayName, '0', '0.00']),
  ];
  return `${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

function hours(ms: number): string {
  return (ms / 3_600_000).toFixed(2);
}

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
