import { type CoreStrings, coreStringsFor, type GuildkitLocale } from '../i18n/core-strings.ts';
import type { ActivityReport, ReportEntry } from './report-generator.ts';

/**
 * A duration as guildkit shows it: whole hours and minutes, `3시간 25분` in Korean and `3h 25m`
 * in English; under an hour, minutes only.
 *
 * @param ms - milliseconds, rounded down to the minute
 * @param locale - a built-in language (`'en'`, `'ko'`; others fall back to English) or a catalogue of {@link CoreStrings}
 *
 * @example
 * ```ts
 * import { formatDuration } from '@guildkit/core';
 *
 * formatDuration(12_300_000, 'ko'); // '3시간 25분'
 * formatDuration(12_300_000, 'en'); // '3h 25m'
 * ```
 */
export function formatDuration(ms: number, locale: GuildkitLocale | CoreStrings = 'en'): string {
  const totalMinutes = Math.max(0, Math.floor(ms / 60_000));
  return coreStringsFor(locale).duration(Math.floor(totalMinutes / 60), totalMinutes % 60);
}

/** @internal A change as `+12%` / `-3%`, or `+5` for counts; "new" when there was nothing before. */
export function formatChange(now: number, before: number, strings: CoreStrings, asCount = false): string {
  if (asCount) return `${now - before >= 0 ? '+' : ''}${now - before}`;
  if (before === 0) return now === 0 ? '0%' : strings.reportText.fresh;
  const percent = Math.round(((now - before) / before) * 100);
  return `${percent >= 0 ? '+' : ''}${percent}%`;
}

/** @internal The period's first and last day, as a reader says it. */
export function periodLabel(report: ActivityReport, strings: CoreStrings): string {
  const last = new Date(Date.parse(`${report.range.endDay}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return strings.reportText.period(report.range.startDay, last);
}

/**
 * A report as plain text, for logs, e-mail or a chat without embeds.
 *
 * @param locale - a built-in language (`'en'`, `'ko'`; others fall back to English) or a catalogue of {@link CoreStrings}
 *
 * @example
 * ```ts
 * import { reportToText } from '@guildkit/core';
 *
 * console.log(reportToText(report, 'en'));
 * ```
 */
export function reportToText(report: ActivityReport, locale: GuildkitLocale | CoreStrings = 'en'): string {
  const strings = coreStringsFor(locale);
  const text = strings.reportText;
  const line = (entry: ReportEntry, index: number) =>
    `${index + 1}. ${entry.displayName} — ${formatDuration(entry.ms, strings)}`;
  const list = (entries: readonly ReportEntry[]) =>
    entries.length === 0 ? [`  ${text.none}`] : entries.map((entry, i) => `  ${line(entry, i)}`);
  return [
    `${text.title[report.range.kind]} (${periodLabel(report, strings)})`,
    text.members(report.activeMembers, report.membersCounted, `${Math.round(report.activeShare * 100)}%`),
    text.total(formatDuration(report.totalMs, strings), formatDuration(report.averageMs, strings)),
    text.change(
      formatChange(report.totalMs, report.previous.totalMs, strings),
      formatChange(report.activeMembers, report.previous.activeMembers, strings, true),
    ),
    ...(report.totalMessages > 0 ? [text.messages(report.totalMessages)] : []),
    `${text.top}:`,
    ...list(report.top),
    `${text.least}:`,
    ...list(report.leastActive),
    text.inactive(report.inactive.length),
    ...(report.channels === undefined || report.channels.length === 0
      ? []
      : [
          `${text.channels}:`,
          ...report.channels.map(
            (channel, i) => `  ${i + 1}. #${channel.channelId} — ${formatDuration(channel.ms, strings)}`,
          ),
        ]),
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
  return toCsv([
    ['rank', 'user_id', 'display_name', 'ms', 'hours', 'messages'],
    ...report.active.map((entry, index) => [
      String(index + 1),
      entry.userId,
      entry.displayName,
      String(entry.ms),
      hours(entry.ms),
      String(entry.messages),
    ]),
    ...report.inactive.map((entry) => ['', entry.userId, entry.displayName, '0', '0.00', '0']),
  ]);
}

/**
 * Rows as CSV (RFC 4180, CRLF line ends). A cell that a spreadsheet would run as a formula (it
 * starts with `=`, `+`, `-`, `@`, a tab or a carriage return) is prefixed with `'`.
 *
 * @param rows - the header row first, then the rows; numbers are written as they are
 *
 * @example
 * ```ts
 * import { toCsv } from '@guildkit/core';
 *
 * toCsv([['day', 'ms'], ['2026-11-25', 60_000]]); // 'day,ms\r\n2026-11-25,60000\r\n'
 * ```
 */
export function toCsv(rows: readonly (readonly (string | number)[])[]): string {
  return `${rows.map((row) => row.map((cell) => (typeof cell === 'number' ? String(cell) : csvCell(cell))).join(',')).join('\r\n')}\r\n`;
}

function hours(ms: number): string {
  return (ms / 3_600_000).toFixed(2);
}

function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
