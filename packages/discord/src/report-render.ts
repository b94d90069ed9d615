import { type ActivityReport, formatDuration, type ReportEntry, reportToText } from '@guildkit/core';
import { Resvg } from '@resvg/resvg-js';
import { type APIEmbed, EmbedBuilder } from 'discord.js';
import type { GuildkitLocale } from './locale.ts';
import { reportStrings } from './report-strings.ts';

/** The name of the chart attached to a report message. */
const CHART_FILE = 'report.png';

/**
 * Options of {@link reportChartPng}.
 *
 * @example A Korean font that is not installed system-wide
 * ```ts
 * const options: ReportChartOptions = { fontFiles: ['./fonts/NanumGothic.ttf'] };
 * ```
 */
export interface ReportChartOptions {
  /** Font files to draw with, besides the system's fonts; Korean names need a Korean font. */
  readonly fontFiles?: readonly string[];
}

/**
 * A report's Discord message: an embed with the period, the members counted and active, the total
 * and average time, the change against the period before, the top ten and the least active five
 * (as mentions, which in an embed never ping), and the chart of the top members as a PNG.
 *
 * @example Posting a report in a channel
 * ```ts
 * import { reportMessage } from '@guildkit/discord';
 *
 * await channel.send(reportMessage(report, 'ko'));
 * ```
 */
export function reportMessage(
  report: ActivityReport,
  locale: GuildkitLocale,
  options: ReportChartOptions = {},
): {
  embeds: APIEmbed[];
  files: { attachment: Buffer; name: string }[];
  allowedMentions: { parse: [] };
} {
  const withChart = report.top.length > 0;
  const embed = reportEmbed(report, locale);
  return {
    embeds: [withChart ? { ...embed, image: { url: `attachment://${CHART_FILE}` } } : embed],
    files: withChart ? [{ attachment: reportChartPng(report, locale, options), name: CHART_FILE }] : [],
    allowedMentions: { parse: [] },
  };
}

/**
 * A report as a Discord embed, in Korean or English.
 *
 * @example
 * ```ts
 * const embed = reportEmbed(report, 'en');
 * ```
 */
export function reportEmbed(report: ActivityReport, locale: GuildkitLocale): APIEmbed {
  const text = reportStrings[locale];
  const lines = (entries: readonly ReportEntry[]) =>
    entries.length === 0
      ? text.none
      : entries.map((entry, i) => `${i + 1}. <@${entry.userId}> — ${formatDuration(entry.ms, locale)}`).join('\n');
  // The plain text's first lines are the title and the summary; the embed shows them as such.
  const [title = '', ...summary] = reportToText(report, locale).split('\n').slice(0, 4);
  return new EmbedBuilder()
    .setColor(0x5865f2)
    .setTitle(title)
    .setDescription(summary.join('\n'))
    .addFields(
      { name: text.top, value: lines(report.top).slice(0, 1024) },
      { name: text.least, value: lines(report.leastActive).slice(0, 1024) },
      { name: text.inactive, value: String(report.inactive.length), inline: true },
    )
    .toJSON();
}

/**
 * The bar chart of a report's top members, as SVG text.
 *
 * @example
 * ```ts
 * await writeFile('top.svg', reportChartSvg(report, 'ko'));
 * ```
 */
export function reportChartSvg(report: ActivityReport, locale: GuildkitLocale): string {
  const width = 800;
  const row = 36;
  const top = 56;
  const label = 220;
  const most = Math.max(1, ...report.top.map((entry) => entry.ms));
  const height = top + row * Math.max(1, report.top.length) + 24;
  const bars = report.top.map((entry, i) => {
    const y = top + i * row;
    const length = Math.max(2, Math.round(((width - label - 140) * entry.ms) / most));
    return [
      `<text x="${label - 12}" y="${y + 23}" text-anchor="end" font-size="16">${xmlText(clip(entry.displayName, 22))}</text>`,
      `<rect x="${label}" y="${y + 6}" width="${length}" height="${row - 12}" rx="4" fill="#5865f2"/>`,
      `<text x="${label + length + 8}" y="${y + 23}" font-size="15" fill="#4e5058">${xmlText(formatDuration(entry.ms, locale))}</text>`,
    ].join('');
  });
  const title = reportToText(report, locale).split('\n')[0] ?? '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"`,
    ` font-family="NanumGothic, 'Noto Sans CJK KR', 'Noto Sans KR', 'DejaVu Sans', sans-serif" fill="#2e3338">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="24" y="36" font-size="20" font-weight="bold">${xmlText(title)}</text>`,
    ...bars,
    '</svg>',
  ].join('');
}

/**
 * The bar chart of a report's top members, as PNG bytes (rendered with resvg: no browser, no
 * native build).
 *
 * @example
 * ```ts
 * await writeFile('top.png', reportChartPng(report, 'ko'));
 * ```
 */
export function reportChartPng(
  report: ActivityReport,
  locale: GuildkitLocale,
  options: ReportChartOptions = {},
): Buffer {
  const resvg = new Resvg(reportChartSvg(report, locale), {
    font: { loadSystemFonts: true, fontFiles: [...(options.fontFiles ?? [])], defaultFontFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}

function clip(value: string, length: number): string {
  const characters = [...value];
  return characters.length <= length ? value : `${characters.slice(0, length - 1).join('')}…`;
}

function xmlText(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}
