import {
  type ActivityReport,
  formatDuration,
  type GuildkitLocale,
  type ReportEntry,
  reportToText,
} from '@guildkit/core';
import { type APIEmbed, EmbedBuilder } from 'discord.js';
import type { GuildkitStrings } from './i18n/guildkit-strings.ts';
import { stringsFor } from './i18n/translations.ts';

/** The name of the chart attached to a report message. */
const CHART_FILE = 'report.png';

/**
 * Draws a report's chart as PNG bytes, in a language: what `@guildkit/discord/chart`'s
 * `reportChart()` returns. Charts are optional, so that bots that draw none never load the
 * renderer's native module.
 *
 * @example Passing the renderer to a report message
 * ```ts
 * import { reportChart } from '@guildkit/discord/chart';
 *
 * const chart: ReportChart = reportChart();
 * await channel.send(reportMessage(report, 'en', { chart }));
 * ```
 */
export type ReportChart = (report: ActivityReport, strings: GuildkitStrings) => Uint8Array;

/**
 * Options of {@link reportMessage}.
 *
 * @example With a chart
 * ```ts
 * import { reportChart } from '@guildkit/discord/chart';
 *
 * const options: ReportMessageOptions = { chart: reportChart() };
 * ```
 */
export interface ReportMessageOptions {
  /** Draws the chart attached to the message. @defaultValue none: the message has no chart */
  readonly chart?: ReportChart | undefined;
  /**
   * Told when the chart cannot be drawn (its renderer failed to load or to draw): the message then
   * goes without it, so that a report is never lost to its picture. @defaultValue the error is thrown
   */
  readonly chartFailed?: ((error: unknown) => void) | undefined;
}

/**
 * A report's Discord message: an embed with the period, the members counted and active, the total
 * and average time, the change against the period before, the top ten and the least active five
 * (as mentions, which in an embed never ping), and, with a `chart` renderer, the chart of the top
 * members as a PNG.
 *
 * @param locale - a built-in language (`'en'`, `'ko'`) or the strings of any, from {@link Translations.strings}
 *
 * @example Posting a report in a channel
 * ```ts
 * import { reportMessage } from '@guildkit/discord';
 *
 * await channel.send(reportMessage(report, 'en'));
 * ```
 */
export function reportMessage(
  report: ActivityReport,
  locale: GuildkitLocale | GuildkitStrings,
  options: ReportMessageOptions = {},
): {
  embeds: APIEmbed[];
  files: { attachment: Buffer; name: string }[];
  allowedMentions: { parse: [] };
} {
  const strings = stringsFor(locale);
  const withChart = report.top.length > 0 && options.chart !== undefined;
  const embed = reportEmbed(report, strings);
  let png: Uint8Array | undefined;
  try {
    png = withChart ? options.chart?.(report, strings) : undefined;
  } catch (error) {
    if (options.chartFailed === undefined) throw error;
    options.chartFailed(error);
  }
  return {
    embeds: [png === undefined ? embed : { ...embed, image: { url: `attachment://${CHART_FILE}` } }],
    files:
      png === undefined
        ? []
        : [{ attachment: Buffer.from(png.buffer, png.byteOffset, png.byteLength), name: CHART_FILE }],
    allowedMentions: { parse: [] },
  };
}

/**
 * A report as a Discord embed.
 *
 * @param locale - a built-in language (`'en'`, `'ko'`) or the strings of any, from {@link Translations.strings}
 *
 * @example
 * ```ts
 * const embed = reportEmbed(report, 'en');
 * ```
 */
export function reportEmbed(report: ActivityReport, locale: GuildkitLocale | GuildkitStrings): APIEmbed {
  const strings = stringsFor(locale);
  const text = strings.reportEmbed;
  const lines = (entries: readonly ReportEntry[]) =>
    entries.length === 0
      ? text.none
      : entries.map((entry, i) => `${i + 1}. <@${entry.userId}> — ${formatDuration(entry.ms, strings)}`).join('\n');
  // The plain text's first lines are the title and the summary; the embed shows them as such.
  const [title = '', ...summary] = reportToText(report, strings).split('\n').slice(0, 4);
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
 * await writeFile('top.svg', reportChartSvg(report, 'en'));
 * ```
 */
export function reportChartSvg(report: ActivityReport, locale: GuildkitLocale | GuildkitStrings): string {
  const strings = stringsFor(locale);
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
      `<text x="${label + length + 8}" y="${y + 23}" font-size="15" fill="#4e5058">${xmlText(formatDuration(entry.ms, strings))}</text>`,
    ].join('');
  });
  const title = reportToText(report, strings).split('\n')[0] ?? '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"`,
    ` font-family="NanumGothic, 'Noto Sans CJK KR', 'Noto Sans KR', 'DejaVu Sans', sans-serif" fill="#2e3338">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="24" y="36" font-size="20" font-weight="bold">${xmlText(title)}</text>`,
    ...bars,
    '</svg>',
  ].join('');
}

function clip(value: string, length: number): string {
  const characters = [...value];
  return characters.length <= length ? value : `${characters.slice(0, length - 1).join('')}…`;
}

function xmlText(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
}
